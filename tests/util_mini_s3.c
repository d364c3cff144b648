/* SPDX-License-Identifier: MIT */
/*
 * An in-memory S3 for multipart tests (see util_mini_s3.h). Path-style requests only; one
 * flat store of objects and uploads keyed by the request path. Answers are built as S3
 * builds them (the element names and headers the client parses); no signature is checked.
 */
#include "util_mini_s3.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "s3lite/checksum.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"

#define MS_MAX_PARTS 10000

struct ms_part {
    uint8_t *data;
    size_t len;
    char etag[40];                     /* "\"<md5 hex>\"" */
    uint8_t md5[16];
    char checksum[S3L_CHECKSUM_B64_MAX + 1]; /* base64, "" when none */
};

struct ms_upload {
    struct ms_upload *next;
    char id[32];
    char path[1100];
    enum s3l_checksum_alg alg;
    enum s3l_checksum_type type;
    struct ms_part *parts[MS_MAX_PARTS + 1];
};

struct ms_object {
    struct ms_object *next;
    char path[1100];
    uint8_t *data;
    size_t len;
    char etag[48];
    unsigned parts;
    enum s3l_checksum_alg alg;
    char checksum[S3L_CHECKSUM_VALUE_MAX];
    char checksum_type[16];
};

struct ms_priv {
    struct ms_upload *uploads;
    struct ms_object *objects;
    unsigned next_id;
};

/* ---- small helpers -------------------------------------------------------------------- */

