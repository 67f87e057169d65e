package org.cpumodel.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Linux kernel version reduced to major.minor, the granularity at which KVM's ABI is modelled. */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

    private static final Pattern RELEASE = Pattern.compile("^\\s*(\\d+)\\.(\\d+)(?:[.\\-+~_ ].*)?$");

    public KernelVersion {
        if (major < 2 || major > 99 || minor < 0 || minor > 999) {
            throw new IllegalArgumentException("implausible kernel version " + major + "." + minor);
        }
    }

    /** Parses "6.12", "6.12.117", "6.12.117+deb13-arm64", "7.3.4-1". */
    public static KernelVersion parse(String release) {
        Matcher m = RELEASE.matcher(release == null ? "" : release);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a kernel release: '" + release + "' (expected e.g. 6.12 or 6.12.117-arm64)");
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public boolean atLeast(KernelVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
