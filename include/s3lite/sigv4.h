/* SPDX-License-Identifier: MIT */
/*
 * AWS Signature Version 4: header signing, presigned URLs, aws-chunked chunk and trailer
 * signatures. Sans-IO, zero-malloc: all state lives in struct s3l_sigv4, owned by the caller.
 *
 *   struct s3l_sigv4 sig;
 *   s3l_sigv4_init(&sig, &creds, "us-east-1", "s3");
 *   s3l_sigv4_set_time(&sig, "20130524T000000Z");
 *   s3l_sigv4_sign_headers(&sig, &req, authz, sizeof authz);
 *   ...
 *   s3l_sigv4_wipe(&sig);
 *
 * The canonical request is fed piece by piece into a running SHA-256; it is never held in
 * memory. The signing key is derived once per (date, region, service) and cached in the
 * struct; the secret key is read only while deriving it.
 */
#ifndef S3LITE_SIGV4_H
#define S3LITE_SIGV4_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/hash.h"

#ifdef __cplusplus
extern "C" {
#endif

#define S3L_AMZ_DATE_LEN 16 /* YYYYMMDDTHHMMSSZ */
#define S3L_SIG_HEX_LEN 64  /* hex signature / hex SHA-256 */

/* Payload hash values (the last line of the canonical request, x-amz-content-sha256). */
#define S3L_CONTENT_SHA256_UNSIGNED "UNSIGNED-PAYLOAD"
#define S3L_CONTENT_SHA256_STREAMING "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
#define S3L_CONTENT_SHA256_STREAMING_TRAILER "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
#define S3L_CONTENT_SHA256_UNSIGNED_TRAILER "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
#define S3L_CONTENT_SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Credentials: NUL-terminated strings owned by the caller, alive while the signer is used. */
struct s3l_credentials {
    const char *access_key_id;
    const char *secret_access_key;
    const char *session_token; /* NULL when there is none */
};

/* Rule switches. s3l_sigv4_init() picks the S3 rules (0) for service "s3" and
 * NORMALIZE_PATH | DOUBLE_ENCODE | NO_CONTENT_SHA256 for any other service; a caller may
 * change sig.flags after init. */
#define S3L_SIGV4_NORMALIZE_PATH 0x1u    /* remove "." / ".." / empty path segments */
#define S3L_SIGV4_DOUBLE_ENCODE 0x2u     /* URI-encode the path although it is already encoded */
#define S3L_SIGV4_NO_CONTENT_SHA256 0x4u /* do not add an x-amz-content-sha256 header */
#define S3L_SIGV4_UNSIGNED_TOKEN 0x8u    /* add X-Amz-Security-Token but leave it unsigned */

/* Optional trace sink: receives every byte of the canonical request (what == 0) and of the
 * string to sign (what == 1; also the chunk and trailer strings to sign), in order, in pieces
 * of up to 64 bytes as they are hashed. For `s3lite sign --debug` and the tests. */
typedef void (*s3l_sigv4_trace_fn)(void *ctx, int what, const char *data, size_t len);

struct s3l_sigv4 {
    const struct s3l_credentials *creds;
    char region[S3L_REGION_MAX + 1];
    char service[S3L_SERVICE_MAX + 1];
    unsigned flags;
    char amz_date[S3L_AMZ_DATE_LEN + 1]; /* time of the request being signed */
    /* signing-key cache: valid when key_date[0] != 0 (for key_date, region, service) */
    uint8_t signing_key[32];
    /* private: SHA-256 midstates after signing_key ^ ipad and ^ opad (HMAC, RFC 2104), valid
     * with the key: an HMAC with the signing key costs two compression blocks fewer */
    s3l_sha256_ctx key_mid[2];
    char key_date[9];
    /* last signature produced: the seed, then each chunk's, chained for aws-chunked */
    char last_signature[S3L_SIG_HEX_LEN + 1];
    s3l_sigv4_trace_fn trace;
    void *trace_ctx;
};

/* A request to sign. headers must hold Host (and every other header to sign); the signer
 * sorts them in place and appends its own. Slices must stay valid until the request is
 * sent; appended values point into struct s3l_sigv4 and the credentials. */
struct s3l_sigv4_request {
    const char *method;                 /* NUL-terminated, e.g. "PUT" */
    const char *path;                   /* as on the wire (S3: already percent-encoded) */
    size_t path_len;
    const char *query;                  /* after '?', as on the wire; NULL/0 when none */
    size_t query_len;
    struct s3l_headers *headers;
    const char *payload_hash;           /* 64 hex, or one of S3L_PAYLOAD_*; NULL = empty body */
};

/* Set up a signer (the whole struct is reset). region/service are copied; they must be HTTP
 * token characters (no '/', space, CR, LF), 1..S3L_REGION_MAX / S3L_SERVICE_MAX long, else
 * S3L_ERR_ARG. creds is kept by pointer (it must outlive the signer). Changing creds, region
 * or service later needs a new init: the signing-key cache is keyed by date only. */
int s3l_sigv4_init_abi(struct s3l_sigv4 *sig, const struct s3l_credentials *creds,
                       const char *region, const char *service,
                       size_t app_size, uint32_t app_config);
#define s3l_sigv4_init(sig, creds, region, service) \
    s3l_sigv4_init_abi((sig), (creds), (region), (service), \
                       sizeof(struct s3l_sigv4), S3L_ABI_CONFIG)

/* Wipe the signing key, its date and the last signature (the signer stays usable: the next
 * signature derives the key again). NULL is ignored. */
void s3l_sigv4_wipe(struct s3l_sigv4 *sig);

/* Set the request time: "YYYYMMDDTHHMMSSZ" (a real UTC date and time, else S3L_ERR_BAD_DATE),
 * or Unix seconds (0 .. 253402300799, i.e. 1970..9999, else S3L_ERR_RANGE). On error the
 * previous time is kept. */
int s3l_sigv4_set_time(struct s3l_sigv4 *sig, const char *amz_date);
int s3l_sigv4_set_time_unix(struct s3l_sigv4 *sig, int64_t unix_seconds);

/*
 * Header signing. Appends to req->headers: X-Amz-Date, x-amz-content-sha256 (unless
 * S3L_SIGV4_NO_CONTENT_SHA256), X-Amz-Security-Token (when creds have a token), then
 * Authorization, whose value is written into authz[0..authz_cap) (NUL-terminated).
 * Headers already present with those names are not duplicated: they get the signer's values
 * (a retry can re-sign the same array); an Authorization already there is never signed.
 * Every other header is signed. The payload hash is req->payload_hash, else the value of an
 * x-amz-content-sha256 header already present, else SHA-256 of the empty body.
 * The array is sorted in place (stable: repeated names keep their order), also on error;
 * its spare slots (items[count..cap)) are scratch during the call.
 * Afterwards sig->last_signature holds the signature (the seed for aws-chunked).
 * Errors: S3L_ERR_ARG (NULL, bad method or access key id, no Host header, two headers of a
 * name the signer owns), S3L_ERR_STATE (no time set), S3L_ERR_BAD_CHAR (CR/LF/NUL in a
 * value, the path, the query or the token; non-token name), S3L_ERR_TOO_MANY (no room in
 * headers), S3L_ERR_BUF_TOO_SMALL (authz), S3L_ERR_HASH.
 * On error nothing is appended, no header value changes, last_signature is "" (no seed to
 * chain chunks from) and authz holds no signature ("" once the request passed the checks).
 */
int s3l_sigv4_sign_headers(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, char *authz,
                           size_t authz_cap);

/*
 * Query signing (presigned URL). Writes into out the query to send: the request's own query
 * (if any), then X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
 * X-Amz-SignedHeaders, X-Amz-Security-Token (if any) and X-Amz-Signature, joined by '&'
 * and NUL-terminated; *out_len gets its length. expires: 1..604800 (else S3L_ERR_RANGE).
 * The payload hash defaults to UNSIGNED-PAYLOAD for S3 (service "s3"), else to SHA-256 of the
 * empty body. Every header in req->headers is signed (Host required); none is added. The
 * token is in the canonical query unless S3L_SIGV4_UNSIGNED_TOKEN. Errors as for header
 * signing, plus S3L_ERR_RANGE; on error out holds "" (nothing past cap is ever written).
 */
int s3l_sigv4_presign(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, uint32_t expires,
                      char *out, size_t cap, size_t *out_len);

/*
 * aws-chunked. After s3l_sigv4_sign_headers() with a STREAMING-* payload hash,
 * sig->last_signature holds the seed signature. Each call signs one chunk given the
 * SHA-256 of its data (the final chunk: SHA-256 of nothing) and chains: out (65 bytes,
 * NUL-terminated hex) becomes sig->last_signature. S3L_ERR_STATE before any seed (or after
 * a failed header signature); on error out holds "" and last_signature is unchanged.
 */
int s3l_sigv4_sign_chunk(struct s3l_sigv4 *sig, const uint8_t chunk_sha256[32],
                         char out[S3L_SIG_HEX_LEN + 1]);

/* Trailer signature: trailer_sha256 is SHA-256 of the trailer lines, each "name:value\n". */
int s3l_sigv4_sign_trailer(struct s3l_sigv4 *sig, const uint8_t trailer_sha256[32],
                           char out[S3L_SIG_HEX_LEN + 1]);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_SIGV4_H */
