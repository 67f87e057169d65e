package org.cpumodel.planner.baseline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A baseline decider's answer ({@link BaselineDecider}): whether a model exists for the hosts, and its
 * register values (planned registers in plan order) when it does. The reasons, when it does not, are
 * the reference decision's ({@link BaselineDecision#blockers}).
 */
public record BaselineVerdict(boolean possible, Map<String, Long> registers) {

    static final BaselineVerdict IMPOSSIBLE = new BaselineVerdict(false, Map.of());

    public BaselineVerdict {
        registers = Collections.unmodifiableMap(new LinkedHashMap<>(registers));
    }
}
