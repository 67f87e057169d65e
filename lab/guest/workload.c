/*
 * lab/guest/workload.c: the workload of the nested guest (the Linux guest a VMM boots inside a lab
 * host). It gives a live-migration test three things to judge, on machine-parsable lines that all
 * start with "WL ":
 *
 *   1. Continuity: a tick counter, advanced about once per second of CLOCK_MONOTONIC. A migrated
 *      guest continues the count; a restarted one starts again at tick=1.
 *        WL tick=17 t=17.002 pass=41 sum=ok cpu=9f3c0d2e71a4b655
 *      (t: seconds of CLOCK_MONOTONIC since the workload started; pass: passes completed so far)
 *   2. Memory: a buffer of mib MiB rewritten pass after pass. Word i of pass p holds
 *      splitmix64(p << 40 ^ i), a pure function of (pass, index). Every word is checked against
 *      the previous pass's value just before it is overwritten, so each pass is verified in full
 *      while the next is written, and a last check runs before a normal exit. A lost or stale page
 *      after a migration shows up at once:
 *        WL BAD pass=42 first-bad-offset=0x1a3000 bad-words=512 expected=0x... got=0x... got-is-pass=40
 *      and from then on every tick line says sum=BAD first-bad-offset=0x... bad-passes=N.
 *   3. The CPU as this guest's userspace sees it: at start and every idevery ticks, the registers
 *      read with MRS at EL0 and the Features line of /proc/cpuinfo:
 *        WL cpu tick=0 hash=9f3c0d2e71a4b655
 *        WL reg MIDR_EL1=0x00000000414fd0c1
 *        ...
 *        WL features fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics ...
 *      The hash (FNV-1a 64 over the reg and features lines) is on every tick line (cpu=...), so a
 *      test compares before and after a migration cheaply.
 *
 * What Linux gives EL0 (arch/arm64/kernel/cpufeature.c, emulate_sys_reg/emulate_id_reg, and
 * arch/arm64/kernel/traps.c, Linux 6.12; a stock kernel always sets HWCAP_CPUID):
 *   - MRS of the ID space Op0=3, Op1=0, CRn=0, CRm=2..7 traps to the kernel (EL0 may not read
 *     these), which answers from its BOOT-TIME SANITISED copy (the system-wide safe value over all
 *     CPUs, arm64_ftr_reg_user_value: only the fields exposed to userspace, the others at their
 *     user-safe value); registers it does not track read as 0. So ID_AA64* lines never change
 *     while a kernel runs, even if the vCPU underneath changes: they show what the guest booted on.
 *   - CRm=0: MIDR_EL1 is a LIVE read (read_cpuid_id() on the CPU that takes the trap; under KVM
 *     that is the vCPU's MIDR, VPIDR_EL2); MPIDR_EL1 reads as a constant, REVIDR_EL1 as 0. Other
 *     CRm=0 encodings are not emulated (SIGILL), so this program reads only MIDR_EL1 there.
 *   - CTR_EL0, DCZID_EL0 and CNTFRQ_EL0 are readable at EL0 and are LIVE reads of the (v)CPU,
 *     except that the kernel traps CTR_EL0 (SCTLR_EL1.UCT=0) when CPUs mismatch or for erratum
 *     1542419 and then answers from the sanitised copy, and traps CNTFRQ_EL0 under some timer
 *     errata and then answers the timer rate it booted with.
 *   - /proc/cpuinfo "Features" are the hwcaps computed at boot from the sanitised registers.
 * So after a migration to a host with a different CPU, a correct VMM keeps every line equal; the
 * live ones (MIDR_EL1, CTR_EL0, DCZID_EL0, CNTFRQ_EL0) are the ones that can betray a mismatch.
 *
 * Arguments (the guest init takes them from the kernel command line, wl.KEY=VALUE):
 *   mib=N       buffer size in MiB (default 32)
 *   seconds=S   exit after S seconds of CLOCK_MONOTONIC (default 0: run forever)
 *   idevery=K   print the CPU block every K ticks (default 10; 0: only at start)
 *   mibps=R     rewrite at most R MiB per second (default 0: as fast as the CPU goes)
 *   corrupt=P   self-test of the checker: as pass P (>= 2) starts, put pass P-2's values back into one
 *               4 KiB page at 1 MiB (a stale page, as a migration that lost a page would leave);
 *               the check of that pass must report it (default 0: never)
 * Exit status: 0 when every check passed, 1 when memory was wrong, 2 on a bad argument.
 *
 * Plain C (C11 + POSIX), built static with Debian's gcc-aarch64-linux-gnu by lab/build.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef HWCAP_CPUID
#define HWCAP_CPUID (1UL << 11)
#endif

#define CHUNK_WORDS 8192u            /* 64 KiB between clock checks */
#define FEATURES_MAX 1024

