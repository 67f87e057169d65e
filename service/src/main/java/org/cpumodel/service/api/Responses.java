package org.cpumodel.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Writing responses: JSON documents and the error shape. */
final class Responses {

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Responses() {
    }

    static void json(Context ctx, int status, JsonNode body) {
        String text;
        try {
            text = COMPACT.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        raw(ctx, status, "application/json", text);
    }

    static void raw(Context ctx, int status, String contentType, String body) {
        ctx.status(status);
        ctx.contentType(contentType + "; charset=utf-8");
        ctx.result(body.getBytes(StandardCharsets.UTF_8));
    }

    static void error(Context ctx, int status, String field, String message) {
        closeIfBodyUnread(ctx);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode e = o.putObject("error");
        e.put("status", status);
        e.put("field", field);
        e.put("message", message);
        json(ctx, status, o);
    }

    /** The most an error answer reads of a body nobody needs, so the connection stays usable. */
    private static final long DRAIN_LIMIT = 16L << 20;

    /**
     * An error answered before the request body was read (a refused token, an unknown path) leaves
     * the body's bytes on the connection. Closing a socket with unread bytes makes TCP send a reset,
     * which can destroy the answer before the client reads it ("header parser received no bytes").
     * So a body of bounded size is read and dropped first; only a larger or unreadable one makes the
     * server close the connection, and it says so ({@code Connection: close}).
     */
    private static void closeIfBodyUnread(Context ctx) {
        boolean unread;
        try {
            long declared = ctx.req().getContentLengthLong();
            boolean chunked = "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
            var in = ctx.req().getInputStream();
            unread = (declared > 0 || chunked) && !in.isFinished();
            if (unread && declared <= DRAIN_LIMIT) {
                byte[] buf = new byte[8192];
                long total = 0;
                int n;
                while (total <= DRAIN_LIMIT && (n = in.read(buf)) >= 0) {
                    total += n;
                }
                unread = !in.isFinished();
            }
        } catch (java.io.IOException | IllegalStateException e) {
            unread = true;
        }
        if (unread) {
            ctx.header("Connection", "close");
        }
    }
}
