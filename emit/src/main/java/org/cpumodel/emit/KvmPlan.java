package org.cpumodel.emit;

import java.util.List;

/**
 * A plan any VMM can follow to present a guest CPU model on one host: the ordered KVM steps, the
 * answers to the errata "discover implementations" hypercalls, and the KVM_GET_REG_LIST ids to hide
 * or tolerate. Written and read by {@link KvmPlanJson}.
 */
public record KvmPlan(String modelId, String modelName, String featureSet, String host, List<Step> steps,
                      List<HypercallAnswer> hypercalls, List<RegListAction> regList, List<String> notes) {

    public static final String FORMAT = "cpumodel-kvm-plan";
    public static final int VERSION = 1;

    public KvmPlan {
        steps = List.copyOf(steps);
        hypercalls = List.copyOf(hypercalls);
        regList = List.copyOf(regList);
        notes = List.copyOf(notes);
    }

    /** One step; {@link #op()} is the ioctl or action name used in JSON. */
    public sealed interface Step {
        String op();

        String why();
    }

    /** KVM_ENABLE_CAP on the VM fd (capability 239 before any vCPU). */
    public record EnableCap(int cap, String name, String why) implements Step {
        public String op() {
            return "KVM_ENABLE_CAP";
        }
    }

    /** KVM_SET_DEVICE_ATTR(KVM_ARM_VM_SMCCC_CTRL, KVM_ARM_VM_SMCCC_FILTER) on the VM fd. */
    public record SmcccFilter(long base, int nrFunctions, String action, String why) implements Step {
        public String op() {
            return "KVM_ARM_VM_SMCCC_FILTER";
        }
    }

    /** KVM_CREATE_VCPU, for every vCPU. */
    public record CreateVcpus(String why) implements Step {
        public String op() {
            return "KVM_CREATE_VCPU";
        }
    }

    /** KVM_ARM_VCPU_INIT with kvm_vcpu_init.features[0] = bits. */
    public record VcpuInit(int bits, List<String> features, String why) implements Step {
        public VcpuInit {
            features = List.copyOf(features);
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

        public String op() {
            return "KVM_ARM_VCPU_FINALIZE";
        }
    }

    /** KVM_SET_ONE_REG on every vCPU (ID registers are VM-scoped: the value must be the same on each). */
    public record SetOneReg(String register, long id, long value, String why) implements Step {
        public String op() {
            return "KVM_SET_ONE_REG";
        }
    }

    /** KVM_CREATE_DEVICE(KVM_DEV_TYPE_ARM_VGIC_V3), addresses, KVM_DEV_ARM_VGIC_CTRL_INIT (after all vCPUs). */
    public record CreateVgicV3(String why) implements Step {
        public String op() {
            return "KVM_CREATE_DEVICE";
        }
    }

    /** KVM_SET_DEVICE_ATTR(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS) on the vGIC fd, for every vCPU. */
    public record SetVgicCpuSysreg(String register, int sysreg, long value, String why) implements Step {
        public String op() {
            return "KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS";
        }
    }

    /** An ordering rule for restoring migrated state (no ioctl of its own). */
    public record RestoreAfter(List<String> registers, String why) implements Step {
        public RestoreAfter {
            registers = List.copyOf(registers);
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
