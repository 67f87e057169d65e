package org.cpumodel.profile;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.cpumodel.kb.RegisterFacts;
import org.cpumodel.kb.Sysregs;

/**
 * What a fresh vCPU created with one feature set reads: every register of the feature-ID range
 * (a null value means KVM_GET_ONE_REG answered ENOENT, written "absent" in JSON), CTR_EL0 and the
 * CCSIDR of each CSSELR value, the KVM_GET_REG_LIST ids, and the SVE vector lengths.
 * These values are KVM's limits for that host and feature set.
 *
 * <p>Per register, a value is <em>measured</em> (read from KVM, or from a dump of what KVM showed a
 * guest), <em>inferred</em> (derived by a kernel rule, named in {@code inferred}: register to the
 * rule in words; every register of a view whose provenance is inferred) or <em>unknown</em> (not
 * recorded: no source had it, and nothing is made up for it).
 */
public record FeatureSetView(Provenance provenance, SortedMap<String, Long> registers,
                             SortedMap<Integer, Long> ccsidr, List<Long> regList, List<Integer> sveVectorLengths,
                             SortedMap<String, String> inferred) {

    /** How one register's value is known. */
    public enum RegisterProvenance {
        MEASURED, INFERRED, UNKNOWN;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public FeatureSetView(Provenance provenance, SortedMap<String, Long> registers,
                          SortedMap<Integer, Long> ccsidr, List<Long> regList, List<Integer> sveVectorLengths) {
        this(provenance, registers, ccsidr, regList, sveVectorLengths, null);
    }

    public FeatureSetView {
        inferred = Collections.unmodifiableSortedMap(new TreeMap<>(inferred == null ? java.util.Map.of() : inferred));
        registers = Collections.unmodifiableSortedMap(new TreeMap<>(registers));
        ccsidr = Collections.unmodifiableSortedMap(new TreeMap<>(ccsidr == null ? java.util.Map.of() : ccsidr));
        regList = regList == null ? null : List.copyOf(regList);
        sveVectorLengths = sveVectorLengths == null ? List.of() : List.copyOf(sveVectorLengths);
    }

    /** The register's value, empty when absent (ENOENT) or not recorded. */
    public OptionalLong value(String register) {
        Long v = registers.get(register);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public boolean recorded(String register) {
        return registers.containsKey(register);
    }

    public boolean absent(String register) {
        return registers.containsKey(register) && registers.get(register) == null;
    }

    /**
     * Whether EL0 runs AArch32 (ID_AA64PFR0_EL1.EL0 == AARCH32); false when the register is not recorded
     * (an AArch64-only host is the default).
     */
    public boolean hasAArch32El0() {
        Long pfr0 = registers.get(Sysregs.ID_AA64PFR0_EL1.NAME);
        return pfr0 != null && RegisterFacts.aarch32El0(pfr0);
    }

    public Optional<List<Long>> regListIfKnown() {
        return Optional.ofNullable(regList);
    }

    /** Whether the register's value was measured, inferred by a rule, or is unknown (not recorded). */
    public RegisterProvenance provenanceOf(String register) {
        if (!registers.containsKey(register)) {
            return RegisterProvenance.UNKNOWN;
        }
        return provenance == Provenance.INFERRED || inferred.containsKey(register) ? RegisterProvenance.INFERRED : RegisterProvenance.MEASURED;
    }
}
