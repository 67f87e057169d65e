package org.cpumodel.sysreggen;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * The build step behind {@link GenerateSysregConstants}: javac runs it while compiling the annotated
 * package, it reads the sysreg source from the class output (the resources phase copied it there)
 * and writes the constants class as a generated source of the same compilation. Any problem is a
 * compile error naming the source line.
 */
public final class SysregConstantsProcessor extends AbstractProcessor {

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(GenerateSysregConstants.class.getCanonicalName());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element e : round.getElementsAnnotatedWith(GenerateSysregConstants.class)) {
            GenerateSysregConstants spec = e.getAnnotation(GenerateSysregConstants.class);
            String pkg = ((PackageElement) e).getQualifiedName().toString();
            try {
                FileObject in = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, pkg, spec.source());
                String text;
                try (var s = in.openInputStream()) {
                    text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
                }
                List<SysregLayout.Register> regs = SysregLayout.read(spec.source(), text);
                String java = SysregConstantsWriter.write(pkg, spec.className(), spec.fieldType(), spec.source(), regs);
                JavaFileObject out = processingEnv.getFiler().createSourceFile(pkg + "." + spec.className(), e);
                try (Writer w = out.openWriter()) {
                    w.write(java);
                }
            } catch (IOException | RuntimeException ex) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "generating " + spec.className() + " from " + spec.source() + ": " + ex.getMessage(), e);
            }
        }
        return true;
    }
}
