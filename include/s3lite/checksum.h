/* SPDX-License-Identifier: MIT */
/*
 * Checksums as S3 uses them (x-amz-checksum-*): CRC32, CRC32C, CRC64NVME, SHA1, SHA256.
 *
 * - The CRC engines themselves are the seam functions of s3lite/hash.h
 *   (s3l_crc32_update, s3l_crc32c_update, s3l_crc64nvme_update); core/checksum.c gives the
 *   portable table versions (S3L_CRC_TABLES: 0 bitwise, 1 one table, 8 slice-by-8), a port may
 *   replace them (S3L_CRC*_ALT). The digests come from the s3l_sha* seam.
 * - Combine: the CRC of A||B from crc(A), crc(B) and len(B), for FULL_OBJECT multipart values.
 * - Base64 (RFC 4648, standard alphabet, padded) as S3 prints every checksum.
 * - One incremental context over any algorithm, and an accumulator for multipart uploads
 *   (COMPOSITE and FULL_OBJECT) that keeps constant state however many parts there are.
 *
 * Binary checksum values are big-endian (a CRC32 of 0xcbf43926 is the bytes cb f4 39 26): the
 * form S3 base64-encodes and the form COMPOSITE concatenates.
 *
 * Nothing here allocates; every context is a caller-owned struct; several run side by side.
 * No function keeps a pointer it is given: inputs are read and outputs written during the call.
 */
#ifndef S3LITE_CHECKSUM_H
#define S3LITE_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/base64.h" /* s3l_base64_encode/decode, declared here before they had their module */
#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/hash.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CRC combine --------------------------------------------------------- */

/*
 * crc(A||B) from crc_a = crc(A), crc_b = crc(B) and len_b = length of B in bytes, for the
 * values s3l_crc*_update() return (pre- and post-inversion included). Pure, constant time in
 * the size of the data (about 64 polynomial multiplications at most), no tables, no state.
 */
uint32_t s3l_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b);
uint32_t s3l_crc32c_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b);
uint64_t s3l_crc64nvme_combine(uint64_t crc_a, uint64_t crc_b, uint64_t len_b);

/* ---- algorithms ---------------------------------------------------------- */

enum s3l_checksum_alg {
    S3L_CHECKSUM_NONE = 0,
    S3L_CHECKSUM_CRC32,
    S3L_CHECKSUM_CRC32C,
    S3L_CHECKSUM_CRC64NVME,
    S3L_CHECKSUM_SHA1,
    S3L_CHECKSUM_SHA256
};

/* x-amz-checksum-type of a multipart upload. */
enum s3l_checksum_type {
    S3L_CHECKSUM_COMPOSITE = 1, /* checksum of the concatenated part checksums, then "-N" */
    S3L_CHECKSUM_FULL_OBJECT    /* checksum of the whole object (CRC algorithms only) */
};

/* Largest binary checksum (SHA256), its base64 length, and room for an S3 value string:
 * base64 + "-10000" + NUL. */
#define S3L_CHECKSUM_MAX_LEN 32
#define S3L_CHECKSUM_B64_MAX 44
#define S3L_CHECKSUM_VALUE_MAX (S3L_CHECKSUM_B64_MAX + 6 + 1)

/* Most parts S3 accepts in one multipart upload. */
#define S3L_CHECKSUM_MAX_PARTS 10000u

/*
 * Parse an algorithm name ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"; ASCII case
 * ignored) from s[0..len). Returns 0 and sets *out, or S3L_ERR_ENUM (S3L_ERR_ARG for NULL).
 */
int s3l_checksum_alg_parse(const char *s, size_t len, enum s3l_checksum_alg *out);

/* The S3 name ("CRC32" ...), the header name ("x-amz-checksum-crc32" ...), the binary length
 * (4, 4, 8, 20, 32), and whether it is a CRC. Names are NULL and the length 0 for
 * S3L_CHECKSUM_NONE or an unknown value. Returned strings are static. */
const char *s3l_checksum_alg_name(enum s3l_checksum_alg a);
const char *s3l_checksum_header_name(enum s3l_checksum_alg a);
size_t s3l_checksum_len(enum s3l_checksum_alg a);
int s3l_checksum_is_crc(enum s3l_checksum_alg a);

