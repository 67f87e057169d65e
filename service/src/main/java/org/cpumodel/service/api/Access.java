package org.cpumodel.service.api;

/** Who may call a route: anyone (or token holders when reads are protected), or token holders only. */
public enum Access {
    /** Reads and computations that change nothing: open, unless the service protects reads. */
    READ,
    /** Changes to the inventory: always need the bearer token. */
    WRITE
}
