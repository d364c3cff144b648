/* SPDX-License-Identifier: MIT */
/*
 * s3lite common types: the error enum and the header slice shared by every module.
 */
#ifndef S3LITE_COMMON_H
#define S3LITE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/abi.h"
#include "s3lite/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Results. 0 is success; S3L_PENDING (> 0) means "feed me more"; every error is negative.
 * s3l_strerror() gives a one-line English text for each.
 */
enum s3l_err {
    S3L_OK = 0,
    S3L_PENDING = 1,                 /* incremental parser: input consumed, want more */
    S3L_CONTINUE = 2,                /* HTTP parser: an interim "100 Continue" head ended;
                                        the final response follows on the same parser */
    S3L_WAIT_SOURCE = 3,             /* uploader: no part can go up until the source grows
                                        or is closed */

    /* caller / input errors */
    S3L_ERR_ARG = -1,                /* NULL pointer, empty required string, bad flag */
    S3L_ERR_BUF_TOO_SMALL = -2,      /* output buffer too small; nothing usable was written */
    S3L_ERR_BAD_CHAR = -3,           /* CR, LF or NUL in a header value or metadata, NUL in a key;
                                        non-token character in a header name */
    S3L_ERR_BAD_DATE = -4,           /* malformed date/time (want YYYYMMDDTHHMMSSZ or ISO 8601) */
    S3L_ERR_RANGE = -5,              /* value out of range (expiry, part number, part size) */
    S3L_ERR_ENUM = -6,               /* value not one of the allowed names */
    S3L_ERR_TOO_MANY = -7,           /* caller array (headers, parts) is full */
    S3L_ERR_HASH = -8,               /* the hash backend failed */
    S3L_ERR_BAD_BASE64 = -9,         /* malformed base64 input */
    S3L_ERR_STATE = -10,             /* call not valid in the object's current state */
    S3L_ERR_NOT_REWINDABLE = -11,    /* the body must be read twice (SIGNED without its hash, or
                                      * a checksum header) and its reader has no rewind */
    S3L_ERR_ABI = -12,               /* the application was compiled with other options or
                                        headers than the library (s3lite/abi.h) */

    /* HTTP response parser */
    S3L_ERR_HTTP_SYNTAX = -20,       /* malformed status line, header or framing */
    S3L_ERR_HTTP_LINE_TOO_LONG = -21,
    S3L_ERR_HTTP_TOO_MANY_HEADERS = -22,
    S3L_ERR_HTTP_CHUNK = -23,        /* malformed chunked transfer-encoding */
    S3L_ERR_HTTP_BODY_TOO_LONG = -24,/* more body bytes than Content-Length / caller limit */
    S3L_ERR_HTTP_STATUS = -25,       /* unexpected HTTP status without a parsable S3 error */

    /* XML scanner */
    S3L_ERR_XML_SYNTAX = -30,        /* not well-formed */
    S3L_ERR_XML_DEPTH = -31,         /* nesting deeper than S3L_XML_DEPTH_MAX */
    S3L_ERR_XML_ENTITY = -32,        /* unknown or malformed entity / character reference */
    S3L_ERR_XML_TOO_LONG = -33,      /* a name longer than the scratch buffer */
    S3L_ERR_XML_ROOT = -34,          /* unexpected root element for this response */

    /* JSON scanner and temporary credentials */
    S3L_ERR_JSON_SYNTAX = -35,       /* not valid JSON (or the root is not an object/array) */
    S3L_ERR_JSON_DEPTH = -36,        /* nesting deeper than S3L_JSON_DEPTH_MAX */
    S3L_ERR_JSON_ESCAPE = -37,       /* bad backslash escape or lone UTF-16 surrogate */
    S3L_ERR_CREDENTIALS = -38,       /* not a credentials document: a member missing, empty,
                                        repeated, not a string, or with forbidden bytes */
    S3L_ERR_CREDENTIALS_REFUSED = -39, /* the provider answered with an error document
                                        (its message kept by the parser) */

    /* S3 */
    S3L_ERR_S3 = -40,                /* the server answered with an S3 Error document;
                                        details in struct s3l_s3_error */
    S3L_ERR_CHECKSUM = -42,          /* a checksum or digest did not match */
    S3L_ERR_PRESIGN = -43,           /* the presign hook gave no URL usable for the request
                                        (client.h: cfg.presign, c->presign_error) */

    /* transport */
    S3L_ERR_NET = -50,               /* socket error, connection reset */
    S3L_ERR_DNS = -51,               /* host name did not resolve */
    S3L_ERR_CONNECT = -52,           /* connection refused / unreachable */
    S3L_ERR_TIMEOUT = -53,           /* connect or I/O timeout */
    S3L_ERR_CLOSED = -54,            /* peer closed the connection early */
    S3L_ERR_TLS = -55,               /* TLS handshake or record error */
    S3L_ERR_TLS_VERIFY = -56,        /* server certificate not trusted / wrong host name */
    S3L_ERR_IO = -57,                /* the caller's body reader or writer failed */
    S3L_ERR_AGAIN = -58,             /* transport: nothing could be done yet, call again (not a
                                      * failure; the client waits with sleep_ms and retries) */

    /* uploader (uploader.h) */
    S3L_ERR_STATE_CORRUPT = -70,     /* a saved state with a bad CRC, magic or length */
    S3L_ERR_STATE_VERSION = -71,     /* a saved state of a version this code does not read */
    S3L_ERR_STATE_TARGET = -72,      /* a saved state of another target or other parameters */
    S3L_ERR_STATE_SOURCE = -73,      /* a saved state of another source */
    S3L_ERR_UPLOAD_LOST = -74        /* the upload is gone and the object is not this one */
};

/* One-line description of an s3l_err value (never NULL). */
const char *s3l_strerror(int err);

/*
 * A header as two slices into storage the caller owns (not NUL-terminated).
 * Arrays of these are sorted in place by the signer.
 */
struct s3l_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

/* A caller-owned array of headers: items[0..count) used, cap slots in all. */
struct s3l_headers {
    struct s3l_header *items;
    size_t count;
    size_t cap;
};

/* Append a header (slices are stored, not copied). S3L_ERR_TOO_MANY when full;
 * S3L_ERR_BAD_CHAR when the name is not an HTTP token or the value holds CR, LF or NUL. */
int s3l_headers_add(struct s3l_headers *h, const char *name, size_t name_len,
                    const char *value, size_t value_len);

/* Find a header by name, case-insensitively; NULL when absent. */
const struct s3l_header *s3l_headers_find(const struct s3l_headers *h, const char *name);

/* 1 when s[0..n) equals the lower-case NUL-terminated literal lit, ignoring ASCII case
 * (header names and tokens such as "chunked" or "close"). */
int s3l_eq_ci(const char *s, size_t n, const char *lit);

/* 1 when every byte is an HTTP token character (RFC 9110 tchar) and len > 0. */
int s3l_is_token(const char *s, size_t len);

/* 1 when the bytes hold no CR, LF or NUL. */
int s3l_is_safe_value(const char *s, size_t len);

/*
 * A bump allocator over caller storage, for strings a request builder generates
 * (encoded paths, dates, digits). Nothing is ever freed individually.
 */
struct s3l_arena {
    char *buf;
    size_t cap;
    size_t used;
};

/* Reserve n bytes; NULL when the arena is full (the arena is left unchanged). */
char *s3l_arena_alloc(struct s3l_arena *a, size_t n);

/* Copy n bytes into the arena; NULL when full. */
char *s3l_arena_dup(struct s3l_arena *a, const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_COMMON_H */
