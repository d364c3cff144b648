/* SPDX-License-Identifier: MIT */
/*
 * AWS Signature Version 4 (see include/s3lite/sigv4.h).
 *
 * Every byte of the canonical request and of the string to sign goes through one small writer
 * (struct wr) that either stages bytes for a running SHA-256 or copies them into a bounded
 * caller buffer (Authorization value, presigned query), URI-encoding on request. Nothing is
 * materialised: the canonical URI, query and headers are produced on the fly from the caller's
 * slices.
 *  - headers: the caller's array is insertion-sorted in place (stable: repeated names keep
 *    their order); the headers the signer adds are staged in its spare slots past count, in
 *    canonical order, and merged in while walking: count and replaced values change only
 *    once the signature exists;
 *  - query: parameters are emitted by repeated selection of the next larger one (n^2 compares
 *    on a short list, no storage), each decoded and re-encoded on the fly;
 *  - HMAC: on the s3l_sha256_* seam; the signing key's ipad/opad midstates are cached with
 *    it, so a signature hashes only its message and the 32-byte inner digest.
 */
#include <stddef.h>
#include <string.h>

#include "s3lite/sigv4.h"
#include "s3lite/date.h"
#include "s3lite/hash.h"
#include "s3lite/uri.h"

static const char k_empty[] = S3L_CONTENT_SHA256_EMPTY;
static const char k_scope_end[] = "/aws4_request";
static const char k_sep[] = ";\n,:"; /* separators in the canonical headers (wr_headers) */

/* Template fields (bytes below 32 other than '\n' in a template, see wr_tpl()). */
#define T_CRED "\1"  /* access key id "/" scope */
#define T_SCOPE "\2" /* date8 "/" region "/" service "/aws4_request" */
#define T_DATE "\3"  /* YYYYMMDDTHHMMSSZ */
#define T_EXP "\4"   /* X-Amz-Expires, decimal */
#define T_TOK "\5"   /* session token */
#define T_ALGO "\6"  /* AWS4-HMAC-SHA256 */
#define T_XA "\7"    /* "&X-Amz-" ('&' left out at the very start of the output) */
/* Names the signer adds, replaces or needs; the first three in canonical (lower-case) order,
 * which is also the order they are added in. */
#define K_AUTHZ "Authorization"
static const char *const k_names[5] = {"x-amz-content-sha256", "X-Amz-Date",
                                       "X-Amz-Security-Token", K_AUTHZ, "host"};
enum { SP_SHA, SP_DATE, SP_TOKEN, SP_AUTHZ, SP_HOST };

/* Writer encodings (struct wr.enc). */
#define ENC_ON 1u    /* everything but the RFC 3986 unreserved set becomes %XX */
#define ENC_SLASH 2u /* ... except '/' */
#define ENC_ESC 4u   /* ... and except a '%' that starts a valid %XX escape */
#define ENC_DECODE 8u /* a valid %XX escape is decoded first, then encoded if it must be */

/* ---- small character helpers ------------------------------------------------------------ */

static unsigned lower(unsigned c)
{
    return c - 'A' < 26u ? c + 32u : c;
}

/* RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ (a bitmap of the 128 ASCII codes) */
static int unreserved(unsigned c)
{
    static const uint8_t k_unres[16] = {0, 0, 0, 0, 0, 0x60, 0xff, 0x03,
                                        0xfe, 0xff, 0xff, 0x87, 0xfe, 0xff, 0xff, 0x47};
    return c < 128u && (((unsigned)k_unres[c >> 3] >> (c & 7u)) & 1u);
}

/* The byte a valid "%XX" at p[0..n) stands for, else -1. */
static int esc(const char *p, size_t n)
{
    char c;
    size_t k;
    if (n < 3 || p[0] != '%' || s3l_uri_decode(p, 3, &c, 1, &k) != S3L_OK) return -1;
    return (unsigned char)c;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t';
}

/* Case-insensitive order of names a[0..an) and b[0..bn) (ASCII lower case), shorter first on
 * a tie. */
static int ncmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i;
    for (i = 0; i < an && i < bn; i++) {
        int d = (int)lower((unsigned char)a[i]) - (int)lower((unsigned char)b[i]);
        if (d != 0) return d;
    }
    return (an > bn) - (an < bn);
}

