/*
 * AWS Signature Version 4 (see include/s3lite/sigv4.h).
 *
 * Shape: every byte of the canonical request and of the string to sign goes through one small
 * writer (struct wr) that either stages bytes for a running SHA-256 or copies them into a
 * bounded caller buffer (Authorization value, presigned query). Nothing is materialised: the
 * canonical URI, query and headers are produced on the fly from the caller's slices.
 *  - headers: the caller's array is insertion-sorted in place (stable, so repeated headers keep
 *    their order); the headers the signer adds live in a 3-entry array merged in while walking,
 *    so nothing is appended to the caller's array before the signature exists;
 *  - query: parameters are emitted by repeated selection of the next larger one (O(n^2), no
 *    storage), each name and value decoded and re-encoded on the fly;
 *  - HMAC: on the s3l_sha256_* seam; the key pad lives only inside hmac_pad() and is wiped.
 */
#include <string.h>

#include "s3lite/sigv4.h"
#include "s3lite/hash.h"
#include "s3lite/uri.h"

#define NL "\n"

static const char k_hex_up[] = "0123456789ABCDEF";
static const char k_algo[] = "AWS4-HMAC-SHA256";
/* Names the signer adds or replaces, in the order of job.idx[]. */
static const char *const k_names[4] = {"X-Amz-Date", "x-amz-content-sha256",
                                       "X-Amz-Security-Token", "Authorization"};
enum { SP_DATE, SP_SHA, SP_TOKEN, SP_AUTHZ };

/* ---- small character helpers ------------------------------------------------------------ */

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int unreserved(unsigned c)
{
    return (c - 'a' < 26u) || (c - 'A' < 26u) || (c - '0' < 10u) || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

static int hexv(int c)
{
    c = lower(c);
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t';
}

/* Case-insensitive order of header names (ASCII lower case), length last. */
static int name_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i, n = na < nb ? na : nb;
    for (i = 0; i < n; i++) {
        int d = lower((unsigned char)a[i]) - lower((unsigned char)b[i]);
        if (d != 0) return d;
    }
    return (na > nb) - (na < nb);
}

static int name_is(const struct s3l_header *h, const char *name)
{
    return name_cmp(h->name, h->name_len, name, strlen(name)) == 0;
}

/* ---- the writer ---------------------------------------------------------------------------- */

struct wr {
    s3l_sha256_ctx sha;
    const struct s3l_sigv4 *sig; /* for the trace hook */
    char *out;                   /* buffer mode when non-NULL: out[0..cap) */
    size_t cap;
    size_t len;                  /* buffer mode: bytes written; hash mode: bytes staged */
    int what;                    /* trace channel of the hashed bytes */
    int rc;                      /* first error, sticky */
    unsigned enc;                /* URI-encode every byte put with wr_put() */
    char stage[64];              /* batches small pieces into whole SHA-256 blocks */
};

static void wr_flush(struct wr *w)
{
    if (w->out != NULL || w->len == 0) return;
    if (w->sig->trace != NULL) w->sig->trace(w->sig->trace_ctx, w->what, w->stage, w->len);
    if (w->rc == S3L_OK) w->rc = s3l_sha256_update(&w->sha, w->stage, w->len);
    w->len = 0;
}

static void wr_raw(struct wr *w, const char *p, size_t n)
{
    if (w->out != NULL) {
        if (n > w->cap - w->len) {
            w->rc = S3L_ERR_BUF_TOO_SMALL;
            return;
        }
        memcpy(w->out + w->len, p, n);
        w->len += n;
        return;
    }
    while (n > 0) {
        size_t k = sizeof w->stage - w->len;
        if (k > n) k = n;
        memcpy(w->stage + w->len, p, k);
        w->len += k;
        p += k;
        n -= k;
        if (w->len == sizeof w->stage) wr_flush(w);
    }
}

static void wr_esc(struct wr *w, unsigned c)
{
    char e[3];
    e[0] = '%';
    e[1] = k_hex_up[(c >> 4) & 15u];
    e[2] = k_hex_up[c & 15u];
    wr_raw(w, e, 3);
}

/* Write n bytes, URI-encoded when w->enc is set. */
static void wr_put(struct wr *w, const char *p, size_t n)
{
    size_t i;
    if (!w->enc) {
        wr_raw(w, p, n);
        return;
    }
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)p[i];
        if (unreserved(c)) {
            wr_raw(w, p + i, 1);
        } else {
            wr_esc(w, c);
        }
    }
}

static void wr_str(struct wr *w, const char *s)
{
    wr_put(w, s, strlen(s));
}

static void wr_lower(struct wr *w, const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char c = (char)lower((unsigned char)p[i]);
        wr_put(w, &c, 1);
    }
}

