/* SPDX-License-Identifier: MIT */
/*
 * S3 request builders: parameters -> struct s3l_request (see include/s3lite/s3_request.h).
 *
 * Table-driven: each params struct of s3_request.h is made from one list, and the same
 * list expands here into that operation's table: one row per member that travels, with its
 * header or query name, its kind (how it is checked and sent; s3_req_int.h lists the kinds
 * and the phases each takes part in) and its offsetof in the struct. One walk,
 * s3l_req_build(), runs every table: begin() checks the target and writes Host and the path,
 * then the rows that are checked first (P_CHECK), the query parameters in name order
 * (P_QUERY), and the headers in list order (P_HEADER). The walk stops at the first error,
 * so the error is the one of the first bad parameter on the wire; then the arena and the
 * header array are rolled back. CreateBucket and GetObject (not of the multipart family)
 * have their tables and builders in s3_req_bucket.c.
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/date.h"
#include "s3lite/hash.h"
#include "s3lite/s3_request.h"
#include "s3lite/uri.h"

/* ---- the tables: one per params struct, from its list in s3lite/s3_request.h ---------- */

typedef struct s3l_req_row row;

#define PT struct s3l_create_mpu_params
static const row create_rows[] = {REQ_ROWS(S3L_CREATE_MPU_PARAMS)};
static const struct s3l_req_op op_create = REQ_OBJECT_OP(create_rows, "POST", 1, "uploads");
#undef PT

#define PT struct s3l_put_object_params
static const row put_rows[] = {REQ_ROWS(S3L_PUT_OBJECT_PARAMS)};
static const struct s3l_req_op op_put = REQ_OBJECT_OP(put_rows, "PUT", 1, NULL);
#undef PT

#define PT struct s3l_upload_part_params
static const row part_rows[] = {REQ_ROWS(S3L_UPLOAD_PART_PARAMS)};
static const struct s3l_req_op op_part = REQ_OBJECT_OP(part_rows, "PUT", 1, NULL);
#undef PT

#define PT struct s3l_complete_mpu_params
static const row complete_rows[] = {REQ_ROWS(S3L_COMPLETE_MPU_PARAMS)};
static const struct s3l_req_op op_complete = REQ_OBJECT_OP(complete_rows, "POST", 1, NULL);
#undef PT

#define PT struct s3l_abort_mpu_params
static const row abort_rows[] = {REQ_ROWS(S3L_ABORT_MPU_PARAMS)};
static const struct s3l_req_op op_abort = REQ_OBJECT_OP(abort_rows, "DELETE", 0, NULL);
#undef PT

#define PT struct s3l_list_parts_params
static const row lparts_rows[] = {REQ_ROWS(S3L_LIST_PARTS_PARAMS)};
static const struct s3l_req_op op_lparts = REQ_OBJECT_OP(lparts_rows, "GET", 0, NULL);
#undef PT

#define PT struct s3l_list_uploads_params
static const row luploads_rows[] = {REQ_ROWS(S3L_LIST_UPLOADS_PARAMS)};
static const struct s3l_req_op op_luploads = REQ_BUCKET_OP(luploads_rows, "GET", 0, "uploads");
#undef PT

/* (GetObject, in s3_req_bucket.c, has the same list, sent as GET) */
#define PT struct s3l_head_object_params
static const row head_rows[] = {REQ_ROWS(S3L_HEAD_OBJECT_PARAMS)};
static const struct s3l_req_op op_head = REQ_OBJECT_OP(head_rows, "HEAD", 0, NULL);
#undef PT

/* An enum member: 1 byte with -fshort-enums, else an int; every enum has the size of
 * enum s3l_acl (the same rule for all of them, checked here). */
