package org.cpumodel.planner.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostFacts;
import org.cpumodel.profile.HostProfile;

/**
 * The counter-frequency rule of a pool: every member's CNTFRQ_EL0 must be equal. A guest reads the
 * host's CNTFRQ_EL0 directly: in Linux 6.12 arch/arm64/kvm/sys_regs.c lists no descriptor for it in
 * {@code sys_reg_descs} (the timer registers it does trap, CNTPCT/CNTP_*, go to
 * {@code access_arch_timer}), so KVM neither traps it nor offers it to userspace through
 * KVM_GET/SET_ONE_REG. Moved to a host whose counter runs at another rate, a running guest keeps
 * converting counter ticks with the old frequency and its clocks jump. {@code collect} records the
 * value as the profile fact {@value HostFacts#COUNTER_FREQUENCY_HZ}; a profile without it (an import) does not know it.
 */
public final class CounterFrequencyRule {

    public static final String RULE = "CNTFRQ_EL0 is guest-visible and KVM does not virtualise it: a guest reads the host's own value"
            + " (arch/arm64/kvm/sys_regs.c has no trap or userspace accessor for it), so every member must run its counter at the same frequency, or a moved guest's timekeeping would jump";

    private CounterFrequencyRule() {
    }

    /** The counter frequency a profile records (Hz), empty when it does not know it. */
    public static OptionalLong of(HostProfile p) {
        return HostFacts.counterFrequencyHz(p);
    }

    /** The frequency every member knows and agrees on, or null (some member does not know it, or they differ). */
    public static Long common(List<HostProfile> hosts) {
        Long hz = null;
        for (HostProfile p : hosts) {
            OptionalLong v = of(p);
            if (v.isEmpty() || (hz != null && hz != v.getAsLong())) {
                return null;
            }
            hz = v.getAsLong();
        }
        return hz;
    }

    /**
     * Blockers for members whose known frequency differs from the first known one, and conditions for
     * members that do not know theirs while another member does (the model holds if theirs is equal).
     */
    public static void apply(List<HostProfile> hosts, List<GuestCpuModel.Blocker> blockers, List<GuestCpuModel.Condition> conditions) {
        HostProfile first = null;
        long hz = 0;
        for (HostProfile p : hosts) {
            OptionalLong v = of(p);
            if (v.isPresent() && first == null) {
                first = p;
                hz = v.getAsLong();
            }
        }
        if (first == null) {
            return;
        }
        List<GuestCpuModel.Condition> unknown = new ArrayList<>();
        for (HostProfile p : hosts) {
            OptionalLong v = of(p);
            if (v.isEmpty()) {
                unknown.add(condition(p.host().name(), hz));
            } else if (v.getAsLong() != hz) {
                blockers.add(blocker(first.host().name(), p.host().name(), hz, v.getAsLong()));
            }
        }
        conditions.addAll(unknown);
    }

    public static GuestCpuModel.Blocker blocker(String host, String other, long hz, long otherHz) {
        String why = "the system counter runs at " + mhz(hz) + " on " + host + " and at " + mhz(otherHz) + " on " + other
                + "; CNTFRQ_EL0 is guest-visible and KVM does not virtualise it, so a guest moved between them would keep"
                + " converting counter ticks at the old rate and its timekeeping would jump";
        return new GuestCpuModel.Blocker(host, other, "CNTFRQ_EL0", "-", mhz(hz), mhz(otherHz), why, RULE, "all", true);
    }

    public static GuestCpuModel.Condition condition(String host, long assumedHz) {
        return new GuestCpuModel.Condition(host, "CNTFRQ_EL0", "-", assumedHz, "counter frequency unknown for " + host
                + ": measure with cpumodel collect; the model holds if its counter runs at " + mhz(assumedHz));
    }

    /** "62.5 MHz", "1000 MHz", "24 MHz". */
    public static String mhz(long hz) {
        return BigDecimal.valueOf(hz, 6).stripTrailingZeros().toPlainString() + " MHz";
    }
}