static void wr_hash_mode(struct wr *w, int what)
{
    w->out = NULL;
    w->len = 0;
    w->what = what;
    w->enc = 0;
}

/* ---- HMAC-SHA256 on the hash seam ------------------------------------------------------- */

/* Start c on (key ^ x), key being a[0..na) then b[0..nb) zero-padded to a block (na+nb <= 64). */
static int hmac_pad(s3l_sha256_ctx *c, const uint8_t *a, size_t na, const uint8_t *b, size_t nb,
                    uint8_t x)
{
    uint8_t pad[64];
    size_t i;
    int rc;
    for (i = 0; i < sizeof pad; i++) {
        uint8_t k = 0;
        if (i < na) {
            k = a[i];
        } else if (i - na < nb) {
            k = b[i - na];
        }
        pad[i] = (uint8_t)(k ^ x);
    }
    rc = s3l_sha256_start(c);
    if (rc == S3L_OK) rc = s3l_sha256_update(c, pad, sizeof pad);
    s3l_wipe(pad, sizeof pad);
    return rc;
}

/* Finish an HMAC started with hmac_pad(key, 0x36) and fed the message. out may alias the key:
 * it is written last. The context is wiped on every path. */
static int hmac_end(s3l_sha256_ctx *c, int rc, const uint8_t *a, size_t na, const uint8_t *b,
                    size_t nb, uint8_t out[32])
{
    uint8_t inner[32];
    if (rc == S3L_OK) rc = s3l_sha256_finish(c, inner);
    if (rc == S3L_OK) rc = hmac_pad(c, a, na, b, nb, 0x5c);
    if (rc == S3L_OK) rc = s3l_sha256_update(c, inner, sizeof inner);
    if (rc == S3L_OK) {
        rc = s3l_sha256_finish(c, out);
    } else {
        s3l_sha256_wipe(c);
    }
    s3l_wipe(inner, sizeof inner);
    return rc;
}

/* The signing key for the request's date: cached in sig->signing_key for key_date. The secret
 * is read only here. kSecret = "AWS4" + secret (hashed first when longer than a block). */
static int derive_key(struct s3l_sigv4 *sig, s3l_sha256_ctx *c)
{
    const char *sec = sig->creds->secret_access_key;
    const char *msg[4];
    size_t n = strlen(sec), i;
    const uint8_t *a = (const uint8_t *)"AWS4", *b = (const uint8_t *)sec;
    size_t na = 4, nb = n;
    uint8_t *k = sig->signing_key;
    int rc = S3L_OK;

    if (sig->key_date[0] != '\0' && memcmp(sig->key_date, sig->amz_date, 8) == 0) return S3L_OK;
    sig->key_date[0] = '\0';
    msg[0] = sig->amz_date; /* first 8 bytes: YYYYMMDD */
    msg[1] = sig->region;
    msg[2] = sig->service;
    msg[3] = "aws4_request";
    if (n > 60) { /* HMAC: a key longer than the block is hashed first */
        rc = s3l_sha256_start(c);
        if (rc == S3L_OK) rc = s3l_sha256_update(c, "AWS4", 4);
        if (rc == S3L_OK) rc = s3l_sha256_update(c, sec, n);
        if (rc == S3L_OK) {
            rc = s3l_sha256_finish(c, k);
        } else {
            s3l_sha256_wipe(c);
        }
        a = k;
        na = 32;
        nb = 0;
    }
    for (i = 0; i < 4 && rc == S3L_OK; i++) {
        rc = hmac_pad(c, a, na, b, nb, 0x36);
        if (rc == S3L_OK) rc = s3l_sha256_update(c, msg[i], i == 0 ? 8 : strlen(msg[i]));
        rc = hmac_end(c, rc, a, na, b, nb, k);
        a = k;
        na = 32;
        nb = 0;
    }
    if (rc != S3L_OK) {
        s3l_wipe(k, sizeof sig->signing_key);
        return rc;
    }
    memcpy(sig->key_date, sig->amz_date, 8);
    sig->key_date[8] = '\0';
    return S3L_OK;
}

/* "<date8>/<region>/<service>/aws4_request" */
static void wr_scope(struct wr *w)
{
    const struct s3l_sigv4 *sig = w->sig;
    wr_put(w, sig->amz_date, 8);
    wr_put(w, "/", 1);
    wr_str(w, sig->region);
    wr_put(w, "/", 1);
    wr_str(w, sig->service);
    wr_put(w, "/aws4_request", 13);
}

/*
 * HMAC with the signing key of the string to sign
 *   "AWS4-HMAC-SHA256<suffix>\n<amz date>\n<scope>\n<l1>[\n<l2>[\n<l3>]]"
 * into sig->last_signature (hex). w must be free (not holding a running hash).
 */
