package org.cpumodel.kb;

/**
 * An inclusive range of kernel versions; a null bound is open. Written {@code 6.7..6.18},
 * {@code 7.0..}, {@code ..6.18} or {@code all} in the data files.
 */
public record KernelRange(KernelVersion from, KernelVersion to) {

    public static final KernelRange ALL = new KernelRange(null, null);

    public static KernelRange parse(String text) {
        String t = text.trim();
        if (t.equals("all") || t.equals("..")) {
            return ALL;
        }
        int dots = t.indexOf("..");
        if (dots < 0) {
            KernelVersion v = KernelVersion.parse(t);
            return new KernelRange(v, v);
        }
        String a = t.substring(0, dots);
        String b = t.substring(dots + 2);
        return new KernelRange(a.isEmpty() ? null : KernelVersion.parse(a), b.isEmpty() ? null : KernelVersion.parse(b));
    }

    public boolean contains(KernelVersion v) {
        return (from == null || v.compareTo(from) >= 0) && (to == null || v.compareTo(to) <= 0);
    }

    @Override
    public String toString() {
        if (from == null && to == null) {
            return "all";
        }
        if (from != null && from.equals(to)) {
            return from.toString();
        }
        return (from == null ? "" : from.toString()) + ".." + (to == null ? "" : to.toString());
    }
}
