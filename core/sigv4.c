/*
 * AWS Signature Version 4 (see include/s3lite/sigv4.h).
 *
 * Every byte of the canonical request and of the string to sign goes through one small writer
 * (struct wr) that either stages bytes for a running SHA-256 or copies them into a bounded
 * caller buffer (Authorization value, presigned query), URI-encoding on request. Nothing is
 * materialised: the canonical URI, query and headers are produced on the fly from the caller's
 * slices.
 *  - headers: the caller's array is insertion-sorted in place (stable: repeated names keep
 *    their order); the headers the signer adds sit in a 3-entry array merged in while walking,
 *    so the caller's array changes only once the signature exists;
 *  - query: parameters are emitted by repeated selection of the next larger one (n^2 compares
 *    on a short list, no storage), each decoded and re-encoded on the fly;
 *  - HMAC: on the s3l_sha256_* seam; the signing key's ipad/opad midstates are cached with
 *    it, so a signature hashes only its message and the 32-byte inner digest.
 */
#include <string.h>

#include "s3lite/sigv4.h"
#include "s3lite/hash.h"
#include "s3lite/uri.h"

static const char k_hex_up[] = "0123456789ABCDEF";
static const char k_empty[] = S3L_PAYLOAD_EMPTY_SHA256;
static const char k_scope_end[] = "/aws4_request";

/* Template fields (bytes below 32 other than '\n' in a template, see wr_tpl()). */
#define T_CRED "\1"  /* access key id "/" scope */
#define T_SCOPE "\2" /* date8 "/" region "/" service "/aws4_request" */
#define T_DATE "\3"  /* YYYYMMDDTHHMMSSZ */
#define T_EXP "\4"   /* X-Amz-Expires, decimal */
#define T_TOK "\5"   /* session token */
#define T_ALGO "\6"  /* AWS4-HMAC-SHA256 */
#define T_XA "\7"    /* "&X-Amz-" ('&' left out at the very start of the output) */
/* Names the signer adds, replaces or needs, in the order of job.idx[]. */
static const char *const k_names[5] = {"X-Amz-Date", "x-amz-content-sha256",
                                       "X-Amz-Security-Token", "Authorization", "host"};
static const uint8_t k_name_len[5] = {10, 20, 20, 13, 4};
enum { SP_DATE, SP_SHA, SP_TOKEN, SP_AUTHZ, SP_HOST };

/* Writer encodings (struct wr.enc). */
#define ENC_ON 1u    /* everything but the RFC 3986 unreserved set becomes %XX */
#define ENC_SLASH 2u /* ... except '/' */
#define ENC_ESC 4u   /* ... and except a '%' that starts a valid %XX escape */
#define ENC_DECODE 8u /* a valid %XX escape is decoded first, then encoded if it must be */

/* ---- small character helpers ------------------------------------------------------------ */

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ (a bitmap of the 128 ASCII codes) */
static int unreserved(unsigned c)
{
    static const uint8_t k_unres[16] = {0, 0, 0, 0, 0, 0x60, 0xff, 0x03,
                                        0xfe, 0xff, 0xff, 0x87, 0xfe, 0xff, 0xff, 0x47};
    return c < 128u && (k_unres[c >> 3] >> (c & 7u) & 1u);
}