/* Parse "COMPOSITE" / "FULL_OBJECT" (ASCII case ignored); S3L_ERR_ENUM otherwise. */
int s3l_checksum_type_parse(const char *s, size_t len, enum s3l_checksum_type *out);
/* "COMPOSITE" / "FULL_OBJECT"; NULL for an unknown value. */
const char *s3l_checksum_type_name(enum s3l_checksum_type t);

/* ---- one checksum, incrementally ----------------------------------------- */

struct s3l_checksum;

/*
 * One algorithm's engine. Code that may compute any algorithm (the client, a tool) reaches
 * an algorithm only through such a struct that its caller supplies, so an image links the
 * engines it names and no others: SHA-1 and the CRC tables cost nothing when unused.
 * start: begin in c->u; update: add bytes; finish: write the binary value
 * (s3l_checksum_len(alg) bytes, big-endian for CRCs); wipe: release an abandoned state.
 * start/update/finish return 0 or S3L_ERR_HASH.
 */
struct s3l_checksum_algo {
    enum s3l_checksum_alg alg;
    int (*start)(struct s3l_checksum *c);
    int (*update)(struct s3l_checksum *c, const void *data, size_t len);
    int (*finish)(struct s3l_checksum *c, uint8_t *out);
    void (*wipe)(struct s3l_checksum *c);
};

/* The engines (core/checksum_algo.c); each links only its own hash or CRC. */
extern const struct s3l_checksum_algo s3l_checksum_crc32;
extern const struct s3l_checksum_algo s3l_checksum_crc32c;
extern const struct s3l_checksum_algo s3l_checksum_crc64nvme;
extern const struct s3l_checksum_algo s3l_checksum_sha1;
extern const struct s3l_checksum_algo s3l_checksum_sha256;

/* Every engine, NULL-terminated: what a host or a tool passes when any algorithm may be
 * asked for (it links all five). A firmware lists only the ones it uses:
 *   static const struct s3l_checksum_algo *const algos[] = {&s3l_checksum_crc32c, NULL}; */
extern const struct s3l_checksum_algo *const s3l_checksum_algos_all[];

/* The engine of alg in the NULL-terminated list (list may be NULL), or NULL. */
const struct s3l_checksum_algo *s3l_checksum_algo_find(const struct s3l_checksum_algo *const *list,
                                                       enum s3l_checksum_alg alg);

struct s3l_checksum {
    const struct s3l_checksum_algo *algo; /* NULL: not started (or finished, or wiped) */
    union {
        uint32_t crc32; /* CRC32 and CRC32C: the s3l_crc32*_update() value */
        uint64_t crc64; /* CRC64NVME */
        s3l_sha1_ctx sha1;
        s3l_sha256_ctx sha256;
    } u;
};

/*
 * Begin a checksum with engine algo in the caller's struct (no other init needed).
 * Returns 0, S3L_ERR_ARG (NULL), S3L_ERR_HASH, S3L_ERR_ABI (abi.h).
 */
int s3l_checksum_start_algo_abi(struct s3l_checksum *c, const struct s3l_checksum_algo *algo,
                                size_t app_size, uint32_t app_config);
#define s3l_checksum_start_algo(c, algo) \
    s3l_checksum_start_algo_abi((c), (algo), sizeof(struct s3l_checksum), S3L_ABI_CONFIG)

/*
 * The same by name, over s3l_checksum_algos_all (so it links every engine: firmware uses
 * s3l_checksum_start_algo()). Returns 0, S3L_ERR_ENUM (NONE or unknown alg; the context is
 * left unusable), S3L_ERR_HASH.
 */
int s3l_checksum_start_abi(struct s3l_checksum *c, enum s3l_checksum_alg alg,
                           size_t app_size, uint32_t app_config);
#define s3l_checksum_start(c, alg) \
    s3l_checksum_start_abi((c), (alg), \
                           sizeof(struct s3l_checksum), S3L_ABI_CONFIG)

/* Add data[0..len) (data may be NULL when len is 0). Returns 0, S3L_ERR_HASH, S3L_ERR_STATE
 * (context not started). */
int s3l_checksum_update(struct s3l_checksum *c, const void *data, size_t len);

/*
 * Finish: write the binary value (big-endian for CRCs) to out[0..cap), its length to
 * *out_len, and wipe the context. When cap < s3l_checksum_len() it returns
 * S3L_ERR_BUF_TOO_SMALL with *out_len = the need and the context untouched (still usable).
 * Other errors: S3L_ERR_HASH, S3L_ERR_STATE, S3L_ERR_ARG.
 */
