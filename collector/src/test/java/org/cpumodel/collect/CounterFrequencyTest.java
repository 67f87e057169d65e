package org.cpumodel.collect;

import org.cpumodel.profile.HostFacts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVm;
import org.junit.jupiter.api.Test;

class CounterFrequencyTest {

    /** A KVM whose scratch guest answers MRS CNTFRQ_EL0 with {@code hz}; records the calls. */
    static KvmSystem kvm(long hz, List<String> calls) {
        KvmVcpu vcpu = (KvmVcpu) Proxy.newProxyInstance(KvmVcpu.class.getClassLoader(), new Class<?>[] {KvmVcpu.class}, (p, m, a) -> {
            calls.add(m.getName());
            return switch (m.getName()) {
                case "readSysregsAsGuest" -> {
                    int[] enc = (int[]) a[0];
                    assertThat(enc).containsExactly(CounterFrequency.CNTFRQ_EL0);
                    yield new long[] {hz};
                }
                case "id" -> 0;
                default -> null;
            };
        });
        KvmVm vm = (KvmVm) Proxy.newProxyInstance(KvmVm.class.getClassLoader(), new Class<?>[] {KvmVm.class}, (p, m, a) -> {
            if (m.isDefault()) {
                return java.lang.reflect.InvocationHandler.invokeDefault(p, m, a);
            }
            calls.add("vm." + m.getName());
            return m.getName().equals("createVcpu") ? vcpu : null;
        });
        return (KvmSystem) Proxy.newProxyInstance(KvmSystem.class.getClassLoader(), new Class<?>[] {KvmSystem.class},
                (p, m, a) -> m.getName().equals("createVm") ? vm : null);
    }

    @Test
    void readsTheRegisterInAScratchGuestAndClosesIt() {
        List<String> calls = new ArrayList<>();
        assertThat(CounterFrequency.read(kvm(62_500_000L, calls))).isEqualTo(62_500_000L);
        assertThat(calls).containsSubsequence("vm.createVcpu", "init", "readSysregsAsGuest", "close", "vm.close");
    }

    @Test
    void encodingIsCntfrqEl0() {
        // op0=3 op1=3 CRn=14 CRm=0 op2=0: 0b11_011_1110_0000_000
        assertThat(CounterFrequency.CNTFRQ_EL0).isEqualTo(0xDF00);
    }

    @Test
    void zeroIsRefused() {
        assertThatThrownBy(() -> CounterFrequency.read(kvm(0, new ArrayList<>()))).isInstanceOf(CollectException.class).hasMessageContaining("CNTFRQ_EL0");
    }

    @Test
    void describesFrequencies() {
        assertThat(CounterFrequency.describe(62_500_000L)).isEqualTo("62.5 MHz");
        assertThat(CounterFrequency.describe(1_000_000_000L)).isEqualTo("1 GHz");
        assertThat(CounterFrequency.describe(24_000_000L)).isEqualTo("24 MHz");
        assertThat(CounterFrequency.describe(32_768L)).isEqualTo("32768 Hz");
    }

    @Test
    void aProfileRecordsItAsAFactAndAnImportDoesNotKnowIt() {
        org.cpumodel.profile.HostProfile p = org.cpumodel.profile.ProfileJson.read(java.nio.file.Path.of("../examples/fleet/cortex-a76_7.3.json"));
        assertThat(HostFacts.counterFrequencyHz(p)).as("a profile without the fact").isEmpty();
        org.cpumodel.profile.HostProfile with = HostFacts.withCounterFrequency(p, 62_500_000L);
        assertThat(with.host().facts()).containsEntry("counter.frequency_hz", "62500000");
        assertThat(HostFacts.counterFrequencyHz(with)).hasValue(62_500_000L);
        assertThat(with.id()).as("the content id is computed again when written").isNull();
        assertThat(with.featureSets()).isEqualTo(p.featureSets());
    }
}