static int hexv(int c)
{
    c = lower(c);
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* p[0] == '%' followed by two hex digits within n bytes */
static int is_escape(const char *p, size_t n)
{
    return n > 2 && p[0] == '%' && hexv(p[1]) >= 0 && hexv(p[2]) >= 0;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t';
}

/* Case-insensitive order of header names (ASCII lower case), shorter first on a tie. */
static int name_cmp(const struct s3l_header *a, const struct s3l_header *b)
{
    size_t i, n = a->name_len < b->name_len ? a->name_len : b->name_len;
    for (i = 0; i < n; i++) {
        int d = lower((unsigned char)a->name[i]) - lower((unsigned char)b->name[i]);
        if (d != 0) return d;
    }
    return (a->name_len > b->name_len) - (a->name_len < b->name_len);
}

/* h's name is s (NUL-terminated), case-insensitively. */
static int name_is(const struct s3l_header *h, const char *s)
{
    size_t i;
    for (i = 0; i < h->name_len; i++) {
        if (lower((unsigned char)h->name[i]) != lower((unsigned char)s[i])) return 0;
    }
    return s[i] == '\0';
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
    unsigned enc;                /* ENC_* applied by wr_put() */
    uint8_t stage[64];           /* batches small pieces into whole SHA-256 blocks */
};

static void wr_init(struct wr *w, const struct s3l_sigv4 *sig, char *out, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->sig = sig;
    w->out = out;
    w->cap = cap;
}

static void wr_flush(struct wr *w)
{
    if (w->out != NULL || w->len == 0) return;
    if (w->sig->trace != NULL) {
        w->sig->trace(w->sig->trace_ctx, w->what, (const char *)w->stage, w->len);
    }
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
    if (n == 1 && w->len < sizeof w->stage - 1) { /* the many 1-byte separators */
        w->stage[w->len++] = (uint8_t)*p;
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

/* Write p[0..n), encoded as w->enc says (runs of kept bytes go out in one piece). */
static void wr_put(struct wr *w, const char *p, size_t n)
{
    unsigned e = w->enc, c;
    if (e == 0) {
        wr_raw(w, p, n);
        return;
    }
    while (n > 0) {
        size_t k = 0;
        while (k < n && (unreserved((unsigned char)p[k]) || (p[k] == '/' && (e & ENC_SLASH)) ||
                         ((e & ENC_ESC) && is_escape(p + k, n - k)))) {
            k++;
        }
        wr_raw(w, p, k);
        if (k == n) return;
        c = (unsigned char)p[k];
        p += k + 1;
        n -= k + 1;
        if (c == '\r' || c == '\n' || c == '\0') w->rc = S3L_ERR_BAD_CHAR; /* never sent */
        if ((e & ENC_DECODE) && is_escape(p - 1, n + 1)) {
            c = (unsigned)(hexv(p[0]) << 4 | hexv(p[1]));
            p += 2;
            n -= 2;
        }
        {
            char x[3];
            x[0] = (char)c;
            x[1] = k_hex_up[c >> 4];
            x[2] = k_hex_up[c & 15u];
            if (unreserved(c)) {
                wr_raw(w, x, 1);
            } else {
                x[0] = '%';
                wr_raw(w, x, 3);
            }
        }
    }
}

static void wr_str(struct wr *w, const char *s)
{
    wr_put(w, s, strlen(s));
}

static void wr_lower(struct wr *w, const struct s3l_header *h)
{
    char t[16]; /* small: this is on the deepest stack path */
    size_t i, k, n = h->name_len;
    const char *p = h->name;
    while (n > 0) {
        k = n < sizeof t ? n : sizeof t;
        for (i = 0; i < k; i++) t[i] = (char)lower((unsigned char)p[i]);
        wr_put(w, t, k);
        p += k;
        n -= k;
    }
}

/* ---- HMAC-SHA256 on the hash seam ------------------------------------------------------- */

/* Key an HMAC: sig->key_ipad / key_opad become SHA-256 midstates after (key ^ 0x36) and
 * (key ^ 0x5c); k holds the key zero-padded to a block and is restored afterwards. A started
 * context is a plain struct, so each MAC starts from a copy of them (two blocks saved). */
static int hmac_key(struct s3l_sigv4 *sig, uint8_t k[64])
{
    s3l_sha256_ctx *c = &sig->key_ipad;
    unsigned x = 0x36, i, j;
    int rc = S3L_OK;
    for (j = 0; j < 2; j++, c = &sig->key_opad, x = 0x36 ^ 0x5c) {
        for (i = 0; i < 64; i++) k[i] ^= (uint8_t)x;
        if (rc == S3L_OK) rc = s3l_sha256_start(c);
        if (rc == S3L_OK) rc = s3l_sha256_update(c, k, 64);
    }
    for (i = 0; i < 64; i++) k[i] ^= 0x5c;
    return rc;
}

/* Finish the MAC whose inner hash (a copy of key_ipad fed the message) is w->sha (rc: the
 * feeding's result) into w->stage[0..32). The context is wiped on every path. */
static int hmac_end(const struct s3l_sigv4 *sig, struct wr *w, int rc)
{
    if (rc == S3L_OK) rc = s3l_sha256_finish(&w->sha, w->stage);
    if (rc == S3L_OK) {
        w->sha = sig->key_opad;
        rc = s3l_sha256_update(&w->sha, w->stage, 32);
    }
    if (rc == S3L_OK) {
        rc = s3l_sha256_finish(&w->sha, w->stage);
    } else {
        s3l_sha256_wipe(&w->sha);
    }
    return rc;
}

/* The signing key of the request's date, cached in sig->signing_key (and its HMAC midstates)
 * for sig->key_date (region and service are fixed at init). The secret is read only here;
 * kSecret = "AWS4" + secret is built in the writer's stage (hashed first when longer than a
 * block), each HMAC's result replaces it there, and the stage is wiped after. */
static int derive_key(struct s3l_sigv4 *sig, struct wr *w)
{
    const char *sec = sig->creds->secret_access_key;
    const char *msg[4];
    uint8_t *k = w->stage;
    size_t n = strlen(sec), i;
    int rc = S3L_OK;

    if (memcmp(sig->key_date, sig->amz_date, 8) == 0) return S3L_OK;
    sig->key_date[0] = '\0';
    msg[0] = sig->amz_date; /* its first 8 bytes: YYYYMMDD */
    msg[1] = sig->region;
    msg[2] = sig->service;
    msg[3] = k_scope_end + 1;
    memset(k, 0, sizeof w->stage);
    memcpy(k, "AWS4", 4);
    if (4 + n > sizeof w->stage) { /* HMAC: a key longer than the block is hashed first */
        rc = s3l_sha256_start(&w->sha);
        if (rc == S3L_OK) rc = s3l_sha256_update(&w->sha, k, 4);
        if (rc == S3L_OK) rc = s3l_sha256_update(&w->sha, sec, n);
        if (rc == S3L_OK) {
            rc = s3l_sha256_finish(&w->sha, k);
        } else {
            s3l_sha256_wipe(&w->sha);
        }
    } else {
        memcpy(k + 4, sec, n);
    }
    for (i = 0; rc == S3L_OK; i++) {
        rc = hmac_key(sig, k);
        if (rc != S3L_OK || i == 4) break;
        w->sha = sig->key_ipad;
        rc = hmac_end(sig, w, s3l_sha256_update(&w->sha, msg[i], i == 0 ? 8 : strlen(msg[i])));
        memset(k + 32, 0, 32); /* the next key: 32 bytes, zero-padded */
    }
    if (rc == S3L_OK) memcpy(sig->signing_key, k, 32);
    s3l_wipe(w->stage, sizeof w->stage);
    if (rc != S3L_OK) {
        s3l_wipe(sig->signing_key, sizeof sig->signing_key);
        s3l_wipe(&sig->key_ipad, sizeof sig->key_ipad);
        s3l_wipe(&sig->key_opad, sizeof sig->key_opad);
        return rc;
    }
    memcpy(sig->key_date, sig->amz_date, 8);
    return S3L_OK;
}

struct job;
static void wr_tpl(struct wr *w, const struct job *jb, const char *t, unsigned enc);

/*
 * HMAC with the signing key of the string to sign
 *   "AWS4-HMAC-SHA256<suffix>\n<amz date>\n<scope>\n<l0>[\n<l1>[\n<l2>]]"
 * (each l 64 bytes, NULL ends the list) into sig->last_signature (hex).
 */
static int sign_sts(struct s3l_sigv4 *sig, struct wr *w, const char *suffix, const char *l0,
                    const char *l1, const char *l2)
{
    int rc = derive_key(sig, w);
    if (rc != S3L_OK) return rc;
    w->out = NULL;
    w->len = 0;
    w->what = 1;
    w->sha = sig->key_ipad;
    w->rc = S3L_OK;
    wr_tpl(w, NULL, T_ALGO, 0);
    wr_str(w, suffix);
    wr_tpl(w, NULL, "\n" T_DATE "\n" T_SCOPE, 0);
    for (; l0 != NULL; l0 = l1, l1 = l2, l2 = NULL) {
        wr_put(w, "\n", 1);
        wr_put(w, l0, S3L_SIG_HEX_LEN);
    }
    wr_flush(w);
    rc = hmac_end(sig, w, w->rc); /* into the stage: flushed, free */
    if (rc != S3L_OK) return rc;
    s3l_hex_lower(w->stage, 32, sig->last_signature);
    sig->last_signature[S3L_SIG_HEX_LEN] = '\0';
    return S3L_OK;
}

/* ---- canonical request ---------------------------------------------------------------------- */

struct job {
    struct s3l_sigv4 *sig;
    struct s3l_headers *hs;
    const char *pay; /* payload hash (last canonical line) */
    size_t pay_len;
    int idx[5];      /* index in hs of each k_names[] entry, -1 when absent */
    int header_mode; /* 1: Authorization-header signing, 0: presigning */
    uint32_t expires;
    const char *list; /* the signed-header list when already written (header mode), or NULL */
    size_t list_len;
    size_t nex;      /* headers the signer adds and signs (k_names[] indices, by name) */
    uint8_t ex[3];
};

/* The signer's value for k_names[sp] in header mode; 0 when it has none (no token, or the
 * generic rules' no x-amz-content-sha256). */
static int special_value(const struct job *jb, int sp, struct s3l_header *h)
{
    const struct s3l_sigv4 *sig = jb->sig;
    const char *v = sp == SP_DATE                                               ? sig->amz_date
                    : sp == SP_SHA && !(sig->flags & S3L_SIGV4_NO_CONTENT_SHA256) ? jb->pay
                    : sp == SP_TOKEN                                            ? sig->creds->session_token
                                                                                : NULL;
    if (v == NULL) return 0;
    h->value = v;
    h->value_len = sp == SP_SHA ? jb->pay_len : sp == SP_DATE ? S3L_AMZ_DATE_LEN : strlen(v);
    return 1;
}

/* The header the signer adds for k_names[sp]. */
static void ex_header(const struct job *jb, int sp, struct s3l_header *h)
{
    h->name = k_names[sp];
    h->name_len = k_name_len[sp];
    special_value(jb, sp, h);
}

/* Next signed header in canonical order: the caller's (sorted) array merged with jb->ex, the
 * signer's values in place of the caller's for its own names. *i, *j walk the two; 0 at the
 * end. */
static int hnext(const struct job *jb, size_t *i, size_t *j, struct s3l_header *h)
{
    const struct s3l_headers *hs = jb->hs;
    while (*i < hs->count || *j < jb->nex) {
        int k, sp;
        if (*j < jb->nex) {
            ex_header(jb, jb->ex[*j], h);
            if (*i >= hs->count || name_cmp(h, &hs->items[*i]) < 0) {
                (*j)++;
                return 1;
            }
        }
        *h = hs->items[*i];
        k = (int)(*i)++;
        if (k == jb->idx[SP_AUTHZ]) continue;
        if (!jb->header_mode) return 1;
        if (k == jb->idx[SP_TOKEN] && (jb->sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) continue;
        for (sp = SP_DATE; sp <= SP_TOKEN; sp++) {
            if (k == jb->idx[sp]) special_value(jb, sp, h);
        }
        return 1;
    }
    return 0;
}

/*
 * list != 0: "host;x-amz-date" (through w's encoding, so "host%3Bx-amz-date" in a query).
 * list == 0: canonical headers, "name:value\n" per name, values trimmed, inner blank runs
 * collapsed to one space, repeated names joined with ',', then the blank line.
 */
static void wr_headers(const struct job *jb, struct wr *w, int list)
{
    size_t i = 0, j = 0;
    struct s3l_header h, prev;
    int any = 0;
    while (hnext(jb, &i, &j, &h)) {
        const char *p = h.value;
        size_t n = h.value_len, k;
        int same = any && prev.name_len == h.name_len && name_cmp(&prev, &h) == 0;
        prev = h;
        if (list) {
            if (same) continue;
            if (any) wr_put(w, ";", 1);
            wr_lower(w, &h);
            any = 1;
            continue;
        }
        if (same) {
            wr_raw(w, ",", 1);
        } else {
            if (any) wr_raw(w, "\n", 1);
            wr_lower(w, &h);
            wr_raw(w, ":", 1);
        }
        any = 1;
        while (n > 0 && is_ws(p[n - 1])) n--;
        for (;;) {
            while (n > 0 && is_ws(*p)) p++, n--;
            for (k = 0; k < n; k++) { /* one word; CR, LF, NUL refused on the way */
                unsigned char c = (unsigned char)p[k];
                if (c > ' ') continue;
                if (c == ' ' || c == '\t') break;
                if (c == '\r' || c == '\n' || c == '\0') w->rc = S3L_ERR_BAD_CHAR;
            }
            wr_raw(w, p, k);
            p += k;
            n -= k;
            if (n == 0) break;
            wr_raw(w, " ", 1);
        }
    }
    if (!list) wr_raw(w, "\n\n", 2);
}

/* Write template t: its bytes as they are, and the T_* fields, URI-encoded when enc is set. */
static void wr_tpl(struct wr *w, const struct job *jb, const char *t, unsigned enc)
{
    const struct s3l_sigv4 *sig = w->sig;
    for (;; t++) {
        const char *s = t;
        char d[10];
        size_t i = sizeof d;
        uint32_t v;
        while ((unsigned char)*t >= 32 || *t == '\n') t++;
        w->enc = 0;
        wr_put(w, s, (size_t)(t - s));
        w->enc = enc;
        switch (*t) {
        case 0:
            w->enc = 0;
            return;
        case 1:
            wr_str(w, sig->creds->access_key_id);
            wr_put(w, "/", 1);
            /* fall through */
        case 2:
            wr_put(w, sig->amz_date, 8);
            wr_put(w, "/", 1);
            wr_str(w, sig->region);
            wr_put(w, "/", 1);
            wr_str(w, sig->service);
            wr_str(w, k_scope_end);
            break;
        case 3: wr_put(w, sig->amz_date, S3L_AMZ_DATE_LEN); break;
        case 4:
            for (v = jb->expires; v > 0 || i == sizeof d; v /= 10u) d[--i] = (char)('0' + v % 10u);
            wr_put(w, d + i, sizeof d - i);
            break;
        case 5: wr_str(w, sig->creds->session_token); break;
        case 6: wr_put(w, "AWS4-HMAC-SHA256", 16); break;
        default:
            w->enc = 0;
            i = w->len == 0;
            wr_put(w, &"&X-Amz-"[i], 7 - i);
            break;
        }
    }
}

/* Path segment starting at s: its end (*e) and kind: 0 a name, 1 "." or empty, 2 "..". */
static int seg(const char *s, const char *end, const char **e)
{
    const char *t = memchr(s, '/', (size_t)(end - s));
    size_t n;
    *e = t != NULL ? t : end;
    n = (size_t)(*e - s);
    if (n == 0 || (n == 1 && s[0] == '.')) return 1;
    return (n == 2 && s[0] == '.' && s[1] == '.') ? 2 : 0;
}

/* Canonical URI. S3: the wire path, its escapes kept, anything else encoded once. Generic
 * rules may drop '.', '..' and empty segments (RFC 3986 5.2.4 as botocore and aws-c-auth do:
 * a name is dropped when a later '..' at its depth cancels it) and encode twice. */
static void wr_uri(struct wr *w, const char *p, size_t n, unsigned flags)
{
    const char *end = p + n, *s, *e, *u;
    int any = 0;
    w->enc = ENC_ON | ENC_SLASH | ((flags & S3L_SIGV4_DOUBLE_ENCODE) ? 0 : ENC_ESC);
    if (n == 0) {
        wr_raw(w, "/", 1);
    } else if (!(flags & S3L_SIGV4_NORMALIZE_PATH)) {
        wr_put(w, p, n);
    } else {
        for (s = p;; s = e + 1) {
            if (seg(s, end, &e) == 0) {
                int depth = 0;
                for (u = e; u < end && depth >= 0;) {
                    int t = seg(u + 1, end, &u);
                    depth += t == 0 ? 1 : t == 2 ? -1 : 0;
                }
                if (depth >= 0) {
                    wr_raw(w, "/", 1);
                    wr_put(w, s, (size_t)(e - s));
                    any = 1;
                }
            }
            if (e == end) break;
        }
        if (!any || end[-1] == '/') wr_raw(w, "/", 1);
    }
    w->enc = 0;
}

/*
 * Walks one query parameter [p, e) in canonical order: each %XX decoded, then a key per byte
 * that sorts like the re-encoded text: an unreserved byte b gives 256 + b, any other b gives
 * b (its "%XX" sorts below every unreserved byte, and among escapes by value). -1 separates
 * the name from the value (also when there is no '='), -2 ends: shorter names sort first.
 */
struct cur {
    const char *p, *e, *eq;
    int sep;
};

static void cur_init(struct cur *c, const char *s, const char *e)
{
    c->p = s;
    c->e = e;
    c->eq = memchr(s, '=', (size_t)(e - s));
    if (c->eq == NULL) c->eq = e;
    c->sep = 0;
}

static int cur_next(struct cur *c)
{
    unsigned b;
    if (c->p == c->eq && !c->sep) {
        c->sep = 1;
        if (c->p < c->e) c->p++;
        return -1;
    }
    if (c->p >= c->e) return -2;
    b = (unsigned char)*c->p++;
    if (is_escape(c->p - 1, (size_t)(c->e - c->p + 1))) {
        b = (unsigned)(hexv(c->p[0]) << 4 | hexv(c->p[1]));
        c->p += 2;
    }
    return (int)(unreserved(b) ? b + 256u : b);
}

/* Order of parameters [a, ae) and [b, be): canonical name, value, then position. */
static int param_cmp(const char *a, const char *ae, const char *b, const char *be)
{
    struct cur x, y;
    int cx, cy;
    if (a == b) return 0;
    cur_init(&x, a, ae);
    cur_init(&y, b, be);
    do {
        cx = cur_next(&x);
        cy = cur_next(&y);
        if (cx != cy) return cx - cy;
    } while (cx != -2);
    return (a > b) - (a < b);
}

/* Canonical query of q[0..n): parameters sorted, emitted one at a time by selecting the
 * smallest one above the last emitted. Empty parameters ("a&&b") are ignored; "uploads"
 * becomes "uploads=". */
static void wr_query(struct wr *w, const char *q, size_t n)
{
    const char *end = q + n, *last = NULL, *last_e = NULL;
    for (;;) {
        const char *best = NULL, *best_e = NULL, *s, *e;
        struct cur c;
        for (s = q; s < end; s = e + 1) {
            e = memchr(s, '&', (size_t)(end - s));
            if (e == NULL) e = end;
            if (e > s && (last == NULL || param_cmp(s, e, last, last_e) > 0) &&
                (best == NULL || param_cmp(s, e, best, best_e) < 0)) {
                best = s;
                best_e = e;
            }
            if (e == end) break;
        }
        if (best == NULL) return;
        if (last != NULL) wr_raw(w, "&", 1);
        cur_init(&c, best, best_e);
        w->enc = ENC_ON | ENC_DECODE;
        wr_put(w, best, (size_t)(c.eq - best));
        wr_raw(w, "=", 1);
        if (c.eq < best_e) wr_put(w, c.eq + 1, (size_t)(best_e - c.eq - 1));
        w->enc = 0;
        last = best;
        last_e = best_e;
    }
}

/* Hash the canonical request (query q[0..qn)) into hex[64]. */
static int canonical_request(const struct job *jb, struct wr *w, const struct s3l_sigv4_request *req,
                             const char *q, size_t qn)
{
    int rc;
    w->out = NULL;
    w->len = 0;
    w->what = 0;
    w->rc = s3l_sha256_start(&w->sha);
    wr_str(w, req->method);
    wr_raw(w, "\n", 1);
    wr_uri(w, req->path, req->path_len, jb->sig->flags);
    wr_raw(w, "\n", 1);
    wr_query(w, q, qn);
    wr_raw(w, "\n", 1);
    wr_headers(jb, w, 0);
    if (jb->list != NULL) {
        wr_raw(w, jb->list, jb->list_len);
    } else {
        wr_headers(jb, w, 1);
    }
    wr_raw(w, "\n", 1);
    wr_raw(w, jb->pay, jb->pay_len);
    wr_flush(w);
    rc = w->rc;
    if (rc == S3L_OK) {
        rc = s3l_sha256_finish(&w->sha, w->stage); /* stage: flushed, free */
    } else {
        s3l_sha256_wipe(&w->sha);
    }
    /* its hex waits in last_signature: the string to sign reads it before the HMAC's result
     * replaces it */
    if (rc == S3L_OK) s3l_hex_lower(w->stage, 32, jb->sig->last_signature);
    return rc;
}

/* ---- one signing call ------------------------------------------------------------------------- */

/* Checks, header validation and sorting, the payload hash. */
static int prepare(struct job *jb, struct s3l_sigv4 *sig, struct s3l_sigv4_request *req,
                   int header_mode)
{
    const struct s3l_credentials *cr;
    struct s3l_headers *hs;
    struct s3l_header *it;
    size_t i, j;
    if (sig == NULL || req == NULL || req->method == NULL || req->headers == NULL ||
        sig->creds == NULL) {
        return S3L_ERR_ARG;
    }
    cr = sig->creds;
    hs = req->headers;
    it = hs->items;
    if (cr->access_key_id == NULL || cr->secret_access_key == NULL ||
        !s3l_is_token(cr->access_key_id, strlen(cr->access_key_id)) ||
        !s3l_is_token(req->method, strlen(req->method)) || (it == NULL && hs->count > 0) ||
        hs->count > hs->cap) {
        return S3L_ERR_ARG;
    }
    if (sig->amz_date[0] == '\0') return S3L_ERR_STATE;
    if ((cr->session_token != NULL &&
         !s3l_is_safe_value(cr->session_token, strlen(cr->session_token))) ||
        !s3l_is_safe_value(req->path, req->path_len) ||
        (req->query == NULL && req->query_len > 0)) { /* query bytes: checked while hashed */
        return S3L_ERR_BAD_CHAR;
    }
    for (i = 0; i < hs->count; i++) { /* values: checked while hashed (wr_headers) */
        if (!s3l_is_token(it[i].name, it[i].name_len)) return S3L_ERR_BAD_CHAR;
    }
    memset(jb, 0, sizeof *jb);
    jb->sig = sig;
    jb->hs = hs;
    jb->header_mode = header_mode;
    /* stable insertion sort in place, then find the names that matter */
    for (i = 1; i < hs->count; i++) {
        struct s3l_header t = it[i];
        for (j = i; j > 0 && name_cmp(&it[j - 1], &t) > 0; j--) it[j] = it[j - 1];
        it[j] = t;
    }
    for (j = 0; j < 5; j++) {
        jb->idx[j] = -1;
        for (i = 0; i < hs->count; i++) {
            if (!name_is(&it[i], k_names[j])) continue;
            if (jb->idx[j] >= 0) return S3L_ERR_ARG; /* two of them: which one counts? */
            jb->idx[j] = (int)i;
        }
    }
    if (jb->idx[SP_HOST] < 0) return S3L_ERR_ARG;
    /* the headers left out of the canonical request are not checked there */
    for (j = SP_TOKEN; j <= SP_AUTHZ; j++) {
        i = (size_t)jb->idx[j];
        if (jb->idx[j] >= 0 && !s3l_is_safe_value(it[i].value, it[i].value_len)) {
            return S3L_ERR_BAD_CHAR;
        }
    }
    jb->pay = req->payload_hash;
    if (jb->pay != NULL) {
        jb->pay_len = strlen(jb->pay);
    } else if (header_mode && jb->idx[SP_SHA] >= 0) {
        jb->pay = it[jb->idx[SP_SHA]].value;
        jb->pay_len = it[jb->idx[SP_SHA]].value_len;
    } else {
        jb->pay = (!header_mode && strcmp(sig->service, "s3") == 0) ? S3L_PAYLOAD_UNSIGNED : k_empty;
        jb->pay_len = strlen(jb->pay);
    }
    return s3l_is_safe_value(jb->pay, jb->pay_len) ? S3L_OK : S3L_ERR_BAD_CHAR;
}

/* Header signing (expires == 0: out = Authorization value) or presigning (out = query). */
static int sign_request(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, uint32_t expires,
                        char *out, size_t cap, size_t *out_len)
{
    static const uint8_t k_order[3] = {SP_SHA, SP_DATE, SP_TOKEN}; /* by lower-case name */
    struct job jb;
    struct wr w;
    const char *q, *tok;
    size_t qn, len, late = 0, i;
    int header_mode = expires == 0, rc;
    if (sig != NULL) sig->last_signature[0] = '\0'; /* no seed to chain from on any error */
    rc = prepare(&jb, sig, req, header_mode);
    if (rc != S3L_OK) return rc;
    if (out == NULL) return S3L_ERR_ARG;
    if (cap > 0) out[0] = '\0';
    tok = sig->creds->session_token;
    wr_init(&w, sig, out, cap);
    if (header_mode) {
        /* the signer's own headers; an unsigned token waits one past nex */
        for (i = 0; i < 3; i++) {
            struct s3l_header h;
            if (jb.idx[k_order[i]] >= 0 || !special_value(&jb, k_order[i], &h)) continue;
            jb.ex[jb.nex] = k_order[i];
            if (k_order[i] == SP_TOKEN && (sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) {
                late = 1;
            } else {
                jb.nex++;
            }
        }
        if (jb.nex + late + (jb.idx[SP_AUTHZ] < 0) > jb.hs->cap - jb.hs->count) {
            return S3L_ERR_TOO_MANY;
        }
        wr_tpl(&w, &jb, T_ALGO " Credential=" T_CRED ", SignedHeaders=", 0);
        jb.list = out + w.len; /* written once, hashed from here */
        wr_headers(&jb, &w, 1);
        jb.list_len = w.len - (size_t)(jb.list - out);
        wr_tpl(&w, &jb, ", Signature=", 0);
        q = req->query;
        qn = req->query_len;
    } else {
        jb.expires = expires;
        wr_raw(&w, req->query, req->query_len);
        wr_tpl(&w, &jb,
               T_XA "Algorithm=" T_ALGO T_XA "Credential=" T_CRED T_XA "Date=" T_DATE T_XA
               "Expires=" T_EXP T_XA "SignedHeaders=",
               ENC_ON);
        w.enc = ENC_ON;
        wr_headers(&jb, &w, 1);
        w.enc = 0;
        qn = w.len;
        if (tok != NULL) { /* in the canonical query unless the rules leave it unsigned */
            wr_tpl(&w, &jb, T_XA "Security-Token=" T_TOK, ENC_ON);
            if (!(sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) qn = w.len;
        }
        wr_tpl(&w, &jb, T_XA "Signature=", 0);
        q = out;
    }
    len = w.len;
    if (w.rc != S3L_OK || cap - len < S3L_SIG_HEX_LEN + 1) {
        if (cap > 0) out[0] = '\0';
        return S3L_ERR_BUF_TOO_SMALL;
    }
    rc = canonical_request(&jb, &w, req, q, qn);
    if (rc == S3L_OK) rc = sign_sts(sig, &w, "", sig->last_signature, NULL, NULL);
    if (rc != S3L_OK) {
        out[0] = '\0';
        sig->last_signature[0] = '\0'; /* no seed to chain chunks from */
        return rc;
    }
    memcpy(out + len, sig->last_signature, S3L_SIG_HEX_LEN + 1);
    len += S3L_SIG_HEX_LEN;
    if (out_len != NULL) *out_len = len;
    if (header_mode) { /* signed: now the caller's array changes */
        struct s3l_headers *hs = jb.hs;
        struct s3l_header *a;
        for (i = 0; i < 3; i++) {
            if (jb.idx[i] >= 0) special_value(&jb, (int)i, &hs->items[jb.idx[i]]);
        }
        for (i = 0; i < jb.nex + late; i++) ex_header(&jb, jb.ex[i], &hs->items[hs->count++]);
        a = &hs->items[jb.idx[SP_AUTHZ] >= 0 ? (size_t)jb.idx[SP_AUTHZ] : hs->count++];
        a->name = k_names[SP_AUTHZ];
        a->name_len = k_name_len[SP_AUTHZ];
        a->value = out;
        a->value_len = len;
    }
    return S3L_OK;
}

/* ---- public API ------------------------------------------------------------------------------ */

int s3l_sigv4_init(struct s3l_sigv4 *sig, const struct s3l_credentials *creds, const char *region,
                   const char *service)
{
    size_t nr, ns;
    if (sig == NULL) return S3L_ERR_ARG;
    memset(sig, 0, sizeof *sig);
    if (creds == NULL || region == NULL || service == NULL) return S3L_ERR_ARG;
    nr = strlen(region);
    ns = strlen(service);
    /* they go into the scope, the Authorization header and the query: token characters */
    if (nr > S3L_REGION_MAX || ns > S3L_SERVICE_MAX || !s3l_is_token(region, nr) ||
        !s3l_is_token(service, ns)) {
        return S3L_ERR_ARG;
    }
    sig->creds = creds;
    memcpy(sig->region, region, nr);
    memcpy(sig->service, service, ns);
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
    s3l_wipe(&sig->key_ipad, sizeof sig->key_ipad);
    s3l_wipe(&sig->key_opad, sizeof sig->key_opad);
}

static unsigned mdays(unsigned y, unsigned m) /* m: 1..12 */
{
    static const uint8_t k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return k_days[m - 1] + (unsigned)(m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static uint32_t num(const char *s, unsigned n)
{
    uint32_t v = 0;
    while (n-- > 0) v = v * 10u + (uint32_t)(*s++ - '0');
    return v;
}

static void put_num(char *s, uint32_t v, unsigned n)
{
    while (n-- > 0) {
        s[n] = (char)('0' + v % 10u);
        v /= 10u;
    }
}

int s3l_sigv4_set_time(struct s3l_sigv4 *sig, const char *d)
{
    uint32_t ymd, hms, m, day;
    unsigned i;
    if (sig == NULL || d == NULL) return S3L_ERR_ARG;
    for (i = 0; i < S3L_AMZ_DATE_LEN; i++) { /* stops at a NUL: never reads past the string */
        if (i == 8 ? d[i] != 'T' : i == 15 ? d[i] != 'Z' : (unsigned)(d[i] - '0') > 9u) {
            return S3L_ERR_BAD_DATE;
        }
    }
    ymd = num(d, 8);
    hms = num(d + 9, 6);
    m = ymd / 100u % 100u;
    day = ymd % 100u;
    if (d[16] != '\0' || m - 1u >= 12u || day == 0 || day > mdays(ymd / 10000u, m) ||
        hms / 10000u > 23u || hms / 100u % 100u > 59u || hms % 100u > 59u) {
        return S3L_ERR_BAD_DATE;
    }
    memcpy(sig->amz_date, d, S3L_AMZ_DATE_LEN + 1);
    return S3L_OK;
}

int s3l_sigv4_set_time_unix(struct s3l_sigv4 *sig, int64_t t)
{
    uint32_t days, s, y, m, k;
    char *o;
    if (sig == NULL) return S3L_ERR_ARG;
    if (t < 0 || t > INT64_C(253402300799)) return S3L_ERR_RANGE; /* 1970 .. 9999 */
    days = (uint32_t)((uint64_t)t / 86400u);
    s = (uint32_t)((uint64_t)t % 86400u);
    for (y = 1970; days >= (k = 337u + mdays(y, 2)); y++) days -= k; /* at most 8030 years */
    for (m = 1; days >= (k = mdays(y, m)); m++) days -= k;
    o = sig->amz_date;
    put_num(o, y * 10000u + m * 100u + days + 1u, 8);
    o[8] = 'T';
    put_num(o + 9, s / 3600u * 10000u + s / 60u % 60u * 100u + s % 60u, 6);
    o[15] = 'Z';
    o[16] = '\0';
    return S3L_OK;
}

int s3l_sigv4_sign_headers(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, char *authz,
                           size_t authz_cap)
{
    return sign_request(sig, req, 0, authz, authz_cap, NULL);
}

int s3l_sigv4_presign(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, uint32_t expires,
                      char *out, size_t cap, size_t *out_len)
{
    if (out_len == NULL) return S3L_ERR_ARG;
    if (expires < 1 || expires > 604800u) return S3L_ERR_RANGE;
    return sign_request(sig, req, expires, out, cap, out_len);
}

static int sign_more(struct s3l_sigv4 *sig, const uint8_t digest[32], char *out, int trailer)
{
    struct wr w;
    int rc;
    if (sig == NULL || digest == NULL || out == NULL || sig->creds == NULL) return S3L_ERR_ARG;
    if (sig->last_signature[0] == '\0' || sig->amz_date[0] == '\0') return S3L_ERR_STATE;
    s3l_hex_lower(digest, 32, out); /* read by the string to sign, then replaced */
    wr_init(&w, sig, NULL, 0);
    rc = sign_sts(sig, &w, trailer ? "-TRAILER" : "-PAYLOAD", sig->last_signature,
                  trailer ? out : k_empty, trailer ? NULL : out);
    memcpy(out, sig->last_signature, S3L_SIG_HEX_LEN + 1);
    if (rc != S3L_OK) out[0] = '\0';
    return rc;
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
