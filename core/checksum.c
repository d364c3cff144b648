/* SPDX-License-Identifier: MIT */
/*
 * Checksums: the portable CRC engines behind the hash seam (s3lite/hash.h), CRC combine,
 * the per-algorithm context and the multipart (COMPOSITE / FULL_OBJECT) accumulator.
 *
 * CRC engines: S3L_CRC_TABLES picks bitwise (0: no table, smallest), one 256-entry table (1)
 * or slice-by-8 (8: eight tables, fastest in software). A port that defines S3L_CRC32_ALT,
 * S3L_CRC32C_ALT or S3L_CRC64NVME_ALT supplies that engine instead, and its table is not
 * compiled in. The tables are static const (core/crc_tables.h, generated).
 */
#include <string.h>

#include "s3lite/checksum.h"

#if S3L_CRC_TABLES != 0 && S3L_CRC_TABLES != 1 && S3L_CRC_TABLES != 8
#error "S3L_CRC_TABLES must be 0, 1 or 8"
#endif

/* Reflected polynomials (bit 31 / bit 63 is x^0). */
#define CRC32_POLY 0xEDB88320u
#define CRC32C_POLY 0x82F63B78u
#define CRC64NVME_POLY UINT64_C(0x9A6C9329AC4BC9B5)

/* ---- CRC engines --------------------------------------------------------- */

#if S3L_CRC_TABLES != 0
#define S3L_CRC_TAB_ROWS S3L_CRC_TABLES
#if !defined(S3L_CRC32_ALT)
#define S3L_CRC_TAB_WANT_CRC32
#endif
#if !defined(S3L_CRC32C_ALT)
#define S3L_CRC_TAB_WANT_CRC32C
#endif
#if !defined(S3L_CRC64NVME_ALT)
#define S3L_CRC_TAB_WANT_CRC64NVME
#endif
#include "crc_tables.h"
#endif

#if !defined(S3L_CRC32_ALT) || !defined(S3L_CRC32C_ALT)

#if S3L_CRC_TABLES == 0
typedef uint32_t crc32_param; /* the polynomial */
#else
typedef const uint32_t (*crc32_param)[256]; /* the tables */
#endif

#if S3L_CRC_TABLES == 8
static uint32_t load32le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
#endif

/* Run the raw (un-inverted) reflected 32-bit CRC register r over p[0..len). */
static uint32_t crc32_run(uint32_t r, const uint8_t *p, size_t len, crc32_param t)
{
#if S3L_CRC_TABLES == 0
    unsigned k;
    for (; len > 0; len--) {
        r ^= *p++;
        for (k = 0; k < 8; k++) r = (r >> 1) ^ (t & (0u - (r & 1u)));
    }
#else
#if S3L_CRC_TABLES == 8
    for (; len >= 8; len -= 8, p += 8) {
        uint32_t lo = r ^ load32le(p);
        uint32_t hi = load32le(p + 4);
        r = t[7][lo & 0xffu] ^ t[6][(lo >> 8) & 0xffu] ^ t[5][(lo >> 16) & 0xffu] ^
            t[4][lo >> 24] ^ t[3][hi & 0xffu] ^ t[2][(hi >> 8) & 0xffu] ^
            t[1][(hi >> 16) & 0xffu] ^ t[0][hi >> 24];
    }
#endif
    for (; len > 0; len--) r = (r >> 8) ^ t[0][(r ^ *p++) & 0xffu];
#endif
    return r;
}
#endif

#if !defined(S3L_CRC32_ALT)
uint32_t s3l_crc32_update(uint32_t crc, const void *data, size_t len)
{
#if S3L_CRC_TABLES == 0
    return ~crc32_run(~crc, (const uint8_t *)data, len, CRC32_POLY);
#else
    return ~crc32_run(~crc, (const uint8_t *)data, len, s3l_crc32_tab);
#endif
}
#endif

#if !defined(S3L_CRC32C_ALT)
uint32_t s3l_crc32c_update(uint32_t crc, const void *data, size_t len)
{
#if S3L_CRC_TABLES == 0
    return ~crc32_run(~crc, (const uint8_t *)data, len, CRC32C_POLY);
#else
    return ~crc32_run(~crc, (const uint8_t *)data, len, s3l_crc32c_tab);
#endif
}
#endif

#if !defined(S3L_CRC64NVME_ALT)
#if S3L_CRC_TABLES == 8
static uint64_t load64le(const uint8_t *p)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 8; i > 0; i--) v = (v << 8) | p[i - 1];
    return v;
}
#endif

