/*
 * S3 request builders: parameters -> struct s3l_request (see include/s3lite/s3_request.h).
 *
 * Every builder runs the same three steps over a small struct bld: begin (check the target,
 * write the Host value and the encoded path into the arena, append Host), query parameters
 * (appended contiguously into the arena right after the path), headers. Errors are sticky
 * in bld.err, so a builder is a straight list of calls and checks the result once at the end,
 * where a failure rolls the arena and the header array back.
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/hash.h"
#include "s3lite/s3_request.h"
#include "s3lite/uri.h"

struct bld {
    struct s3l_request *req;
    struct s3l_arena *a;
    size_t used0, count0; /* rollback point */
    int err;              /* first error, sticky */
    const char *path;
    size_t path_len;
    char *query; /* first query byte in the arena, NULL until one is written */
    size_t query_len;
};

static void fail(struct bld *b, int err)
{
    if (b->err == S3L_OK) b->err = err;
}

/* Copy n bytes to the end of the arena; NULL (and the error set) when it is full. */
static char *put(struct bld *b, const char *s, size_t n)
{
    char *p;
    if (b->err != S3L_OK) return NULL;
    p = s3l_arena_dup(b->a, s, n);
    if (p == NULL) fail(b, S3L_ERR_BUF_TOO_SMALL);
    return p;
}

/* URI-encode s[0..n) to the end of the arena. */
static void put_enc(struct bld *b, const char *s, size_t n, unsigned flags)
{
    size_t len = s3l_uri_encoded_len(s, n, flags);
    char *p;
    if (b->err != S3L_OK) return;
    p = s3l_arena_alloc(b->a, len);
    if (p == NULL) {
        fail(b, S3L_ERR_BUF_TOO_SMALL);
        return;
    }
    (void)s3l_uri_encode(s, n, flags, p, len, &len);
}