static int sign_sts(struct s3l_sigv4 *sig, struct wr *w, const char *suffix, const char *l1,
                    const char *l2, const char *l3)
{
    uint8_t mac[32];
    int rc = derive_key(sig, &w->sha);
    if (rc != S3L_OK) return rc;
    wr_hash_mode(w, 1);
    w->rc = hmac_pad(&w->sha, sig->signing_key, 32, NULL, 0, 0x36);
    wr_str(w, k_algo);
    wr_str(w, suffix);
    wr_put(w, NL, 1);
    wr_put(w, sig->amz_date, S3L_AMZ_DATE_LEN);
    wr_put(w, NL, 1);
    wr_scope(w);
    wr_put(w, NL, 1);
    wr_put(w, l1, S3L_SIG_HEX_LEN);
    if (l2 != NULL) {
        wr_put(w, NL, 1);
        wr_put(w, l2, S3L_SIG_HEX_LEN);
    }
    if (l3 != NULL) {
        wr_put(w, NL, 1);
        wr_put(w, l3, S3L_SIG_HEX_LEN);
    }
    wr_flush(w);
    rc = hmac_end(&w->sha, w->rc, sig->signing_key, 32, NULL, 0, mac);
    if (rc != S3L_OK) return rc;
    s3l_hex_lower(mac, sizeof mac, sig->last_signature);
    sig->last_signature[S3L_SIG_HEX_LEN] = '\0';
    return S3L_OK;
}

/* ---- canonical request ---------------------------------------------------------------------- */

struct job {
    struct s3l_sigv4 *sig;
    struct s3l_sigv4_request *req;
    const char *pay; /* payload hash (last canonical line) */
    size_t pay_len;
    int idx[4];      /* index in req->headers of X-Amz-Date, x-amz-content-sha256,
                        X-Amz-Security-Token, Authorization; -1 when absent */
    int header_mode; /* 1: Authorization-header signing (the signer's values replace the
                        caller's for its own names), 0: presigning */
    size_t nex;      /* headers the signer adds and signs, sorted by name */
    struct s3l_header ex[3];
};

/* Value the signer puts in the header named k_names[sp] (header mode). */
static int special_value(const struct job *jb, int sp, struct s3l_header *h)
{
    const struct s3l_sigv4 *sig = jb->sig;
    if (sp == SP_DATE) {
        h->value = sig->amz_date;
        h->value_len = S3L_AMZ_DATE_LEN;
    } else if (sp == SP_SHA && !(sig->flags & S3L_SIGV4_NO_CONTENT_SHA256)) {
        h->value = jb->pay;
        h->value_len = jb->pay_len;
    } else if (sp == SP_TOKEN && sig->creds->session_token != NULL) {
        h->value = sig->creds->session_token;
        h->value_len = strlen(h->value);
    } else {
        return 0;
    }
    return 1;
}

static void add_ex(struct job *jb, int sp)
{
    struct s3l_header *h = &jb->ex[jb->nex++];
    h->name = k_names[sp];
    h->name_len = strlen(h->name);
    special_value(jb, sp, h);
}

/* Next signed header in canonical order: the caller's (sorted) array merged with jb->ex.
 * *i and *j walk the two; returns 0 at the end. */
