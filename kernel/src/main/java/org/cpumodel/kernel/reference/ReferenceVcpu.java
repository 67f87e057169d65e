package org.cpumodel.kernel.reference;

import java.util.HashMap;
import java.util.Map;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.uapi.Errno;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.abi.RegisterAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.rules.FeatureCheck;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.VcpuFeature;

/** A vCPU of the reference KVM: KVM_ARM_VCPU_INIT, KVM_GET/SET_ONE_REG on system registers, KVM_RUN. */
public final class ReferenceVcpu {

    private final ReferenceVm vm;
    private final int id;
    private FeatureSet features;
    private FeatureSetView view;
    private final Map<String, Long> vcpuRegs = new HashMap<>();

    ReferenceVcpu(ReferenceVm vm, int id) {
        this.vm = vm;
        this.id = id;
    }

    public int id() {
        return id;
    }

    public FeatureSet features() {
        return features;
    }

    /** KVM_ARM_VCPU_INIT with the given features (PSCI 0.2 implied). */
    public void init(FeatureSet fs) {
        if (features != null && !features.equals(fs)) {
            throw new KvmError("KVM_ARM_VCPU_INIT", Errno.EINVAL, "re-init with different features (" + features + " then " + fs + ")");
        }
        FeatureSetView v = vm.kvm().profile().featureSet(fs).orElseThrow(() -> new KvmError("KVM_ARM_VCPU_INIT", Errno.EINVAL,
                "host " + vm.kvm().profile().host().name() + " does not offer vCPU features '" + fs + "' (profile has: "
                        + String.join(", ", vm.kvm().profile().featureSets().keySet()) + ")"));
        if (features == null) {
            vm.initialiseIdRegs(v);
            for (String name : new String[] {"MPIDR_EL1", "CLIDR_EL1"}) {
                v.value(name).ifPresent(val -> vcpuRegs.put(name, name.equals("MPIDR_EL1") ? mpidr(id) : val));
            }
        }
        features = fs;
        view = v;
    }

    /** The MPIDR_EL1 KVM gives vCPU {@code id} (reset_mpidr). */
    static long mpidr(int id) {
        return 0x8000_0000L | (id & 0xF) | ((long) (id >> 4 & 0xFF) << 8) | ((long) (id >> 12 & 0xFF) << 16);
    }

    /** KVM_RUN: marks the VM as run (ID registers become immutable). */
    public void run() {
        if (features == null) {
            throw new KvmError("KVM_RUN", Errno.ENOEXEC, "vCPU not initialised");
        }
        vm.markRun();
    }

    private Register lookup(String ioctl, long regId) {
        if (features == null) {
            throw new KvmError(ioctl, Errno.ENOEXEC, "vCPU not initialised: call KVM_ARM_VCPU_INIT first");
        }
        Encoding e = Encoding.fromOneRegId(regId);
        if (e == null) {
            throw new KvmError(ioctl, Errno.ENOENT, String.format("id 0x%016x is not a 64-bit system register id", regId));
        }
        Register reg = vm.kvm().kb().byEncoding(e).orElse(null);
        if (reg == null || !view.recorded(reg.name()) || view.absent(reg.name())) {
            throw new KvmError(ioctl, Errno.ENOENT, (reg == null ? e.genericName() : reg.name()) + " is not exposed by this host's KVM");
        }
        return reg;
    }

    private boolean aa32WriteIgnored(Register reg) {
        Encoding e = reg.encoding();
        return !vm.kvm().aarch32El0() && e.op0() == 3 && e.op1() == 0 && e.crn() == 0 && e.crm() >= 1 && e.crm() <= 3
                && reg.registerClass() == RegisterClass.FEATURE_ID && !isHidden(reg);
    }

    private static boolean isHidden(Register reg) {
        return reg.name().equals("ID_AFR0_EL1") || reg.name().equals("ID_DFR1_EL1");
    }

    private boolean isVcpuScoped(Register reg) {
        return reg.name().equals("MPIDR_EL1") || reg.name().equals("CLIDR_EL1");
    }