#define SAME_SIZE(T) (sizeof(T) == sizeof(enum s3l_acl))
typedef char s3l_enum_size[(sizeof(enum s3l_acl) == 1 || sizeof(enum s3l_acl) == sizeof(unsigned)) &&
                                   SAME_SIZE(enum s3l_sse) && SAME_SIZE(enum s3l_storage_class) &&
                                   SAME_SIZE(enum s3l_bool) && SAME_SIZE(enum s3l_request_payer) &&
                                   SAME_SIZE(enum s3l_lock_mode) && SAME_SIZE(enum s3l_legal_hold) &&
                                   SAME_SIZE(enum s3l_checksum_alg) && SAME_SIZE(enum s3l_checksum_type) &&
                                   SAME_SIZE(enum s3l_sse_c_alg) && SAME_SIZE(enum s3l_encoding_type) &&
                                   SAME_SIZE(enum s3l_object_ownership) && SAME_SIZE(enum s3l_checksum_mode)
                               ? 1 : -1];

static unsigned get_enum(const void *q)
{
    if (sizeof(enum s3l_acl) == 1) return *(const unsigned char *)q;
    return *(const unsigned *)q;
}

/* The phases each kind takes part in (P_*), from S3L_REQ_KINDS. */
#define KIND_PHASES(kind, phases) (uint8_t)(phases),
static const uint8_t kind_phases[K_COUNT] = {S3L_REQ_KINDS(KIND_PHASES)};

/* ---- the builder state ---------------------------------------------------------------- */

/*
 * The first error ends the walk (a later one could not replace it), so helpers do not test
 * for an earlier error: they set b->err and return, and the walk stops after the entry.
 */
struct bld {
    struct s3l_request *req;
    struct s3l_arena *a;
    size_t used0, count0; /* rollback point */
    int err;              /* the error, 0 until one happens */
    size_t path, path_end, query_end; /* arena offsets; query_end 0 until a parameter is written */
    uint64_t body_len;
    const char *nm; /* the name of the header or query parameter at hand */
    size_t nl;
    const void *kept; /* the member a KEEP row left for the next row */
};

static void set_name(struct bld *b, const char *name)
{
    b->nm = name;
    b->nl = strlen(name);
}

/* n bytes at the end of the arena; NULL (and the error set) when it is full. */
static char *alloc(struct bld *b, size_t n)
{
    char *p = s3l_arena_alloc(b->a, n);
    if (p == NULL) b->err = S3L_ERR_BUF_TOO_SMALL;
    return p;
}

/* Copy n bytes to the end of the arena. */
static char *put(struct bld *b, const char *s, size_t n)
{
    char *p = alloc(b, n);
    if (p != NULL) memcpy(p, s, n);
    return p;
}

/* One byte to the end of the arena. */
static char *put_c(struct bld *b, char c)
{
    char *p = alloc(b, 1);
    if (p != NULL) *p = c;
    return p;
}

/* URI-encode s[0..n) to the end of the arena ('/' kept when keep_slash). */
static char *put_enc(struct bld *b, const char *s, size_t n, unsigned keep_slash)
{
    size_t len = s3l_uri_encoded_len(s, n, keep_slash);
    char *p = alloc(b, len);
    if (p != NULL) (void)s3l_uri_encode(s, n, keep_slash, p, len, &len);
    return p;
}

/* sep, then s[0..n) URI-encoded, to the end of the arena. */
static char *put_seg(struct bld *b, char sep, const char *s, size_t n, unsigned keep_slash)
{
    return put_c(b, sep) != NULL ? put_enc(b, s, n, keep_slash) : NULL;
}

