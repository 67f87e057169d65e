package org.cpumodel.cli;

import java.lang.foreign.Arena;
import java.util.function.Supplier;
import org.cpumodel.host.DeviceFd;
import org.cpumodel.host.GuestCode;
import org.cpumodel.host.Kvm;
import org.cpumodel.uapi.KvmExit;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.host.VcpuFd;
import org.cpumodel.host.VcpuInit;
import org.cpumodel.uapi.KvmVcpuInit;
import org.cpumodel.uapi.VgicV3;
import org.cpumodel.host.VmFd;
import org.cpumodel.kernel.differential.KvmTarget;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.profile.VcpuFeature;

/**
 * This host's {@code /dev/kvm} as a {@link KvmTarget} for {@code lab-trials}: each refused ioctl
 * becomes a {@link KvmTarget.TargetErrno} with the kernel's errno name. KVM_RUN runs a four
 * instruction guest (x0 = 0x1000; x1 = 0x42; str x1, [x0]; b .) that exits to userspace on MMIO.
 */
final class RealKvmTarget implements KvmTarget {

    static final long GIC_DIST_BASE = 0x0800_0000L;
    static final long GIC_REDIST_BASE = 0x080A_0000L;
    static final long GUEST_BASE = 0x1_0000L;
    static final int[] GUEST_CODE = {0xd2820000, 0xd2800841, 0xf9000001, 0x14000000};
    static final long MPIDR_ID = 0x6030_0000_0013_c005L;

    private final Kvm kvm;

    RealKvmTarget(Kvm kvm) {
        this.kvm = kvm;
    }

    @Override
    public String name() {
        return "kvm";
    }

    static <T> T call(Supplier<T> s) {
        try {
            return s.get();
        } catch (KvmIoctlException e) {
            throw new TargetErrno(e.errnoName(), e.getMessage());
        }
    }

    static void call(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    @Override
    public Vm createVm() {
        VmFd vm = call(() -> kvm.createVm());
        Arena arena = Arena.ofShared();
        return new Vm() {
            DeviceFd gic;
            RealVcpu vcpu;

            @Override
            public void enableCap(int cap) {
                call(() -> vm.enableCap(cap, 0));
            }

            @Override
            public Vcpu createVcpu(int id, FeatureSet features) {
                VcpuFd fd = call(() -> vm.createVcpu(id));
                call(() -> {
                    VcpuInit target = vm.armPreferredTarget();
                    fd.init(new VcpuInit(target.target(), new int[] {features.initBits()}));
                    if (features.has(VcpuFeature.SVE)) {
                        fd.finalizeFeature(KvmVcpuInit.SVE);
                    }
                });
                vcpu = new RealVcpu(vm, fd, arena, call(() -> fd.getOneReg(MPIDR_ID)));
                return vcpu;
            }

            @Override
            public Gic createVgicV3() {
                gic = call(() -> vm.createDevice(VgicV3.DEVICE_TYPE));
                call(() -> gic.vgicV3Setup(GIC_DIST_BASE, GIC_REDIST_BASE));
                DeviceFd g = gic;
                return new Gic() {
                    @Override
                    public long getIccCtlr(Vcpu v) {
                        return call(() -> g.vgicV3GetCpuSysreg(((RealVcpu) v).mpidr, VgicV3.ICC_CTLR_EL1));
                    }

                    @Override
                    public void setIccCtlr(Vcpu v, long value) {
                        call(() -> g.vgicV3SetCpuSysreg(((RealVcpu) v).mpidr, VgicV3.ICC_CTLR_EL1, value));
                    }
                };
            }

            @Override
            public void close() {
                if (gic != null) {
                    gic.close();
                }
                if (vcpu != null) {
                    vcpu.fd.close();
                }
                vm.close();
                arena.close();
            }
        };
    }

    private static final class RealVcpu implements Vcpu {
        final VmFd vm;
        final VcpuFd fd;
        final Arena arena;
        final long mpidr;

        RealVcpu(VmFd vm, VcpuFd fd, Arena arena, long mpidr) {
            this.vm = vm;
            this.fd = fd;
            this.arena = arena;
            this.mpidr = mpidr;
        }

        @Override
        public long getOneReg(long id) {
            return call(() -> fd.getOneReg(id));
        }

        @Override
        public void setOneReg(long id, long value) {
            call(() -> fd.setOneReg(id, value));
        }

        @Override
        public void run() {
            call(() -> GuestCode.load(vm, fd, arena, GUEST_BASE, GUEST_CODE));
            int exit = call(fd::run);
            if (exit != KvmExit.MMIO) {
                throw new TargetErrno("EXIT_" + KvmExit.name(exit), "expected an MMIO exit, got " + fd.kvmRun());
            }
        }
    }
}
