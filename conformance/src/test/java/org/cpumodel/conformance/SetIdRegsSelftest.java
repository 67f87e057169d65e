package org.cpumodel.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.reference.ReferenceVm;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmCap;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel selftest tools/testing/selftests/kvm/arm64/set_id_regs.c (procedures A-G of
 * kvm-arm64-semantics.md section 5; the 6.12 copy in linux-source-6.12 was read too) ported to
 * run against the reference KVM, on real host data: the emulated lab's 12 hosts (Linux 6.12) and
 * the three Graviton fixtures under the rules of 6.12 and 7.3 (their own kernel, 6.1, predates the
 * test: the selftest skips there, and so does this port, which checks that skip too). Like the C
 * test, it talks to KVM only through its interface (KvmSystem, KvmVm, KvmVcpu): the reference KVM
 * answers instead of the kernel.
 */
class SetIdRegsSelftest {

    enum Type { EXACT, LOWER_SAFE, HIGHER_SAFE, HIGHER_OR_ZERO_SAFE }

    /** One entry of the selftest's ftr tables (the test's own view of the field, not the kernel's). */
    record TestField(String reg, String field, int shift, Type type, boolean signed, long safe) {
    }

    /** The union of the 6.12 and newest selftest tables; a field the host's kernel does not make writable is skipped. */
    static final List<TestField> FIELDS = List.of(
            f("ID_AA64DFR0_EL1", "DoubleLock", 36, Type.LOWER_SAFE, true, 0), f("ID_AA64DFR0_EL1", "WRPs", 20, Type.LOWER_SAFE, false, 0),
            f("ID_AA64DFR0_EL1", "PMUVer", 8, Type.LOWER_SAFE, true, 0), f("ID_AA64DFR0_EL1", "DebugVer", 0, Type.LOWER_SAFE, false, 6),
            f("ID_DFR0_EL1", "PerfMon", 24, Type.LOWER_SAFE, true, 3), f("ID_DFR0_EL1", "CopDbg", 0, Type.LOWER_SAFE, false, 6),
            f("ID_AA64ISAR0_EL1", "RNDR", 60), f("ID_AA64ISAR0_EL1", "TLB", 56), f("ID_AA64ISAR0_EL1", "TS", 52), f("ID_AA64ISAR0_EL1", "FHM", 48),
            f("ID_AA64ISAR0_EL1", "DP", 44), f("ID_AA64ISAR0_EL1", "SM4", 40), f("ID_AA64ISAR0_EL1", "SM3", 36), f("ID_AA64ISAR0_EL1", "SHA3", 32),
            f("ID_AA64ISAR0_EL1", "RDM", 28), f("ID_AA64ISAR0_EL1", "TME", 24), f("ID_AA64ISAR0_EL1", "Atomic", 20), f("ID_AA64ISAR0_EL1", "CRC32", 16),
            f("ID_AA64ISAR0_EL1", "SHA2", 12), f("ID_AA64ISAR0_EL1", "SHA1", 8), f("ID_AA64ISAR0_EL1", "AES", 4),
            f("ID_AA64ISAR1_EL1", "LS64", 60), f("ID_AA64ISAR1_EL1", "XS", 56), f("ID_AA64ISAR1_EL1", "I8MM", 52), f("ID_AA64ISAR1_EL1", "DGH", 48),
            f("ID_AA64ISAR1_EL1", "BF16", 44), f("ID_AA64ISAR1_EL1", "SPECRES", 40), f("ID_AA64ISAR1_EL1", "SB", 36), f("ID_AA64ISAR1_EL1", "FRINTTS", 32),
            f("ID_AA64ISAR1_EL1", "LRCPC", 20), f("ID_AA64ISAR1_EL1", "FCMA", 16), f("ID_AA64ISAR1_EL1", "JSCVT", 12), f("ID_AA64ISAR1_EL1", "DPB", 0),
            f("ID_AA64ISAR2_EL1", "BC", 20), f("ID_AA64ISAR2_EL1", "RPRES", 4), f("ID_AA64ISAR2_EL1", "WFxT", 0),
            f("ID_AA64ISAR3_EL1", "FPRCVT", 28), f("ID_AA64ISAR3_EL1", "LSUI", 24), f("ID_AA64ISAR3_EL1", "LSFE", 16), f("ID_AA64ISAR3_EL1", "FAMINMAX", 4),
            f("ID_AA64PFR0_EL1", "CSV3", 60), f("ID_AA64PFR0_EL1", "CSV2", 56), f("ID_AA64PFR0_EL1", "DIT", 48), f("ID_AA64PFR0_EL1", "SEL2", 36),
            f("ID_AA64PFR0_EL1", "GIC", 24, Type.EXACT, false, 0),
            f("ID_AA64PFR0_EL1", "EL3", 12, Type.LOWER_SAFE, false, 1), f("ID_AA64PFR0_EL1", "EL2", 8, Type.LOWER_SAFE, false, 1),
            f("ID_AA64PFR0_EL1", "EL1", 4, Type.LOWER_SAFE, false, 1), f("ID_AA64PFR0_EL1", "EL0", 0, Type.LOWER_SAFE, false, 1),
            f("ID_AA64PFR1_EL1", "DF2", 56), f("ID_AA64PFR1_EL1", "CSV2_frac", 32), f("ID_AA64PFR1_EL1", "SSBS", 4), f("ID_AA64PFR1_EL1", "BT", 0),
            f("ID_AA64MMFR0_EL1", "ECV", 60), f("ID_AA64MMFR0_EL1", "EXS", 44),
            f("ID_AA64MMFR0_EL1", "TGRAN4_2", 40, Type.EXACT, false, 1), f("ID_AA64MMFR0_EL1", "TGRAN64_2", 36, Type.EXACT, false, 1),
            f("ID_AA64MMFR0_EL1", "TGRAN16_2", 32, Type.EXACT, false, 1),
            f("ID_AA64MMFR0_EL1", "TGRAN4", 28, Type.LOWER_SAFE, true, 0), f("ID_AA64MMFR0_EL1", "TGRAN64", 24, Type.LOWER_SAFE, true, 0),
            f("ID_AA64MMFR0_EL1", "TGRAN16", 20), f("ID_AA64MMFR0_EL1", "BIGENDEL0", 16), f("ID_AA64MMFR0_EL1", "SNSMEM", 12),
            f("ID_AA64MMFR0_EL1", "BIGEND", 8), f("ID_AA64MMFR0_EL1", "ASIDBITS", 4), f("ID_AA64MMFR0_EL1", "PARANGE", 0),
            f("ID_AA64MMFR1_EL1", "TIDCP1", 52), f("ID_AA64MMFR1_EL1", "AFP", 44), f("ID_AA64MMFR1_EL1", "HCX", 40), f("ID_AA64MMFR1_EL1", "ETS", 36),
            f("ID_AA64MMFR1_EL1", "TWED", 32), f("ID_AA64MMFR1_EL1", "SpecSEI", 24, Type.HIGHER_SAFE, false, 0), f("ID_AA64MMFR1_EL1", "PAN", 20),
            f("ID_AA64MMFR1_EL1", "LO", 16), f("ID_AA64MMFR1_EL1", "HPDS", 12), f("ID_AA64MMFR1_EL1", "HAFDBS", 0),
            f("ID_AA64MMFR2_EL1", "E0PD", 60), f("ID_AA64MMFR2_EL1", "BBM", 52), f("ID_AA64MMFR2_EL1", "TTL", 48), f("ID_AA64MMFR2_EL1", "AT", 32),
            f("ID_AA64MMFR2_EL1", "ST", 28), f("ID_AA64MMFR2_EL1", "VARange", 16), f("ID_AA64MMFR2_EL1", "IESB", 12), f("ID_AA64MMFR2_EL1", "LSM", 8),
            f("ID_AA64MMFR2_EL1", "UAO", 4), f("ID_AA64MMFR2_EL1", "CnP", 0),
            f("ID_AA64MMFR3_EL1", "S1POE", 16), f("ID_AA64MMFR3_EL1", "S1PIE", 8), f("ID_AA64MMFR3_EL1", "SCTLRX", 4), f("ID_AA64MMFR3_EL1", "TCRX", 0),
            f("ID_AA64ZFR0_EL1", "F64MM", 56), f("ID_AA64ZFR0_EL1", "F32MM", 52), f("ID_AA64ZFR0_EL1", "I8MM", 44), f("ID_AA64ZFR0_EL1", "SM4", 40),
            f("ID_AA64ZFR0_EL1", "SHA3", 32), f("ID_AA64ZFR0_EL1", "BF16", 20), f("ID_AA64ZFR0_EL1", "BitPerm", 16), f("ID_AA64ZFR0_EL1", "AES", 4),
            f("ID_AA64ZFR0_EL1", "SVEver", 0));

