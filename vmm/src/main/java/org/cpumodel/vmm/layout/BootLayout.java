package org.cpumodel.vmm.layout;

import org.cpumodel.vmm.boot.ArmImage;

/**
 * Where the boot files go in RAM (Documentation/arch/arm64/booting.rst): the kernel at the start
 * of RAM (a 2 MiB-aligned base) plus its text_offset, the device tree blob in the last 2 MiB (8-byte
 * aligned, at most 2 MiB), the initramfs page-aligned just below it. Nothing may overlap the
 * kernel's {@code image_size} bytes.
 *
 * @param kernel      guest-physical load address of the Image (its entry point)
 * @param kernelEnd   first byte after the running kernel (load address + image_size)
 * @param initrd      guest-physical start of the initramfs, or 0 without one
 * @param initrdSize  its size in bytes (0 without one)
 * @param dtb         guest-physical address of the device tree blob
 */
public record BootLayout(long kernel, long kernelEnd, long initrd, long initrdSize, long dtb) {

    /** The most a device tree blob may take (booting.rst). */
    public static final long DTB_MAX = 2 * MemoryMap.MIB;

    /** Places an Image and an initramfs of {@code initrdSize} bytes (0 for none) in the RAM of {@code map}. */
    public static BootLayout place(MemoryMap map, ArmImage image, long initrdSize) {
        long kernel = MemoryMap.RAM_BASE + image.textOffset();
        long kernelEnd = kernel + image.imageSize();
        long dtb = map.ramEnd() - DTB_MAX;
        long initrd = initrdSize == 0 ? 0 : (dtb - initrdSize) & ~0xFFFL;
        long lowest = initrdSize == 0 ? dtb : initrd;
        if (lowest < kernelEnd) {
            throw new IllegalArgumentException(String.format(
                    "%d MiB of guest RAM cannot hold the kernel (%d MiB running)%s and the device tree: give the guest at least %d MiB",
                    map.ramSize() / MemoryMap.MIB, (kernelEnd - MemoryMap.RAM_BASE + MemoryMap.MIB - 1) / MemoryMap.MIB,
                    initrdSize == 0 ? "" : ", the initramfs (" + (initrdSize + MemoryMap.MIB - 1) / MemoryMap.MIB + " MiB)",
                    ((kernelEnd - MemoryMap.RAM_BASE) + initrdSize + DTB_MAX) / MemoryMap.MIB + 64));
        }
        return new BootLayout(kernel, kernelEnd, initrd, initrdSize, dtb);
    }

    public boolean hasInitrd() {
        return initrdSize > 0;
    }

    public long initrdEnd() {
        return initrd + initrdSize;
    }
}