/* Decimal digits of v into out (at least 20 bytes); returns the length. */
static size_t fmt_u64(uint64_t v, char *out)
{
    char tmp[20];
    size_t n = 0, i;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

static void add(struct bld *b, const char *name, const char *v, size_t n)
{
    int rc;
    if (b->err != S3L_OK) return;
    rc = s3l_headers_add(&b->req->headers, name, strlen(name), v, n);
    if (rc != S3L_OK) fail(b, rc);
}

/* An optional string header: NULL is "not sent". */
static void add_str(struct bld *b, const char *name, const char *v)
{
    if (v != NULL) add(b, name, v, strlen(v));
}

/* An optional enum header: 0 is "not sent", an unknown value S3L_ERR_ENUM. */
static void add_enum(struct bld *b, const char *name, unsigned kind, unsigned v)
{
    const char *s = s3l_enum_name((enum s3l_enum_kind)kind, v);
    if (v == 0) return;
    if (s == NULL) fail(b, S3L_ERR_ENUM);
    else add_str(b, name, s);
}

static void add_u64(struct bld *b, const char *name, uint64_t v)
{
    char d[20];
    size_t n = fmt_u64(v, d);
    const char *p = put(b, d, n);
    if (p != NULL) add(b, name, p, n);
}

/* A given base64 value of nbytes bytes (NULL: not sent). */
static void add_b64(struct bld *b, const char *name, const char *v, size_t nbytes)
{
    if (v == NULL) return;
    if (!s3l_is_safe_value(v, strlen(v))) fail(b, S3L_ERR_BAD_CHAR);
    else if (!s3l_req_b64_is(v, nbytes)) fail(b, S3L_ERR_BAD_BASE64);
    else add_str(b, name, v);
}

/* x-amz-sdk-checksum-algorithm (when sdk) and x-amz-checksum-<alg>: value (when given). */
static void add_checksum(struct bld *b, unsigned alg, const char *value, int sdk)
{
    if (alg == 0 && value == NULL) return;
    if (s3l_cksum_len((enum s3l_cksum_alg)alg) == 0) {
        fail(b, alg == 0 ? S3L_ERR_ARG : S3L_ERR_ENUM);
        return;
    }
    if (sdk) add_enum(b, "x-amz-sdk-checksum-algorithm", S3L_EK_CHECKSUM_ALG, alg);
    add_b64(b, s3l_cksum_header_name((enum s3l_cksum_alg)alg), value, s3l_cksum_len((enum s3l_cksum_alg)alg));
}

/* ---- begin / end ------------------------------------------------------------------- */

static int is_host_label_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/*
 * Check the target, write Host and the path. key NULL: a bucket operation.
 * Path-style: /bucket[/key]; virtual-hosted: Host bucket.host and /[key].
 */
static void begin(struct bld *b, struct s3l_request *req, struct s3l_arena *a,
                  const struct s3l_endpoint *ep, const char *bucket, const char *key,
                  size_t key_len, int object)
{
    size_t blen, hlen, i, host_len;
    const char *host;
    memset(b, 0, sizeof *b);
    if (req == NULL || a == NULL || a->buf == NULL || a->used > a->cap || ep == NULL ||
        ep->host == NULL || bucket == NULL || (object && key == NULL)) {
        b->err = S3L_ERR_ARG;
        return;
    }
    b->req = req;
    b->a = a;
    b->used0 = a->used;
    b->count0 = req->headers.count;
    blen = strlen(bucket);
    hlen = strlen(ep->host);
    if (object && key_len == 0) key_len = strlen(key);
    if (blen == 0 || hlen == 0 || (object && key_len == 0) || memchr(bucket, '/', blen) != NULL) {
        fail(b, S3L_ERR_ARG);
    } else if (!s3l_is_safe_value(bucket, blen) || !s3l_is_safe_value(ep->host, hlen) ||
               (object && !s3l_is_safe_value(key, key_len))) {
        fail(b, S3L_ERR_BAD_CHAR);
    } else if (object && key_len > S3L_KEY_MAX) {
        fail(b, S3L_ERR_RANGE);
    }
    host = ep->host;
    host_len = hlen;
    if (ep->virtual_hosted) {
        for (i = 0; i < blen; i++) {
            if (!is_host_label_char(bucket[i])) fail(b, S3L_ERR_ARG);
        }
        host = put(b, bucket, blen);
        (void)put(b, ".", 1);
        (void)put(b, ep->host, hlen);
        host_len = blen + 1 + hlen;
    }
    b->path = b->err == S3L_OK ? b->a->buf + b->a->used : NULL;
    if (!ep->virtual_hosted) {
        (void)put(b, "/", 1);
        put_enc(b, bucket, blen, 0);
    }
    if (object || ep->virtual_hosted) (void)put(b, "/", 1);
    if (object) put_enc(b, key, key_len, S3L_URI_KEEP_SLASH);
    if (b->err == S3L_OK) b->path_len = (size_t)(b->a->buf + b->a->used - b->path);
    add(b, "Host", host, host_len);
}

/* Append one query parameter (name[=encoded value]); has_value 0 writes the bare name. */
static void query(struct bld *b, const char *name, const char *v, size_t n, int has_value)
{
    char *start;
    if (b->err != S3L_OK) return;
    if (has_value && !s3l_is_safe_value(v, n)) {
        fail(b, S3L_ERR_BAD_CHAR);
        return;
    }
    start = b->a->buf + b->a->used;
    if (b->query != NULL) (void)put(b, "&", 1);
    (void)put(b, name, strlen(name));
    if (has_value) {
        (void)put(b, "=", 1);
        put_enc(b, v, n, 0);
    }
    if (b->err != S3L_OK) return;
    if (b->query == NULL) b->query = start;
    b->query_len = (size_t)(b->a->buf + b->a->used - b->query);
}

static void query_str(struct bld *b, const char *name, const char *v)
{
    if (v != NULL) query(b, name, v, strlen(v), 1);
}

static void query_u32(struct bld *b, const char *name, uint32_t v)
{
    char d[20];
    if (v != 0) query(b, name, d, fmt_u64(v, d), 1);
}

/* A required upload id (uploadId=...). */
static void query_upload_id(struct bld *b, const char *upload_id)
{
    if (upload_id == NULL || upload_id[0] == '\0') fail(b, S3L_ERR_ARG);
    else query_str(b, "uploadId", upload_id);
}

/* Publish the request, or roll everything back. */
static int end(struct bld *b, const char *method, uint64_t body_len, unsigned has_body)
{
    struct s3l_request *r = b->req;
    if (b->err != S3L_OK) {
        if (r != NULL) {
            /* the bytes may hold an SSE-C key: wipe, then give them back */
            s3l_wipe(b->a->buf + b->used0, b->a->used - b->used0);
            b->a->used = b->used0;
            r->headers.count = b->count0;
        }
        return b->err;
    }
    r->method = method;
    r->path = b->path;
    r->path_len = b->path_len;
    r->query = b->query;
    r->query_len = b->query_len;
    r->body_len = body_len;
    r->has_body = has_body;
    return S3L_OK;
}

/* ---- dates --------------------------------------------------------------------------- */

static int is_leap(unsigned y)
{
    return y % 4u == 0 && (y % 100u != 0 || y % 400u == 0);
}

static unsigned month_days(unsigned y, unsigned m)
{
    static const unsigned char dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return dm[m - 1] + (m == 2 && is_leap(y) ? 1u : 0u);
}

/* The last day an HTTP-date can hold, 9999-12-31, in days since 1970-01-01. */
#define LAST_DAY 2932896u

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.f](Z|+00:00)" or decimal Unix seconds into f[] = year, month,
 * day, hour, minute, second, and f[6] = days since 1970-01-01. *frac and *frac_len: the ".f"
 * of an ISO input (else NULL, 0). S3L_ERR_BAD_DATE when malformed or outside 1970..9999.
 * Walking the calendar a year and a month at a time is slower than closed formulas (at most
 * 8030 + 12 steps) but a fraction of their code.
 */