static int hcmp(const struct s3l_header *a, const struct s3l_header *b)
{
    return ncmp(a->name, a->name_len, b->name, b->name_len);
}

/* ---- the writer (and the state of one signing call) ---------------------------------------- */

struct wr {
    char *out;        /* buffer mode when non-NULL: out[0..cap) */
    size_t len;       /* buffer mode: bytes written; hash mode: bytes staged */
    struct s3l_sigv4 *sig;
    struct s3l_headers *hs;
    size_t cap;
    const char *pay;  /* payload hash (last canonical line) */
    size_t pay_len;
    const char *list; /* header signing: the signed-header list, written once into out */
    size_t list_len;
    struct s3l_header *at[5]; /* the caller's header of each k_names[] entry, or NULL */
    int rc;           /* first error, sticky */
    unsigned enc;     /* ENC_* applied by wr_put() */
    uint32_t expires; /* presigning; 0 for header signing */
    int what;         /* trace channel of the hashed bytes */
    size_t nex;       /* headers the signer adds and signs, staged in hs->items[count..) */
    s3l_sha256_ctx sha;
    uint8_t stage[64]; /* batches small pieces into whole SHA-256 blocks */
};

/* Switch w to hashing (trace channel what): a fresh SHA-256, or a copy of a midstate. */
static void wr_hash(struct wr *w, int what, const s3l_sha256_ctx *from)
{
    w->out = NULL;
    w->len = 0;
    w->what = what;
    w->rc = S3L_OK;
    if (from != NULL) {
        w->sha = *from;
    } else {
        w->rc = s3l_sha256_start(&w->sha);
    }
}

static void wr_flush(struct wr *w)
{
    const struct s3l_sigv4 *sig = w->sig;
    if (w->out != NULL || w->len == 0) return;
    if (sig->trace != NULL) sig->trace(sig->trace_ctx, w->what, (const char *)w->stage, w->len);
    if (w->rc == S3L_OK) w->rc = s3l_sha256_update(&w->sha, w->stage, w->len);
    w->len = 0;
}

/* Copy p[0..n) into the caller's buffer (no room: S3L_ERR_BUF_TOO_SMALL, nothing written
 * past cap) or the stage, which is hashed when full and more is coming. p may be NULL when n
 * is 0. */
static void wr_raw(struct wr *w, const char *p, size_t n)
{
    while (n > 0) {
        size_t k = (w->out != NULL ? w->cap : sizeof w->stage) - w->len;
        if (k == 0) {
            if (w->out != NULL) {
                w->rc = S3L_ERR_BUF_TOO_SMALL;
                return;
            }
            wr_flush(w);
            continue;
        }
        if (k > n) k = n;
        memcpy((w->out != NULL ? w->out : (char *)w->stage) + w->len, p, k);
        w->len += k;
        p += k;
        n -= k;
    }
}

/* Write p[0..n), encoded as w->enc says (runs of kept bytes go out in one piece). */
static void wr_put(struct wr *w, const char *p, size_t n)
{
    unsigned e = w->enc;
    if (e == 0) {
        wr_raw(w, p, n);
        return;
    }
    while (n > 0) {
        size_t k = 0;
        int c;
        char x[4];
        while (k < n && (unreserved((unsigned char)p[k]) ||
                         (p[k] == '/' && (e & ENC_SLASH)) ||
                         ((e & ENC_ESC) && esc(p + k, n - k) >= 0))) {
            k++;
        }
        wr_raw(w, p, k);
        if (k == n) return;
        p += k;
        n -= k;
        c = (e & ENC_DECODE) ? esc(p, n) : -1;
        if (c < 0) {
            c = (unsigned char)*p;
        } else {
            p += 2;
            n -= 2;
        }
        p++;
        n--;
        x[0] = (char)c;
        s3l_uri_encode(x, 1, 0, x + 1, 3, &k); /* the byte, or its %XX */
        wr_raw(w, x + 1, k);
    }
}

