package org.cpumodel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.cpumodel.profile.ProfileFormatException;

/**
 * Inputs that are not cpumodel documents but that an importer reads: a Firecracker CPU template
 * fingerprint or a raw cpusysregs register dump given where a profile or model is expected. When
 * reading a document fails, the file is looked at once more and, if it is one of these, the error
 * says which importer to run instead of naming the first unknown JSON key or token.
 */
final class ForeignInput {

    /** How much of the file is looked at: both formats say what they are in their first lines. */
    private static final int SNIFF_BYTES = 64 * 1024;
    private static final Pattern FIRECRACKER = Pattern.compile("\\A\\s*\\{[^{}]*\"firecracker_version\"\\s*:", Pattern.DOTALL);
    private static final Pattern RAW_DUMP = Pattern.compile("\\A\\s*[A-Z][A-Z0-9_]*_EL[0-3]:\\s+[01]{4} ");

    private ForeignInput() {
    }

    /** {@code reader}'s document, or, when it fails on a file an importer reads, a one-line usage error naming the import. */
    static <T> T read(Path file, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ProfileFormatException e) {
            String hint = hint(file);
            if (hint != null) {
                throw CliException.usage(hint);
            }
            throw e;
        }
    }

    /** The import to run for {@code file}, or null when it is neither format. */
    static String hint(Path file) {
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null; // the original error already says what is wrong with the file
        }
        if (FIRECRACKER.matcher(head).find()) {
            return file + ": this is a Firecracker fingerprint; import it first: cpumodel import firecracker " + file;
        }
        if (RAW_DUMP.matcher(head).find()) {
            return file + ": this is a raw register dump; import it first: cpumodel import raw " + file + " --kernel VERSION";
        }
        return null;
    }
}
