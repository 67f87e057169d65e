package org.cpumodel.collect;

import org.cpumodel.profile.FeatureSet;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVm;

/**
 * CNTFRQ_EL0, the frequency of the system counter a guest sees. KVM does not virtualise it (a guest
 * reads the host's register; arch/arm64/kvm/sys_regs.c has no user accessor for it, and it is not
 * in KVM_GET_REG_LIST), so it is read the way a guest reads it: an MRS at EL1 in a scratch VM's
 * vCPU ({@link KvmVcpu#readSysregsAsGuest}). Two hosts with different values cannot exchange a running
 * guest: its timekeeping would run at the wrong rate after the move.
 */
public final class CounterFrequency {

    /** CNTFRQ_EL0 (3,3,14,0,0). */
    public static final int CNTFRQ_EL0 = KvmRegId.sysregEncoding(3, 3, 14, 0, 0);

    private CounterFrequency() {
    }

    /** Reads CNTFRQ_EL0 in a scratch guest of {@code kvm} (Hz); nothing of it stays open. */
    public static long read(KvmSystem kvm) {
        try (KvmVm vm = kvm.createVm(); KvmVcpu vcpu = vm.createVcpu(0, FeatureSet.DEFAULT.initBits(), java.util.List.of())) {
            long hz = vcpu.readSysregsAsGuest(CNTFRQ_EL0)[0];
            if (hz <= 0 || hz > 0xFFFF_FFFFL) {
                throw new CollectException("CNTFRQ_EL0 read in a scratch guest is " + hz + ": not a counter frequency (firmware left it unset?)");
            }
            return hz;
        }
    }

    /** "62.5 MHz", "1 GHz", "24 MHz". */
    public static String describe(long hz) {
        if (hz % 1_000_000_000L == 0) {
            return hz / 1_000_000_000L + " GHz";
        }
        if (hz % 1_000L == 0 && hz >= 1_000_000L) {
            return java.math.BigDecimal.valueOf(hz, 6).stripTrailingZeros().toPlainString() + " MHz";
        }
        return hz + " Hz";
    }
}
