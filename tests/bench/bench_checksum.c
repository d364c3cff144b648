/* SPDX-License-Identifier: MIT */
/*
 * make bench-checksum: MB/s of every checksum engine on the same data in one run.
 *
 * Rows: the portable table CRCs (core/checksum.c built with S3L_CRC_TABLES = 0, 1, 8; symbols
 * t0_ / t1_ / t8_), the CLMUL CRC64NVME (port/posix/crc64_clmul.c; clmul_), whatever this
 * build's hash seam is (port/posix/accel.mk: ACCEL), and the libraries themselves called directly:
 * zlib's crc32, ISA-L, mbedTLS and OpenSSL digests. Every engine's result is checked against
 * the others before it is timed.
 *
 * Timing: a 1 MiB buffer (BENCH_MIB=n for another size), hot in cache; each row runs until
 * 0.2 s have passed, best of 3; MB/s is 10^6 bytes per second.
 */
#define OPENSSL_API_COMPAT 0x10101000L /* SHA256_Init & co without deprecation warnings */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mbedtls/md5.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include "s3lite/checksum.h"
#include "s3lite/hash.h"

#if defined(BENCH_HAVE_ZLIB)
#include <zlib.h>
#endif
#if defined(BENCH_HAVE_ISAL)
#include <isa-l/crc.h>
#endif
#if defined(BENCH_HAVE_OPENSSL)
#include <openssl/md5.h>
#include <openssl/sha.h>
#endif

#ifndef BENCH_ACCEL_ID
#define BENCH_ACCEL_ID "unknown"
#endif

#if MBEDTLS_VERSION_NUMBER < 0x03000000
#define MBED(fn) fn##_ret
#else
#define MBED(fn) fn
#endif

/* The table variants and the CLMUL engine, renamed at build time (tests/bench/checksum.mk). */
#define VARIANT_DECL(p)                                                                    \
    uint32_t p##s3l_crc32_update(uint32_t crc, const void *data, size_t len);              \
    uint32_t p##s3l_crc32c_update(uint32_t crc, const void *data, size_t len);             \
    uint64_t p##s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len);
VARIANT_DECL(t0_)
VARIANT_DECL(t1_)
VARIANT_DECL(t8_)
uint64_t clmul_s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len);

/* Every row: compute the checksum of p[0..n) and return something of it (digest bytes folded
 * into a number) so results can be compared and nothing is optimised away. */
typedef uint64_t (*row_fn)(const uint8_t *p, size_t n);

static uint64_t fold_bytes(const uint8_t *d, size_t n)
{
    uint64_t v = 0;
    size_t i;
    for (i = 0; i < n; i++) v = (v << 8 | v >> 56) ^ d[i];
    return v;
}

#define CRC_ROWS(p)                                                                        \
    static uint64_t p##crc32(const uint8_t *b, size_t n) { return p##s3l_crc32_update(0, b, n); } \
    static uint64_t p##crc32c(const uint8_t *b, size_t n) { return p##s3l_crc32c_update(0, b, n); } \
    static uint64_t p##crc64(const uint8_t *b, size_t n) { return p##s3l_crc64nvme_update(0, b, n); }
CRC_ROWS(t0_)
CRC_ROWS(t1_)
CRC_ROWS(t8_)

static uint64_t seam_crc32(const uint8_t *b, size_t n) { return s3l_crc32_update(0, b, n); }
static uint64_t seam_crc32c(const uint8_t *b, size_t n) { return s3l_crc32c_update(0, b, n); }
static uint64_t seam_crc64(const uint8_t *b, size_t n) { return s3l_crc64nvme_update(0, b, n); }
static uint64_t clmul_crc64(const uint8_t *b, size_t n)
{
    return clmul_s3l_crc64nvme_update(0, b, n);
}

static uint64_t seam_sha256(const uint8_t *b, size_t n)
{
    uint8_t d[32];
    s3l_sha256_ctx c;
    s3l_sha256_start(&c);
    s3l_sha256_update(&c, b, n);
    s3l_sha256_finish(&c, d);
    return fold_bytes(d, 32);
}

