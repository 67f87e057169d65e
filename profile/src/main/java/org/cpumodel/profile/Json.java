package org.cpumodel.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cpumodel.io.BoundedInput;
import org.cpumodel.io.SafeOutput;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.validation.Hex;

/**
 * Shared strict JSON helpers for every cpumodel document: one mapper, typed field access that names
 * the JSON path of a bad value, hex values written fixed-width, content hashes, atomic writes.
 */
public final class Json {

    /**
     * Writes are streamed through jackson-core's generator, which builds in a fraction of the time an
     * {@link ObjectMapper} takes: {@code collect} writes a profile without ever making the mapper.
     */
    private static final JsonFactory WRITER = new JsonFactory();

    /** The strict reading mapper, made on first use. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    /**
     * The binding mapper: documents to records with Jackson databind, strictly. Unknown properties,
     * a missing required property, null for a primitive, and any coercion of scalars (a string for a
     * number or a boolean, a float for an integer) are errors.
     */
    private static final class Binder {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .build();
    }

    /**
     * A parsed document bound to {@code type} by Jackson databind with the strict features of
     * {@link Binder}; an error names the input and the JSON path of the bad value.
     */
    public static <T> T bind(String source, JsonNode tree, Class<T> type) {
        refuseNulls(source, "$", tree, Binder.INSTANCE.constructType(type));
        try {
            return Binder.INSTANCE.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder("$");
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    path.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            String why = e instanceof UnrecognizedPropertyException u
                    ? "unknown key (allowed: " + String.join(", ", u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")"
                    : "wrong JSON type or value: " + oneLine(e.getOriginalMessage()).replaceAll(" \\(class [^)]*\\)", "")
                            .replaceAll(" \\(but could if [^)]*\\)", "").replaceAll("`[a-z.]+\\.([A-Za-z$]+)`", "$1");
            throw new ProfileFormatException(source, path.toString(), why);
        } catch (JsonProcessingException e) {
            throw new ProfileFormatException(source, "", oneLine(e.getOriginalMessage()));
        }
    }

    /**
     * Checks Jackson leaves late or cannot express, before binding: an unknown key of a record (Jackson
     * names it only after the record's missing keys), and JSON null wherever {@code type} holds it,
     * except for a record component annotated {@code @JsonSetter(nulls = Nulls.SET)} (the schema's
     * "or null"): an absent optional key stays allowed, which {@code Nulls.FAIL} cannot express.
     */
    private static void refuseNulls(String source, String path, JsonNode n, JavaType type) {
        if (n.isNull()) {
            throw new ProfileFormatException(source, path, "null is not allowed here");
        }
        Class<?> raw = type.getRawClass();
        if (raw.isRecord() && n.isObject()) {
            Set<String> keys = new TreeSet<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                // Jackson's annotations target the accessor (among others), never the record component
                JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
                String key = named != null && !named.value().isEmpty() ? named.value() : c.getName();
                keys.add(key);
                JsonNode v = n.get(key);
                JsonSetter setter = c.getAccessor().getAnnotation(JsonSetter.class);
                if (v != null && !(v.isNull() && setter != null && setter.nulls() == Nulls.SET)) {
                    refuseNulls(source, path + "." + key, v, Binder.INSTANCE.getTypeFactory().resolveMemberType(c.getGenericType(), type.getBindings()));
                }
            }
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!keys.contains(e.getKey())) {
                    // before binding: Jackson reports an unknown key of a record only after its missing ones
                    throw new ProfileFormatException(source, path + "." + e.getKey(), "unknown key (allowed: " + String.join(", ", keys) + ")");
                }
            }
        } else if (type.isMapLikeType() && n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                refuseNulls(source, path + "." + e.getKey(), e.getValue(), type.getContentType());
            }
        } else if (type.isCollectionLikeType() && n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                refuseNulls(source, path + "[" + i + "]", n.get(i), type.getContentType());
            }
        }
    }

    /** The shared strict mapper: duplicate keys and a second document are errors, writing indents. */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private Json() {
    }

    /**
     * Reads a JSON document through {@link BoundedInput} (a regular file, within the size limit,
     * strict UTF-8); a syntax error, a truncated file or a second document is a one-line error
     * naming the file.
     */
    public static JsonNode readTree(Path file) {
        return readTree(file.toString(), BoundedInput.readText(file));
    }

    public static JsonNode readTree(String source, String text) {
        if (text.isBlank()) {
            throw new ProfileFormatException(source, "", "empty file (expected a JSON document)");
        }
        try {
            JsonNode n = mapper().readTree(text);
            if (n == null || n.isMissingNode()) {
                throw new ProfileFormatException(source, "", "empty file (expected a JSON document)");
            }
            return n;
        } catch (JsonEOFException e) {
            throw new ProfileFormatException(source, "", "truncated: the JSON document ends unfinished at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + " (was it written completely?)");
        } catch (StreamConstraintsException e) {
            throw new ProfileFormatException(source, "", "refused: " + oneLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            String why = oneLine(e.getOriginalMessage());
            if (why.startsWith("Trailing token")) {
                throw new ProfileFormatException(source, "", "more than one JSON document, or junk after the document" + loc + "; a file holds one document");
            }
            throw new ProfileFormatException(source, "", "not valid JSON" + loc + " (" + why + ")");
        }
    }

    /** The first line of a parser message, without Jackson's hints about its own features. */
    private static String oneLine(String m) {
        String s = m == null ? "" : m.lines().findFirst().orElse("");
        int hint = s.indexOf(" (for ");
        return hint > 0 ? s.substring(0, hint) : s;
    }

    /** Rejects keys outside {@code allowed}; names the first unknown key with its path. */
    public static void onlyKeys(String source, String path, JsonNode node, Set<String> allowed) {
        if (!node.isObject()) {
            throw new ProfileFormatException(source, path, "expected a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String k = e.getKey();
            if (!allowed.contains(k)) {
                throw new ProfileFormatException(source, path + "." + k, "unknown key (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** The node as an object (a map of keys to values), else an error naming its path. */
    public static JsonNode object(String source, String path, JsonNode node) {
        if (!node.isObject()) {
            throw new ProfileFormatException(source, path, "expected a JSON object, found " + kind(node));
        }
        return node;
    }

    /** What a JSON node is, in the words of JSON: a string, a number, an array, ... */
    public static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "nothing";
        };
    }

    public static JsonNode required(String source, String path, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new ProfileFormatException(source, path, "missing key '" + key + "'");
        }
        return v;
    }

    public static String text(String source, String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new ProfileFormatException(source, path, "expected a string, found " + kind(node));
        }
        return node.asText();
    }

    public static long hex(String source, String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new ProfileFormatException(source, path, "expected a hex string like \"0x0000000000001122\", found " + kind(node));
        }
        try {
            return Hex.parse(node.asText());
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(source, path, e.getMessage());
        }
    }

    public static String hex(long v) {
        return Bits.hex64(v);
    }

    public static <E extends Enum<E>> E enumValue(String source, String path, JsonNode node, Class<E> type) {
        String t = text(source, path, node);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(t)) {
                return e;
            }
        }
        throw new ProfileFormatException(source, path, "unknown value '" + t + "'");
    }

    /** SHA-256 of the compact serialisation of {@code doc} without its "id" key, as "sha256:hex". */
    public static String contentHash(ObjectNode doc) {
        ObjectNode copy = doc.has("id") ? doc.deepCopy() : doc; // no copy when there is no id to leave out
        copy.remove("id");
        try {
            byte[] canonical = write(copy, false).getBytes(StandardCharsets.UTF_8);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The writers of document records, made on first use: pretty, and compact for the content hash. */
    private static final class Writers {
        static final ObjectWriter PRETTY = Mapper.INSTANCE.writer();
        static final ObjectWriter COMPACT = Mapper.INSTANCE.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * SHA-256 of the compact serialisation of a document record, as "sha256:hex": the caller passes
     * the record without its id. The same bytes as {@link #contentHash(ObjectNode)} of its tree.
     */
    public static String contentHash(Object document) {
        try {
            byte[] canonical = Writers.COMPACT.writeValueAsBytes(document);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e); // a record of strings, numbers, lists and maps always serialises
        }
    }

    /** A document record indented two spaces per level (Jackson's default pretty printer), with a final newline. */
    public static String pretty(Object document) {
        try {
            return Writers.PRETTY.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document indented two spaces per level (Jackson's default pretty printer), with a final newline. */
    public static String pretty(JsonNode node) {
        return write(node, true) + "\n";
    }

    private static String write(JsonNode node, boolean indent) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            if (indent) {
                g.useDefaultPrettyPrinter();
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * Writes a tree node by node, byte for byte as the mapper would (JsonTest checks it): a node
     * cannot serialize itself without the mapper's provider.
     */
    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        if (n.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode c : n) {
                write(g, c);
            }
            g.writeEndArray();
        } else if (n.isTextual()) {
            g.writeString(n.textValue());
        } else if (n.isBoolean()) {
            g.writeBoolean(n.booleanValue());
        } else if (n.isNull()) {
            g.writeNull();
        } else if (n.isNumber()) {
            g.writeNumber(n.numberValue().toString()); // the text the mapper writes for every numeric node
        } else {
            throw new IllegalArgumentException("cannot write a JSON node of type " + n.getNodeType());
        }
    }

    /**
     * Writes through {@link SafeOutput}: a temporary file in the target's directory, fsynced, renamed
     * over the target; a device, FIFO or directory at the target is refused. A failure is an
     * {@link org.cpumodel.io.OutputException} with one line, and the target unchanged.
     */
    public static void writeAtomically(Path target, String content) {
        SafeOutput.write(target, content);
    }
}