    /** KVM_GET_ONE_REG. */
    public long getOneReg(long regId) {
        Register reg = lookup("KVM_GET_ONE_REG", regId);
        // AArch32 ID registers of a host without AArch32 EL0 are RAZ through their reset value, not through
        // get_user: ID_DFR0_EL1 (reset read_sanitised_id_dfr0_el1) still reads PerfMon for a PMU vCPU. The
        // profile records what KVM_GET_ONE_REG returns, so the stored value is the answer (lab, 7.3 a64fx).
        if (isVcpuScoped(reg)) {
            return vcpuRegs.getOrDefault(reg.name(), 0L);
        }
        return vm.vmRegs.getOrDefault(reg.name(), 0L);
    }

    /** The limit KVM checks this vCPU's writes against: a fresh vCPU's value for its features. */
    public long limit(Register reg) {
        return view.value(reg.name()).orElse(0);
    }

    /** KVM_SET_ONE_REG: the kernel's answer, with the field and rule that decided it. */
    public Verdict setOneReg(long regId, long value) {
        Register reg;
        try {
            reg = lookup("KVM_SET_ONE_REG", regId);
        } catch (KvmError e) {
            String name = Encoding.fromOneRegId(regId) == null ? String.format("0x%016x", regId) : Encoding.fromOneRegId(regId).genericName();
            return Verdict.rejected(e.errno(), name, "-", e.errno() == Errno.ENOEXEC ? "vcpu-not-initialised" : "no-such-register", value, 0, e.getMessage());
        }
        String name = reg.name();
        long limit = limit(reg);
        if (aa32WriteIgnored(reg)) {
            return Verdict.accepted(name, value, 0, "host has no AArch32 EL0: AArch32 ID registers are RAZ and userspace writes are ignored");
        }
        RegisterAbi abi = vm.kvm().abi().register(reg).orElse(new RegisterAbi(name, RegisterKind.LEGACY_INVARIANT, 0, java.util.List.of(),
                "no model for this register on this kernel: fail closed"));
        long current = getOneReg(regId);
        return switch (abi.kind()) {
            case FREE -> {
                vcpuRegs.put(name, value);
                yield Verdict.accepted(name, value, limit, "written verbatim (no validation)");
            }
            case LEGACY_INVARIANT -> value == current
                    ? Verdict.accepted(name, value, current, "equal to the invariant value")
                    : Verdict.rejected(Errno.EINVAL, name, FeatureCheck.fieldsOf(reg, value ^ current), "invariant", value, current,
                    "kernel " + vm.kvm().kernel() + " does not let userspace change this register (" + abi.source() + ")");
            case LEGACY_PFR0 -> legacyPfr0(reg, value, current, limit);
            case IMPID -> impId(reg, abi, value, current);
            case CLIDR -> clidr(reg, abi, value);
            case ID, AA32, RAZ, CTR -> generic(reg, abi, value, limit);
        };
    }

    private Verdict legacyPfr0(Register reg, long value, long current, long limit) {
        Field csv2 = reg.field("CSV2").orElseThrow();
        Field csv3 = reg.field("CSV3").orElseThrow();
        for (Field f : new Field[] {csv2, csv3}) {
            long v = f.get(value);
            if (v > 1 || (v == 1 && f.get(limit) == 0)) {
                return Verdict.rejected(Errno.EINVAL, reg.name(), f.name(), "legacy-csv", value, current,
                        f.name() + "=" + v + ": Linux 6.1 accepts 0, or 1 only on a host unaffected by the vulnerability");
            }
        }
        long diff = (value ^ current) & ~(csv2.mask() | csv3.mask());
        if (diff != 0) {
            return Verdict.rejected(Errno.EINVAL, reg.name(), FeatureCheck.fieldsOf(reg, diff), "invariant", value, current,
                    "Linux 6.1 lets userspace change only CSV2 and CSV3 of ID_AA64PFR0_EL1");
        }
        vm.vmRegs.put(reg.name(), value);
        return Verdict.accepted(reg.name(), value, current, "CSV2/CSV3 changed within the 6.1 rule");
    }

