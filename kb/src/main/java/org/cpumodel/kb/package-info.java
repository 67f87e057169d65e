/**
 * The register knowledge base: {@link org.cpumodel.kb.KnowledgeBase} parsed from {@code registers.sysreg},
 * and {@link org.cpumodel.kb.Sysregs}, the typed register and field constants generated from the same
 * source at build time.
 */
@GenerateSysregConstants(source = "registers.sysreg", className = "Sysregs", fieldType = "SysregField")
package org.cpumodel.kb;

import org.cpumodel.sysreggen.GenerateSysregConstants;