/* Decimal digits of v, ending just before end; returns the first one. */
static char *dec(uint64_t v, char *end)
{
    do {
        *--end = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    return end;
}

/* Append the header b->nm: v[0..n). */
static void add(struct bld *b, const char *v, size_t n)
{
    b->err = s3l_headers_add(&b->req->headers, b->nm, b->nl, v, n);
}

/* An optional string header: NULL is "not sent". */
static void add_str(struct bld *b, const char *v)
{
    if (v != NULL) add(b, v, strlen(v));
}

/* Generated text: into the arena, then the header. */
static void add_gen(struct bld *b, const char *v, size_t n)
{
    v = put(b, v, n);
    if (v != NULL) add(b, v, n);
}

/* An optional enum header of enum kind ek: 0 is "not sent", an unknown value S3L_ERR_ENUM. */
static void add_enum(struct bld *b, unsigned ek, unsigned v)
{
    const char *s = s3l_enum_name((enum s3l_enum_kind)ek, v);
    if (v == 0) return;
    if (s == NULL) b->err = S3L_ERR_ENUM;
    else add_str(b, s);
}

/* ---- checked values ------------------------------------------------------------------- */

/* Grantee list: type=value[, type=value...], type id | uri | emailAddress, value "quoted"
 * or bare. S3L_ERR_ENUM for another type, S3L_ERR_ARG for other malformations. */
static int check_grant(const char *s)
{
    static const char types[3][13] = {"id", "uri", "emailAddress"};
    size_t n, t;
    for (;;) {
        while (*s == ' ') s++;
        n = strcspn(s, "=");
        if (s[n] != '=') return S3L_ERR_ARG;
        for (t = 0;; t++) {
            if (t == sizeof types / sizeof types[0]) return S3L_ERR_ENUM;
            if (strlen(types[t]) == n && memcmp(types[t], s, n) == 0) break;
        }
        s += n + 1;
        if (*s == '"') {
            n = strcspn(++s, "\"");
            if (n == 0 || s[n] != '"') return S3L_ERR_ARG;
            n++;
        } else {
            n = strcspn(s, ", \"");
            if (n == 0) return S3L_ERR_ARG;
        }
        for (s += n; *s == ' '; s++) continue;
        if (*s == '\0') return S3L_OK;
        if (*s++ != ',') return S3L_ERR_ARG;
    }
}

/* Tagging: "k=v&k2=v2": no empty tag or key; bytes unreserved, '+' or %XX; at most 10 tags.
 * (An unreserved byte is one that URI-encoding keeps; s3l_uri_decode checks a %XX.) */
static int check_tagging(const char *s)
{
    unsigned tags = 1;
    size_t len = 0, n;
    int in_value = 0;
    for (;; s++) {
        char c = *s;
        if (c == '\0' || c == '&') {
            if (len == 0) return S3L_ERR_ARG;
            if (c == '\0') return tags <= 10 ? S3L_OK : S3L_ERR_RANGE;
            tags++;
            len = 0;
            in_value = 0;
        } else if (c == '=' && !in_value) {
            if (len == 0) return S3L_ERR_ARG;
            in_value = 1;
        } else if (c == '%' && s3l_uri_decode(s, 3, NULL, 0, &n) != S3L_ERR_ARG) {
            s += 2;
            len++;
        } else if (c == '+' || s3l_uri_encoded_len(s, 1, 0) == 1) {
            len++;
        } else {
            return S3L_ERR_ARG;
        }
    }
}

/* A checked header (NULL: not sent): no CR/LF/NUL, then the kind's syntax. */
static void add_checked(struct bld *b, unsigned kind, const char *s, size_t nbytes)
{
    int rc = S3L_OK;
    if (s == NULL) return;
    if (!s3l_is_safe_value(s, strlen(s))) rc = S3L_ERR_BAD_CHAR;
    else if (kind == K_GRANT) rc = check_grant(s);
    else if (kind == K_TAGGING) rc = check_tagging(s);
    else if (kind == K_REDIRECT) {
        if (s[0] != '/' && strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) rc = S3L_ERR_ARG;
    } else if (!s3l_req_b64_is(s, nbytes)) rc = S3L_ERR_BAD_BASE64;
    if (rc != S3L_OK) b->err = rc;
    else add_str(b, s);
}

/* ---- dates ----------------------------------------------------------------------------- */

/*
 * A date header: ISO 8601 "YYYY-MM-DDTHH:MM:SS[.f](Z|+00:00)" or decimal Unix seconds in,
 * an IMF-fixdate (http != 0) or ISO 8601 "YYYY-MM-DDTHH:MM:SS[.f]Z" out. Years 1970..9999.
 * The calendar is s3lite/date's; the text is formatted in place in the arena.
 */
static void add_date(struct bld *b, const char *s, int http)
{
    struct s3l_tm tm;
    size_t fl = 0, len, i;
    int64_t t = 0;
    int rc;
    char *o;
    /* at most 13 digits are read: < 10^13, no overflow */
    for (i = 0; i < 13 && s[i] >= '0' && s[i] <= '9'; i++) t = t * 10 + (s[i] - '0');
    if (i > 0 && i <= 12 && s[i] == '\0') {
        rc = s3l_date_from_unix(t, &tm); /* up to 9999-12-31T23:59:59Z */
    } else {
        rc = s3l_date_parse(s, S3L_DATE_ISO, &tm, &fl);
        if (rc == S3L_OK && tm.year < 1970) rc = S3L_ERR_BAD_DATE;
    }
    if (rc != S3L_OK) {
        b->err = S3L_ERR_BAD_DATE;
        return;
    }
    len = http ? S3L_DATE_HTTP_LEN : S3L_DATE_ISO_LEN + fl;
    o = alloc(b, len);
    if (o == NULL) return;
    s3l_date_format(&tm, http ? S3L_DATE_HTTP : S3L_DATE_ISO, o);
    if (!http) {
        memcpy(o + 19, s + 19, fl); /* the fraction, when an ISO input had one (fl <= 10) */
        o[19 + fl] = 'Z';
    }
    add(b, o, len);
}

/* ---- SSE-C and metadata ----------------------------------------------------------------- */

#define SSEC_KEY_LEN 32

static void add_ssec(struct bld *b, const struct s3l_sse_c *c)
{
    char *k;
    size_t n;
    if (c->algorithm == S3L_SSEC_NONE) {
        if (c->key != NULL || c->key_md5 != NULL) b->err = S3L_ERR_ARG; /* key without algorithm */
        return;
    }
    set_name(b, "x-amz-server-side-encryption-customer-algorithm");
    add_enum(b, S3L_EK_SSE_C_ALG, (unsigned)c->algorithm);
    if (b->err != S3L_OK) return;
    /* The key's MD5 comes from the caller (s3l_sse_c_key_md5()): MD5 is linked only into
     * images that use SSE-C. */
    if (c->key == NULL || c->key_md5 == NULL) b->err = S3L_ERR_ARG;
    else if (c->key_len != SSEC_KEY_LEN) b->err = S3L_ERR_RANGE;
    else if ((k = alloc(b, 44)) != NULL) {
        (void)s3l_base64_encode(c->key, SSEC_KEY_LEN, k, 44, &n);
        set_name(b, "x-amz-server-side-encryption-customer-key");
        add(b, k, 44);
        set_name(b, "x-amz-server-side-encryption-customer-key-MD5");
        if (b->err != S3L_OK) return;
        add_checked(b, K_MD5, c->key_md5, S3L_MD5_LEN);
    }
}

/* x-amz-meta-<name> for each entry: b->nm is the prefix (the row's name). */
static void add_meta(struct bld *b, const struct s3l_meta *m, size_t count)
{
    const char *prefix = b->nm;
    size_t total = 0, pl = b->nl;
    if (m == NULL && count > 0) b->err = S3L_ERR_ARG;
    for (; count > 0 && b->err == S3L_OK; count--, m++) {
        size_t nl, vl;
        if (m->name == NULL || m->value == NULL) {
            b->err = S3L_ERR_ARG;
            return;
        }
        nl = strlen(m->name);
        vl = strlen(m->value);
        total += nl + vl;
        if (!s3l_is_token(m->name, nl) || !s3l_is_safe_value(m->value, vl)) b->err = S3L_ERR_BAD_CHAR;
        else if (total > S3L_META_MAX) b->err = S3L_ERR_RANGE;
        else if ((b->nm = put(b, prefix, pl)) != NULL && put(b, m->name, nl) != NULL) {
            b->nl = pl + nl;
            add(b, m->value, vl);
        }
    }
}

/* How many bytes s starts with of a-z 0-9 - and also extra (a host name label's '.'). */
static size_t lower_span(const char *s, char extra)
{
    size_t n = 0;
    for (;; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == extra)) return n;
    }
}

