package org.cpumodel.emit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plan any VMM can follow to present a guest CPU model on one host: the ordered KVM steps, the
 * answers to the errata "discover implementations" hypercalls, and the KVM_GET_REG_LIST ids to hide
 * or tolerate. Written and read by {@link KvmPlanJson}.
 *
 * <p>The steps come in {@link Phase phases}, in this order: VM-wide steps before any vCPU exists,
 * the creation of the vCPUs, the steps every vCPU takes (on the thread that created it), the
 * creation of the vGIC, and the steps on the vGIC's CPU interface of every vCPU. A VMM interleaves
 * its own work between them (memory slots after the VM steps, boot registers with the vCPU steps,
 * the vGIC's addresses at its creation); a plan whose steps go back to an earlier phase is refused.
 */
public record KvmPlan(String modelId, String modelName, String featureSet, String host, List<Step> steps,
                      List<HypercallAnswer> hypercalls, List<RegListAction> regList, List<String> notes) {

    public static final String FORMAT = "cpumodel-kvm-plan";
    public static final int VERSION = 1;

    public KvmPlan {
        steps = List.copyOf(steps);
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).phase().compareTo(steps.get(i - 1).phase()) < 0) {
                throw new IllegalArgumentException("plan step " + (i + 1) + " (" + steps.get(i).op() + ", phase " + steps.get(i).phase()
                        + ") comes after step " + i + " (" + steps.get(i - 1).op() + ", phase " + steps.get(i - 1).phase()
                        + "): steps must go in phase order " + Arrays.toString(Phase.values()));
            }
        }
        hypercalls = List.copyOf(hypercalls);
        regList = List.copyOf(regList);
        notes = List.copyOf(notes);
    }

    /** When a step runs, relative to the VM's vCPUs and vGIC. */
    public enum Phase {
        /** On the VM fd, before any vCPU exists (capability 239 must precede KVM_CREATE_VCPU). */
        VM,
        /** KVM_CREATE_VCPU of every vCPU. */
        CREATE_VCPUS,
        /** On each vCPU fd, from the thread that created it, before the vGIC and the first KVM_RUN. */
        VCPU,
        /** KVM_CREATE_DEVICE of the vGIC and KVM_DEV_ARM_VGIC_CTRL_INIT, once every vCPU exists. */
        CREATE_VGIC,
        /** On the initialised vGIC, for each vCPU (its CPU interface). */
        VGIC
    }

    /** One step; {@link #op()} is the ioctl or action name used in JSON. */
    public sealed interface Step {
        String op();

        String why();

        /** The phase the step belongs to. */
        Phase phase();
    }

    /** The steps of one phase, each with its 1-based number in the whole plan. */
    public List<Numbered> steps(Phase phase) {
        List<Numbered> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).phase() == phase) {
                out.add(new Numbered(i + 1, steps.get(i)));
            }
        }
        return out;
    }

    /** A step with its 1-based number in the plan (what reports refer to). */
    public record Numbered(int number, Step step) {
    }

    /**
     * The answer to a hypercall forwarded to userspace (KVM_EXIT_HYPERCALL): x0..x3 to write back.
     * A listed version call gets its answer; a CPUS call gets the entry of index {@code x1}, or
     * {@link org.cpumodel.uapi.SmcccFilter#RET_INVALID_PARAMETER} for an index outside the list; any
     * other function {@link org.cpumodel.uapi.SmcccFilter#RET_NOT_SUPPORTED}.
     */
    public long[] hypercallAnswer(long function, long x1) {
        boolean known = false;
        for (HypercallAnswer a : hypercalls) {
            if (a.function() != function) {
                continue;
            }
            known = true;
            if (a.index() == null || a.index() == x1) {
                return new long[] {a.x0(), a.x1(), a.x2(), a.x3()};
            }
        }
        long x0 = known ? org.cpumodel.uapi.SmcccFilter.RET_INVALID_PARAMETER : org.cpumodel.uapi.SmcccFilter.RET_NOT_SUPPORTED;
        return new long[] {x0, 0, 0, 0};
    }

    /** KVM_ENABLE_CAP on the VM fd (capability 239 before any vCPU). */
    public record EnableCap(int cap, String name, String why) implements Step {
        public Phase phase() {
            return Phase.VM;
        }

        public String op() {
            return "KVM_ENABLE_CAP";
        }
    }

    /** KVM_SET_DEVICE_ATTR(KVM_ARM_VM_SMCCC_CTRL, KVM_ARM_VM_SMCCC_FILTER) on the VM fd. */
    public record SmcccFilter(long base, int nrFunctions, String action, String why) implements Step {
        public Phase phase() {
            return Phase.VM;
        }

        public String op() {
            return "KVM_ARM_VM_SMCCC_FILTER";
        }
    }

    /** KVM_CREATE_VCPU, for every vCPU. */
    public record CreateVcpus(String why) implements Step {
        public Phase phase() {
            return Phase.CREATE_VCPUS;
        }

        public String op() {
            return "KVM_CREATE_VCPU";
        }
    }

    /** KVM_ARM_VCPU_INIT with kvm_vcpu_init.features[0] = bits. */
    public record VcpuInit(int bits, List<String> features, String why) implements Step {
        public VcpuInit {
            features = List.copyOf(features);
        }

        public Phase phase() {
            return Phase.VCPU;
        }

        public String op() {
            return "KVM_ARM_VCPU_INIT";
        }
    }

    /** KVM_SET_ONE_REG of KVM_REG_ARM64_SVE_VLS, then KVM_ARM_VCPU_FINALIZE(KVM_ARM_VCPU_SVE). */
    public record FinalizeSve(List<Integer> vectorLengths, String why) implements Step {
        public FinalizeSve {
            vectorLengths = List.copyOf(vectorLengths);
        }

        public Phase phase() {
            return Phase.VCPU;
        }

        public String op() {
            return "KVM_ARM_VCPU_FINALIZE";
        }
    }

    /** KVM_SET_ONE_REG on every vCPU (ID registers are VM-scoped: the value must be the same on each). */
    public record SetOneReg(String register, long id, long value, String why) implements Step {
        public Phase phase() {
            return Phase.VCPU;
        }

        public String op() {
            return "KVM_SET_ONE_REG";
        }
    }

    /** KVM_CREATE_DEVICE(KVM_DEV_TYPE_ARM_VGIC_V3), addresses, KVM_DEV_ARM_VGIC_CTRL_INIT (after all vCPUs). */
    public record CreateVgicV3(String why) implements Step {
        public Phase phase() {
            return Phase.CREATE_VGIC;
        }

        public String op() {
            return "KVM_CREATE_DEVICE";
        }
    }

    /** KVM_SET_DEVICE_ATTR(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS) on the vGIC fd, for every vCPU. */
    public record SetVgicCpuSysreg(String register, int sysreg, long value, String why) implements Step {
        public Phase phase() {
            return Phase.VGIC;
        }

        public String op() {
            return "KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS";
        }
    }

    /** An ordering rule for restoring migrated state (no ioctl of its own). */
    public record RestoreAfter(List<String> registers, String why) implements Step {
        public RestoreAfter {
            registers = List.copyOf(registers);
        }

        public Phase phase() {
            return Phase.VGIC;
        }

        public String op() {
            return "RESTORE_AFTER";
        }
    }

    /** The answer to an SMCCC vendor-hypervisor call forwarded to userspace ({@code index} null for the version call). */
    public record HypercallAnswer(long function, String name, Long index, long x0, long x1, long x2, long x3) {
    }

    /** A KVM_GET_REG_LIST id to hide from (or tolerate missing in) the migration stream. */
    public record RegListAction(long id, String name, String action) {
    }
}
