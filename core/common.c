/* SPDX-License-Identifier: MIT */
/*
 * Error strings, header slices and the arena: small helpers every module uses.
 */
#include <string.h>

#include "s3lite/common.h"

int s3l_abi_check(size_t app_size, uint32_t app_config, size_t lib_size)
{
    return app_size == lib_size && app_config == S3L_ABI_CONFIG ? S3L_OK : S3L_ERR_ABI;
}

const char *s3l_strerror(int err)
{
    switch (err) {
    case S3L_OK: return "ok";
    case S3L_PENDING: return "incomplete input: feed more bytes";
    case S3L_CONTINUE: return "interim 100 Continue received";
    case S3L_ERR_ARG: return "invalid argument";
    case S3L_ERR_BUF_TOO_SMALL: return "buffer too small";
    case S3L_ERR_BAD_CHAR: return "forbidden character (CR, LF, NUL or non-token byte)";
    case S3L_ERR_BAD_DATE: return "malformed date or time";
    case S3L_ERR_RANGE: return "value out of range";
    case S3L_ERR_ENUM: return "value is not one of the allowed names";
    case S3L_ERR_TOO_MANY: return "caller array is full";
    case S3L_ERR_HASH: return "hash backend failed";
    case S3L_ERR_BAD_BASE64: return "malformed base64";
    case S3L_ERR_STATE: return "call not valid in this state";
    case S3L_ERR_ABI:
        return "application compiled with other s3lite options or headers than the library "
               "(struct layouts differ): rebuild it against the library's installed headers";
    case S3L_ERR_HTTP_SYNTAX: return "malformed HTTP response";
    case S3L_ERR_HTTP_LINE_TOO_LONG: return "HTTP response line too long";
    case S3L_ERR_HTTP_TOO_MANY_HEADERS: return "too many HTTP response headers";
    case S3L_ERR_HTTP_CHUNK: return "malformed chunked transfer-encoding";
    case S3L_ERR_HTTP_BODY_TOO_LONG: return "HTTP body longer than allowed";
    case S3L_ERR_HTTP_STATUS: return "unexpected HTTP status";
    case S3L_ERR_XML_SYNTAX: return "malformed XML";
    case S3L_ERR_XML_DEPTH: return "XML nested too deeply";
    case S3L_ERR_XML_ENTITY: return "invalid XML entity or character reference";
    case S3L_ERR_XML_TOO_LONG: return "XML name longer than the scratch buffer";
    case S3L_ERR_XML_ROOT: return "unexpected XML root element";
    case S3L_ERR_JSON_SYNTAX: return "malformed JSON";
    case S3L_ERR_JSON_DEPTH: return "JSON nested too deeply";
    case S3L_ERR_JSON_ESCAPE: return "invalid JSON string escape";
    case S3L_ERR_CREDENTIALS: return "not a credentials document (field missing or invalid)";
    case S3L_ERR_CREDENTIALS_REFUSED: return "the credentials provider answered with an error";
    case S3L_ERR_S3: return "S3 returned an error";
    case S3L_ERR_CHECKSUM: return "checksum mismatch";
    case S3L_ERR_PRESIGN: return "no presigned URL usable for this request";
    case S3L_ERR_NET: return "network error";
    case S3L_ERR_DNS: return "host name did not resolve";
    case S3L_ERR_CONNECT: return "connection failed";
    case S3L_ERR_TIMEOUT: return "timed out";
    case S3L_ERR_CLOSED: return "connection closed by peer";
    case S3L_ERR_TLS: return "TLS error";
    case S3L_ERR_TLS_VERIFY: return "TLS certificate verification failed";
    case S3L_ERR_IO: return "body reader or writer failed";
    case S3L_ERR_NOT_REWINDABLE: return "body must be read twice but its reader cannot rewind";
    case S3L_ERR_AGAIN: return "transport not ready, try again";
    case S3L_WAIT_SOURCE: return "waiting for the source to grow or close";
    case S3L_ERR_STATE_CORRUPT: return "saved upload state is corrupt (CRC, magic or length)";
    case S3L_ERR_STATE_VERSION: return "saved upload state has an unknown version";
    case S3L_ERR_STATE_TARGET: return "saved upload state is for another target or parameters";
    case S3L_ERR_STATE_SOURCE: return "saved upload state is for another source";
    case S3L_ERR_UPLOAD_LOST: return "the upload is gone and the object is not the one uploaded";
    default: return "unknown error";
    }
}

int s3l_is_token(const char *s, size_t len)
{
    size_t i;
    if (s == NULL || len == 0) return 0;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;
        if (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL) continue;
        return 0;
    }
    return 1;
}

int s3l_is_safe_value(const char *s, size_t len)
{
    size_t i;
    if (s == NULL) return len == 0;
    for (i = 0; i < len; i++) {
        if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0') return 0;
    }
    return 1;
}

int s3l_headers_add(struct s3l_headers *h, const char *name, size_t name_len, const char *value,
                    size_t value_len)
{
    struct s3l_header *e;
    if (h == NULL || h->items == NULL) return S3L_ERR_ARG;
    if (!s3l_is_token(name, name_len) || !s3l_is_safe_value(value, value_len)) {
        return S3L_ERR_BAD_CHAR;
    }
    if (h->count >= h->cap) return S3L_ERR_TOO_MANY;
    e = &h->items[h->count++];
    e->name = name;
    e->name_len = name_len;
    e->value = value;
    e->value_len = value_len;
    return S3L_OK;
}

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int s3l_eq_ci(const char *s, size_t n, const char *lit)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (lit[i] == '\0' || ascii_lower((unsigned char)s[i]) != lit[i]) return 0;
    }
    return lit[n] == '\0';
}

const struct s3l_header *s3l_headers_find(const struct s3l_headers *h, const char *name)
{
    size_t i, j, n;
    if (h == NULL || name == NULL) return NULL;
    n = strlen(name);
    for (i = 0; i < h->count; i++) {
        const struct s3l_header *e = &h->items[i];
        if (e->name_len != n) continue;
        for (j = 0; j < n; j++) {
            if (ascii_lower((unsigned char)e->name[j]) != ascii_lower((unsigned char)name[j])) break;
        }
        if (j == n) return e;
    }
    return NULL;
}

char *s3l_arena_alloc(struct s3l_arena *a, size_t n)
{
    char *p;
    if (a == NULL || a->buf == NULL || a->used > a->cap || n > a->cap - a->used) return NULL;
    p = a->buf + a->used;
    a->used += n;
    return p;
}

char *s3l_arena_dup(struct s3l_arena *a, const char *s, size_t n)
{
    char *p = s3l_arena_alloc(a, n);
    if (p != NULL && n > 0) memcpy(p, s, n);
    return p;
}
