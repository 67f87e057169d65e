/**
 * Strict checks of document leaves and of documents as a whole, after Jackson has checked their
 * shape: hex in its one form, numbers in range, canonical map keys, vector lengths, and the
 * consistency rules of host profiles and guest CPU models (see docs/io.md).
 */
package org.cpumodel.profile.validation;