uint64_t s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    uint64_t r = ~crc;
#if S3L_CRC_TABLES == 0
    unsigned k;
    for (; len > 0; len--) {
        r ^= *p++;
        for (k = 0; k < 8; k++) r = (r >> 1) ^ (CRC64NVME_POLY & (0u - (r & 1u)));
    }
#else
    const uint64_t(*t)[256] = s3l_crc64nvme_tab;
#if S3L_CRC_TABLES == 8
    for (; len >= 8; len -= 8, p += 8) {
        uint64_t x = r ^ load64le(p);
        r = t[7][x & 0xffu] ^ t[6][(x >> 8) & 0xffu] ^ t[5][(x >> 16) & 0xffu] ^
            t[4][(x >> 24) & 0xffu] ^ t[3][(x >> 32) & 0xffu] ^ t[2][(x >> 40) & 0xffu] ^
            t[1][(x >> 48) & 0xffu] ^ t[0][x >> 56];
    }
#endif
    for (; len > 0; len--) r = (r >> 8) ^ t[0][(r ^ *p++) & 0xffu];
#endif
    return ~r;
}
#endif

/* ---- combine ------------------------------------------------------------- */
/*
 * crc(A||B) = crc(A) * x^(8*len(B)) + crc(B) (mod P), for CRCs whose init equals their final
 * XOR (all three here): the inversions cancel. Polynomials are in the reflected form of the
 * registers (the top bit is x^0). x^(8n) comes from square-and-multiply over the bits of n:
 * at most 64 rounds, no table, no recursion.
 */

/* a * b mod P, 32-bit reflected. */
static uint32_t gf2_mul32(uint32_t a, uint32_t b, uint32_t poly)
{
    uint32_t prod = 0;
    unsigned i;
    for (i = 0; i < 32; i++) {
        prod ^= b & (0u - (a >> 31)); /* coefficient of x^i in a */
        a <<= 1;
        b = (b >> 1) ^ (poly & (0u - (b & 1u))); /* b *= x */
    }
    return prod;
}

static uint32_t crc32_combine_poly(uint32_t crc_a, uint32_t crc_b, uint64_t len_b, uint32_t poly)
{
    uint32_t xn = 0x80000000u; /* x^0 */
    uint32_t sq = 0x00800000u; /* x^8: one byte */
    unsigned i;
    for (i = 0; i < 64 && len_b != 0; i++, len_b >>= 1) {
        if (len_b & 1u) xn = gf2_mul32(xn, sq, poly);
        sq = gf2_mul32(sq, sq, poly);
    }
    return gf2_mul32(xn, crc_a, poly) ^ crc_b;
}

uint32_t s3l_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b)
{
    return crc32_combine_poly(crc_a, crc_b, len_b, CRC32_POLY);
}

uint32_t s3l_crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b)
{
    return crc32_combine_poly(crc_a, crc_b, len_b, CRC32C_POLY);
}

static uint64_t gf2_mul64(uint64_t a, uint64_t b)
{
    uint64_t prod = 0;
    unsigned i;
    for (i = 0; i < 64; i++) {
        prod ^= b & (0u - (a >> 63));
        a <<= 1;
        b = (b >> 1) ^ (CRC64NVME_POLY & (0u - (b & 1u)));
    }
    return prod;
}

uint64_t s3l_crc64nvme_combine(uint64_t crc_a, uint64_t crc_b, uint64_t len_b)
{
    uint64_t xn = UINT64_C(1) << 63; /* x^0 */
    uint64_t sq = UINT64_C(1) << 55; /* x^8 */
    unsigned i;
    for (i = 0; i < 64 && len_b != 0; i++, len_b >>= 1) {
        if (len_b & 1u) xn = gf2_mul64(xn, sq);
        sq = gf2_mul64(sq, sq);
    }
    return gf2_mul64(xn, crc_a) ^ crc_b;
}

/* ---- algorithms ---------------------------------------------------------- */

struct alg_info {
    const char *name;
    const char *header;
    size_t len;
};

