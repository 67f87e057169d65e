package org.cpumodel.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Json's own tree writer produces exactly what Jackson's mapper writes, compact and indented. */
class JsonTest {

    static ObjectNode everyKindOfValue() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("format", "x");
        o.put("id", "sha256:abc");
        o.put("int", -7);
        o.put("short", (short) 3);
        o.put("long", 1L << 40);
        o.put("big", new BigInteger("123456789012345678901234567890"));
        o.put("float", 1.5f);
        o.put("double", -2.25e-7);
        o.put("decimal", new BigDecimal("3.14159"));
        o.put("true", true);
        o.putNull("null");
        o.put("text", "quote \" backslash \\ tab \t newline \n unicode é ≥ \u0001");
        o.putArray("empty");
        o.putObject("emptyObject");
        o.putArray("nested").add(1).add("two").addObject().putArray("deep").add(false);
        return o;
    }

    @Test
    void prettyIsTheMappersIndentedOutput() throws Exception {
        ObjectNode o = everyKindOfValue();
        assertThat(Json.pretty(o)).isEqualTo(Json.mapper().writeValueAsString(o) + "\n");
    }

    @Test
    void theContentHashIsSha256OfTheMappersCompactOutputWithoutTheId() throws Exception {
        ObjectNode o = everyKindOfValue();
        ObjectNode withoutId = o.deepCopy();
        withoutId.remove("id");
        byte[] compact = JsonMapper.builder().build().writeValueAsBytes(withoutId);
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(compact));
        assertThat(Json.contentHash(o)).isEqualTo(expected);
        assertThat(o.get("id").asText()).as("the caller's tree keeps its id").isEqualTo("sha256:abc");
        assertThat(Json.contentHash(withoutId)).isEqualTo(expected);
    }

    @Test
    void anAtomicWriteLeavesOnlyTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub/profile.json");
        Json.writeAtomically(target, "{}\n");
        Json.writeAtomically(target, "{\"a\":1}\n");
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("profile.json");
        }
    }
}