static int parse_time(const char *s, unsigned f[7], const char **frac, size_t *frac_len)
{
    static const char tpl[] = "dddd-dd-ddTdd:dd:dd";
    static const unsigned short hi[6] = {9999, 12, 31, 23, 59, 59};
    size_t i, n = strlen(s), k = 0;
    unsigned days = 0, r = 0;
    *frac = NULL;
    *frac_len = 0;
    memset(f, 0, 7 * sizeof f[0]);
    if (n > 0 && n <= 12 && strspn(s, "0123456789") == n) {
        /* Unix seconds as days * 86400 + r, in 32 bits */
        for (i = 0; i < n; i++) {
            r = r * 10u + (unsigned)(s[i] - '0');
            days = days * 10u + r / 86400u;
            r %= 86400u;
            if (days > LAST_DAY) return S3L_ERR_BAD_DATE;
        }
        f[3] = r / 3600u;
        f[4] = r / 60u % 60u;
        f[5] = r % 60u;
        f[6] = days;
        for (f[0] = 1970; days >= (is_leap(f[0]) ? 366u : 365u); f[0]++) {
            days -= is_leap(f[0]) ? 366u : 365u;
        }
        for (f[1] = 1; days >= month_days(f[0], f[1]); f[1]++) days -= month_days(f[0], f[1]);
        f[2] = days + 1u;
        return S3L_OK;
    }
    if (n < 20) return S3L_ERR_BAD_DATE;
    for (i = 0; i < 19; i++) {
        if (tpl[i] != 'd') {
            if (s[i] != tpl[i]) return S3L_ERR_BAD_DATE;
            k++;
        } else if (s[i] >= '0' && s[i] <= '9') {
            f[k] = f[k] * 10u + (unsigned)(s[i] - '0');
        } else {
            return S3L_ERR_BAD_DATE;
        }
    }
    if (s[i] == '.') {
        *frac = s + i;
        for (i++; s[i] >= '0' && s[i] <= '9'; i++) continue;
        *frac_len = (size_t)(s + i - *frac);
        if (*frac_len < 2 || *frac_len > 10) return S3L_ERR_BAD_DATE;
    }
    if (strcmp(s + i, "Z") != 0 && strcmp(s + i, "+00:00") != 0) return S3L_ERR_BAD_DATE;
    for (k = 0; k < 6; k++) {
        if (f[k] > hi[k]) return S3L_ERR_BAD_DATE;
    }
    if (f[0] < 1970 || f[1] < 1 || f[2] < 1 || f[2] > month_days(f[0], f[1])) return S3L_ERR_BAD_DATE;
    /* days since 1970 (only the weekday of an HTTP-date needs them) */
    for (k = 1970; k < f[0]; k++) f[6] += is_leap((unsigned)k) ? 366u : 365u;
    for (k = 1; k < f[1]; k++) f[6] += month_days(f[0], (unsigned)k);
    f[6] += f[2] - 1u;
    return S3L_OK;
}

/* A date header: as an IMF-fixdate "Thu, 10 Jan 2030 00:04:06 GMT" (http != 0) or as
 * ISO 8601 "2030-01-10T00:04:06[.f]Z". NULL is "not sent". */
