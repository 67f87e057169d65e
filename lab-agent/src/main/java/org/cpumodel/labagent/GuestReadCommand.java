package org.cpumodel.labagent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cpumodel.cli.CliException;
import org.cpumodel.cli.ExitCodes;
import org.cpumodel.emit.EmitException;
import org.cpumodel.emit.KvmPlanEmitter;
import org.cpumodel.emit.ModelDelta;
import org.cpumodel.kb.Bits;
import org.cpumodel.labagent.guest.GuestRegisterReader;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.Json;
import org.cpumodel.profile.ModelJson;
import org.cpumodel.uapi.KvmException;
import org.cpumodel.verify.VerifyReports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** For the lab proof: configures a scratch VM with the model and prints what a guest's MRS reads. */
@Command(name = "guest-read", mixinStandardHelpOptions = true,
        description = {"Follow the model's KVM plan on a scratch VM, run a tiny guest under KVM_RUN that reads every",
                "register of the model with MRS and reports it through MMIO exits, and print the guest's view as JSON."})
public final class GuestReadCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A guest CPU model.")
    Path model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GuestCpuModel m = ModelJson.read(model);
        GuestRegisterReader.GuestView v;
        try {
            v = GuestRegisterReader.read(KvmPlanEmitter.plan(ModelDelta.of(m, null)));
        } catch (EmitException e) {
            throw CliException.usage(e.getMessage());
        } catch (KvmException e) {
            throw CliException.environment(e.getMessage());
        }
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("format", "cpumodel-guest-view");
        root.put("model", m.id());
        root.put("planHolds", v.verify().holds());
        ObjectNode regs = root.putObject("registers");
        v.registers().forEach((k, val) -> regs.put(k, Bits.hex64(val)));
        root.set("verify", Json.readTree("verify", VerifyReports.json(v.verify())));
        spec.commandLine().getOut().print(Json.pretty(root));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
