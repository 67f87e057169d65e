package org.cpumodel.vmm.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a flattened device tree blob (the devicetree specification's DTB format, version 17):
 * a 40-byte header, the memory reservation block (empty: one terminating entry), the structure
 * block (FDT_BEGIN_NODE / FDT_PROP / FDT_END_NODE tokens, 4-byte aligned) and the strings block
 * (property names, each once). All integers are big-endian.
 *
 * <p>Nodes are opened and closed in order; within a node, properties come before child nodes (as
 * the format requires of the structure block). {@link #finish} checks that every node was closed.
 */
public final class FdtWriter {

    public static final int MAGIC = 0xD00D_FEED;
    public static final int VERSION = 17;
    public static final int LAST_COMPATIBLE_VERSION = 16;
    static final int FDT_BEGIN_NODE = 1;
    static final int FDT_END_NODE = 2;
    static final int FDT_PROP = 3;
    static final int FDT_END = 9;
    static final int HEADER_SIZE = 40;
    /** The reservation block: one (address, size) entry of zeros ends it. */
    static final int RESERVE_MAP_SIZE = 16;

    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    /** Open nodes; true once the node has a child (no property may follow). */
    private final Deque<boolean[]> open = new ArrayDeque<>();
    private boolean finished;

    /** Opens the root node ({@code ""}) or a child of the current node, e.g. {@code "uart@1000000"}. */
    public FdtWriter beginNode(String name) {
        checkOpen();
        if (open.isEmpty() ? !name.isEmpty() : name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(open.isEmpty() ? "the first node must be the root (\"\"), got '" + name + "'"
                    : "bad node name '" + name + "'");
        }
        if (!open.isEmpty()) {
            open.peek()[0] = true;
        }
        token(FDT_BEGIN_NODE);
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        struct.writeBytes(b);
        struct.write(0);
        pad();
        open.push(new boolean[1]);
        return this;
    }

    public FdtWriter endNode() {
        checkOpen();
        if (open.isEmpty()) {
            throw new IllegalStateException("endNode without an open node");
        }
        open.pop();
        token(FDT_END_NODE);
        return this;
    }

    /** A property with raw bytes as its value (padded to 4 bytes in the blob). */
    public FdtWriter property(String name, byte[] value) {
        checkOpen();
        if (open.isEmpty()) {
            throw new IllegalStateException("property '" + name + "' outside any node");
        }
        if (open.peek()[0]) {
            throw new IllegalStateException("property '" + name + "' after a child node: properties come first");
        }
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad property name '" + name + "'");
        }
        token(FDT_PROP);
        word(value.length);
        word(stringOffset(name));
        struct.writeBytes(value);
        pad();
        return this;
    }

    /** A property without a value, e.g. {@code interrupt-controller}. */
    public FdtWriter property(String name) {
        return property(name, new byte[0]);
    }

    /** One or more 32-bit cells. */
    public FdtWriter propertyU32(String name, int... cells) {
        ByteBuffer b = ByteBuffer.allocate(4 * cells.length).order(ByteOrder.BIG_ENDIAN);
        for (int c : cells) {
            b.putInt(c);
        }
        return property(name, b.array());
    }

    /** One or more 64-bit values, each as two cells (high, low). */
    public FdtWriter propertyU64(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.BIG_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return property(name, b.array());
    }

    /** A NUL-terminated string. */
    public FdtWriter propertyString(String name, String value) {
        return propertyStrings(name, value);
    }

    /** A string list: each string NUL-terminated, one after the other (e.g. several compatibles). */
    public FdtWriter propertyStrings(String name, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL inside the string value of '" + name + "'");
            }
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return property(name, b.toByteArray());
    }

    /** The blob. {@code bootCpuId} is the header's boot_cpuid_phys (the boot CPU's {@code reg}). */
    public byte[] finish(int bootCpuId) {
        checkOpen();
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " node(s) still open");
        }
        if (struct.size() == 0) {
            throw new IllegalStateException("no root node");
        }
        token(FDT_END);
        finished = true;
        int offStruct = HEADER_SIZE + RESERVE_MAP_SIZE;
        int offStrings = offStruct + struct.size();
        int total = offStrings + strings.size();
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt(total).putInt(offStruct).putInt(offStrings).putInt(HEADER_SIZE).putInt(VERSION)
                .putInt(LAST_COMPATIBLE_VERSION).putInt(bootCpuId).putInt(strings.size()).putInt(struct.size());
        b.putLong(0).putLong(0); // reservation block: the terminating entry
        b.put(struct.toByteArray()).put(strings.toByteArray());
        return b.array();
    }

    private int stringOffset(String name) {
        return stringOffsets.computeIfAbsent(name, n -> {
            int at = strings.size();
            strings.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
            strings.write(0);
            return at;
        });
    }

    private void token(int t) {
        word(t);
    }

    private void word(int w) {
        struct.write(w >>> 24);
        struct.write(w >>> 16);
        struct.write(w >>> 8);
        struct.write(w);
    }

    private void pad() {
        while (struct.size() % 4 != 0) {
            struct.write(0);
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the blob is finished");
        }
    }
}
