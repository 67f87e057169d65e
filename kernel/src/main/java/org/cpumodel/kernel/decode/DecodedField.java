package org.cpumodel.kernel.decode;

import java.util.List;

/**
 * One field of a decoded register value: bits, raw value, the value's architectural name, the
 * FEAT_ names it implies, and how the given kernel's KVM treats the field.
 */
public record DecodedField(String name, String bits, int width, long value, String valueName, List<String> features,
                           String rule, boolean writable) {
}
