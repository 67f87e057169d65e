package org.cpumodel.kernel.reference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.Encoding;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.SysregField;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs.MPIDR_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.Precheck;
import org.cpumodel.kernel.abi.RegisterAbi;
import org.cpumodel.kernel.abi.RegisterKind;
import org.cpumodel.kernel.rules.ClidrRule;
import org.cpumodel.kernel.rules.FeatureCheck;
import org.cpumodel.kernel.rules.PrecheckRule;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.VcpuFeature;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.GuestExitException;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVcpu;

/**
 * A vCPU of the reference KVM: KVM_ARM_VCPU_INIT, KVM_GET/SET_ONE_REG on system registers (and the
 * DEMUX CCSIDRs, the SVE vector lengths and VENDOR_HYP_BMAP_2), KVM_GET_REG_LIST, SVE finalisation and
 * KVM_RUN, as the host's kernel answers them. {@link #setOneRegExplained} gives the answer to a write
 * with its reason; {@link #setOneReg} is the same write through the KVM interface.
 */
public final class ReferenceVcpu implements KvmVcpu {

    private final ReferenceVm vm;
    private final int id;
    private FeatureSet features;
    private FeatureSetView view;
    private final Map<String, Long> vcpuRegs = new HashMap<>();
    /** SVE: the largest vector length (in 128-bit quadwords) this vCPU offers, and whether it is finalised. */
    private int sveMaxVq;
    private boolean sveFinalized;
    private Verdict lastVerdict;

    ReferenceVcpu(ReferenceVm vm, int id) {
        this.vm = vm;
        this.id = id;
    }

    @Override
    public int id() {
        return id;
    }

    public FeatureSet features() {
        return features;
    }

    /** The reference VM this vCPU belongs to. */
    public ReferenceVm vm() {
        return vm;
    }

    /** The verdict of the last write to this vCPU (accepted or not), for reports; null before any. */
    public Verdict lastVerdict() {
        return lastVerdict;
    }

    /** KVM_ARM_VCPU_INIT with kvm_vcpu_init.features[0] = {@code features}. */
    @Override
    public void init(int features) {
        FeatureSet fs;
        try {
            fs = FeatureSet.fromInitBits(features);
        } catch (IllegalArgumentException e) {
            throw new KvmIoctlException("KVM_ARM_VCPU_INIT", Errno.EINVAL, e.getMessage());
        }
        init(fs);
    }

    /** KVM_ARM_VCPU_INIT with the given features (PSCI 0.2 implied). */
    public void init(FeatureSet fs) {
        if (features != null && !features.equals(fs)) {
            throw new KvmIoctlException("KVM_ARM_VCPU_INIT", Errno.EINVAL, "re-init with different features (" + features + " then " + fs + ")");
        }
        FeatureSetView v = vm.kvm().profile().featureSet(fs).orElseThrow(() -> new KvmIoctlException("KVM_ARM_VCPU_INIT", Errno.EINVAL,
                "host " + vm.kvm().profile().host().name() + " does not offer vCPU features '" + fs + "' (profile has: "
                        + String.join(", ", vm.kvm().profile().featureSets().keySet()) + ")"));
        if (features == null) {
            vm.initialiseIdRegs(v);
            for (String name : new String[] {Sysregs.MPIDR_EL1.NAME, Sysregs.CLIDR_EL1.NAME}) {
                v.value(name).ifPresent(val -> vcpuRegs.put(name, name.equals(Sysregs.MPIDR_EL1.NAME) ? mpidr(id) : val));
            }
            List<Integer> vls = v.sveVectorLengths();
            sveMaxVq = vls.isEmpty() ? 0 : vls.getLast() / 128;
        }
        features = fs;
        view = v;
    }

    /** The MPIDR_EL1 KVM gives vCPU {@code id} (reset_mpidr). */
    static long mpidr(int id) {
        // Aff0 = vcpu_id[3:0], Aff1 = vcpu_id[11:4], Aff2 = vcpu_id[19:12], the RES1 bit set
        long v = MPIDR_EL1.Aff0.set(MPIDR_EL1.RES1, id & 0xF);
        v = MPIDR_EL1.Aff1.set(v, id >> 4);
        return MPIDR_EL1.Aff2.set(v, id >> 12);
    }