/* ---- begin, query ------------------------------------------------------------------------ */

typedef const char *cstr;
typedef const struct s3l_meta *cmeta;
#define FIELD(p, off, type) (*(const type *)(const void *)((const char *)(p) + (off)))

/*
 * Check the target, write Host and the path. Path-style: /bucket[/key]; virtual-hosted:
 * Host bucket.host and /[key]. A bucket operation has key "" (object 0).
 */
static void begin(struct bld *b, struct s3l_request *req, struct s3l_arena *a,
                  const struct s3l_endpoint *ep, const void *p, const struct s3l_req_op *op)
{
    size_t blen, hlen, klen = 0;
    const char *host, *bucket = FIELD(p, op->bucket, cstr), *key = "";
    unsigned object = op->object;
    int err = S3L_ERR_ARG;
    memset(b, 0, sizeof *b);
    if (object) {
        key = FIELD(p, op->key, cstr);
        klen = FIELD(p, op->key_len, size_t);
    }
    if (req == NULL || a == NULL || a->buf == NULL || a->used > a->cap || ep == NULL ||
        ep->host == NULL || bucket == NULL || key == NULL) {
        goto out;
    }
    b->req = req;
    b->a = a;
    b->used0 = a->used;
    b->count0 = req->headers.count;
    host = ep->host;
    blen = strlen(bucket);
    hlen = strlen(host);
    if (klen == 0) klen = strlen(key);
    if (blen == 0 || hlen == 0 || (object && klen == 0) || memchr(bucket, '/', blen) != NULL) goto out;
    err = S3L_ERR_BAD_CHAR;
    /* A key may hold any byte but NUL (CR, LF, TAB included): it travels URI-encoded in the
     * path, where no byte of it can end a line. */
    if (!s3l_is_safe_value(bucket, blen) || !s3l_is_safe_value(host, hlen) ||
        memchr(key, '\0', klen) != NULL) {
        goto out;
    }
    err = S3L_ERR_RANGE;
    if (klen > S3L_KEY_MAX) goto out;
    err = S3L_ERR_ARG;
    if (ep->virtual_hosted) {
        /* the bucket becomes a host name label: a-z 0-9 - . (bucket holds no NUL) */
        if (lower_span(bucket, '.') != blen) goto out;
        host = put(b, bucket, blen);
        if (host == NULL || put_c(b, '.') == NULL || put(b, ep->host, hlen) == NULL) return;
        hlen += blen + 1;
    }
    b->path = a->used;
    if (!ep->virtual_hosted && put_seg(b, '/', bucket, blen, 0) == NULL) return;
    /* the key ("" for a bucket operation, which then has no path of its own when path-style) */
    if ((object || ep->virtual_hosted) && put_seg(b, '/', key, klen, S3L_URI_KEEP_SLASH) == NULL) return;
    b->path_end = a->used;
    set_name(b, "Host");
    add(b, host, hlen);
    return;
out:
    b->err = err;
}

