package org.cpumodel.kernel.differential;

import org.cpumodel.kernel.reference.KvmError;
import org.cpumodel.kernel.reference.ReferenceKvm;
import org.cpumodel.kernel.reference.ReferenceVcpu;
import org.cpumodel.kernel.reference.ReferenceVgic;
import org.cpumodel.kernel.reference.ReferenceVm;
import org.cpumodel.kernel.rules.Verdict;
import org.cpumodel.profile.FeatureSet;

/** The reference KVM as a {@link KvmTarget}: the predictor of the differential test. */
public final class ReferenceTarget implements KvmTarget {

    private final ReferenceKvm kvm;

    public ReferenceTarget(ReferenceKvm kvm) {
        this.kvm = kvm;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Vm createVm() {
        ReferenceVm vm = kvm.createVm();
        return new Vm() {
            @Override
            public void enableCap(int cap) {
                call(() -> vm.enableCap(cap));
            }

            @Override
            public Vcpu createVcpu(int id, FeatureSet features) {
                ReferenceVcpu v = vm.createVcpu(id);
                call(() -> v.init(features));
                return new RefVcpu(v);
            }

            @Override
            public Gic createVgicV3() {
                ReferenceVgic[] g = new ReferenceVgic[1];
                call(() -> g[0] = vm.createVgicV3());
                return new RefGic(g[0]);
            }

            @Override
            public void close() {
            }
        };
    }

    private static void call(Runnable r) {
        try {
            r.run();
        } catch (KvmError e) {
            throw new TargetErrno(e.errno().name(), e.getMessage());
        }
    }

    /** The reason the reference KVM gave for its last answer on this object, for reports. */
    public interface Explained {
        String lastDetail();
    }

    private static final class RefVcpu implements Vcpu, Explained {
        final ReferenceVcpu v;
        String detail;

        RefVcpu(ReferenceVcpu v) {
            this.v = v;
        }

        @Override
        public long getOneReg(long id) {
            try {
                return v.getOneReg(id);
            } catch (KvmError e) {
                throw new TargetErrno(e.errno().name(), e.getMessage());
            }
        }

        @Override
        public void setOneReg(long id, long value) {
            Verdict verdict = v.setOneReg(id, value);
            detail = verdict.rule() + " " + verdict;
            if (!verdict.isAccepted()) {
                throw new TargetErrno(verdict.errno().name(), verdict.toString());
            }
        }

        @Override
        public void run() {
            call(v::run);
        }

        @Override
        public String lastDetail() {
            return detail;
        }
    }

    private static final class RefGic implements Gic, Explained {
        final ReferenceVgic g;
        String detail;

        RefGic(ReferenceVgic g) {
            this.g = g;
        }

        @Override
        public long getIccCtlr(Vcpu vcpu) {
            return g.getIccCtlr(((RefVcpu) vcpu).v);
        }

        @Override
        public void setIccCtlr(Vcpu vcpu, long value) {
            Verdict verdict = g.setIccCtlr(((RefVcpu) vcpu).v, value);
            detail = verdict.rule() + " " + verdict;
            if (!verdict.isAccepted()) {
                throw new TargetErrno(verdict.errno().name(), verdict.toString());
            }
        }

        @Override
        public String lastDetail() {
            return detail;
        }
    }
}
