package org.cpumodel.planner.baseline;

import java.util.Map;
import org.cpumodel.kb.Sysregs.CTR_EL0;
import org.cpumodel.profile.FeatureSet;

/**
 * The columnar baseline: the reference decision ({@link ReferenceBaseline}) computed from per-field summaries of the members
 * instead of the members themselves, so that adding a host costs O(fields) and deciding costs
 * O(fields x distinct rules x distinct values), independent of the number of members.
 *
 * <p>{@link ColumnarHost} is a host compiled for one feature set: per candidate register (the registers
 * {@code ReferenceBaseline} may plan) presence, "userspace writes ignored", limit and pre-checks, and per field
 * its value, whether the member may change it and its kernel's rule, all read from {@link MemberKvm}
 * (the same answers {@code ReferenceBaseline} uses). {@link ColumnarAccumulator} folds hosts one at a time keeping, per
 * field, the facts {@code ReferenceBaseline}'s decision depends on: the value of the non-writable ("fixed")
 * members and whether they all agree, and per distinct rule the set of values the writable members
 * offer; per register how many members record it and ignore writes to it and the union of their
 * kernel pre-checks; CLIDR_EL1, CTR_EL0.IDC, AArch32 and GIC summaries. {@link ColumnarAccumulator#decide}
 * replays {@code ReferenceBaseline.decideCore} on those summaries (the rules the fold uses are semilattices:
 * min, max, "0 or max", "equal or safe", so the set of values decides as the list of members does).
 *
 * <p>When a summary cannot be kept exactly (more than {@link #RULES} distinct rules for a field, a
 * field value of 64 or more, a rule without a cpufeature type on a writable field: none occur in the
 * bundled knowledge base) the verdict says {@code exact == false} and callers use the reference decision ({@link ReferenceBaseline}).
 * Tests prove equality with {@link Baseline#compute} on the real fleet and on simulated fleets.
 */
public final class ColumnarBaseline {

    /** Distinct rules kept per field. */
    static final int RULES = 4;

    private ColumnarBaseline() {
    }

    /**
     * What the reference decision says, from the summaries: possible or not, and the register values
     * (planned registers in knowledge-base order) when possible. {@code exact == false}: a summary
     * overflowed, ask the reference ({@link ColumnarDecider} does).
     */
    public record Outcome(boolean possible, boolean exact, Map<String, Long> registers) {
        static final Outcome INEXACT = new Outcome(false, false, Map.of());
        static final Outcome IMPOSSIBLE = new Outcome(false, true, Map.of());

        /** The verdict, when exact. */
        public BaselineVerdict verdict() {
            if (!exact) {
                throw new IllegalStateException("an inexact columnar outcome has no verdict: ask the reference decision");
            }
            return new BaselineVerdict(possible, registers);
        }
    }

    /** The accumulator of some compiled hosts (distinct profiles). */
    public static ColumnarAccumulator fold(FeatureSet fs, Iterable<ColumnarHost> hosts) {
        ColumnarAccumulator a = new ColumnarAccumulator(fs);
        for (ColumnarHost h : hosts) {
            a.add(h);
        }
        return a;
    }
}
