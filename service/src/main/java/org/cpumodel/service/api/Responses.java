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
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode e = o.putObject("error");
        e.put("status", status);
        e.put("field", field);
        e.put("message", message);
        json(ctx, status, o);
    }
}
