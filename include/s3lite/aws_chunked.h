/* SPDX-License-Identifier: MIT */
/*
 * aws-chunked framing for streaming uploads (Content-Encoding: aws-chunked), sans-IO.
 *
 * The encoder writes the bytes that surround each chunk of payload; it never touches the
 * network and never copies the payload. A caller that reads a chunk into its buffer asks for
 * the chunk's head, puts it just before the data, adds CRLF after it and sends the lot:
 *
 *   signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]):
 *     hex(n) ";chunk-signature=" sig64 CRLF <n bytes> CRLF     (n > 0, repeated)
 *     "0;chunk-signature=" sig64 CRLF                           (final chunk)
 *     [ name ":" value CRLF "x-amz-trailer-signature:" sig64 CRLF ]   (trailer modes)
 *     CRLF
 *   unsigned with trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER):
 *     hex(n) CRLF <n bytes> CRLF ... "0" CRLF name ":" value CRLF CRLF
 *
 * Each chunk signature chains from the previous one (the first from the seed, i.e. the
 * request's header signature, which s3l_sigv4_sign_headers() leaves in sig->last_signature).
 * The trailer signature covers "name:value\n". Framing checked byte for byte against the
 * S3 documentation examples and a recorded smithy-rs upload (tests/test_aws_chunked.c).
 */
#ifndef S3LITE_AWS_CHUNKED_H
#define S3LITE_AWS_CHUNKED_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/sigv4.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a request body is sent and what x-amz-content-sha256 says about it (sigv4.h's
 * S3L_CONTENT_SHA256_* are the header values). A zeroed struct s3l_body streams: signed chunk
 * by chunk in one pass with constant RAM, which suits a device; SIGNED reads the body twice
 * (hash, then send) unless the caller gives its hash. */
enum s3l_payload_mode {
    S3L_PAYLOAD_MODE_STREAMING = 0,         /* STREAMING-AWS4-HMAC-SHA256-PAYLOAD (default) */
    S3L_PAYLOAD_MODE_SIGNED = 1,            /* hex SHA-256 of the body (hashed before sending) */
    S3L_PAYLOAD_MODE_UNSIGNED = 2,          /* UNSIGNED-PAYLOAD */
    S3L_PAYLOAD_MODE_STREAMING_TRAILER = 3, /* STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER */
    S3L_PAYLOAD_MODE_UNSIGNED_TRAILER = 4   /* STREAMING-UNSIGNED-PAYLOAD-TRAILER */
};

/* Bytes the head of one data chunk can take at most: 16 hex digits, ";chunk-signature=",
 * 64 hex, CRLF. A caller that frames in place reserves this much before each chunk. */
#define S3L_CHUNKED_HEAD_MAX (16 + 17 + 64 + 2)
/* Bytes after each chunk's data: CRLF. */
#define S3L_CHUNKED_TAIL_LEN 2
/* Longest trailer header name accepted ("x-amz-checksum-crc64nvme" is 24). */
#define S3L_CHUNKED_TRAILER_NAME_MAX 48
/* Longest trailer value accepted (base64 of SHA-256 is 44). */
#define S3L_CHUNKED_TRAILER_VALUE_MAX 64
/* Most bytes s3l_chunked_final() writes: final chunk, trailer line, trailer signature, CRLF. */
#define S3L_CHUNKED_FINAL_MAX                                                                  \
    ((1 + 17 + 64 + 2) + (S3L_CHUNKED_TRAILER_NAME_MAX + 1 + S3L_CHUNKED_TRAILER_VALUE_MAX + 2) \
     + (24 + 64 + 2) + 2)

/* Encoder state: a few words; the chained signature lives in the signer. */
struct s3l_chunked {
    struct s3l_sigv4 *sig;      /* signed modes: the signer of the request (seeded) */
    enum s3l_payload_mode mode; /* one of the three streaming modes */
    const char *trailer_name;   /* trailer modes: e.g. "x-amz-checksum-crc32" (caller-owned) */
    size_t trailer_name_len;
    uint64_t sent;              /* payload bytes framed so far */
    int done;                   /* 1 after s3l_chunked_final() */
    uint8_t digest[32];         /* scratch: SHA-256 of the chunk or trailer (kept off the stack) */
};

/* The x-amz-content-sha256 value of a streaming mode (one of sigv4.h's S3L_PAYLOAD_*
 * strings), "UNSIGNED-PAYLOAD" for the unsigned mode, NULL for SIGNED (the caller supplies
 * the hex digest) or an unknown mode. */
