package org.cpumodel.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ProfileFormatException;

/**
 * Request bodies, bounded: a body larger than the service's limit is refused with 413 before it is
 * read whole (from Content-Length when the client sends it, else while reading); bodies must be UTF-8
 * JSON, parsed strictly (duplicate keys are errors).
 */
final class Bodies {

    private final long limit;

    Bodies(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** The body as text. */
    String text(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(declared);
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > limit) {
            throw tooLarge(-1);
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("body", "empty request body (expected a JSON document)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("body", "the request body is not UTF-8 text");
        }
    }

    /** The body as a JSON object. */
    JsonNode object(Context ctx) {
        JsonNode n = parse(text(ctx));
        if (!n.isObject()) {
            throw ApiException.badRequest("$", "expected a JSON object");
        }
        return n;
    }

    static JsonNode parse(String text) {
        try {
            return Json.readTree("request body", text);
        } catch (ProfileFormatException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
    }

    private ApiException tooLarge(long declared) {
        return new ApiException(413, "body", "request body " + (declared > 0 ? "of " + declared + " bytes " : "")
                + "exceeds the service's limit of " + limit + " bytes (serve --max-upload)");
    }
}
