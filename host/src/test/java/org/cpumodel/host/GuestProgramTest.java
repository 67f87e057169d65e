package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Instruction encodings of the guest program, against words an assembler produces (GNU as, objdump). */
class GuestProgramTest {

    static final int MIDR_EL1 = 0xC000;
    static final int ID_AA64PFR0_EL1 = 0xC020;
    static final int ID_AA64ISAR0_EL1 = 0xC030;
    static final int CTR_EL0 = 0xD801;
    static final int AIDR_EL1 = 0xC807;

    @Test
    void encodesMrsStrMovzLikeTheAssembler() {
        assertThat(GuestProgram.mrs(MIDR_EL1, 0)).isEqualTo(0xd5380000);        // mrs x0, midr_el1
        assertThat(GuestProgram.mrs(ID_AA64PFR0_EL1, 0)).isEqualTo(0xd5380400); // mrs x0, id_aa64pfr0_el1
        assertThat(GuestProgram.mrs(ID_AA64ISAR0_EL1, 2)).isEqualTo(0xd5380602); // mrs x2, id_aa64isar0_el1
        assertThat(GuestProgram.mrs(CTR_EL0, 0)).isEqualTo(0xd53b0020);         // mrs x0, ctr_el0
        assertThat(GuestProgram.mrs(AIDR_EL1, 0)).isEqualTo(0xd53900e0);        // mrs x0, aidr_el1
        assertThat(GuestProgram.str(1, 0, 0)).isEqualTo(0xf9000001);            // str x1, [x0]
        assertThat(GuestProgram.str(0, 1, 8)).isEqualTo(0xf9000420);            // str x0, [x1, #8]
        assertThat(GuestProgram.str(31, 1, 0xff8)).isEqualTo(0xf907fc3f);       // str xzr, [x1, #4088]
        assertThat(GuestProgram.movz(0, 0x1000)).isEqualTo(0xd2820000);         // mov x0, #0x1000
        assertThatThrownBy(() -> GuestProgram.str(0, 1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuestProgram.mrs(0x4000, 0)).as("op0 1 is not a system register").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void programReportsRegisterIAtOffset8I() {
        assertThat(GuestProgram.reading(MIDR_EL1, CTR_EL0))
                .containsExactly(0xd2820001, 0xd5380000, 0xf9000020, 0xd53b0020, 0xf9000420, 0xf907fc3f, 0x14000000);
        assertThat(GuestProgram.reading()).as("no register: one store that says done")
                .containsExactly(0xd2820001, 0xf907fc3f, 0x14000000);
    }
}