const char *s3l_chunked_payload_hash(enum s3l_payload_mode mode);

/* 1 for the three aws-chunked modes, 0 otherwise. */
int s3l_chunked_is_streaming(enum s3l_payload_mode mode);

/* 1 for the two modes that end with a trailer. */
int s3l_chunked_has_trailer(enum s3l_payload_mode mode);

/*
 * Exact Content-Length of an aws-chunked body of decoded_len payload bytes cut into chunks of
 * chunk_size (the last one shorter), including the final chunk and the trailer (whose name
 * and base64 value lengths are given; pass 0, 0 for STREAMING). Result in *framed_len.
 * Errors: S3L_ERR_ARG (not a streaming mode, chunk_size 0, a trailer mode without a name,
 * or a trailer given to STREAMING), S3L_ERR_RANGE (overflow of 64 bits).
 */
int s3l_chunked_length(enum s3l_payload_mode mode, uint64_t decoded_len, size_t chunk_size,
                       size_t trailer_name_len, size_t trailer_value_len, uint64_t *framed_len);

/*
 * Start an encoder. sig: the request's signer after s3l_sigv4_sign_headers() (required for
 * the two signed modes, ignored otherwise). trailer_name: NUL-terminated header name for the
 * trailer modes (NULL otherwise); it must stay valid until s3l_chunked_final().
 * Errors: S3L_ERR_ARG (bad mode, missing signer or trailer name), S3L_ERR_BAD_CHAR (the name
 * is not an HTTP token), S3L_ERR_RANGE (name longer than S3L_CHUNKED_TRAILER_NAME_MAX).
 */
int s3l_chunked_init_abi(struct s3l_chunked *e, enum s3l_payload_mode mode, struct s3l_sigv4 *sig,
                         const char *trailer_name,
                         size_t app_size, uint32_t app_config);
#define s3l_chunked_init(e, mode, sig, trailer_name) \
    s3l_chunked_init_abi((e), (mode), (sig), (trailer_name), \
                         sizeof(struct s3l_chunked), S3L_ABI_CONFIG)

/* Length of the head s3l_chunked_head() writes for a chunk of n bytes (n > 0). */
size_t s3l_chunked_head_len(const struct s3l_chunked *e, size_t n);

/*
 * Head of the next data chunk: data[0..n) is the payload (n > 0; hashed for the signature
 * in signed modes, never copied). Writes "hex(n)[;chunk-signature=<sig>]\r\n" into
 * out[0..cap) (not NUL-terminated), *len its length (= s3l_chunked_head_len(e, n)). The
 * caller sends head, data, then "\r\n". Errors: S3L_ERR_ARG (n == 0: use s3l_chunked_final),
 * S3L_ERR_STATE (after final), S3L_ERR_BUF_TOO_SMALL (nothing written, signer unchanged),
 * S3L_ERR_HASH.
 */
int s3l_chunked_head(struct s3l_chunked *e, const uint8_t *data, size_t n, char *out, size_t cap,
                     size_t *len);

/*
 * Frame a chunk in place. buf[0..S3L_CHUNKED_HEAD_MAX) is free room, the n payload bytes sit
 * at buf + S3L_CHUNKED_HEAD_MAX, and S3L_CHUNKED_TAIL_LEN bytes after them are free. Writes
 * the head just before the data and CRLF after it; the framed chunk is buf[*start ..
 * *start + *len). Errors as s3l_chunked_head().
 */
int s3l_chunked_frame(struct s3l_chunked *e, uint8_t *buf, size_t n, size_t *start, size_t *len);

/* Length of what s3l_chunked_final() writes for a trailer value of value_len bytes. */
size_t s3l_chunked_final_len(const struct s3l_chunked *e, size_t value_len);

/*
 * The end of the body: the 0-length chunk (signed in signed modes), then in trailer modes the
 * line "<trailer_name>:<value>\r\n" (and its signature line in the signed mode), then CRLF.
 * value: the trailer value (base64 checksum), required in trailer modes, else NULL/0.
 * Errors: S3L_ERR_ARG, S3L_ERR_BAD_CHAR (CR/LF/NUL in value), S3L_ERR_RANGE (value too long),
 * S3L_ERR_STATE (called twice), S3L_ERR_BUF_TOO_SMALL (nothing written), S3L_ERR_HASH.
 */
int s3l_chunked_final(struct s3l_chunked *e, const char *value, size_t value_len, char *out,
                      size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_AWS_CHUNKED_H */
