package org.cpumodel.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated constants say what the knowledge base parsed from the same source says, field by field. */
class SysregsTest {

    private final KnowledgeBase kb = KnowledgeBase.load();

    @Test
    void everyGeneratedRegisterFieldAndValueIsTheKnowledgeBasesOwn() throws ReflectiveOperationException {
        int registers = 0;
        int fields = 0;
        int values = 0;
        for (Class<?> c : Sysregs.class.getDeclaredClasses()) {
            Register r = kb.require(c.getSimpleName());
            assertThat(c.getField("NAME").get(null)).isEqualTo(r.name());
            assertThat(c.getField("ENCODING").get(null)).isEqualTo(r.encoding());
            List<String> generated = new ArrayList<>();
            for (java.lang.reflect.Field f : c.getFields()) {
                assertThat(Modifier.isFinal(f.getModifiers()) && Modifier.isStatic(f.getModifiers())).isTrue();
                if (f.getType() == SysregField.class) {
                    SysregField g = (SysregField) f.get(null);
                    Field k = r.field(g);
                    assertThat(g.name()).isEqualTo(f.getName()).isEqualTo(k.name());
                    assertThat(g.mask()).as(g.toString()).isEqualTo(k.mask());
                    assertThat(g.width()).isEqualTo(k.width());
                    generated.add(g.name());
                    fields++;
                } else if (f.getName().equals("RES0")) {
                    assertThat(f.getLong(null)).as(r.name() + " RES0").isEqualTo(r.res0Mask());
                } else if (f.getName().equals("RES1")) {
                    assertThat(f.getLong(null)).as(r.name() + " RES1").isEqualTo(r.fields().stream()
                            .filter(x -> x.kind() == FieldKind.RES1).mapToLong(Field::mask).reduce(0, (a, x) -> a | x));
                } else if (f.getType() == long.class) {
                    // FIELD_VALUE: exactly one named value of one field of the register has this name
                    List<Long> matches = r.namedFields().stream()
                            .flatMap(k -> k.values().stream().filter(v -> (k.name() + "_" + v.name()).equals(f.getName())))
                            .map(FieldValue::value).toList();
                    assertThat(matches).as(c.getSimpleName() + "." + f.getName()).containsExactly(f.getLong(null));
                    values++;
                }
            }
            assertThat(generated).as(r.name()).containsExactlyElementsOf(r.namedFields().stream().map(Field::name).toList());
            registers++;
        }
        assertThat(registers).isEqualTo(kb.registers().stream().filter(r -> !r.isUnallocated()).count());
        assertThat(fields).isGreaterThan(500);
        assertThat(values).isGreaterThan(500);
    }

    @Test
    void aFieldTheKnowledgeBaseDoesNotHaveIsALoadTimeErrorNeverIgnored() {
        SysregField misspelt = new SysregField("ID_AA64DFR0_EL1", "PMUver2", 11, 8, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kb.field(misspelt))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ID_AA64DFR0_EL1.PMUver2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kb.require("ID_AA64PFR0_EL1").field(Sysregs.ID_AA64DFR0_EL1.PMUVer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a field of ID_AA64PFR0_EL1");
    }

    @Test
    void aFieldReadsAndWritesItsBits() {
        SysregField el0 = Sysregs.ID_AA64PFR0_EL1.EL0;
        assertThat(el0.shift()).isZero();
        assertThat(el0.width()).isEqualTo(4);
        assertThat(el0.get(0x1122L)).isEqualTo(2);
        assertThat(Sysregs.ID_AA64PFR0_EL1.EL0_AARCH32).isEqualTo(2);
        assertThat(Sysregs.CLIDR_EL1.LoC.set(0, 7)).isEqualTo(7L << 24);
        assertThat(Sysregs.CTR_EL0.IDC.mask()).isEqualTo(1L << 28);
        assertThat(kb.field(Sysregs.ID_AA64DFR0_EL1.PMUVer).name()).isEqualTo("PMUVer");
    }
}