static uint64_t seam_sha1(const uint8_t *b, size_t n)
{
    uint8_t d[20];
    s3l_sha1_ctx c;
    s3l_sha1_start(&c);
    s3l_sha1_update(&c, b, n);
    s3l_sha1_finish(&c, d);
    return fold_bytes(d, 20);
}

static uint64_t seam_md5(const uint8_t *b, size_t n)
{
    uint8_t d[16];
    s3l_md5_ctx c;
    s3l_md5_start(&c);
    s3l_md5_update(&c, b, n);
    s3l_md5_finish(&c, d);
    return fold_bytes(d, 16);
}

static uint64_t mbed_sha256(const uint8_t *b, size_t n)
{
    uint8_t d[32];
    mbedtls_sha256_context c;
    mbedtls_sha256_init(&c);
    MBED(mbedtls_sha256_starts)(&c, 0);
    MBED(mbedtls_sha256_update)(&c, b, n);
    MBED(mbedtls_sha256_finish)(&c, d);
    mbedtls_sha256_free(&c);
    return fold_bytes(d, 32);
}

static uint64_t mbed_sha1(const uint8_t *b, size_t n)
{
    uint8_t d[20];
    mbedtls_sha1_context c;
    mbedtls_sha1_init(&c);
    MBED(mbedtls_sha1_starts)(&c);
    MBED(mbedtls_sha1_update)(&c, b, n);
    MBED(mbedtls_sha1_finish)(&c, d);
    mbedtls_sha1_free(&c);
    return fold_bytes(d, 20);
}

static uint64_t mbed_md5(const uint8_t *b, size_t n)
{
    uint8_t d[16];
    mbedtls_md5_context c;
    mbedtls_md5_init(&c);
    MBED(mbedtls_md5_starts)(&c);
    MBED(mbedtls_md5_update)(&c, b, n);
    MBED(mbedtls_md5_finish)(&c, d);
    mbedtls_md5_free(&c);
    return fold_bytes(d, 16);
}

#if defined(BENCH_HAVE_ZLIB)
static uint64_t zlib_crc32(const uint8_t *b, size_t n)
{
    return crc32_z(0, b, n);
}
#endif

#if defined(BENCH_HAVE_ISAL)
static unsigned char *unconst(const uint8_t *p)
{
    return (unsigned char *)(uintptr_t)p;
}
static uint64_t isal_crc32(const uint8_t *b, size_t n)
{
    return crc32_gzip_refl(0, unconst(b), n);
}
static uint64_t isal_crc32c(const uint8_t *b, size_t n)
{
    return (uint32_t)~crc32_iscsi(unconst(b), (int)n, 0xffffffffu);
}
#endif

#if defined(BENCH_HAVE_OPENSSL)
static uint64_t ossl_sha256(const uint8_t *b, size_t n)
{
    uint8_t d[32];
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, b, n);
    SHA256_Final(d, &c);
    return fold_bytes(d, 32);
}
static uint64_t ossl_sha1(const uint8_t *b, size_t n)
{
    uint8_t d[20];
    SHA_CTX c;
    SHA1_Init(&c);
    SHA1_Update(&c, b, n);
    SHA1_Final(d, &c);
    return fold_bytes(d, 20);
}
static uint64_t ossl_md5(const uint8_t *b, size_t n)
{
    uint8_t d[16];
    MD5_CTX c;
    MD5_Init(&c);
    MD5_Update(&c, b, n);
    MD5_Final(d, &c);
    return fold_bytes(d, 16);
}
#endif