    private Verdict impId(Register reg, RegisterAbi abi, long value, long current) {
        if (value == current) {
            return Verdict.accepted(reg.name(), value, current, "equal to the current value");
        }
        if (!vm.impIdWritable()) {
            return Verdict.rejected(Errno.EINVAL, reg.name(), "-", "needs-cap-239", value, current,
                    "enable KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (239) on the VM before creating vCPUs to change the CPU identity");
        }
        if (vm.hasRun()) {
            return Verdict.rejected(Errno.EBUSY, reg.name(), "-", "immutable-after-run", value, current, "the VM has run");
        }
        if ((value & ~abi.mask()) != 0) {
            return Verdict.rejected(Errno.EINVAL, reg.name(), "-", "mask", value, current,
                    "bits outside " + Bits.hex64(abi.mask()) + " may not be set");
        }
        vm.vmRegs.put(reg.name(), value);
        return Verdict.accepted(reg.name(), value, current, "identity written (capability 239 enabled)");
    }

    private Verdict clidr(Register reg, RegisterAbi abi, long value) {
        long res0 = ~abi.mask();
        if ((value & res0) != 0) {
            return Verdict.rejected(Errno.EINVAL, reg.name(), FeatureCheck.fieldsOf(reg, value & res0), "res0", value, limit(reg), "RES0 bits set");
        }
        long ctr = view.value("CTR_EL0").orElse(0);
        long loc = value >>> 24 & 7;
        long louu = value >>> 27 & 7;
        long louis = value >>> 21 & 7;
        boolean impliesIdc = loc == 0 || (louis == 0 && louu == 0);
        if ((ctr >>> 28 & 1) == 0 && impliesIdc) {
            return Verdict.rejected(Errno.EINVAL, reg.name(), "LoC,LoUU,LoUIS", "clidr-idc", value, limit(reg),
                    "the value implies CTR_EL0.IDC (LoC == 0, or LoUIS == LoUU == 0) but the host's CTR_EL0.IDC is 0");
        }
        vcpuRegs.put(reg.name(), value);
        return Verdict.accepted(reg.name(), value, limit(reg), "CLIDR_EL1 accepted (RES0 clear, consistent with the host's IDC)");
    }

    private Verdict generic(Register reg, RegisterAbi abi, long value, long limit) {
        long v = value;
        for (Precheck p : abi.prechecks()) {
            Object r = precheck(p, reg, v, limit);
            if (r instanceof Verdict rej) {
                return rej;
            }
            v = (Long) r;
        }
        if (vm.hasRun()) {
            long stored = vm.vmRegs.getOrDefault(reg.name(), 0L);
            return v == stored ? Verdict.accepted(reg.name(), value, stored, "equal to the value fixed at first run")
                    : Verdict.rejected(Errno.EBUSY, reg.name(), FeatureCheck.fieldsOf(reg, v ^ stored), "immutable-after-run", value, stored,
                    "ID registers are immutable once a vCPU has run");
        }
        boolean raz = abi.kind() == RegisterKind.RAZ
                || (reg.name().equals("ID_AA64ZFR0_EL1") && !features.has(VcpuFeature.SVE));
        if (raz) {
            if (v != 0) {
                return Verdict.rejected(Errno.EINVAL, reg.name(), FeatureCheck.fieldsOf(reg, v), "raz", value, 0,
                        "the register reads as zero for this vCPU: only 0 is accepted");
            }
            vm.vmRegs.put(reg.name(), 0L);
            return Verdict.accepted(reg.name(), value, 0, "read-as-zero register written with 0");
        }
        Verdict verdict = FeatureCheck.check(reg, vm.kvm().kernel(), vm.mask(reg), limit, v);
        if (verdict.isAccepted()) {
            vm.vmRegs.put(reg.name(), v);
            return Verdict.accepted(reg.name(), value, limit, verdict.explanation());
        }
        return new Verdict(verdict.errno(), verdict.register(), verdict.field(), verdict.rule(), value, limit, verdict.explanation());
    }