static int hnext(const struct job *jb, size_t *i, size_t *j, struct s3l_header *h)
{
    const struct s3l_headers *hs = jb->req->headers;
    while (*i < hs->count || *j < jb->nex) {
        int k;
        if (*j < jb->nex &&
            (*i >= hs->count || name_cmp(jb->ex[*j].name, jb->ex[*j].name_len,
                                         hs->items[*i].name, hs->items[*i].name_len) < 0)) {
            *h = jb->ex[(*j)++];
            return 1;
        }
        *h = hs->items[*i];
        k = (int)(*i)++;
        if (k == jb->idx[SP_AUTHZ]) continue;
        if (!jb->header_mode) return 1;
        if (k == jb->idx[SP_TOKEN] && (jb->sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) continue;
        if (k == jb->idx[SP_DATE]) special_value(jb, SP_DATE, h);
        if (k == jb->idx[SP_SHA]) special_value(jb, SP_SHA, h);
        if (k == jb->idx[SP_TOKEN]) special_value(jb, SP_TOKEN, h);
        return 1;
    }
    return 0;
}

/* "host;x-amz-date" (through w's encoding: "host%3Bx-amz-date" in a presigned query). */
static void wr_signed_list(const struct job *jb, struct wr *w)
{
    size_t i = 0, j = 0;
    struct s3l_header h, prev;
    int any = 0;
    while (hnext(jb, &i, &j, &h)) {
        if (any && name_cmp(prev.name, prev.name_len, h.name, h.name_len) == 0) continue;
        if (any) wr_put(w, ";", 1);
        wr_lower(w, h.name, h.name_len);
        prev = h;
        any = 1;
    }
}

/* "name:value\n" per name: values trimmed, inner blank runs collapsed, repeats joined by ','. */
static void wr_headers(const struct job *jb, struct wr *w)
{
    size_t i = 0, j = 0;
    struct s3l_header h, prev;
    int any = 0;
    while (hnext(jb, &i, &j, &h)) {
        const char *p = h.value;
        size_t n = h.value_len;
        if (any && name_cmp(prev.name, prev.name_len, h.name, h.name_len) == 0) {
            wr_raw(w, ",", 1);
        } else {
            if (any) wr_raw(w, NL, 1);
            wr_lower(w, h.name, h.name_len);
            wr_raw(w, ":", 1);
        }
        while (n > 0 && is_ws(p[n - 1])) n--;
        while (n > 0 && is_ws(*p)) p++, n--;
        while (n > 0) {
            size_t k = 0;
            while (k < n && !is_ws(p[k])) k++;
            wr_raw(w, p, k);
            p += k;
            n -= k;
            if (n == 0) break;
            wr_raw(w, " ", 1);
            while (n > 0 && is_ws(*p)) p++, n--;
        }
        prev = h;
        any = 1;
    }
    wr_raw(w, NL NL, 2);
}

/* Path bytes p[0..n): unreserved and '/' kept; an existing %XX escape kept unless the rules
 * double-encode; everything else %XX. */
static void wr_path_bytes(struct wr *w, const char *p, size_t n, unsigned flags)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)p[i];
        if (unreserved(c) || c == '/' ||
            (c == '%' && !(flags & S3L_SIGV4_DOUBLE_ENCODE) && i + 2 < n && hexv(p[i + 1]) >= 0 &&
             hexv(p[i + 2]) >= 0)) {
            wr_raw(w, p + i, 1);
        } else {
            wr_esc(w, c);
        }
    }
}

/* Path segment [s, e) of the path ending at end: '.', '..' or empty? */
static int seg_dot(const char *s, const char *e)
{
    return e == s || (e - s == 1 && s[0] == '.') || (e - s == 2 && s[0] == '.' && s[1] == '.');
}

static const char *seg_end(const char *s, const char *end)
{
    const char *e = memchr(s, '/', (size_t)(end - s));
    return e != NULL ? e : end;
}

/* Canonical URI. S3: the wire path as is (escapes kept, the rest encoded once). Generic rules
 * may remove '.', '..' and empty segments (RFC 3986 5.2.4 as botocore and aws-c-auth do it:
 * a segment is dropped when a later '..' at its depth cancels it) and encode twice. */
static void wr_uri(struct wr *w, const char *p, size_t n, unsigned flags)
{
    const char *end = p + n, *s = p;
    int any = 0;
    if (n == 0) {
        wr_raw(w, "/", 1);
        return;
    }
    if (!(flags & S3L_SIGV4_NORMALIZE_PATH)) {
        wr_path_bytes(w, p, n, flags);
        return;
    }
    while (s < end) {
        const char *e = seg_end(s, end), *t = e;
        int depth = 0, keep = !seg_dot(s, e);
        while (keep && t < end) { /* does a later '..' cancel this segment? */
            const char *u = t + 1, *v = seg_end(u, end);
            if (v - u == 2 && u[0] == '.' && u[1] == '.') {
                if (depth == 0) keep = 0;
                depth--;
            } else if (!seg_dot(u, v)) {
                depth++;
            }
            t = v;
        }
        if (keep) {
            wr_raw(w, "/", 1);
            wr_path_bytes(w, s, (size_t)(e - s), flags);
            any = 1;
        }
        if (e == end) break;
        s = e + 1;
    }
    if (!any || end[-1] == '/') wr_raw(w, "/", 1);
}

/* Reads the canonical form of a query name or value: %XX decoded, then everything but the
 * unreserved set encoded as upper-case %XX. */
struct cur {
    const char *p, *e;
    char q[2];
    unsigned nq;
};

static int cur_next(struct cur *c)
{
    unsigned b;
    if (c->nq > 0) {
        c->nq--;
        return (unsigned char)c->q[1 - c->nq];
    }
    if (c->p >= c->e) return -1;
    b = (unsigned char)*c->p++;
    if (b == '%' && c->e - c->p >= 2 && hexv(c->p[0]) >= 0 && hexv(c->p[1]) >= 0) {
        b = (unsigned)(hexv(c->p[0]) << 4 | hexv(c->p[1]));
        c->p += 2;
    }
    if (unreserved(b)) return (int)b;
    c->q[0] = k_hex_up[b >> 4];
    c->q[1] = k_hex_up[b & 15u];
    c->nq = 2;
    return '%';
}

/* Query parameter [s, e): name [s, eq), value [eq + 1, e) (eq == e when there is no '='). */
static const char *param_eq(const char *s, const char *e)
{
    const char *eq = memchr(s, '=', (size_t)(e - s));
    return eq != NULL ? eq : e;
}