static void add_date(struct bld *b, const char *name, const char *v, int http)
{
    static const char wd[] = "ThuFriSatSunMonTueWed"; /* 1970-01-01 was a Thursday */
    static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    /* where the two digits of century, year, month, day, hour, minute, second go */
    static const unsigned char at[2][7] = {{0, 2, 5, 8, 11, 14, 17}, {12, 14, 0, 5, 17, 20, 23}};
    unsigned f[7], g[7], k;
    const char *frac;
    size_t n;
    char o[32];
    int rc;
    if (v == NULL) return;
    rc = parse_time(v, f, &frac, &n);
    if (rc != S3L_OK) {
        fail(b, rc);
        return;
    }
    g[0] = f[0] / 100u;
    for (k = 0; k < 6; k++) g[k + 1] = f[k] % 100u;
    memcpy(o, http ? "Www, 00 Mon 0000 00:00:00 GMT" : "0000-00-00T00:00:00", http ? 29u : 19u);
    for (k = 0; k < 7; k++) {
        if (http && k == 2) continue; /* the month is a name */
        o[at[http != 0][k]] = (char)('0' + g[k] / 10u);
        o[at[http != 0][k] + 1] = (char)('0' + g[k] % 10u);
    }
    if (http) {
        memcpy(o, wd + 3 * (f[6] % 7u), 3);
        memcpy(o + 8, mon + 3 * (f[1] - 1u), 3);
        n = 29;
    } else {
        if (n > 0) memcpy(o + 19, frac, n); /* n <= 10 */
        n += 19;
        o[n++] = 'Z';
    }
    v = put(b, o, n);
    if (v != NULL) add(b, name, v, n);
}

/* ---- checked string headers ------------------------------------------------------------ */

/* Grantee list: type=value[, type=value...], type id | uri | emailAddress, value "quoted"
 * or bare. S3L_ERR_ENUM for another type, S3L_ERR_ARG for other malformations. */
static int check_grant(const char *s)
{
    static const char *const types[] = {"id", "uri", "emailAddress"};
    size_t i, n;
    for (;;) {
        while (*s == ' ') s++;
        n = strcspn(s, "=");
        if (s[n] != '=') return S3L_ERR_ARG;
        for (i = 0; i < 3; i++) {
            if (strlen(types[i]) == n && memcmp(types[i], s, n) == 0) break;
        }
        if (i == 3) return S3L_ERR_ENUM;
        s += n + 1;
        if (*s == '"') {
            n = strcspn(s + 1, "\"");
            if (n == 0 || s[n + 1] != '"') return S3L_ERR_ARG;
            s += n + 2;
        } else {
            n = strcspn(s, ", \"");
            if (n == 0) return S3L_ERR_ARG;
            s += n;
        }
        while (*s == ' ') s++;
        if (*s == '\0') return S3L_OK;
        if (*s++ != ',') return S3L_ERR_ARG;
    }
}

