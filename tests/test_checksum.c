/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for core/checksum.c (CRCs, combine, base64, contexts, COMPOSITE / FULL_OBJECT),
 * the CRC and digest backends of this build (table or accelerated: port/posix/accel.mk), and the
 * `s3lite checksum` command, checked against an independent Python computation
 * (tests/checksum_ref.py: zlib, hashlib, botocore) on generated files.
 *
 * Random data comes from a seeded generator; the seed is printed (set S3L_TEST_SEED to repeat).
 * The three table options (S3L_CRC_TABLES 0, 1, 8) are core/checksum.c compiled three more
 * times by tests/bench/checksum.mk with their symbols renamed t0_ / t1_ / t8_; when this program is
 * linked without them (another build rule), those cases are skipped, visibly.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "s3lite/checksum.h"
#include "util_file.h"

/* ---- the table variants (tests/bench/checksum.mk) ---------------------------------- */

typedef uint32_t (*crc32_fn)(uint32_t, const void *, size_t);
typedef uint64_t (*crc64_fn)(uint64_t, const void *, size_t);

#define VARIANT_DECL(p)                                                                    \
    uint32_t p##s3l_crc32_update(uint32_t crc, const void *data, size_t len);              \
    uint32_t p##s3l_crc32c_update(uint32_t crc, const void *data, size_t len);             \
    uint64_t p##s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len);
VARIANT_DECL(t0_)
VARIANT_DECL(t1_)
VARIANT_DECL(t8_)
#pragma weak t0_s3l_crc32_update
#pragma weak t0_s3l_crc32c_update
#pragma weak t0_s3l_crc64nvme_update
#pragma weak t1_s3l_crc32_update
#pragma weak t1_s3l_crc32c_update
#pragma weak t1_s3l_crc64nvme_update
#pragma weak t8_s3l_crc32_update
#pragma weak t8_s3l_crc32c_update
#pragma weak t8_s3l_crc64nvme_update

struct engine {
    const char *name;
    crc32_fn crc32, crc32c;
    crc64_fn crc64;
};

/* Index 0: this build's seam (tables or accelerated); then the table options, if linked. */
static struct engine engines[4];
static size_t n_engines;

static void engines_init(void)
{
    const struct engine all[] = {
        {"seam", s3l_crc32_update, s3l_crc32c_update, s3l_crc64nvme_update},
        {"tables=0", t0_s3l_crc32_update, t0_s3l_crc32c_update, t0_s3l_crc64nvme_update},
        {"tables=1", t1_s3l_crc32_update, t1_s3l_crc32c_update, t1_s3l_crc64nvme_update},
        {"tables=8", t8_s3l_crc32_update, t8_s3l_crc32c_update, t8_s3l_crc64nvme_update},
    };
    size_t i;
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (all[i].crc32 == NULL || all[i].crc32c == NULL || all[i].crc64 == NULL) {
            char why[96];
            snprintf(why, sizeof why, "CRC engine %s not linked (build with tests/bench/checksum.mk)",
                     all[i].name);
            SKIP(1, why);
            continue;
        }
        engines[n_engines++] = all[i];
    }
}

/* ---- seeded random data ---------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static size_t rnd_below(size_t n)
{
    return n == 0 ? 0 : (size_t)(rnd() % n);
}

static void rnd_fill(uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)(rnd() >> 56);
}

/* ---- check values ------------------------------------------------------------ */

static void test_check_values(void)
{
    static const char nine[] = "123456789";
    size_t i;
    for (i = 0; i < n_engines; i++) {
        const struct engine *e = &engines[i];
        CHECKF(e->crc32(0, nine, 9) == 0xcbf43926u, "%s crc32 %08x", e->name,
               (unsigned)e->crc32(0, nine, 9));
        CHECKF(e->crc32c(0, nine, 9) == 0xe3069283u, "%s crc32c %08x", e->name,
               (unsigned)e->crc32c(0, nine, 9));
        CHECKF(e->crc64(0, nine, 9) == UINT64_C(0xae8b14860a799888), "%s crc64nvme %016llx",
               e->name, (unsigned long long)e->crc64(0, nine, 9));
        /* Empty input: the CRC of nothing is 0, and an empty update changes nothing. */
        CHECK(e->crc32(0, NULL, 0) == 0 && e->crc32c(0, NULL, 0) == 0 && e->crc64(0, NULL, 0) == 0);
        CHECK(e->crc32(0xcbf43926u, "", 0) == 0xcbf43926u);
        /* Incremental: byte by byte. */
        {
            uint32_t a = 0, b = 0;
            uint64_t c = 0;
            size_t k;
            for (k = 0; k < 9; k++) {
                a = e->crc32(a, nine + k, 1);
                b = e->crc32c(b, nine + k, 1);
                c = e->crc64(c, nine + k, 1);
            }
            CHECK(a == 0xcbf43926u && b == 0xe3069283u && c == UINT64_C(0xae8b14860a799888));
        }
    }
}

/* CRC32C of 66560 x 'a' is sOO8/Q== (AWS's streaming-trailer example; shared vectors). */
static void test_crc32c_66560(void)
{
    static uint8_t a[66560];
    char line[256], want[64] = "sOO8/Q==";
    char path[4200];
    struct s3l_checksum c;
    char out[S3L_CHECKSUM_B64_MAX + 1];
    size_t n = 0, i;
    FILE *f;
    memset(a, 'a', sizeof a);
    snprintf(path, sizeof path, "%s/sigv4/s3-docs/streaming-put-object-trailer/trailer-canonical.txt",
             th_vectors_dir());
    f = fopen(path, "r");
    if (f == NULL) {
        SKIP(1, "shared vectors absent: sOO8/Q== not re-read from trailer-canonical.txt");
    } else {
        const char *pfx = "x-amz-checksum-crc32c:";
        if (fgets(line, sizeof line, f) != NULL && strncmp(line, pfx, strlen(pfx)) == 0) {
            snprintf(want, sizeof want, "%.60s", line + strlen(pfx));
            want[strcspn(want, "\r\n")] = '\0';
            CHECK_EQ_STR(want, "sOO8/Q==");
        } else {
            CHECKF(0, "unexpected first line in %s", path);
        }
        fclose(f);
    }
    for (i = 0; i < n_engines; i++) {
        uint32_t v = engines[i].crc32c(0, a, 65536);
        v = engines[i].crc32c(v, a + 65536, 1024);
        CHECKF(v == 0xb0e3bcfdu, "%s: %08x", engines[i].name, (unsigned)v);
    }
    CHECK_EQ_INT(s3l_checksum_start(&c, S3L_CHECKSUM_CRC32C), S3L_OK);
    CHECK_EQ_INT(s3l_checksum_update(&c, a, sizeof a), S3L_OK);
    CHECK_EQ_INT(s3l_checksum_finish_base64(&c, out, sizeof out, &n), S3L_OK);
    CHECK_EQ_STR(out, want);
    CHECK_EQ_INT(n, strlen(want));
}