struct row {
    const char *alg;
    const char *backend;
    row_fn fn;
    double mbps;
    uint64_t result;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint64_t sink;

static double measure(row_fn fn, const uint8_t *buf, size_t n)
{
    double best = 0;
    unsigned round;
    sink ^= fn(buf, n); /* warm up */
    for (round = 0; round < 3; round++) {
        double t0 = now(), t;
        unsigned long iters = 0;
        do {
            sink ^= fn(buf, n);
            iters++;
            t = now() - t0;
        } while (t < 0.2 && iters < 1000000ul);
        if ((double)n * (double)iters / t / 1e6 > best) best = (double)n * (double)iters / t / 1e6;
    }
    return best;
}

static const struct row *find(const struct row *rows, size_t n, const char *alg,
                              const char *backend_prefix)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(rows[i].alg, alg) == 0 &&
            strncmp(rows[i].backend, backend_prefix, strlen(backend_prefix)) == 0)
            return &rows[i];
    return NULL;
}

static void target(const char *what, const struct row *a, const struct row *b, double need,
                   int at_least)
{
    double r;
    if (a == NULL || b == NULL) {
        printf("  %-58s n/a (library missing)\n", what);
        return;
    }
    r = a->mbps / b->mbps;
    printf("  %-58s %8.0f / %8.0f MB/s = %5.2fx  %s\n", what, a->mbps, b->mbps, r,
           (at_least ? r >= need : r >= 1.0 / need) ? "met" : "NOT met");
}

