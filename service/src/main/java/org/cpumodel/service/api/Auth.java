package org.cpumodel.service.api;

import io.javalin.http.Context;
import org.cpumodel.service.db.TokenStore;

/**
 * Bearer-token checks: {@code Authorization: Bearer <token>}. Writes always need a valid token; reads
 * need one when the service protects reads ({@code serve --protect-reads}). 401 when no token is
 * given, 403 when the token is not valid.
 */
public final class Auth {

    private final TokenStore tokens;
    private final boolean protectReads;

    public Auth(TokenStore tokens, boolean protectReads) {
        this.tokens = tokens;
        this.protectReads = protectReads;
    }

    public boolean protectReads() {
        return protectReads;
    }

    void check(Context ctx, Access access) {
        if (access == Access.READ && !protectReads) {
            return;
        }
        String h = ctx.header("Authorization");
        if (h == null || h.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"cpumodel\"");
            throw new ApiException(401, "Authorization", (access == Access.WRITE ? "this request changes the inventory and needs" : "reads on this service need")
                    + " the service's token: send 'Authorization: Bearer <token>' (the token 'cpumodel serve' printed on its first run)");
        }
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "Authorization", "expected 'Authorization: Bearer <token>'");
        }
        if (!tokens.valid(h.substring(7).strip())) {
            throw new ApiException(403, "Authorization", "the bearer token is not valid for this service");
        }
    }
}
