package org.cpumodel.kb;

/** A register name or encoding that the knowledge base does not describe. */
public final class UnknownRegisterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownRegisterException(String what) {
        super("unknown register '" + what + "': run 'cpumodel regs' for the names it knows (S3_0_C0_C4_0 or 3,0,0,4,0 encodings work too)");
    }
}