static void wr_nl(struct wr *w)
{
    wr_raw(w, "\n", 1);
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

/* Key an HMAC: sig->key_mid[0] / [1] become SHA-256 midstates after (key ^ 0x36) and
 * (key ^ 0x5c); k holds the key zero-padded to a block (left as key ^ 0x5c). A started context
 * is a plain struct, so each MAC starts from copies of them: two blocks fewer per MAC. */
static int hmac_key(struct s3l_sigv4 *sig, uint8_t k[64])
{
    unsigned i, j;
    int rc = S3L_OK;
    for (j = 0; j < 2 && rc == S3L_OK; j++) {
        for (i = 0; i < 64; i++) k[i] ^= (uint8_t)(0x36 + j * (0x6a - 0x36));
        rc = s3l_sha256_start(&sig->key_mid[j]);
        if (rc == S3L_OK) rc = s3l_sha256_update(&sig->key_mid[j], k, 64);
    }
    return rc;
}

/* Bytes of struct s3l_sigv4 from signing_key to the end of member m: wiped together. */
#define KEY_SPAN(m) (offsetof(struct s3l_sigv4, m) + sizeof ((struct s3l_sigv4 *)0)->m - \
                     offsetof(struct s3l_sigv4, signing_key))

/* Hash what is staged and finish into w->stage[0..32) (flushed, free). The context is wiped
 * on every path. */
static int wr_finish(struct wr *w)
{
    int rc;
    wr_flush(w);
    rc = w->rc;
    if (rc == S3L_OK) return s3l_sha256_finish(&w->sha, w->stage);
    s3l_sha256_wipe(&w->sha);
    return rc;
}

/* Finish the MAC whose inner hash (a copy of key_mid[0] fed the message) is w->sha into
 * w->stage[0..32). */
static int hmac_end(struct wr *w)
{
    int rc = wr_finish(w);
    if (rc == S3L_OK) {
        w->sha = w->sig->key_mid[1];
        w->rc = s3l_sha256_update(&w->sha, w->stage, 32);
        rc = wr_finish(w); /* (nothing staged) */
    }
    return rc;
}

/* The signing key of the request's date, cached in sig->signing_key (and its HMAC midstates)
 * for sig->key_date (region and service are fixed at init). The secret is read only here;
 * kSecret = "AWS4" + secret is built in the writer's stage (hashed first when longer than a
 * block), each HMAC's result replaces it there, and the stage is wiped after. */
static int derive_key(struct wr *w)
{
    /* the messages: key_date (the date's first 8 bytes, NUL-terminated), region, service,
     * then "aws4_request" */
    static const uint16_t k_msg[3] = {offsetof(struct s3l_sigv4, key_date),
                                      offsetof(struct s3l_sigv4, region),
                                      offsetof(struct s3l_sigv4, service)};
    struct s3l_sigv4 *sig = w->sig;
    const char *sec = sig->creds->secret_access_key, *m;
    uint8_t *k = w->stage;
    size_t n = strlen(sec);
    unsigned i;
    int rc = S3L_OK;

    if (memcmp(sig->key_date, sig->amz_date, 8) == 0) return S3L_OK;
    /* the date, NUL-terminated, is also the first HMAC's message; wiped on failure */
    memcpy(sig->key_date, sig->amz_date, 8);
    w->len = 0; /* messages go to the hash directly: nothing staged */
    memset(k, 0, sizeof w->stage);
    memcpy(k, "AWS4", 4);
    if (4 + n > sizeof w->stage) { /* HMAC: a key longer than the block is hashed first */
        w->rc = s3l_sha256_start(&w->sha);
        if (w->rc == S3L_OK) w->rc = s3l_sha256_update(&w->sha, k, 4);
        if (w->rc == S3L_OK) w->rc = s3l_sha256_update(&w->sha, sec, n);
        rc = wr_finish(w); /* into k, the stage */
    } else {
        memcpy(k + 4, sec, n);
    }
    for (i = 0; rc == S3L_OK; i++) {
        if (i == 4) memmove(sig->signing_key, k, 32); /* a call: GCC inlines memcpy(32) */
        rc = hmac_key(sig, k);
        if (i == 4) break;
        m = i < 3 ? (const char *)sig + k_msg[i] : k_scope_end + 1;
        w->sha = sig->key_mid[0];
        w->rc = s3l_sha256_update(&w->sha, m, strlen(m));
        rc = hmac_end(w);
        memset(k + 32, 0, 32); /* the next key: 32 bytes, zero-padded */
    }
    s3l_wipe(w->stage, sizeof w->stage);
    if (rc != S3L_OK) s3l_wipe(sig->signing_key, KEY_SPAN(key_date));
    return rc;
}

