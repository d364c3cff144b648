/* SPDX-License-Identifier: MIT */
/*
 * The hashing seam (core/README.md): every SHA-256, SHA-1, MD5 and CRC that core/
 * computes goes through these functions, and only these.
 *
 * Default backend: mbedTLS for the digests (core/hash_mbedtls.c) and the portable table CRCs
 * (core/checksum.c). A port replaces them at build time without touching core/:
 *   - digests: define S3L_HASH_ALT to a header that declares the three context types
 *     (s3l_sha256_ctx, s3l_sha1_ctx, s3l_md5_ctx); core/hash_mbedtls.c then compiles to
 *     nothing and the port provides every s3l_sha256_* / s3l_sha1_* / s3l_md5_* function
 *     (an MCU hash engine, OpenSSL's SHA-NI code on a host);
 *   - CRCs: define S3L_CRC32_ALT, S3L_CRC32C_ALT or S3L_CRC64NVME_ALT and provide the
 *     matching s3l_crc*_update() (hardware CRC units, ISA-L).
 * Calls are plain function calls: nothing plugged in costs nothing.
 * The choice changes the size of every struct holding a context (s3l_client, s3l_sigv4,
 * s3l_checksum): it belongs in the build's s3lite/build_config.h (or the S3L_CONFIG_FILE
 * that application and library share), never on one side's command line only; the init
 * functions return S3L_ERR_ABI when the two sides disagree (s3lite/abi.h).
 *
 * A backend's s3l_sha256_ctx must be copyable by plain assignment: the signer keeps the
 * HMAC midstates of its signing key (contexts after absorbing key^ipad and key^opad) and
 * starts each signature from a copy. True of mbedTLS's software SHA-256 (2.28 and 3.x) and
 * OpenSSL's SHA256_CTX; a hardware engine whose context points at device state needs a
 * backend that snapshots the engine's registers into the context instead.
 */
#ifndef S3LITE_HASH_H
#define S3LITE_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/config.h"

#if defined(S3L_HASH_ALT)
#include S3L_HASH_ALT
#else
#include <mbedtls/md5.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
typedef mbedtls_sha256_context s3l_sha256_ctx;
typedef mbedtls_sha1_context s3l_sha1_ctx;
typedef mbedtls_md5_context s3l_md5_ctx;
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define S3L_SHA256_LEN 32
#define S3L_SHA1_LEN 20
#define S3L_MD5_LEN 16

/* Streaming digests. start() begins a hash (the context needs no other init);
 * update() adds bytes; finish() writes the digest and wipes the context.
 * Each returns 0 or S3L_ERR_HASH. A context that is abandoned must be wiped with
 * the matching *_wipe(). */
int s3l_sha256_start(s3l_sha256_ctx *c);
int s3l_sha256_update(s3l_sha256_ctx *c, const void *data, size_t len);
int s3l_sha256_finish(s3l_sha256_ctx *c, uint8_t out[S3L_SHA256_LEN]);
void s3l_sha256_wipe(s3l_sha256_ctx *c);

int s3l_sha1_start(s3l_sha1_ctx *c);
int s3l_sha1_update(s3l_sha1_ctx *c, const void *data, size_t len);
int s3l_sha1_finish(s3l_sha1_ctx *c, uint8_t out[S3L_SHA1_LEN]);
void s3l_sha1_wipe(s3l_sha1_ctx *c);

int s3l_md5_start(s3l_md5_ctx *c);
int s3l_md5_update(s3l_md5_ctx *c, const void *data, size_t len);
int s3l_md5_finish(s3l_md5_ctx *c, uint8_t out[S3L_MD5_LEN]);
void s3l_md5_wipe(s3l_md5_ctx *c);

/* One-shot SHA-256 of a buffer. */
int s3l_sha256(const void *data, size_t len, uint8_t out[S3L_SHA256_LEN]);

/* Wipe memory in a way the compiler cannot drop (mbedtls_platform_zeroize by default). */
void s3l_wipe(void *p, size_t len);

/* CRCs, incremental: pass 0 as crc for the first call, the previous result after that.
 * All three use the reflected algorithms S3 uses (CRC-32/ISO-HDLC, CRC-32C/Castagnoli,
 * CRC-64/NVME) with the usual pre- and post-inversion already folded in. */
uint32_t s3l_crc32_update(uint32_t crc, const void *data, size_t len);
uint32_t s3l_crc32c_update(uint32_t crc, const void *data, size_t len);
uint64_t s3l_crc64nvme_update(uint64_t crc, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_HASH_H */
