package org.cpumodel.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.cpumodel.profile.FeatureSet;

/** A scripted KVM: capabilities, per feature set the ONE_REG values (a missing id answers ENOENT), masks, ICC_CTLR. */
final class FakeKvmProbe implements KvmProbe {

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
    public long checkExtension(int cap) {
        return caps.getOrDefault(cap, 0L);
    }

    @Override
    public Vm createVm() {
        open++;
        log.add("vm");
        return new Vm() {
            @Override
            public Vcpu createVcpu(int id, FeatureSet features) {
                open++;
                log.add("vcpu " + id + " " + features.name());
                Map<Long, Long> values = regs.getOrDefault(features.name(), Map.of());
                return new Vcpu() {
                    @Override
                    public OptionalLong getOneReg(long regId) {
                        if (regId == failingId) {
                            throw new IllegalStateException("KVM_GET_ONE_REG failed: EINVAL (22)");
                        }
                        Long v = values.get(regId);
                        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
                    }

                    @Override
                    public byte[] getOneRegBytes(long regId) {
                        log.add("bytes " + Long.toHexString(regId));
                        return sveVls.clone();
                    }

                    @Override
                    public long[] regList() {
                        return values.keySet().stream().mapToLong(Long::longValue).toArray();
                    }

                    @Override
                    public void close() {
                        open--;
                    }
                };
            }

            @Override
            public long[] writableMasks() {
                log.add("masks");
                return masks.clone();
            }

            @Override
            public OptionalLong iccCtlr(long mpidr) {
                log.add("gic " + Long.toHexString(mpidr));
                return iccCtlr == null ? OptionalLong.empty() : OptionalLong.of(iccCtlr);
            }

            @Override
            public void close() {
                open--;
            }
        };
    }

    @Override
    public void close() {
    }
}
