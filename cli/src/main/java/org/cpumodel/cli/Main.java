package org.cpumodel.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * The entry point of {@code cpumodel.jar}. A plain {@code collect} runs without picocli
 * ({@link DirectCollect}); everything else goes through {@link CpumodelCommand}. This class names
 * no picocli type, so the collect path does not even load picocli's classes.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Optional<CollectCommand> collect = DirectCollect.parse(args);
        if (collect.isPresent()) {
            int code = runDirect(collect.get());
            if (code != 0) {
                System.exit(code);
            }
            // a successful collect returns (it leaves only a daemon thread): System.exit would first
            // set up the logger it reports through, measurable where the JVM runs emulated
            return;
        }
        // standard output unbuffered by System.out's PrintStream, which would swallow a write error
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), System.out.charset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        System.exit(Cli.run(args, out, err));
    }

    /** Runs a collect that {@link DirectCollect} parsed, with picocli's streams and error reporting. */
    private static int runDirect(CollectCommand collect) throws Exception {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        try {
            return collect.collect(out, err);
        } catch (Exception ex) {
            return Failures.report(ex, "collect", err);
        }
    }
}
