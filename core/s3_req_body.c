/* SPDX-License-Identifier: MIT */
/*
 * Request bodies: CompleteMultipartUpload's XML, generated from the caller's part list as it
 * is read (the state is a position, so 10000 parts cost no more RAM than one).
 */
#include <limits.h>
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/s3_request.h"

/*
 * The CompleteMultipartUpload document as one template, read a byte at a time. Bytes below
 * 8 are actions: 1 the ETag (XML-escaped), 2 skip to the 3 that follows when the part has
 * no checksum, 4 the checksum algorithm's name, 5 the part's checksum, 6 its part number,
 * 7 back to the part's start while parts remain.
 */
#define T_OPEN "<CompleteMultipartUpload" S3L_REQ_XMLNS
#define T_P1 "<Part><ETag>"
#define T_P2 "</ETag>"
#define T_C1 "<Checksum"
#define T_C2 ">"
#define T_C3 "</Checksum"
#define T_P3 "<PartNumber>"
#define T_P4 "</PartNumber></Part>"
#define T_CLOSE "</CompleteMultipartUpload>"
#define T_CK T_C1 "\4" T_C2 "\5" T_C3 "\4" T_C2
static const char tpl[] =
    T_OPEN T_P1 "\1" T_P2 "\2" T_CK "\3" T_P3 "\6" T_P4 "\7" T_CLOSE;

#define AT_PART (sizeof T_OPEN - 1)                                 /* a part's first byte */
#define AT_CK_END (sizeof T_OPEN T_P1 "\1" T_P2 "\2" T_CK - 1)      /* the 3 */

/* The XML escape of c, or NULL when c stands for itself: each entry is the byte, then its
 * escape. (A scan, not a switch: -Os turned the switch into a 100-byte pointer table.) */
static const char *escape(char c)
{
    static const char esc[3][7] = {"&&amp;", "<&lt;", ">&gt;"};
    size_t i;
    for (i = 0; i < sizeof esc / sizeof esc[0]; i++) {
        if (esc[i][0] == c) return esc[i] + 1;
    }
    return NULL;
}

/* v in decimal, NUL-terminated, ending just before end; returns its first digit. */
static char *dec(uint32_t v, char *end)
{
    *--end = '\0';
    do {
        *--end = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    return end;
}

int s3l_complete_body_rewind(void *vw)
{
    struct s3l_complete_body *w = (struct s3l_complete_body *)vw;
    if (w == NULL) return S3L_ERR_ARG;
    w->part = 0;
    w->piece = 0;
    w->off = 0;
    w->sub = 0;
    return S3L_OK;
}

/* Copy (buf non-NULL) or count the next bytes of the body, at most cap. */
static size_t step(struct s3l_complete_body *w, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    char tmp[12];
    /* each turn makes a byte or moves on in the template: bounded */
    while (n < cap) {
        const struct s3l_complete_part *p = w->parts + w->part; /* one past the end at the close */
        unsigned c = (unsigned char)tpl[w->piece];
        const char *s, *x = NULL;
        char ch;
        if (c == 0) break;
        if (c > 7) {
            ch = (char)c;
            w->piece++;
        } else {
            if (c == 2 && p->checksum == NULL) w->piece = AT_CK_END;
            if (c == 7 && ++w->part < w->count) w->piece = AT_PART - 1;
            s = c == 1 ? p->etag : c == 4 ? s3l_checksum_alg_name(w->alg) : c == 5 ? p->checksum
                : c == 6 ? dec(p->part_number, tmp + sizeof tmp) : "";
            if (s[w->off] == '\0') { /* this text is done (or there was none) */
                w->off = 0;
                w->piece++;
                continue;
            }
            if (c == 1) x = escape(s[w->off]);
            if (x == NULL) {
                ch = s[w->off++];
            } else {
                ch = x[w->sub++];
                if (x[w->sub] == '\0') {
                    w->sub = 0;
                    w->off++;
                }
            }
        }
        if (buf != NULL) buf[n] = (uint8_t)ch;
        n++;
    }
    return n;
}

int s3l_complete_body_init_abi(struct s3l_complete_body *w, const struct s3l_complete_part *parts,
                               size_t count, enum s3l_checksum_alg alg,
                               size_t app_size, uint32_t app_config)
{
    size_t i, ck = s3l_checksum_len(alg);
    uint32_t prev = 0;
    if (s3l_abi_check(app_size, app_config, sizeof *w) != S3L_OK) return S3L_ERR_ABI;
    if (w == NULL || parts == NULL || count == 0) return S3L_ERR_ARG;
    if (alg != S3L_CHECKSUM_NONE && ck == 0) return S3L_ERR_ENUM;
    for (i = 0; i < count; i++) {
        const struct s3l_complete_part *p = &parts[i];
        const char *e = p->etag;
        if (e == NULL || e[0] == '\0') return S3L_ERR_ARG;
        if (!s3l_is_safe_value(e, strlen(e))) return S3L_ERR_BAD_CHAR;
        if (p->part_number < 1 || p->part_number > 10000) return S3L_ERR_RANGE;
        if (p->part_number <= prev) return S3L_ERR_ARG; /* S3 wants ascending order */
        prev = p->part_number;
        if (p->checksum != NULL) {
            if (alg == S3L_CHECKSUM_NONE) return S3L_ERR_ARG;
            if (!s3l_is_safe_value(p->checksum, strlen(p->checksum))) return S3L_ERR_BAD_CHAR;
            if (!s3l_req_b64_is(p->checksum, ck)) return S3L_ERR_BAD_BASE64;
        }
    }
    w->parts = parts;
    w->count = count;
    w->alg = alg;
    /* the length: the body counted once without being stored (a few cycles a byte) */
    (void)s3l_complete_body_rewind(w);
    w->len = 0;
    while ((i = step(w, NULL, 4096)) > 0) w->len += i;
    return s3l_complete_body_rewind(w);
}

uint64_t s3l_complete_body_len(const struct s3l_complete_body *w)
{
    return w != NULL ? w->len : 0;
}

long s3l_complete_body_read(void *vw, uint8_t *buf, size_t cap)
{
    struct s3l_complete_body *w = (struct s3l_complete_body *)vw;
    if (w == NULL || (buf == NULL && cap > 0)) return S3L_ERR_ARG;
    return (long)step(w, buf, cap > (size_t)LONG_MAX ? (size_t)LONG_MAX : cap);
}
