package org.cpumodel.service.api;

import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Set;
import org.cpumodel.emit.EmitFormat;
import org.cpumodel.profile.FeatureSet;

/** Query parameters, each checked with an error naming it. */
final class Params {

    private Params() {
    }

    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw ApiException.badRequest(name, "query parameter '" + name + "' is required");
        }
        return v;
    }

    static String optional(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    static FeatureSet featureSet(Context ctx) {
        return featureSet("featureSet", ctx.queryParam("featureSet"));
    }

    static FeatureSet featureSet(String field, String v) {
        if (v == null || v.isBlank()) {
            return FeatureSet.DEFAULT;
        }
        try {
            return FeatureSet.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, field + ": " + e.getMessage());
        }
    }

    static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name, name + ": expected true or false, not '" + v + "'");
        };
    }

    static int integer(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) {
                throw ApiException.badRequest(name, name + ": " + i + " is out of range " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + ": expected an integer, not '" + v + "'");
        }
    }

    static EmitFormat format(Context ctx) {
        String v = required(ctx, "format");
        try {
            return EmitFormat.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("format", "format: " + e.getMessage());
        }
    }

    /** FEAT_ names, comma-separated (e.g. require=FEAT_SVE,FEAT_LSE). */
    static Set<String> features(String field, String v) {
        Set<String> out = new LinkedHashSet<>();
        if (v == null || v.isBlank()) {
            return out;
        }
        for (String s : v.split(",")) {
            String t = s.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("FEAT_[A-Za-z0-9_]+")) {
                throw ApiException.badRequest(field, field + ": '" + t + "' is not a FEAT_ name (e.g. FEAT_LSE)");
            }
            out.add(t);
        }
        return out;
    }
}
