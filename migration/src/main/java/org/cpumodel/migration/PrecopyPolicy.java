package org.cpumodel.migration;

/**
 * When pre-copy stops and how hard the guest is throttled, as QEMU decides it
 * (migration/migration.c, migration/ram.c): stop and copy once the pages still dirty fit the
 * downtime budget at the bandwidth measured so far, or at the iteration cap; auto-converge throttles
 * the vCPUs from 20 % in 10 % steps (at most 99 %) when, twice in a row, the guest dirtied more
 * than half of what the link moved in the same time (the source counts the passes).
 *
 * @param downtimeNanos the longest pause the guest may see (the stop-and-copy budget)
 * @param maxIterations pre-copy passes after the first before stop-and-copy regardless
 */
public record PrecopyPolicy(long downtimeNanos, int maxIterations) {

    public static final int THROTTLE_INITIAL = 20;
    public static final int THROTTLE_STEP = 10;
    public static final int THROTTLE_MAX = 99;

    public PrecopyPolicy {
        if (downtimeNanos <= 0) {
            throw new IllegalArgumentException("the downtime must be positive");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("at least one pre-copy iteration");
        }
    }

    /** Whether to stop the guest now: {@code dirtyBytes} still to move at {@code bytesPerSecond}, after {@code iteration} passes. */
    public boolean stopAndCopy(int iteration, long dirtyBytes, double bytesPerSecond) {
        return iteration >= maxIterations || expectedNanos(dirtyBytes, bytesPerSecond) <= downtimeNanos;
    }

    /** The time to move {@code bytes} at {@code bytesPerSecond}. */
    public static long expectedNanos(long bytes, double bytesPerSecond) {
        if (bytes == 0) {
            return 0;
        }
        if (bytesPerSecond <= 0) {
            return Long.MAX_VALUE;
        }
        return (long) Math.min(Long.MAX_VALUE, bytes / bytesPerSecond * 1e9);
    }

    /** The throttle (percent of each period the vCPUs are paused) after a pass that moved {@code sentBytes} while the guest dirtied {@code dirtiedBytes}. */
    public static int nextThrottle(int current, long dirtiedBytes, long sentBytes) {
        if (dirtiedBytes * 2 <= sentBytes) {
            return current;
        }
        return current == 0 ? THROTTLE_INITIAL : Math.min(THROTTLE_MAX, current + THROTTLE_STEP);
    }
}
