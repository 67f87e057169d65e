package org.cpumodel.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.cpumodel.kb.Bits;

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

    /** Distinguishes this process's temporary files (see {@link #writeAtomically}). */
    private static final AtomicLong TEMP_SEQUENCE = new AtomicLong();

    /** The strict reading mapper, made on first use. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    /** The shared strict mapper: duplicate keys are errors, writing indents. */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    private Json() {
    }

    /** Reads a JSON document; a syntax error or truncated file becomes a one-line error naming the file. */
    public static JsonNode readTree(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProfileFormatException(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
        return readTree(file.toString(), new String(bytes, StandardCharsets.UTF_8));
    }

    public static JsonNode readTree(String source, String text) {
        if (text.isBlank()) {
            throw new ProfileFormatException(source, "", "empty file (expected a JSON document)");
        }
        try {
            return mapper().readTree(text);
        } catch (JsonProcessingException e) {
            String loc = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new ProfileFormatException(source, "", "not valid JSON" + loc + " (" + e.getOriginalMessage() + "); is the file truncated?");
        }
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

    public static JsonNode required(String source, String path, JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            throw new ProfileFormatException(source, path, "missing key '" + key + "'");
        }
        return v;
    }

    public static String text(String source, String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new ProfileFormatException(source, path, "expected a string");
        }
        return node.asText();
    }

    public static long hex(String source, String path, JsonNode node) {
        if (!node.isTextual()) {
            throw new ProfileFormatException(source, path, "expected a hex string like \"0x0000000000001122\"");
        }
        try {
            return Bits.parseHex(node.asText());
        } catch (NumberFormatException e) {
            throw new ProfileFormatException(source, path, e.getMessage() + " (expected 0x followed by 1 to 16 hex digits)");
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

    public static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.properties();
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
     * Writes through a temporary file and an atomic rename: a reader never sees half a file. The
     * temporary file is named after this process and created exclusively ({@code CREATE_NEW}), so
     * two writers never share one, without the secure random generator a temp-file API seeds first.
     */
    public static void writeAtomically(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + TEMP_SEQUENCE.incrementAndGet() + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
