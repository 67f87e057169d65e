package org.cpumodel.kernel.decode;

import java.util.List;

/** A register value decoded field by field for a kernel version. */
public record DecodedRegister(String register, String encoding, long oneRegId, long value, String kernel, List<DecodedField> fields) {
}