struct mini_s3 *ms_new(void)
{
    struct mini_s3 *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    s->priv = calloc(1, sizeof(struct ms_priv));
    if (s->priv == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

static void free_upload(struct ms_upload *u)
{
    unsigned i;
    for (i = 0; i <= MS_MAX_PARTS; i++) {
        if (u->parts[i] != NULL) {
            free(u->parts[i]->data);
            free(u->parts[i]);
        }
    }
    free(u);
}

void ms_free(struct mini_s3 *s)
{
    struct ms_priv *p;
    if (s == NULL) return;
    p = s->priv;
    while (p->uploads != NULL) {
        struct ms_upload *u = p->uploads;
        p->uploads = u->next;
        free_upload(u);
    }
    while (p->objects != NULL) {
        struct ms_object *o = p->objects;
        p->objects = o->next;
        free(o->data);
        free(o);
    }
    free(p);
    free(s);
}

void ms_add_rule(struct mini_s3 *s, enum ms_op op, unsigned nth, enum ms_fault f, int status,
                 const char *code)
{
    if (s->nrules >= MS_RULES_MAX) return;
    s->rules[s->nrules].op = op;
    s->rules[s->nrules].nth = nth;
    s->rules[s->nrules].fault = f;
    s->rules[s->nrules].status = status;
    s->rules[s->nrules].code = code;
    s->nrules++;
}

/* Header value of name in head (case-insensitive), NUL-terminated into out; -1 if absent. */
static int header(const char *head, const char *name, char *out, size_t cap)
{
    return fs_header(head, name, out, cap);
}

/* Value of query parameter name (in "?a=b&c"), into out; 1 found, 0 not. */
static int query(const char *q, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    while (q != NULL && *q != '\0') {
        const char *end = strchr(q, '&');
        size_t len = end != NULL ? (size_t)(end - q) : strlen(q);
        if (len >= n && strncmp(q, name, n) == 0 && (len == n || q[n] == '=')) {
            size_t vl = len > n ? len - n - 1 : 0;
            if (vl >= cap) vl = cap - 1;
            memcpy(out, q + n + (len > n ? 1 : 0), vl);
            out[vl] = '\0';
            return 1;
        }
        q = end != NULL ? end + 1 : NULL;
    }
    return 0;
}

static void hex(const uint8_t *b, size_t n, char *out)
{
    size_t i;
    for (i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", b[i]);
}

static char *answer(int status, const char *reason, const char *extra, const char *body,
                    int head_only, size_t *len)
{
    size_t bl = body != NULL ? strlen(body) : 0, cap = bl + strlen(extra) + 256;
    char *r = malloc(cap);
    int n;
    if (r == NULL) return NULL;
    n = snprintf(r, cap, "HTTP/1.1 %d %s\r\nContent-Length: %lu\r\n%s\r\n%s", status, reason,
                 (unsigned long)bl, extra, head_only ? "" : (body != NULL ? body : ""));
    *len = (size_t)n;
    return r;
}

static char *error_answer(int status, const char *code, int head_only, size_t *len)
{
    char body[512];
    snprintf(body, sizeof body,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
             "<Message>mini-s3 says %s</Message><RequestId>ms-req</RequestId></Error>",
             code, code);
    return answer(status, status == 404 ? "Not Found" : status >= 500 ? "Internal Error"
                                                                      : "Bad Request",
                  "Content-Type: application/xml\r\n", body, head_only, len);
}

static struct ms_upload *find_upload(struct ms_priv *p, const char *id)
{
    struct ms_upload *u;
    for (u = p->uploads; u != NULL; u = u->next) {
        if (strcmp(u->id, id) == 0) return u;
    }
    return NULL;
}

static struct ms_object *find_object(struct ms_priv *p, const char *path)
{
    struct ms_object *o;
    for (o = p->objects; o != NULL; o = o->next) {
        if (strcmp(o->path, path) == 0) return o;
    }
    return NULL;
}

static void drop_upload(struct mini_s3 *s, struct ms_upload *u)
{
    struct ms_priv *p = s->priv;
    struct ms_upload **pp;
    for (pp = &p->uploads; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == u) {
            *pp = u->next;
            free_upload(u);
            s->uploads_open--;
            return;
        }
    }
}

/* Decode an aws-chunked body into out (malloc'd); the trailer's checksum line, if any, goes
 * to trailer ("name:value"). 0 or -1 when malformed. */
static int unchunk(const uint8_t *b, size_t n, uint8_t **out, size_t *out_len, char *trailer,
                   size_t tcap)
{
    size_t pos = 0, len = 0;
    uint8_t *o = malloc(n + 1);
    trailer[0] = '\0';
    if (o == NULL) return -1;
    for (;;) {
        unsigned long sz;
        char *end;
        const uint8_t *crlf = NULL;
        size_t i;
        for (i = pos; i + 1 < n; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                crlf = b + i;
                break;
            }
        }
        if (crlf == NULL) break;
        sz = strtoul((const char *)b + pos, &end, 16);
        pos = (size_t)(crlf - b) + 2;
        if (sz == 0) {
            /* trailers until an empty line */
            while (pos + 1 < n && !(b[pos] == '\r' && b[pos + 1] == '\n')) {
                size_t e = pos;
                while (e + 1 < n && !(b[e] == '\r' && b[e + 1] == '\n')) e++;
                if (strncasecmp((const char *)b + pos, "x-amz-checksum-", 15) == 0 &&
                    e - pos < tcap) {
                    memcpy(trailer, b + pos, e - pos);
                    trailer[e - pos] = '\0';
                }
                pos = e + 2;
            }
            *out = o;
            *out_len = len;
            return 0;
        }
        if (pos + sz + 2 > n) break;
        memcpy(o + len, b + pos, sz);
        len += sz;
        pos += sz + 2;
    }
    free(o);
    return -1;
}

static int checksum_b64(enum s3l_checksum_alg alg, const uint8_t *d, size_t n, char *out, size_t cap)
{
    struct s3l_checksum c;
    size_t got;
    if (s3l_checksum_start(&c, alg) != 0) return -1;
    s3l_checksum_update(&c, d, n);
    return s3l_checksum_finish_base64(&c, out, cap, &got);
}

/* ---- operations ------------------------------------------------------------------------- */

static char *op_create(struct mini_s3 *s, const char *head, const char *path, size_t *len)
{
    struct ms_priv *p = s->priv;
    struct ms_upload *u = calloc(1, sizeof *u);
    char v[64], body[1600];
    if (u == NULL) return NULL;
    snprintf(u->id, sizeof u->id, "ms-upload-%u", ++p->next_id);
    snprintf(u->path, sizeof u->path, "%s", path);
    if (header(head, "x-amz-checksum-algorithm", v, sizeof v) >= 0) {
        (void)s3l_checksum_alg_parse(v, strlen(v), &u->alg);
    }
    u->type = S3L_CHECKSUM_COMPOSITE;
    if (header(head, "x-amz-checksum-type", v, sizeof v) >= 0) {
        (void)s3l_checksum_type_parse(v, strlen(v), &u->type);
    }
    u->next = p->uploads;
    p->uploads = u;
    s->uploads_created++;
    s->uploads_open++;
    snprintf(body, sizeof body,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult>"
             "<Bucket>b</Bucket><Key>k</Key><UploadId>%s</UploadId>"
             "</InitiateMultipartUploadResult>",
             u->id);
    return answer(200, "OK", "", body, 0, len);
}

static char *op_part(struct mini_s3 *s, const char *head, const char *q, const uint8_t *body,
                     size_t body_len, size_t *len)
{
    struct ms_priv *p = s->priv;
    char id[64], num[16], sha[128], trailer[128], want[S3L_CHECKSUM_B64_MAX + 1] = "",
                                                   got[S3L_CHECKSUM_B64_MAX + 1];
    char extra[256];
    struct ms_upload *u;
    struct ms_part *part;
    unsigned long n;
    uint8_t *data = NULL;
    size_t dlen = 0;
    if (!query(q, "uploadId", id, sizeof id) || !query(q, "partNumber", num, sizeof num)) {
        return error_answer(400, "InvalidRequest", 0, len);
    }
    u = find_upload(p, id);
    if (u == NULL) return error_answer(404, s->gone_code != NULL ? s->gone_code : "NoSuchUpload", 0, len);
    n = strtoul(num, NULL, 10);
    if (n < 1 || n > MS_MAX_PARTS) return error_answer(400, "InvalidArgument", 0, len);
    if (header(head, "x-amz-content-sha256", sha, sizeof sha) >= 0 &&
        strncmp(sha, "STREAMING-", 10) == 0) {
        if (unchunk(body, body_len, &data, &dlen, trailer, sizeof trailer) != 0) {
            return error_answer(400, "IncompleteBody", 0, len);
        }
    } else {
        trailer[0] = '\0';
        data = malloc(body_len + 1);
        if (data == NULL) return NULL;
        memcpy(data, body, body_len);
        dlen = body_len;
    }
    if (u->alg != S3L_CHECKSUM_NONE) {
        char hn[64];
        snprintf(hn, sizeof hn, "%s", s3l_checksum_header_name(u->alg));
        if (header(head, hn, want, sizeof want) < 0 && trailer[0] != '\0') {
            const char *c = strchr(trailer, ':');
            if (c != NULL) snprintf(want, sizeof want, "%s", c + 1);
        }
        checksum_b64(u->alg, data, dlen, got, sizeof got);
        if (want[0] != '\0' && strcmp(want, got) != 0) {
            free(data);
            return error_answer(400, "BadDigest", 0, len);
        }
    }
    part = calloc(1, sizeof *part);
    if (part == NULL) {
        free(data);
        return NULL;
    }
    part->data = data;
    part->len = dlen;
    s3l_md5_ctx m;
    s3l_md5_start(&m);
    s3l_md5_update(&m, data, dlen);
    s3l_md5_finish(&m, part->md5);
    part->etag[0] = '"';
    hex(part->md5, 16, part->etag + 1);
    part->etag[33] = '"';
    part->etag[34] = '\0';
    if (u->alg != S3L_CHECKSUM_NONE) snprintf(part->checksum, sizeof part->checksum, "%s", got);
    if (u->parts[n] != NULL) {
        free(u->parts[n]->data);
        free(u->parts[n]);
    }
    u->parts[n] = part;
    if (u->alg != S3L_CHECKSUM_NONE) {
        snprintf(extra, sizeof extra, "ETag: %s\r\n%s: %s\r\n", part->etag,
                 s3l_checksum_header_name(u->alg), part->checksum);
    } else {
        snprintf(extra, sizeof extra, "ETag: %s\r\n", part->etag);
    }
    return answer(200, "OK", extra, "", 0, len);
}

static char *op_list(struct mini_s3 *s, const char *q, size_t *len)
{
    struct ms_priv *p = s->priv;
    struct ms_upload *u;
    char id[64], v[16];
    unsigned long max = 1000, marker = 0, n, shown = 0, last = 0;
    size_t cap = 4096, used = 0;
    char *body;
    char *r;
    if (!query(q, "uploadId", id, sizeof id)) return error_answer(400, "InvalidRequest", 0, len);
    u = find_upload(p, id);
    if (u == NULL) return error_answer(404, s->gone_code != NULL ? s->gone_code : "NoSuchUpload", 0, len);
    if (query(q, "max-parts", v, sizeof v)) max = strtoul(v, NULL, 10);
    if (query(q, "part-number-marker", v, sizeof v)) marker = strtoul(v, NULL, 10);
    if (s->list_page_max != 0 && max > s->list_page_max) max = s->list_page_max;
    body = malloc(cap);
    if (body == NULL) return NULL;
    used += (size_t)snprintf(body, cap,
                             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListPartsResult>"
                             "<Bucket>b</Bucket><Key>k</Key><UploadId>%s</UploadId>"
                             "<PartNumberMarker>%lu</PartNumberMarker>",
                             u->id, marker);
    for (n = marker + 1; n <= MS_MAX_PARTS; n++) {
        struct ms_part *pt = u->parts[n];
        char item[512];
        int k;
        if (pt == NULL) continue;
        if (shown == max) break;
        if (u->alg != S3L_CHECKSUM_NONE && !s->list_no_checksums) {
            const char *nm = s3l_checksum_alg_name(u->alg);
            k = snprintf(item, sizeof item,
                         "<Part><PartNumber>%lu</PartNumber><LastModified>2030-01-10T00:04:06.000Z"
                         "</LastModified><ETag>&quot;%.32s&quot;</ETag><Size>%lu</Size>"
                         "<Checksum%s>%s</Checksum%s></Part>",
                         n, pt->etag + 1, (unsigned long)pt->len, nm, pt->checksum, nm);
        } else {
            k = snprintf(item, sizeof item,
                         "<Part><PartNumber>%lu</PartNumber><LastModified>2030-01-10T00:04:06.000Z"
                         "</LastModified><ETag>&quot;%.32s&quot;</ETag><Size>%lu</Size></Part>",
                         n, pt->etag + 1, (unsigned long)pt->len);
        }
        if (used + (size_t)k + 256 > cap) {
            char *nb = realloc(body, cap * 2 + (size_t)k);
            if (nb == NULL) break;
            body = nb;
            cap = cap * 2 + (size_t)k;
        }
        memcpy(body + used, item, (size_t)k + 1);
        used += (size_t)k;
        shown++;
        last = n;
    }
    /* more when a part follows the last one shown */
    {
        int more = 0;
        unsigned long m;
        for (m = last + 1; shown == max && m <= MS_MAX_PARTS; m++) {
            if (u->parts[m] != NULL) {
                more = 1;
                break;
            }
        }
        snprintf(body + used, cap - used,
                 "<NextPartNumberMarker>%lu</NextPartNumberMarker>"
                 "<MaxParts>%lu</MaxParts><IsTruncated>%s</IsTruncated></ListPartsResult>", last,
                 max, more ? "true" : "false");
    }
    r = answer(200, "OK", "Content-Type: application/xml\r\n", body, 0, len);
    free(body);
    return r;
}

/* The next <Tag>value</Tag> at or after *pos in body (entities &quot; decoded). */
static int xml_next(const char *body, const char **pos, const char *tag, char *out, size_t cap)
{
    char open[48], close[48];
    const char *a, *b;
    size_t o = 0;
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    a = strstr(*pos, open);
    if (a == NULL) return 0;
    a += strlen(open);
    b = strstr(a, close);
    if (b == NULL) return 0;
    while (a < b && o + 1 < cap) {
        if (strncmp(a, "&quot;", 6) == 0) {
            out[o++] = '"';
            a += 6;
        } else {
            out[o++] = *a++;
        }
    }
    out[o] = '\0';
    *pos = b + strlen(close);
    (void)body;
    return 1;
}

static char *op_complete(struct mini_s3 *s, const char *head, const char *path, const char *q,
                         const uint8_t *body, size_t body_len, int *acted, size_t *len)
{
    struct ms_priv *p = s->priv;
    struct ms_upload *u;
    struct ms_object *o;
    char id[64], etag[128], num[16], extra[256], rbody[1024], ck[S3L_CHECKSUM_B64_MAX + 1];
    char *text = malloc(body_len + 1);
    const char *pos;
    unsigned list[MS_MAX_PARTS], count = 0, i;
    size_t total = 0;
    s3l_md5_ctx m;
    uint8_t md5[16];
    struct s3l_checksum_mp mp;
    *acted = 0;
    if (text == NULL) return NULL;
    memcpy(text, body, body_len);
    text[body_len] = '\0';
    if (!query(q, "uploadId", id, sizeof id)) {
        free(text);
        return error_answer(400, "InvalidRequest", 0, len);
    }
    u = find_upload(p, id);
    if (u == NULL) {
        free(text);
        return error_answer(404, s->gone_code != NULL ? s->gone_code : "NoSuchUpload", 0, len);
    }
    pos = text;
    while (count < MS_MAX_PARTS && xml_next(text, &pos, "ETag", etag, sizeof etag) &&
           xml_next(text, &pos, "PartNumber", num, sizeof num)) {
        unsigned long n = strtoul(num, NULL, 10);
        if (n < 1 || n > MS_MAX_PARTS || u->parts[n] == NULL ||
            strcmp(u->parts[n]->etag, etag) != 0 || (count > 0 && n <= list[count - 1])) {
            free(text);
            return error_answer(400, "InvalidPart", 0, len);
        }
        list[count++] = (unsigned)n;
    }
    free(text);
    if (count == 0) return error_answer(400, "MalformedXML", 0, len);
    o = calloc(1, sizeof *o);
    if (o == NULL) return NULL;
    for (i = 0; i < count; i++) total += u->parts[list[i]]->len;
    o->data = malloc(total + 1);
    if (o->data == NULL) {
        free(o);
        return NULL;
    }
    s3l_md5_start(&m);
    if (u->alg != S3L_CHECKSUM_NONE) s3l_checksum_mp_start(&mp, u->alg, u->type);
    for (i = 0; i < count; i++) {
        struct ms_part *pt = u->parts[list[i]];
        memcpy(o->data + o->len, pt->data, pt->len);
        o->len += pt->len;
        s3l_md5_update(&m, pt->md5, 16);
        if (u->alg != S3L_CHECKSUM_NONE) {
            s3l_checksum_mp_add_base64(&mp, pt->checksum, strlen(pt->checksum), pt->len);
        }
    }
    s3l_md5_finish(&m, md5);
    o->etag[0] = '"';
    hex(md5, 16, o->etag + 1);
    snprintf(o->etag + 33, sizeof o->etag - 33, "-%u\"", count);
    o->parts = count;
    o->alg = u->alg;
    if (u->alg != S3L_CHECKSUM_NONE) {
        size_t got;
        char hn[64];
        s3l_checksum_mp_finish(&mp, o->checksum, sizeof o->checksum, &got);
        snprintf(o->checksum_type, sizeof o->checksum_type, "%s",
                 s3l_checksum_type_name(u->type));
        snprintf(hn, sizeof hn, "%s", s3l_checksum_header_name(u->alg));
        if (u->type == S3L_CHECKSUM_FULL_OBJECT && header(head, hn, ck, sizeof ck) >= 0 &&
            strcmp(ck, o->checksum) != 0) {
            free(o->data);
            free(o);
            return error_answer(400, "BadDigest", 0, len);
        }
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    {
        struct ms_object **pp;
        for (pp = &p->objects; *pp != NULL; pp = &(*pp)->next) {
            if (strcmp((*pp)->path, path) == 0) {
                struct ms_object *old = *pp;
                *pp = old->next;
                free(old->data);
                free(old);
                s->objects--;
                break;
            }
        }
    }
    o->next = p->objects;
    p->objects = o;
    s->objects++;
    drop_upload(s, u);
    *acted = 1;
    {
        const char *root = s->complete_root != NULL ? s->complete_root
                                                    : "CompleteMultipartUploadResult";
        snprintf(rbody, sizeof rbody,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s>"
                 "<Location>http://mini%s</Location><Bucket>b</Bucket><Key>k</Key>"
                 "<ETag>&quot;%.32s%s</ETag></%s>",
                 root, path, o->etag + 1, o->etag + 33, root);
    }
    extra[0] = '\0';
    return answer(200, "OK", extra, rbody, 0, len);
}

static char *op_head_get(struct mini_s3 *s, const char *head, const char *path, int is_head,
                         size_t *len)
{
    struct ms_object *o = find_object(s->priv, path);
    char extra[512], mode[32];
    char *r;
    size_t hl, bl;
    if (o == NULL) return error_answer(404, "NoSuchKey", is_head, len);
    snprintf(extra, sizeof extra, "ETag: %s\r\nx-amz-mp-parts-count: %u\r\n", o->etag, o->parts);
    if (o->alg != S3L_CHECKSUM_NONE && header(head, "x-amz-checksum-mode", mode, sizeof mode) >= 0) {
        size_t n = strlen(extra);
        snprintf(extra + n, sizeof extra - n, "%s: %s\r\nx-amz-checksum-type: %s\r\n",
                 s3l_checksum_header_name(o->alg), o->checksum, o->checksum_type);
    }
    /* the head says the object's length; GET sends its bytes */
    hl = strlen(extra) + 128;
    bl = is_head ? 0 : o->len;
    r = malloc(hl + bl);
    if (r == NULL) return NULL;
    *len = (size_t)snprintf(r, hl, "HTTP/1.1 200 OK\r\nContent-Length: %lu\r\n%s\r\n",
                            (unsigned long)o->len, extra);
    if (!is_head) {
        memcpy(r + *len, o->data, o->len);
        *len += o->len;
    }
    return r;
}

static char *op_abort(struct mini_s3 *s, const char *q, size_t *len)
{
    char id[64];
    struct ms_upload *u;
    if (!query(q, "uploadId", id, sizeof id)) return error_answer(400, "InvalidRequest", 0, len);
    u = find_upload(s->priv, id);
    if (u == NULL) return error_answer(404, s->gone_code != NULL ? s->gone_code : "NoSuchUpload", 0, len);
    drop_upload(s, u);
    return answer(204, "No Content", "", "", 0, len);
}

/* %XX-decode src into out (cap bytes, NUL-terminated). */
static void uri_decode(const char *src, char *out, size_t cap)
{
    size_t o = 0;
    while (*src != '\0' && o + 1 < cap) {
        unsigned v;
        if (src[0] == '%' && src[1] != '\0' && src[2] != '\0' && sscanf(src + 1, "%2x", &v) == 1) {
            out[o++] = (char)v;
            src += 3;
        } else {
            out[o++] = *src++;
        }
    }
    out[o] = '\0';
}

/* ListMultipartUploads of path's bucket, the uploads whose key starts with prefix, one page,
 * Initiated now (s->now when set: the tests' clients run on a fixed clock). */
static char *op_list_uploads(struct mini_s3 *s, const char *path, const char *q, size_t *len)
{
    struct ms_upload *u;
    char raw[1100], prefix[1100], now[32];
    size_t cap = 4096, used = 0, blen = strlen(path);
    char *body, *r;
    time_t t = s->now != 0 ? (time_t)s->now : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    prefix[0] = '\0';
    if (query(q, "prefix", raw, sizeof raw)) uri_decode(raw, prefix, sizeof prefix);
    body = malloc(cap);
    if (body == NULL) return NULL;
    used += (size_t)snprintf(body, cap, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<ListMultipartUploadsResult><Bucket>%s</Bucket>",
                             path + 1);
    struct ms_priv *pv = s->priv;
    for (u = pv->uploads; u != NULL; u = u->next) {
        const char *key = u->path + blen + 1;
        char item[1400];
        int k;
        if (strncmp(u->path, path, blen) != 0 || u->path[blen] != '/' ||
            strncmp(key, prefix, strlen(prefix)) != 0) {
            continue;
        }
        k = snprintf(item, sizeof item, "<Upload><Key>%s</Key><UploadId>%s</UploadId>"
                                        "<Initiated>%s</Initiated></Upload>", key, u->id, now);
        if (used + (size_t)k + 128 > cap) {
            char *nb = realloc(body, cap * 2 + (size_t)k);
            if (nb == NULL) break;
            body = nb;
            cap = cap * 2 + (size_t)k;
        }
        memcpy(body + used, item, (size_t)k + 1);
        used += (size_t)k;
    }
    snprintf(body + used, cap - used, "<IsTruncated>false</IsTruncated></ListMultipartUploadsResult>");
    r = answer(200, "OK", "Content-Type: application/xml\r\n", body, 0, len);
    free(body);
    return r;
}

void ms_handle(struct mini_s3 *s, const char *head, size_t head_len, const uint8_t *body,
               size_t body_len, char **resp, size_t *len, int *drop)
{
    char method[16], target[2048], path[1100], v[8];
    const char *q;
    enum ms_op op = MS_OTHER;
    unsigned i;
    int acted = 0, is_head;
    enum ms_fault fault = MS_FAULT_NONE;
    const struct ms_rule *rule = NULL;
    (void)head_len;
    *resp = NULL;
    *len = 0;
    *drop = 0;
    if (sscanf(head, "%15s %2047s", method, target) != 2) {
        *drop = 1;
        return;
    }
    q = strchr(target, '?');
    snprintf(path, sizeof path, "%.*s", (int)(q != NULL ? (size_t)(q - target) : strlen(target)),
             target);
    if (q != NULL) q++;
    is_head = strcmp(method, "HEAD") == 0;
    if (strcmp(method, "POST") == 0 && q != NULL && strncmp(q, "uploads", 7) == 0) {
        op = MS_CREATE;
    } else if (strcmp(method, "PUT") == 0 && q != NULL && strstr(q, "partNumber=") != NULL) {
        op = MS_PART;
    } else if (strcmp(method, "GET") == 0 && q != NULL && strstr(q, "uploadId=") != NULL) {
        op = MS_LIST;
    } else if (strcmp(method, "POST") == 0 && q != NULL && strstr(q, "uploadId=") != NULL) {
        op = MS_COMPLETE;
    } else if (strcmp(method, "DELETE") == 0 && q != NULL && strstr(q, "uploadId=") != NULL) {
        op = MS_ABORT;
    } else if (strcmp(method, "GET") == 0 && q != NULL && query(q, "uploads", v, sizeof v)) {
        op = MS_LIST_UPLOADS;
    } else if (is_head) {
        op = MS_HEAD;
    } else if (strcmp(method, "GET") == 0) {
        op = MS_GET;
    }
    s->requests++;
    s->count[op]++;
    for (i = 0; i < s->nrules; i++) {
        if (s->rules[i].op == op && s->rules[i].nth == s->count[op]) {
            rule = &s->rules[i];
            fault = rule->fault;
        }
    }
    if (fault == MS_FAULT_DROP) {
        *drop = 1;
        return;
    }
    if (fault == MS_FAULT_STALL) {
        struct timespec ts;
        ts.tv_sec = rule->status / 1000;
        ts.tv_nsec = (long)(rule->status % 1000) * 1000000L;
        nanosleep(&ts, NULL);
    }
    if (fault == MS_FAULT_ERROR) {
        *resp = error_answer(rule->status, rule->code, is_head, len);
        return;
    }
    switch (op) {
    case MS_CREATE: *resp = op_create(s, head, path, len); break;
    case MS_PART: *resp = op_part(s, head, q, body, body_len, len); break;
    case MS_LIST: *resp = op_list(s, q, len); break;
    case MS_COMPLETE: *resp = op_complete(s, head, path, q, body, body_len, &acted, len); break;
    case MS_ABORT: *resp = op_abort(s, q, len); break;
    case MS_HEAD: *resp = op_head_get(s, head, path, 1, len); break;
    case MS_GET: *resp = op_head_get(s, head, path, 0, len); break;
    case MS_LIST_UPLOADS: *resp = op_list_uploads(s, path, q, len); break;
    default: *resp = error_answer(400, "NotImplemented", is_head, len); break;
    }
    (void)acted;
    if (fault == MS_FAULT_LOSE_ANSWER) {
        free(*resp);
        *resp = NULL;
        *len = 0;
        *drop = 1;
    }
}

const uint8_t *ms_object(struct mini_s3 *s, const char *path, size_t *len, char *etag,
                         size_t etag_cap)
{
    struct ms_object *o = find_object(s->priv, path);
    if (o == NULL) return NULL;
    *len = o->len;
    if (etag != NULL) snprintf(etag, etag_cap, "%s", o->etag);
    return o->data;
}

int ms_upload_id(struct mini_s3 *s, char *out, size_t cap)
{
    struct ms_priv *p = s->priv;
    if (p->uploads == NULL) return -1;
    snprintf(out, cap, "%s", p->uploads->id);
    return 0;
}

unsigned ms_parts(struct mini_s3 *s)
{
    struct ms_priv *p = s->priv;
    unsigned n, count = 0;
    if (p->uploads == NULL) return 0;
    for (n = 1; n <= MS_MAX_PARTS; n++) count += p->uploads->parts[n] != NULL;
    return count;
}

int ms_corrupt_part(struct mini_s3 *s, unsigned part, char what)
{
    struct ms_priv *p = s->priv;
    struct ms_part *pt;
    if (p->uploads == NULL || part < 1 || part > MS_MAX_PARTS) return -1;
    pt = p->uploads->parts[part];
    if (pt == NULL) return -1;
    if (what == 's' && pt->len > 0) {
        pt->len--;
    } else if (what == 'c' && pt->checksum[0] != '\0') {
        pt->checksum[0] = pt->checksum[0] == 'A' ? 'B' : 'A';
    } else if (what == 'e') {
        pt->etag[1] = pt->etag[1] == '0' ? '1' : '0';
    } else if (what == 'x') {
        free(pt->data);
        free(pt);
        p->uploads->parts[part] = NULL;
    } else {
        return -1;
    }
    return 0;
}

/* ---- in-process transport ------------------------------------------------------------------ */

struct ms_conn {
    struct mini_s3 *s;
    uint8_t *req;
    size_t req_len, req_cap;
    size_t head_len;               /* 0 until the head is whole */
    size_t body_need;
    char *resp;
    size_t resp_len, resp_pos;
    int closing;                   /* answer all sent (or none): then the peer closes */
    int connected;
};

static void queue(struct ms_conn *c, const char *data, size_t n)
{
    char *nb = realloc(c->resp, c->resp_len + n + 1);
    if (nb == NULL) return;
    c->resp = nb;
    memcpy(c->resp + c->resp_len, data, n);
    c->resp_len += n;
}

static int mc_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms)
{
    struct ms_conn *c = (struct ms_conn *)(void *)net;
    (void)host;
    (void)port;
    (void)timeout_ms;
    c->connected = 1;
    c->closing = 0;
    c->req_len = c->head_len = c->body_need = 0;
    c->resp_len = c->resp_pos = 0;
    return 0;
}

static void try_handle(struct ms_conn *c)
{
    for (;;) {
        if (c->head_len == 0) {
            size_t i;
            char cl[32], ex[32], *h;
            for (i = 3; i < c->req_len; i++) {
                if (memcmp(c->req + i - 3, "\r\n\r\n", 4) == 0) break;
            }
            if (i >= c->req_len) return;
            c->head_len = i + 1;
            h = malloc(c->head_len + 1);
            if (h == NULL) return;
            memcpy(h, c->req, c->head_len);
            h[c->head_len] = '\0';
            c->body_need = fs_header(h, "content-length", cl, sizeof cl) >= 0
                               ? (size_t)strtoul(cl, NULL, 10) : 0;
            if (fs_header(h, "expect", ex, sizeof ex) >= 0) {
                queue(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
            }
            free(h);
        }
        if (c->req_len - c->head_len < c->body_need) return;
        {
            char *h = malloc(c->head_len + 1), *resp = NULL;
            size_t len = 0, used = c->head_len + c->body_need;
            int drop = 0;
            if (h == NULL) return;
            memcpy(h, c->req, c->head_len);
            h[c->head_len] = '\0';
            ms_handle(c->s, h, c->head_len, c->req + c->head_len, c->body_need, &resp, &len, &drop);
            free(h);
            if (drop) {
                c->closing = 1;
                c->resp_len = c->resp_pos = 0; /* not even the 100 Continue is left */
            } else if (resp != NULL) {
                queue(c, resp, len);
            }
            free(resp);
            memmove(c->req, c->req + used, c->req_len - used);
            c->req_len -= used;
            c->head_len = 0;
            c->body_need = 0;
            if (drop) return;
        }
    }
}

static long mc_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct ms_conn *c = (struct ms_conn *)(void *)net;
    (void)timeout_ms;
    if (!c->connected) return S3L_ERR_NET;
    if (c->closing) return S3L_ERR_NET; /* the peer is gone: a reset */
    if (c->req_len + len > c->req_cap) {
        size_t cap = (c->req_len + len) * 2;
        uint8_t *nb = realloc(c->req, cap);
        if (nb == NULL) return S3L_ERR_NET;
        c->req = nb;
        c->req_cap = cap;
    }
    memcpy(c->req + c->req_len, buf, len);
    c->req_len += len;
    try_handle(c);
    return (long)len;
}

static long mc_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct ms_conn *c = (struct ms_conn *)(void *)net;
    size_t n;
    (void)timeout_ms;
    if (!c->connected) return S3L_ERR_NET;
    if (c->resp_pos >= c->resp_len) {
        c->resp_pos = c->resp_len = 0;
        return c->closing ? 0 : S3L_ERR_TIMEOUT;
    }
    n = c->resp_len - c->resp_pos;
    if (n > len) n = len;
    memcpy(buf, c->resp + c->resp_pos, n);
    c->resp_pos += n;
    return (long)n;
}

