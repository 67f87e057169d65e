package org.cpumodel.kb;

/**
 * How one kernel range's cpufeature table treats a field: signedness, safe-value type and safe value.
 * A field without a policy for a kernel has no ftr entry there, so KVM checks it with the
 * "every other bit equals the limit" rule.
 */
public record FtrPolicy(boolean signed, FtrType type, long safeValue, KernelRange kernels, String source) {
}
