package org.cpumodel.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.cpumodel.uapi.KvmRegId;

/**
 * The register knowledge base, loaded from the declarative source {@code registers.sysreg}
 * (format: see the header comment of that file and {@link KnowledgeBaseParser}).
 */
public final class KnowledgeBase {

    /** Classpath location of the bundled source. */
    public static final String RESOURCE = "/org/cpumodel/kb/registers.sysreg";

    private final List<Register> registers;
    private final Map<String, Register> byName;
    /** Keyed by {@link Encoding#sysregInstr()}, which is unique per encoding. */
    private final Map<Integer, Register> byEncoding;
    /** Null when the source does not describe all 192 encodings of the feature-ID range. */
    private final List<Register> featureIdRange;

    private KnowledgeBase(List<Register> registers) {
        this.registers = List.copyOf(registers);
        Map<String, Register> names = new HashMap<>();
        Map<Integer, Register> encodings = new HashMap<>();
        for (Register r : this.registers) {
            names.put(r.name().toLowerCase(Locale.ROOT), r);
            encodings.put(r.encoding().sysregInstr(), r);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.byEncoding = Collections.unmodifiableMap(encodings);
        Register[] range = new Register[KvmRegId.FEATURE_ID_RANGE_SIZE];
        boolean complete = true;
        for (int i = 0; i < range.length; i++) {
            range[i] = encodings.get(Encoding.fromFeatureIdRangeIndex(i).sysregInstr());
            complete &= range[i] != null;
        }
        this.featureIdRange = complete ? List.of(range) : null;
    }

    private static final class Bundled {
        static final KnowledgeBase INSTANCE = readBundled();
    }

    private static KnowledgeBase readBundled() {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
            }
            // fields parsed on first use: the build's tests parse every one (BundledKnowledgeBaseTest)
            KnowledgeBase kb = new KnowledgeBase(KnowledgeBaseParser.parseLazily("registers.sysreg",
                    new InputStreamReader(in, StandardCharsets.UTF_8)));
            if (kb.featureIdRange == null) {
                throw new KbFormatException("registers.sysreg", 0,
                        "the bundled source must describe all " + KvmRegId.FEATURE_ID_RANGE_SIZE
                                + " encodings of the feature-ID range; missing: " + kb.missingFeatureIdEncodings());
            }
            return kb;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    /** The bundled knowledge base (parsed once, cached). */
    public static KnowledgeBase load() {
        return Bundled.INSTANCE;
    }

    /** Parses a knowledge-base source; {@code sourceName} appears in error messages with the line number. */
    public static KnowledgeBase parse(String sourceName, Reader source) {
        return new KnowledgeBase(KnowledgeBaseParser.parse(sourceName, source));
    }

    /** Every register described, in source order. */
    public List<Register> registers() {
        return registers;
    }

    /** By name (case-insensitive), generic name S3_0_C0_C4_0, or tuple 3,0,0,4,0. */
    public Optional<Register> find(String nameOrEncoding) {
        if (nameOrEncoding == null) {
            return Optional.empty();
        }
        String key = nameOrEncoding.trim();
        Register r = byName.get(key.toLowerCase(Locale.ROOT));
        if (r != null) {
            return Optional.of(r);
        }
        Encoding e = Encoding.parseOrNull(key.toUpperCase(Locale.ROOT));
        return e == null ? Optional.empty() : byEncoding(e);
    }

    public Register require(String nameOrEncoding) {
        return find(nameOrEncoding).orElseThrow(() -> new UnknownRegisterException(nameOrEncoding));
    }

    /** The knowledge-base entry of a generated field constant ({@link Sysregs}). */
    public Field field(SysregField field) {
        return require(field.register()).field(field);
    }

    public Optional<Register> byEncoding(Encoding encoding) {
        return Optional.ofNullable(byEncoding.get(encoding.sysregInstr()));
    }

    /** All 192 encodings of the feature-ID range in KVM_ARM_FEATURE_ID_RANGE_IDX order (unallocated ones included). */
    public List<Register> featureIdRange() {
        if (featureIdRange == null) {
            throw new IllegalStateException("this knowledge base does not describe the whole feature-ID range; missing: "
                    + missingFeatureIdEncodings());
        }
        return featureIdRange;
    }

    private List<String> missingFeatureIdEncodings() {
        return java.util.stream.IntStream.range(0, KvmRegId.FEATURE_ID_RANGE_SIZE)
                .mapToObj(Encoding::fromFeatureIdRangeIndex)
                .filter(e -> !byEncoding.containsKey(e.sysregInstr()))
                .map(Encoding::genericName)
                .limit(10)
                .toList();
    }
}