    private void requireInit(String ioctl) {
        if (features == null) {
            throw new KvmIoctlException(ioctl, Errno.ENOEXEC, "vCPU not initialised: call KVM_ARM_VCPU_INIT first");
        }
    }

    // ---- SVE (arch/arm64/kvm/guest.c get_sve_vls/set_sve_vls, reset.c kvm_arm_vcpu_finalize) ----

    /** The vector lengths (quadwords 1..16) the host offers an SVE vCPU: the profile's SVE_VLS of a fresh vCPU. */
    private boolean sveAvailable(int vq) {
        return view.sveVectorLengths().contains(vq * 128);
    }

    private byte[] sveVls() {
        if (!features.has(VcpuFeature.SVE)) {
            throw new KvmIoctlException("KVM_GET_ONE_REG", Errno.ENOENT.number(), OptionalLong.of(KvmRegId.SVE_VLS), "not an SVE vCPU");
        }
        byte[] vls = new byte[KvmRegId.sizeBytes(KvmRegId.SVE_VLS)];
        for (int vq = 1; vq <= sveMaxVq; vq++) {
            if (sveAvailable(vq)) {
                vls[(vq - 1) / 8] |= (byte) (1 << ((vq - 1) % 8));
            }
        }
        return vls;
    }

    private void setSveVls(byte[] vls) {
        String ioctl = "KVM_SET_ONE_REG";
        if (!features.has(VcpuFeature.SVE)) {
            throw refusal(ioctl, Errno.ENOENT, "not an SVE vCPU");
        }
        if (sveFinalized) {
            throw refusal(ioctl, Errno.EPERM, "SVE is finalised: the vector lengths are fixed");
        }
        int maxVq = 0;
        for (int bit = 0; bit < vls.length * 8; bit++) {
            if ((vls[bit / 8] >>> (bit % 8) & 1) != 0) {
                maxVq = bit + 1;
            }
        }
        int hostMax = view.sveVectorLengths().isEmpty() ? 0 : view.sveVectorLengths().getLast() / 128;
        if (maxVq > hostMax) {
            throw refusal(ioctl, Errno.EINVAL, "vector length " + maxVq * 128 + " exceeds the host's " + hostMax * 128);
        }
        for (int vq = 1; vq <= maxVq; vq++) {
            boolean wanted = (vls[(vq - 1) / 8] >>> ((vq - 1) % 8) & 1) != 0;
            if (wanted != sveAvailable(vq)) {
                throw refusal(ioctl, Errno.EINVAL, "the lengths up to the largest must be exactly the host's (" + view.sveVectorLengths()
                        + "): KVM can only cap the vector length, not hide one");
            }
        }
        if (maxVq == 0) {
            throw refusal(ioctl, Errno.EINVAL, "no vector length");
        }
        sveMaxVq = maxVq;
    }

    private static KvmIoctlException refusal(String ioctl, Errno errno, String why) {
        return new KvmIoctlException(ioctl, errno.number(), OptionalLong.of(KvmRegId.SVE_VLS), why);
    }

    @Override
    public void finalizeSve(List<Integer> vectorLengths) {
        requireInit("KVM_ARM_VCPU_FINALIZE");
        if (!vectorLengths.isEmpty()) {
            byte[] vls = new byte[KvmRegId.sizeBytes(KvmRegId.SVE_VLS)];
            for (int bits : vectorLengths) {
                int vq = bits / 128;
                if (bits % 128 != 0 || vq < 1 || vq > vls.length * 8) {
                    throw new IllegalArgumentException("not an SVE vector length: " + bits + " bits");
                }
                vls[(vq - 1) / 8] |= (byte) (1 << ((vq - 1) % 8));
            }
            setOneRegBytes(KvmRegId.SVE_VLS, vls);
        }
        if (!features.has(VcpuFeature.SVE)) {
            throw new KvmIoctlException("KVM_ARM_VCPU_FINALIZE", Errno.EINVAL, "not an SVE vCPU");
        }
        if (sveFinalized) {
            throw new KvmIoctlException("KVM_ARM_VCPU_FINALIZE", Errno.EPERM, "SVE already finalised");
        }
        sveFinalized = true;
    }

