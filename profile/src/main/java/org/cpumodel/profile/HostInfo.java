package org.cpumodel.profile;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Who the host is: a name, the CPU (QEMU model or silicon), the kernel release, KVM's mode, where
 * the profile came from, and free-form identity facts (sysfs MIDR per CPU, DMI firmware version, ...).
 */
public record HostInfo(String name, String cpu, String kernelRelease, String kvmMode, String source,
                       SortedMap<String, String> facts) {

    public HostInfo {
        facts = new TreeMap<>(facts == null ? java.util.Map.of() : facts);
    }
}