/* Order of two parameters: canonical name, then canonical value, then position. */
static int param_cmp(const char *a, const char *ae, const char *b, const char *be)
{
    struct cur x, y;
    int pass;
    const char *aq = param_eq(a, ae), *bq = param_eq(b, be);
    for (pass = 0; pass < 2; pass++) {
        x.p = pass == 0 ? a : (aq < ae ? aq + 1 : ae);
        x.e = pass == 0 ? aq : ae;
        y.p = pass == 0 ? b : (bq < be ? bq + 1 : be);
        y.e = pass == 0 ? bq : be;
        x.nq = y.nq = 0;
        for (;;) {
            int cx = cur_next(&x), cy = cur_next(&y);
            if (cx != cy) return cx - cy;
            if (cx < 0) break;
        }
    }
    return (a > b) - (a < b);
}

static void wr_canon(struct wr *w, const char *p, const char *e)
{
    struct cur c;
    int ch;
    c.p = p;
    c.e = e;
    c.nq = 0;
    while ((ch = cur_next(&c)) >= 0) {
        char x = (char)ch;
        wr_raw(w, &x, 1);
    }
}

/* Canonical query of q[0..n): parameters sorted, emitted one at a time by selecting the
 * smallest one above the last emitted (no storage; n^2 compares on a short list). Empty
 * parameters ("a&&b") are ignored; "uploads" becomes "uploads=". */
static void wr_query(struct wr *w, const char *q, size_t n)
{
    const char *end = q + n, *last = NULL, *last_e = NULL;
    for (;;) {
        const char *best = NULL, *best_e = NULL, *s = q, *eq;
        while (s < end) {
            const char *e = memchr(s, '&', (size_t)(end - s));
            if (e == NULL) e = end;
            if (e > s && (last == NULL || param_cmp(s, e, last, last_e) > 0) &&
                (best == NULL || param_cmp(s, e, best, best_e) < 0)) {
                best = s;
                best_e = e;
            }
            if (e == end) break;
            s = e + 1;
        }
        if (best == NULL) return;
        eq = param_eq(best, best_e);
        if (last != NULL) wr_raw(w, "&", 1);
        wr_canon(w, best, eq);
        wr_raw(w, "=", 1);
        wr_canon(w, eq < best_e ? eq + 1 : best_e, best_e);
        last = best;
        last_e = best_e;
    }
}

/* Hash the canonical request into hex[64]. */
static int canonical_request(const struct job *jb, struct wr *w, const char *q, size_t qn,
                             char hex[S3L_SIG_HEX_LEN])
{
    const struct s3l_sigv4_request *req = jb->req;
    uint8_t d[32];
    int rc;
    wr_hash_mode(w, 0);
    w->rc = s3l_sha256_start(&w->sha);
    wr_str(w, req->method);
    wr_raw(w, NL, 1);
    wr_uri(w, req->path, req->path_len, jb->sig->flags);
    wr_raw(w, NL, 1);
    wr_query(w, q, qn);
    wr_raw(w, NL, 1);
    wr_headers(jb, w);
    wr_signed_list(jb, w);
    wr_raw(w, NL, 1);
    wr_raw(w, jb->pay, jb->pay_len);
    wr_flush(w);
    rc = w->rc;
    if (rc == S3L_OK) {
        rc = s3l_sha256_finish(&w->sha, d);
    } else {
        s3l_sha256_wipe(&w->sha);
    }
    if (rc == S3L_OK) s3l_hex_lower(d, sizeof d, hex);
    return rc;
}

/* ---- checks shared by both signing modes -------------------------------------------------- */

