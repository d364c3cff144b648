/*
 * CompleteMultipartUpload's XML body, generated from the caller's part list as it is read:
 * the state is a position (part, piece of the part, offset), so 10000 parts cost no more
 * RAM than one.
 */
#include <limits.h>
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/s3_request.h"

static const char open_doc[] =
    "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
static const char close_doc[] = "</CompleteMultipartUpload>";

/* Pieces of one part, in order. P_OPEN carries the document's opening tag for part 0. */
enum { P_OPEN, P_PART, P_ETAG, P_ETAG_END, P_CK, P_CK_VAL, P_CK_END, P_PN, P_PN_VAL, P_END,
       P_COUNT };

static const char *const fixed[P_COUNT] = {
    NULL, "<Part><ETag>", NULL, "</ETag>", NULL, NULL, NULL, "<PartNumber>", NULL,
    "</PartNumber></Part>"};

/* The XML escape of c, or NULL when c stands for itself. */
static const char *escape(char c)
{
    return c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : NULL;
}

static size_t u32_dec(uint32_t v, char *out)
{
    char t[10];
    size_t n = 0, i;
    do {
        t[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    for (i = 0; i < n; i++) out[i] = t[n - 1 - i];
    return n;
}

/* Text of the current piece (composed into tmp[24] when needed), its length in source
 * bytes, and whether it is escaped text (the ETag). */
static size_t piece(const struct s3l_complete_body *w, char *tmp, const char **s, int *esc)
{
    const struct s3l_complete_part *p;
    const char *name;
    size_t n;
    *esc = 0;
    if (w->part == w->count) { /* after the last part */
        *s = close_doc;
        return w->piece == P_OPEN ? sizeof close_doc - 1 : 0;
    }
    p = &w->parts[w->part];
    name = s3l_cksum_alg_name(w->alg);
    *s = fixed[w->piece];
    switch (w->piece) {
    case P_OPEN:
        *s = open_doc;
        return w->part == 0 ? sizeof open_doc - 1 : 0;
    case P_ETAG:
        *s = p->etag;
        *esc = 1;
        return strlen(p->etag);
    case P_CK:
    case P_CK_END:
        if (p->checksum == NULL || name == NULL) return 0;
        n = 0;
        tmp[n++] = '<';
        if (w->piece == P_CK_END) tmp[n++] = '/';
        memcpy(tmp + n, "Checksum", 8);
        memcpy(tmp + n + 8, name, strlen(name)); /* at most 9: fits tmp[24] */
        n += 8 + strlen(name);
        tmp[n++] = '>';
        *s = tmp;
        return n;
    case P_CK_VAL:
        *s = p->checksum;
        return p->checksum != NULL ? strlen(p->checksum) : 0;
    case P_PN_VAL:
        *s = tmp;
        return u32_dec(p->part_number, tmp);
    default:
        return strlen(*s);
    }
}

int s3l_complete_body_rewind(void *vw)
{
    struct s3l_complete_body *w = (struct s3l_complete_body *)vw;
    if (w == NULL) return S3L_ERR_ARG;
    w->part = 0;
    w->piece = P_OPEN;
    w->off = 0;
    w->sub = 0;
    return S3L_OK;
}

int s3l_complete_body_init(struct s3l_complete_body *w, const struct s3l_complete_part *parts,
                           size_t count, enum s3l_cksum_alg alg)
{
    size_t i;
    uint32_t prev = 0;
    uint64_t len;
    char tmp[24];
    if (w == NULL || parts == NULL || count == 0) return S3L_ERR_ARG;
    if (alg != S3L_CKSUM_NONE && s3l_cksum_len(alg) == 0) return S3L_ERR_ENUM;
    len = sizeof open_doc - 1 + sizeof close_doc - 1;
    for (i = 0; i < count; i++) {
        const struct s3l_complete_part *p = &parts[i];
        const char *e = p->etag;
        size_t n;
        if (e == NULL || e[0] == '\0') return S3L_ERR_ARG;
        n = strlen(e);
        if (!s3l_is_safe_value(e, n)) return S3L_ERR_BAD_CHAR;
        if (p->part_number < 1 || p->part_number > 10000) return S3L_ERR_RANGE;
        if (p->part_number <= prev) return S3L_ERR_ARG; /* S3 wants ascending order */
        prev = p->part_number;
        if (p->checksum != NULL) {
            if (alg == S3L_CKSUM_NONE) return S3L_ERR_ARG;
            if (!s3l_is_safe_value(p->checksum, strlen(p->checksum))) return S3L_ERR_BAD_CHAR;
            if (!s3l_req_b64_is(p->checksum, s3l_cksum_len(alg))) {
                return S3L_ERR_BAD_BASE64;
            }
            /* <ChecksumX>v</ChecksumX>: 2 * (8 + strlen(name)) + 5 */
            len += 2 * (8 + strlen(s3l_cksum_alg_name(alg))) + 5 + strlen(p->checksum);
        }
        for (; *e != '\0'; e++) {
            const char *x = escape(*e);
            len += x != NULL ? strlen(x) : 1u;
        }
        len += strlen(fixed[P_PART]) + strlen(fixed[P_ETAG_END]) + strlen(fixed[P_PN]) +
               u32_dec(p->part_number, tmp) + strlen(fixed[P_END]);
    }
    w->parts = parts;
    w->count = count;
    w->alg = alg;
    w->len = len;
    return s3l_complete_body_rewind(w);
}

uint64_t s3l_complete_body_len(const struct s3l_complete_body *w)
{
    return w != NULL ? w->len : 0;
}

long s3l_complete_body_read(void *vw, uint8_t *buf, size_t cap)
{
    struct s3l_complete_body *w = (struct s3l_complete_body *)vw;
    size_t n = 0;
    char tmp[24];
    if (w == NULL || (buf == NULL && cap > 0)) return S3L_ERR_ARG;
    if (cap > (size_t)LONG_MAX) cap = (size_t)LONG_MAX;
    /* each turn writes at least one byte or moves to the next piece: bounded */
    while (n < cap && w->part <= w->count) {
        const char *s;
        int esc;
        size_t len = piece(w, tmp, &s, &esc);
        if (w->off >= len) {
            w->off = 0;
            if (w->part == w->count || ++w->piece == P_COUNT) {
                w->piece = P_OPEN;
                w->part++;
            }
        } else if (!esc) {
            size_t k = len - w->off < cap - n ? len - w->off : cap - n;
            memcpy(buf + n, s + w->off, k);
            w->off += k;
            n += k;
        } else {
            const char *x = escape(s[w->off]);
            if (x == NULL) {
                buf[n++] = (uint8_t)s[w->off++];
            } else {
                buf[n++] = (uint8_t)x[w->sub++];
                if (x[w->sub] == '\0') {
                    w->sub = 0;
                    w->off++;
                }
            }
        }
    }
    return (long)n;
}