static const struct alg_info alg_table[] = {
    {"CRC32", "x-amz-checksum-crc32", 4},
    {"CRC32C", "x-amz-checksum-crc32c", 4},
    {"CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {"SHA1", "x-amz-checksum-sha1", S3L_SHA1_LEN},
    {"SHA256", "x-amz-checksum-sha256", S3L_SHA256_LEN},
};

static const struct alg_info *alg_get(enum s3l_checksum_alg a)
{
    switch (a) {
    case S3L_CHECKSUM_CRC32: return &alg_table[0];
    case S3L_CHECKSUM_CRC32C: return &alg_table[1];
    case S3L_CHECKSUM_CRC64NVME: return &alg_table[2];
    case S3L_CHECKSUM_SHA1: return &alg_table[3];
    case S3L_CHECKSUM_SHA256: return &alg_table[4];
    case S3L_CHECKSUM_NONE: break;
    }
    return NULL;
}

/* s[0..len) equals the NUL-terminated upper-case name, ASCII case ignored. */
static int name_eq(const char *s, size_t len, const char *name)
{
    size_t i;
    for (i = 0; i < len; i++) {
        char ch = s[i];
        if (name[i] == '\0') return 0;
        if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
        if (ch != name[i]) return 0;
    }
    return name[len] == '\0';
}

int s3l_checksum_alg_parse(const char *s, size_t len, enum s3l_checksum_alg *out)
{
    static const enum s3l_checksum_alg all[] = {S3L_CHECKSUM_CRC32, S3L_CHECKSUM_CRC32C,
                                             S3L_CHECKSUM_CRC64NVME, S3L_CHECKSUM_SHA1,
                                             S3L_CHECKSUM_SHA256};
    size_t i;
    if (out == NULL || (s == NULL && len != 0)) return S3L_ERR_ARG;
    for (i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (name_eq(s, len, alg_get(all[i])->name)) {
            *out = all[i];
            return S3L_OK;
        }
    }
    return S3L_ERR_ENUM;
}

const char *s3l_checksum_alg_name(enum s3l_checksum_alg a)
{
    const struct alg_info *ai = alg_get(a);
    return ai != NULL ? ai->name : NULL;
}

const char *s3l_checksum_header_name(enum s3l_checksum_alg a)
{
    const struct alg_info *ai = alg_get(a);
    return ai != NULL ? ai->header : NULL;
}

size_t s3l_checksum_len(enum s3l_checksum_alg a)
{
    const struct alg_info *ai = alg_get(a);
    return ai != NULL ? ai->len : 0;
}

int s3l_checksum_is_crc(enum s3l_checksum_alg a)
{
    return a == S3L_CHECKSUM_CRC32 || a == S3L_CHECKSUM_CRC32C || a == S3L_CHECKSUM_CRC64NVME;
}

int s3l_checksum_type_parse(const char *s, size_t len, enum s3l_checksum_type *out)
{
    if (out == NULL || (s == NULL && len != 0)) return S3L_ERR_ARG;
    if (name_eq(s, len, "COMPOSITE")) {
        *out = S3L_CHECKSUM_COMPOSITE;
        return S3L_OK;
    }
    if (name_eq(s, len, "FULL_OBJECT")) {
        *out = S3L_CHECKSUM_FULL_OBJECT;
        return S3L_OK;
    }
    return S3L_ERR_ENUM;
}

const char *s3l_checksum_type_name(enum s3l_checksum_type t)
{
    switch (t) {
    case S3L_CHECKSUM_COMPOSITE: return "COMPOSITE";
    case S3L_CHECKSUM_FULL_OBJECT: return "FULL_OBJECT";
    }
    return NULL;
}

/* ---- one checksum -------------------------------------------------------- */

static void put_be(uint8_t *out, uint64_t v, size_t n)
{
    size_t i;
    for (i = n; i > 0; i--, v >>= 8) out[i - 1] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *in, size_t n)
{
    uint64_t v = 0;
    size_t i;
    for (i = 0; i < n; i++) v = (v << 8) | in[i];
    return v;
}

/* Start engine algo in c: what both starts below do once the ABI is checked. */
static int start_engine(struct s3l_checksum *c, const struct s3l_checksum_algo *algo)
{
    if (c == NULL || algo == NULL) return S3L_ERR_ARG;
    c->algo = NULL;
    if (algo->start(c) != S3L_OK) return S3L_ERR_HASH;
    c->algo = algo;
    return S3L_OK;
}

int s3l_checksum_start_algo_abi(struct s3l_checksum *c, const struct s3l_checksum_algo *algo,
                                size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *c) != S3L_OK) return S3L_ERR_ABI;
    return start_engine(c, algo);
}

