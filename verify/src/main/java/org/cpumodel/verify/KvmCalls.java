package org.cpumodel.verify;

import java.util.function.Supplier;
import org.cpumodel.host.KvmIoctlException;

/** Real-KVM calls as plan steps: a refused ioctl becomes a {@link TargetException} naming the call and the errno. */
final class KvmCalls {

    private KvmCalls() {
    }

    static <T> T call(String ioctl, Supplier<T> s) {
        try {
            return s.get();
        } catch (KvmIoctlException e) {
            throw new TargetException(ioctl, e.errnoName(), "-", "kernel", e.getMessage());
        }
    }

    static void run(String ioctl, Runnable r) {
        call(ioctl, () -> {
            r.run();
            return null;
        });
    }
}
