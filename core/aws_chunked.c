/* SPDX-License-Identifier: MIT */
/*
 * aws-chunked framing (see include/s3lite/aws_chunked.h). Pure: no I/O, no copies of the
 * payload; the only state is the chained signature kept in the signer.
 */
#include <string.h>

#include "s3lite/aws_chunked.h"
#include "s3lite/hash.h"

static const char k_sig_ext[] = ";chunk-signature="; /* 17 bytes */
static const char k_trailer_sig[] = "x-amz-trailer-signature:"; /* 24 bytes */
#define SIG_EXT_LEN (sizeof k_sig_ext - 1)
#define TRAILER_SIG_LEN (sizeof k_trailer_sig - 1)

const char *s3l_chunked_payload_hash(enum s3l_payload_mode mode)
{
    switch (mode) {
    case S3L_PAYLOAD_MODE_UNSIGNED: return S3L_CONTENT_SHA256_UNSIGNED;
    case S3L_PAYLOAD_MODE_STREAMING: return S3L_CONTENT_SHA256_STREAMING;
    case S3L_PAYLOAD_MODE_STREAMING_TRAILER: return S3L_CONTENT_SHA256_STREAMING_TRAILER;
    case S3L_PAYLOAD_MODE_UNSIGNED_TRAILER: return S3L_CONTENT_SHA256_UNSIGNED_TRAILER;
    case S3L_PAYLOAD_MODE_SIGNED:
    default: return NULL;
    }
}

int s3l_chunked_is_streaming(enum s3l_payload_mode mode)
{
    return mode == S3L_PAYLOAD_MODE_STREAMING || mode == S3L_PAYLOAD_MODE_STREAMING_TRAILER ||
           mode == S3L_PAYLOAD_MODE_UNSIGNED_TRAILER;
}

int s3l_chunked_has_trailer(enum s3l_payload_mode mode)
{
    return mode == S3L_PAYLOAD_MODE_STREAMING_TRAILER || mode == S3L_PAYLOAD_MODE_UNSIGNED_TRAILER;
}

static int is_signed_mode(enum s3l_payload_mode mode)
{
    return mode == S3L_PAYLOAD_MODE_STREAMING || mode == S3L_PAYLOAD_MODE_STREAMING_TRAILER;
}

/* Number of lower-case hex digits of n (n > 0 gives at least 1; 0 gives 1). A chunk is at
 * most size_t bytes: size_t arithmetic keeps the framing calls' frames small on 32-bit. */
static size_t hex_digits(size_t n)
{
    size_t d = 1;
    while (n >= 16u) {
        n >>= 4;
        d++;
    }
    return d;
}

static void put_hex(char *out, size_t n, size_t digits)
{
    static const char k_hex[] = "0123456789abcdef";
    size_t i = digits;
    while (i > 0) {
        i--;
        out[i] = k_hex[n & 0xfu];
        n >>= 4;
    }
}

/* Bytes of one data chunk of n payload bytes on the wire (head + data + CRLF). */
static uint64_t chunk_wire_len(int sign, size_t n)
{
    return (uint64_t)hex_digits(n) + (sign ? SIG_EXT_LEN + S3L_SIG_HEX_LEN : 0u) + 2u + n + 2u;
}

static size_t final_wire_len(int sign, int trailer, size_t name_len, size_t value_len)
{
    size_t n = 1u + (sign ? SIG_EXT_LEN + S3L_SIG_HEX_LEN : 0u) + 2u;
    if (trailer) {
        n += name_len + 1u + value_len + 2u;
        if (sign) n += TRAILER_SIG_LEN + S3L_SIG_HEX_LEN + 2u;
    }
    return n + 2u;
}

