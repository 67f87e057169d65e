package org.cpumodel.sysreggen;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a package: generate, in that package, the class {@link #className()} with one nested class per
 * register of the sysreg source {@link #source()} (a resource of the same package, already copied to
 * the class output by the resources phase). Read by {@link SysregConstantsProcessor} at compile time.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.PACKAGE)
public @interface GenerateSysregConstants {

    /** The sysreg source, relative to the annotated package. */
    String source();

    /** The simple name of the generated class. */
    String className();

    /** The simple name of the field type the generated class uses (a record of the annotated package). */
    String fieldType();
}