/* Append one query parameter (name[=encoded value]); v NULL writes the bare name. They are
 * written one after the other right behind the path. */
static void query(struct bld *b, const char *v, size_t n)
{
    if (v != NULL && !s3l_is_safe_value(v, n)) {
        b->err = S3L_ERR_BAD_CHAR;
        return;
    }
    if ((b->query_end != 0 && put_c(b, '&') == NULL) || put(b, b->nm, b->nl) == NULL) return;
    if (v != NULL && put_seg(b, '=', v, n, 0) == NULL) return;
    b->query_end = b->a->used;
}

/* ---- the walk --------------------------------------------------------------------------- */

/* A query row (P_QUERY kinds): check its value, write it when set. */
static void query_row(struct bld *b, unsigned kind, unsigned ek, const char *q)
{
    const char *s = NULL;
    char d[10];
    size_t n = 0;
    if (kind == K_Q_STR || kind == K_Q_UPLOAD) {
        s = FIELD(q, 0, cstr);
        if (kind == K_Q_UPLOAD && (s == NULL || s[0] == '\0')) {
            b->err = S3L_ERR_ARG;
            return;
        }
    } else if (kind == K_Q_ENUM) {
        s = s3l_enum_name((enum s3l_enum_kind)ek, get_enum(q)); /* checked in P_CHECK */
    } else {
        uint32_t v = FIELD(q, 0, uint32_t);
        if (kind != K_Q_U32 && (v > 10000 || (v == 0 && kind == K_Q_PART))) {
            b->err = S3L_ERR_RANGE;
            return;
        }
        if (v != 0) {
            s = dec(v, d + sizeof d);
            n = (size_t)(d + sizeof d - s);
        }
    }
    if (s == NULL) return;
    if (n == 0) n = strlen(s);
    query(b, s, n);
}

