package org.cpumodel.verify;

import static org.cpumodel.verify.KvmCalls.call;
import static org.cpumodel.verify.KvmCalls.run;

import java.util.Arrays;
import java.util.List;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.host.VcpuInit;
import org.cpumodel.host.VmFd;

/**
 * The vCPU phase of a plan on a real vCPU fd: KVM_ARM_VCPU_INIT with KVM's preferred target and the
 * plan's features (plus {@code extraInitBits}, e.g. POWER_OFF for a VMM's secondary vCPUs), SVE
 * vector lengths then KVM_ARM_VCPU_FINALIZE, and ONE_REG. Call it from the thread that created the vCPU.
 */
public final class FfmVcpuSteps implements VcpuSteps {

    /** KVM_REG_ARM64_SVE_VLS: the bitmap of vector lengths (in 128-bit quadwords) the vCPU offers. */
    public static final long SVE_VLS = 0x6060_0000_0015_ffffL;

    private final VmFd vm;
    private final VcpuFd vcpu;
    private final int extraInitBits;

    public FfmVcpuSteps(VmFd vm, VcpuFd vcpu, int extraInitBits) {
        this.vm = vm;
        this.vcpu = vcpu;
        this.extraInitBits = extraInitBits;
    }

    @Override
    public void init(int features0) {
        run("KVM_ARM_VCPU_INIT", () -> {
            VcpuInit target = vm.armPreferredTarget();
            vcpu.init(new VcpuInit(target.target(), new int[] {features0 | extraInitBits}));
        });
    }

    @Override
    public void finalizeSve(List<Integer> vectorLengthsBits) {
        run("KVM_SET_ONE_REG(SVE_VLS)", () -> {
            byte[] vls = vcpu.getOneRegBytes(SVE_VLS);
            Arrays.fill(vls, (byte) 0);
            for (int bits : vectorLengthsBits) {
                int bit = bits / 128 - 1;
                vls[bit / 8] |= (byte) (1 << (bit % 8));
            }
            vcpu.setOneRegBytes(SVE_VLS, vls);
        });
        run("KVM_ARM_VCPU_FINALIZE", () -> vcpu.finalizeFeature(VcpuInit.FEATURE_SVE));
    }

    @Override
    public long getOneReg(long id) {
        return call("KVM_GET_ONE_REG", () -> vcpu.getOneReg(id));
    }

    @Override
    public void setOneReg(long id, long value) {
        run("KVM_SET_ONE_REG", () -> vcpu.setOneReg(id, value));
    }
}
