package org.cpumodel.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.cpumodel.profile.FeatureSet;
import org.cpumodel.uapi.Errno;
import org.cpumodel.uapi.KvmIoctlException;
import org.cpumodel.uapi.KvmSystem;
import org.cpumodel.uapi.KvmVcpu;
import org.cpumodel.uapi.KvmVgic;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.uapi.VgicV3;

/**
 * A scripted KVM behind the KVM interface: capabilities, per feature set the ONE_REG values (a
 * missing id answers ENOENT), masks, ICC_CTLR_EL1 (null: no vGICv3, ENODEV). Writes and guest runs
 * are not part of a collection: they fail the test.
 */
final class FakeKvm implements KvmSystem {

    final Map<Integer, Long> caps = new HashMap<>();
    final Map<String, Map<Long, Long>> regs = new HashMap<>();
    long[] masks = new long[192];
    Long iccCtlr = 0x8c00L;
    byte[] sveVls = new byte[64];
    /** An id whose read fails with something other than ENOENT. */
    long failingId = -1;
    final List<String> log = new ArrayList<>();
    int open;

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public long checkExtension(int cap) {
        return caps.getOrDefault(cap, 0L);
    }

    @Override
    public KvmVm createVm() {
        open++;
        log.add("vm");
        return new Vm();
    }

    @Override
    public void close() {
    }

    private final class Vm implements KvmVm {
        @Override
        public void enableCap(int cap) {
            throw new AssertionError("collect enables no capability");
        }

        @Override
        public void setSmcccFilter(int base, int nrFunctions, int action) {
            throw new AssertionError("collect installs no SMCCC filter");
        }

        @Override
        public KvmVcpu createVcpu(int id) {
            open++;
            return new Vcpu(id);
        }

        @Override
        public long[] getRegWritableMasks(int range) {
            log.add("masks");
            return masks.clone();
        }

        @Override
        public KvmVgic createVgicV3() {
            if (iccCtlr == null) {
                throw new KvmIoctlException("KVM_CREATE_DEVICE", Errno.ENODEV, "no vGICv3");
            }
            open++;
            return new KvmVgic() {
                @Override
                public long getCpuSysreg(KvmVcpu vcpu, int sysreg) {
                    log.add("gic vcpu " + vcpu.id() + " sysreg " + Integer.toHexString(sysreg));
                    return iccCtlr;
                }

                @Override
                public void setCpuSysreg(KvmVcpu vcpu, int sysreg, long value) {
                    throw new AssertionError("collect writes no vGIC register");
                }

                @Override
                public void close() {
                    open--;
                }
            };
        }

        @Override
        public void close() {
            open--;
        }
    }

    private final class Vcpu implements KvmVcpu {
        final int id;
        Map<Long, Long> values = Map.of();

        Vcpu(int id) {
            this.id = id;
        }

        @Override
        public int id() {
            return id;
        }

        @Override
        public void init(int features) {
            FeatureSet fs = FeatureSet.fromInitBits(features);
            log.add("vcpu " + id + " " + fs.name());
            values = regs.getOrDefault(fs.name(), Map.of());
        }

        @Override
        public void finalizeSve(List<Integer> vectorLengths) {
            log.add("finalize " + vectorLengths);
        }

        @Override
        public long getOneReg(long regId) {
            if (regId == failingId) {
                throw new KvmIoctlException("KVM_GET_ONE_REG", Errno.EINVAL.number(), OptionalLong.of(regId), null);
            }
            Long v = values.get(regId);
            if (v == null) {
                throw new KvmIoctlException("KVM_GET_ONE_REG", Errno.ENOENT.number(), OptionalLong.of(regId), null);
            }
            return v;
        }

        @Override
        public byte[] getOneRegBytes(long regId) {
            log.add("bytes " + Long.toHexString(regId));
            return sveVls.clone();
        }

        @Override
        public void setOneReg(long regId, long value) {
            throw new AssertionError("collect writes no register");
        }

        @Override
        public void setOneRegBytes(long regId, byte[] value) {
            throw new AssertionError("collect writes no register");
        }

        @Override
        public long[] getRegList() {
            return values.keySet().stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public long[] readSysregsAsGuest(int... sysregEncodings) {
            throw new AssertionError("collect runs no guest");
        }

        @Override
        public void close() {
            open--;
        }
    }
}
