package org.cpumodel.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.profile.ProfileJson;
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

    /** A target that refuses one register the reference KVM accepts: the report says it is a model gap. */
    @Test
    void aRefusalTheReferenceDoesNotPredictIsReportedAsAGap() {
        HostProfile host = n1("", "");
        ReferenceTarget inner = new ReferenceTarget(host);
        PlanTarget picky = new PlanTarget() {
            public String describe() {
                return "picky";
            }

            public void enableCap(int cap) {
                inner.enableCap(cap);
            }

            public void setSmcccFilter(long base, int n, int action) {
            }

            public void createVcpu() {
                inner.createVcpu();
            }

            public void init(int f) {
                inner.init(f);
            }

            public void finalizeSve(List<Integer> v) {
            }

            public long getOneReg(long id) {
                return inner.getOneReg(id);
            }

            public void setOneReg(long id, long value) {
                if (id == 0x603000000013d801L) {
                    throw new TargetException("KVM_SET_ONE_REG", "EINVAL", "-", "kernel", "KVM_SET_ONE_REG failed: EINVAL (22)");
                }
                inner.setOneReg(id, value);
            }

            public void createVgicV3() {
                inner.createVgicV3();
            }

            public long getIccCtlr() {
                return inner.getIccCtlr();
            }

            public void setIccCtlr(long v) {
                inner.setIccCtlr(v);
            }

            public void close() {
            }
        };
        VerifyReport r = PlanExecutor.execute(plan(model()), picky, () -> host);
        assertThat(r.refused()).singleElement().satisfies(x -> {
            assertThat(x.register()).isEqualTo("CTR_EL0");
            assertThat(x.explanation()).contains("reference KVM accepts it");
        });
        assertThat(r.explainedBy()).contains("neoverse-n1_7.3");
    }
}
