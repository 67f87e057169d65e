package org.cpumodel.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.junit.jupiter.api.Test;

/** The plan executor against the reference KVM: what holds, what is refused and why. */
class PlanExecutorTest {

    static String resource(String name) {
        try (InputStream in = PlanExecutorTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static GuestCpuModel model() {
        return ModelJson.parse("model", resource("model-n1-a76.json"));
    }

    static HostProfile n1(String edit, String with) {
        return ProfileJson.parse("host", resource("host-neoverse-n1_7.3.json").replace(edit, with));
    }

    static KvmPlan plan(GuestCpuModel m) {
        return KvmPlanEmitter.plan(ModelDelta.of(m, null));
    }

    @Test
    void theModelHoldsOnAMember() {
        VerifyReport r = PlanExecutor.dryRun(plan(model()), n1("", ""));
        assertThat(r.holds()).as(VerifyReports.text(r)).isTrue();
        assertThat(r.registers()).extracting(RegisterResult::register).contains("MIDR_EL1", "ID_AA64MMFR0_EL1", "CTR_EL0",
                "KVM_REG_ARM_VENDOR_HYP_BMAP_2", "ICC_CTLR_EL1");
        assertThat(r.registers()).allSatisfy(x -> assertThat(x.readBack()).isEqualTo(x.wanted()));
    }

    @Test
    void aHostWithASmallerLimitRefusesAtTheFieldAndRule() {
        // this host's PARange limit is 1 (36 bits): the model's 2 is not lower-safe
        HostProfile small = n1("\"ID_AA64MMFR0_EL1\" : \"0x0000000000101125\"", "\"ID_AA64MMFR0_EL1\" : \"0x0000000000101121\"");
        VerifyReport r = PlanExecutor.dryRun(plan(model()), small);
        assertThat(r.holds()).isFalse();
        assertThat(r.refused()).singleElement().satisfies(x -> {
            assertThat(x.register()).isEqualTo("ID_AA64MMFR0_EL1");
            assertThat(x.errno()).isEqualTo("EINVAL");
            assertThat(x.field()).isEqualTo("PARange");
            assertThat(x.rule()).isEqualTo("LOWER_SAFE");
        });
        assertThat(VerifyReports.text(r)).contains("DOES NOT HOLD: 13 of 14");
    }

    @Test
    void withoutCapability239TheIdentityIsRefused() {
        HostProfile noCap = n1("\"239\" : 1", "\"239\" : 0");
        VerifyReport r = PlanExecutor.dryRun(plan(model()), noCap);
        assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.op()).isEqualTo("KVM_ENABLE_CAP"));
        assertThat(r.refused()).extracting(RegisterResult::register).containsExactly("MIDR_EL1");
        assertThat(r.refused().getFirst().rule()).isEqualTo("needs-cap-239");
    }

    @Test
    void aGicWithFewerPriorityBitsRefusesIccCtlr() {
        HostProfile gic = n1("\"iccCtlr\" : \"0x0000000000008400\"", "\"iccCtlr\" : \"0x0000000000008300\"");
        VerifyReport r = PlanExecutor.dryRun(plan(model()), gic);
        assertThat(r.refused()).singleElement().satisfies(x -> {
            assertThat(x.register()).isEqualTo("ICC_CTLR_EL1");
            assertThat(x.field()).isEqualTo("PRIbits");
        });
    }

    /** A KVM that refuses one register the reference KVM accepts: the report says it is a model gap. */
    @Test
    void aRefusalTheReferenceDoesNotPredictIsReportedAsAGap() {
        HostProfile host = n1("", "");
        KvmSystem picky = new RefusingKvm(new ReferenceKvm(host), KvmRegId.sysreg(3, 3, 0, 0, 1)); // CTR_EL0
        VerifyReport r = PlanExecutor.execute(plan(model()), picky, () -> host);
        assertThat(r.target()).isEqualTo("picky");
        assertThat(r.refused()).singleElement().satisfies(x -> {
            assertThat(x.register()).isEqualTo("CTR_EL0");
            assertThat(x.errno()).isEqualTo("EINVAL");
            assertThat(x.explanation()).contains("reference KVM accepts it");
        });
        assertThat(r.explainedBy()).contains("neoverse-n1_7.3");
    }

