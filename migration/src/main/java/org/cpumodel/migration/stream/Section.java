package org.cpumodel.migration.stream;

/** One section: its kind and payload (checked against its CRC32C when read). */
public record Section(SectionKind kind, byte[] payload) {
}