/* ---------------------------------------------------------------- the pure function of (pass, word) */

static inline uint64_t splitmix64(uint64_t x) {
    uint64_t z = x + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t expected(uint64_t pass, uint64_t word) {
    return splitmix64((pass << 40) ^ word);
}

/* ---------------------------------------------------------------- clock */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s) {
    struct timespec ts;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* ---------------------------------------------------------------- the CPU as EL0 sees it */

#define MRS(enc) ({ uint64_t v_; __asm__ volatile("mrs %0, " enc : "=r"(v_)); v_; })

static uint64_t fnv1a(uint64_t h, const char *s) {
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Reads every register and the Features line; prints them when print is set; returns the hash. */
static uint64_t cpu_view(int print, unsigned long tick) {
    struct reg { const char *name; uint64_t value; };
    struct reg regs[20];
    int n = 0;
    int cpuid = (getauxval(AT_HWCAP) & HWCAP_CPUID) != 0;
    if (cpuid) {
        /* emulated by the kernel; MIDR_EL1 live, the ID_AA64* from the boot-time sanitised copy */
        regs[n++] = (struct reg){"MIDR_EL1", MRS("S3_0_C0_C0_0")};
        regs[n++] = (struct reg){"ID_AA64PFR0_EL1", MRS("S3_0_C0_C4_0")};
        regs[n++] = (struct reg){"ID_AA64PFR1_EL1", MRS("S3_0_C0_C4_1")};
        regs[n++] = (struct reg){"ID_AA64PFR2_EL1", MRS("S3_0_C0_C4_2")};
        regs[n++] = (struct reg){"ID_AA64ZFR0_EL1", MRS("S3_0_C0_C4_4")};
        regs[n++] = (struct reg){"ID_AA64SMFR0_EL1", MRS("S3_0_C0_C4_5")};
        regs[n++] = (struct reg){"ID_AA64DFR0_EL1", MRS("S3_0_C0_C5_0")};
        regs[n++] = (struct reg){"ID_AA64ISAR0_EL1", MRS("S3_0_C0_C6_0")};
        regs[n++] = (struct reg){"ID_AA64ISAR1_EL1", MRS("S3_0_C0_C6_1")};
        regs[n++] = (struct reg){"ID_AA64ISAR2_EL1", MRS("S3_0_C0_C6_2")};
        regs[n++] = (struct reg){"ID_AA64ISAR3_EL1", MRS("S3_0_C0_C6_3")};
        regs[n++] = (struct reg){"ID_AA64MMFR0_EL1", MRS("S3_0_C0_C7_0")};
        regs[n++] = (struct reg){"ID_AA64MMFR1_EL1", MRS("S3_0_C0_C7_1")};
        regs[n++] = (struct reg){"ID_AA64MMFR2_EL1", MRS("S3_0_C0_C7_2")};
        regs[n++] = (struct reg){"ID_AA64MMFR3_EL1", MRS("S3_0_C0_C7_3")};
    }
    /* readable at EL0: live reads (unless the kernel traps them, see the header) */
    regs[n++] = (struct reg){"CTR_EL0", MRS("S3_3_C0_C0_1")};
    regs[n++] = (struct reg){"DCZID_EL0", MRS("S3_3_C0_C0_7")};
    regs[n++] = (struct reg){"CNTFRQ_EL0", MRS("S3_3_C14_C0_0")};

    char features[FEATURES_MAX] = "";
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f != NULL) {
        char line[FEATURES_MAX];
        while (fgets(line, sizeof line, f) != NULL) {
            if (strncmp(line, "Features", 8) == 0) {
                char *v = strchr(line, ':');
                if (v != NULL) {
                    v++;
                    while (*v == ' ' || *v == '\t') {
                        v++;
                    }
                    v[strcspn(v, "\n")] = '\0';
                    snprintf(features, sizeof features, "%s", v);
                }
                break;   /* the first CPU's line: Linux prints the same system-wide hwcaps for all */
            }
        }
        fclose(f);
    }

    char text[80];
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < n; i++) {
        snprintf(text, sizeof text, "%s=0x%016" PRIx64 "\n", regs[i].name, regs[i].value);
        h = fnv1a(h, text);
    }
    h = fnv1a(h, features);
    if (print) {
        printf("WL cpu tick=%lu hash=%016" PRIx64 " cpuid-emulation=%s\n", tick, h, cpuid ? "yes" : "no");
        for (int i = 0; i < n; i++) {
            printf("WL reg %s=0x%016" PRIx64 "\n", regs[i].name, regs[i].value);
        }
        printf("WL features %s\n", features);
    }
    return h;
}