    private void requireFinalized(String ioctl) {
        if (features.has(VcpuFeature.SVE) && !sveFinalized) {
            throw new KvmIoctlException(ioctl, Errno.EPERM, "an SVE vCPU needs KVM_ARM_VCPU_FINALIZE first");
        }
    }

    // ---- KVM_RUN ----

    /** KVM_RUN: marks the VM as run (ID registers become immutable). */
    public void run() {
        readSysregsAsGuest();
    }

    /**
     * KVM_RUN of a guest reading system registers: the reference KVM runs no code, but knows what such a
     * guest reads: at the first run KVM finalises the VM's ID registers, and an ID register read by the
     * guest (trapped to KVM) returns the VM's value, the one KVM_GET_ONE_REG then returns (set_id_regs'
     * test_guest_reg_read checks exactly this). Registers outside its model stop the guest.
     */
    @Override
    public long[] readSysregsAsGuest(int... sysregEncodings) {
        requireInit("KVM_RUN");
        requireFinalized("KVM_RUN");
        vm.finaliseSysRegs();
        if (features.has(VcpuFeature.EL2) && !vm.hasVgic()) {
            // arm.c kvm_arch_vcpu_run_pid_change (after kvm_finalize_sys_regs) -> vgic-init.c kvm_vgic_vcpu_nv_init ->
            // vgic.c kvm_vgic_set_owner of the maintenance interrupt: -EAGAIN while no vGIC is initialised; the VM has not run
            throw new KvmIoctlException("KVM_RUN", Errno.EAGAIN, "an EL2 (nested virtualisation) vCPU needs an in-kernel vGIC "
                    + "for its maintenance interrupt (kvm_vgic_vcpu_nv_init)");
        }
        if (features.has(VcpuFeature.PMU)) {
            // arm.c kvm_arch_vcpu_run_pid_change -> pmu-emul.c kvm_arm_pmu_v3_enable: a vCPU created with the PMU
            // feature needs KVM_ARM_VCPU_PMU_V3_INIT (vCPU device attribute) before its first run, else -EINVAL;
            // the VM is not marked as run (KVM_ARCH_FLAG_HAS_RAN_ONCE is set only after it). The reference KVM
            // models no PMU attributes, so its PMU vCPUs are never initialised.
            throw new KvmIoctlException("KVM_RUN", Errno.EINVAL, "a PMU vCPU runs only after KVM_ARM_VCPU_PMU_V3_INIT "
                    + "(kvm_arm_pmu_v3_enable), which the reference KVM does not model");
        }
        vm.markRun();
        long[] values = new long[sysregEncodings.length];
        for (int i = 0; i < values.length; i++) {
            long regId = KvmRegId.sysreg(sysregEncodings[i]);
            try {
                values[i] = getOneReg(regId);
            } catch (KvmIoctlException e) {
                Encoding enc = Encoding.fromOneRegId(regId);
                String name = vm.kvm().kb().byEncoding(enc).map(Register::name).orElse(enc.genericName());
                throw new GuestExitException(KvmExit.UNKNOWN, "the reference KVM does not model what a guest reads from " + name
                        + " (a register KVM does not expose traps as undefined): " + e.getMessage());
            }
        }
        return values;
    }

    private Register lookup(String ioctl, long regId) {
        requireInit(ioctl);
        Encoding e = Encoding.fromOneRegId(regId);
        if (e == null) {
            throw new KvmIoctlException(ioctl, Errno.ENOENT.number(), OptionalLong.of(regId),
                    "not a 64-bit system register id the reference KVM models");
        }
        Register reg = vm.kvm().kb().byEncoding(e).orElse(null);
        if (reg == null || !view.recorded(reg.name()) || view.absent(reg.name())) {
            throw new KvmIoctlException(ioctl, Errno.ENOENT.number(), OptionalLong.of(regId),
                    (reg == null ? e.genericName() : reg.name()) + " is not exposed by this host's KVM");
        }
        return reg;
    }

    private boolean aa32WriteIgnored(Register reg) {
        return org.cpumodel.kernel.rules.Aarch32IdRule.writeIgnored(reg, vm.kvm().aarch32El0());
    }

