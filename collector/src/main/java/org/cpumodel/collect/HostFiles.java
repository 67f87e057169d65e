package org.cpumodel.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.CpuParts;

/**
 * What the host says about itself in {@code /proc} and {@code /sys}, read under a root directory
 * ({@code /} on a host; a fake tree in tests). Every read is best effort: a missing or unreadable
 * file gives an empty answer, never an error.
 */
public final class HostFiles {

    private static final Pattern KVM_ARM_MODE = Pattern.compile("(?:^|\\s)kvm-arm\\.mode=(\\S+)");

    private final Path root;

    public HostFiles(Path root) {
        this.root = root;
    }

    /** The real host. */
    public static HostFiles system() {
        return new HostFiles(Path.of("/"));
    }

    /** One line of a file under the root, trimmed; empty when missing, unreadable or blank. */
    public Optional<String> read(String relative) {
        Path p = root.resolve(relative);
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8).replace("\0", "").strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@code /proc/sys/kernel/osrelease}. */
    public Optional<String> osRelease() {
        return read("proc/sys/kernel/osrelease");
    }

    /** {@code /proc/sys/kernel/hostname}; empty when unset ("(none)"). */
    public Optional<String> hostname() {
        return read("proc/sys/kernel/hostname").filter(h -> !h.equals("(none)"));
    }

    /**
     * KVM's mode: {@code /sys/module/kvm/parameters/mode} when the kernel exports it, else
     * {@code kvm-arm.mode=} of the kernel command line, else "unknown".
     */
    public String kvmMode() {
        Optional<String> sysfs = read("sys/module/kvm/parameters/mode");
        if (sysfs.isPresent()) {
            return sysfs.get();
        }
        Optional<String> cmdline = read("proc/cmdline");
        if (cmdline.isPresent()) {
            Matcher m = KVM_ARM_MODE.matcher(cmdline.get());
            if (m.find()) {
                return m.group(1);
            }
        }
        return "unknown";
    }

    /**
     * The identification registers of every CPU as sysfs shows them
     * ({@code /sys/devices/system/cpu/cpuN/regs/identification/<register>}), summarised as the
     * distinct values with the CPUs that have each, e.g. {@code 0x00000000414fd0c1 (Neoverse-N1 r4p1) on cpus 0-1}.
     */
    public Optional<String> identitySummary(String register) {
        SortedMap<Long, List<Integer>> byValue = new TreeMap<>(Long::compareUnsigned);
        Path cpus = root.resolve("sys/devices/system/cpu");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cpus)) {
            for (Path d : ds) {
                int cpu = cpuNumber(d.getFileName().toString());
                if (cpu < 0) {
                    continue;
                }
                Optional<String> v = read(root.relativize(d.resolve("regs/identification/" + register)).toString());
                if (v.isEmpty()) {
                    continue;
                }
                long value;
                try {
                    value = Bits.parseHex(v.get());
                } catch (NumberFormatException e) {
                    continue;
                }
                byValue.computeIfAbsent(value, k -> new ArrayList<>()).add(cpu);
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        if (byValue.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        byValue.forEach((value, list) -> {
            list.sort(null);
            String what = register.equals("midr_el1") ? " (" + CpuParts.describe(value) + ")" : "";
            parts.add(Bits.hex64(value) + what + " on " + (list.size() == 1 ? "cpu " : "cpus ") + ranges(list));
        });
        return Optional.of(String.join("; ", parts));
    }

    /** N of a {@code cpuN} directory name, else -1 (cpufreq, cpuidle, ...). */
    static int cpuNumber(String name) {
        if (!name.startsWith("cpu") || name.length() == 3 || name.length() > 9) {
            return -1;
        }
        for (int i = 3; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(name, 3, name.length(), 10);
    }

    /** {@code [0,1,2,5]} as {@code 0-2,5}. */
    static String ranges(List<Integer> sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(sorted.get(i));
            if (j > i) {
                sb.append('-').append(sorted.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /** Identity facts: sysfs MIDR/REVIDR summaries, DMI firmware and product, device-tree model, machine. */
    public SortedMap<String, String> facts() {
        SortedMap<String, String> f = new TreeMap<>();
        identitySummary("midr_el1").ifPresent(v -> f.put("sysfs.midr_el1", v));
        identitySummary("revidr_el1").ifPresent(v -> f.put("sysfs.revidr_el1", v));
        for (String dmi : new String[] {"bios_vendor", "bios_version", "product_name"}) {
            read("sys/class/dmi/id/" + dmi).ifPresent(v -> f.put("dmi." + dmi, v));
        }
        Optional<String> dt = read("proc/device-tree/model").or(() -> read("sys/firmware/devicetree/base/model"));
        dt.ifPresent(v -> f.put("devicetree.model", v));
        f.put("machine", read("proc/sys/kernel/arch").orElse(System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT)));
        return f;
    }
}
