/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: base64 and the checksum helpers of core/checksum.c.
 *
 * Input: byte 0 is control, the rest is data.
 *   base64: the data is decoded strictly; when that succeeds, encoding the result must give
 *     the input back byte for byte (strict means canonical), and encode -> decode of the raw
 *     data must round-trip. Too-small buffers must report the same need and write nothing.
 *   CRCs: the data is cut at a point chosen by the control byte; crc(A||B) must equal
 *     combine(crc(A), crc(B), len B), and one context fed in pieces must match one shot.
 *   multipart: the data read as base64 part checksums (one per line) goes into a COMPOSITE
 *     or FULL_OBJECT accumulator; whatever is accepted, finish must fit S3L_CHECKSUM_VALUE_MAX.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3lite/checksum.h"

#define CAP 4096u

static void check(int cond)
{
    if (!cond) abort();
}

static void fuzz_base64(const uint8_t *d, size_t n)
{
    static uint8_t dec[CAP + 1];
    static char enc[CAP * 2 + 8];
    size_t dn = 0, en = 0, need = 0;
    int rc;
    if (n > CAP) n = CAP;
    rc = s3l_base64_decode((const char *)d, n, dec, CAP, &dn);
    check(rc == S3L_OK || rc == S3L_ERR_BAD_BASE64);
    if (rc == S3L_OK) {
        check(s3l_base64_encode(dec, dn, enc, sizeof enc, &en) == S3L_OK);
        check(en == n && memcmp(enc, d, n) == 0);
        if (dn > 0) {
            dec[0] = 0xa5; /* too small by one: the need reported, nothing written */
            check(s3l_base64_decode((const char *)d, n, dec, dn - 1, &need) ==
                  S3L_ERR_BUF_TOO_SMALL);
            check(need == dn && dec[0] == 0xa5);
        }
    }
    check(s3l_base64_encode(d, n, enc, sizeof enc, &en) == S3L_OK);
    check(en == S3L_BASE64_ENC_LEN(n));
    check(s3l_base64_decode(enc, en, dec, CAP, &dn) == S3L_OK);
    check(dn == n && memcmp(dec, d, n) == 0);
}

static void fuzz_crc(uint8_t ctl, const uint8_t *d, size_t n)
{
    size_t cut = n == 0 ? 0 : (size_t)ctl * n / 255u;
    size_t lb = n - cut;
    static const enum s3l_checksum_alg algs[] = {S3L_CHECKSUM_CRC32, S3L_CHECKSUM_CRC32C,
                                              S3L_CHECKSUM_CRC64NVME, S3L_CHECKSUM_SHA1,
                                              S3L_CHECKSUM_SHA256};
    unsigned a;
    check(s3l_crc32_combine(s3l_crc32_update(0, d, cut), s3l_crc32_update(0, d + cut, lb), lb) ==
          s3l_crc32_update(0, d, n));
    check(s3l_crc32c_combine(s3l_crc32c_update(0, d, cut), s3l_crc32c_update(0, d + cut, lb),
                             lb) == s3l_crc32c_update(0, d, n));
    check(s3l_crc64nvme_combine(s3l_crc64nvme_update(0, d, cut),
                                s3l_crc64nvme_update(0, d + cut, lb), lb) ==
          s3l_crc64nvme_update(0, d, n));
    for (a = 0; a < 5; a++) {
        struct s3l_checksum c1, c2;
        uint8_t o1[S3L_CHECKSUM_MAX_LEN], o2[S3L_CHECKSUM_MAX_LEN];
        size_t n1 = 0, n2 = 0;
        check(s3l_checksum_start(&c1, algs[a]) == S3L_OK && s3l_checksum_start_algo(&c2, s3l_checksum_algo_find(s3l_checksum_algos_all, algs[a])) == S3L_OK);
        check(s3l_checksum_update(&c1, d, n) == S3L_OK);
        check(s3l_checksum_update(&c2, d, cut) == S3L_OK);
        check(s3l_checksum_update(&c2, d + cut, lb) == S3L_OK);
        check(s3l_checksum_finish(&c1, o1, sizeof o1, &n1) == S3L_OK);
        check(s3l_checksum_finish(&c2, o2, sizeof o2, &n2) == S3L_OK);
        check(n1 == n2 && n1 == s3l_checksum_len(algs[a]) && memcmp(o1, o2, n1) == 0);
    }
}

static void fuzz_multipart(uint8_t ctl, const uint8_t *d, size_t n)
{
    static const enum s3l_checksum_alg algs[] = {S3L_CHECKSUM_CRC32, S3L_CHECKSUM_CRC32C,
                                              S3L_CHECKSUM_CRC64NVME, S3L_CHECKSUM_SHA1,
                                              S3L_CHECKSUM_SHA256};
    enum s3l_checksum_alg alg = algs[(ctl >> 1) % 5u];
    enum s3l_checksum_type type = (ctl & 1u) ? S3L_CHECKSUM_FULL_OBJECT : S3L_CHECKSUM_COMPOSITE;
    struct s3l_checksum_mp m;
    char out[S3L_CHECKSUM_VALUE_MAX + 1];
    size_t pos = 0, on = 0;
    unsigned added = 0;
    int rc = s3l_checksum_mp_start(&m, alg, type);
    if (rc != S3L_OK) {
        check(rc == S3L_ERR_ENUM && type == S3L_CHECKSUM_FULL_OBJECT && !s3l_checksum_is_crc(alg));
        return;
    }
    while (pos < n) {
        const uint8_t *nl = memchr(d + pos, '\n', n - pos);
        size_t len = nl != NULL ? (size_t)(nl - (d + pos)) : n - pos;
        rc = s3l_checksum_mp_add_base64(&m, (const char *)d + pos, len, (uint64_t)len * 977u);
        check(rc == S3L_OK || rc == S3L_ERR_BAD_BASE64 || rc == S3L_ERR_ARG);
        if (rc == S3L_OK) added++;
        pos += len + 1;
    }
    out[S3L_CHECKSUM_VALUE_MAX] = 'G';
    rc = s3l_checksum_mp_finish(&m, out, S3L_CHECKSUM_VALUE_MAX, &on);
    check(added == 0 ? rc == S3L_ERR_STATE : rc == S3L_OK);
    check(out[S3L_CHECKSUM_VALUE_MAX] == 'G');
    if (rc == S3L_OK) check(on == strlen(out));
    s3l_checksum_mp_wipe(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    fuzz_base64(data + 1, size - 1);
    fuzz_crc(data[0], data + 1, size - 1);
    fuzz_multipart(data[0], data + 1, size - 1);
    return 0;
}
