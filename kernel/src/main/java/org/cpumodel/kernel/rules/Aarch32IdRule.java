package org.cpumodel.kernel.rules;

import org.cpumodel.kernel.abi.AbiTable;
import org.cpumodel.kb.Register;
import org.cpumodel.kb.RegisterClass;
import org.cpumodel.kb.RegisterFacts;

/**
 * The AArch32 ID registers on a host without AArch32 at EL0. KVM describes them with
 * {@code AA32_ID_SANITISED} (arch/arm64/kvm/sys_regs.c): their visibility, {@code aa32_id_visibility},
 * makes them read as zero and ignore userspace writes when {@code kvm_supports_32bit_el0()} is false,
 * so a guest model's value for them is accepted and invisible there. ID_AFR0_EL1 and ID_DFR1_EL1 are
 * {@code ID_HIDDEN} instead (always zero, see the ABI table's {@code @raz} group). The ABI table's
 * {@code @aa32} group is this set of registers.
 */
public final class Aarch32IdRule {

    private Aarch32IdRule() {
    }

    /** An AArch32 feature ID register KVM describes with AA32_ID_SANITISED. */
    public static boolean isAarch32IdRegister(Register r) {
        return RegisterFacts.inAarch32IdSpace(r) && r.registerClass() == RegisterClass.FEATURE_ID && !AbiTable.isHidden(r);
    }

    /** Whether KVM_SET_ONE_REG ignores a write to {@code r} (and the guest reads 0) on a host with or without AArch32 at EL0. */
    public static boolean writeIgnored(Register r, boolean hostAarch32El0) {
        return !hostAarch32El0 && isAarch32IdRegister(r);
    }
}
