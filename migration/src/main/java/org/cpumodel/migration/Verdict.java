package org.cpumodel.migration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The destination's answer to an {@link Offer}: accepted, or refused with the register, field and
 * rule that decided (the planner's check against the destination's live profile), or the counter
 * frequencies.
 *
 * @param accepted  whether the guest may come
 * @param register  the refused register ("-" when accepted or not about a register)
 * @param field     the deciding field ("-" likewise)
 * @param rule      the rule that refused
 * @param reason    a sentence for people
 */
public record Verdict(boolean accepted, String register, String field, String rule, String reason) {

    public static Verdict accept(String reason) {
        return new Verdict(true, "-", "-", "-", reason);
    }

    public byte[] encode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeBoolean(accepted);
            out.writeUTF(register);
            out.writeUTF(field);
            out.writeUTF(rule);
            out.writeUTF(reason.length() > 16_000 ? reason.substring(0, 16_000) : reason);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static Verdict decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new Verdict(in.readBoolean(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
        }
    }

    /** "refused: ID_AA64ISAR0_EL1.SHA3 (rule lower-safe): ..." or "accepted: ...". */
    public String describe() {
        return accepted ? "accepted: " + reason : "refused at " + register + (field.equals("-") ? "" : " field " + field) + " (rule " + rule + "): " + reason;
    }
}