    private static TestField f(String reg, String field, int shift) {
        return new TestField(reg, field, shift, Type.LOWER_SAFE, false, 0);
    }

    private static TestField f(String reg, String field, int shift, Type t, boolean signed, long safe) {
        return new TestField(reg, field, shift, t, signed, safe);
    }

    static Stream<Arguments> hosts() {
        List<Arguments> out = new ArrayList<>();
        for (HostProfile p : HostFixtures.labLog()) {
            out.add(Arguments.of(p.host().name(), p));
        }
        for (HostProfile g : HostFixtures.graviton()) {
            for (String k : new String[] {"6.12.117", "7.3.4"}) {
                HostProfile p = HostFixtures.underKernel(g, k);
                out.add(Arguments.of(p.host().name(), p));
            }
        }
        return out.stream();
    }

    // ---- value generation, as the selftest does it (5.3), including its unmasked shifts ----

    static long safeValue(TestField t, long f) {
        if (t.signed() && f == 15) {
            return f;
        }
        return switch (t.type()) {
            case EXACT -> t.safe();
            case LOWER_SAFE -> f > t.safe() ? f - 1 : f;
            case HIGHER_SAFE -> t.signed() ? (f < 14 ? f + 1 : f) : (f < 15 ? f + 1 : f);
            case HIGHER_OR_ZERO_SAFE -> t.signed() ? (f == 0 || f == 14 ? f : f + 1) : (f == 15 ? 0 : f == 0 ? 0 : f + 1);
        };
    }

