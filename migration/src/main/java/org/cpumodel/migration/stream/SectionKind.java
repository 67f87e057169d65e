package org.cpumodel.migration.stream;

/**
 * The kinds of section in a migration stream, with their numbers on the wire. Source to
 * destination: {@link #OFFER}, then {@link #RAM} batches ending each pre-copy pass with
 * {@link #PASS_END}, then the paused machine ({@link #VCPU} per vCPU, {@link #VGIC}, {@link #UART},
 * {@link #STATE_END}), then {@link #GO}. Destination to source: {@link #VERDICT} on the offer,
 * {@link #READY} once restored, {@link #RUNNING}. {@link #ABORT} either way, with a reason.
 */
public enum SectionKind {
    OFFER(1), VERDICT(2), RAM(3), PASS_END(4), VCPU(5), VGIC(6), UART(7), STATE_END(8), READY(9), GO(10), RUNNING(11), ABORT(12);

    private final int code;

    SectionKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind with this number, or null. */
    public static SectionKind of(int code) {
        for (SectionKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
