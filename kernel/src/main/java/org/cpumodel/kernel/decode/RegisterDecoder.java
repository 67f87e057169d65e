package org.cpumodel.kernel.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.FtrPolicy;
import org.cpumodel.kb.FtrType;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.rules.FeatureCheck;

/** Decodes register values with names, FEAT_ names and the kernel rule of each field. */
public final class RegisterDecoder {

    private RegisterDecoder() {
    }

    public static DecodedRegister decode(Register reg, long value, KernelVersion kernel) {
        KernelAbi abi = KernelAbi.of(kernel);
        long mask = abi.register(reg).map(r -> r.mask()).orElse(0L);
        long checked = FeatureCheck.checkedMask(reg, kernel, mask);
        List<DecodedField> out = new ArrayList<>();
        for (Field f : reg.fields()) {
            long raw = f.get(value);
            if (f.kind() != FieldKind.FIELD) {
                out.add(new DecodedField(f.kind().name(), f.bits(), f.width(), raw, raw == 0 ? "" : "(reserved bits set)", List.of(),
                        f.kind() == FieldKind.RES1 ? "reserved, reads as one" : "reserved, must equal the limit", false));
                continue;
            }
            Optional<FtrPolicy> p = f.ftr(kernel);
            String rule;
            if (p.isEmpty()) {
                rule = "no cpufeature rule: must equal the limit";
            } else {
                FtrType t = FeatureCheck.kvmType(reg.name(), f.name(), p.get().type());
                rule = ruleName(t) + (p.get().signed() ? " signed" : "") + (t == FtrType.EXACT ? " safe=" + p.get().safeValue() : "");
            }
            out.add(new DecodedField(f.name(), f.bits(), f.width(), raw, f.valueName(raw).orElse(""), f.featuresAt(raw), rule,
                    (checked & f.mask()) == f.mask() && checked != 0));
        }
        return new DecodedRegister(reg.name(), reg.encoding().toString(), reg.encoding().oneRegId(), value, abi.toString(), out);
    }

    static String ruleName(FtrType t) {
        return switch (t) {
            case LOWER_SAFE -> "lower-safe";
            case HIGHER_SAFE -> "higher-safe";
            case HIGHER_OR_ZERO_SAFE -> "higher-or-zero-safe";
            case EXACT -> "exact";
        };
    }
}