/* Every engine gives the same value on random data, lengths and alignments. */
static void test_engines_agree(void)
{
    static uint8_t buf[70000 + 8];
    unsigned it;
    size_t i;
    rnd_fill(buf, sizeof buf);
    for (it = 0; it < 400; it++) {
        size_t off = rnd_below(8);
        size_t len = it < 200 ? rnd_below(600) : rnd_below(70000);
        uint32_t init32 = (uint32_t)rnd();
        uint64_t init64 = rnd();
        uint32_t r32 = engines[0].crc32(init32, buf + off, len);
        uint32_t r32c = engines[0].crc32c(init32, buf + off, len);
        uint64_t r64 = engines[0].crc64(init64, buf + off, len);
        int same = 1;
        for (i = 1; i < n_engines; i++) {
            same &= engines[i].crc32(init32, buf + off, len) == r32;
            same &= engines[i].crc32c(init32, buf + off, len) == r32c;
            same &= engines[i].crc64(init64, buf + off, len) == r64;
        }
        CHECKF(same, "engines disagree at off %zu len %zu", off, len);
    }
}

/* ---- combine ----------------------------------------------------------------- */

static void test_combine(void)
{
    static uint8_t buf[100000];
    unsigned it;
    rnd_fill(buf, sizeof buf);
    for (it = 0; it < 300; it++) {
        size_t len = it == 0 ? 0 : rnd_below(sizeof buf + 1);
        size_t cut = rnd_below(len + 1);
        size_t lb = len - cut;
        uint32_t a32 = s3l_crc32_update(0, buf, cut), b32 = s3l_crc32_update(0, buf + cut, lb);
        uint32_t a32c = s3l_crc32c_update(0, buf, cut),
                 b32c = s3l_crc32c_update(0, buf + cut, lb);
        uint64_t a64 = s3l_crc64nvme_update(0, buf, cut),
                 b64 = s3l_crc64nvme_update(0, buf + cut, lb);
        CHECKF(s3l_crc32_combine(a32, b32, lb) == s3l_crc32_update(0, buf, len),
               "crc32 len %zu cut %zu", len, cut);
        CHECKF(s3l_crc32c_combine(a32c, b32c, lb) == s3l_crc32c_update(0, buf, len),
               "crc32c len %zu cut %zu", len, cut);
        CHECKF(s3l_crc64nvme_combine(a64, b64, lb) == s3l_crc64nvme_update(0, buf, len),
               "crc64nvme len %zu cut %zu", len, cut);
    }
    /* Many-way split folded left, as FULL_OBJECT does with parts. */
    for (it = 0; it < 20; it++) {
        size_t pos = 0, len = rnd_below(sizeof buf);
        uint32_t acc32 = 0, acc32c = 0;
        uint64_t acc64 = 0;
        unsigned guard = 0;
        while (pos < len && guard++ < 1000) {
            size_t n = 1 + rnd_below(len - pos < 9000 ? len - pos : 9000);
            acc32 = s3l_crc32_combine(acc32, s3l_crc32_update(0, buf + pos, n), n);
            acc32c = s3l_crc32c_combine(acc32c, s3l_crc32c_update(0, buf + pos, n), n);
            acc64 = s3l_crc64nvme_combine(acc64, s3l_crc64nvme_update(0, buf + pos, n), n);
            pos += n;
        }
        CHECK(acc32 == s3l_crc32_update(0, buf, len));
        CHECK(acc32c == s3l_crc32c_update(0, buf, len));
        CHECK(acc64 == s3l_crc64nvme_update(0, buf, len));
    }
    /* Lengths far beyond memory: combine is associative, whatever the values. */
    for (it = 0; it < 50; it++) {
        uint32_t a = (uint32_t)rnd(), b = (uint32_t)rnd(), c = (uint32_t)rnd();
        uint64_t x = rnd(), y = rnd(), z = rnd();
        uint64_t lb = rnd() >> 2, lc = rnd() >> 2;
        CHECK(s3l_crc32_combine(s3l_crc32_combine(a, b, lb), c, lc) ==
              s3l_crc32_combine(a, s3l_crc32_combine(b, c, lc), lb + lc));
        CHECK(s3l_crc32c_combine(s3l_crc32c_combine(a, b, lb), c, lc) ==
              s3l_crc32c_combine(a, s3l_crc32c_combine(b, c, lc), lb + lc));
        CHECK(s3l_crc64nvme_combine(s3l_crc64nvme_combine(x, y, lb), z, lc) ==
              s3l_crc64nvme_combine(x, s3l_crc64nvme_combine(y, z, lc), lb + lc));
    }
    /* 1 MiB of zeros two ways: one pass, and 1 KiB combined with itself as lengths double. */
    {
        static uint8_t zeros[1 << 20];
        uint32_t z = s3l_crc32c_update(0, zeros, 1024);
        uint64_t len = 1024;
        unsigned k;
        for (k = 0; k < 10; k++, len *= 2) z = s3l_crc32c_combine(z, z, len);
        CHECK(z == s3l_crc32c_update(0, zeros, sizeof zeros));
    }
}

/* ---- base64 ------------------------------------------------------------------ */

