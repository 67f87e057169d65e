package org.cpumodel.vmm.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An arm64 Linux kernel {@code Image} and its 64-byte header (Documentation/arch/arm64/booting.rst):
 * {@code code0, code1, text_offset, image_size, flags, res2..res4, magic "ARM\x64", res5}, all
 * little-endian. The kernel must be placed at a 2 MiB-aligned base plus {@code text_offset}, with
 * {@code image_size} bytes free from there (BSS included). Kernels older than 3.17 have
 * {@code image_size} 0; their text_offset is 0x80000 by convention.
 *
 * @param fileSize   bytes of the Image file
 * @param textOffset where the image goes above a 2 MiB-aligned base
 * @param imageSize  bytes the running kernel occupies from its load address
 * @param flags      bit 0 big-endian, bits 1-2 page size, bit 3 placement anywhere
 */
public record ArmImage(long fileSize, long textOffset, long imageSize, long flags) {

    /** "ARM\x64" read as a little-endian u32 (ARM64_IMAGE_MAGIC). */
    public static final int MAGIC = 0x644D_5241;
    public static final int HEADER_SIZE = 64;
    static final int MAGIC_OFFSET = 56;
    /** The text_offset of kernels without image_size (before 3.17). */
    public static final long LEGACY_TEXT_OFFSET = 0x8_0000L;

    /** Reads the header of a kernel file; throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static ArmImage read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in.readNBytes(HEADER_SIZE), Files.size(file));
        }
    }

    /** Parses the first bytes (at least the 64-byte header) of a kernel file of {@code fileSize} bytes. */
    public static ArmImage parse(byte[] bytes, long fileSize) {
        if (bytes.length < HEADER_SIZE || fileSize < HEADER_SIZE) {
            throw new IllegalArgumentException("too short for an arm64 Image (" + fileSize + " bytes, the header alone is 64)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(MAGIC_OFFSET);
        if (magic != MAGIC) {
            String hint = (bytes[0] & 0xFF) == 0x1F && (bytes[1] & 0xFF) == 0x8B ? " (it is gzip-compressed: gunzip it first)"
                    : bytes[0] == 0x7F && bytes[1] == 'E' ? " (it is an ELF file such as vmlinux: use arch/arm64/boot/Image)" : "";
            throw new IllegalArgumentException(String.format("not an arm64 Linux Image: no \"ARM\\x64\" magic at byte 56 (found 0x%08x)%s",
                    magic, hint));
        }
        long textOffset = b.getLong(8);
        long imageSize = b.getLong(16);
        long flags = b.getLong(24);
        if (imageSize == 0) {
            textOffset = LEGACY_TEXT_OFFSET;
            imageSize = fileSize;
        }
        if (textOffset < 0 || textOffset >= 2L << 20 || textOffset % 4096 != 0) {
            throw new IllegalArgumentException("arm64 Image header: text_offset 0x" + Long.toHexString(textOffset)
                    + " is not a page-aligned offset below 2 MiB");
        }
        if (imageSize < fileSize) {
            throw new IllegalArgumentException("arm64 Image header: image_size " + imageSize + " is smaller than the file (" + fileSize + " bytes)");
        }
        return new ArmImage(fileSize, textOffset, imageSize, flags);
    }

    public boolean bigEndian() {
        return (flags & 1) != 0;
    }
}
