package org.cpumodel.migration;

/**
 * How a migration went, from the source's side.
 *
 * @param outcome      what happened
 * @param detail       a sentence for people (the refusal, the failure, or the summary)
 * @param iterations   pre-copy passes (the first full pass included)
 * @param pagesSent    4 KiB pages sent, every pass and the stop-and-copy together
 * @param ramPages     the guest's RAM in pages
 * @param bytesSent    bytes written to the link, framing and state included
 * @param downtimeNanos the guest's pause: from stopping the vCPUs to the destination's RUNNING (-1 if it never ran there)
 * @param totalNanos   from connecting to the end
 * @param throttle     the highest auto-converge throttle used, percent
 */
public record MigrationReport(Outcome outcome, String detail, int iterations, long pagesSent, long ramPages, long bytesSent, long downtimeNanos,
                              long totalNanos, int throttle) {

    public enum Outcome {
        /** The guest runs on the destination; the source has stopped it. */
        MIGRATED,
        /** The destination refused the offer; nothing moved, the guest runs here. */
        REFUSED,
        /** A failure before the destination was told to go; the guest runs here. */
        FAILED_SOURCE_RUNS,
        /** The destination was told to go but never confirmed: the guest is stopped here and may run there. */
        UNCONFIRMED
    }

    /** One line: "migrated: 8 iterations, 70123 pages sent (273.9 MiB) of 65536 (256 MiB), downtime 412 ms, total 38.2 s, throttle 0 %". */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s: %d iteration(s), %d pages sent (%.1f MiB, %.2fx guest RAM of %d pages), %.1f MiB on the link, downtime %s, total %.1f s, throttle %d %%",
                outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), iterations, pagesSent, pagesSent * 4096 / 1048576.0,
                ramPages == 0 ? 0 : pagesSent / (double) ramPages, ramPages, bytesSent / 1048576.0,
                downtimeNanos < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.0f ms", downtimeNanos / 1e6), totalNanos / 1e9, throttle);
    }
}