int s3l_checksum_finish(struct s3l_checksum *c, uint8_t *out, size_t cap, size_t *out_len);

/*
 * Finish and write the value as S3 reports it (base64) into out[0..cap), NUL-terminated;
 * *out_len = its length without the NUL (S3L_CHECKSUM_B64_MAX + 1 always suffices). Too small a
 * buffer: S3L_ERR_BUF_TOO_SMALL, *out_len = the length needed without the NUL, the context
 * untouched. Otherwise as s3l_checksum_finish().
 */
int s3l_checksum_finish_base64(struct s3l_checksum *c, char *out, size_t cap, size_t *out_len);

/* Wipe an abandoned context (safe on a finished or never-started one). */
void s3l_checksum_wipe(struct s3l_checksum *c);

/* ---- multipart: COMPOSITE and FULL_OBJECT -------------------------------- */

/*
 * Accumulator of the per-part checksums of one multipart upload, fed in part order.
 * COMPOSITE keeps a running checksum of the concatenated binary part checksums; FULL_OBJECT
 * keeps the running combined CRC. Either way the state is a few hundred bytes at most,
 * whatever the number of parts.
 */
struct s3l_checksum_mp {
    enum s3l_checksum_alg alg;
    enum s3l_checksum_type type;
    uint32_t parts;
    uint64_t crc;            /* FULL_OBJECT: CRC of the parts so far */
    struct s3l_checksum outer;  /* COMPOSITE: checksum of the part checksums so far */
};

/*
 * Begin. Returns 0, S3L_ERR_ENUM (unknown alg or type, or FULL_OBJECT with SHA1/SHA256, which
 * S3 does not offer), S3L_ERR_HASH. By name, it links every engine (as s3l_checksum_start());
 * s3l_checksum_mp_start_algo() takes the engine (COMPOSITE runs it over the part checksums;
 * FULL_OBJECT only combines CRCs, with no engine of its own; S3L_ERR_ARG for NULL).
 */
int s3l_checksum_mp_start_abi(struct s3l_checksum_mp *m, enum s3l_checksum_alg alg, enum s3l_checksum_type type,
                              size_t app_size, uint32_t app_config);
#define s3l_checksum_mp_start(m, alg, type) \
    s3l_checksum_mp_start_abi((m), (alg), (type), \
                              sizeof(struct s3l_checksum_mp), S3L_ABI_CONFIG)
int s3l_checksum_mp_start_algo_abi(struct s3l_checksum_mp *m, const struct s3l_checksum_algo *algo,
                                   enum s3l_checksum_type type, size_t app_size,
                                   uint32_t app_config);
#define s3l_checksum_mp_start_algo(m, algo, type) \
    s3l_checksum_mp_start_algo_abi((m), (algo), (type), \
                                   sizeof(struct s3l_checksum_mp), S3L_ABI_CONFIG)

/*
 * Add the next part: its binary checksum digest[0..len) (as s3l_checksum_finish() writes it) and,
 * for FULL_OBJECT, its length in bytes (ignored for COMPOSITE). Returns 0, S3L_ERR_ARG (len is
 * not the algorithm's length), S3L_ERR_TOO_MANY (more than S3L_CHECKSUM_MAX_PARTS), S3L_ERR_HASH.
 */
int s3l_checksum_mp_add(struct s3l_checksum_mp *m, const uint8_t *digest, size_t len,
                     uint64_t part_len);

/* The same with the part checksum as S3 reports it (base64, e.g. from UploadPart's response
 * or ListParts). Adds S3L_ERR_BAD_BASE64. */
int s3l_checksum_mp_add_base64(struct s3l_checksum_mp *m, const char *b64, size_t len,
                            uint64_t part_len);

/*
 * Finish: the whole-object value as S3 reports it, NUL-terminated in out[0..cap)
 * (S3L_CHECKSUM_VALUE_MAX always suffices): COMPOSITE "base64-N", FULL_OBJECT "base64".
 * *out_len = length without the NUL (the need, on S3L_ERR_BUF_TOO_SMALL; then the state is
 * untouched). S3L_ERR_STATE when no part was added. The accumulator is wiped on success.
 */
int s3l_checksum_mp_finish(struct s3l_checksum_mp *m, char *out, size_t cap, size_t *out_len);

/* Wipe an abandoned accumulator. */
void s3l_checksum_mp_wipe(struct s3l_checksum_mp *m);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_CHECKSUM_H */