static int hexdig(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* Tagging: "k=v&k2=v2": non-empty keys; bytes unreserved, '+' or %XX; at most 10 tags. */
static int check_tagging(const char *s)
{
    unsigned tags = 1;
    size_t klen = 0;
    int in_value = 0;
    for (;; s++) {
        char c = *s;
        if (c == '\0' || c == '&') {
            if (klen == 0) return S3L_ERR_ARG;
            if (c == '\0') return tags <= 10 ? S3L_OK : S3L_ERR_RANGE;
            tags++;
            klen = 0;
            in_value = 0;
        } else if (c == '=' && !in_value) {
            if (klen == 0) return S3L_ERR_ARG;
            in_value = 1;
        } else if (c == '%' && hexdig(s[1]) && hexdig(s[2])) {
            s += 2;
            klen++;
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '.' || c == '_' || c == '~' || c == '+') {
            klen++;
        } else {
            return S3L_ERR_ARG;
        }
    }
}

static int check_redirect(const char *s)
{
    return s[0] == '/' || strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0
               ? S3L_OK
               : S3L_ERR_ARG;
}

/* A header whose value is checked by fn first (NULL: not sent). */
static void add_checked(struct bld *b, const char *name, const char *v, int (*fn)(const char *))
{
    int rc;
    if (v == NULL || b->err != S3L_OK) return;
    rc = s3l_is_safe_value(v, strlen(v)) ? fn(v) : S3L_ERR_BAD_CHAR;
    if (rc != S3L_OK) fail(b, rc);
    else add_str(b, name, v);
}

/* ---- SSE-C --------------------------------------------------------------------------- */

#define SSEC_KEY_LEN 32

static void add_ssec(struct bld *b, const struct s3l_sse_c *c)
{
    char *k, *m;
    size_t n;
    uint8_t md5[S3L_MD5_LEN];
    s3l_md5_ctx ctx;
    if (c->algorithm == S3L_SSEC_NONE) {
        if (c->key != NULL || c->key_md5 != NULL) fail(b, S3L_ERR_ARG); /* key without algorithm */
        return;
    }
    add_enum(b, "x-amz-server-side-encryption-customer-algorithm", S3L_EK_SSE_C_ALG,
             (unsigned)c->algorithm);
    if (c->key == NULL) fail(b, S3L_ERR_ARG);
    else if (c->key_len != SSEC_KEY_LEN) fail(b, S3L_ERR_RANGE);
    if (b->err != S3L_OK) return;
    k = s3l_arena_alloc(b->a, 44);
    if (k == NULL) {
        fail(b, S3L_ERR_BUF_TOO_SMALL);
        return;
    }
    (void)s3l_base64_encode(c->key, SSEC_KEY_LEN, k, 44, &n);
    add(b, "x-amz-server-side-encryption-customer-key", k, 44);
    if (c->key_md5 != NULL) {
        add_b64(b, "x-amz-server-side-encryption-customer-key-MD5", c->key_md5, S3L_MD5_LEN);
        return;
    }
    m = s3l_arena_alloc(b->a, 24);
    if (m == NULL) {
        fail(b, S3L_ERR_BUF_TOO_SMALL);
        return;
    }
    if (s3l_md5_start(&ctx) != 0 || s3l_md5_update(&ctx, c->key, SSEC_KEY_LEN) != 0 ||
        s3l_md5_finish(&ctx, md5) != 0) {
        s3l_md5_wipe(&ctx);
        fail(b, S3L_ERR_HASH);
        return;
    }
    (void)s3l_base64_encode(md5, sizeof md5, m, 24, &n);
    add(b, "x-amz-server-side-encryption-customer-key-MD5", m, 24);
}

/* ---- the object attributes (CreateMultipartUpload, PutObject) ------------------------- */

enum { K_STR, K_ENUM, K_HTTPDATE, K_ISODATE, K_GRANT, K_TAGGING, K_REDIRECT, K_META, K_SSEC,
       K_PAYER, K_OWNER };

/* One row per header, in the order of the API reference page. off: offset of the string
 * field in struct s3l_object_attrs, or for K_ENUM the index in add_attrs()'s ev[] (enum
 * fields are read by name there: their size varies with -fshort-enums). */
struct attr_row {
    const char *name;
    unsigned char kind, ek, off;
};

#define F(f) ((unsigned char)offsetof(struct s3l_object_attrs, f))
static const struct attr_row attr_rows[] = {
    {"x-amz-acl", K_ENUM, S3L_EK_ACL, 0},
    {"Cache-Control", K_STR, 0, F(cache_control)},
    {"Content-Disposition", K_STR, 0, F(content_disposition)},
    {"Content-Encoding", K_STR, 0, F(content_encoding)},
    {"Content-Language", K_STR, 0, F(content_language)},
    {"Content-Type", K_STR, 0, F(content_type)},
    {"Expires", K_HTTPDATE, 0, F(expires)},
    {"x-amz-grant-full-control", K_GRANT, 0, F(grant_full_control)},
    {"x-amz-grant-read", K_GRANT, 0, F(grant_read)},
    {"x-amz-grant-read-acp", K_GRANT, 0, F(grant_read_acp)},
    {"x-amz-grant-write-acp", K_GRANT, 0, F(grant_write_acp)},
    {NULL, K_META, 0, 0},
    {"x-amz-server-side-encryption", K_ENUM, S3L_EK_SSE, 1},
    {"x-amz-storage-class", K_ENUM, S3L_EK_STORAGE_CLASS, 2},
    {"x-amz-website-redirect-location", K_REDIRECT, 0, F(website_redirect_location)},
    {NULL, K_SSEC, 0, 0},
    {"x-amz-server-side-encryption-aws-kms-key-id", K_STR, 0, F(sse_kms_key_id)},
    {"x-amz-server-side-encryption-context", K_STR, 0, F(sse_kms_context)},
    {"x-amz-server-side-encryption-bucket-key-enabled", K_ENUM, S3L_EK_BOOL, 3},
    {NULL, K_PAYER, 0, 0},
    {"x-amz-tagging", K_TAGGING, 0, F(tagging)},
    {"x-amz-object-lock-mode", K_ENUM, S3L_EK_LOCK_MODE, 4},
    {"x-amz-object-lock-retain-until-date", K_ISODATE, 0, F(object_lock_retain_until)},
    {"x-amz-object-lock-legal-hold", K_ENUM, S3L_EK_LEGAL_HOLD, 5},
    {NULL, K_OWNER, 0, 0},
};
/* offsets must fit the table's byte */
typedef char s3l_attrs_offsets_fit[sizeof(struct s3l_object_attrs) < 256 ? 1 : -1];

static void add_payer_owner(struct bld *b, enum s3l_request_payer payer, const char *owner,
                            int which)
{
    if (which & 1) add_enum(b, "x-amz-request-payer", S3L_EK_REQUEST_PAYER, (unsigned)payer);
    if (which & 2) add_str(b, "x-amz-expected-bucket-owner", owner);
}

static void add_meta(struct bld *b, const struct s3l_object_attrs *o)
{
    size_t i, total = 0;
    if (o->metadata == NULL && o->metadata_count > 0) fail(b, S3L_ERR_ARG);
    for (i = 0; i < o->metadata_count && b->err == S3L_OK; i++) {
        const struct s3l_meta *m = &o->metadata[i];
        size_t nl, vl;
        char *name;
        if (m->name == NULL || m->value == NULL) {
            fail(b, S3L_ERR_ARG);
            return;
        }
        nl = strlen(m->name);
        vl = strlen(m->value);
        total += nl + vl;
        if (!s3l_is_token(m->name, nl) || !s3l_is_safe_value(m->value, vl)) fail(b, S3L_ERR_BAD_CHAR);
        else if (total > S3L_META_MAX) fail(b, S3L_ERR_RANGE);
        name = put(b, "x-amz-meta-", 11);
        (void)put(b, m->name, nl);
        if (name != NULL && b->err == S3L_OK) {
            int rc = s3l_headers_add(&b->req->headers, name, 11 + nl, m->value, vl);
            if (rc != S3L_OK) fail(b, rc);
        }
    }
}

static void add_attrs(struct bld *b, const struct s3l_object_attrs *o, const struct s3l_sse_c *c,
                      enum s3l_request_payer payer, const char *owner)
{
    const unsigned ev[6] = {(unsigned)o->acl, (unsigned)o->sse, (unsigned)o->storage_class,
                            (unsigned)o->bucket_key_enabled, (unsigned)o->object_lock_mode,
                            (unsigned)o->object_lock_legal_hold};
    size_t i;
    for (i = 0; i < sizeof attr_rows / sizeof attr_rows[0]; i++) {
        const struct attr_row *r = &attr_rows[i];
        const char *s = NULL;
        if (r->kind != K_ENUM && r->kind < K_META) {
            s = *(const char *const *)(const void *)((const char *)o + r->off);
        }
        switch (r->kind) {
        case K_STR: add_str(b, r->name, s); break;
        case K_ENUM: add_enum(b, r->name, r->ek, ev[r->off]); break;
        case K_HTTPDATE: add_date(b, r->name, s, 1); break;
        case K_ISODATE: add_date(b, r->name, s, 0); break;
        case K_GRANT: add_checked(b, r->name, s, check_grant); break;
        case K_TAGGING: add_checked(b, r->name, s, check_tagging); break;
        case K_REDIRECT: add_checked(b, r->name, s, check_redirect); break;
        case K_META: add_meta(b, o); break;
        case K_SSEC: add_ssec(b, c); break;
        case K_PAYER: add_payer_owner(b, payer, NULL, 1); break;
        default: add_payer_owner(b, payer, owner, 2); break;
        }
    }
}

/* ---- the builders ------------------------------------------------------------------------ */

int s3l_build_create_mpu(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_create_mpu_params *p)
{
    struct bld b;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    query(&b, "uploads", NULL, 0, 0);
    add_attrs(&b, &p->attrs, &p->sse_c, p->request_payer, p->expected_bucket_owner);
    add_enum(&b, "x-amz-checksum-algorithm", S3L_EK_CHECKSUM_ALG, (unsigned)p->checksum_algorithm);
    add_enum(&b, "x-amz-checksum-type", S3L_EK_CHECKSUM_TYPE, (unsigned)p->checksum_type);
    return end(&b, "POST", 0, 1);
}

int s3l_build_put_object(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_put_object_params *p)
{
    struct bld b;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    add_attrs(&b, &p->attrs, &p->sse_c, p->request_payer, p->expected_bucket_owner);
    add_b64(&b, "Content-MD5", p->content_md5, S3L_MD5_LEN);
    add_checksum(&b, (unsigned)p->checksum_algorithm, p->checksum_value, 1);
    add_str(&b, "If-Match", p->if_match);
    add_str(&b, "If-None-Match", p->if_none_match);
    return end(&b, "PUT", p->content_length, 1);
}

int s3l_build_upload_part(struct s3l_request *req, struct s3l_arena *arena,
                          const struct s3l_endpoint *ep, const struct s3l_upload_part_params *p)
{
    struct bld b;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    if (p->part_number < 1 || p->part_number > 10000) fail(&b, S3L_ERR_RANGE);
    query_u32(&b, "partNumber", p->part_number);
    query_upload_id(&b, p->upload_id);
    add_b64(&b, "Content-MD5", p->content_md5, S3L_MD5_LEN);
    add_checksum(&b, (unsigned)p->checksum_algorithm, p->checksum_value, 1);
    add_ssec(&b, &p->sse_c);
    add_payer_owner(&b, p->request_payer, p->expected_bucket_owner, 3);
    return end(&b, "PUT", p->content_length, 1);
}

int s3l_build_complete_mpu(struct s3l_request *req, struct s3l_arena *arena,
                           const struct s3l_endpoint *ep, const struct s3l_complete_mpu_params *p)
{
    struct bld b;
    struct s3l_complete_body w;
    int rc;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    query_upload_id(&b, p->upload_id);
    rc = s3l_complete_body_init(&w, p->parts, p->part_count, p->checksum_algorithm);
    if (rc != S3L_OK) fail(&b, rc);
    add_checksum(&b, p->checksum_value != NULL ? (unsigned)p->checksum_algorithm : 0,
                 p->checksum_value, 0);
    add_enum(&b, "x-amz-checksum-type", S3L_EK_CHECKSUM_TYPE, (unsigned)p->checksum_type);
    if (p->mpu_object_size != 0) add_u64(&b, "x-amz-mp-object-size", p->mpu_object_size);
    add_ssec(&b, &p->sse_c);
    add_payer_owner(&b, p->request_payer, p->expected_bucket_owner, 3);
    add_str(&b, "If-Match", p->if_match);
    add_str(&b, "If-None-Match", p->if_none_match);
    return end(&b, "POST", rc == S3L_OK ? s3l_complete_body_len(&w) : 0, 1);
}

int s3l_build_abort_mpu(struct s3l_request *req, struct s3l_arena *arena,
                        const struct s3l_endpoint *ep, const struct s3l_abort_mpu_params *p)
{
    struct bld b;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    query_upload_id(&b, p->upload_id);
    add_payer_owner(&b, p->request_payer, p->expected_bucket_owner, 3);
    return end(&b, "DELETE", 0, 0);
}

int s3l_build_list_parts(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_list_parts_params *p)
{
    struct bld b;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    query_u32(&b, "max-parts", p->max_parts);
    query_u32(&b, "part-number-marker", p->part_number_marker);
    query_upload_id(&b, p->upload_id);
    add_payer_owner(&b, p->request_payer, p->expected_bucket_owner, 3);
    add_ssec(&b, &p->sse_c);
    return end(&b, "GET", 0, 0);
}

int s3l_build_list_uploads(struct s3l_request *req, struct s3l_arena *arena,
                           const struct s3l_endpoint *ep, const struct s3l_list_uploads_params *p)
{
    struct bld b;
    const char *enc;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, NULL, 0, 0);
    enc = s3l_enum_name(S3L_EK_ENCODING_TYPE, (unsigned)p->encoding_type);
    if (p->encoding_type != S3L_ENCODING_NONE && enc == NULL) fail(&b, S3L_ERR_ENUM);
    /* sorted by name: '-' < 's' puts upload-id-marker before uploads */
    query_str(&b, "delimiter", p->delimiter);
    query_str(&b, "encoding-type", enc);
    query_str(&b, "key-marker", p->key_marker);
    query_u32(&b, "max-uploads", p->max_uploads);
    query_str(&b, "prefix", p->prefix);
    query_str(&b, "upload-id-marker", p->upload_id_marker);
    query(&b, "uploads", NULL, 0, 0);
    add_payer_owner(&b, p->request_payer, p->expected_bucket_owner, 3);
    return end(&b, "GET", 0, 0);
}

