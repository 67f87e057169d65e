package org.cpumodel.migration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the source offers before anything moves: the guest CPU model its guest runs under (model
 * JSON; for a guest booted on the host's own CPU, the planner's model of the source host alone),
 * whether the guest was booted with a model, the machine (vCPUs, RAM) and the source's counter
 * frequency. The destination decides on it alone.
 *
 * @param modelJson        the guest CPU model, as {@code cpumodel baseline --out} writes it
 * @param bootedWithModel  false when the guest runs on the source host's own CPU
 * @param cpus             vCPUs
 * @param ramBytes         guest RAM
 * @param counterHz        CNTFRQ_EL0 of the source host
 * @param source           the source host's name, for messages
 */
public record Offer(String modelJson, boolean bootedWithModel, int cpus, long ramBytes, long counterHz, String source) {

    public byte[] encode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            byte[] m = modelJson.getBytes(StandardCharsets.UTF_8);
            out.writeInt(m.length);
            out.write(m);
            out.writeBoolean(bootedWithModel);
            out.writeInt(cpus);
            out.writeLong(ramBytes);
            out.writeLong(counterHz);
            out.writeUTF(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static Offer decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            if (n < 0 || n > bytes.length) {
                throw new IOException("the offer's model claims " + n + " bytes");
            }
            byte[] m = new byte[n];
            in.readFully(m);
            return new Offer(new String(m, StandardCharsets.UTF_8), in.readBoolean(), in.readInt(), in.readLong(), in.readLong(), in.readUTF());
        }
    }
}
