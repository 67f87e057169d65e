package org.cpumodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite of issue 11: a corpus of malformed and inconsistent documents, special
 * files and unwritable outputs, generated here from the committed {@code examples/fleet}, run
 * against every command that reads a document. Each case must fail cleanly: exit 2 (bad input) or
 * 3 (environment, I/O), exactly one line on stderr, no stack trace, within {@link #TIMEOUT_S}.
 * The tally is written to {@code target/hostile-inputs.txt} (docs/io.md quotes it).
 */
class HostileInputTest {

    private static final long TIMEOUT_S = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path goodProfile;
    private static Path otherProfile;
    private static Path goodModel;
    private static ObjectNode profile;
    private static ObjectNode model;
    private static ObjectNode fingerprint;
    private static ExecutorService pool;
    private static int seq;

    record Case(String name, List<String> args) {
    }

    enum Outcome { CLEAN, WRONG_SUCCESS, WRONG_CODE, HANG, TRACE, MULTI_LINE }

    @BeforeAll
    static void setUp() throws IOException {
        Path fleet = Path.of(System.getProperty("cpumodel.root", "..")).resolve("examples/fleet");
        goodProfile = fleet.resolve("cortex-a72_6.12.json");
        otherProfile = fleet.resolve("cortex-a57_6.12.json");
        assertThat(goodProfile).isRegularFile();
        goodModel = tmp.resolve("good-model.json");
        CliRun r = CliRun.of("baseline", goodProfile.toString(), otherProfile.toString(), "--out", goodModel.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        profile = (ObjectNode) MAPPER.readTree(goodProfile.toFile());
        model = (ObjectNode) MAPPER.readTree(goodModel.toFile());
        fingerprint = syntheticFingerprint();
        pool = Executors.newCachedThreadPool(r2 -> {
            Thread t = new Thread(r2, "hostile-case");
            t.setDaemon(true); // a case blocked in open(2) on a FIFO cannot be interrupted
            return t;
        });
    }

    @AfterAll
    static void tearDown() {
        pool.shutdownNow();
    }

    /** A minimal Firecracker fingerprint: MIDR_EL1, ID_AA64PFR0_EL1 and ID_AA64ISAR0_EL1 of a Cortex-A72. */
    private static ObjectNode syntheticFingerprint() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("firecracker_version", "1.16.0");
        root.put("kernel_version", "6.1.172");
        root.put("microcode_version", "0x00000000000000ff");
        root.put("bios_version", "1.0");
        root.put("bios_revision", "1.0");
        ObjectNode cfg = root.putObject("guest_cpu_config");
        cfg.putArray("kvm_capabilities");
        cfg.putArray("vcpu_features");
        ArrayNode regs = cfg.putArray("reg_modifiers");
        long[][] values = {{0x603000000013c000L, 0x410fd083L}, {0x603000000013c020L, 0x11L}, {0x603000000013c030L, 0x10000L}};
        for (long[] v : values) {
            ObjectNode m = regs.addObject();
            m.put("addr", String.format("0x%016x", v[0]));
            m.put("bitmap", "0b" + String.format("%64s", Long.toBinaryString(v[1])).replace(' ', '0'));
        }
        return root;
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve((seq++) + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        Files.write(p, bytes);
        return p;
    }

    private static Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path mutate(String name, ObjectNode base, Consumer<ObjectNode> edit, boolean keepId) throws IOException {
        ObjectNode copy = base.deepCopy();
        if (!keepId) {
            copy.remove("id");
        }
        edit.accept(copy);
        return write(name, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(copy));
    }

    /** Leaf paths of a document, one per distinct key path (the first element of each array and map). */
    private static Map<String, JsonNode> samplePaths(JsonNode n, String path, Map<String, JsonNode> out, int depth) {
        if (depth > 5) {
            return out;
        }
        out.put(path, n);
        if (n.isObject()) {
            int i = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext() && i < 4; i++) {
                var e = it.next();
                samplePaths(e.getValue(), path + "/" + e.getKey(), out, depth + 1);
            }
        } else if (n.isArray() && !n.isEmpty()) {
            samplePaths(n.get(0), path + "/0", out, depth + 1);
        }
        return out;
    }

    private static void replaceAt(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode o) {
            o.set(key, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(key), value);
        }
    }

    private static final List<JsonNode> WRONG_TYPES = List.of(JsonNodeFactory.instance.textNode("x"),
            JsonNodeFactory.instance.numberNode(1), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode());

    /** Bad hex strings: each must be refused where a register value is expected. */
    static final List<String> BAD_HEX = List.of("0b1010", "1234", "0x", "0x_1234", "0x12 34", " 0x1234", "0x1234\u0000",
            "0x\uff11\uff12", "0x\u0661\u0662", "0X1234", "0x10000000000000000", "-0x1", "+0x1", "0x1234 ", "0x1g", "");

    private static List<Case> corpus() throws IOException, InterruptedException {
        List<Case> cases = new ArrayList<>();
        String p = goodProfile.toString();
        String o = otherProfile.toString();
        String m = goodModel.toString();
        // 1. raw bytes: truncation, empty, junk, invalid UTF-8, two documents
        byte[] pb = Files.readAllBytes(goodProfile);
        byte[] mb = Files.readAllBytes(goodModel);
        List<Path> rawProfiles = new ArrayList<>();
        List<Path> rawModels = new ArrayList<>();
        for (int cut : new int[] {0, 1, 2, 50, -2, -3}) {
            rawProfiles.add(write("profile-truncated-" + cut, java.util.Arrays.copyOf(pb, cut >= 0 ? cut : pb.length + cut * pb.length / 4)));
            rawModels.add(write("model-truncated-" + cut, java.util.Arrays.copyOf(mb, cut >= 0 ? cut : mb.length + cut)));
        }
        rawProfiles.add(write("profile-blank", "  \n\t\n"));
        rawProfiles.add(write("profile-two-docs", new String(pb, StandardCharsets.UTF_8) + new String(pb, StandardCharsets.UTF_8)));
        rawProfiles.add(write("profile-trailing-junk", new String(pb, StandardCharsets.UTF_8) + "junk"));
        rawProfiles.add(write("profile-trailing-brace", new String(pb, StandardCharsets.UTF_8) + "}"));
        rawModels.add(write("model-two-docs", new String(mb, StandardCharsets.UTF_8) + "{}"));
        rawModels.add(write("model-trailing-junk", new String(mb, StandardCharsets.UTF_8) + "]"));
        byte[] bad = pb.clone();
        int at = new String(pb, StandardCharsets.UTF_8).indexOf("lab-cortex");
        bad[at] = (byte) 0xff;
        rawProfiles.add(write("profile-invalid-utf8", bad));
        byte[] badm = mb.clone();
        badm[new String(mb, StandardCharsets.UTF_8).indexOf("baseline")] = (byte) 0xc3;
        rawModels.add(write("model-invalid-utf8", badm));
        rawProfiles.add(write("profile-bom", ("\ufeff" + new String(pb, StandardCharsets.UTF_8))));
        rawProfiles.add(write("profile-nested", "[".repeat(100_000)));
        rawProfiles.add(write("profile-array", "[]"));
        rawProfiles.add(write("profile-null", "null"));
        rawProfiles.add(write("profile-number", "42"));
        // 2. leaf mutations of a profile (id removed, so only the leaf can be at fault)
        List<Path> profiles = new ArrayList<>(rawProfiles);
        Map<String, JsonNode> paths = samplePaths(profile, "", new LinkedHashMap<>(), 0);
        paths.remove("");
        paths.remove("/id");
        for (var e : paths.entrySet()) {
            for (JsonNode wrong : WRONG_TYPES) {
                if (wrong.getNodeType() == e.getValue().getNodeType()) {
                    continue;
                }
                if (e.getKey().equals("/masks") || e.getKey().equals("/gic")) {
                    continue; // nullable objects: tested with null below
                }
                profiles.add(mutate("profile" + e.getKey() + "-as-" + wrong.getNodeType(), profile, d -> replaceAt(d, e.getKey(), wrong), false));
            }
        }
        String reg = "/featureSets/default/registers/ID_AA64ISAR0_EL1";
        for (String h : BAD_HEX) {
            profiles.add(mutate("profile-hex-" + h, profile, d -> replaceAt(d, reg, JsonNodeFactory.instance.textNode(h)), false));
            profiles.add(mutate("profile-mask-hex-" + h, profile, d -> replaceAt(d, "/masks/values/ID_AA64ISAR0_EL1", JsonNodeFactory.instance.textNode(h)), false));
        }
        profiles.add(mutate("profile-cap-wraps", profile, d -> ((ObjectNode) d.get("capabilities")).put("165", new java.math.BigInteger("99999999999999999999999")), false));
        profiles.add(mutate("profile-cap-negative-key", profile, d -> ((ObjectNode) d.get("capabilities")).put("-1", 1), false));
        profiles.add(mutate("profile-cap-float", profile, d -> ((ObjectNode) d.get("capabilities")).put("165", 1.5), false));
        profiles.add(mutate("profile-cap-dup-normalised", profile, d -> ((ObjectNode) d.get("capabilities")).put("0165", 40), false));
        profiles.add(mutate("profile-cap-key-huge", profile, d -> ((ObjectNode) d.get("capabilities")).put("99999999999", 1), false));
        for (int[] vls : new int[][] {{-128}, {0}, {100}, {4096}, {128, 128}, {256, 128}}) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (int v : vls) {
                a.add(v);
            }
            profiles.add(mutate("profile-sve-" + java.util.Arrays.toString(vls), profile, d -> ((ObjectNode) d.at("/featureSets/default")).set("sveVectorLengths", a), false));
        }
        profiles.add(mutate("profile-sve-string", profile, d -> ((ObjectNode) d.at("/featureSets/default")).set("sveVectorLengths", JsonNodeFactory.instance.arrayNode().add("128")), false));
        profiles.add(mutate("profile-partial-yes", profile, d -> d.put("partial", "yes"), false));
        profiles.add(mutate("profile-version-string", profile, d -> d.put("version", "1"), false));
        profiles.add(mutate("profile-version-2", profile, d -> d.put("version", 2), false));
        profiles.add(mutate("profile-unknown-key", profile, d -> d.put("colour", "blue"), false));
        profiles.add(mutate("profile-forged-id", profile, d -> d.put("id", "sha256:" + "0".repeat(64)), true));
        profiles.add(mutate("profile-id-after-edit", profile, d -> replaceAt(d, reg, JsonNodeFactory.instance.textNode("0x0000000000000000")), true));
        profiles.add(mutate("profile-no-registers", profile, d -> ((ObjectNode) d.at("/featureSets/default")).putObject("registers"), false));
        profiles.add(mutate("profile-mask-on-pmcr", profile, d -> ((ObjectNode) d.at("/masks/values")).put("PMCR_EL0", "0x00000000000000ff"), false));
        profiles.add(mutate("profile-ccsidr-level-99", profile, d -> ((ObjectNode) d.at("/featureSets/default")).putObject("ccsidr").put("99", "0x0000000000000001"), false));
        profiles.add(mutate("profile-ccsidr-dup", profile, d -> ((ObjectNode) d.at("/featureSets/default")).putObject("ccsidr").put("0", "0x0000000000000001").put("00", "0x0000000000000002"), false));
        profiles.add(mutate("profile-ccsidr-hex-key", profile, d -> ((ObjectNode) d.at("/featureSets/default")).putObject("ccsidr").put("0x1", "0x0000000000000001"), false));
        profiles.add(mutate("profile-gic-null-provenance", profile, d -> ((ObjectNode) d.get("gic")).putNull("provenance"), false));
        profiles.add(mutate("profile-host-name-empty", profile, d -> ((ObjectNode) d.get("host")).put("name", ""), false));
        profiles.add(mutate("profile-kernel-bad", profile, d -> ((ObjectNode) d.get("host")).put("kernelRelease", "banana"), false));
        // a profile of a kernel older than 6.1 is a valid document: baseline and check answer "rejected" (exit 1) naming it
        profiles.add(mutate("profile-reg-lowercase", profile, d -> ((ObjectNode) d.at("/featureSets/default/registers")).put("id_aa64isar0_el1", "0x0000000000000000"), false));
        profiles.add(mutate("profile-reglist-bad", profile, d -> ((ObjectNode) d.at("/featureSets/default")).set("regList", JsonNodeFactory.instance.arrayNode().add("zz")), false));
        profiles.add(mutate("profile-featureset-bad", profile, d -> ((ObjectNode) d.get("featureSets")).set("mte", d.at("/featureSets/default").deepCopy()), false));
        // special files
        Path fifo = tmp.resolve("fifo.json");
        new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        Path dirAsFile = Files.createDirectories(tmp.resolve("dir.json"));
        Path big = tmp.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(17L << 20);
        }
        List<Path> special = List.of(fifo, Path.of("/dev/zero"), Path.of("/dev/urandom"), Path.of("/dev/null"), dirAsFile, big, tmp.resolve("missing.json"));
        // a directory of profiles holding a FIFO
        Path fleetWithFifo = Files.createDirectories(tmp.resolve("fleet-fifo"));
        Files.copy(goodProfile, fleetWithFifo.resolve("a.json"));
        new ProcessBuilder("mkfifo", fleetWithFifo.resolve("b.json").toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);

        for (Path bp : profiles) {
            String b = bp.toString();
            cases.add(new Case(bp.getFileName() + " show", List.of("show", b)));
            cases.add(new Case(bp.getFileName() + " baseline", List.of("baseline", b, o)));
            cases.add(new Case(bp.getFileName() + " check", List.of("check", m, b)));
        }
        for (Path bp : rawProfiles) {
            String b = bp.toString();
            cases.add(new Case(bp.getFileName() + " compare", List.of("compare", b, p)));
            cases.add(new Case(bp.getFileName() + " pools", List.of("pools", b)));
            cases.add(new Case(bp.getFileName() + " verify", List.of("verify", m, "--dry-run", b)));
            cases.add(new Case(bp.getFileName() + " emit --host", List.of("emit", m, "--format", "kvm", "--host", b)));
        }
        for (Path s : special) {
            String b = s.toString();
            cases.add(new Case(s + " show", List.of("show", b)));
            cases.add(new Case(s + " baseline", List.of("baseline", b, o)));
            cases.add(new Case(s + " check", List.of("check", m, b)));
            cases.add(new Case(s + " check-model", List.of("check", b, p)));
            cases.add(new Case(s + " emit", List.of("emit", b, "--format", "qemu")));
            cases.add(new Case(s + " verify", List.of("verify", m, "--dry-run", b)));
            cases.add(new Case(s + " compare", List.of("compare", b, p)));
            cases.add(new Case(s + " import firecracker", List.of("import", "firecracker", b, "--out", tmp.resolve("imp-" + seq++).toString())));
        }
        cases.add(new Case("pools over a directory holding a FIFO", List.of("pools", fleetWithFifo.toString())));
        Path sameHost = mutate("profile-same-host-other-values", profile, d -> replaceAt(d, reg, JsonNodeFactory.instance.textNode("0x0000000000000000")), false);
        cases.add(new Case("baseline: one host twice with different values", List.of("baseline", p, sameHost.toString())));
        cases.add(new Case("pools: one host twice with different values", List.of("pools", p, sameHost.toString())));
        // 3. model mutations
        List<Path> models = new ArrayList<>(rawModels);
        Map<String, JsonNode> mpaths = samplePaths(model, "", new LinkedHashMap<>(), 0);
        mpaths.remove("");
        mpaths.remove("/id");
        for (var e : mpaths.entrySet()) {
            for (JsonNode wrong : WRONG_TYPES) {
                if (wrong.getNodeType() == e.getValue().getNodeType() || e.getValue().isNull()) {
                    continue;
                }
                models.add(mutate("model" + e.getKey() + "-as-" + wrong.getNodeType(), model, d -> replaceAt(d, e.getKey(), wrong), false));
            }
        }
        for (String h : BAD_HEX) {
            models.add(mutate("model-hex-" + h, model, d -> replaceAt(d, "/registers/ID_AA64ISAR0_EL1", JsonNodeFactory.instance.textNode(h)), false));
        }
        models.add(mutate("model-possible-with-blockers", model, d -> ((ArrayNode) d.get("blockers")).add("a blocker"), false));
        models.add(mutate("model-seis-5", model, d -> ((ObjectNode) d.get("gic")).put("seis", 5), false));
        models.add(mutate("model-pribits-vs-iccctlr", model, d -> ((ObjectNode) d.get("gic")).put("priBits", 7), false));
        models.add(mutate("model-zero-registers", model, d -> d.putObject("registers"), false));
        models.add(mutate("model-unknown-key", model, d -> d.put("colour", "blue"), false));
        models.add(mutate("model-forged-id", model, d -> d.put("id", "sha256:" + "1".repeat(64)), true));
        models.add(mutate("model-sve-100", model, d -> ((ObjectNode) d.get("vcpu")).set("sveVectorLengths", JsonNodeFactory.instance.arrayNode().add(100)), false));
        models.add(mutate("model-version-string", model, d -> d.put("version", "1"), false));
        models.add(mutate("model-possible-string", model, d -> d.put("possible", "true"), false));
        for (Path bm : models) {
            String b = bm.toString();
            cases.add(new Case(bm.getFileName() + " check", List.of("check", b, p)));
            cases.add(new Case(bm.getFileName() + " emit qemu", List.of("emit", b, "--format", "qemu")));
            cases.add(new Case(bm.getFileName() + " emit kvm", List.of("emit", b, "--format", "kvm")));
            cases.add(new Case(bm.getFileName() + " verify", List.of("verify", b, "--dry-run", p)));
        }
        for (Path bm : rawModels) {
            String b = bm.toString();
            cases.add(new Case(bm.getFileName() + " compare", List.of("compare", b, m)));
            cases.add(new Case(bm.getFileName() + " emit firecracker", List.of("emit", b, "--format", "firecracker")));
            cases.add(new Case(bm.getFileName() + " emit libvirt", List.of("emit", b, "--format", "libvirt")));
        }
        // 4. Firecracker fingerprints
        List<Path> fps = new ArrayList<>();
        fps.add(mutate("fp-empty-reg-modifiers", fingerprint, d -> ((ObjectNode) d.get("guest_cpu_config")).putArray("reg_modifiers"), true));
        fps.add(mutate("fp-register-twice", fingerprint, d -> ((ArrayNode) d.at("/guest_cpu_config/reg_modifiers")).add(d.at("/guest_cpu_config/reg_modifiers/1").deepCopy()), true));
        fps.add(mutate("fp-unknown-key", fingerprint, d -> d.put("colour", "blue"), true));
        fps.add(mutate("fp-addr-decimal", fingerprint, d -> ((ObjectNode) d.at("/guest_cpu_config/reg_modifiers/0")).put("addr", "1234"), true));
        fps.add(mutate("fp-addr-number", fingerprint, d -> ((ObjectNode) d.at("/guest_cpu_config/reg_modifiers/0")).put("addr", 1234), true));
        fps.add(mutate("fp-bitmap-hex", fingerprint, d -> ((ObjectNode) d.at("/guest_cpu_config/reg_modifiers/0")).put("bitmap", "0x1234"), true));
        fps.add(mutate("fp-bitmap-empty", fingerprint, d -> ((ObjectNode) d.at("/guest_cpu_config/reg_modifiers/0")).put("bitmap", "0b"), true));
        fps.add(mutate("fp-modifier-unknown-key", fingerprint, d -> ((ObjectNode) d.at("/guest_cpu_config/reg_modifiers/0")).put("x", 1), true));
        fps.add(mutate("fp-kernel-number", fingerprint, d -> d.put("kernel_version", 6), true));
        fps.add(mutate("fp-kernel-null", fingerprint, d -> d.putNull("kernel_version"), true));
        fps.add(mutate("fp-modifier-null", fingerprint, d -> ((ArrayNode) d.at("/guest_cpu_config/reg_modifiers")).addNull(), true));
        fps.add(mutate("fp-addr-missing", fingerprint, d -> ((ObjectNode) d.at("/guest_cpu_config/reg_modifiers/0")).remove("addr"), true));
        fps.add(mutate("fp-version-number", fingerprint, d -> d.put("firecracker_version", 1.5), true));
        fps.add(mutate("fp-kernel-old", fingerprint, d -> d.put("kernel_version", "4.19.0"), true));
        fps.add(mutate("fp-caps-string", fingerprint, d -> ((ObjectNode) d.get("guest_cpu_config")).set("kvm_capabilities", JsonNodeFactory.instance.arrayNode().add("x")), true));
        fps.add(mutate("fp-reg-modifiers-object", fingerprint, d -> ((ObjectNode) d.get("guest_cpu_config")).putObject("reg_modifiers"), true));
        fps.add(mutate("fp-no-midr", fingerprint, d -> ((ArrayNode) d.at("/guest_cpu_config/reg_modifiers")).remove(0), true));
        fps.add(write("fp-truncated", MAPPER.writeValueAsString(fingerprint).substring(0, 60)));
        fps.add(write("fp-two-docs", MAPPER.writeValueAsString(fingerprint) + MAPPER.writeValueAsString(fingerprint)));
        for (Path f : fps) {
            cases.add(new Case(f.getFileName() + " import firecracker", List.of("import", "firecracker", f.toString(), "--out", tmp.resolve("imp-" + seq++).toString())));
        }
        // 5. decode with bad hex
        for (String h : BAD_HEX) {
            if (!h.isEmpty()) {
                cases.add(new Case("decode " + h, List.of("decode", "ID_AA64ISAR0_EL1", h)));
            }
        }
        cases.add(new Case("decode 123", List.of("decode", "ID_AA64ISAR0_EL1", "123")));
        // 6. outputs that must not be written through
        // devices only through links in the test's directory: a regression then replaces a link, never /dev/null itself
        Path devNull = Files.createSymbolicLink(tmp.resolve("null-link.json"), Path.of("/dev/null"));
        Path devFull = Files.createSymbolicLink(tmp.resolve("full-link.json"), Path.of("/dev/full"));
        for (String target : List.of(devNull.toString(), devFull.toString(), tmp.toString(), fifo.toString(), goodProfile.resolve("child.json").toString())) {
            cases.add(new Case("baseline --out " + target, List.of("baseline", p, o, "--out", target)));
            cases.add(new Case("emit --out " + target, List.of("emit", m, "--format", "qemu", "--out", target)));
        }
        // 7. the VMM's commands: special and malformed files as kernel, initramfs and model, bad sizes and
        // addresses (this machine may have no /dev/kvm: input errors (2) or the missing KVM (3), one line, no hang)
        String kernel = goodProfile.toString(); // a regular file that is no arm64 Image
        for (Path s : special) {
            String b = s.toString();
            cases.add(new Case(s + " vm run --kernel", List.of("vm", "run", "--kernel", b)));
            cases.add(new Case(s + " vm run --initrd", List.of("vm", "run", "--kernel", kernel, "--initrd", b)));
            cases.add(new Case(s + " vm run --model", List.of("vm", "run", "--kernel", kernel, "--model", b)));
            cases.add(new Case(s + " vm migrate --control", List.of("vm", "migrate", "--to", "127.0.0.1:1", "--control", b)));
        }
        for (Path bm : rawModels) {
            cases.add(new Case(bm.getFileName() + " vm run --model", List.of("vm", "run", "--kernel", kernel, "--model", bm.toString())));
        }
        for (String mem : List.of("0", "-1", "12Q", "1e9", "99999999999999999999G", "")) {
            cases.add(new Case("vm run --mem " + mem, List.of("vm", "run", "--kernel", kernel, "--mem", mem)));
        }
        for (String cpus : List.of("0", "-1", "100000", "two")) {
            cases.add(new Case("vm run --cpus " + cpus, List.of("vm", "run", "--kernel", kernel, "--cpus", cpus)));
        }
        for (String addr : List.of("nohost", "127.0.0.1:99999", "127.0.0.1:-5", ":", "")) {
            cases.add(new Case("vm run --incoming " + addr, List.of("vm", "run", "--incoming", addr)));
            cases.add(new Case("vm migrate --to " + addr, List.of("vm", "migrate", "--to", addr, "--control", tmp.resolve("no-such.sock").toString())));
        }
        cases.add(new Case("vm migrate --downtime -5", List.of("vm", "migrate", "--to", "127.0.0.1:1", "--control", tmp.resolve("no-such.sock").toString(), "--downtime", "-5")));
        // 8. usage
        cases.add(new Case("features empty", List.of("baseline", p, o, "--features", "")));
        cases.add(new Case("unknown command --help", List.of("frobnicate", "--help")));
        return cases;
    }

    private static Outcome classify(Future<CliRun> f) throws InterruptedException {
        CliRun r;
        try {
            r = f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Outcome.HANG;
        } catch (java.util.concurrent.ExecutionException e) {
            return Outcome.TRACE;
        }
        if (r.err().contains("\tat ") || r.err().contains("Exception:") || r.err().contains("Error:")) {
            return Outcome.TRACE;
        }
        if (r.exit() == 0) {
            return Outcome.WRONG_SUCCESS;
        }
        if (r.exit() != ExitCodes.USAGE && r.exit() != ExitCodes.ENVIRONMENT) {
            return Outcome.WRONG_CODE;
        }
        if (r.err().lines().filter(l -> !l.isBlank()).count() != 1) {
            return Outcome.MULTI_LINE;
        }
        return Outcome.CLEAN;
    }

    static CliRun runOne(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void everyHostileInputFailsCleanlyInOneLine() throws Exception {
        List<Case> cases = corpus();
        Map<Outcome, List<String>> by = new java.util.EnumMap<>(Outcome.class);
        for (Case c : cases) {
            Outcome o = classify(pool.submit(() -> runOne(c.args())));
            by.computeIfAbsent(o, k -> new ArrayList<>()).add(c.name());
        }
        StringBuilder report = new StringBuilder("cases " + cases.size() + "\n");
        for (Outcome o : Outcome.values()) {
            report.append(o).append(' ').append(by.getOrDefault(o, List.of()).size()).append('\n');
        }
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.CLEAN) {
                for (String n : by.getOrDefault(o, List.of())) {
                    report.append(o).append(": ").append(n).append('\n');
                }
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/hostile-inputs.txt"), report);
        if (!Boolean.getBoolean("cpumodel.hostile.measure")) {
            assertThat(by.getOrDefault(Outcome.CLEAN, List.of())).as(report.toString()).hasSize(cases.size());
        }
    }
}