static int prepare(struct job *jb, struct s3l_sigv4 *sig, struct s3l_sigv4_request *req,
                   int header_mode)
{
    const struct s3l_credentials *cr;
    struct s3l_headers *hs;
    size_t i, j;
    int host = 0;
    if (sig == NULL || req == NULL || req->method == NULL || req->headers == NULL ||
        (req->path == NULL && req->path_len > 0) || (req->query == NULL && req->query_len > 0)) {
        return S3L_ERR_ARG;
    }
    cr = sig->creds;
    hs = req->headers;
    if (cr == NULL || cr->access_key_id == NULL || cr->secret_access_key == NULL ||
        !s3l_is_token(cr->access_key_id, strlen(cr->access_key_id)) ||
        !s3l_is_token(req->method, strlen(req->method)) || (hs->items == NULL && hs->count > 0) ||
        hs->count > hs->cap) {
        return S3L_ERR_ARG;
    }
    if (sig->amz_date[0] == '\0') return S3L_ERR_STATE;
    if ((cr->session_token != NULL &&
         !s3l_is_safe_value(cr->session_token, strlen(cr->session_token))) ||
        !s3l_is_safe_value(req->path, req->path_len) ||
        !s3l_is_safe_value(req->query, req->query_len)) {
        return S3L_ERR_BAD_CHAR;
    }
    memset(jb, 0, sizeof *jb);
    jb->sig = sig;
    jb->req = req;
    jb->header_mode = header_mode;
    for (i = 0; i < 4; i++) jb->idx[i] = -1;
    for (i = 0; i < hs->count; i++) {
        const struct s3l_header *h = &hs->items[i];
        if (!s3l_is_token(h->name, h->name_len) || !s3l_is_safe_value(h->value, h->value_len)) {
            return S3L_ERR_BAD_CHAR;
        }
    }
    /* stable insertion sort in place (repeated names keep their order), then find names */
    for (i = 1; i < hs->count; i++) {
        struct s3l_header t = hs->items[i];
        for (j = i; j > 0 && name_cmp(hs->items[j - 1].name, hs->items[j - 1].name_len, t.name,
                                      t.name_len) > 0;
             j--) {
            hs->items[j] = hs->items[j - 1];
        }
        hs->items[j] = t;
    }
    for (i = 0; i < hs->count; i++) {
        const struct s3l_header *h = &hs->items[i];
        if (name_is(h, "host")) host = 1;
        for (j = 0; j < 4; j++) {
            if (!name_is(h, k_names[j])) continue;
            if (jb->idx[j] >= 0) return S3L_ERR_ARG; /* which one would we replace? */
            jb->idx[j] = (int)i;
        }
    }
    if (!host) return S3L_ERR_ARG;
    if (req->payload_hash != NULL) {
        jb->pay = req->payload_hash;
        jb->pay_len = strlen(jb->pay);
    } else if (header_mode && jb->idx[SP_SHA] >= 0) {
        jb->pay = hs->items[jb->idx[SP_SHA]].value;
        jb->pay_len = hs->items[jb->idx[SP_SHA]].value_len;
    } else {
        jb->pay = (!header_mode && strcmp(sig->service, "s3") == 0) ? S3L_PAYLOAD_UNSIGNED
                                                                     : S3L_PAYLOAD_EMPTY_SHA256;
        jb->pay_len = strlen(jb->pay);
    }
    if (!s3l_is_safe_value(jb->pay, jb->pay_len)) return S3L_ERR_BAD_CHAR;
    return S3L_OK;
}

/* ---- public API ------------------------------------------------------------------------------ */

static int name_ok(const char *s, size_t max)
{
    size_t i, n;
    if (s == NULL) return 0;
    n = strlen(s);
    if (n == 0 || n > max) return 0;
    for (i = 0; i < n; i++) {
        if (!unreserved((unsigned char)s[i]) || s[i] == '~') return 0;
    }
    return 1;
}

int s3l_sigv4_init(struct s3l_sigv4 *sig, const struct s3l_credentials *creds, const char *region,
                   const char *service)
{
    if (sig == NULL) return S3L_ERR_ARG;
    memset(sig, 0, sizeof *sig);
    if (creds == NULL || !name_ok(region, S3L_REGION_MAX) || !name_ok(service, S3L_SERVICE_MAX)) {
        return S3L_ERR_ARG;
    }
    sig->creds = creds;
    strcpy(sig->region, region);
    strcpy(sig->service, service);
    if (strcmp(service, "s3") != 0) {
        sig->flags = S3L_SIGV4_NORMALIZE_PATH | S3L_SIGV4_DOUBLE_ENCODE | S3L_SIGV4_NO_CONTENT_SHA256;
    }
    return S3L_OK;
}

void s3l_sigv4_wipe(struct s3l_sigv4 *sig)
{
    if (sig == NULL) return;
    s3l_wipe(sig->signing_key, sizeof sig->signing_key);
    s3l_wipe(sig->key_date, sizeof sig->key_date);
    s3l_wipe(sig->last_signature, sizeof sig->last_signature);
}

static unsigned num(const char *s, unsigned n)
{
    unsigned v = 0;
    while (n-- > 0) v = v * 10u + (unsigned)(*s++ - '0');
    return v;
}

