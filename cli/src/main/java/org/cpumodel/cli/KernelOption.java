package org.cpumodel.cli;

import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kernel.abi.AbiTable;

/**
 * A kernel release named on the command line ({@code --kernel}): parsed, and refused (usage error,
 * exit 2) when malformed or newer than the newest release kernel-abi.txt was checked against, so a
 * guess such as 8.0 never silently gets the newest row's rules.
 */
final class KernelOption {

    private KernelOption() {
    }

    static KernelVersion parse(String option, String value) {
        KernelVersion k;
        try {
            k = KernelVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(option + ": " + e.getMessage());
        }
        KernelVersion newest = AbiTable.load().newestKnown();
        if (newest != null && k.compareTo(newest) > 0) {
            throw CliException.usage(option + " " + value + ": newer than Linux " + newest
                    + ", the newest kernel whose KVM rules cpumodel knows; give " + newest + " or older, or collect on the host with 'cpumodel collect'");
        }
        return k;
    }
}