static void test_base64(void)
{
    static const char *const rfc[][2] = {{"", ""},         {"f", "Zg=="},
                                         {"fo", "Zm8="},    {"foo", "Zm9v"},
                                         {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                         {"foobar", "Zm9vYmFy"}};
    static const char *const bad[] = {"Zg=",  "Zh==", "Zm9=", "Z===", "====", "=Zg=", "Zg=a",
                                      "Zm9v\n", "Zm 9", "Zm9-", "Zm9_", "Zm9vY", "Zg==Zg==",
                                      "Z\x80==", "Zm8=Zm8="};
    char enc[64 + 1];
    uint8_t dec[64 + 1], rnd_in[64];
    size_t i, n;
    for (i = 0; i < sizeof rfc / sizeof rfc[0]; i++) {
        size_t l = strlen(rfc[i][0]);
        memset(enc, 'G', sizeof enc);
        CHECK_EQ_INT(s3l_base64_encode(rfc[i][0], l, enc, 64, &n), S3L_OK);
        CHECK(n == strlen(rfc[i][1]) && memcmp(enc, rfc[i][1], n) == 0);
        CHECK(enc[n] == 'G'); /* not NUL-terminated, nothing past */
        CHECK_EQ_INT(n, S3L_BASE64_ENC_LEN(l));
        memset(dec, 'G', sizeof dec);
        CHECK_EQ_INT(s3l_base64_decode(rfc[i][1], n, dec, 64, &n), S3L_OK);
        CHECK(n == l && memcmp(dec, rfc[i][0], l) == 0 && dec[l] == 'G');
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(dec, 'G', sizeof dec);
        CHECKF(s3l_base64_decode(bad[i], strlen(bad[i]), dec, 64, &n) == S3L_ERR_BAD_BASE64,
               "accepted \"%s\"", bad[i]);
        CHECK(dec[0] == 'G');
    }
    CHECK_EQ_INT(s3l_base64_decode("Zm\0v", 4, dec, 64, &n), S3L_ERR_BAD_BASE64);
    /* Too small: the need is reported, nothing written. */
    memset(enc, 'G', sizeof enc);
    CHECK_EQ_INT(s3l_base64_encode("foobar", 6, enc, 7, &n), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(n, 8);
    CHECK(enc[0] == 'G');
    memset(dec, 'G', sizeof dec);
    CHECK_EQ_INT(s3l_base64_decode("Zm9vYmE=", 8, dec, 4, &n), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(n, 5);
    CHECK(dec[0] == 'G');
    CHECK_EQ_INT(s3l_base64_decode("Zm9vYmE=", 8, dec, 5, &n), S3L_OK);
    CHECK(dec[5] == 'G');
    CHECK_EQ_INT(s3l_base64_encode(NULL, 3, enc, 64, &n), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_base64_encode("a", 1, enc, 64, NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_base64_encode(NULL, 0, enc, 64, &n), S3L_OK);
    CHECK_EQ_INT(n, 0);
    /* Round trips of random bytes, every length up to 48. */
    for (i = 0; i <= 48; i++) {
        size_t m = 0;
        rnd_fill(rnd_in, i);
        CHECK_EQ_INT(s3l_base64_encode(rnd_in, i, enc, 64, &n), S3L_OK);
        CHECK_EQ_INT(s3l_base64_decode(enc, n, dec, 64, &m), S3L_OK);
        CHECK(m == i && memcmp(dec, rnd_in, i) == 0);
    }
}

/* ---- names ------------------------------------------------------------------- */

static void test_names(void)
{
    static const struct {
        const char *name, *header;
        enum s3l_checksum_alg alg;
        size_t len;
    } t[] = {{"CRC32", "x-amz-checksum-crc32", S3L_CHECKSUM_CRC32, 4},
             {"CRC32C", "x-amz-checksum-crc32c", S3L_CHECKSUM_CRC32C, 4},
             {"CRC64NVME", "x-amz-checksum-crc64nvme", S3L_CHECKSUM_CRC64NVME, 8},
             {"SHA1", "x-amz-checksum-sha1", S3L_CHECKSUM_SHA1, 20},
             {"SHA256", "x-amz-checksum-sha256", S3L_CHECKSUM_SHA256, 32}};
    enum s3l_checksum_alg a = S3L_CHECKSUM_NONE;
    enum s3l_checksum_type ty = S3L_CHECKSUM_COMPOSITE;
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        CHECK_EQ_INT(s3l_checksum_alg_parse(t[i].name, strlen(t[i].name), &a), S3L_OK);
        CHECK(a == t[i].alg);
        CHECK_EQ_STR(s3l_checksum_alg_name(t[i].alg), t[i].name);
        CHECK_EQ_STR(s3l_checksum_header_name(t[i].alg), t[i].header);
        CHECK_EQ_INT(s3l_checksum_len(t[i].alg), t[i].len);
        CHECK_EQ_INT(s3l_checksum_is_crc(t[i].alg), t[i].len <= 8);
    }
    CHECK_EQ_INT(s3l_checksum_alg_parse("crc64nvme", 9, &a), S3L_OK);
    CHECK(a == S3L_CHECKSUM_CRC64NVME);
    CHECK_EQ_INT(s3l_checksum_alg_parse("CRC32CX", 6, &a), S3L_OK); /* length bounds the name */
    CHECK(a == S3L_CHECKSUM_CRC32C);
    CHECK_EQ_INT(s3l_checksum_alg_parse("CRC3", 4, &a), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_alg_parse("CRC32CC", 7, &a), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_alg_parse("MD5", 3, &a), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_alg_parse("", 0, &a), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_alg_parse("SHA1", 4, NULL), S3L_ERR_ARG);
    CHECK(s3l_checksum_alg_name(S3L_CHECKSUM_NONE) == NULL && s3l_checksum_len(S3L_CHECKSUM_NONE) == 0);
    CHECK(s3l_checksum_header_name((enum s3l_checksum_alg)77) == NULL);
    CHECK_EQ_INT(s3l_checksum_type_parse("full_object", 11, &ty), S3L_OK);
    CHECK(ty == S3L_CHECKSUM_FULL_OBJECT);
    CHECK_EQ_INT(s3l_checksum_type_parse("COMPOSITE", 9, &ty), S3L_OK);
    CHECK(ty == S3L_CHECKSUM_COMPOSITE);
    CHECK_EQ_INT(s3l_checksum_type_parse("FULL", 4, &ty), S3L_ERR_ENUM);
    CHECK_EQ_STR(s3l_checksum_type_name(S3L_CHECKSUM_FULL_OBJECT), "FULL_OBJECT");
    CHECK_EQ_STR(s3l_checksum_type_name(S3L_CHECKSUM_COMPOSITE), "COMPOSITE");
}

/* ---- contexts ---------------------------------------------------------------- */

static const enum s3l_checksum_alg all_algs[] = {S3L_CHECKSUM_CRC32, S3L_CHECKSUM_CRC32C,
                                              S3L_CHECKSUM_CRC64NVME, S3L_CHECKSUM_SHA1,
                                              S3L_CHECKSUM_SHA256};

static int one_shot(enum s3l_checksum_alg alg, const void *p, size_t n, uint8_t *out, size_t *olen)
{
    struct s3l_checksum c;
    int rc = s3l_checksum_start(&c, alg);
    if (rc == S3L_OK) rc = s3l_checksum_update(&c, p, n);
    if (rc == S3L_OK) rc = s3l_checksum_finish(&c, out, S3L_CHECKSUM_MAX_LEN, olen);
    return rc;
}

static void test_context(void)
{
    /* Known values: the check string as S3 would print it; SHA of "abc" (FIPS 180). */
    static const struct {
        enum s3l_checksum_alg alg;
        const char *in, *b64;
    } kv[] = {{S3L_CHECKSUM_CRC32, "123456789", "y/Q5Jg=="},
              {S3L_CHECKSUM_CRC32C, "123456789", "4waSgw=="},
              {S3L_CHECKSUM_CRC64NVME, "123456789", "rosUhgp5mIg="},
              {S3L_CHECKSUM_SHA1, "abc", "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="},
              {S3L_CHECKSUM_SHA256, "abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="},
              {S3L_CHECKSUM_SHA256, "", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
              {S3L_CHECKSUM_CRC64NVME, "", "AAAAAAAAAAA="}};
    static uint8_t buf[50000];
    struct s3l_checksum c;
    char out[S3L_CHECKSUM_B64_MAX + 1 + 1];
    uint8_t bin[S3L_CHECKSUM_MAX_LEN + 1], ref[S3L_CHECKSUM_MAX_LEN];
    size_t i, n = 0, rn = 0;
    unsigned it;
    for (i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        memset(out, 'G', sizeof out);
        CHECK_EQ_INT(s3l_checksum_start(&c, kv[i].alg), S3L_OK);
        CHECK_EQ_INT(s3l_checksum_update(&c, kv[i].in, strlen(kv[i].in)), S3L_OK);
        CHECK_EQ_INT(s3l_checksum_finish_base64(&c, out, strlen(kv[i].b64) + 1, &n), S3L_OK);
        CHECK_EQ_STR(out, kv[i].b64);
        CHECK(out[n + 1] == 'G');
    }
    /* Incremental over random chunking = one shot, for every algorithm. */
    rnd_fill(buf, sizeof buf);
    for (it = 0; it < 60; it++) {
        enum s3l_checksum_alg alg = all_algs[it % 5];
        size_t len = rnd_below(sizeof buf), pos = 0;
        unsigned guard = 0;
        CHECK_EQ_INT(s3l_checksum_start(&c, alg), S3L_OK);
        while (pos < len && guard++ < 100000) {
            size_t k = rnd_below(it % 2 ? 70 : 5000) + 1;
            if (k > len - pos) k = len - pos;
            CHECK_EQ_INT(s3l_checksum_update(&c, buf + pos, k), S3L_OK);
            pos += k;
        }
        CHECK_EQ_INT(s3l_checksum_finish(&c, bin, sizeof bin, &n), S3L_OK);
        CHECK_EQ_INT(one_shot(alg, buf, len, ref, &rn), S3L_OK);
        CHECKF(n == rn && memcmp(bin, ref, n) == 0, "%s len %zu", s3l_checksum_alg_name(alg), len);
    }
    /* The seam one-shot SHA-256 agrees. */
    CHECK_EQ_INT(s3l_sha256(buf, 12345, ref), S3L_OK);
    CHECK_EQ_INT(one_shot(S3L_CHECKSUM_SHA256, buf, 12345, bin, &n), S3L_OK);
    CHECK(n == 32 && memcmp(bin, ref, 32) == 0);
    /* CRC binary values are big-endian. */
    CHECK_EQ_INT(one_shot(S3L_CHECKSUM_CRC32, "123456789", 9, bin, &n), S3L_OK);
    CHECK(n == 4 && bin[0] == 0xcb && bin[1] == 0xf4 && bin[2] == 0x39 && bin[3] == 0x26);

    /* Errors and states. */
    CHECK_EQ_INT(s3l_checksum_start(&c, S3L_CHECKSUM_NONE), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_update(&c, "x", 1), S3L_ERR_STATE);
    CHECK_EQ_INT(s3l_checksum_start(&c, (enum s3l_checksum_alg)99), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_start(&c, S3L_CHECKSUM_SHA256), S3L_OK);
    CHECK_EQ_INT(s3l_checksum_update(&c, "ab", 2), S3L_OK);
    /* No context, no output or no length: refused before anything is read or written, and
     * the context is left as it was. */
    n = 77;
    CHECK_EQ_INT(s3l_checksum_finish(NULL, bin, sizeof bin, &n), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_finish(&c, NULL, 0, &n), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_finish(&c, NULL, sizeof bin, &n), S3L_ERR_ARG);
    CHECK_EQ_INT(n, 77);
    CHECK_EQ_INT(s3l_checksum_finish(&c, bin, sizeof bin, NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_finish_base64(NULL, out, sizeof out, &n), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_finish_base64(&c, NULL, sizeof out, &n), S3L_ERR_ARG);
    CHECK(c.algo != NULL && c.algo->alg == S3L_CHECKSUM_SHA256);
    memset(bin, 'G', sizeof bin);
    CHECK_EQ_INT(s3l_checksum_finish(&c, bin, 31, &n), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(n, 32);
    CHECK(bin[0] == 'G');
    memset(out, 'G', sizeof out);
    CHECK_EQ_INT(s3l_checksum_finish_base64(&c, out, 44, &n), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(n, 44);
    CHECK(out[0] == 'G');
    CHECK_EQ_INT(s3l_checksum_update(&c, "c", 1), S3L_OK); /* still usable */
    CHECK_EQ_INT(s3l_checksum_finish_base64(&c, out, 45, &n), S3L_OK);
    CHECK_EQ_STR(out, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    CHECK_EQ_INT(s3l_checksum_update(&c, "x", 1), S3L_ERR_STATE); /* finished */
    CHECK_EQ_INT(s3l_checksum_finish(&c, bin, sizeof bin, &n), S3L_ERR_STATE);
    CHECK_EQ_INT(s3l_checksum_start(&c, S3L_CHECKSUM_SHA1), S3L_OK);
    CHECK_EQ_INT(s3l_checksum_update(&c, NULL, 1), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_update(&c, NULL, 0), S3L_OK);
    s3l_checksum_wipe(&c);
    CHECK_EQ_INT(s3l_checksum_update(&c, "x", 1), S3L_ERR_STATE);
    s3l_checksum_wipe(&c); /* twice is fine */
    /* Engines: found by algorithm in a NULL-terminated list, started directly. */
    {
        static const struct s3l_checksum_algo *const two[] = {&s3l_checksum_crc32,
                                                              &s3l_checksum_sha256, NULL};
        CHECK(s3l_checksum_algo_find(two, S3L_CHECKSUM_SHA256) == &s3l_checksum_sha256);
        CHECK(s3l_checksum_algo_find(two, S3L_CHECKSUM_CRC32C) == NULL);
        CHECK(s3l_checksum_algo_find(NULL, S3L_CHECKSUM_CRC32) == NULL);
        CHECK(s3l_checksum_algo_find(two, S3L_CHECKSUM_NONE) == NULL);
        for (i = 0; i < 5; i++) {
            CHECK(s3l_checksum_algo_find(s3l_checksum_algos_all, all_algs[i]) != NULL &&
                  s3l_checksum_algo_find(s3l_checksum_algos_all, all_algs[i])->alg == all_algs[i]);
        }
        CHECK(s3l_checksum_algos_all[5] == NULL);
        CHECK_EQ_INT(s3l_checksum_start_algo(&c, NULL), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_checksum_start_algo(NULL, &s3l_checksum_crc32), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_checksum_start_algo(&c, &s3l_checksum_crc32c), S3L_OK);
        CHECK_EQ_INT(s3l_checksum_update(&c, "123456789", 9), S3L_OK);
        memset(out, 'G', sizeof out);
        CHECK_EQ_INT(s3l_checksum_finish_base64(&c, out, sizeof out, &n), S3L_OK);
        CHECK_EQ_STR(out, "4waSgw==");
    }
}

/* ---- multipart ----------------------------------------------------------------- */

/* COMPOSITE by hand: checksum of the concatenated part checksums, base64, "-N". */
static void composite_by_hand(enum s3l_checksum_alg alg, const uint8_t *p, size_t len,
                              size_t part, char *out, size_t cap)
{
    uint8_t cat[64 * S3L_CHECKSUM_MAX_LEN], d[S3L_CHECKSUM_MAX_LEN];
    size_t pos = 0, used = 0, dl = 0, n = 0;
    unsigned parts = 0;
    do {
        size_t k = len - pos < part ? len - pos : part;
        one_shot(alg, p + pos, k, cat + used, &dl);
        used += dl;
        pos += k;
        parts++;
    } while (pos < len && parts < 64);
    one_shot(alg, cat, used, d, &dl);
    s3l_base64_encode(d, dl, out, cap, &n);
    snprintf(out + n, cap - n, "-%u", parts);
}

static void test_multipart(void)
{
    static uint8_t buf[40000];
    struct s3l_checksum_mp m;
    char out[S3L_CHECKSUM_VALUE_MAX + 1], want[S3L_CHECKSUM_VALUE_MAX + 8];
    char b64[S3L_CHECKSUM_B64_MAX + 1];
    uint8_t d[S3L_CHECKSUM_MAX_LEN];
    size_t i, n = 0, dl = 0;
    unsigned a;
    rnd_fill(buf, sizeof buf);
    for (a = 0; a < 5; a++) {
        enum s3l_checksum_alg alg = all_algs[a];
        size_t part = 1000 + rnd_below(9000);
        size_t len = rnd_below(sizeof buf) + 1;
        int use_b64 = (a % 2) == 0;
        /* COMPOSITE */
        CHECK_EQ_INT(s3l_checksum_mp_start(&m, alg, S3L_CHECKSUM_COMPOSITE), S3L_OK);
        for (i = 0; i < len; i += part) {
            size_t k = len - i < part ? len - i : part;
            CHECK_EQ_INT(one_shot(alg, buf + i, k, d, &dl), S3L_OK);
            if (use_b64) {
                CHECK_EQ_INT(s3l_base64_encode(d, dl, b64, sizeof b64, &n), S3L_OK);
                CHECK_EQ_INT(s3l_checksum_mp_add_base64(&m, b64, n, k), S3L_OK);
            } else {
                CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, dl, k), S3L_OK);
            }
        }
        memset(out, 'G', sizeof out);
        CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, S3L_CHECKSUM_VALUE_MAX, &n), S3L_OK);
        composite_by_hand(alg, buf, len, part, want, sizeof want);
        CHECKF(strcmp(out, want) == 0, "%s: %s != %s", s3l_checksum_alg_name(alg), out, want);
        CHECK_EQ_INT(n, strlen(want));
        CHECK(out[S3L_CHECKSUM_VALUE_MAX] == 'G');
        /* FULL_OBJECT: the whole-content checksum, CRCs only. */
        if (!s3l_checksum_is_crc(alg)) {
            CHECK_EQ_INT(s3l_checksum_mp_start(&m, alg, S3L_CHECKSUM_FULL_OBJECT), S3L_ERR_ENUM);
            continue;
        }
        CHECK_EQ_INT(s3l_checksum_mp_start(&m, alg, S3L_CHECKSUM_FULL_OBJECT), S3L_OK);
        for (i = 0; i < len; i += part) {
            size_t k = len - i < part ? len - i : part;
            CHECK_EQ_INT(one_shot(alg, buf + i, k, d, &dl), S3L_OK);
            CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, dl, k), S3L_OK);
        }
        CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, sizeof out, &n), S3L_OK);
        CHECK_EQ_INT(one_shot(alg, buf, len, d, &dl), S3L_OK);
        CHECK_EQ_INT(s3l_base64_encode(d, dl, want, sizeof want, &n), S3L_OK);
        want[n] = '\0';
        CHECK_EQ_STR(out, want);
    }
    /* A known COMPOSITE: "123456789" in parts of 4 (1234 5678 9), CRC32; the value is from
     * Python's zlib (see tests/checksum_ref.py). Also the exact-fit buffer. */
    CHECK_EQ_INT(s3l_checksum_mp_start(&m, S3L_CHECKSUM_CRC32, S3L_CHECKSUM_COMPOSITE), S3L_OK);
    for (i = 0; i < 9; i += 4) {
        const char *nine = "123456789";
        size_t k = 9 - i < 4 ? 9 - i : 4;
        one_shot(S3L_CHECKSUM_CRC32, nine + i, k, d, &dl);
        CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, dl, k), S3L_OK);
    }
    memset(out, 'G', sizeof out);
    CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, 10, &n), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(n, 10); /* "xxxxxxxx-3" */
    CHECK(out[0] == 'G');
    CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, 11, &n), S3L_OK);
    CHECK_EQ_STR(out, "+vEo6Q==-3");
    CHECK(out[11] == 'G');
    /* The same with the engine given (no lookup over every algorithm). */
    CHECK_EQ_INT(s3l_checksum_mp_start_algo(&m, &s3l_checksum_crc32, S3L_CHECKSUM_COMPOSITE), S3L_OK);
    for (i = 0; i < 9; i += 4) {
        const char *nine = "123456789";
        size_t k = 9 - i < 4 ? 9 - i : 4;
        one_shot(S3L_CHECKSUM_CRC32, nine + i, k, d, &dl);
        CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, dl, k), S3L_OK);
    }
    CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, sizeof out, &n), S3L_OK);
    CHECK_EQ_STR(out, "+vEo6Q==-3");
    CHECK_EQ_INT(s3l_checksum_mp_start_algo(&m, NULL, S3L_CHECKSUM_COMPOSITE), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_mp_start_algo(&m, &s3l_checksum_sha1, S3L_CHECKSUM_FULL_OBJECT),
                 S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_mp_start_algo(&m, &s3l_checksum_crc64nvme, S3L_CHECKSUM_FULL_OBJECT),
                 S3L_OK);
    s3l_checksum_mp_wipe(&m);
    /* Errors. */
    CHECK_EQ_INT(s3l_checksum_mp_start(&m, S3L_CHECKSUM_NONE, S3L_CHECKSUM_COMPOSITE), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_mp_start(&m, S3L_CHECKSUM_CRC32, (enum s3l_checksum_type)0), S3L_ERR_ENUM);
    CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, 4, 1), S3L_ERR_STATE);
    CHECK_EQ_INT(s3l_checksum_mp_start(&m, S3L_CHECKSUM_CRC32C, S3L_CHECKSUM_FULL_OBJECT), S3L_OK);
    CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, sizeof out, &n), S3L_ERR_STATE); /* no parts */
    CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, 8, 1), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_checksum_mp_add_base64(&m, "AAAA", 4, 1), S3L_ERR_ARG);      /* 3 bytes */
    CHECK_EQ_INT(s3l_checksum_mp_add_base64(&m, "AAA=A", 5, 1), S3L_ERR_BAD_BASE64);
    CHECK_EQ_INT(s3l_checksum_mp_add_base64(&m, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                         48, 1),
                 S3L_ERR_ARG);
    /* The part limit. */
    memset(d, 0, sizeof d);
    for (i = 0; i < S3L_CHECKSUM_MAX_PARTS; i++)
        if (s3l_checksum_mp_add(&m, d, 4, 0) != S3L_OK) break;
    CHECK_EQ_INT(i, S3L_CHECKSUM_MAX_PARTS);
    CHECK_EQ_INT(s3l_checksum_mp_add(&m, d, 4, 0), S3L_ERR_TOO_MANY);
    CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, sizeof out, &n), S3L_OK);
    CHECK_EQ_STR(out, "AAAAAA=="); /* 10000 empty parts: CRC of nothing */
    s3l_checksum_mp_wipe(&m);
    /* 10000 parts fit the documented buffer. */
    CHECK_EQ_INT(s3l_checksum_mp_start(&m, S3L_CHECKSUM_SHA256, S3L_CHECKSUM_COMPOSITE), S3L_OK);
    for (i = 0; i < S3L_CHECKSUM_MAX_PARTS; i++) s3l_checksum_mp_add(&m, buf, 32, 0);
    CHECK_EQ_INT(s3l_checksum_mp_finish(&m, out, S3L_CHECKSUM_VALUE_MAX, &n), S3L_OK);
    CHECK(n == 44 + 6 && strcmp(out + 44, "-10000") == 0);
}

