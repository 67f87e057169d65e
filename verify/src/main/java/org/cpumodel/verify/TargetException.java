package org.cpumodel.verify;

/**
 * An ioctl of a {@link PlanTarget} failed: the ioctl, the errno name, and (from the reference KVM)
 * the field, rule and explanation that decided it.
 */
public final class TargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String ioctl;
    private final String errno;
    private final String field;
    private final String rule;
    private final String explanation;

    public TargetException(String ioctl, String errno, String field, String rule, String explanation) {
        super(ioctl + ": " + errno + " (" + explanation + ")");
        this.ioctl = ioctl;
        this.errno = errno;
        this.field = field;
        this.rule = rule;
        this.explanation = explanation;
    }

    public String ioctl() {
        return ioctl;
    }

    public String errno() {
        return errno;
    }

    /** The deciding field, or "-" when unknown or a whole-register rule. */
    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    public String explanation() {
        return explanation;
    }
}
