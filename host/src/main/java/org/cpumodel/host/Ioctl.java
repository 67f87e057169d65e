package org.cpumodel.host;

/**
 * An ioctl request: its uapi name and its number as computed by {@code _IOC}.
 *
 * @param name    the uapi macro name, e.g. {@code KVM_SET_ONE_REG}
 * @param request the request number (an unsigned 32-bit value held in a long)
 */
public record Ioctl(String name, long request) {

    @Override
    public String toString() {
        return name + "=0x" + Long.toHexString(request).toUpperCase(java.util.Locale.ROOT);
    }
}
