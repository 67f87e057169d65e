package org.cpumodel.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.junit.jupiter.api.Test;

/** Every value an emitter writes parses back (with the format's own reader) into the model's values. */
class EmitRoundTripTest {

    private final GuestCpuModel model = Fixtures.model();
    private final HostProfile host = Fixtures.n1();

    /** The model's register values, identity included: what a vCPU must end up with. */
    private Map<String, Long> expected() {
        Map<String, Long> m = new HashMap<>();
        model.registers().forEach(r -> m.put(r.register(), r.value()));
        m.put("MIDR_EL1", model.identity().midr());
        m.put("REVIDR_EL1", model.identity().revidr());
        m.put("AIDR_EL1", model.identity().aidr());
        return m;
    }

    private Map<String, Long> hostValues() {
        FeatureSetView v = host.featureSet(model.featureSet()).orElseThrow();
        Map<String, Long> m = new HashMap<>();
        expected().keySet().forEach(r -> m.put(r, v.value(r).orElseThrow()));
        return m;
    }

    private static Map<String, Long> apply(Map<String, Long> base, List<FieldSetting> fields) {
        Map<String, Long> out = new HashMap<>(base);
        for (FieldSetting f : fields) {
            out.computeIfPresent(f.register(), (k, v) -> f.applyTo(v));
        }
        return out;
    }

    private void checkQemu(QemuConfig c, boolean withHost) {
        if (withHost) {
            assertThat(apply(hostValues(), c.sysregFields())).isEqualTo(expected());
        } else {
            for (FieldSetting f : c.sysregFields()) {
                assertThat(f.applyTo(expected().get(f.register()))).as(f.toString()).isEqualTo(expected().get(f.register()));
            }
            assertThat(c.sysregFields()).extracting(FieldSetting::register).contains("ID_AA64ISAR0_EL1", "MIDR_EL1", "REVIDR_EL1", "AIDR_EL1");
        }
        assertThat(c.cpuProps()).containsEntry("pmu", "on").containsEntry("sve", "off").containsEntry("pauth", "off");
        assertThat(c.implCpus()).isEqualTo(model.identity().errataTargets());
        assertThat(c.hiddenRegs()).containsExactly(0x6030000000160003L);
        assertThat(c.safeMissingRegs()).containsExactly(0x603000000013c103L);
        assertThat(c.virtualization()).isFalse();
    }

    @Test
    void qemuParsesBackIntoTheModel() {
        checkQemu(QemuReader.parse(Emitters.emit(EmitFormat.QEMU, model, host).text()), true);
        checkQemu(QemuReader.parse(Emitters.emit(EmitFormat.QEMU, model, null).text()), false);
    }

    @Test
    void libvirtParsesBackIntoTheModel() {
        checkQemu(LibvirtReader.parse(Emitters.emit(EmitFormat.LIBVIRT, model, host).text()), true);
        checkQemu(LibvirtReader.parse(Emitters.emit(EmitFormat.LIBVIRT, model, null).text()), false);
    }

    @Test
    void firecrackerTemplateAppliedToTheHostGivesTheModel() {
        FirecrackerTemplate t = FirecrackerTemplate.parse(Emitters.emit(EmitFormat.FIRECRACKER, model, host).text());
        KnowledgeBase kb = KnowledgeBase.load();
        Map<String, Long> got = new HashMap<>();
        hostValues().forEach((r, v) -> got.put(r, t.apply(kb.require(r).encoding().oneRegId(), v)));
        assertThat(got).isEqualTo(expected());
        assertThat(t.kvmCapabilities()).containsExactly("126", "239");
        assertThat(t.featureFilter()).isEqualTo(0x78);
        assertThat(t.featureValue()).isEqualTo(0x08);
        // only the fields the model changes on this host are touched
        long pfr1 = kb.require("ID_AA64PFR1_EL1").encoding().oneRegId();
        assertThat(t.registers().get(pfr1)[0]).isEqualTo(0xF0L);
        assertThat(t.registers()).doesNotContainKey(kb.require("ID_AA64ISAR0_EL1").encoding().oneRegId());
    }

    @Test
    void firecrackerWithoutHostSetsEveryWritableFieldToTheModelValue() {
        FirecrackerTemplate t = FirecrackerTemplate.parse(Emitters.emit(EmitFormat.FIRECRACKER, model, null).text());
        KnowledgeBase kb = KnowledgeBase.load();
        expected().forEach((r, v) -> {
            long[] fv = t.registers().get(kb.require(r).encoding().oneRegId());
            assertThat(fv).as(r).isNotNull();
            assertThat(v & fv[0]).as(r).isEqualTo(fv[1]);
        });
    }

