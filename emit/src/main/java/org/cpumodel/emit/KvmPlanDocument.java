package org.cpumodel.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/**
 * The KVM plan document as Jackson databind reads and writes it ({@link org.cpumodel.profile.Json#bind}):
 * keys in the order written. A step is one flat object: "step", "op", the keys of that op (the
 * others are left out) and "why"; {@link KvmPlanJson} checks each op has its keys. Hex stays text.
 */
record KvmPlanDocument(
        @JsonProperty(required = true) String format,
        @JsonProperty(required = true) int version,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String featureSet,
        @JsonProperty(required = true) @JsonSetter(nulls = Nulls.SET) String host,
        @JsonProperty(required = true) List<Step> steps,
        @JsonProperty(required = true) List<Hypercall> hypercalls,
        @JsonProperty(required = true) List<RegListAction> regList,
        @JsonProperty(required = true) List<String> notes) {

    @JsonInclude(Include.NON_NULL)
    record Step(
            @JsonProperty(required = true) int step,
            @JsonProperty(required = true) String op,
            Integer cap,
            String name,
            String base,
            Integer nrFunctions,
            String action,
            String features0,
            List<String> features,
            List<Integer> vectorLengths,
            String register,
            String id,
            String sysreg,
            String value,
            String device,
            List<String> registers,
            @JsonProperty(required = true) String why) {
    }

    record Hypercall(
            @JsonProperty(required = true) String function,
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.SET) Long index,
            @JsonProperty(required = true) Returns returns) {
    }

    record Returns(
            @JsonProperty(required = true) String x0,
            @JsonProperty(required = true) String x1,
            @JsonProperty(required = true) String x2,
            @JsonProperty(required = true) String x3) {
    }

    record RegListAction(
            @JsonProperty(required = true) String id,
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String action) {
    }
}