static void mc_close(struct s3l_net *net)
{
    struct ms_conn *c = (struct ms_conn *)(void *)net;
    c->connected = 0;
    c->req_len = c->head_len = c->body_need = 0;
    c->resp_len = c->resp_pos = 0;
    c->closing = 0;
}

struct ms_conn *ms_conn_new(struct mini_s3 *s, struct s3l_transport *t)
{
    struct ms_conn *c = calloc(1, sizeof *c);
    if (c == NULL) return NULL;
    c->s = s;
    t->connect = mc_connect;
    t->send = mc_send;
    t->recv = mc_recv;
    t->close = mc_close;
    t->net = (struct s3l_net *)(void *)c;
    return c;
}

void ms_conn_free(struct ms_conn *c)
{
    if (c == NULL) return;
    free(c->req);
    free(c->resp);
    free(c);
}

/* ---- util_fake_server handler ------------------------------------------------------------------ */

void ms_fs_handler(void *ctx, const struct fs_request *req, int phase, struct fs_reply *reply)
{
    struct mini_s3 *s = ctx;
    char *resp = NULL;
    size_t len = 0;
    int drop = 0;
    if (phase == 0) {
        reply->action = req->expect_continue ? FS_100_CONTINUE : FS_READ_BODY;
        return;
    }
    ms_handle(s, req->head, req->head_len, req->body,
              req->body_len < FS_BODY_KEEP ? (size_t)req->body_len : FS_BODY_KEEP, &resp, &len,
              &drop);
    if (drop || resp == NULL || len >= sizeof reply->raw) {
        reply->raw[0] = '\0';
        reply->raw_len = 0;
        reply->close_after = 1;
        free(resp);
        return;
    }
    memcpy(reply->raw, resp, len);
    reply->raw_len = len;
    reply->close_after = 0;
    free(resp);
}