#if !defined(S3L_TEST_NO_CLI) /* builds without the CLI: boards, cross-compiled runs */
/* ---- the CLI ------------------------------------------------------------------- */

static char tmpdir[64];

struct run_result {
    int rc;
    char out[512];
    char err[1024];
};

/* Run s3l_cmd_checksum in-process with stdout/stderr captured in files (and stdin from
 * stdin_path when not NULL). */
static void run_cmd(struct run_result *r, const char *stdin_path, int argc, char **argv)
{
    char po[128], pe[128];
    int so, se, si = -1, fo, fe;
    snprintf(po, sizeof po, "%s/out", tmpdir);
    snprintf(pe, sizeof pe, "%s/err", tmpdir);
    fflush(stdout);
    fflush(stderr);
    so = dup(1);
    se = dup(2);
    fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fo, 1);
    dup2(fe, 2);
    if (stdin_path != NULL) {
        int fi = open(stdin_path, O_RDONLY);
        si = dup(0);
        dup2(fi, 0);
        close(fi);
    }
    r->rc = s3l_cmd_checksum(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    close(fo);
    close(fe);
    if (si >= 0) {
        dup2(si, 0);
        close(si);
    }
    file_read_into(po, r->out, sizeof r->out);
    file_read_into(pe, r->err, sizeof r->err);
}