int s3l_checksum_start_abi(struct s3l_checksum *c, enum s3l_checksum_alg alg,
                           size_t app_size, uint32_t app_config)
{
    const struct s3l_checksum_algo *algo = s3l_checksum_algo_find(s3l_checksum_algos_all, alg);
    if (s3l_abi_check(app_size, app_config, sizeof *c) != S3L_OK) return S3L_ERR_ABI;
    if (c == NULL) return S3L_ERR_ARG;
    c->algo = NULL;
    return algo != NULL ? start_engine(c, algo) : S3L_ERR_ENUM;
}

int s3l_checksum_update(struct s3l_checksum *c, const void *data, size_t len)
{
    if (c == NULL || (data == NULL && len != 0)) return S3L_ERR_ARG;
    if (c->algo == NULL) return S3L_ERR_STATE;
    return c->algo->update(c, data, len) == S3L_OK ? S3L_OK : S3L_ERR_HASH;
}

int s3l_checksum_finish(struct s3l_checksum *c, uint8_t *out, size_t cap, size_t *out_len)
{
    int rc;
    size_t need;
    if (c == NULL || out == NULL || out_len == NULL) return S3L_ERR_ARG;
    if (c->algo == NULL) return S3L_ERR_STATE;
    need = s3l_checksum_len(c->algo->alg);
    *out_len = need;
    if (cap < need) return S3L_ERR_BUF_TOO_SMALL;
    rc = c->algo->finish(c, out);
    s3l_wipe(c, sizeof *c); /* algo becomes NULL: no use after finish */
    return rc == S3L_OK ? S3L_OK : S3L_ERR_HASH;
}

int s3l_checksum_finish_base64(struct s3l_checksum *c, char *out, size_t cap, size_t *out_len)
{
    uint8_t bin[S3L_CHECKSUM_MAX_LEN];
    size_t n, need;
    int rc;
    if (c == NULL || out == NULL || out_len == NULL) return S3L_ERR_ARG;
    if (c->algo == NULL) return S3L_ERR_STATE;
    n = s3l_checksum_len(c->algo->alg);
    need = S3L_BASE64_ENC_LEN(n);
    *out_len = need;
    if (cap < need + 1) return S3L_ERR_BUF_TOO_SMALL;
    rc = s3l_checksum_finish(c, bin, sizeof bin, &n);
    if (rc == S3L_OK) rc = s3l_base64_encode(bin, n, out, cap, out_len);
    if (rc == S3L_OK) out[*out_len] = '\0';
    return rc;
}

void s3l_checksum_wipe(struct s3l_checksum *c)
{
    if (c == NULL) return;
    if (c->algo != NULL) c->algo->wipe(c);
    s3l_wipe(c, sizeof *c);
}

/* ---- multipart ----------------------------------------------------------- */

/* Begin m with engine algo: what both starts below do once the ABI is checked. */
static int mp_start_engine(struct s3l_checksum_mp *m, const struct s3l_checksum_algo *algo,
                           enum s3l_checksum_type type)
{
    if (m == NULL) return S3L_ERR_ARG;
    memset(m, 0, sizeof *m);
    if (algo == NULL) return S3L_ERR_ARG;
    if (s3l_checksum_len(algo->alg) == 0) return S3L_ERR_ENUM;
    if (type == S3L_CHECKSUM_FULL_OBJECT) {
        if (!s3l_checksum_is_crc(algo->alg)) return S3L_ERR_ENUM;
    } else if (type == S3L_CHECKSUM_COMPOSITE) {
        int rc = start_engine(&m->outer, algo);
        if (rc != S3L_OK) return rc;
    } else {
        return S3L_ERR_ENUM;
    }
    m->alg = algo->alg;
    m->type = type;
    return S3L_OK;
}

int s3l_checksum_mp_start_algo_abi(struct s3l_checksum_mp *m, const struct s3l_checksum_algo *algo,
                                   enum s3l_checksum_type type, size_t app_size,
                                   uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *m) != S3L_OK) return S3L_ERR_ABI;
    return mp_start_engine(m, algo, type);
}

int s3l_checksum_mp_start_abi(struct s3l_checksum_mp *m, enum s3l_checksum_alg alg, enum s3l_checksum_type type,
                              size_t app_size, uint32_t app_config)
{
    const struct s3l_checksum_algo *algo = s3l_checksum_algo_find(s3l_checksum_algos_all, alg);
    if (s3l_abi_check(app_size, app_config, sizeof *m) != S3L_OK) return S3L_ERR_ABI;
    if (m == NULL) return S3L_ERR_ARG;
    if (algo == NULL) {
        memset(m, 0, sizeof *m);
        return S3L_ERR_ENUM;
    }
    return mp_start_engine(m, algo, type);
}

