package org.cpumodel.profile;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;
import org.cpumodel.uapi.KvmVcpuInit;

/** A combination of vCPU features, named like {@code default}, {@code pmu}, {@code pmu+sve}. */
public record FeatureSet(Set<VcpuFeature> features) implements Comparable<FeatureSet> {

    public static final FeatureSet DEFAULT = new FeatureSet(Set.of());

    public FeatureSet {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    public static FeatureSet of(VcpuFeature... fs) {
        return new FeatureSet(fs.length == 0 ? Set.of() : EnumSet.of(fs[0], fs));
    }

    /** Parses "default", "pmu", "pmu+sve" or "pmu,sve". */
    public static FeatureSet parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("default")) {
            return DEFAULT;
        }
        EnumSet<VcpuFeature> set = EnumSet.noneOf(VcpuFeature.class);
        for (String part : t.replace(',', '+').split("\\+")) { // a one-character split: no regex compiled
            if (!part.isBlank() && !part.trim().equals("default")) {
                set.add(VcpuFeature.parse(part));
            }
        }
        return new FeatureSet(set);
    }

    // equals and hashCode written out: a record's generated ones bootstrap method handles on first
    // use, which collect (the first thing to hash a feature set) pays for where the JVM runs emulated
    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSet other && features.equals(other.features);
    }

    @Override
    public int hashCode() {
        return features.hashCode();
    }

    public boolean has(VcpuFeature f) {
        return features.contains(f);
    }

    /**
     * The feature set of kvm_vcpu_init.features[0] bits (PSCI 0.2 and POWER_OFF, which change no
     * register KVM exposes, may be set or not).
     *
     * @throws IllegalArgumentException for a bit no feature set has, or one pointer-authentication bit without the other
     */
    public static FeatureSet fromInitBits(int bits) {
        int rest = bits & ~(VcpuFeature.PSCI_0_2_BIT | KvmVcpuInit.bit(KvmVcpuInit.POWER_OFF));
        EnumSet<VcpuFeature> set = EnumSet.noneOf(VcpuFeature.class);
        for (VcpuFeature f : VcpuFeature.values()) {
            int b = rest & f.initBits();
            if (b == f.initBits()) {
                set.add(f);
            } else if (b != 0) {
                throw new IllegalArgumentException(String.format("features 0x%x: %s needs all of 0x%x", bits, f.id(), f.initBits()));
            }
            rest &= ~f.initBits();
        }
        if (rest != 0) {
            throw new IllegalArgumentException(String.format("features 0x%x: bits 0x%x are no feature set's", bits, rest));
        }
        return set.isEmpty() ? DEFAULT : new FeatureSet(set);
    }

    /** kvm_vcpu_init.features[0] bits, PSCI 0.2 included. */
    public int initBits() {
        int bits = VcpuFeature.PSCI_0_2_BIT;
        for (VcpuFeature f : features) {
            bits |= f.initBits();
        }
        return bits;
    }

    public String name() {
        if (features.isEmpty()) {
            return "default";
        }
        StringJoiner j = new StringJoiner("+");
        EnumSet.copyOf(features).forEach(f -> j.add(f.id()));
        return j.toString();
    }

    @Override
    public int compareTo(FeatureSet o) {
        return name().compareTo(o.name());
    }

    @Override
    public String toString() {
        return name();
    }
}
