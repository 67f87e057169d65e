package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpumodel.testfixtures.SharedFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares the knowledge base with the shared reference tables (read at test time, never copied).
 * The tables describe the bpf-next tree (newer than 6.18), so policies are checked for kernel 7.0.
 */
class KnowledgeBaseFactsTest {

    /**
     * Features that need two fields at once (FEAT_MTE_ASYNC: MTE >= 2 and MTE_frac == 0): the
     * knowledge base does not list them as per-field terms, since either field alone would report
     * the feature wrongly (MTE_frac reads 0 on every host without MTE).
     */
    private static final Set<String> MULTI_FIELD_FEATURES = Set.of("FEAT_MTE_ASYNC");


    private static final KernelVersion TSV_KERNEL = new KernelVersion(7, 0);
    private static final Pattern FEAT = Pattern.compile("(FEAT_.+)\\((?:signed)?(?:>=|>|==|<|!=)\\d+\\)");

    private final KnowledgeBase kb = KnowledgeBase.load();

    private static Path shared() {
        return SharedFixtures.path("reference");
    }

    private static List<Map<String, String>> readTsv(Path file) throws IOException {
        assumeTrue(Files.isRegularFile(file), "reference table absent: " + file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] header = lines.getFirst().split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"idregs-fields.tsv", "nonid-fields.tsv"})
    void fieldsMatchTheReferenceTable(String table) throws IOException {
        List<Map<String, String>> rows = readTsv(shared().resolve(table));
        int compared = 0;
        int policies = 0;
        List<String> problems = new ArrayList<>();
        for (Map<String, String> row : rows) {
            Register reg = kb.find(row.get("reg")).orElse(null);
            if (reg == null) {
                problems.add("missing register " + row.get("reg"));
                continue;
            }
            Encoding enc = new Encoding(Integer.parseInt(row.get("op0")), Integer.parseInt(row.get("op1")),
                    Integer.parseInt(row.get("crn")), Integer.parseInt(row.get("crm")), Integer.parseInt(row.get("op2")));
            if (!reg.encoding().equals(enc)) {
                problems.add(reg.name() + " encoding " + reg.encoding() + " != " + enc);
            }
            int msb = Integer.parseInt(row.get("msb"));
            int lsb = Integer.parseInt(row.get("lsb"));
            Optional<Field> found = reg.fields().stream().filter(f -> f.msb() == msb && f.lsb() == lsb).findFirst();
            if (found.isEmpty()) {
                problems.add(reg.name() + " has no bit range " + msb + ":" + lsb + " (" + row.get("field") + ")");
                continue;
            }
            Field f = found.get();
            String kind = row.get("kind");
            FieldKind expectedKind = switch (kind) {
                case "Res0" -> FieldKind.RES0;
                case "Res1" -> FieldKind.RES1;
                case "Raz" -> FieldKind.RAZ;
                default -> FieldKind.FIELD;
            };
            if (f.kind() != expectedKind) {
                problems.add(reg.name() + "." + row.get("field") + " kind " + f.kind() + " != " + expectedKind);
            }
            if (expectedKind == FieldKind.FIELD && !kind.equals("Unkn") && !f.name().equalsIgnoreCase(row.get("field"))) {
                problems.add(reg.name() + " " + f.bits() + " named " + f.name() + " != " + row.get("field"));
            }
            Optional<FtrPolicy> p = f.ftr(TSV_KERNEL);
            String type = row.get("ftr_type");
            if (type.isEmpty()) {
                if (p.isPresent()) {
                    problems.add(reg.name() + "." + f.name() + " has a policy for " + TSV_KERNEL + " but the table has none");
                }
            } else if (p.isEmpty()) {
                problems.add(reg.name() + "." + f.name() + " has no policy for " + TSV_KERNEL);
            } else {
                policies++;
                FtrPolicy pol = p.get();
                if (pol.type() != FtrType.valueOf(type.replace("FTR_", ""))) {
                    problems.add(reg.name() + "." + f.name() + " type " + pol.type() + " != " + type);
                }
                if (pol.signed() != row.get("signed").equals("yes")) {
                    problems.add(reg.name() + "." + f.name() + " signed " + pol.signed() + " != " + row.get("signed"));
                }
                if (pol.safeValue() != Bits.parseHex(row.get("safe_val"))) {
                    problems.add(reg.name() + "." + f.name() + " safe " + pol.safeValue() + " != " + row.get("safe_val"));
                }
            }
            Set<String> expectedFeats = new LinkedHashSet<>();
            for (String term : row.get("feat").split(";")) {
                if (term.isBlank()) {
                    continue;
                }
                Matcher m = FEAT.matcher(term.trim());
                assertThat(m.matches()).as("feat term %s", term).isTrue();
                // "?" marks a mapping the table itself calls inexact; multi-field features are not per-field terms
                if (!m.group(1).endsWith("?") && !MULTI_FIELD_FEATURES.contains(m.group(1))) {
                    expectedFeats.add(m.group(1));
                }
            }
            Set<String> actualFeats = new LinkedHashSet<>();
            f.features().forEach(c -> actualFeats.add(c.feature()));
            if (!actualFeats.equals(expectedFeats)) {
                problems.add(reg.name() + "." + f.name() + " FEAT " + actualFeats + " != " + expectedFeats);
            }
            compared++;
        }
        assertThat(problems).isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(30);
        if (table.startsWith("idregs")) {
            assertThat(policies).as("fields with a cpufeature entry compared").isGreaterThanOrEqualTo(30);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"idregs-fields.tsv"})
    void namedValuesMatchTheReferenceTable(String table) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map<String, String> row : readTsv(shared().resolve(table))) {
            if (row.get("values").isEmpty()) {
                continue;
            }
            Field f = kb.require(row.get("reg")).fields().stream()
                    .filter(x -> x.msb() == Integer.parseInt(row.get("msb"))).findFirst().orElseThrow();
            for (String nv : row.get("values").split("\\|")) {
                int eq = nv.indexOf('=');
                String name = nv.substring(0, eq);
                long value = Long.parseLong(nv.substring(eq + 3), 2);
                if (!f.values().contains(new FieldValue(value, name))) {
                    problems.add(row.get("reg") + "." + f.name() + " lacks " + nv);
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