static int build_read(struct s3l_request *req, struct s3l_arena *arena,
                      const struct s3l_endpoint *ep, const struct s3l_get_object_params *p,
                      const char *method)
{
    struct bld b;
    begin(&b, req, arena, ep, p->bucket, p->key, p->key_len, 1);
    if (p->part_number > 10000) fail(&b, S3L_ERR_RANGE);
    query_u32(&b, "partNumber", p->part_number);
    query_str(&b, "versionId", p->version_id);
    add_str(&b, "If-Match", p->if_match);
    add_date(&b, "If-Modified-Since", p->if_modified_since, 1);
    add_str(&b, "If-None-Match", p->if_none_match);
    add_date(&b, "If-Unmodified-Since", p->if_unmodified_since, 1);
    add_str(&b, "Range", p->range);
    add_ssec(&b, &p->sse_c);
    add_payer_owner(&b, p->request_payer, p->expected_bucket_owner, 3);
    add_enum(&b, "x-amz-checksum-mode", S3L_EK_CHECKSUM_MODE, (unsigned)p->checksum_mode);
    return end(&b, method, 0, 0);
}

int s3l_build_get_object(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_get_object_params *p)
{
    return p == NULL ? S3L_ERR_ARG : build_read(req, arena, ep, p, "GET");
}