/* ---------------------------------------------------------------- arguments */

struct params { unsigned long mib, seconds, idevery, mibps, corrupt; };

static int parse_params(int argc, char **argv, struct params *p) {
    *p = (struct params){.mib = 32, .seconds = 0, .idevery = 10, .mibps = 0, .corrupt = 0};
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        char *end = NULL;
        unsigned long v = 0;
        if (eq != NULL) {
            errno = 0;
            v = strtoul(eq + 1, &end, 10);
        }
        if (eq == NULL || end == eq + 1 || *end != '\0' || errno != 0) {
            fprintf(stderr, "WL error: bad argument '%s': expected KEY=NUMBER (mib, seconds, idevery, mibps, corrupt)\n", argv[i]);
            return -1;
        }
        size_t k = (size_t)(eq - argv[i]);
        if (k == 3 && strncmp(argv[i], "mib", k) == 0) {
            p->mib = v;
        } else if (k == 7 && strncmp(argv[i], "seconds", k) == 0) {
            p->seconds = v;
        } else if (k == 7 && strncmp(argv[i], "idevery", k) == 0) {
            p->idevery = v;
        } else if (k == 5 && strncmp(argv[i], "mibps", k) == 0) {
            p->mibps = v;
        } else if (k == 7 && strncmp(argv[i], "corrupt", k) == 0) {
            p->corrupt = v;
        } else {
            fprintf(stderr, "WL error: unknown argument '%s': the keys are mib, seconds, idevery, mibps, corrupt\n", argv[i]);
            return -1;
        }
    }
    if (p->mib == 0 || p->mib > (1UL << 20)) {
        fprintf(stderr, "WL error: mib=%lu is out of range: give 1 to 1048576\n", p->mib);
        return -1;
    }
    if (p->corrupt == 1) {
        fprintf(stderr, "WL error: corrupt=1: give a pass >= 2 (pass P is corrupted with pass P-2's values)\n");
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- memory checks */

struct mem_state {
    uint64_t *buf;
    uint64_t words;
    unsigned long bad_passes;      /* passes in which at least one word was wrong */
    int64_t first_bad_offset;      /* byte offset of the first wrong word ever seen, -1 if none */
};

/* Reports the wrong words of one checked range; got-is-pass names an older pass the value matches. */
static void report_bad(struct mem_state *m, uint64_t pass_expected, uint64_t first, uint64_t count,
                       uint64_t exp, uint64_t got) {
    long stale = -1;
    for (uint64_t back = 1; back <= 64 && back <= pass_expected; back++) {
        if (expected(pass_expected - back, first) == got) {
            stale = (long)(pass_expected - back);
            break;
        }
    }
    if (m->first_bad_offset < 0) {
        m->first_bad_offset = (int64_t)(first * 8);
    }
    m->bad_passes++;
    char stale_text[24] = "none";
    if (stale >= 0) {
        snprintf(stale_text, sizeof stale_text, "%ld", stale);
    }
    printf("WL BAD pass=%" PRIu64 " first-bad-offset=0x%" PRIx64 " bad-words=%" PRIu64 " expected=0x%016" PRIx64
           " got=0x%016" PRIx64 " got-is-pass=%s\n",
           pass_expected, first * 8, count, exp, got, stale_text);
}

/* Checks words [from, to) against pass `pass` when pass >= 0, rewriting them with pass `next` when next >= 0. */
static void check_and_write(struct mem_state *m, uint64_t from, uint64_t to, int64_t pass, int64_t next,
                            uint64_t *bad_first, uint64_t *bad_count, uint64_t *bad_exp, uint64_t *bad_got) {
    uint64_t *b = m->buf;
    if (pass < 0) {                    /* pass 0, the first fill: nothing to check yet */
        for (uint64_t i = from; i < to; i++) {
            b[i] = expected((uint64_t)next, i);
        }
        return;
    }
    for (uint64_t i = from; i < to; i++) {
        uint64_t e = expected((uint64_t)pass, i);
        uint64_t g = b[i];
        if (g != e) {
            if (*bad_count == 0) {
                *bad_first = i;
                *bad_exp = e;
                *bad_got = g;
            }
            (*bad_count)++;
        }
        if (next >= 0) {
            b[i] = expected((uint64_t)next, i);
        }
    }
}

/* ---------------------------------------------------------------- main loop */

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct params p;
    if (parse_params(argc, argv, &p) != 0) {
        return 2;
    }
    struct mem_state m = {.words = (uint64_t)p.mib << 17, .bad_passes = 0, .first_bad_offset = -1};
    m.buf = mmap(NULL, (size_t)p.mib << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m.buf == MAP_FAILED) {
        printf("WL error: cannot map %lu MiB: %s\n", p.mib, strerror(errno));
        return 3;
    }
    double t0 = now_seconds();
    printf("WL start mib=%lu seconds=%lu idevery=%lu mibps=%lu corrupt=%lu words=%" PRIu64 " pid=%ld\n",
           p.mib, p.seconds, p.idevery, p.mibps, p.corrupt, m.words, (long)getpid());
    uint64_t hash = cpu_view(1, 0);

    unsigned long tick = 0;
    uint64_t pass = 0;                 /* the pass being written (0: the first fill); passes 0 .. pass-1 are complete */
    uint64_t pos = 0;                  /* words [0, pos) already hold pass, [pos, words) pass - 1 */
    double next_tick = t0 + 1.0;
    double rate_t0 = now_seconds();
    uint64_t rate_bytes = 0;
    uint64_t bad_first = 0, bad_count = 0, bad_exp = 0, bad_got = 0;
    for (;;) {
        if (pos == 0 && p.corrupt != 0 && pass == p.corrupt) {
            uint64_t w0 = ((1u << 20) / 8) % m.words;
            uint64_t w1 = w0 + 512 < m.words ? w0 + 512 : m.words;
            for (uint64_t i = w0; i < w1; i++) {
                m.buf[i] = expected(pass - 2, i);
            }
            printf("WL corrupt pass=%" PRIu64 " offset=0x%" PRIx64 " words=%" PRIu64 " (self-test: a stale page from pass %" PRIu64 ")\n",
                   pass, w0 * 8, w1 - w0, pass - 2);
        }
        uint64_t end = pos + CHUNK_WORDS < m.words ? pos + CHUNK_WORDS : m.words;
        check_and_write(&m, pos, end, (int64_t)pass - 1, (int64_t)pass, &bad_first, &bad_count, &bad_exp, &bad_got);
        rate_bytes += (end - pos) * 8;
        pos = end;
        if (pos == m.words) {
            if (bad_count != 0) {
                report_bad(&m, pass - 1, bad_first, bad_count, bad_exp, bad_got);
                bad_count = 0;
            }
            pass++;
            pos = 0;
        }

        double now = now_seconds();
        if (p.mibps != 0) {            /* pace the rewrite; after a long stall, restart the budget */
            double allowed = (now - rate_t0) * (double)p.mibps * 1048576.0;
            if ((double)rate_bytes > allowed) {
                sleep_seconds(((double)rate_bytes - allowed) / ((double)p.mibps * 1048576.0));
                now = now_seconds();
            } else if (allowed - (double)rate_bytes > 0.5 * (double)p.mibps * 1048576.0) {
                rate_t0 = now;
                rate_bytes = 0;
            }
        }
        if (now >= next_tick) {
            tick++;
            /* about one tick per second; after a stall (e.g. a migration's downtime) no burst */
            next_tick = now > next_tick + 1.0 ? now + 1.0 : next_tick + 1.0;
            int full = p.idevery != 0 && tick % p.idevery == 0;
            hash = cpu_view(full, tick);
            if (m.first_bad_offset < 0) {
                printf("WL tick=%lu t=%.3f pass=%" PRIu64 " sum=ok cpu=%016" PRIx64 "\n", tick, now - t0, pass, hash);
            } else {
                printf("WL tick=%lu t=%.3f pass=%" PRIu64 " sum=BAD first-bad-offset=0x%" PRIx64 " bad-passes=%lu cpu=%016" PRIx64 "\n",
                       tick, now - t0, pass, (uint64_t)m.first_bad_offset, m.bad_passes, hash);
            }
            if (p.seconds != 0 && now - t0 >= (double)p.seconds) {
                break;
            }
        }
    }

    /* last check: [0, pos) hold pass, [pos, words) pass - 1 (nothing yet when pass 0 is unfinished) */
    check_and_write(&m, 0, pos, (int64_t)pass, -1, &bad_first, &bad_count, &bad_exp, &bad_got);
    if (bad_count != 0) {
        report_bad(&m, pass, bad_first, bad_count, bad_exp, bad_got);
        bad_count = 0;
    }
    if (pass > 0) {
        check_and_write(&m, pos, m.words, (int64_t)pass - 1, -1, &bad_first, &bad_count, &bad_exp, &bad_got);
        if (bad_count != 0) {
            report_bad(&m, pass - 1, bad_first, bad_count, bad_exp, bad_got);
        }
    }
    int ok = m.first_bad_offset < 0;
    printf("WL done ticks=%lu passes=%" PRIu64 " t=%.3f sum=%s cpu=%016" PRIx64 "\n", tick, pass, now_seconds() - t0,
           ok ? "ok" : "BAD", hash);
    return ok ? 0 : 1;
}
