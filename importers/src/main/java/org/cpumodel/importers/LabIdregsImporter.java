package org.cpumodel.importers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpumodel.kb.Bits;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.Sysregs.ID_AA64PFR0_EL1;
import org.cpumodel.kb.Sysregs;
import org.cpumodel.kernel.abi.InferredMasks;
import org.cpumodel.profile.CpuParts;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.HostInfo;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ProfileJson;
import org.cpumodel.profile.Provenance;
import org.cpumodel.uapi.KvmCap;

/**
 * The emulated lab's probe log ({@code emulated-lab-idregs.txt}: "## -cpu MODEL (MODE)" sections of
 * "GET REG = 0x... writable=0x..." lines) to one host profile per CPU model. Only the registers
 * the probe read are recorded; the kernel is named by the log's header.
 */
public final class LabIdregsImporter {

    private static final Pattern SECTION = Pattern.compile("^## -cpu (\\S+)\\s+\\((.*)\\)\\s*$");
    private static final Pattern GET = Pattern.compile("^GET (\\S+)\\s*=\\s*(0x[0-9a-fA-F]+)(?:\\s+writable=(0x[0-9a-fA-F]+))?\\s*$");
    private static final Pattern KERNEL = Pattern.compile("Linux (\\d+\\.\\d+\\.\\d+\\S*)");

    private LabIdregsImporter() {
    }

    public static List<HostProfile> importFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read (" + e.getMessage() + ")");
        }
        String release = null;
        for (String l : lines) {
            Matcher m = KERNEL.matcher(l);
            if (l.startsWith("#") && m.find()) {
                release = m.group(1);
                break;
            }
        }
        if (release == null) {
            throw new ImportException(file + ": no 'Linux x.y.z' kernel named in the header");
        }
        List<HostProfile> out = new ArrayList<>();
        String cpu = null;
        String mode = null;
        SortedMap<String, Long> regs = new TreeMap<>();
        SortedMap<String, Long> masks = new TreeMap<>();
        int n = 0;
        for (String l : lines) {
            n++;
            Matcher s = SECTION.matcher(l);
            if (s.matches()) {
                if (cpu != null) {
                    out.add(profile(file, release, cpu, mode, regs, masks));
                }
                cpu = s.group(1);
                mode = s.group(2);
                regs = new TreeMap<>();
                masks = new TreeMap<>();
                continue;
            }
            Matcher g = GET.matcher(l.strip());
            if (g.matches()) {
                if (cpu == null) {
                    throw new ImportException(file + ":" + n + ": register line before any '## -cpu' section");
                }
                String reg = g.group(1);
                if (KnowledgeBase.load().find(reg).isEmpty()) {
                    throw new ImportException(file + ":" + n + ": unknown register " + reg);
                }
                regs.put(reg, Bits.parseHex(g.group(2)));
                if (g.group(3) != null) {
                    masks.put(reg, Bits.parseHex(g.group(3)));
                }
            }
        }
        if (cpu != null) {
            out.add(profile(file, release, cpu, mode, regs, masks));
        }
        return out;
    }

    private static HostProfile profile(Path file, String release, String cpu, String mode, SortedMap<String, Long> regs, SortedMap<String, Long> measuredMasks) {
        List<String> notes = new ArrayList<>();
        notes.add("imported from the emulated lab's probe log " + file.getFileName() + ": only the registers the probe read are recorded");
        KernelVersion k = KernelVersion.parse(release);
        boolean aa32 = RegisterFacts.aarch32El0(regs.getOrDefault(ID_AA64PFR0_EL1.NAME, 1L));
        var masks = InferredMasks.of(k, measuredMasks, aa32, notes);
        var gic = new org.cpumodel.profile.GicCpuInterface(Provenance.MEASURED, ProfileCompletion.INFERRED_ICC_CTLR);
        notes.add("ICC_CTLR_EL1 0x8c00 as measured on every lab host (emulated-lab.md)");
        SortedMap<Integer, Long> caps = new TreeMap<>(Map.of(KvmCap.ARM_SUPPORTED_REG_MASK_RANGES, 1L, KvmCap.ARM_WRITABLE_IMP_ID_REGS, 0L));
        Map<String, String> facts = new TreeMap<>();
        facts.put("midr", CpuParts.describe(regs.getOrDefault(Sysregs.MIDR_EL1.NAME, 0L)));
        facts.put("qemuCpu", cpu);
        HostInfo host = new HostInfo("lab-" + cpu + "-" + k, cpu, release, mode, "import-lab-log", new TreeMap<>(facts));
        FeatureSetView view = new FeatureSetView(Provenance.MEASURED, regs, new TreeMap<>(), null, List.of());
        return ProfileJson.identify(new HostProfile(null, host, true, notes, caps, masks, gic, new TreeMap<>(Map.of(FeatureSet.DEFAULT.name(), view))));
    }
}
