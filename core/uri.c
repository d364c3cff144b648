/* SPDX-License-Identifier: MIT */
/*
 * URI encoding for SigV4 canonical requests and S3 object keys.
 */
#include "s3lite/uri.h"
#include "s3lite/common.h"

static const char hex_upper[] = "0123456789ABCDEF";

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

size_t s3l_uri_encoded_len(const char *in, size_t len, unsigned flags)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        n += (is_unreserved(c) || (c == '/' && (flags & S3L_URI_KEEP_SLASH))) ? 1u : 3u;
    }
    return n;
}

int s3l_uri_encode(const char *in, size_t len, unsigned flags, char *out, size_t cap,
                   size_t *out_len)
{
    size_t i, o = 0;
    size_t need;
    if ((in == NULL && len > 0) || out_len == NULL) return S3L_ERR_ARG;
    need = s3l_uri_encoded_len(in, len, flags);
    *out_len = need;
    if (need > cap || (out == NULL && len > 0)) return S3L_ERR_BUF_TOO_SMALL; /* need >= len */
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (is_unreserved(c) || (c == '/' && (flags & S3L_URI_KEEP_SLASH))) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex_upper[c >> 4];
            out[o++] = hex_upper[c & 15u];
        }
    }
    return S3L_OK;
}

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int s3l_uri_decode(const char *in, size_t len, char *out, size_t cap, size_t *out_len)
{
    size_t i, n = 0;
    if ((in == NULL && len > 0) || out_len == NULL) return S3L_ERR_ARG;
    /* First pass: validate and size, so nothing is written on error. */
    for (i = 0; i < len; i++) {
        if (in[i] == '%') {
            if (i + 2 >= len || hex_val(in[i + 1]) < 0 || hex_val(in[i + 2]) < 0) {
                return S3L_ERR_ARG;
            }
            i += 2;
        }
        n++;
    }
    *out_len = n;
    if (n > cap || (out == NULL && n > 0)) return S3L_ERR_BUF_TOO_SMALL;
    n = 0;
    for (i = 0; i < len; i++) {
        if (in[i] == '%') {
            out[n++] = (char)((hex_val(in[i + 1]) << 4) | hex_val(in[i + 2]));
            i += 2;
        } else {
            out[n++] = in[i];
        }
    }
    return S3L_OK;
}

void s3l_hex_lower(const uint8_t *bin, size_t len, char *out)
{
    static const char hex_lower[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < len; i++) {
        out[2 * i] = hex_lower[bin[i] >> 4];
        out[2 * i + 1] = hex_lower[bin[i] & 15u];
    }
}