int s3l_build_head_object(struct s3l_request *req, struct s3l_arena *arena,
                          const struct s3l_endpoint *ep, const struct s3l_head_object_params *p)
{
    struct s3l_get_object_params g;
    if (p == NULL) return S3L_ERR_ARG;
    g.bucket = p->bucket;
    g.key = p->key;
    g.key_len = p->key_len;
    g.version_id = p->version_id;
    g.part_number = p->part_number;
    g.if_match = p->if_match;
    g.if_modified_since = p->if_modified_since;
    g.if_none_match = p->if_none_match;
    g.if_unmodified_since = p->if_unmodified_since;
    g.range = p->range;
    g.sse_c = p->sse_c;
    g.request_payer = p->request_payer;
    g.expected_bucket_owner = p->expected_bucket_owner;
    g.checksum_mode = p->checksum_mode;
    return build_read(req, arena, ep, &g, "HEAD");
}

static const char cb_head[] =
    "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<LocationConstraint>";
static const char cb_tail[] = "</LocationConstraint></CreateBucketConfiguration>";

/* Length of the CreateBucket body, 0 without a constraint; S3L_ERR_ARG in *rc when the
 * region is not [a-z0-9-]+. */
static size_t cb_len(const char *region, int *rc)
{
    size_t n;
    *rc = S3L_OK;
    if (region == NULL) return 0;
    n = strlen(region);
    if (n == 0 || strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-") != n) *rc = S3L_ERR_ARG;
    return sizeof cb_head - 1 + n + sizeof cb_tail - 1;
}

int s3l_create_bucket_body(const struct s3l_create_bucket_params *p, char *out, size_t cap,
                           size_t *len)
{
    int rc;
    size_t n, r;
    if (p == NULL || len == NULL) return S3L_ERR_ARG;
    n = cb_len(p->location_constraint, &rc);
    if (rc != S3L_OK) return rc;
    *len = n;
    if (n == 0) return S3L_OK;
    if (out == NULL || n > cap) return S3L_ERR_BUF_TOO_SMALL;
    r = strlen(p->location_constraint);
    memcpy(out, cb_head, sizeof cb_head - 1);
    memcpy(out + sizeof cb_head - 1, p->location_constraint, r);
    memcpy(out + sizeof cb_head - 1 + r, cb_tail, sizeof cb_tail - 1);
    return S3L_OK;
}

int s3l_build_create_bucket(struct s3l_request *req, struct s3l_arena *arena,
                            const struct s3l_endpoint *ep,
                            const struct s3l_create_bucket_params *p)
{
    struct bld b;
    int rc;
    size_t body;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, arena, ep, p->bucket, NULL, 0, 0);
    body = cb_len(p->location_constraint, &rc);
    if (rc != S3L_OK) fail(&b, rc);
    /* the canned ACLs S3 accepts for a bucket are the first four */
    if (p->acl > S3L_ACL_AUTHENTICATED_READ) fail(&b, S3L_ERR_ENUM);
    add_enum(&b, "x-amz-acl", S3L_EK_ACL, (unsigned)p->acl);
    add_checked(&b, "x-amz-grant-full-control", p->grant_full_control, check_grant);
    add_checked(&b, "x-amz-grant-read", p->grant_read, check_grant);
    add_checked(&b, "x-amz-grant-read-acp", p->grant_read_acp, check_grant);
    add_checked(&b, "x-amz-grant-write", p->grant_write, check_grant);
    add_checked(&b, "x-amz-grant-write-acp", p->grant_write_acp, check_grant);
    add_enum(&b, "x-amz-bucket-object-lock-enabled", S3L_EK_BOOL, (unsigned)p->object_lock_enabled);
    add_enum(&b, "x-amz-object-ownership", S3L_EK_OBJECT_OWNERSHIP, (unsigned)p->object_ownership);
    return end(&b, "PUT", body, 1);
}
