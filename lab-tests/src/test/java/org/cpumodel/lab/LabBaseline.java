package org.cpumodel.lab;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.FieldKind;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.rules.FeatureCheck;
import org.cpumodel.kernel.rules.FieldRules;
import org.cpumodel.planner.baseline.Baseline;
import org.cpumodel.planner.check.ModelCheck;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.FeatureSetView;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;
import org.cpumodel.profile.ModelJson;

/**
 * The baseline for the proof: the planner's {@code Baseline.compute} when it is on the classpath or
 * compiled under planner/target/classes; otherwise a simple common model built here with the kernel's
 * own rules (per writable field, FieldRules.combine of the members' limits; identical registers kept;
 * anything else left out) and said so in {@link #source}.
 */
final class LabBaseline {

    record Result(GuestCpuModel model, String source) {
    }

    private LabBaseline() {
    }

    /** A planner class from the classpath, else from planner/target/classes; null when neither exists. */
    static Class<?> planner(Path root, String name) throws ReflectiveOperationException, java.net.MalformedURLException {
        try {
            return Class.forName("org.cpumodel.planner." + name);
        } catch (ClassNotFoundException e) {
            Path classes = root.resolve("planner/target/classes");
            if (!Files.isDirectory(classes.resolve("org/cpumodel/planner"))) {
                return null;
            }
            synchronized (LabBaseline.class) {
                if (loader == null) {
                    loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, LabBaseline.class.getClassLoader());
                }
            }
            return Class.forName("org.cpumodel.planner." + name, true, loader);
        }
    }

    private static URLClassLoader loader;

    /** The planner's check of a model against a host: the first refusal as {register, field, errno}, or null (accepted or no planner). */
    static String[] plannerFirstRefusal(Path root, GuestCpuModel model, HostProfile host) {
        try {
            Class<?> c = planner(root, "ModelCheck");
            if (c == null) {
                return null;
            }
            Object report = c.getMethod("run", GuestCpuModel.class, HostProfile.class).invoke(null, model, host);
            java.util.Optional<?> first = (java.util.Optional<?>) report.getClass().getMethod("firstRefusal").invoke(report);
            if (first.isEmpty()) {
                return null;
            }
            Object step = first.get();
            return new String[] {(String) step.getClass().getMethod("register").invoke(step), (String) step.getClass().getMethod("field").invoke(step),
                    String.valueOf(step.getClass().getMethod("errno").invoke(step))};
        } catch (ReflectiveOperationException | java.net.MalformedURLException | LinkageError e) {
            return null;
        }
    }

    static Result compute(Path root, Collection<HostProfile> hosts, FeatureSet fs) {
        try {
            Class<?> c = planner(root, "Baseline");
            if (c == null) {
                return simple(hosts, fs);
            }
            String where = c.getClassLoader() == loader ? "planner Baseline (planner/target/classes)" : "planner Baseline";
            Method m = c.getMethod("compute", Collection.class, FeatureSet.class);
            return new Result(ModelJson.identify((GuestCpuModel) m.invoke(null, hosts, fs)), where);
        } catch (ReflectiveOperationException | java.net.MalformedURLException | LinkageError e) {
            Result r = simple(hosts, fs);
            return new Result(r.model(), r.source() + "; the planner could not be loaded: " + e);
        }
    }

    /** A simple common model: AArch64 feature-ID registers and CTR_EL0, per writable field the kernel's safe combination. */
    static Result simple(Collection<HostProfile> hosts, FeatureSet fs) {
        KnowledgeBase kb = KnowledgeBase.load();
        Map<String, Long> regs = new LinkedHashMap<>();
        for (Register r : kb.featureIdRange()) {
            boolean aa64 = r.registerClass() == RegisterClass.FEATURE_ID && r.name().startsWith("ID_AA64") || r.name().equals("CTR_EL0");
            if (!aa64) {
                continue;
            }
            List<Long> values = new ArrayList<>();
            long writable = -1L;
            for (HostProfile h : hosts) {
                FeatureSetView v = h.featureSet(fs).orElseThrow();
                if (v.value(r.name()).isEmpty()) {
                    values.clear();
                    break;
                }
                values.add(v.value(r.name()).getAsLong());
                long mask = h.masks() != null ? h.masks().of(r.name()) : KernelAbi.of(h.kernel()).reportedMask(r, true);
                writable &= FeatureCheck.checkedMask(r, h.kernel(), mask);
            }
            if (values.isEmpty()) {
                continue;
            }
            long v = values.getFirst();
            boolean ok = true;
            for (Field f : r.fields()) {
                long first = f.get(v);
                boolean same = values.stream().allMatch(x -> f.get(x) == first);
                if (same) {
                    continue;
                }
                if (f.kind() != FieldKind.FIELD || (f.mask() & writable) != f.mask()) {
                    ok = false;
                    break;
                }
                var p = f.ftr(hosts.iterator().next().kernel()).orElseThrow();
                long c = f.get(values.getFirst());
                for (long x : values) {
                    c = FieldRules.combineRaw(p, f.width(), c, f.get(x));
                }
                v = f.set(v, c);
            }
            if (ok) {
                regs.put(r.name(), v);
            }
        }
        List<GuestCpuModel.Member> members = hosts.stream().map(h -> new GuestCpuModel.Member(h.id(), h.host().name(), h.host().kernelRelease())).toList();
        GuestCpuModel m = new GuestCpuModel(null, "simple common model", fs, true, members,
                regs.entrySet().stream().map(e -> new GuestCpuModel.RegisterSetting(e.getKey(), e.getValue())).toList(), List.of(), List.of(), null,
                new GuestCpuModel.Identity(GuestCpuModel.Identity.KEEP_PER_HOST, null, null, null, List.of(), List.of()),
                new GuestCpuModel.Vcpu(false, false, List.of(), false, false), List.of(), List.of(), List.of(), List.of("built by the lab proof, not the planner"));
        return new Result(ModelJson.identify(m), "simple common model (planner not available: per writable field FieldRules.combine of the members' limits)");
    }
}
