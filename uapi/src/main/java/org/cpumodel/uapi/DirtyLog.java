package org.cpumodel.uapi;

/**
 * Dirty-page logging constants (include/uapi/linux/kvm.h) and the size of a slot's bitmap:
 * KVM_GET_DIRTY_LOG writes one bit per page of the slot, in 64-bit words (bit i of word w = page
 * 64w + i).
 */
public final class DirtyLog {

    /** KVM_MEM_LOG_DIRTY_PAGES: a flag of KVM_SET_USER_MEMORY_REGION that turns logging on for the slot. */
    public static final int MEM_LOG_DIRTY_PAGES = 1;
    /** KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE: an argument bit of KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2. */
    public static final long MANUAL_PROTECT_ENABLE = 1L << 0;
    /** KVM_DIRTY_LOG_INITIALLY_SET: every page starts dirty (no write-protection pass when logging starts). */
    public static final long INITIALLY_SET = 1L << 1;
    /** KVM_CLEAR_DIRTY_LOG works on whole 64-page words: first_page must be a multiple of 64. */
    public static final int CLEAR_ALIGNMENT_PAGES = 64;

    private DirtyLog() {
    }

    /** Bytes of the bitmap for a slot of {@code pages} pages: one bit each, rounded up to 64-bit words. */
    public static long bitmapBytes(long pages) {
        if (pages < 0) {
            throw new IllegalArgumentException("negative page count " + pages);
        }
        return (pages + 63) / 64 * 8;
    }
}