int main(void)
{
    struct row rows[] = {
        {"CRC32", "s3lite tables=0 (bitwise)", t0_crc32, 0, 0},
        {"CRC32", "s3lite tables=1", t1_crc32, 0, 0},
        {"CRC32", "s3lite tables=8 (slice-by-8)", t8_crc32, 0, 0},
        {"CRC32", "s3lite seam, this build", seam_crc32, 0, 0},
#if defined(BENCH_HAVE_ZLIB)
        {"CRC32", "zlib crc32", zlib_crc32, 0, 0},
#endif
#if defined(BENCH_HAVE_ISAL)
        {"CRC32", "ISA-L crc32_gzip_refl", isal_crc32, 0, 0},
#endif
        {"CRC32C", "s3lite tables=0 (bitwise)", t0_crc32c, 0, 0},
        {"CRC32C", "s3lite tables=1", t1_crc32c, 0, 0},
        {"CRC32C", "s3lite tables=8 (slice-by-8)", t8_crc32c, 0, 0},
        {"CRC32C", "s3lite seam, this build", seam_crc32c, 0, 0},
#if defined(BENCH_HAVE_ISAL)
        {"CRC32C", "ISA-L crc32_iscsi", isal_crc32c, 0, 0},
#endif
        {"CRC64NVME", "s3lite tables=0 (bitwise)", t0_crc64, 0, 0},
        {"CRC64NVME", "s3lite tables=1", t1_crc64, 0, 0},
        {"CRC64NVME", "s3lite tables=8 (slice-by-8)", t8_crc64, 0, 0},
        {"CRC64NVME", "s3lite CLMUL (port/posix)", clmul_crc64, 0, 0},
        {"CRC64NVME", "s3lite seam, this build", seam_crc64, 0, 0},
        {"SHA256", "mbedTLS " MBEDTLS_VERSION_STRING, mbed_sha256, 0, 0},
#if defined(BENCH_HAVE_OPENSSL)
        {"SHA256", "OpenSSL SHA256_*", ossl_sha256, 0, 0},
#endif
        {"SHA256", "s3lite seam, this build", seam_sha256, 0, 0},
        {"SHA1", "mbedTLS " MBEDTLS_VERSION_STRING, mbed_sha1, 0, 0},
#if defined(BENCH_HAVE_OPENSSL)
        {"SHA1", "OpenSSL SHA1_*", ossl_sha1, 0, 0},
#endif
        {"SHA1", "s3lite seam, this build", seam_sha1, 0, 0},
        {"MD5", "mbedTLS " MBEDTLS_VERSION_STRING, mbed_md5, 0, 0},
#if defined(BENCH_HAVE_OPENSSL)
        {"MD5", "OpenSSL MD5_*", ossl_md5, 0, 0},
#endif
        {"MD5", "s3lite seam, this build", seam_md5, 0, 0},
    };
    size_t nrows = sizeof rows / sizeof rows[0], i, n;
    const char *mib = getenv("BENCH_MIB");
    uint8_t *buf;
    uint64_t x = 0x9e3779b97f4a7c15u;
    int mismatch = 0;
    char cpu[128] = "unknown";
    FILE *f;

    n = (size_t)(mib != NULL && atoi(mib) > 0 ? atoi(mib) : 1) << 20;
    buf = malloc(n);
    if (buf == NULL) return 1;
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        buf[i] = (uint8_t)x;
    }
    f = fopen("/proc/cpuinfo", "r");
    if (f != NULL) {
        char line[512];
        while (fgets(line, sizeof line, f) != NULL) {
            if (strncmp(line, "model name", 10) == 0 && strchr(line, ':') != NULL) {
                snprintf(cpu, sizeof cpu, "%s", strchr(line, ':') + 2);
                cpu[strcspn(cpu, "\n")] = '\0';
                break;
            }
        }
        fclose(f);
    }

    printf("bench-checksum: %zu MiB buffer in cache, best of 3 runs of >= 0.2 s, MB/s = 1e6 B/s\n",
           n >> 20);
    printf("CPU: %s\nthis build's seam: %s\n\n", cpu, BENCH_ACCEL_ID);
    /* Same answer from every engine of an algorithm, before timing anything. */
    for (i = 0; i < nrows; i++) {
        rows[i].result = rows[i].fn(buf, n);
        if (i > 0 && strcmp(rows[i].alg, rows[i - 1].alg) == 0 &&
            rows[i].result != rows[i - 1].result) {
            printf("MISMATCH: %s %s\n", rows[i].alg, rows[i].backend);
            mismatch = 1;
        }
    }
    printf("%-10s %-32s %10s %8s\n", "algorithm", "backend", "MB/s", "ms/MiB");
    for (i = 0; i < nrows; i++) {
        rows[i].mbps = measure(rows[i].fn, buf, n);
        printf("%-10s %-32s %10.0f %8.3f\n", rows[i].alg, rows[i].backend, rows[i].mbps,
               1048576.0 / (rows[i].mbps * 1e6) * 1e3);
        fflush(stdout);
    }
    printf("\ntargets (backend speed):\n");
    target("CRC32 seam vs ISA-L (within 1.5x)", find(rows, nrows, "CRC32", "s3lite seam"),
           find(rows, nrows, "CRC32", "ISA-L"), 1.5, 0);
    target("CRC32C seam vs ISA-L (within 1.5x)", find(rows, nrows, "CRC32C", "s3lite seam"),
           find(rows, nrows, "CRC32C", "ISA-L"), 1.5, 0);
    target("CRC64NVME seam vs zlib crc32 (at least 1x)",
           find(rows, nrows, "CRC64NVME", "s3lite seam"), find(rows, nrows, "CRC32", "zlib"),
           1.0, 1);
    target("CRC64NVME CLMUL vs zlib crc32 (at least 1x)",
           find(rows, nrows, "CRC64NVME", "s3lite CLMUL"), find(rows, nrows, "CRC32", "zlib"),
           1.0, 1);
    target("CRC64NVME CLMUL vs its slice-by-8 (speed-up)",
           find(rows, nrows, "CRC64NVME", "s3lite CLMUL"),
           find(rows, nrows, "CRC64NVME", "s3lite tables=8"), 1.0, 1);
    target("SHA256 seam vs mbedTLS (speed-up)", find(rows, nrows, "SHA256", "s3lite seam"),
           find(rows, nrows, "SHA256", "mbedTLS"), 1.0, 1);
    if (strstr(BENCH_ACCEL_ID, "table") != NULL || strstr(BENCH_ACCEL_ID, "mbedtls") != NULL)
        printf("  (this build's seam is not fully accelerated: ACCEL=0 or a library is missing)\n");
    free(buf);
    return mismatch;
}
