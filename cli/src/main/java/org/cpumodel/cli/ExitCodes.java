package org.cpumodel.cli;

/** Exit codes every cpumodel command uses; scripts rely on them. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A negative verdict: incompatible, rejected, pool impossible. */
    public static final int NEGATIVE = 1;
    /** Bad usage or bad input. */
    public static final int USAGE = 2;
    /** Environment problem: no /dev/kvm, permission denied, kernel too old, not arm64. */
    public static final int ENVIRONMENT = 3;

    private ExitCodes() {
    }
}
