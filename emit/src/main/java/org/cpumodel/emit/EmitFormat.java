package org.cpumodel.emit;

import java.util.List;
import java.util.Locale;

/** The configuration formats a guest CPU model can be emitted in. */
public enum EmitFormat {
    QEMU, LIBVIRT, FIRECRACKER, KVM;

    public static EmitFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + s + "' (known: qemu, libvirt, firecracker, kvm)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(EmitFormat::id).toList();
    }
}
