package org.cpumodel.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of the nested guest's workload ({@code lab/guest/workload.c}) read back from a console
 * log: ticks, CPU blocks (registers read with MRS at EL0 and the /proc/cpuinfo Features line), memory
 * errors and the final line. Every other console line is ignored, so a log holding the kernel's
 * messages and the output of several VMMs (before and after a migration) parses as well.
 */
public record WorkloadLog(List<Tick> ticks, List<CpuBlock> cpuBlocks, List<String> badLines, Done done, boolean userspaceUp) {

    /** The line the guest's /init prints when userspace starts. */
    public static final String MARKER = "=== cpumodel guest: userspace up";

    /** {@code WL tick=N t=SECONDS pass=P sum=ok|BAD ... cpu=HASH}. */
    public record Tick(long tick, double seconds, long pass, boolean sumOk, String cpuHash) {
    }

    /** {@code WL cpu tick=N hash=H}, then {@code WL reg NAME=0x...} lines and {@code WL features ...}. */
    public record CpuBlock(long tick, String hash, Map<String, Long> registers, String features) {

        /**
         * The workload's hash recomputed from the printed values (FNV-1a 64 over {@code NAME=0x%016x\n}
         * of every register in order, then the features text): equal to {@link #hash()} when nothing was
         * lost between the guest and this parser.
         */
        public String recomputedHash() {
            long h = 0xcbf29ce484222325L;
            StringBuilder text = new StringBuilder();
            registers.forEach((name, value) -> text.append(name).append("=0x").append(String.format("%016x", value)).append('\n'));
            text.append(features);
            for (byte b : text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            return String.format("%016x", h);
        }
    }

    /** {@code WL done ticks=N passes=P t=SECONDS sum=ok|BAD cpu=HASH}. */
    public record Done(long ticks, long passes, boolean sumOk, String cpuHash) {
    }

    private static final Pattern TICK = Pattern.compile("WL tick=(\\d+) t=([0-9.]+) pass=(\\d+) sum=(ok|BAD)\\b.* cpu=([0-9a-f]{16})");
    private static final Pattern CPU = Pattern.compile("WL cpu tick=(\\d+) hash=([0-9a-f]{16})\\b.*");
    private static final Pattern REG = Pattern.compile("WL reg ([A-Z0-9_]+)=0x([0-9a-f]{16})");
    private static final Pattern FEATURES = Pattern.compile("WL features ?(.*)");
    private static final Pattern DONE = Pattern.compile("WL done ticks=(\\d+) passes=(\\d+) t=[0-9.]+ sum=(ok|BAD) cpu=([0-9a-f]{16})");

    /** Parses the workload's lines out of a console log (carriage returns and other lines are ignored). */
    public static WorkloadLog parse(String console) {
        List<Tick> ticks = new ArrayList<>();
        List<CpuBlock> blocks = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        Done done = null;
        boolean up = false;
        long blockTick = -1;
        String blockHash = null;
        Map<String, Long> regs = null;
        for (String raw : console.split("\n")) {
            String line = raw.replace("\r", "");
            int at = line.indexOf("WL ");
            if (line.contains(MARKER)) {
                up = true;
            }
            if (at < 0) {
                continue;
            }
            line = line.substring(at);          // a console may prefix a line with another's tail
            Matcher m;
            if ((m = TICK.matcher(line)).matches()) {
                ticks.add(new Tick(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Long.parseLong(m.group(3)),
                        m.group(4).equals("ok"), m.group(5)));
            } else if ((m = CPU.matcher(line)).matches()) {
                blockTick = Long.parseLong(m.group(1));
                blockHash = m.group(2);
                regs = new LinkedHashMap<>();
            } else if ((m = REG.matcher(line)).matches() && regs != null) {
                regs.put(m.group(1), Long.parseUnsignedLong(m.group(2), 16));
            } else if ((m = FEATURES.matcher(line)).matches() && regs != null) {
                blocks.add(new CpuBlock(blockTick, blockHash, Collections.unmodifiableMap(regs), m.group(1)));
                regs = null;
            } else if (line.startsWith("WL BAD ")) {
                bad.add(line);
            } else if ((m = DONE.matcher(line)).matches()) {
                done = new Done(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3).equals("ok"), m.group(4));
            }
        }
        return new WorkloadLog(List.copyOf(ticks), List.copyOf(blocks), List.copyOf(bad), done, up);
    }

    /** The last tick, or null. */
    public Tick lastTick() {
        return ticks.isEmpty() ? null : ticks.getLast();
    }

    /** Whether the tick numbers run 1, 2, 3, ... without a gap or a restart (what a migration must keep). */
    public boolean ticksContinuous() {
        for (int i = 0; i < ticks.size(); i++) {
            if (ticks.get(i).tick() != (i == 0 ? ticks.getFirst().tick() : ticks.get(i - 1).tick() + 1)) {
                return false;
            }
        }
        return true;
    }
}