/* Run "checksum ARGS..." given as one printf-formatted line split at spaces (the test's paths
 * hold none). */
static void run(struct run_result *r, const char *stdin_path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void run(struct run_result *r, const char *stdin_path, const char *fmt, ...)
{
    char line[1024];
    char *argv[16];
    int argc = 0;
    char *tok;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (tok = strtok(line, " "); tok != NULL && argc < 15; tok = strtok(NULL, " "))
        argv[argc++] = tok;
    argv[argc] = NULL;
    run_cmd(r, stdin_path, argc, argv);
}

/* The last line of s, without its newline, into out. */
static void last_line(const char *s, char *out, size_t cap)
{
    size_t n = strlen(s);
    const char *start;
    while (n > 0 && s[n - 1] == '\n') n--;
    start = s + n;
    while (start > s && start[-1] != '\n') start--;
    snprintf(out, cap, "%.*s", (int)(s + n - start), start);
}

static int write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) return -1;
    if (n > 0 && fwrite(p, 1, n, f) != n) {
        fclose(f);
        return -1;
    }
    return fclose(f);
}

/* A Python reference process (tests/checksum_ref.py) answering one line per request. */
struct pyref {
    FILE *to, *from;
    pid_t pid;
    int gone; /* a request could not be written or got no answer: asked no more */
};

