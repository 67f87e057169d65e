package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.cpumodel.kb.Bits;
import org.cpumodel.profile.GuestCpuModel;

/**
 * Parses the arguments {@link QemuEmitter} writes (and the same arguments inside a libvirt
 * {@code <qemu:commandline>}) back into a {@link QemuConfig}. Strict: unknown options, unknown
 * properties and malformed values are errors.
 */
public final class QemuReader {

    private QemuReader() {
    }

    /** Parses emitted text: comments dropped, shell continuations joined, then {@link #parseArgs}. */
    public static QemuConfig parse(String text) {
        List<String> args = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.endsWith("\\")) {
                l = l.substring(0, l.length() - 1).strip();
            }
            for (String t : l.split("\\s+")) {
                args.add(t);
            }
        }
        return parseArgs(args);
    }

    /** Parses an argument vector of {@code -machine}, {@code -cpu} and {@code -global} options. */
    public static QemuConfig parseArgs(List<String> args) {
        SequencedMap<String, String> props = new LinkedHashMap<>();
        SequencedMap<Integer, long[]> impl = new LinkedHashMap<>();
        boolean virt = false;
        List<Long> hidden = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        boolean sawCpu = false;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new EmitException("option " + args.get(i) + " has no value");
            }
            String opt = args.get(i);
            String val = args.get(i + 1);
            switch (opt) {
                case "-machine" -> {
                    for (String o : val.split(",")) {
                        if (o.equals("virt") || o.isEmpty()) {
                            continue;
                        }
                        String[] kv = keyValue(o);
                        if (kv[0].equals("virtualization")) {
                            virt = kv[1].equals("on");
                        } else if (kv[0].startsWith("impl-cpu.")) {
                            String[] p = kv[0].split("\\.");
                            if (p.length != 3) {
                                throw new EmitException("bad impl-cpu option " + o);
                            }
                            long[] t = impl.computeIfAbsent(Integer.parseInt(p[1]), k -> new long[] {-1, -1, -1});
                            int slot = switch (p[2]) {
                                case "midr" -> 0;
                                case "revidr" -> 1;
                                case "aidr" -> 2;
                                default -> throw new EmitException("bad impl-cpu option " + o);
                            };
                            t[slot] = Bits.parseHex(kv[1]);
                        } else {
                            throw new EmitException("unexpected -machine option " + o);
                        }
                    }
                }
                case "-cpu" -> {
                    String[] parts = val.split(",");
                    if (!parts[0].equals("host")) {
                        throw new EmitException("-cpu must be 'host', got " + parts[0]);
                    }
                    for (int k = 1; k < parts.length; k++) {
                        String[] kv = keyValue(parts[k]);
                        if (kv[0].startsWith(QemuConfig.SYSREG_PREFIX)) {
                            QemuConfig.parseProperty(kv[0], Bits.parseHex(kv[1]));
                        } else if (!kv[0].matches("pmu|sve|sve\\d+|pauth") || !kv[1].matches("on|off")) {
                            throw new EmitException("unexpected -cpu property " + parts[k]);
                        }
                        if (props.put(kv[0], kv[1]) != null) {
                            throw new EmitException("-cpu property " + kv[0] + " given twice");
                        }
                    }
                    sawCpu = true;
                }
                case "-global" -> {
                    String[] kv = keyValue(val);
                    List<Long> target = switch (kv[0]) {
                        case QemuConfig.CPU_TYPE + ".x-mig-hidden-regs" -> hidden;
                        case QemuConfig.CPU_TYPE + ".x-mig-safe-missing-regs" -> missing;
                        default -> throw new EmitException("unexpected -global " + val);
                    };
                    for (String id : kv[1].split(",,")) {
                        target.add(Bits.parseHex(id));
                    }
                }
                default -> throw new EmitException("unexpected option " + opt);
            }
        }
        if (!sawCpu) {
            throw new EmitException("no -cpu option");
        }
        List<GuestCpuModel.ErrataTarget> targets = new ArrayList<>();
        for (int i = 0; i < impl.size(); i++) {
            long[] t = impl.get(i);
            if (t == null || t[0] == -1 || t[1] == -1 || t[2] == -1) {
                throw new EmitException("impl-cpu." + i + " is missing or incomplete");
            }
            targets.add(new GuestCpuModel.ErrataTarget(t[0], t[1], t[2]));
        }
        return new QemuConfig(props, targets, virt, hidden, missing);
    }

    private static String[] keyValue(String o) {
        int eq = o.indexOf('=');
        if (eq <= 0) {
            throw new EmitException("expected key=value, got '" + o + "'");
        }
        return new String[] {o.substring(0, eq), o.substring(eq + 1)};
    }
}
