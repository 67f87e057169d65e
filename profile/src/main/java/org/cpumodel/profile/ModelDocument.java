package org.cpumodel.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;

/**
 * The guest CPU model document as Jackson databind reads and writes it ({@link Json#bind}): every
 * key required but "conditions", "counterFrequencyHz", a blocker's rule, kernels and verified, and a lowering's from, kernels and verified; keys in the order
 * written, each of its JSON type; {@code null} only where the schema allows it (marked
 * {@code Nulls.SET}). Hex values stay text here; {@link ModelJson} parses them and
 * checks the model against the knowledge base and {@link org.cpumodel.profile.validation.ModelRules}.
 */
record ModelDocument(
        @JsonProperty(required = true) String format,
        @JsonProperty(required = true) int version,
        @JsonInclude(Include.NON_NULL) String id,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String featureSet,
        @JsonProperty(required = true) boolean possible,
        @JsonProperty(required = true) List<Member> members,
        @JsonProperty(required = true) Map<String, String> registers,
        @JsonProperty(required = true) List<Lowering> lowered,
        @JsonProperty(required = true) List<Loss> losses,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.SET) Gic gic,
        @JsonProperty(required = true) Identity identity,
        @JsonProperty(required = true) Vcpu vcpu,
        @JsonProperty(required = true) List<RegListEntry> regListDrift,
        @JsonProperty(required = true) List<Adjustment> adjustments,
        @JsonProperty(required = true) List<Blocker> blockers,
        @JsonProperty(required = true) List<String> notes,
        @JsonInclude(Include.NON_EMPTY) List<Condition> conditions,
        @JsonInclude(Include.NON_NULL) Long counterFrequencyHz) {

    record Member(
            @JsonProperty(required = true) String profileId,
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String kernelRelease) {
    }

    /** from, kernels and verified are absent in models written before they existed. */
    record Lowering(
            @JsonProperty(required = true) String register,
            @JsonProperty(required = true) String field,
            @JsonInclude(Include.NON_EMPTY) List<Long> from,
            @JsonProperty(required = true) long value,
            @JsonProperty(required = true) String valueName,
            @JsonProperty(required = true) List<String> limitedBy,
            @JsonProperty(required = true) String rule,
            @JsonInclude(Include.NON_NULL) String kernels,
            @JsonInclude(Include.NON_NULL) Boolean verified,
            @JsonProperty(required = true) String reason) {
    }

    record Loss(
            @JsonProperty(required = true) String profileId,
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) List<String> lost) {
    }

    record Gic(
            @JsonProperty(required = true) String iccCtlr,
            @JsonProperty(required = true) int priBits,
            @JsonProperty(required = true) int idBits,
            @JsonProperty(required = true) int seis,
            @JsonProperty(required = true) int a3v,
            @JsonProperty(required = true) boolean whatIfRange,
            @JsonProperty(required = true) List<String> notes) {
    }

    /** midr, revidr and aidr are written null when the policy sets no identity. */
    record Identity(
            @JsonProperty(required = true) String policy,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.SET) String midr,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.SET) String revidr,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.SET) String aidr,
            @JsonProperty(required = true) List<ErrataTarget> errataTargets,
            @JsonProperty(required = true) List<String> warnings) {
    }

    record ErrataTarget(
            @JsonProperty(required = true) String midr,
            @JsonProperty(required = true) String revidr,
            @JsonProperty(required = true) String aidr) {
    }

    record Vcpu(
            @JsonProperty(required = true) boolean pmu,
            @JsonProperty(required = true) boolean sve,
            @JsonProperty(required = true) List<Integer> sveVectorLengths,
            @JsonProperty(required = true) boolean ptrauth,
            @JsonProperty(required = true) boolean el2) {
    }

    record RegListEntry(
            @JsonProperty(required = true) String id,
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String action,
            @JsonProperty(required = true) List<String> listedOn,
            @JsonProperty(required = true) List<String> missingOn) {
    }

    record Adjustment(
            @JsonProperty(required = true) String rule,
            @JsonProperty(required = true) String register,
            @JsonProperty(required = true) String field,
            @JsonProperty(required = true) long from,
            @JsonProperty(required = true) long to,
            @JsonProperty(required = true) String reason,
            @JsonProperty(required = true) String source) {
    }

    record Blocker(
            @JsonProperty(required = true) String host,
            @JsonProperty(required = true) String otherHost,
            @JsonProperty(required = true) String register,
            @JsonProperty(required = true) String field,
            @JsonProperty(required = true) String value,
            @JsonProperty(required = true) String otherValue,
            @JsonProperty(required = true) String why,
            @JsonInclude(Include.NON_NULL) String rule,
            @JsonInclude(Include.NON_NULL) String kernels,
            @JsonInclude(Include.NON_NULL) Boolean verified) {

        static Blocker of(GuestCpuModel.Blocker b) {
            return new Blocker(b.host(), b.otherHost(), b.register(), b.field(), b.value(), b.otherValue(), b.why(), b.rule(), b.kernels(), b.verified());
        }
    }

    /** What the verdict assumes because a profile does not know it. */
    record Condition(
            @JsonProperty(required = true) String host,
            @JsonProperty(required = true) String register,
            @JsonProperty(required = true) String field,
            @JsonProperty(required = true) long assumed,
            @JsonProperty(required = true) String why) {
    }
}