/* A row of the P_CHECK phase. */
static void check_row(struct bld *b, const struct s3l_req_row *r, const void *p, const char *q)
{
    if (r->kind == K_Q_ENUM) {
        unsigned v = get_enum(q);
        if (v != 0 && s3l_enum_name((enum s3l_enum_kind)r->enum_kind, v) == NULL) b->err = S3L_ERR_ENUM;
    } else { /* K_LOCATION */
        const struct s3l_create_bucket_params *c = p;
        const char *s = c->location_constraint;
        size_t n = 0;
        if (s != NULL && (n = s3l_req_region_len(s)) == 0) b->err = S3L_ERR_ARG;
        /* the canned ACLs S3 accepts for a bucket are the first four */
        else if (c->acl > S3L_ACL_AUTHENTICATED_READ) b->err = S3L_ERR_ENUM;
        if (n != 0) b->body_len = S3L_REQ_CB_LEN(n);
    }
}

/* x-amz-checksum-<alg> with value s (NULL: not sent), and before it, with sdk,
 * x-amz-sdk-checksum-algorithm (b->nm) when an algorithm is set. */
static void add_checksum(struct bld *b, unsigned alg, const char *s, int sdk)
{
    size_t len = s3l_checksum_len((enum s3l_checksum_alg)alg);
    if (s == NULL && (!sdk || alg == 0)) return;
    if (len == 0) {
        b->err = alg == 0 ? S3L_ERR_ARG : S3L_ERR_ENUM;
        return;
    }
    if (sdk) {
        add_enum(b, S3L_EK_CHECKSUM_ALG, alg);
        if (b->err != S3L_OK) return;
    }
    set_name(b, s3l_checksum_header_name((enum s3l_checksum_alg)alg));
    add_checked(b, K_CHECKSUM, s, len);
}

/* A row of the P_HEADER phase. */
static void header_row(struct bld *b, const struct s3l_req_row *r, const void *p, const char *q)
{
    unsigned kind = r->kind;
    const char *s;
    char d[20];
    switch (kind) {
    case K_STR: add_str(b, FIELD(q, 0, cstr)); break;
    case K_HTTPDATE:
    case K_ISODATE:
        s = FIELD(q, 0, cstr);
        if (s != NULL) add_date(b, s, kind == K_HTTPDATE);
        break;
    case K_ENUM: add_enum(b, r->enum_kind, get_enum(q)); break;
    case K_U64: {
        uint64_t v = FIELD(q, 0, uint64_t);
        if (v != 0) {
            s = dec(v, d + sizeof d);
            add_gen(b, s, (size_t)(d + sizeof d - s));
        }
        break;
    }
    case K_LEN: b->body_len = FIELD(q, 0, uint64_t); break;
    case K_SSEC: add_ssec(b, (const struct s3l_sse_c *)(const void *)q); break;
    case K_KEEP: b->kept = q; break;
    case K_META: add_meta(b, FIELD(b->kept, 0, cmeta), FIELD(q, 0, size_t)); break;
    case K_CHECKSUM_SDK:
    case K_CHECKSUM:
        add_checksum(b, get_enum(b->kept), FIELD(q, 0, cstr), kind == K_CHECKSUM_SDK);
        break;
    case K_COMPLETE: {
        const struct s3l_complete_mpu_params *c = p;
        struct s3l_complete_body w;
        b->err = s3l_complete_body_init(&w, c->parts, c->part_count, c->checksum_algorithm);
        if (b->err == S3L_OK) b->body_len = w.len;
        break;
    }
    default: add_checked(b, kind, FIELD(q, 0, cstr), S3L_MD5_LEN); break; /* GRANT .. MD5 */
    }
}

