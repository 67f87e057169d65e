package org.cpumodel.kb;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Supplier;

/**
 * A register's field list parsed on first use (see {@link KnowledgeBaseParser#parseLazily}).
 * Immutable like the list it stands for; safe to share between threads (the parse runs once).
 */
final class LazyFields extends AbstractList<Field> implements RandomAccess {

    private Supplier<List<Field>> parse;
    private volatile List<Field> fields;

    LazyFields(Supplier<List<Field>> parse) {
        this.parse = parse;
    }

    private List<Field> fields() {
        List<Field> f = fields;
        if (f == null) {
            synchronized (this) {
                f = fields;
                if (f == null) {
                    f = List.copyOf(parse.get());
                    fields = f;
                    parse = null;
                }
            }
        }
        return f;
    }

    @Override
    public Field get(int index) {
        return fields().get(index);
    }

    @Override
    public int size() {
        return fields().size();
    }
}