static int pyref_open(struct pyref *p)
{
    int in[2], out[2];
    const char *py = "/usr/bin/python3";
    if (access(py, X_OK) != 0 || access("tests/checksum_ref.py", R_OK) != 0) return -1;
    if (pipe(in) != 0) return -1;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    p->gone = 0;
    p->pid = fork();
    if (p->pid < 0) {
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        return -1;
    }
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(py, py, "tests/checksum_ref.py", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    return p->to != NULL && p->from != NULL ? 0 : -1;
}

static int pyref_ask(struct pyref *p, char *ans, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int pyref_ask(struct pyref *p, char *ans, size_t cap, const char *fmt, ...)
{
    va_list ap;
    int w;
    if (p->gone) return -1;
    va_start(ap, fmt);
    w = vfprintf(p->to, fmt, ap);
    va_end(ap);
    /* a process that died shows as an error here (SIGPIPE is ignored), not as our death */
    if (w < 0 || fputc('\n', p->to) == EOF || fflush(p->to) == EOF ||
        fgets(ans, (int)cap, p->from) == NULL) {
        p->gone = 1;
        return -1;
    }
    ans[strcspn(ans, "\n")] = '\0';
    return 0;
}

static void pyref_close(struct pyref *p)
{
    int st;
    fclose(p->to);
    fclose(p->from);
    waitpid(p->pid, &st, 0);
}

static void test_cli(void)
{
    static const size_t sizes[] = {0, 1, 100, 4095, 4096, 65537, 300001};
    static const char *const algs[] = {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"};
    /* part sizes as given on the command line and as bytes */
    static const struct {
        const char *arg;
        size_t bytes;
    } psz[] = {{"4096", 4096}, {"1000", 1000}, {"64KiB", 65536}};
    static uint8_t data[300001];
    struct pyref py;
    struct run_result r;
    char path[128], got[256], want[256];
    size_t si, ai, pi;
    int have_py;
    unsigned compared = 0, boto_compared = 0, boto_skipped = 0;

    rnd_fill(data, sizeof data);
    have_py = pyref_open(&py) == 0;
    if (!have_py) SKIP(1, "no /usr/bin/python3 or tests/checksum_ref.py: CLI not compared");

    for (si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        snprintf(path, sizeof path, "%s/f%zu", tmpdir, sizes[si]);
        CHECK(write_file(path, data, sizes[si]) == 0);
        for (ai = 0; ai < 5; ai++) {
            run(&r, NULL, "checksum --algorithm %s %s", algs[ai], path);
            CHECKF(r.rc == 0, "rc %d: %s", r.rc, r.err);
            last_line(r.out, got, sizeof got);
            if (have_py && pyref_ask(&py, want, sizeof want, "ref %s %s 0 -", path, algs[ai]) == 0) {
                CHECKF(strcmp(got, want) == 0, "%s %zu B: %s != python %s", algs[ai], sizes[si],
                       got, want);
                compared++;
            }
            if (have_py && pyref_ask(&py, want, sizeof want, "boto %s %s", path, algs[ai]) == 0) {
                if (strncmp(want, "SKIP", 4) == 0) {
                    if (sizes[si] == 0) SKIP(1, want + 5);
                    boto_skipped++;
                } else {
                    CHECKF(strcmp(got, want) == 0, "%s %zu B: %s != botocore %s", algs[ai],
                           sizes[si], got, want);
                    boto_compared++;
                }
            }
            for (pi = 0; pi < sizeof psz / sizeof psz[0]; pi++) {
                unsigned ti;
                for (ti = 0; ti < 2; ti++) {
                    const char *type = ti == 0 ? "COMPOSITE" : "FULL_OBJECT";
                    run(&r, NULL, "checksum --algorithm %s --part-size %s --type %s %s", algs[ai],
                        psz[pi].arg, type, path);
                    if (ti == 1 && ai >= 3) {
                        CHECKF(r.rc == S3L_EXIT_USAGE, "FULL_OBJECT %s rc %d", algs[ai], r.rc);
                        CHECK(r.out[0] == '\0' && strstr(r.err, "FULL_OBJECT") != NULL);
                        continue;
                    }
                    CHECKF(r.rc == 0, "rc %d: %s", r.rc, r.err);
                    last_line(r.out, got, sizeof got);
                    if (have_py && pyref_ask(&py, want, sizeof want, "ref %s %s %zu %s", path,
                                             algs[ai], psz[pi].bytes, type) == 0) {
                        CHECKF(strcmp(got, want) == 0, "%s %s %zu B / %s: %s != python %s",
                               algs[ai], type, sizes[si], psz[pi].arg, got, want);
                        compared++;
                    }
                }
            }
        }
    }
    printf("cli: %u values compared with python (zlib/hashlib/own CRC32C, CRC64NVME), "
           "%u with botocore, %u botocore comparisons skipped\n",
           compared, boto_compared, boto_skipped);
    if (have_py) {
        CHECKF(!py.gone, "the python reference stopped answering (after %u comparisons)",
               compared);
        pyref_close(&py);
    }

    /* stdin ("-") gives the same as the file. */
    {
        char a1[128];
        run(&r, path, "checksum --algorithm CRC64NVME --part-size 65536 --type COMPOSITE -");
        CHECK_EQ_INT(r.rc, 0);
        last_line(r.out, a1, sizeof a1);
        run(&r, NULL, "checksum --algorithm CRC64NVME --part-size 65536 --type COMPOSITE %s",
            path);
        last_line(r.out, got, sizeof got);
        CHECK_EQ_STR(a1, got);
        CHECK(strlen(got) > 2 && strcmp(got + strlen(got) - 2, "-5") == 0); /* 300001 B */
        run(&r, path, "checksum --algorithm=crc32 -");
        CHECK(r.rc == 0 && r.out[0] != '\0');
    }
    /* Exact multiple of the part size: no empty extra part. Empty input: one empty part. */
    snprintf(path, sizeof path, "%s/f4096", tmpdir);
    run(&r, NULL, "checksum --algorithm SHA256 --part-size 4096 --type composite %s", path);
    CHECK(r.rc == 0 && strstr(r.out, "-1\n") != NULL);
    snprintf(path, sizeof path, "%s/f0", tmpdir);
    run(&r, NULL, "checksum --algorithm SHA256 --part-size 4096 --type composite %s", path);
    CHECK(r.rc == 0 && strstr(r.out, "-1\n") != NULL);
    /* Usage and input errors: exit 2, a message, nothing on stdout. */
    {
        static const char *const bad[] = {
            "checksum %s",
            "checksum --algorithm MD5 %s",
            "checksum --algorithm CRC32 --part-size 8M %s",
            "checksum --algorithm CRC32 --type COMPOSITE %s",
            "checksum --algorithm CRC32 --part-size 0 --type COMPOSITE %s",
            "checksum --algorithm CRC32 --part-size 8Q --type COMPOSITE %s",
            "checksum --algorithm CRC32 --part-size 8M --type HALF %s",
            "checksum --algorithm SHA1 --part-size 8M --type FULL_OBJECT %s",
            "checksum --algorithm CRC32 %s.does-not-exist",
            "checksum --algorithm CRC32 %s %s",
            "checksum --algorithm CRC32 --bogus %s",
            "checksum --algorithm",
            "checksum --algorithm CRC32",
            "checksum --algorithm CRC32 --part-size 1 --type COMPOSITE %s", /* 65537 parts */
        };
        size_t k;
        snprintf(path, sizeof path, "%s/f65537", tmpdir);
        for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            /* Formats with fewer %s simply ignore the extra argument. */
            char line[512];
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#endif
            snprintf(line, sizeof line, bad[k], path, path);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
            run(&r, NULL, "%s", line);
            CHECKF(r.rc == S3L_EXIT_USAGE && r.out[0] == '\0' && r.err[0] != '\0',
                   "'%s': rc %d out '%s'", line, r.rc, r.out);
        }
        run(&r, NULL, "checksum --help");
        CHECK(r.rc == 0 && strstr(r.out, "--algorithm") != NULL);
    }
    /* The real binary, through main's dispatch, when this build made it. */
    {
        const char *b = getenv("BUILD");
        char exe[512], cmd[1200];
        FILE *p;
        snprintf(exe, sizeof exe, "%s/s3lite", b != NULL && b[0] != '\0' ? b : "build");
        snprintf(path, sizeof path, "%s/f100", tmpdir);
        if (access(exe, X_OK) != 0) {
            SKIP(1, "s3lite binary not built: end-to-end run skipped");
        } else {
            snprintf(cmd, sizeof cmd, "'%s' checksum --algorithm crc32c '%s'", exe, path);
            p = popen(cmd, "r");
            got[0] = '\0';
            if (p != NULL) {
                int st;
                if (fgets(got, sizeof got, p) == NULL) got[0] = '\0';
                st = pclose(p);
                CHECK_EQ_INT(st, 0);
            }
            run(&r, NULL, "checksum --algorithm crc32c %s", path);
            CHECK(got[0] != '\0' && strcmp(got, r.out) == 0);
        }
    }
}

#endif

int main(void)
{
    const char *s = getenv("S3L_TEST_SEED");
    uint64_t seed = s != NULL && s[0] != '\0' ? strtoull(s, NULL, 0) : UINT64_C(20240611);
#if !defined(S3L_TEST_NO_CLI)
    char cmd[128];
#endif
    rng_state = seed != 0 ? seed : 1;
    printf("seed %llu (S3L_TEST_SEED to repeat)\n", (unsigned long long)seed);
    /* Writing to a reference process that has exited must fail as a check, not end this
     * program by SIGPIPE before its closing line. */
    signal(SIGPIPE, SIG_IGN);
    engines_init();
    printf("CRC engines: ");
    {
        size_t i;
        for (i = 0; i < n_engines; i++) printf("%s%s", i ? ", " : "", engines[i].name);
    }
    printf("\n");

#if defined(S3L_TEST_NO_CLI)
    SKIP(1, "the CLI's checksum command: not in this build");
#else
    snprintf(tmpdir, sizeof tmpdir, "/tmp/s3l_checksum_XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
        CHECKF(0, "mkdtemp: %s", strerror(errno));
        return th_summary();
    }
#endif
    test_check_values();
    test_crc32c_66560();
    test_engines_agree();
    test_combine();
    test_base64();
    test_names();
    test_context();
    test_multipart();
#if !defined(S3L_TEST_NO_CLI)
    test_cli();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
#endif
    return th_summary();
}
