/* SPDX-License-Identifier: MIT */
/*
 * The checksum engines (struct s3l_checksum_algo, checksum.h): one small struct per
 * algorithm, so that whoever names an engine links that engine and nothing else. The CRCs
 * run the seam functions of hash.h (tables in core/checksum.c, or a port's), the digests the
 * s3l_sha* backend.
 */
#include <stddef.h>

#include "s3lite/checksum.h"

#define ALGS_MAX 5 /* CRC32, CRC32C, CRC64NVME, SHA1, SHA256 */

/* A CRC's binary value, big-endian as S3 encodes it. */
static void put_be(uint8_t *out, uint64_t v, size_t n)
{
    size_t i;
    for (i = n; i > 0; i--, v >>= 8) out[i - 1] = (uint8_t)v;
}

static int crc32_start(struct s3l_checksum *c)
{
    c->u.crc32 = 0;
    return S3L_OK;
}

static int crc64_start(struct s3l_checksum *c)
{
    c->u.crc64 = 0;
    return S3L_OK;
}

static void crc_wipe(struct s3l_checksum *c)
{
    (void)c; /* nothing outside the struct; the caller wipes it */
}

static int crc32_update(struct s3l_checksum *c, const void *data, size_t len)
{
    c->u.crc32 = s3l_crc32_update(c->u.crc32, data, len);
    return S3L_OK;
}

static int crc32c_update(struct s3l_checksum *c, const void *data, size_t len)
{
    c->u.crc32 = s3l_crc32c_update(c->u.crc32, data, len);
    return S3L_OK;
}

static int crc32_finish(struct s3l_checksum *c, uint8_t *out)
{
    put_be(out, c->u.crc32, 4);
    return S3L_OK;
}

static int crc64nvme_update(struct s3l_checksum *c, const void *data, size_t len)
{
    c->u.crc64 = s3l_crc64nvme_update(c->u.crc64, data, len);
    return S3L_OK;
}

static int crc64_finish(struct s3l_checksum *c, uint8_t *out)
{
    put_be(out, c->u.crc64, 8);
    return S3L_OK;
}

static int sha1_start(struct s3l_checksum *c)
{
    return s3l_sha1_start(&c->u.sha1);
}

static int sha1_update(struct s3l_checksum *c, const void *data, size_t len)
{
    return s3l_sha1_update(&c->u.sha1, data, len);
}

static int sha1_finish(struct s3l_checksum *c, uint8_t *out)
{
    return s3l_sha1_finish(&c->u.sha1, out);
}

static void sha1_wipe(struct s3l_checksum *c)
{
    s3l_sha1_wipe(&c->u.sha1);
}

static int sha256_start(struct s3l_checksum *c)
{
    return s3l_sha256_start(&c->u.sha256);
}

static int sha256_update(struct s3l_checksum *c, const void *data, size_t len)
{
    return s3l_sha256_update(&c->u.sha256, data, len);
}

static int sha256_finish(struct s3l_checksum *c, uint8_t *out)
{
    return s3l_sha256_finish(&c->u.sha256, out);
}

static void sha256_wipe(struct s3l_checksum *c)
{
    s3l_sha256_wipe(&c->u.sha256);
}

const struct s3l_checksum_algo s3l_checksum_crc32 = {
    S3L_CHECKSUM_CRC32, crc32_start, crc32_update, crc32_finish, crc_wipe};
const struct s3l_checksum_algo s3l_checksum_crc32c = {
    S3L_CHECKSUM_CRC32C, crc32_start, crc32c_update, crc32_finish, crc_wipe};
const struct s3l_checksum_algo s3l_checksum_crc64nvme = {
    S3L_CHECKSUM_CRC64NVME, crc64_start, crc64nvme_update, crc64_finish, crc_wipe};
const struct s3l_checksum_algo s3l_checksum_sha1 = {
    S3L_CHECKSUM_SHA1, sha1_start, sha1_update, sha1_finish, sha1_wipe};
const struct s3l_checksum_algo s3l_checksum_sha256 = {
    S3L_CHECKSUM_SHA256, sha256_start, sha256_update, sha256_finish, sha256_wipe};

const struct s3l_checksum_algo *const s3l_checksum_algos_all[] = {
    &s3l_checksum_crc32, &s3l_checksum_crc32c, &s3l_checksum_crc64nvme, &s3l_checksum_sha1,
    &s3l_checksum_sha256, NULL};

const struct s3l_checksum_algo *s3l_checksum_algo_find(const struct s3l_checksum_algo *const *list,
                                                       enum s3l_checksum_alg alg)
{
    size_t i;
    /* Bounded: a list holds each algorithm at most once, then NULL. */
    for (i = 0; list != NULL && i < ALGS_MAX && list[i] != NULL; i++) {
        if (list[i]->alg == alg) return list[i];
    }
    return NULL;
}