    /** Without a profile to explain it, a refusal names the ioctl and errno the KVM gave. */
    @Test
    void anUnexplainedRefusalNamesTheIoctlAndErrno() {
        KvmSystem picky = new RefusingKvm(new ReferenceKvm(n1("", "")), KvmRegId.sysreg(3, 3, 0, 0, 1));
        VerifyReport r = PlanExecutor.execute(plan(model()), picky, null);
        assertThat(r.refused()).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("kernel");
            assertThat(x.explanation()).isEqualTo("KVM_SET_ONE_REG(0x603000000013d801) failed: EINVAL (22)");
            assertThat(x.field()).as("no field differs: the model's CTR_EL0 is this member's own").isEqualTo("-");
        });
    }

    /** The reference KVM behind the KVM interface, except that KVM_SET_ONE_REG of one id answers EINVAL. */
    record RefusingKvm(KvmSystem inner, long refusedId) implements KvmSystem {
        public String describe() {
            return "picky";
        }

        public long checkExtension(int cap) {
            return inner.checkExtension(cap);
        }

        public KvmVm createVm() {
            KvmVm vm = inner.createVm();
            return new KvmVm() {
                public void enableCap(int cap) {
                    vm.enableCap(cap);
                }

                public void setSmcccFilter(int base, int n, int action) {
                    vm.setSmcccFilter(base, n, action);
                }

                public KvmVcpu createVcpu(int id) {
                    return new RefusingVcpu(vm.createVcpu(id), refusedId);
                }

                public long[] getRegWritableMasks(int range) {
                    return vm.getRegWritableMasks(range);
                }

                public KvmVgic createVgicV3() {
                    KvmVgic g = vm.createVgicV3();
                    return new KvmVgic() {
                        public long getCpuSysreg(KvmVcpu v, int sysreg) {
                            return g.getCpuSysreg(((RefusingVcpu) v).inner(), sysreg);
                        }

                        public void setCpuSysreg(KvmVcpu v, int sysreg, long value) {
                            g.setCpuSysreg(((RefusingVcpu) v).inner(), sysreg, value);
                        }

                        public void close() {
                        }
                    };
                }

                public void close() {
                }
            };
        }

        public void close() {
        }
    }

    record RefusingVcpu(KvmVcpu inner, long refusedId) implements KvmVcpu {
        public int id() {
            return inner.id();
        }

        public void init(int features) {
            inner.init(features);
        }

        public void finalizeSve(List<Integer> vectorLengths) {
            inner.finalizeSve(vectorLengths);
        }

        public long getOneReg(long id) {
            return inner.getOneReg(id);
        }

        public byte[] getOneRegBytes(long id) {
            return inner.getOneRegBytes(id);
        }

        public void setOneReg(long id, long value) {
            if (id == refusedId) {
                throw new KvmIoctlException("KVM_SET_ONE_REG", Errno.EINVAL.number(), OptionalLong.of(id), null);
            }
            inner.setOneReg(id, value);
        }

        public void setOneRegBytes(long id, byte[] value) {
            inner.setOneRegBytes(id, value);
        }

        public long[] getRegList() {
            return inner.getRegList();
        }

        public long[] readSysregsAsGuest(int... sysregEncodings) {
            return inner.readSysregsAsGuest(sysregEncodings);
        }

        public void close() {
        }
    }

    /**
     * A pool member without AArch32 at EL0 (issue 10 d): the kernel makes the AArch32 ID registers RAZ
     * with userspace writes ignored (sys_regs.c aa32_id_visibility), so a model that keeps them
     * (another member's pre-check forbids lowering ID_DFR0_EL1.CopDbg) reads 0 there: the dry run holds,
     * as the planner's check says, and says why.
     */
    @Test
    void aHostWithoutAarch32El0IgnoresTheAarch32RegistersAndTheModelHolds() {
        GuestCpuModel m = model();
        List<GuestCpuModel.RegisterSetting> regs = new java.util.ArrayList<>(m.registers().stream()
                .map(r -> r.register().equals("ID_AA64PFR0_EL1") ? new GuestCpuModel.RegisterSetting(r.register(), (r.value() & ~0xFL) | 1) : r)
                .toList());
        regs.add(0, new GuestCpuModel.RegisterSetting("ID_DFR0_EL1", 0x16L)); // CopDbg 6 (Armv8 debug): the lowest the pre-check takes
        GuestCpuModel aa64 = ModelJson.identify(new GuestCpuModel(null, m.name(), m.featureSet(), true, m.members(), regs, m.lowered(), m.losses(),
                m.gic(), m.identity(), m.vcpu(), m.regListDrift(), m.adjustments(), m.blockers(), m.notes()));
        String pfr0 = "\"ID_AA64PFR0_EL1\" : \"0x1100000011110112\",";
        HostProfile noAa32 = n1(pfr0, "\"ID_DFR0_EL1\" : \"0x0000000000000000\", \"ID_AA64PFR0_EL1\" : \"0x1100000011110111\",");
        HostProfile aa32 = n1(pfr0, "\"ID_DFR0_EL1\" : \"0x0000000000000016\", " + pfr0);
        assertThat(aa64.registers()).anySatisfy(r -> {
            assertThat(r.register()).isEqualTo("ID_DFR0_EL1");
            assertThat(r.value()).isNotZero();
        });
        VerifyReport r = PlanExecutor.dryRun(plan(aa64), noAa32);
        assertThat(r.holds()).as(VerifyReports.text(r)).isTrue();
        assertThat(r.registers()).filteredOn(x -> x.register().equals("ID_DFR0_EL1")).singleElement().satisfies(x -> {
            assertThat(x.readBack()).isZero();
            assertThat(x.rule()).isEqualTo("aarch32-raz-wi");
        });
        // on a host with AArch32 at EL0 a read-back of 0 is still a mismatch: the expectation is the kernel's, not a tolerance
        assertThat(PlanExecutor.dryRun(plan(aa64), aa32).registers()).filteredOn(x -> x.register().equals("ID_DFR0_EL1"))
                .singleElement().satisfies(x -> assertThat(x.readBack()).isEqualTo(x.wanted()));
    }
}