static unsigned mdays(unsigned y, unsigned m)
{
    static const uint8_t k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return k_days[m - 1] + (unsigned)(m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int s3l_sigv4_set_time(struct s3l_sigv4 *sig, const char *d)
{
    size_t i;
    unsigned y, mo, da;
    if (sig == NULL || d == NULL) return S3L_ERR_ARG;
    for (i = 0; i < S3L_AMZ_DATE_LEN; i++) {
        char want = i == 8 ? 'T' : i == 15 ? 'Z' : '0';
        if (want == '0' ? (d[i] < '0' || d[i] > '9') : d[i] != want) return S3L_ERR_BAD_DATE;
    }
    y = num(d, 4);
    mo = num(d + 4, 2);
    da = num(d + 6, 2);
    if (d[16] != '\0' || mo < 1 || mo > 12 || da < 1 || da > mdays(y, mo) || num(d + 9, 2) > 23 ||
        num(d + 11, 2) > 59 || num(d + 13, 2) > 59) {
        return S3L_ERR_BAD_DATE;
    }
    memcpy(sig->amz_date, d, S3L_AMZ_DATE_LEN + 1);
    return S3L_OK;
}

static void put_num(char *p, unsigned v, unsigned n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10u);
        v /= 10u;
    }
}

int s3l_sigv4_set_time_unix(struct s3l_sigv4 *sig, int64_t t)
{
    /* days to civil date: H. Hinnant's algorithm, for 1970-01-01 .. 9999-12-31 */
    uint32_t days, s, z, era, doe, yoe, doy, mp, y, m;
    char *o;
    if (sig == NULL) return S3L_ERR_ARG;
    if (t < 0 || t > INT64_C(253402300799)) return S3L_ERR_RANGE;
    days = (uint32_t)(t / 86400);
    s = (uint32_t)(t - (int64_t)days * 86400);
    z = days + 719468u;
    era = z / 146097u;
    doe = z - era * 146097u;
    yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
    doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
    mp = (5u * doy + 2u) / 153u;
    m = mp < 10u ? mp + 3u : mp - 9u;
    y = yoe + era * 400u + (m <= 2u);
    o = sig->amz_date;
    put_num(o, y, 4);
    put_num(o + 4, m, 2);
    put_num(o + 6, doy - (153u * mp + 2u) / 5u + 1u, 2);
    o[8] = 'T';
    put_num(o + 9, s / 3600u, 2);
    put_num(o + 11, s / 60u % 60u, 2);
    put_num(o + 13, s % 60u, 2);
    o[15] = 'Z';
    o[16] = '\0';
    return S3L_OK;
}

int s3l_sigv4_sign_headers(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, char *authz,
                           size_t authz_cap)
{
    struct job jb;
    struct wr w;
    struct s3l_headers *hs;
    char hex[S3L_SIG_HEX_LEN];
    size_t alen, i, late_tok;
    const char *tok;
    int rc = prepare(&jb, sig, req, 1);
    if (rc != S3L_OK) return rc;
    if (authz == NULL) return S3L_ERR_ARG;
    hs = req->headers;
    tok = sig->creds->session_token;
    /* the signer's own headers, in name order: x-amz-content-sha256, X-Amz-Date, token
     * (an unsigned token is kept one past nex: appended, never signed) */
    if (jb.idx[SP_SHA] < 0 && !(sig->flags & S3L_SIGV4_NO_CONTENT_SHA256)) add_ex(&jb, SP_SHA);
    if (jb.idx[SP_DATE] < 0) add_ex(&jb, SP_DATE);
    late_tok = 0;
    if (tok != NULL && jb.idx[SP_TOKEN] < 0) {
        add_ex(&jb, SP_TOKEN);
        if (sig->flags & S3L_SIGV4_UNSIGNED_TOKEN) {
            jb.nex--;
            late_tok = 1;
        }
    }
    if (jb.nex + late_tok + (jb.idx[SP_AUTHZ] < 0) > hs->cap - hs->count) return S3L_ERR_TOO_MANY;

    /* Authorization value up to the signature: its size is known before hashing */
    memset(&w, 0, sizeof w);
    w.sig = sig;
    w.out = authz;
    w.cap = authz_cap;
    wr_str(&w, k_algo);
    wr_str(&w, " Credential=");
    wr_str(&w, sig->creds->access_key_id);
    wr_put(&w, "/", 1);
    wr_scope(&w);
    wr_str(&w, ", SignedHeaders=");
    wr_signed_list(&jb, &w);
    wr_str(&w, ", Signature=");
    alen = w.len;
    if (w.rc != S3L_OK || authz_cap - alen < S3L_SIG_HEX_LEN + 1) {
        if (authz_cap > 0) authz[0] = '\0';
        return S3L_ERR_BUF_TOO_SMALL;
    }

    rc = canonical_request(&jb, &w, req->query, req->query_len, hex);
    if (rc == S3L_OK) rc = sign_sts(sig, &w, "", hex, NULL, NULL);
    if (rc != S3L_OK) {
        authz[0] = '\0';
        return rc;
    }
    memcpy(authz + alen, sig->last_signature, S3L_SIG_HEX_LEN + 1);

    /* success: now the caller's array changes */
    for (i = 0; i < 3; i++) {
        if (jb.idx[i] >= 0) special_value(&jb, (int)i, &hs->items[jb.idx[i]]);
    }
    for (i = 0; i < jb.nex + late_tok; i++) hs->items[hs->count++] = jb.ex[i];
    if (jb.idx[SP_AUTHZ] < 0) {
        struct s3l_header *a = &hs->items[hs->count++];
        a->name = k_names[SP_AUTHZ];
        a->name_len = 13;
        jb.idx[SP_AUTHZ] = (int)(hs->count - 1);
    }
    hs->items[jb.idx[SP_AUTHZ]].value = authz;
    hs->items[jb.idx[SP_AUTHZ]].value_len = alen + S3L_SIG_HEX_LEN;
    return S3L_OK;
}

