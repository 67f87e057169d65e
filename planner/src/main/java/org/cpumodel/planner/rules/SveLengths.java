package org.cpumodel.planner.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SVE vector lengths (in bits, multiples of 128) a model may request from a set of hosts.
 *
 * <p>The kernel's rule (arch/arm64/kvm/guest.c, {@code set_sve_vls}, unchanged from 5.2 to 6.12):
 * KVM cannot hide one vector length from a guest, only cap the largest (ZCR_EL2.LEN), so a write of
 * KVM_REG_ARM64_SVE_VLS is refused with EINVAL unless, for every length up to the largest one
 * requested, the request has it exactly when the host has it. Intersecting the hosts' sets is
 * therefore wrong: A64FX offers 128, 256 and 512 bits, a host offering every multiple of 128 up
 * to 2048 has 384 as well, and {128, 256, 512} is refused there. The lengths every host accepts are
 * the longest run of lengths, from 128 upwards, on which all hosts agree, cut at the last length
 * all of them have.
 */
public final class SveLengths {

    private static final int VQ_BITS = 128;

    private SveLengths() {
    }

    /** The largest set every host's {@code set_sve_vls} accepts; empty when the hosts share none. */
    public static List<Integer> common(Collection<List<Integer>> hosts) {
        if (hosts.isEmpty()) {
            return List.of();
        }
        int maxVq = hosts.stream().flatMap(List::stream).mapToInt(b -> b / VQ_BITS).max().orElse(0);
        List<Integer> out = new ArrayList<>();
        List<Integer> prefix = new ArrayList<>();
        for (int vq = 1; vq <= maxVq; vq++) {
            int bits = vq * VQ_BITS;
            long having = hosts.stream().filter(h -> h.contains(bits)).count();
            if (having != 0 && having != hosts.size()) {
                break;
            }
            if (having == hosts.size()) {
                prefix.add(bits);
                out = new ArrayList<>(prefix);
            }
        }
        return List.copyOf(out);
    }

    /** Whether a host with lengths {@code host} accepts a request of {@code requested} ({@code set_sve_vls}). */
    public static boolean accepts(List<Integer> host, List<Integer> requested) {
        if (requested.isEmpty()) {
            return false;
        }
        Set<Integer> h = new TreeSet<>(host);
        Set<Integer> r = new TreeSet<>(requested);
        int max = r.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (int bits = VQ_BITS; bits <= max; bits += VQ_BITS) {
            if (h.contains(bits) != r.contains(bits)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a host with {@code host} lengths can take a guest that uses {@code guest} (nothing asked: yes). */
    public static boolean holds(List<Integer> host, List<Integer> guest) {
        return guest.isEmpty() || accepts(host, guest);
    }
}