static void wr_tpl(struct wr *w, const char *t, unsigned enc);

/*
 * HMAC with the signing key of the string to sign
 *   "AWS4-HMAC-SHA256<suffix>\n<amz date>\n<scope>\n<l0>[\n<l1>[\n<l2>]]"
 * where l0 is sig->last_signature (the canonical request's hash, or the previous signature)
 * and each l is 64 bytes (NULL ends the list), into dst and sig->last_signature (hex).
 */
static int sign_sts(struct wr *w, const char *suffix, const char *l1, const char *l2, char *dst)
{
    struct s3l_sigv4 *sig = w->sig;
    int rc = derive_key(w);
    if (rc != S3L_OK) return rc;
    wr_hash(w, 1, &sig->key_mid[0]);
    wr_tpl(w, T_ALGO, 0);
    wr_str(w, suffix);
    wr_tpl(w, "\n" T_DATE "\n" T_SCOPE, 0);
    wr_nl(w);
    wr_raw(w, sig->last_signature, S3L_SIG_HEX_LEN);
    for (; l1 != NULL; l1 = l2, l2 = NULL) {
        wr_nl(w);
        wr_raw(w, l1, S3L_SIG_HEX_LEN);
    }
    rc = hmac_end(w);
    if (rc != S3L_OK) return rc;
    s3l_hex_lower(w->stage, 32, dst);
    dst[S3L_SIG_HEX_LEN] = '\0';
    memcpy(w->sig->last_signature, dst, S3L_SIG_HEX_LEN + 1);
    return S3L_OK;
}

/* ---- canonical request ---------------------------------------------------------------------- */

/* The signer's value for k_names[sp] (sp <= SP_TOKEN) in header signing; 0 when it has none
 * (no token, or the generic rules' no x-amz-content-sha256). */
static int special_value(const struct wr *w, unsigned sp, struct s3l_header *h)
{
    const struct s3l_sigv4 *sig = w->sig;
    const char *v = sp == SP_DATE ? sig->amz_date
                    : sp == SP_TOKEN                              ? sig->creds->session_token
                    : (sig->flags & S3L_SIGV4_NO_CONTENT_SHA256) ? NULL
                                                                  : w->pay;
    if (v == NULL) return 0;
    h->value = v;
    h->value_len = sp == SP_SHA ? w->pay_len : strlen(v);
    return 1;
}

/* Next signed header in canonical order: the caller's (sorted) array merged with the signer's
 * staged past its end, into *h with the signer's values in place of the caller's for its own
 * names. *i, *j walk the two. Returns the header it came from (its name is h's), NULL at the
 * end. */
