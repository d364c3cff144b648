/* SPDX-License-Identifier: MIT */
/*
 * Base64 (RFC 4648, standard alphabet, padded): S3's checksums, Content-MD5 and the SSE-C
 * key travel in it. The decoder is strict, so a value that decodes has one spelling.
 */
#include "s3lite/base64.h"

static const char b64_alphabet[65] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Value of a base64 character, or -1. */
static int b64_value(char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

int s3l_base64_encode(const void *in, size_t len, char *out, size_t cap, size_t *out_len)
{
    const uint8_t *p = (const uint8_t *)in;
    size_t need, i, o = 0;
    if (out_len == NULL || (in == NULL && len != 0)) return S3L_ERR_ARG;
    if (len > (SIZE_MAX / 4u) * 3u - 2u) return S3L_ERR_ARG; /* need would overflow */
    need = S3L_BASE64_ENC_LEN(len);
    *out_len = need;
    if (need > cap) return S3L_ERR_BUF_TOO_SMALL;
    if (len == 0) return S3L_OK;
    if (out == NULL) return S3L_ERR_ARG;
    for (i = 0; i + 3 <= len; i += 3) {
        uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8) | p[i + 2];
        out[o++] = b64_alphabet[(v >> 18) & 63u];
        out[o++] = b64_alphabet[(v >> 12) & 63u];
        out[o++] = b64_alphabet[(v >> 6) & 63u];
        out[o++] = b64_alphabet[v & 63u];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        out[o++] = b64_alphabet[(v >> 18) & 63u];
        out[o++] = b64_alphabet[(v >> 12) & 63u];
        out[o++] = '=';
        out[o++] = '=';
    } else if (len - i == 2) {
        uint32_t v = ((uint32_t)p[i] << 16) | ((uint32_t)p[i + 1] << 8);
        out[o++] = b64_alphabet[(v >> 18) & 63u];
        out[o++] = b64_alphabet[(v >> 12) & 63u];
        out[o++] = b64_alphabet[(v >> 6) & 63u];
        out[o++] = '=';
    }
    return S3L_OK;
}

int s3l_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    size_t pad = 0, need, i, o = 0;
    if (out_len == NULL || (in == NULL && len != 0)) return S3L_ERR_ARG;
    if (len % 4u != 0) return S3L_ERR_BAD_BASE64;
    if (len > 0 && in[len - 1] == '=') pad = in[len - 2] == '=' ? 2 : 1;
    /* Every character but the padding is in the alphabet ('=' anywhere else is bad). */
    for (i = 0; i < len - pad; i++)
        if (b64_value(in[i]) < 0) return S3L_ERR_BAD_BASE64;
    /* Canonical form only: the bits the padding leaves over must be zero. */
    if (pad == 1 && (b64_value(in[len - 2]) & 0x3) != 0) return S3L_ERR_BAD_BASE64;
    if (pad == 2 && (b64_value(in[len - 3]) & 0xf) != 0) return S3L_ERR_BAD_BASE64;
    need = len / 4u * 3u - pad;
    *out_len = need;
    if (need > cap) return S3L_ERR_BUF_TOO_SMALL;
    if (len == 0) return S3L_OK;
    if (out == NULL) return S3L_ERR_ARG;
    for (i = 0; i < len; i += 4) {
        uint32_t v = 0;
        unsigned k;
        for (k = 0; k < 4; k++) {
            int d = in[i + k] == '=' ? 0 : b64_value(in[i + k]);
            v = (v << 6) | (uint32_t)d;
        }
        out[o++] = (uint8_t)(v >> 16);
        if (o < need) out[o++] = (uint8_t)(v >> 8);
        if (o < need) out[o++] = (uint8_t)v;
    }
    return S3L_OK;
}