    @Test
    void kvmPlanParsesBackAndCarriesEveryValueInOrder() {
        for (HostProfile h : new HostProfile[] {host, null}) {
            String text = Emitters.emit(EmitFormat.KVM, model, h).text();
            KvmPlan p = KvmPlanJson.read(text);
            assertThat(KvmPlanJson.write(p)).isEqualTo(text);
            Map<String, Long> set = new HashMap<>();
            int lastIndex = -1;
            KnowledgeBase kb = KnowledgeBase.load();
            for (KvmPlan.Step s : p.steps()) {
                if (s instanceof KvmPlan.SetOneReg r && !r.register().startsWith("KVM_REG")) {
                    Register reg = kb.require(r.register());
                    assertThat(reg.encoding().oneRegId()).isEqualTo(r.id());
                    assertThat(reg.encoding().featureIdRangeIndex()).isGreaterThan(lastIndex);
                    lastIndex = reg.encoding().featureIdRangeIndex();
                    set.put(r.register(), r.value());
                }
            }
            assertThat(set).isEqualTo(expected());
            List<String> ops = p.steps().stream().map(KvmPlan.Step::op).toList();
            assertThat(ops.indexOf("KVM_ENABLE_CAP")).isLessThan(ops.indexOf("KVM_CREATE_VCPU"));
            assertThat(ops.indexOf("KVM_ARM_VM_SMCCC_FILTER")).isLessThan(ops.indexOf("KVM_CREATE_VCPU"));
            assertThat(ops.indexOf("KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS")).isLessThan(ops.indexOf("RESTORE_AFTER"));
            assertThat(p.steps()).anySatisfy(s -> assertThat(s).isEqualTo(new KvmPlan.SetOneReg("KVM_REG_ARM_VENDOR_HYP_BMAP_2",
                    0x6030000000160003L, 3, "advertise DISCOVER_IMPL_VER and _CPUS to the guest (bits 0 and 1)")));
            assertThat(p.hypercalls()).hasSize(3);
            assertThat(p.hypercalls().get(0).x2()).isEqualTo(2);
            assertThat(p.hypercalls().get(2).x1()).isEqualTo(model.identity().errataTargets().get(1).midr());
        }
    }

    @Test
    void aFieldTheHostCannotWriteIsAWarningAndNotSilentlyDropped() {
        // MMFR0 bits 7:4 (ASIDBits) are outside the fixture host's writable mask
        var regs = new java.util.ArrayList<>(model.registers());
        regs.replaceAll(r -> r.register().equals("ID_AA64MMFR0_EL1") ? new GuestCpuModel.RegisterSetting(r.register(), r.value() & ~0xF0L) : r);
        GuestCpuModel edited = new GuestCpuModel(null, model.name(), model.featureSet(), true, model.members(), regs, model.lowered(),
                model.losses(), model.gic(), model.identity(), model.vcpu(), model.regListDrift(), model.adjustments(), model.blockers(), model.notes());
        Emitters.Emitted e = Emitters.emit(EmitFormat.QEMU, edited, host);
        assertThat(e.warnings()).singleElement().asString().contains("ID_AA64MMFR0_EL1: ASIDBits");
        assertThat(e.text()).contains("# WARNING: ID_AA64MMFR0_EL1: ASIDBits");
    }

    @Test
    void readersRejectWhatTheyDoNotKnow() {
        assertThatThrownBy(() -> QemuReader.parse("-cpu host,SYSREG_ID_AA64ISAR0_EL1_NOPE=0x1")).hasMessageContaining("unknown register field");
        assertThatThrownBy(() -> QemuReader.parse("-cpu host,SYSREG_ID_AA64ISAR0_EL1_DP=0x10")).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> QemuReader.parse("-cpu max")).hasMessageContaining("must be 'host'");
        assertThatThrownBy(() -> FirecrackerTemplate.parse("{\"reg_modifiers\":[],\"extra\":1}")).hasMessageContaining("unknown key");
        assertThatThrownBy(() -> FirecrackerTemplate.parse("{\"reg_modifiers\":[{\"addr\":\"0x1\",\"bitmap\":\"0b012\"}]}"))
                .hasMessageContaining("bad bitmap");
        assertThatThrownBy(() -> KvmPlanJson.read("{\"format\":\"x\",\"version\":1}")).hasMessageContaining("not a cpumodel-kvm-plan");
        String plan = Emitters.emit(EmitFormat.KVM, model, host).text();
        assertThatThrownBy(() -> KvmPlanJson.read(plan.replaceFirst("\"why\"", "\"colour\" : 1, \"why\"")))
                .isInstanceOf(EmitException.class).hasMessageContaining("$.steps[0].colour").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> KvmPlanJson.read(plan.replaceFirst("\"model\" :", "\"modle\" :")))
                .isInstanceOf(EmitException.class).hasMessageContaining("$.modle");
        assertThatThrownBy(() -> KvmPlanJson.read(plan.replaceFirst("\"why\"", "\"device\" : \"x\", \"why\"")))
                .isInstanceOf(EmitException.class).hasMessageContaining("$.steps[0]").hasMessageContaining("keys other than those of");
        assertThatThrownBy(() -> KvmPlanJson.read(plan.replaceFirst("\"notes\" : \\[", "\"notes\" : [ null, ")))
                .isInstanceOf(EmitException.class).hasMessageContaining("$.notes[0]").hasMessageContaining("null");
    }
}