int s3l_checksum_mp_add(struct s3l_checksum_mp *m, const uint8_t *digest, size_t len,
                     uint64_t part_len)
{
    if (m == NULL || digest == NULL) return S3L_ERR_ARG;
    if (m->alg == S3L_CHECKSUM_NONE) return S3L_ERR_STATE;
    if (len != s3l_checksum_len(m->alg)) return S3L_ERR_ARG;
    if (m->parts >= S3L_CHECKSUM_MAX_PARTS) return S3L_ERR_TOO_MANY;
    if (m->type == S3L_CHECKSUM_COMPOSITE) {
        int rc = s3l_checksum_update(&m->outer, digest, len);
        if (rc != S3L_OK) return rc;
    } else {
        uint64_t v = get_be(digest, len);
        switch (m->alg) {
        case S3L_CHECKSUM_CRC32:
            m->crc = s3l_crc32_combine((uint32_t)m->crc, (uint32_t)v, part_len);
            break;
        case S3L_CHECKSUM_CRC32C:
            m->crc = s3l_crc32c_combine((uint32_t)m->crc, (uint32_t)v, part_len);
            break;
        default: m->crc = s3l_crc64nvme_combine(m->crc, v, part_len); break;
        }
    }
    m->parts++;
    return S3L_OK;
}

int s3l_checksum_mp_add_base64(struct s3l_checksum_mp *m, const char *b64, size_t len,
                            uint64_t part_len)
{
    uint8_t bin[S3L_CHECKSUM_MAX_LEN];
    size_t n = 0;
    int rc;
    if (m == NULL || b64 == NULL) return S3L_ERR_ARG;
    rc = s3l_base64_decode(b64, len, bin, sizeof bin, &n);
    if (rc == S3L_ERR_BUF_TOO_SMALL) return S3L_ERR_ARG; /* longer than any checksum */
    if (rc != S3L_OK) return rc;
    return s3l_checksum_mp_add(m, bin, n, part_len);
}

/* Decimal digits of v into out (no NUL); returns the count. out holds 10 bytes. */
static size_t put_dec(char *out, uint32_t v)
{
    char tmp[10];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0 && n < sizeof tmp);
    for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

int s3l_checksum_mp_finish(struct s3l_checksum_mp *m, char *out, size_t cap, size_t *out_len)
{
    uint8_t bin[S3L_CHECKSUM_MAX_LEN];
    char digits[10];
    size_t dlen, ndig = 0, need, n = 0;
    int rc;
    if (m == NULL || out == NULL || out_len == NULL) return S3L_ERR_ARG;
    if (m->alg == S3L_CHECKSUM_NONE || m->parts == 0) return S3L_ERR_STATE;
    dlen = s3l_checksum_len(m->alg);
    need = S3L_BASE64_ENC_LEN(dlen);
    if (m->type == S3L_CHECKSUM_COMPOSITE) {
        ndig = put_dec(digits, m->parts);
        need += 1 + ndig;
    }
    *out_len = need;
    if (cap < need + 1) return S3L_ERR_BUF_TOO_SMALL;
    if (m->type == S3L_CHECKSUM_COMPOSITE) {
        rc = s3l_checksum_finish(&m->outer, bin, sizeof bin, &dlen);
        if (rc != S3L_OK) {
            s3l_checksum_mp_wipe(m);
            return rc;
        }
    } else {
        put_be(bin, m->crc, dlen);
    }
    rc = s3l_base64_encode(bin, dlen, out, cap, &n);
    if (rc == S3L_OK && m->type == S3L_CHECKSUM_COMPOSITE) {
        out[n++] = '-';
        memcpy(out + n, digits, ndig);
        n += ndig;
    }
    if (rc == S3L_OK) {
        out[n] = '\0';
        *out_len = n;
    }
    s3l_checksum_mp_wipe(m);
    return rc;
}

void s3l_checksum_mp_wipe(struct s3l_checksum_mp *m)
{
    if (m == NULL) return;
    if (m->type == S3L_CHECKSUM_COMPOSITE) s3l_checksum_wipe(&m->outer);
    s3l_wipe(m, sizeof *m);
}