int s3l_sigv4_presign(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, uint32_t expires,
                      char *out, size_t cap, size_t *out_len)
{
    struct job jb;
    struct wr w;
    char hex[S3L_SIG_HEX_LEN], num_buf[6];
    const char *tok;
    size_t signed_len, i;
    int rc = prepare(&jb, sig, req, 0);
    if (rc != S3L_OK) return rc;
    if (out == NULL || out_len == NULL) return S3L_ERR_ARG;
    if (expires < 1 || expires > 604800u) return S3L_ERR_RANGE;
    tok = sig->creds->session_token;
    put_num(num_buf, expires, 6);

    memset(&w, 0, sizeof w);
    w.sig = sig;
    w.out = out;
    w.cap = cap;
    wr_raw(&w, req->query, req->query_len);
    if (req->query_len > 0) wr_raw(&w, "&", 1);
    wr_str(&w, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
    w.enc = 1;
    wr_str(&w, sig->creds->access_key_id);
    wr_put(&w, "/", 1);
    wr_scope(&w);
    w.enc = 0;
    wr_str(&w, "&X-Amz-Date=");
    wr_put(&w, sig->amz_date, S3L_AMZ_DATE_LEN);
    wr_str(&w, "&X-Amz-Expires=");
    for (i = 0; i < 5 && num_buf[i] == '0'; i++) continue;
    wr_put(&w, num_buf + i, 6 - i);
    wr_str(&w, "&X-Amz-SignedHeaders=");
    w.enc = 1;
    wr_signed_list(&jb, &w);
    w.enc = 0;
    signed_len = w.len;
    if (tok != NULL) { /* signed unless the rules say otherwise: then it is not in the query */
        wr_str(&w, "&X-Amz-Security-Token=");
        w.enc = 1;
        wr_str(&w, tok);
        w.enc = 0;
        if (!(sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) signed_len = w.len;
    }
    wr_str(&w, "&X-Amz-Signature=");
    if (w.rc != S3L_OK || cap - w.len < S3L_SIG_HEX_LEN + 1) {
        if (cap > 0) out[0] = '\0';
        return S3L_ERR_BUF_TOO_SMALL;
    }
    *out_len = w.len + S3L_SIG_HEX_LEN;

    rc = canonical_request(&jb, &w, out, signed_len, hex);
    if (rc == S3L_OK) rc = sign_sts(sig, &w, "", hex, NULL, NULL);
    if (rc != S3L_OK) {
        out[0] = '\0';
        *out_len = 0;
        return rc;
    }
    memcpy(out + *out_len - S3L_SIG_HEX_LEN, sig->last_signature, S3L_SIG_HEX_LEN + 1);
    return S3L_OK;
}

static int sign_more(struct s3l_sigv4 *sig, const uint8_t digest[32], char *out, int trailer)
{
    struct wr w;
    char hex[S3L_SIG_HEX_LEN];
    int rc;
    if (sig == NULL || digest == NULL || out == NULL || sig->creds == NULL) return S3L_ERR_ARG;
    if (sig->last_signature[0] == '\0' || sig->amz_date[0] == '\0') return S3L_ERR_STATE;
    s3l_hex_lower(digest, 32, hex);
    memset(&w, 0, sizeof w);
    w.sig = sig;
    rc = trailer ? sign_sts(sig, &w, "-TRAILER", sig->last_signature, hex, NULL)
                 : sign_sts(sig, &w, "-PAYLOAD", sig->last_signature, S3L_PAYLOAD_EMPTY_SHA256, hex);
    if (rc != S3L_OK) return rc;
    memcpy(out, sig->last_signature, S3L_SIG_HEX_LEN + 1);
    return S3L_OK;
}

int s3l_sigv4_sign_chunk(struct s3l_sigv4 *sig, const uint8_t chunk_sha256[32],
                         char out[S3L_SIG_HEX_LEN + 1])
{
    return sign_more(sig, chunk_sha256, out, 0);
}

int s3l_sigv4_sign_trailer(struct s3l_sigv4 *sig, const uint8_t trailer_sha256[32],
                           char out[S3L_SIG_HEX_LEN + 1])
{
    return sign_more(sig, trailer_sha256, out, 1);
}
