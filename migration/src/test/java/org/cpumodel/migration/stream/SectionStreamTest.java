package org.cpumodel.migration.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SectionStreamTest {

    static byte[] stream(SectionKind kind, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SectionWriter w = new SectionWriter(b);
        w.write(kind, payload);
        w.send(SectionKind.STATE_END, new byte[0]);
        return b.toByteArray();
    }

    static SectionReader reader(byte[] bytes) {
        return new SectionReader(new ByteArrayInputStream(bytes), "the source 10.0.0.1:1");
    }

    @Test
    void sectionsRoundTripWithPreambleAndChecksum() throws IOException {
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = stream(SectionKind.OFFER, payload);
        // magic (8) + version (4) + two sections of kind (2) + length (4) + payload + CRC32C (4)
        assertThat(bytes).hasSize(8 + 4 + (2 + 4 + 5 + 4) + (2 + 4 + 4));
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("CPUMIGR\n");
        SectionReader r = reader(bytes);
        Section s = r.next();
        assertThat(s.kind()).isEqualTo(SectionKind.OFFER);
        assertThat(s.payload()).isEqualTo(payload);
        assertThat(r.expect(SectionKind.STATE_END)).isEmpty();
        assertThatThrownBy(r::next).isInstanceOf(EOFException.class).hasMessage("the source 10.0.0.1:1 closed the connection");
    }

    @Test
    void theChecksumIsCrc32cOfKindLengthAndPayload() throws IOException {
        byte[] bytes = stream(SectionKind.RAM, new byte[] {1, 2, 3});
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(bytes, 12, 2 + 4 + 3);
        assertThat(ByteBuffer.wrap(bytes, 12 + 9, 4).getInt()).isEqualTo((int) c.getValue());
    }

    @Test
    void aFlippedBitIsRefusedNamingTheSection() throws IOException {
        byte[] bytes = stream(SectionKind.VCPU, new byte[] {1, 2, 3, 4});
        bytes[12 + 6 + 2] ^= 0x10;
        assertThatThrownBy(() -> reader(bytes).next()).isInstanceOf(StreamFormatException.class)
                .hasMessageContaining("VCPU section of 4 bytes whose CRC32C").hasMessageContaining("corrupt");
    }

    @Test
    void anotherVersionIsRefusedWithTheFix() throws IOException {
        byte[] bytes = stream(SectionKind.OFFER, new byte[0]);
        ByteBuffer.wrap(bytes, 8, 4).putInt(2);
        assertThatThrownBy(() -> reader(bytes).next()).isInstanceOf(StreamFormatException.class)
                .hasMessage("the source 10.0.0.1:1 sends migration stream version 2; this cpumodel reads version 1 only: run the same cpumodel"
                        + " release on both hosts");
    }

    @Test
    void somethingElseIsNotAMigrationStream() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> reader(http).next()).isInstanceOf(StreamFormatException.class)
                .hasMessageContaining("does not speak the cpumodel migration stream");
    }

    @Test
    void unknownKindsAndOversizedLengthsAreRefused() throws IOException {
        byte[] bytes = stream(SectionKind.OFFER, new byte[0]);
        ByteBuffer.wrap(bytes, 12, 2).putShort((short) 99);
        assertThatThrownBy(() -> reader(bytes).next()).hasMessageContaining("unknown kind 99");
        byte[] big = stream(SectionKind.OFFER, new byte[0]);
        ByteBuffer.wrap(big, 14, 4).putInt(StreamFormat.MAX_PAYLOAD + 1);
        assertThatThrownBy(() -> reader(big).next()).hasMessageContaining("claiming");
    }

    @Test
    void anAbortCarriesThePeersReason() throws IOException {
        byte[] bytes = stream(SectionKind.ABORT, "KVM refused register 0x6030000000138010".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> reader(bytes).expect(SectionKind.READY)).isInstanceOf(PeerAbortException.class)
                .hasMessage("the source 10.0.0.1:1 aborted: KVM refused register 0x6030000000138010");
        byte[] other = stream(SectionKind.GO, new byte[0]);
        assertThatThrownBy(() -> reader(other).expect(SectionKind.READY)).hasMessage("the source 10.0.0.1:1 sent GO where READY was due");
    }
}
