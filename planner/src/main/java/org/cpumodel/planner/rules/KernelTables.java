package org.cpumodel.planner.rules;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cpumodel.kb.Field;
import org.cpumodel.kb.KernelVersion;
import org.cpumodel.kb.KnowledgeBase;
import org.cpumodel.kb.Register;
import org.cpumodel.kernel.abi.KernelAbi;
import org.cpumodel.kernel.abi.RegisterAbi;

/**
 * One kernel's view of the bundled knowledge base, computed once per kernel version and shared by
 * every member running it: each register's ABI row ({@link KernelAbi#register}, a table scan) and
 * each field's rule ({@link FieldRule#of}) and cpufeature presence. Pure caching: every answer is
 * the one the uncached call gives; registers of another knowledge base instance are not cached.
 */
public final class KernelTables {

    private static final Map<KernelVersion, KernelTables> CACHE = new ConcurrentHashMap<>();

    /** Per register: its ABI (empty when the kernel has no model for it) and, per field, rule and ftr presence. */
    public record Reg(Optional<RegisterAbi> abi, IdentityHashMap<Field, FieldRule> rules, IdentityHashMap<Field, Boolean> hasFtr) {
    }

    public final KernelVersion kernel;
    public final KernelAbi abi;
    /** By {@link Register#index}: the register each entry was computed for, and the entry. */
    private final Register[] keys;
    private final Reg[] regs;

    private KernelTables(KernelVersion kernel) {
        this.kernel = kernel;
        this.abi = KernelAbi.of(kernel);
        List<Register> all = KnowledgeBase.load().registers();
        keys = new Register[all.size()];
        regs = new Reg[all.size()];
        for (Register r : all) {
            if (r.index() >= 0 && r.index() < regs.length) {
                keys[r.index()] = r;
                regs[r.index()] = compute(r);
            }
        }
    }

    /** The tables of a kernel; throws {@link org.cpumodel.kernel.abi.KernelTooOldException} like {@link KernelAbi#of}. */
    public static KernelTables of(KernelVersion k) {
        KernelTables t = CACHE.get(k);
        if (t == null) {
            t = new KernelTables(k);
            CACHE.putIfAbsent(k, t);
        }
        return t;
    }

    private Reg compute(Register r) {
        IdentityHashMap<Field, FieldRule> rules = new IdentityHashMap<>();
        IdentityHashMap<Field, Boolean> has = new IdentityHashMap<>();
        for (Field f : r.fields()) {
            var p = f.ftr(kernel);
            has.put(f, p.isPresent());
            rules.put(f, FieldRule.of(r.name(), f, p.orElse(null)));
        }
        return new Reg(abi.register(r), rules, has);
    }

    public Reg reg(Register r) {
        int i = r.index();
        return i >= 0 && i < keys.length && keys[i] == r ? regs[i] : compute(r);
    }

    public Optional<RegisterAbi> register(Register r) {
        return reg(r).abi();
    }

    public FieldRule rule(Register r, Field f) {
        FieldRule x = reg(r).rules().get(f);
        return x != null ? x : FieldRule.of(r.name(), f, f.ftr(kernel).orElse(null));
    }

    public boolean hasFtr(Register r, Field f) {
        Boolean x = reg(r).hasFtr().get(f);
        return x != null ? x : f.ftr(kernel).isPresent();
    }
}