    static long invalidValue(TestField t, long f) {
        if (t.signed() && f == 15) {
            return 0;
        }
        return switch (t.type()) {
            case EXACT -> Math.max(t.safe() + 1, f + 1);
            case LOWER_SAFE -> f + 1;
            case HIGHER_SAFE -> f - 1;
            case HIGHER_OR_ZERO_SAFE -> f == 0 ? (t.signed() ? 14 : 15) : f - 1;
        };
    }

    /** The selftest replaces the field and shifts the new value in without masking it. */
    static long replaceField(long reg, TestField t, long value) {
        long mask = 0xFL << t.shift();
        return (reg & ~mask) | (value << t.shift());
    }

    /** KVM_SET_ONE_REG's answer: the errno ({@link Errno#OK} when accepted) and, for assertion messages, why. */
    record Answer(Errno errno, String why) {
        boolean accepted() {
            return errno == Errno.OK;
        }
    }

    static Answer set(KvmVcpu vcpu, long id, long value) {
        try {
            vcpu.setOneReg(id, value);
            return new Answer(Errno.OK, "accepted");
        } catch (KvmIoctlException e) {
            return new Answer(e.errnoConstant().orElseThrow(), e.getMessage());
        }
    }

    private static long id(String reg) {
        return KnowledgeBase.load().require(reg).encoding().oneRegId();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void setIdRegs(String name, HostProfile profile) {
        ReferenceKvm reference = new ReferenceKvm(profile);
        KvmSystem kvm = reference;
        assertThat(kvm.checkExtension(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES)).as("selftest requires capability 230").isNotZero();
        ReferenceVm referenceVm = reference.createVm();
        KvmVm vm = referenceVm;
        boolean impId = kvm.checkExtension(KvmCap.ARM_WRITABLE_IMP_ID_REGS) != 0;
        if (impId) {
            vm.enableCap(KvmCap.ARM_WRITABLE_IMP_ID_REGS);
        }
        KvmVcpu vcpu = vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
        vm.createVgicV3();
        boolean aarch64Only = (vcpu.getOneReg(id("ID_AA64PFR0_EL1")) & 0xF) == 1;
        Map<String, Long> expected = new LinkedHashMap<>();
        List<String> results = new ArrayList<>();

        // A. test_vm_ftr_id_regs (a reserved word set is outside the KVM interface: asked of the reference VM itself)
        KvmIoctlException reserved = org.assertj.core.api.Assertions.catchThrowableOfType(KvmIoctlException.class,
                () -> referenceVm.writableMasks(KvmRegId.FEATURE_ID_RANGE, true));
        assertThat(reserved).as("masks ioctl with a reserved word set must fail").isNotNull();
        assertThat(reserved.errnoConstant()).contains(Errno.EINVAL);
        long[] masks = vm.getRegWritableMasks(KvmRegId.FEATURE_ID_RANGE);
        for (TestField t : FIELDS) {
            Register reg = KnowledgeBase.load().require(t.reg());
            if (!profile.defaultView().recorded(t.reg()) || profile.defaultView().absent(t.reg())) {
                results.add("skip " + t.reg() + "." + t.field() + " (not recorded for this host)");
                continue;
            }
            if (aarch64Only && reg.encoding().crm() < 4) {
                results.add("skip " + t.reg() + "." + t.field() + " (AArch32 register, RAZ/WI)");
                continue;
            }
            long fieldMask = 0xFL << t.shift();
            if ((masks[reg.encoding().featureIdRangeIndex()] & fieldMask) != fieldMask) {
                results.add("skip " + t.reg() + "." + t.field() + " (not writable on Linux " + reference.kernel() + ")");
                continue;
            }
            long rid = reg.encoding().oneRegId();
            long before = vcpu.getOneReg(rid);
            long f = (before >>> t.shift()) & 0xF;
            long bad = replaceField(before, t, invalidValue(t, f));
            Answer v = set(vcpu, rid, bad);
            assertThat(v.errno()).as("%s: set_fail %s.%s=%s (%s)", name, t.reg(), t.field(), Bits.hex64(bad), v.why()).isEqualTo(Errno.EINVAL);
            assertThat(vcpu.getOneReg(rid)).as("value unchanged after a refused write").isEqualTo(before);
            long good = replaceField(vcpu.getOneReg(rid), t, safeValue(t, f));
            Answer ok = set(vcpu, rid, good);
            assertThat(ok.accepted()).as("%s: set_success %s.%s=%s (%s)", name, t.reg(), t.field(), Bits.hex64(good), ok.why()).isTrue();
            assertThat(vcpu.getOneReg(rid)).as("read back equals the written value").isEqualTo(good);
            expected.put(t.reg(), good);
            results.add("pass " + t.reg() + "." + t.field());
        }

        // B. test_vcpu_ftr_id_regs: CLIDR_EL1, CTR_EL0, MPIDR_EL1
        if (profile.defaultView().recorded("CLIDR_EL1")) {
            long clidr = vcpu.getOneReg(id("CLIDR_EL1"));
            int level = -1;
            for (int n = 1; n <= 7; n++) {
                if ((clidr >>> (3 * (n - 1)) & 7) == 0) {
                    level = n;
                    break;
                }
            }
            assertThat(level).as("a cache level with Ctype 0 exists").isPositive();
            long nc = clidr | 4L << (3 * (level - 1));
            assertThat(set(vcpu, id("CLIDR_EL1"), nc).accepted()).as("CLIDR_EL1 unified cache at level %s", level).isTrue();
            expected.put("CLIDR_EL1", nc);
        }
        if (profile.defaultView().recorded("CTR_EL0") && reference.kernel().atLeast(new org.cpumodel.kb.KernelVersion(6, 11))) {
            long ctr = vcpu.getOneReg(id("CTR_EL0")) & ~(1L << 29);
            if ((ctr & 0xF) != 0) {
                ctr -= 1;
            }
            Answer v = set(vcpu, id("CTR_EL0"), ctr);
            assertThat(v.accepted()).as("CTR_EL0 DIC cleared, IminLine lowered: %s", v.why()).isTrue();
            expected.put("CTR_EL0", ctr);
        }
        long mpidr = vcpu.getOneReg(id("MPIDR_EL1")) + 1;
        assertThat(set(vcpu, id("MPIDR_EL1"), mpidr).accepted()).isTrue();
        expected.put("MPIDR_EL1", mpidr);

        // C. test_vcpu_non_ftr_id_regs: MIDR, REVIDR, AIDR + 1 (needs capability 239)
        if (impId) {
            for (String r : new String[] {"MIDR_EL1", "REVIDR_EL1", "AIDR_EL1"}) {
                if (!profile.defaultView().recorded(r)) {
                    continue;
                }
                long v = vcpu.getOneReg(id(r)) + 1;
                Answer answer = set(vcpu, id(r), v);
                assertThat(answer.accepted()).as("%s +1 with capability 239: %s", r, answer.why()).isTrue();
                expected.put(r, v);
            }
        }

        // D. test_user_set_mpam_reg
        mpam(vcpu, masks, "ID_AA64PFR0_EL1", 40, results);
        mpam(vcpu, masks, "ID_AA64PFR1_EL1", 16, results);

        // E. test_user_set_mte_reg: skip unless MTE2 without ASYNC on the host
        long pfr1 = vcpu.getOneReg(id("ID_AA64PFR1_EL1"));
        if ((pfr1 >>> 8 & 0xF) == 2 && (pfr1 >>> 40 & 0xF) == 0xF && (masks[33] & 0xF0000000000L) == 0) {
            assertThat(set(vcpu, id("ID_AA64PFR1_EL1"), pfr1 & ~0xF0000000000L).accepted()).as("MTE_frac 0 accepted").isTrue();
        } else {
            results.add("skip MTE (host has no MTE2 without ASYNC)");
        }

        // F. test_guest_reg_read: a guest reading the registers (KVM_RUN) sees what was written (PFR0.GIC may change at run)
        List<String> regs = List.copyOf(expected.keySet());
        long[] seen = vcpu.readSysregsAsGuest(regs.stream().mapToInt(r -> KvmRegId.sysregEncoding(id(r))).toArray());
        for (int i = 0; i < regs.size(); i++) {
            long mut = regs.get(i).equals("ID_AA64PFR0_EL1") ? 0xFL << 24 : 0;
            assertThat(seen[i] & ~mut).as("guest view of %s", regs.get(i)).isEqualTo(expected.get(regs.get(i)) & ~mut);
        }
        // after the run, a different value is refused with EBUSY and the same value is accepted
        long pfr0 = vcpu.getOneReg(id("ID_AA64PFR0_EL1"));
        assertThat(set(vcpu, id("ID_AA64PFR0_EL1"), pfr0).accepted()).isTrue();
        long isar0 = vcpu.getOneReg(id("ID_AA64ISAR0_EL1"));
        assertThat(set(vcpu, id("ID_AA64ISAR0_EL1"), isar0 ^ 0x10L).errno()).as("a different value after the run").isEqualTo(Errno.EBUSY);
        assertThat(vcpu.getOneReg(id("ID_AA64ISAR0_EL1"))).isEqualTo(isar0);

        // G. test_reset_preserves_id_regs
        vcpu.init(FeatureSet.DEFAULT.initBits());
        for (var e : expected.entrySet()) {
            long mut = e.getKey().equals("ID_AA64PFR0_EL1") ? 0xFL << 24 : 0;
            assertThat(vcpu.getOneReg(id(e.getKey())) & ~mut).as("%s preserved across vCPU reset", e.getKey()).isEqualTo(e.getValue() & ~mut);
        }
        long passed = results.stream().filter(r -> r.startsWith("pass")).count();
        assertThat(passed).as("fields exercised on %s: %s", name, results).isGreaterThanOrEqualTo(40);
    }

    private static void mpam(KvmVcpu vcpu, long[] masks, String regName, int shift, List<String> results) {
        Register reg = KnowledgeBase.load().require(regName);
        long fm = 0xFL << shift;
        if ((masks[reg.encoding().featureIdRangeIndex()] & fm) == fm) {
            results.add("skip MPAM " + regName + " (officially writable)");
            return;
        }
        long rid = reg.encoding().oneRegId();
        long v = vcpu.getOneReg(rid) & ~fm;
        assertThat(set(vcpu, rid, v).accepted()).as("%s MPAM 0 accepted", regName).isTrue();
        Answer one = set(vcpu, rid, v | 1L << shift);
        results.add((one.accepted() ? "pass" : "skip") + " MPAM " + regName + "=1");
        assertThat(set(vcpu, rid, v | 2L << shift).accepted()).as("%s MPAM 2 refused", regName).isFalse();
    }

    @Test
    void theSelftestSkipsOnLinux61WhereTheMaskIoctlDoesNotExist() {
        for (HostProfile g : HostFixtures.graviton()) {
            KvmSystem kvm = new ReferenceKvm(g);
            assertThat(kvm.checkExtension(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES)).isZero();
            KvmVm vm = kvm.createVm();
            KvmIoctlException e = org.assertj.core.api.Assertions.catchThrowableOfType(KvmIoctlException.class,
                    () -> vm.getRegWritableMasks(KvmRegId.FEATURE_ID_RANGE));
            assertThat(e.errnoConstant()).contains(Errno.EINVAL);
            KvmVcpu vcpu = vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), List.of());
            long isar0 = vcpu.getOneReg(id("ID_AA64ISAR0_EL1"));
            // lowering any field is refused on 6.1: ID registers are invariant there
            assertThat(set(vcpu, id("ID_AA64ISAR0_EL1"), isar0 & ~0xF0L).errno()).isEqualTo(Errno.EINVAL);
            assertThat(set(vcpu, id("ID_AA64ISAR0_EL1"), isar0).accepted()).isTrue();
        }
    }

    @Test
    void atLeastEightHostProfiles() {
        assertThat(hosts().count()).isGreaterThanOrEqualTo(8);
    }
}