/* The query parameters in canonical order (sorted by name, as SigV4 sorts them): each round
 * writes the smallest name above the one written last. The operation's subresource takes
 * part as a bare name. At most count + 1 rounds. */
static void queries(struct bld *b, const struct s3l_req_op *op, const void *p)
{
    const char *last = "";
    unsigned round;
    for (round = 0; round <= op->count && b->err == S3L_OK; round++) {
        const struct s3l_req_row *r, *next = NULL;
        const char *name = op->subresource;
        if (name != NULL && strcmp(name, last) <= 0) name = NULL;
        for (r = op->rows; r < op->rows + op->count; r++) {
            if ((kind_phases[r->kind] & P_QUERY) && strcmp(r->name, last) > 0 &&
                (name == NULL || strcmp(r->name, name) < 0)) {
                name = r->name;
                next = r;
            }
        }
        if (name == NULL) return;
        set_name(b, name);
        if (next == NULL) query(b, NULL, 0);
        else query_row(b, next->kind, next->enum_kind, (const char *)p + next->off);
        last = name;
    }
}

int s3l_req_build(struct s3l_request *req, struct s3l_arena *a, const struct s3l_endpoint *ep,
                  const void *p, const struct s3l_req_op *op)
{
    struct bld b;
    const struct s3l_req_row *r, *end = op->rows + op->count;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, a, ep, p, op);
    for (r = op->rows; r < end && b.err == S3L_OK; r++) {
        if (kind_phases[r->kind] & P_CHECK) check_row(&b, r, p, (const char *)p + r->off);
    }
    if (b.err == S3L_OK) queries(&b, op, p);
    for (r = op->rows; r < end && b.err == S3L_OK; r++) {
        if (!(kind_phases[r->kind] & P_HEADER)) continue;
        set_name(&b, r->name);
        header_row(&b, r, p, (const char *)p + r->off);
    }
    if (b.err != S3L_OK) {
        if (b.req != NULL) {
            /* the bytes may hold an SSE-C key: wipe, then give them back */
            s3l_wipe(a->buf + b.used0, a->used - b.used0);
            a->used = b.used0;
            req->headers.count = b.count0;
        }
        return b.err;
    }
    req->method = op->method;
    req->path = a->buf + b.path;
    req->path_len = b.path_end - b.path;
    req->query = b.query_end != 0 ? a->buf + b.path_end : NULL;
    req->query_len = b.query_end != 0 ? b.query_end - b.path_end : 0;
    req->body_len = b.body_len;
    req->has_body = op->has_body;
    return S3L_OK;
}

/* ---- the public builders ------------------------------------------------------------------ */

int s3l_build_create_mpu(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                         const struct s3l_create_mpu_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_create);
}

int s3l_build_put_object(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                         const struct s3l_put_object_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_put);
}

int s3l_build_upload_part(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                          const struct s3l_upload_part_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_part);
}

int s3l_build_complete_mpu(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                           const struct s3l_complete_mpu_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_complete);
}

int s3l_build_abort_mpu(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                        const struct s3l_abort_mpu_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_abort);
}

int s3l_build_list_parts(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                         const struct s3l_list_parts_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_lparts);
}

int s3l_build_list_uploads(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                           const struct s3l_list_uploads_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_luploads);
}

int s3l_build_head_object(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                          const struct s3l_head_object_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_head);
}

/* ---- shared with s3_req_bucket.c and s3_req_body.c ---------------------------------------------------------- */

size_t s3l_req_region_len(const char *r)
{
    size_t n = lower_span(r, '-');
    return r[n] == '\0' ? n : 0;
}

int s3l_req_b64_is(const char *s, size_t nbytes)
{
    uint8_t tmp[S3L_CHECKSUM_MAX_LEN];
    size_t n = 0;
    return s != NULL && nbytes <= sizeof tmp &&
           s3l_base64_decode(s, strlen(s), tmp, sizeof tmp, &n) == S3L_OK && n == nbytes;
}
