package org.cpumodel.profile;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A guest CPU model: what a VMM must configure on every member host so that a VM sees the same CPU
 * everywhere in a migration pool. Produced by the planner, written as JSON by {@link ModelJson}
 * (format {@value #FORMAT}, version {@value #SCHEMA_VERSION}); the {@code id} is the SHA-256 of the
 * canonical JSON without the id, like host profiles.
 *
 * <p>{@code registers} are in plan order (KVM_ARM_FEATURE_ID_RANGE_IDX order): the value to write
 * with KVM_SET_ONE_REG before the first KVM_RUN. The identity registers (MIDR/REVIDR/AIDR) live in
 * {@link Identity}, the GIC CPU interface in {@link Gic}. A model with blockers is not
 * {@code possible}: it documents why no common model exists and carries no register values.
 *
 * <p>{@code counterFrequencyHz} is CNTFRQ_EL0 (Hz) when every member's profile records it and they
 * agree, null otherwise: KVM does not virtualise that register, so a host whose counter runs at another
 * frequency cannot run the model's guests.
 */
public record GuestCpuModel(String id, String name, FeatureSet featureSet, boolean possible, List<Member> members,
                            List<RegisterSetting> registers, List<Lowering> lowered, List<MemberLoss> losses, Gic gic,
                            Identity identity, Vcpu vcpu, List<RegListEntry> regListDrift, List<Adjustment> adjustments,
                            List<Blocker> blockers, List<String> notes, List<Condition> conditions, Long counterFrequencyHz) {

    public static final String FORMAT = "cpumodel-guest-model";
    public static final int SCHEMA_VERSION = 1;

    /** A model whose verdict rests on nothing unknown. */
    public GuestCpuModel(String id, String name, FeatureSet featureSet, boolean possible, List<Member> members,
                         List<RegisterSetting> registers, List<Lowering> lowered, List<MemberLoss> losses, Gic gic,
                         Identity identity, Vcpu vcpu, List<RegListEntry> regListDrift, List<Adjustment> adjustments,
                         List<Blocker> blockers, List<String> notes) {
        this(id, name, featureSet, possible, members, registers, lowered, losses, gic, identity, vcpu, regListDrift, adjustments,
                blockers, notes, List.of(), null);
    }

    /** A model that does not carry its members' counter frequency (some member does not know it, or there are blockers). */
    public GuestCpuModel(String id, String name, FeatureSet featureSet, boolean possible, List<Member> members,
                         List<RegisterSetting> registers, List<Lowering> lowered, List<MemberLoss> losses, Gic gic,
                         Identity identity, Vcpu vcpu, List<RegListEntry> regListDrift, List<Adjustment> adjustments,
                         List<Blocker> blockers, List<String> notes, List<Condition> conditions) {
        this(id, name, featureSet, possible, members, registers, lowered, losses, gic, identity, vcpu, regListDrift, adjustments,
                blockers, notes, conditions, null);
    }

    public GuestCpuModel {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        members = List.copyOf(members);
        registers = List.copyOf(registers);
        lowered = List.copyOf(lowered);
        losses = List.copyOf(losses);
        regListDrift = List.copyOf(regListDrift);
        adjustments = List.copyOf(adjustments);
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
    }

    /** A host the model was computed for: its profile id, name and kernel release. */
    public record Member(String profileId, String name, String kernelRelease) {
    }

    /** One register value to write, in plan order. */
    public record RegisterSetting(String register, long value) {
    }

    /**
     * A field the model sets below what some member offers: the values the members offer that the
     * model does not keep ({@code from}), the model's value, the hosts whose own limit (or the named
     * rule) decided it, the kernel rule applied, the kernels it was applied for and whether their
     * {@code kernel-abi.txt} rows are verified (null: not known, as in models written before), and a
     * sentence for people.
     */
    public record Lowering(String register, String field, List<Long> from, long value, String valueName, List<String> limitedBy, String rule,
                           String kernels, Boolean verified, String reason) {
        public Lowering {
            from = List.copyOf(from);
            limitedBy = List.copyOf(limitedBy);
        }

        public Lowering(String register, String field, long value, String valueName, List<String> limitedBy, String rule, String reason) {
            this(register, field, List.of(), value, valueName, limitedBy, rule, null, null, reason);
        }

        /** Whether the lowering rests on a kernel rule the project has not verified for that release. */
        public boolean unverified() {
            return Boolean.FALSE.equals(verified);
        }
    }

    /** FEAT_ names a member loses in this model compared with running alone. */
    public record MemberLoss(String profileId, String name, List<String> lost) {
        public MemberLoss {
            lost = List.copyOf(lost);
        }
    }

    /** ICC_CTLR_EL1 to restore on every member, its chosen fields, and whether it needs the what-if range. */
    public record Gic(long iccCtlr, int priBits, int idBits, int seis, int a3v, boolean whatIfRange, List<String> notes) {
        public Gic {
            notes = List.copyOf(notes);
        }
    }

    /**
     * CPU identity policy: {@code single} (capability 239 on every member: write midr/revidr/aidr),
     * {@code same} (every member already has that identity), {@code keep-per-host} (the guest sees
     * each host's identity). The errata targets are the union of the members' identities, for the
     * DISCOVER_IMPL hypercalls.
     */
    public record Identity(String policy, Long midr, Long revidr, Long aidr, List<ErrataTarget> errataTargets,
                           List<String> warnings) {
        public static final String SINGLE = "single";
        public static final String SAME = "same";
        public static final String KEEP_PER_HOST = "keep-per-host";

        public Identity {
            errataTargets = List.copyOf(errataTargets);
            warnings = List.copyOf(warnings);
            if (!policy.equals(SINGLE) && !policy.equals(SAME) && !policy.equals(KEEP_PER_HOST)) {
                throw new IllegalArgumentException("unknown identity policy '" + policy + "'");
            }
        }

        public boolean writesIdentity() {
            return policy.equals(SINGLE);
        }
    }

    /** One MIDR/REVIDR/AIDR triple of a member. */
    public record ErrataTarget(long midr, long revidr, long aidr) {
    }

    /** The vCPU features of the model (KVM_ARM_VCPU_INIT) and the SVE vector lengths (in bits) every member offers. */
    public record Vcpu(boolean pmu, boolean sve, List<Integer> sveVectorLengths, boolean ptrauth, boolean el2) {
        public Vcpu {
            sveVectorLengths = List.copyOf(sveVectorLengths);
        }
    }

    /**
     * A KVM_GET_REG_LIST id not listed by every member: a VMM must hide it on the hosts that list it
     * ({@code hide}) or tolerate its absence on the others ({@code tolerate}).
     */
    public record RegListEntry(long id, String name, String action, List<String> listedOn, List<String> missingOn) {
        public RegListEntry {
            listedOn = List.copyOf(listedOn);
            missingOn = List.copyOf(missingOn);
        }
    }

    /** A change made to satisfy an architectural consistency rule or a kernel pre-check. */
    public record Adjustment(String rule, String register, String field, long from, long to, String reason, String source) {
    }

    /**
     * Why no common model exists: the host (and the other host), register, field, both values and why;
     * the kernel rule that decided, in words, the kernel releases it was applied for, and whether that
     * rule is verified (lab-measured or read in that release's source: kernel-abi.txt without
     * "unverified"); null where a blocker rests on no kernel rule (e.g. a missing feature set).
     */
    public record Blocker(String host, String otherHost, String register, String field, String value, String otherValue,
                          String why, String rule, String kernels, Boolean verified) {

        public Blocker(String host, String otherHost, String register, String field, String value, String otherValue, String why) {
            this(host, otherHost, register, field, value, otherValue, why, null, null, null);
        }

        /** Whether the blocker rests on a kernel rule the project has not verified for that release. */
        public boolean unverified() {
            return Boolean.FALSE.equals(verified);
        }
    }

    /**
     * Something the verdict assumes because a profile does not know it: a host fact the host's kernel
     * hides (e.g. its sanitised ID_AA64PFR0_EL1.MPAM, which KVM accepts from userspace only when equal
     * to it), the value assumed, why, and how to measure it.
     */
    public record Condition(String host, String register, String field, long assumed, String why) {
    }

    public OptionalLong value(String register) {
        for (RegisterSetting r : registers) {
            if (r.register().equals(register)) {
                return OptionalLong.of(r.value());
            }
        }
        return OptionalLong.empty();
    }

    public Optional<MemberLoss> loss(String profileId) {
        return losses.stream().filter(l -> l.profileId().equals(profileId)).findFirst();
    }

    public GuestCpuModel withId(String newId) {
        return new GuestCpuModel(newId, name, featureSet, possible, members, registers, lowered, losses, gic, identity, vcpu,
                regListDrift, adjustments, blockers, notes, conditions, counterFrequencyHz);
    }

    /** Short form of the id: the first 12 hex digits. */
    public String shortId() {
        if (id == null) {
            return "-";
        }
        int c = id.indexOf(':') + 1;
        return id.substring(c, Math.min(id.length(), c + 12));
    }
}
