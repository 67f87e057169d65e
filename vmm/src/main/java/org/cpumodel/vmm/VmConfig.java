package org.cpumodel.vmm;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.cpumodel.vmm.cpu.CpuModel;
import org.cpumodel.vmm.layout.MemoryMap;

/**
 * What to boot and how: an arm64 Linux {@code Image}, an optional initramfs, the kernel command
 * line, the vCPUs and RAM ({@link MemoryMap}), the guest CPU ({@link CpuModel}), where the console
 * goes and comes from, and where the VMM's own progress lines go.
 *
 * @param kernel   the Image file
 * @param initrd   the initramfs file, or null
 * @param bootargs the kernel command line
 * @param map      vCPUs and RAM size
 * @param model    the guest CPU
 * @param console  the UART's output
 * @param input    the UART's input, or null for none
 * @param log      the VMM's progress and diagnostics, one line each
 * @param verbose  also log every model register as each vCPU reads it back
 */
public record VmConfig(Path kernel, Path initrd, String bootargs, MemoryMap map, CpuModel model, OutputStream console,
                       InputStream input, Consumer<String> log, boolean verbose) {

    /** The command line when none is given: the UART as console from the earliest message, and a panicking guest resets (ending the VMM). */
    public static final String DEFAULT_BOOTARGS = "console=ttyS0 earlycon panic=-1";
}