int s3l_chunked_length(enum s3l_payload_mode mode, uint64_t decoded_len, size_t chunk_size,
                       size_t trailer_name_len, size_t trailer_value_len, uint64_t *framed_len)
{
    uint64_t full, rem, per, total, fin;
    int sign = is_signed_mode(mode), trailer = s3l_chunked_has_trailer(mode);

    if (framed_len == NULL || !s3l_chunked_is_streaming(mode) || chunk_size == 0) return S3L_ERR_ARG;
    if (trailer && trailer_name_len == 0) return S3L_ERR_ARG;
    if (!trailer && (trailer_name_len != 0 || trailer_value_len != 0)) return S3L_ERR_ARG;
    if (trailer_name_len > S3L_CHUNKED_TRAILER_NAME_MAX ||
        trailer_value_len > S3L_CHUNKED_TRAILER_VALUE_MAX)
        return S3L_ERR_RANGE;

    full = decoded_len / chunk_size;
    rem = decoded_len % chunk_size;
    per = chunk_wire_len(sign, chunk_size) - chunk_size; /* framing bytes per full chunk */
    /* total = decoded_len + full * per + framing of the remainder + final; check overflow. */
    if (full != 0 && per > (UINT64_MAX - decoded_len) / full) return S3L_ERR_RANGE;
    total = decoded_len + full * per;
    if (rem != 0) {
        uint64_t extra = chunk_wire_len(sign, (size_t)rem) - rem;
        if (total > UINT64_MAX - extra) return S3L_ERR_RANGE;
        total += extra;
    }
    fin = final_wire_len(sign, trailer, trailer_name_len, trailer_value_len);
    if (total > UINT64_MAX - fin) return S3L_ERR_RANGE;
    *framed_len = total + fin;
    return S3L_OK;
}

int s3l_chunked_init_abi(struct s3l_chunked *e, enum s3l_payload_mode mode, struct s3l_sigv4 *sig,
                         const char *trailer_name,
                         size_t app_size, uint32_t app_config)
{
    size_t nl = 0;
    if (s3l_abi_check(app_size, app_config, sizeof *e) != S3L_OK) return S3L_ERR_ABI;
    if (e == NULL || !s3l_chunked_is_streaming(mode)) return S3L_ERR_ARG;
    if (is_signed_mode(mode) && sig == NULL) return S3L_ERR_ARG;
    if (s3l_chunked_has_trailer(mode)) {
        if (trailer_name == NULL) return S3L_ERR_ARG;
        nl = strlen(trailer_name);
        if (nl > S3L_CHUNKED_TRAILER_NAME_MAX) return S3L_ERR_RANGE;
        if (!s3l_is_token(trailer_name, nl)) return S3L_ERR_BAD_CHAR;
    } else if (trailer_name != NULL) {
        return S3L_ERR_ARG;
    }
    e->sig = is_signed_mode(mode) ? sig : NULL;
    e->mode = mode;
    e->trailer_name = trailer_name;
    e->trailer_name_len = nl;
    e->sent = 0;
    e->done = 0;
    return S3L_OK;
}

/* Head length of a chunk of n bytes (a macro: inlined where it is needed, so that the
 * framing calls make no call before the signing one). */
#define HEAD_LEN(e, n) (hex_digits(n) + ((e)->sig != NULL ? SIG_EXT_LEN + S3L_SIG_HEX_LEN : 0u) + 2u)

size_t s3l_chunked_head_len(const struct s3l_chunked *e, size_t n)
{
    return HEAD_LEN(e, n);
}

/* The text of a chunk's head (n == 0: the final chunk's) at out (room checked by the
 * caller): its size in hex, then ";chunk-signature=" in signed modes, else CRLF. Returns
 * where the signature goes (signed modes; its CRLF slot is 64 bytes on) or NULL. No call:
 * no frame under the signer. */
static char *put_text(const struct s3l_chunked *e, size_t n, char *out)
{
    size_t d = hex_digits(n);
    put_hex(out, n, d);
    out += d;
    if (e->sig == NULL) {
        out[0] = '\r';
        out[1] = '\n';
        return NULL;
    }
    memcpy(out, k_sig_ext, SIG_EXT_LEN);
    out += SIG_EXT_LEN;
    out[S3L_SIG_HEX_LEN + 1] = '\n';
    return out;
}

/* Sign data[0..n) into dst, in place (the signer's NUL lands where the CR goes, so the CR
 * is written after), and count the chunk. The last step of the framing calls, so that
 * their frames stay small. */
static int sign_at(struct s3l_chunked *e, const uint8_t *data, size_t n, char *dst)
{
    int rc;
    if (s3l_sha256(data, n, e->digest) != S3L_OK) return S3L_ERR_HASH;
    rc = s3l_sigv4_sign_chunk(e->sig, e->digest, dst);
    dst[S3L_SIG_HEX_LEN] = '\r';
    if (rc == S3L_OK) e->sent += n;
    return rc;
}

/* The head's text, then the signature (signed modes); counts the chunk when done. */
static int put_head(struct s3l_chunked *e, const uint8_t *data, size_t n, char *out)
{
    char *dst = put_text(e, n, out);
    if (dst != NULL) return sign_at(e, data, n, dst);
    e->sent += n;
    return S3L_OK;
}

