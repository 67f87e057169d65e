package org.cpumodel.emit;

import java.util.List;
import org.cpumodel.profile.GuestCpuModel;
import org.cpumodel.profile.HostProfile;

/** The one entry point the CLI and the service call: a model (and optionally a host) to text in a format. */
public final class Emitters {

    /** The emitted text and the warnings for people (not part of the text when the format has no comments). */
    public record Emitted(String text, List<String> warnings) {
        public Emitted {
            warnings = List.copyOf(warnings);
        }
    }

    private Emitters() {
    }

    public static Emitted emit(EmitFormat format, GuestCpuModel model, HostProfile host) {
        ModelDelta d = ModelDelta.of(model, host);
        return switch (format) {
            case QEMU -> new Emitted(QemuEmitter.emit(d), d.warnings());
            case LIBVIRT -> new Emitted(LibvirtEmitter.emit(d), d.warnings());
            case FIRECRACKER -> new Emitted(FirecrackerEmitter.emit(d), FirecrackerEmitter.limits(d));
            case KVM -> new Emitted(KvmPlanJson.write(KvmPlanEmitter.plan(d)), d.warnings());
        };
    }
}
