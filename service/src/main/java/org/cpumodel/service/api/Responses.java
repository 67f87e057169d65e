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

    /**
     * An error answered before the request body was read (a refused token, an unknown path, a body
     * over the limit) leaves the body's bytes on the connection: the server then closes it, so it
     * says so, and a client must not send its next request on that connection (a client that did
     * saw "no bytes" instead of the next answer).
     */
    private static void closeIfBodyUnread(Context ctx) {
        boolean unread;
        try {
            long declared = ctx.req().getContentLengthLong();
            boolean chunked = "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
            unread = (declared > 0 || chunked) && !ctx.req().getInputStream().isFinished();
        } catch (java.io.IOException | IllegalStateException e) {
            unread = true;
        }
        if (unread) {
            ctx.header("Connection", "close");
        }
    }
}