int s3l_chunked_head(struct s3l_chunked *e, const uint8_t *data, size_t n, char *out, size_t cap,
                     size_t *len)
{
    size_t hl;
    if (e == NULL || data == NULL || out == NULL || len == NULL || n == 0) return S3L_ERR_ARG;
    if (e->done) return S3L_ERR_STATE;
    hl = HEAD_LEN(e, n);
    if (cap < hl) return S3L_ERR_BUF_TOO_SMALL;
    *len = hl;
    return put_head(e, data, n, out);
}

int s3l_chunked_frame(struct s3l_chunked *e, uint8_t *buf, size_t n, size_t *start, size_t *len)
{
    size_t hl;
    if (e == NULL || buf == NULL || start == NULL || len == NULL || n == 0) return S3L_ERR_ARG;
    if (e->done) return S3L_ERR_STATE;
    hl = HEAD_LEN(e, n);
    /* The head goes right before the data so that head, data and CRLF are contiguous. The
     * outputs are set before the head is signed, so that signing is this call's last step. */
    buf[S3L_CHUNKED_HEAD_MAX + n] = '\r';
    buf[S3L_CHUNKED_HEAD_MAX + n + 1] = '\n';
    *start = S3L_CHUNKED_HEAD_MAX - hl;
    *len = hl + n + S3L_CHUNKED_TAIL_LEN;
    return put_head(e, buf + S3L_CHUNKED_HEAD_MAX, n, (char *)buf + S3L_CHUNKED_HEAD_MAX - hl);
}

size_t s3l_chunked_final_len(const struct s3l_chunked *e, size_t value_len)
{
    return final_wire_len(e->sig != NULL, s3l_chunked_has_trailer(e->mode), e->trailer_name_len,
                          value_len);
}

int s3l_chunked_final(struct s3l_chunked *e, const char *value, size_t value_len, char *out,
                      size_t cap, size_t *len)
{
    size_t at;
    char *sig;
    int trailer, rc;

    if (e == NULL || out == NULL || len == NULL) return S3L_ERR_ARG;
    if (e->done) return S3L_ERR_STATE;
    trailer = s3l_chunked_has_trailer(e->mode);
    if (trailer) {
        if (value == NULL || value_len == 0) return S3L_ERR_ARG;
        if (value_len > S3L_CHUNKED_TRAILER_VALUE_MAX) return S3L_ERR_RANGE;
        if (!s3l_is_safe_value(value, value_len)) return S3L_ERR_BAD_CHAR;
    } else if (value != NULL || value_len != 0) {
        return S3L_ERR_ARG;
    }
    if (cap < s3l_chunked_final_len(e, value_len)) return S3L_ERR_BUF_TOO_SMALL;

    /* The 0-length chunk's head, as a data chunk's; signatures are written in place, each
     * NUL landing where the next CR goes. */
    sig = put_text(e, 0, out);
    if (sig != NULL) {
        static const uint8_t k_empty_sha256[S3L_SHA256_LEN] = {
            0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
            0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
            0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
        rc = s3l_sigv4_sign_chunk(e->sig, k_empty_sha256, sig);
        if (rc != S3L_OK) return rc;
        sig[S3L_SIG_HEX_LEN] = '\r';
    }
    at = HEAD_LEN(e, 0);

    if (trailer) {
        size_t line = at;
        memcpy(out + at, e->trailer_name, e->trailer_name_len);
        at += e->trailer_name_len;
        out[at++] = ':';
        memcpy(out + at, value, value_len);
        at += value_len;
        if (e->sig != NULL) {
            /* The trailer signature covers "name:value\n" (LF, not the CRLF that is sent):
             * hash the line with a LF in place of the CR, then put the CR back. */
            out[at] = '\n';
            rc = s3l_sha256(out + line, at + 1 - line, e->digest);
            if (rc != S3L_OK) return S3L_ERR_HASH;
            memcpy(out + at + 2, k_trailer_sig, TRAILER_SIG_LEN);
            rc = s3l_sigv4_sign_trailer(e->sig, e->digest, out + at + 2 + TRAILER_SIG_LEN);
            if (rc != S3L_OK) return rc;
            out[at] = '\r';
            out[at + 1] = '\n';
            at += 2 + TRAILER_SIG_LEN + S3L_SIG_HEX_LEN;
        }
        out[at++] = '\r';
        out[at++] = '\n';
    }
    out[at++] = '\r';
    out[at++] = '\n';
    *len = at;
    e->done = 1;
    return S3L_OK;
}
