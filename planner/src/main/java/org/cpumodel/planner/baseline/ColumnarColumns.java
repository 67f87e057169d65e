package org.cpumodel.planner.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kernel.abi.Precheck;

/** The columns: candidate registers and their fields, flattened. */
final class ColumnarColumns {
    static final List<Register> REGS = new ArrayList<>();
    static final int[] FIELD_START;
    static final Field[] FIELDS;
    static final int[] FIELD_REG;
    static final Map<String, Integer> FIELD_INDEX = new HashMap<>();
    /** Fields some kernel hides while accepting the host's own value (MPAM, MPAM_frac, NV). */
    static final boolean[] HIDEABLE;
    /** Per field: its index among the hideable fields, -1 for the others. */
    static final int[] HIDE_INDEX;
    static final int HIDEABLE_COUNT;
    static final int CLIDR;
    static final int CTR;
    /** FEAT_ count per field and value (0..63), -1 until computed. */
    static final int[][] FEATURE_COUNT;

    static {
        KnowledgeBase kb = KnowledgeBase.load();
        int clidr = -1;
        int ctr = -1;
        for (Register r : kb.featureIdRange()) {
            boolean candidate = r.registerClass() == RegisterClass.FEATURE_ID || r.name().equals("CTR_EL0") || r.name().equals("CLIDR_EL1");
            if (candidate && !ReferenceBaseline.IDENTITY.contains(r.name())) {
                if (r.name().equals("CLIDR_EL1")) {
                    clidr = REGS.size();
                }
                if (r.name().equals("CTR_EL0")) {
                    ctr = REGS.size();
                }
                REGS.add(r);
            }
        }
        CLIDR = clidr;
        CTR = ctr;
        FIELD_START = new int[REGS.size() + 1];
        List<Field> fields = new ArrayList<>();
        List<Integer> reg = new ArrayList<>();
        for (int i = 0; i < REGS.size(); i++) {
            FIELD_START[i] = fields.size();
            for (Field f : REGS.get(i).fields()) {
                FIELD_INDEX.put(REGS.get(i).name() + "." + f.name(), fields.size());
                fields.add(f);
                reg.add(i);
            }
        }
        FIELD_START[REGS.size()] = fields.size();
        FIELDS = fields.toArray(new Field[0]);
        FIELD_REG = reg.stream().mapToInt(Integer::intValue).toArray();
        HIDEABLE = new boolean[FIELDS.length];
        for (org.cpumodel.kernel.abi.Precheck p : org.cpumodel.kernel.abi.Precheck.values()) {
            java.util.Optional.ofNullable(org.cpumodel.kernel.rules.PrecheckRule.ignoredField(p)).map(org.cpumodel.kb.SysregField::name).ifPresent(f -> {
                for (Register r : REGS) {
                    Integer fi = FIELD_INDEX.get(r.name() + "." + f);
                    if (fi != null) {
                        HIDEABLE[fi] = true;
                    }
                }
            });
        }
        HIDE_INDEX = new int[FIELDS.length];
        int nh = 0;
        for (int fi = 0; fi < FIELDS.length; fi++) {
            HIDE_INDEX[fi] = HIDEABLE[fi] ? nh++ : -1;
        }
        HIDEABLE_COUNT = nh;
        FEATURE_COUNT = new int[FIELDS.length][64];
        for (int[] row : FEATURE_COUNT) {
            Arrays.fill(row, -1);
        }
    }

    static int featureCount(int fi, long value) {
        if (value >= 0 && value < 64) {
            int c = FEATURE_COUNT[fi][(int) value];
            if (c < 0) {
                c = FIELDS[fi].featuresAt(value).size();
                FEATURE_COUNT[fi][(int) value] = c;
            }
            return c;
        }
        return FIELDS[fi].featuresAt(value).size();
    }
}
