package org.cpumodel.emit;

import java.util.List;

/**
 * What a configuration must change in one register: the model's value, the base it starts from (the
 * host's own value with {@code --host}, else null), the writable fields it sets, and the fields that
 * differ but no member kernel lets userspace write (a VMM cannot present them; verify will refuse).
 */
public record RegisterDelta(String register, long oneRegId, int planIndex, long modelValue, Long baseValue,
                            List<FieldSetting> fields, List<String> notWritable) {

    public RegisterDelta {
        fields = List.copyOf(fields);
        notWritable = List.copyOf(notWritable);
    }

    /** The bits the configuration sets: the union of the fields' masks. */
    public long filter() {
        long m = 0;
        for (FieldSetting f : fields) {
            m |= f.mask();
        }
        return m;
    }

    /** The model value restricted to {@link #filter()}. */
    public long filteredValue() {
        return modelValue & filter();
    }
}
