package org.cpumodel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyscallNumbersTest {

    @Test
    void arm64UsesTheGenericTable() {
        // include/uapi/asm-generic/unistd.h
        assertThat(SyscallNumbers.forArch("aarch64")).isEqualTo(new SyscallNumbers(29, 56, 57, 222, 215, 172, 178, 131, 135));
    }

    @Test
    void x86UsesItsOwnTable() {
        // arch/x86/entry/syscalls/syscall_64.tbl
        assertThat(SyscallNumbers.forArch("amd64")).isEqualTo(new SyscallNumbers(16, 257, 3, 9, 11, 39, 186, 234, 14));
        assertThat(SyscallNumbers.forArch("x86_64")).isSameAs(SyscallNumbers.X86_64);
    }

    @Test
    void anUnknownArchitectureIsRefusedByName() {
        assertThatThrownBy(() -> SyscallNumbers.forArch("riscv64")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("riscv64");
    }
}
