package org.cpumodel.uapi;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * An ioctl on a KVM (real or reference) failed: the one error type of the KVM interface.
 *
 * <p>Carries the request name, the errno, and optionally the ONE_REG register id and a short
 * context (device attribute, capability, or the reference KVM's reason). The message has the form
 * {@code KVM_SET_ONE_REG(0x603000000013c020) failed: EINVAL (22)}. This level adds no
 * interpretation: which register it was and why it matters is the caller's business.
 */
public class KvmIoctlException extends KvmException {

    private static final long serialVersionUID = 1L;

    private final String ioctl;
    private final int errno;
    private final OptionalLong registerId;
    private final String context;

    public KvmIoctlException(String ioctl, int errno, OptionalLong registerId, String context) {
        super(message(ioctl, errno, registerId, context));
        this.ioctl = ioctl;
        this.errno = errno;
        this.registerId = registerId;
        this.context = context;
    }

    public KvmIoctlException(String ioctl, int errno) {
        this(ioctl, errno, OptionalLong.empty(), null);
    }

    /** A refusal with a named errno and a reason (how the reference KVM answers). */
    public KvmIoctlException(String ioctl, Errno errno, String context) {
        this(ioctl, errno.number(), OptionalLong.empty(), context);
    }

    static String message(String ioctl, int errno, OptionalLong registerId, String context) {
        StringBuilder sb = new StringBuilder(ioctl);
        if (registerId.isPresent() || context != null) {
            sb.append('(');
            if (registerId.isPresent()) {
                sb.append(KvmRegId.hex(registerId.getAsLong()));
                if (context != null) {
                    sb.append(", ");
                }
            }
            if (context != null) {
                sb.append(context);
            }
            sb.append(')');
        }
        return sb.append(" failed: ").append(Errno.symbolicName(errno)).append(" (").append(errno).append(')').toString();
    }

    /** The ioctl (or call) name, e.g. {@code KVM_SET_ONE_REG}. */
    public String ioctl() {
        return ioctl;
    }

    /** The errno number. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code EINVAL}, or {@code "errno N"} if unknown. */
    public String errnoName() {
        return Errno.symbolicName(errno);
    }

    /** The errno as a constant, if {@link Errno} knows it. */
    public Optional<Errno> errnoConstant() {
        return Errno.of(errno);
    }

    /** True if the call failed with that errno. */
    public boolean is(Errno e) {
        return errno == e.number();
    }

    /** The ONE_REG register id involved, if any. */
    public OptionalLong registerId() {
        return registerId;
    }

    /** Extra context (device attribute group/attr, capability, the reference KVM's reason), if any. */
    public Optional<String> context() {
        return Optional.ofNullable(context);
    }
}