    private boolean isVcpuScoped(Register reg) {
        return reg.name().equals(Sysregs.MPIDR_EL1.NAME) || reg.name().equals(Sysregs.CLIDR_EL1.NAME);
    }

    /** KVM_GET_ONE_REG of a system register, a DEMUX CCSIDR (the profile's) or KVM_REG_ARM_VENDOR_HYP_BMAP_2. */
    @Override
    public long getOneReg(long regId) {
        if (KvmRegId.isCcsidr(regId)) {
            requireInit("KVM_GET_ONE_REG");
            Long v = view.ccsidr() == null ? null : view.ccsidr().get((int) (regId & KvmRegId.DEMUX_VAL_MASK));
            if (v == null) {
                throw new KvmIoctlException("KVM_GET_ONE_REG", Errno.ENOENT.number(), OptionalLong.of(regId), "no such cache level on this host");
            }
            return v;
        }
        if (regId == KvmRegId.VENDOR_HYP_BMAP_2) {
            requireInit("KVM_GET_ONE_REG");
            return vm.vendorHypBmap2("KVM_GET_ONE_REG");
        }
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

    /** KVM_SET_ONE_REG through the KVM interface: a refusal is a {@link ReferenceRefusal} carrying the verdict. */
    @Override
    public void setOneReg(long regId, long value) {
        Verdict v = setOneRegExplained(regId, value);
        if (!v.isAccepted()) {
            throw new ReferenceRefusal("KVM_SET_ONE_REG", OptionalLong.of(regId), v);
        }
    }

    /** KVM_SET_ONE_REG: the kernel's answer, with the field and rule that decided it. */
    public Verdict setOneRegExplained(long regId, long value) {
        lastVerdict = decide(regId, value);
        return lastVerdict;
    }

    private Verdict decide(long regId, long value) {
        if (regId == KvmRegId.VENDOR_HYP_BMAP_2 && features != null) {
            return vendorHypBmap2(value);
        }
        Register reg;
        try {
            reg = lookup("KVM_SET_ONE_REG", regId);
        } catch (KvmIoctlException e) {
            String name = Encoding.fromOneRegId(regId) == null ? String.format("0x%016x", regId) : Encoding.fromOneRegId(regId).genericName();
            Errno errno = e.errnoConstant().orElseThrow();
            return Verdict.rejected(errno, name, "-", errno == Errno.ENOEXEC ? "vcpu-not-initialised" : "no-such-register", value, 0, e.getMessage());
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
        SysregField csv2 = ID_AA64PFR0_EL1.CSV2;
        SysregField csv3 = ID_AA64PFR0_EL1.CSV3;
        for (SysregField f : new SysregField[] {csv2, csv3}) {
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
                    "enable KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (" + KvmCap.ARM_WRITABLE_IMP_ID_REGS + ") on the VM before creating vCPUs to change the CPU identity");
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
        long ctr = view.value(CTR_EL0.NAME).orElse(0);
        if (!ClidrRule.consistentWithCtr(value, ctr)) {
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
                || (reg.name().equals(Sysregs.ID_AA64ZFR0_EL1.NAME) && !features.has(VcpuFeature.SVE));
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

    /** Returns the (possibly rewritten) value, or a rejecting Verdict ({@link PrecheckRule}). */
    private Object precheck(Precheck p, Register reg, long v, long limit) {
        SysregField ignored = PrecheckRule.ignoredField(p);
        long out;
        if (ignored != null && hostSanitised(ignored) == null) {
            // the profile does not record the host's hidden value (imports): never taken as 0; a value other than 0 or the
            // limit's own is undecidable (a model that relies on it states it as a condition, applied by ModelCheck)
            long fv = ignored.get(v);
            if (fv != 0 && fv != ignored.get(limit)) {
                // unless fv is the host's own value, the kernel keeps it: arm64_check_features refuses it (EINVAL), or,
                // once the VM has run, set_id_reg refuses any value but the one fixed at the first run (EBUSY) first
                boolean ran = vm.hasRun();
                return Verdict.rejected(ran ? Errno.EBUSY : Errno.EINVAL, reg.name(), ignored.name(), "hidden-host-value-unknown", v, limit,
                        "the kernel accepts " + ignored.name() + " only as 0 or the host's own value, which this profile does not record"
                                + (ran ? " (the VM has run: any other value is refused with EBUSY)" : "") + ": measure the host with 'cpumodel collect'");
            }
            out = v;
        } else {
            out = PrecheckRule.rewrite(p, v, limit, ignored == null ? 0 : hostSanitised(ignored));
        }
        PrecheckRule.Refusal refusal = PrecheckRule.refusal(p, out, limit, features.has(VcpuFeature.EL2));
        if (refusal != null) {
            return Verdict.rejected(Errno.EINVAL, reg.name(), refusal.field().name(), "precheck", v, limit, refusal.why());
        }
        return out;
    }

    /** The host's raw sanitised value of a field KVM hides but accepts back (host fact sanitised.REG.Field), null when not recorded. */
    private Long hostSanitised(SysregField f) {
        String v = vm.kvm().profile().host().facts().get(Precheck.hiddenFact(f.register(), f.name()));
        return v == null ? null : Long.decode(v);
    }

    private Verdict vendorHypBmap2(long value) {
        String name = "KVM_REG_ARM_VENDOR_HYP_BMAP_2";
        if (!vm.kvm().abi().hasVendorHypBmap2()) {
            return Verdict.rejected(Errno.ENOENT, name, "-", "no-such-register", value, 0,
                    "firmware register KVM_REG_ARM_VENDOR_HYP_BMAP_2 does not exist on Linux " + vm.kvm().kernel());
        }
        Errno e = vm.setVendorHypBmap2(value);
        return switch (e) {
            case OK -> Verdict.accepted(name, value, 0, "hypercall bitmap written");
            case EINVAL -> Verdict.rejected(e, name, "-", "unsupported-bits", value, 0, "only bits 0 and 1 (DISCOVER_IMPL_VER, DISCOVER_IMPL_CPUS) exist");
            default -> Verdict.rejected(e, name, "-", "immutable-after-run", value, 0, "the VM has run: the bitmap can no longer change");
        };
    }

    /** KVM_GET_ONE_REG of any size: the SVE vector lengths, or a register of at most 8 bytes as little-endian bytes. */
    @Override
    public byte[] getOneRegBytes(long regId) {
        requireInit("KVM_GET_ONE_REG");
        if (regId == KvmRegId.SVE_VLS) {
            return sveVls();
        }
        int size = KvmRegId.sizeBytes(regId);
        if (size > 8) {
            throw new KvmIoctlException("KVM_GET_ONE_REG", Errno.ENOENT.number(), OptionalLong.of(regId), "not a register the reference KVM models");
        }
        long v = getOneReg(regId);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    /** KVM_SET_ONE_REG with raw little-endian bytes: the SVE vector lengths, or a register of at most 8 bytes. */
    @Override
    public void setOneRegBytes(long regId, byte[] value) {
        int size = KvmRegId.sizeBytes(regId);
        if (value.length != size) {
            throw new IllegalArgumentException("register " + KvmRegId.hex(regId) + " is " + size + " bytes, got " + value.length);
        }
        requireInit("KVM_SET_ONE_REG");
        if (regId == KvmRegId.SVE_VLS) {
            setSveVls(value);
            return;
        }
        if (size > 8) {
            throw new KvmIoctlException("KVM_SET_ONE_REG", Errno.ENOENT.number(), OptionalLong.of(regId), "not a register the reference KVM models");
        }
        setOneReg(regId, org.cpumodel.kb.Bits.littleEndian(value, size));
    }

    /** KVM_GET_REG_LIST: the list the host's KVM gave a fresh vCPU of these features (recorded in the profile). */
    @Override
    public long[] getRegList() {
        requireInit("KVM_GET_REG_LIST");
        requireFinalized("KVM_GET_REG_LIST");
        List<Long> list = view.regListIfKnown().orElseThrow(() -> new IllegalStateException("the profile of "
                + vm.kvm().profile().host().name() + " records no register list for features '" + features + "'"));
        return list.stream().mapToLong(Long::longValue).toArray();
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }
}