    /** Returns the (possibly rewritten) value, or a rejecting Verdict. */
    private Object precheck(Precheck p, Register reg, long v, long limit) {
        switch (p) {
            case PFR0_MPAM_IGNORE -> {
                return clearIfEqualHost(reg, "MPAM", v);
            }
            case PFR1_MPAM_FRAC_IGNORE -> {
                return clearIfEqualHost(reg, "MPAM_frac", v);
            }
            case MMFR2_NV_IGNORE -> {
                return clearIfEqualHost(reg, "NV", v);
            }
            case PFR0_EL_NONZERO -> {
                for (String f : features.has(VcpuFeature.EL2) ? new String[] {"EL0", "EL1", "EL2"} : new String[] {"EL0", "EL1"}) {
                    Field fl = reg.field(f).orElseThrow();
                    if (fl.get(v) == 0) {
                        return Verdict.rejected(Errno.EINVAL, reg.name(), f, "precheck", v, limit, f + " must be implemented (non-zero)");
                    }
                }
                return v;
            }
            case PFR1_MTE_FRAC -> {
                Field mte = reg.field("MTE").orElseThrow();
                Field frac = reg.field("MTE_frac").orElseThrow();
                if (mte.get(limit) == 2 && frac.get(limit) == 0xF && frac.get(v) == 0) {
                    return frac.set(v, 0xF);
                }
                return v;
            }
            case DFR0_PMUVER_IMPDEF -> {
                Field f = reg.field("PMUVer").orElseThrow();
                return f.get(v) == 0xF ? f.set(v, 0) : v;
            }
            case DFR0_PMUVER_RESERVED -> {
                long pmu = reg.field("PMUVer").orElseThrow().get(v);
                if (pmu == 2 || pmu == 3) {
                    return Verdict.rejected(Errno.EINVAL, reg.name(), "PMUVer", "precheck", v, limit, "PMUVer 2 and 3 are reserved encodings");
                }
                return v;
            }
            case DFR0_DEBUGVER_MIN -> {
                if (reg.field("DebugVer").orElseThrow().get(v) < 6) {
                    return Verdict.rejected(Errno.EINVAL, reg.name(), "DebugVer", "precheck", v, limit, "DebugVer below 6 (Armv8.0 debug) is rejected");
                }
                return v;
            }
            case IDDFR0_PERFMON -> {
                Field pm = reg.field("PerfMon").orElseThrow();
                long val = v;
                if (pm.get(val) == 0xF) {
                    val = pm.set(val, 0);
                }
                long perf = pm.get(val);
                if (perf != 0 && perf < 3) {
                    return Verdict.rejected(Errno.EINVAL, reg.name(), "PerfMon", "precheck", v, limit, "PerfMon 1 and 2 (not PMUv3) are rejected");
                }
                if (reg.field("CopDbg").orElseThrow().get(val) < 6) {
                    return Verdict.rejected(Errno.EINVAL, reg.name(), "CopDbg", "precheck", v, limit, "CopDbg below 6 (Armv8 debug) is rejected");
                }
                return val;
            }
            case MMFR0_TGRAN2_NV -> {
                if (features.has(VcpuFeature.EL2)) {
                    for (String f : new String[] {"TGRAN4_2", "TGRAN16_2", "TGRAN64_2"}) {
                        Field fl = reg.field(f).orElseThrow();
                        if (fl.get(v) != fl.get(limit) && fl.get(v) != 1) {
                            return Verdict.rejected(Errno.EINVAL, reg.name(), f, "precheck", v, limit, f + " of a nested vCPU must equal the limit or be NI (1)");
                        }
                    }
                }
                return v;
            }
            case CTR_L1IP -> {
                long l1ip = reg.field("L1Ip").orElseThrow().get(v);
                if (l1ip < 2) {
                    return Verdict.rejected(Errno.EINVAL, reg.name(), "L1Ip", "precheck", v, limit, "L1Ip VPIPT (0) and AIVIVT (1) are rejected");
                }
                return v;
            }
            default -> throw new IllegalStateException("pre-check " + p + " not modelled");
        }
    }

    /** MPAM-style compatibility: a field equal to the host's raw sanitised value is accepted and cleared. */
    private long clearIfEqualHost(Register reg, String field, long v) {
        Field f = reg.field(field).orElseThrow();
        String key = "sanitised." + reg.name() + "." + field;
        long host = Long.decode(vm.kvm().profile().host().facts().getOrDefault(key, "0"));
        return f.get(v) == host ? f.set(v, 0) : v;
    }
}
