package org.cpumodel.kb;

/** A Linux kernel version reduced to major.minor, the granularity at which KVM's ABI is modelled. */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

    public KernelVersion {
        if (major < 2 || major > 99 || minor < 0 || minor > 999) {
            throw new IllegalArgumentException("implausible kernel version " + major + "." + minor);
        }
    }

    /**
     * Parses "6.12", "6.12.117", "6.12.117+deb13-arm64", "7.3.4-1": leading blanks, MAJOR.MINOR,
     * then nothing or one of {@code . - + ~ _ space} and anything. Scanned by hand: the knowledge
     * base parses hundreds of these at every start.
     */
    public static KernelVersion parse(String release) {
        String s = release == null ? "" : release;
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int majorStart = i;
        i = digits(s, i);
        int majorEnd = i;
        if (majorEnd == majorStart || i >= s.length() || s.charAt(i) != '.') {
            throw notARelease(release);
        }
        int minorStart = ++i;
        i = digits(s, i);
        int minorEnd = i;
        if (minorEnd == minorStart || (i < s.length() && ".-+~_ ".indexOf(s.charAt(i)) < 0)) {
            throw notARelease(release);
        }
        try {
            return new KernelVersion(Integer.parseInt(s, majorStart, majorEnd, 10), Integer.parseInt(s, minorStart, minorEnd, 10));
        } catch (NumberFormatException e) {
            throw notARelease(release);
        }
    }

    private static int digits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException notARelease(String release) {
        return new IllegalArgumentException("not a kernel release: '" + release + "' (expected e.g. 6.12 or 6.12.117-arm64)");
    }

    // equals and hashCode written out: a record's generated ones bootstrap method handles on first use
    @Override
    public boolean equals(Object o) {
        return o instanceof KernelVersion v && v.major == major && v.minor == minor;
    }

    @Override
    public int hashCode() {
        return major * 1000 + minor;
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