static const struct s3l_header *hnext(const struct wr *w, size_t *i, size_t *j,
                                      struct s3l_header *h)
{
    const struct s3l_headers *hs = w->hs;
    const struct s3l_header *x = hs->items + hs->count, *k;
    while (*i < hs->count || *j < w->nex) {
        unsigned sp;
        if (*j < w->nex && (*i >= hs->count || hcmp(&x[*j], &hs->items[*i]) < 0)) {
            k = &x[(*j)++];
            *h = *k;
            return k;
        }
        k = &hs->items[(*i)++];
        *h = *k;
        if (k == w->at[SP_AUTHZ]) continue;
        if (w->expires) return k;
        if (k == w->at[SP_TOKEN] && (w->sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) continue;
        for (sp = SP_SHA; sp <= SP_TOKEN; sp++) {
            if (k == w->at[sp]) special_value(w, sp, h);
        }
        return k;
    }
    return NULL;
}

/*
 * list != 0: "host;x-amz-date" (through w's encoding, so "host%3Bx-amz-date" in a query).
 * list == 0: canonical headers, "name:value\n" per name, values trimmed, inner blank runs
 * collapsed to one space, repeated names joined with ',', then the blank line.
 */
static void wr_headers(struct wr *w, int list)
{
    size_t i = 0, j = 0, k, n;
    struct s3l_header h;
    const struct s3l_header *prev = NULL, *cur;
    while ((cur = hnext(w, &i, &j, &h)) != NULL) {
        const char *p = h.value;
        int same = prev != NULL && hcmp(prev, cur) == 0;
        if (!same) {
            if (prev != NULL) wr_put(w, &k_sep[!list], 1); /* ';' in the list, else '\n' */
            wr_lower(w, &h);
        }
        prev = cur;
        if (list) continue;
        wr_raw(w, &k_sep[3 - same], 1); /* ':' after a name, ',' between repeated values */
        n = h.value_len;
        for (k = 0;;) { /* word by word, one space between (k: the last word's length) */
            while (n > 0 && is_ws(*p)) p++, n--;
            if (n == 0) break;
            if (k > 0) wr_raw(w, " ", 1);
            for (k = 0; k < n; k++) { /* CR, LF, NUL refused on the way */
                unsigned char c = (unsigned char)p[k];
                if (c > ' ') continue;
                if (c == ' ' || c == '\t') break;
                if (c == '\r' || c == '\n' || c == '\0') w->rc = S3L_ERR_BAD_CHAR;
            }
            wr_raw(w, p, k);
            p += k;
            n -= k;
        }
    }
    if (!list) wr_raw(w, "\n\n", 2);
}

/* Write template t: its bytes as they are, and the T_* fields, URI-encoded when enc is set. */
static void wr_tpl(struct wr *w, const char *t, unsigned enc)
{
    const struct s3l_sigv4 *sig = w->sig;
    w->enc = enc;
    for (;; t++) {
        const char *s = t;
        char d[10];
        size_t i = sizeof d;
        uint32_t v;
        while ((unsigned char)*t >= 32 || *t == '\n') t++;
        wr_raw(w, s, (size_t)(t - s));
        switch (*t) {
        case 0:
            w->enc = 0;
            return;
        case 1:
            wr_str(w, sig->creds->access_key_id);
            wr_put(w, "/", 1);
            /* fall through */
        case 2:
            wr_raw(w, sig->amz_date, 8);
            wr_put(w, "/", 1);
            wr_str(w, sig->region);
            wr_put(w, "/", 1);
            wr_str(w, sig->service);
            wr_str(w, k_scope_end);
            break;
        case 3: wr_raw(w, sig->amz_date, S3L_AMZ_DATE_LEN); break; /* digits, T, Z: as they are */
        case 4:
            for (v = w->expires; v > 0; v /= 10u) d[--i] = (char)('0' + v % 10u);
            wr_raw(w, d + i, sizeof d - i);
            break;
        case 5: wr_str(w, sig->creds->session_token); break;
        case 6: wr_raw(w, "AWS4-HMAC-SHA256", 16); break;
        default:
            i = w->len == 0;
            wr_raw(w, &"&X-Amz-"[i], 7 - i);
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
    if (n == 0) return 1;
    return (n > 2 || s[0] != '.' || s[n - 1] != '.') ? 0 : (int)n;
}

/* Canonical URI. S3: the wire path, its escapes kept, anything else encoded once. Generic
 * rules may drop '.', '..' and empty segments (RFC 3986 5.2.4 as botocore and aws-c-auth do:
 * a name is dropped when a later '..' at its depth cancels it) and encode twice. */
static void wr_uri(struct wr *w, const char *p, size_t n, unsigned flags)
{
    const char *end, *s, *e, *u;
    int any = 0;
    w->enc = ENC_ON | ENC_SLASH | ((flags & S3L_SIGV4_DOUBLE_ENCODE) ? 0 : ENC_ESC);
    if (n == 0) { /* (p may be NULL) */
        wr_raw(w, "/", 1);
    } else if (!(flags & S3L_SIGV4_NORMALIZE_PATH)) {
        wr_put(w, p, n);
    } else {
        end = p + n;
        for (s = p;; s = e + 1) {
            if (seg(s, end, &e) == 0) {
                int depth = 0;
                for (u = e; u < end && depth >= 0;) {
                    int t = seg(u + 1, end, &u);
                    depth += 1 - t; /* a name deeper, "." level, ".." up */
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
 * Query parameters sort by name, then value, then position, compared in canonical form (%XX
 * decoded, then re-encoded): key_next() gives a key per decoded byte b of [*p, e) that sorts
 * like the re-encoded text: an unreserved b gives 256 + b, any other b gives b (its "%XX"
 * sorts below every unreserved byte, and among escapes by value); -1 for the '=' at eq (the
 * name ends: shorter names first), -2 at the end. "a" and "a=" tie: both become "a=".
 */
static int key_next(const char **p, const char *e, const char *eq)
{
    int b;
    if (*p >= e) return -2;
    if (*p == eq) {
        (*p)++;
        return -1;
    }
    b = esc(*p, (size_t)(e - *p));
    if (b < 0) {
        b = (unsigned char)**p;
    } else {
        *p += 2;
    }
    (*p)++;
    return unreserved((unsigned)b) ? b + 256 : b;
}

/* The '=' of parameter [s, e), or e when it has none. */
static const char *eq_of(const char *s, const char *e)
{
    const char *q = memchr(s, '=', (size_t)(e - s));
    return q != NULL ? q : e;
}

/* Order of parameters [a, ae) and [b, be). */
static int param_cmp(const char *a, const char *ae, const char *b, const char *be)
{
    const char *x = eq_of(a, ae), *y = eq_of(b, be), *pa = a, *pb = b;
    int ka, kb;
    if (a == b) return 0;
    do {
        ka = key_next(&a, ae, x);
        kb = key_next(&b, be, y);
    } while (ka == kb && ka != -2);
    return ka != kb ? ka - kb : (pa > pb) - (pa < pb);
}

/* Canonical query of q[0..n): parameters sorted, emitted one at a time by selecting the
 * smallest one above the last emitted. Empty parameters ("a&&b") are ignored; "uploads"
 * becomes "uploads=". */
static void wr_query(struct wr *w, const char *q, size_t n)
{
    const char *end, *last, *last_e;
    if (n == 0) return; /* (q may be NULL) */
    end = last = last_e = q + n; /* last: empty, below any parameter */
    for (;;) {
        const char *best = NULL, *best_e = NULL, *s, *e;
        for (s = q; s < end; s = e + 1) {
            e = memchr(s, '&', (size_t)(end - s));
            if (e == NULL) e = end;
            if (e > s && param_cmp(s, e, last, last_e) > 0 &&
                (best == NULL || param_cmp(s, e, best, best_e) < 0)) {
                best = s;
                best_e = e;
            }
        }
        if (best == NULL) return;
        if (last != end) wr_raw(w, "&", 1);
        s = eq_of(best, best_e);
        w->enc = ENC_ON | ENC_DECODE;
        wr_put(w, best, (size_t)(s - best));
        wr_raw(w, "=", 1);
        if (s < best_e) wr_put(w, s + 1, (size_t)(best_e - s - 1));
        w->enc = 0;
        last = best;
        last_e = best_e;
    }
}

/* Hash the canonical request (query q[0..qn)); its hex goes to sig->last_signature, where the
 * string to sign reads it before the HMAC's result replaces it. */
static int canonical_request(struct wr *w, const struct s3l_sigv4_request *req, const char *q,
                             size_t qn)
{
    int rc;
    wr_hash(w, 0, NULL);
    wr_str(w, req->method);
    wr_nl(w);
    wr_uri(w, req->path, req->path_len, w->sig->flags);
    wr_nl(w);
    wr_query(w, q, qn);
    wr_nl(w);
    wr_headers(w, 0);
    if (w->list != NULL) {
        wr_raw(w, w->list, w->list_len);
    } else {
        wr_headers(w, 1);
    }
    wr_nl(w);
    wr_raw(w, w->pay, w->pay_len);
    rc = wr_finish(w);
    if (rc == S3L_OK) s3l_hex_lower(w->stage, 32, w->sig->last_signature);
    return rc;
}

/* ---- one signing call ------------------------------------------------------------------------- */

static int is_tok(const char *s)
{
    return s != NULL && s3l_is_token(s, strlen(s));
}

/* Checks, header validation and sorting, the payload hash. */
static int prepare(struct wr *w, struct s3l_sigv4 *sig, struct s3l_sigv4_request *req)
{
    const struct s3l_credentials *cr;
    struct s3l_headers *hs;
    struct s3l_header *it;
    const char *tok;
    size_t i, j;
    int rc = S3L_OK;
    if (sig == NULL || req == NULL || (hs = req->headers) == NULL || (cr = sig->creds) == NULL ||
        !is_tok(cr->access_key_id) || cr->secret_access_key == NULL || !is_tok(req->method) ||
        ((it = hs->items) == NULL && hs->count > 0) || hs->count > hs->cap) {
        return S3L_ERR_ARG;
    }
    if (sig->amz_date[0] == '\0') return S3L_ERR_STATE;
    tok = cr->session_token;
    if ((tok != NULL && !s3l_is_safe_value(tok, strlen(tok))) ||
        !s3l_is_safe_value(req->path, req->path_len) ||
        !s3l_is_safe_value(req->query, req->query_len)) { /* (NULL with a length: refused) */
        return S3L_ERR_BAD_CHAR;
    }
    w->sig = sig;
    w->hs = hs;
    /* stable insertion sort in place, names checked on the way (values: while hashed) */
    for (i = 0; i < hs->count; i++) {
        struct s3l_header t = it[i];
        if (!s3l_is_token(t.name, t.name_len)) rc = S3L_ERR_BAD_CHAR;
        for (j = i; j > 0 && hcmp(&it[j - 1], &t) > 0; j--) it[j] = it[j - 1];
        it[j] = t;
    }
    if (rc != S3L_OK) return rc;
    /* then find the names that matter; sorted, a second one would follow the first */
    for (j = 0; j < 5; j++) {
        const struct s3l_header *f = s3l_headers_find(hs, k_names[j]);
        if (f == NULL) continue;
        w->at[j] = it + (f - it); /* (the array is the caller's, not const) */
        if (f + 1 < it + hs->count && hcmp(f, f + 1) == 0) return S3L_ERR_ARG;
        /* a token or Authorization of the caller's may be left out of the canonical request,
         * where values are checked */
        if (j - SP_TOKEN < 2u && !s3l_is_safe_value(f->value, f->value_len)) {
            return S3L_ERR_BAD_CHAR;
        }
    }
    if (w->at[SP_HOST] == NULL) return S3L_ERR_ARG;
    w->pay = req->payload_hash;
    if (w->pay == NULL) {
        if (!w->expires && w->at[SP_SHA] != NULL) {
            w->pay = w->at[SP_SHA]->value;
            w->pay_len = w->at[SP_SHA]->value_len;
            goto check;
        }
        w->pay = (w->expires && strcmp(sig->service, "s3") == 0) ? S3L_CONTENT_SHA256_UNSIGNED : k_empty;
    }
    w->pay_len = strlen(w->pay);
check:
    return s3l_is_safe_value(w->pay, w->pay_len) ? S3L_OK : S3L_ERR_BAD_CHAR;
}

/* Header signing (expires == 0: out = Authorization value) or presigning (out = query). */
static int sign_request(struct s3l_sigv4 *sig, struct s3l_sigv4_request *req, uint32_t expires,
                        char *out, size_t cap, size_t *out_len)
{
    struct wr w;
    const char *q;
    size_t qn, len, n = 0;
    unsigned i;
    int rc;
    if (sig == NULL) return S3L_ERR_ARG;
    sig->last_signature[0] = '\0'; /* no seed to chain from on any error */
    memset(&w, 0, offsetof(struct wr, sha));
    w.expires = expires;
    rc = prepare(&w, sig, req);
    if (rc != S3L_OK) return rc;
    if (out == NULL) return S3L_ERR_ARG;
    w.out = out;
    w.cap = cap;
    if (!expires) {
        /* the signer's own headers, staged in canonical order in the spare slots (counted
         * only once signed); an unsigned token, last, is left out of nex */
        struct s3l_header *x = w.hs->items + w.hs->count;
        size_t room = w.hs->cap - w.hs->count;
        for (i = 0; i < 3; i++) {
            struct s3l_header h;
            if (w.at[i] != NULL || !special_value(&w, i, &h)) continue;
            if (n == room) return S3L_ERR_TOO_MANY;
            h.name = k_names[i];
            h.name_len = strlen(h.name);
            x[n++] = h;
            if (i < SP_TOKEN || !(sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) w.nex = n;
        }
        if (w.at[SP_AUTHZ] == NULL && n == room) return S3L_ERR_TOO_MANY;
        wr_tpl(&w, T_ALGO " Credential=" T_CRED ", SignedHeaders=", 0);
        w.list = out + w.len; /* written once, hashed from here */
        wr_headers(&w, 1);
        w.list_len = w.len - (size_t)(w.list - out);
        wr_tpl(&w, ", Signature=", 0);
        q = req->query;
        qn = req->query_len;
    } else {
        wr_raw(&w, req->query, req->query_len);
        wr_tpl(&w,
               T_XA "Algorithm=" T_ALGO T_XA "Credential=" T_CRED T_XA "Date=" T_DATE T_XA
               "Expires=" T_EXP T_XA "SignedHeaders=",
               ENC_ON);
        w.enc = ENC_ON;
        wr_headers(&w, 1);
        w.enc = 0;
        qn = w.len;
        if (sig->creds->session_token != NULL) { /* in the canonical query unless unsigned */
            wr_tpl(&w, T_XA "Security-Token=" T_TOK, ENC_ON);
            if (!(sig->flags & S3L_SIGV4_UNSIGNED_TOKEN)) qn = w.len;
        }
        wr_tpl(&w, T_XA "Signature=", 0);
        q = out;
    }
    len = w.len;
    if (w.rc != S3L_OK || cap - len < S3L_SIG_HEX_LEN + 1) {
        if (cap > 0) out[0] = '\0';
        return S3L_ERR_BUF_TOO_SMALL;
    }
    rc = canonical_request(&w, req, q, qn);
    if (rc == S3L_OK) rc = sign_sts(&w, "", NULL, NULL, out + len);
    if (rc != S3L_OK) {
        out[0] = '\0';
        sig->last_signature[0] = '\0'; /* no seed to chain chunks from */
        return rc;
    }
    len += S3L_SIG_HEX_LEN;
    if (out_len != NULL) *out_len = len;
    if (!expires) { /* signed: now the caller's array changes */
        struct s3l_headers *hs = w.hs;
        struct s3l_header *a;
        for (i = 0; i < 3; i++) {
            if (w.at[i] != NULL) special_value(&w, i, w.at[i]);
        }
        hs->count += n;
        a = w.at[SP_AUTHZ] != NULL ? w.at[SP_AUTHZ] : &hs->items[hs->count++];
        a->name = k_names[SP_AUTHZ];
        a->name_len = sizeof K_AUTHZ - 1;
        a->value = out;
        a->value_len = len;
    }
    return S3L_OK;
}

/* ---- public API ------------------------------------------------------------------------------ */

int s3l_sigv4_init_abi(struct s3l_sigv4 *sig, const struct s3l_credentials *creds, const char *region,
                       const char *service,
                       size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *sig) != S3L_OK) return S3L_ERR_ABI;
    if (sig == NULL) return S3L_ERR_ARG;
    memset(sig, 0, sizeof *sig);
    /* they go into the scope, the Authorization header and the query: token characters */
    if (creds == NULL || !is_tok(region) || !is_tok(service) || strlen(region) > S3L_REGION_MAX ||
        strlen(service) > S3L_SERVICE_MAX) {
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
    s3l_wipe(sig->signing_key, KEY_SPAN(last_signature)); /* key, midstates, date, signature */
}

/* The calendar is s3lite/date's; the signer keeps the text form. */
int s3l_sigv4_set_time(struct s3l_sigv4 *sig, const char *d)
{
    struct s3l_tm tm;
    int rc;
    if (sig == NULL || d == NULL) return S3L_ERR_ARG;
    rc = s3l_date_parse(d, S3L_DATE_AMZ, &tm, NULL);
    if (rc == S3L_OK) memcpy(sig->amz_date, d, S3L_AMZ_DATE_LEN + 1); /* checked: 16 + NUL */
    return rc;
}

int s3l_sigv4_set_time_unix(struct s3l_sigv4 *sig, int64_t t)
{
    struct s3l_tm tm;
    int rc;
    if (sig == NULL) return S3L_ERR_ARG;
    rc = s3l_date_from_unix(t, &tm); /* 1970 .. 9999, else S3L_ERR_RANGE */
    if (rc == S3L_OK) sig->amz_date[s3l_date_format(&tm, S3L_DATE_AMZ, sig->amz_date)] = '\0';
    return rc;
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
    if (sig->last_signature[0] == '\0') return S3L_ERR_STATE; /* (a seed implies a time) */
    s3l_hex_lower(digest, 32, out); /* read by the string to sign, then replaced */
    w.sig = sig;
    w.enc = 0;
    rc = sign_sts(&w, trailer ? "-TRAILER" : "-PAYLOAD", trailer ? out : k_empty,
                  trailer ? NULL : out, out);
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
