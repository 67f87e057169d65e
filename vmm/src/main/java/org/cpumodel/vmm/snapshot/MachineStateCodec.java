package org.cpumodel.vmm.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.cpumodel.host.VcpuEvents;
import org.cpumodel.uapi.KvmRegId;
import org.cpumodel.vmm.device.Ns16550a;

/**
 * {@link MachineState} as bytes (big-endian, the order of the records' components) and back. The
 * framing, version and checksum around it are the migration stream's; a truncated or inconsistent
 * payload is refused with {@link IllegalArgumentException}.
 */
public final class MachineStateCodec {

    private MachineStateCodec() {
    }

    /** A vCPU count or register count beyond this is a corrupt payload, not a machine. */
    static final int LIMIT = 1 << 16;

    public static byte[] vcpu(VcpuState v) {
        return write(out -> writeVcpu(out, v));
    }

    public static VcpuState vcpu(byte[] bytes) {
        return read(bytes, MachineStateCodec::readVcpu);
    }

    public static byte[] vgic(VgicState g) {
        return write(out -> {
            out.writeInt(g.nrIrqs());
            out.writeInt(g.attrs().size());
            for (VgicState.Attr a : g.attrs()) {
                out.writeInt(a.group());
                out.writeLong(a.attr());
                out.writeLong(a.value());
            }
        });
    }

    public static VgicState vgic(byte[] bytes) {
        return read(bytes, in -> {
            int nr = in.readInt();
            int n = count(in.readInt(), "vGIC attributes");
            List<VgicState.Attr> attrs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                attrs.add(new VgicState.Attr(in.readInt(), in.readLong(), in.readLong()));
            }
            return new VgicState(nr, attrs);
        });
    }

    public static byte[] uart(Ns16550a.State s) {
        return write(out -> {
            for (int v : new int[] {s.ier(), s.lcr(), s.mcr(), s.scr(), s.dll(), s.dlm()}) {
                out.writeInt(v);
            }
            out.writeBoolean(s.fifoEnabled());
            out.writeBoolean(s.thrInterruptPending());
            out.writeInt(s.lineErrors());
            out.writeInt(s.msrDeltas());
            out.writeInt(s.received().length);
            out.write(s.received());
        });
    }

    public static Ns16550a.State uart(byte[] bytes) {
        return read(bytes, in -> {
            int ier = in.readInt(), lcr = in.readInt(), mcr = in.readInt(), scr = in.readInt(), dll = in.readInt(), dlm = in.readInt();
            boolean fifo = in.readBoolean(), thr = in.readBoolean();
            int errors = in.readInt(), deltas = in.readInt();
            byte[] rx = new byte[count(in.readInt(), "received bytes")];
            in.readFully(rx);
            return new Ns16550a.State(ier, lcr, mcr, scr, dll, dlm, fifo, thr, errors, deltas, rx);
        });
    }

    private static void writeVcpu(DataOutputStream out, VcpuState v) throws IOException {
        out.writeInt(v.index());
        out.writeLong(v.mpidr());
        out.writeInt(v.mpState());
        VcpuEvents e = v.events();
        out.writeBoolean(e.serrorPending());
        out.writeBoolean(e.serrorHasEsr());
        out.writeBoolean(e.extDabtPending());
        out.writeLong(e.serrorEsr());
        out.writeInt(v.regs().size());
        for (VcpuState.Reg r : v.regs()) {
            out.writeLong(r.id());
            out.write(r.value());
        }
    }

    private static VcpuState readVcpu(DataInputStream in) throws IOException {
        int index = in.readInt();
        long mpidr = in.readLong();
        int mp = in.readInt();
        VcpuEvents e = new VcpuEvents(in.readBoolean(), in.readBoolean(), in.readBoolean(), in.readLong());
        int n = count(in.readInt(), "registers");
        List<VcpuState.Reg> regs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = in.readLong();
            int size = KvmRegId.sizeBytes(id);
            if (size <= 0 || size > 256) {
                throw new IllegalArgumentException("register id " + KvmRegId.hex(id) + " has no valid size");
            }
            byte[] value = new byte[size];
            in.readFully(value);
            regs.add(new VcpuState.Reg(id, value));
        }
        return new VcpuState(index, mpidr, regs, mp, e);
    }

    private static int count(int n, String what) {
        if (n < 0 || n > LIMIT) {
            throw new IllegalArgumentException("a state section claims " + n + " " + what);
        }
        return n;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T t = r.read(in);
            if (in.available() != 0) {
                throw new IllegalArgumentException("a state section has " + in.available() + " bytes after its end");
            }
            return t;
        } catch (EOFException e) {
            throw new IllegalArgumentException("a state section ends early", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
