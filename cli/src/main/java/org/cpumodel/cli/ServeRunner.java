package org.cpumodel.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.cpumodel.service.FleetService;
import org.cpumodel.service.ServiceConfig;
import org.cpumodel.service.ServiceStartException;

/** Starts the fleet service for {@link ServeCommand} and keeps it running until the JVM is asked to stop (SIGINT, SIGTERM). */
final class ServeRunner {

    private ServeRunner() {
    }

    /** A started service; closing it stops the service. */
    static final class Running implements AutoCloseable {
        private final FleetService service;
        private final CountDownLatch stop = new CountDownLatch(1);
        private final Thread hook;

        Running(FleetService service) {
            this.service = service;
            this.hook = new Thread(() -> {
                service.close();
                stop.countDown();
            }, "cpumodel-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        FleetService service() {
            return service;
        }

        void awaitShutdown() throws InterruptedException {
            stop.await();
        }

        @Override
        public void close() {
            if (stop.getCount() > 0) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    return; // shutting down: the hook closes the service
                }
                service.close();
                stop.countDown();
            }
        }
    }

    static Running start(ServeCommand o, PrintWriter out) {
        ServiceConfig c = new ServiceConfig(o.bind, o.port, o.data != null ? o.data : ServeCommand.defaultData(), o.db, o.tokenFile, o.newToken,
                o.protectReads, o.maxUpload);
        FleetService s;
        try {
            s = FleetService.start(c, line -> {
                out.println(line);
                out.flush();
            });
        } catch (ServiceStartException e) {
            throw e.badConfig() ? CliException.usage(e.getMessage()) : CliException.environment(e.getMessage());
        }
        out.println("cpumodel serve: listening on http://" + (o.bind.contains(":") ? "[" + o.bind + "]" : o.bind) + ":" + s.port()
                + "/ (database: " + s.database() + ")");
        out.flush();
        return new Running(s);
    }
}
