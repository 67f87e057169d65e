package org.cpumodel.emit;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Parses what {@link LibvirtEmitter} writes (the fragment, or a domain containing it) back into a
 * {@link QemuConfig}, and checks that libvirt's own view ({@code <cpu>} features, {@code <pmu>})
 * agrees with the passed-through {@code -cpu}.
 */
public final class LibvirtReader {

    private LibvirtReader() {
    }

    public static QemuConfig parse(String xml) {
        String doc = xml.strip().startsWith("<domain") ? xml : LibvirtEmitter.wrapInDomain(xml);
        Document d;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            d = f.newDocumentBuilder().parse(new InputSource(new StringReader(doc)));
        } catch (Exception e) {
            throw new EmitException("not well-formed libvirt XML: " + e.getMessage());
        }
        List<String> args = new ArrayList<>();
        NodeList qargs = d.getElementsByTagNameNS(LibvirtEmitter.QEMU_NS, "arg");
        for (int i = 0; i < qargs.getLength(); i++) {
            args.add(((Element) qargs.item(i)).getAttribute("value"));
        }
        QemuConfig c = QemuReader.parseArgs(args);
        NodeList cpus = d.getElementsByTagName("cpu");
        if (cpus.getLength() != 1 || !((Element) cpus.item(0)).getAttribute("mode").equals("host-passthrough")) {
            throw new EmitException("expected one <cpu mode='host-passthrough'>");
        }
        NodeList feats = ((Element) cpus.item(0)).getElementsByTagName("feature");
        for (int i = 0; i < feats.getLength(); i++) {
            Element f = (Element) feats.item(i);
            String name = f.getAttribute("name");
            String want = f.getAttribute("policy").equals("require") ? "on" : "off";
            if (!want.equals(c.cpuProps().get(name))) {
                throw new EmitException("<feature name='" + name + "' policy='" + f.getAttribute("policy")
                        + "'> disagrees with -cpu " + name + "=" + c.cpuProps().get(name));
            }
        }
        NodeList pmu = d.getElementsByTagName("pmu");
        if (pmu.getLength() == 1 && !((Element) pmu.item(0)).getAttribute("state").equals(c.cpuProps().get("pmu"))) {
            throw new EmitException("<pmu state> disagrees with -cpu pmu=" + c.cpuProps().get("pmu"));
        }
        return c;
    }
}
