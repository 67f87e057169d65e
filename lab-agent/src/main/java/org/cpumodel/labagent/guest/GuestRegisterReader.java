package org.cpumodel.labagent.guest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpumodel.emit.KvmPlan;
import org.cpumodel.host.FfmKvm;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.uapi.KvmVm;
import org.cpumodel.verify.PlanExecutor;
import org.cpumodel.verify.VerifyReport;

/**
 * What a guest sees: follows the plan on a scratch VM of this host, then runs a guest that reads
 * every system register the plan sets with MRS (through KVM's traps) and collects the values.
 */
public final class GuestRegisterReader {

    /** The plan's verdicts on this host and the guest's view (register name to value). */
    public record GuestView(VerifyReport verify, Map<String, Long> registers) {
    }

    private GuestRegisterReader() {
    }

    public static GuestView read(KvmPlan plan) {
        List<String> names = new ArrayList<>();
        List<Integer> encodings = new ArrayList<>();
        for (KvmPlan.Step s : plan.steps()) {
            if (s instanceof KvmPlan.SetOneReg r && KvmRegId.isSysreg(r.id())) {
                names.add(r.register());
                encodings.add(KvmRegId.sysregEncoding(r.id()));
            }
        }
        try (FfmKvm kvm = FfmKvm.open(); KvmVm vm = kvm.createVm(); PlanExecutor.Applied applied = PlanExecutor.apply(plan, vm, kvm.describe(), null)) {
            if (applied.vcpu() == null) {
                throw new IllegalStateException("the plan did not create a vCPU: " + applied.report().failures());
            }
            long[] seen = applied.vcpu().readSysregsAsGuest(encodings.stream().mapToInt(Integer::intValue).toArray());
            Map<String, Long> view = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                view.put(names.get(i), seen[i]);
            }
            return new GuestView(applied.report(), view);
        }
    }
}
