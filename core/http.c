/* SPDX-License-Identifier: MIT */
/*
 * HTTP/1.1 for S3: the request-head serialiser and the incremental response parser.
 *
 * The parser is a byte-driven state machine (picohttpparser/yxml manners): status, field,
 * chunk-size and trailer lines are gathered in the caller's line buffer and handled in one
 * place when their LF arrives; body bytes are handed to on_body in runs, never copied.
 * Because every decision is taken on a byte, any split of the input gives the same callbacks
 * and the same result. No recursion, no heap, no static state; errors are sticky in
 * p->state (negative). Sized for flash: if-chains, not switch (a switch table pulls
 * libgcc's __gnu_thumb1_case_* helpers into Cortex-M0 builds), one number reader for
 * Content-Length and chunk sizes, one word table for the names framing depends on.
 */
#include <string.h>

#include "s3lite/http.h"
#include "compiler.h"

/* NOINLINE (core/compiler.h) here: -Os inlines a static function called once, and here
 * that costs flash (the merged function needs more registers and longer branches). */

/* p->state: one of these, or a negative s3l_err once parsing failed (sticky). The order
 * matters: line states first, chunked ones from ST_CHUNK_SIZE (their bad bytes are
 * S3L_ERR_HTTP_CHUNK), body states from ST_BODY_LEN. A complete response is
 * S3L_HTTP_F_DONE in p->flags, whatever the state. */
enum {
    ST_STATUS = 0, /* status line */
    ST_HEADER,     /* field lines up to the empty line */
    ST_TRAILER,    /* trailer field lines after the last chunk */
    ST_CHUNK_SIZE, /* chunk-size [; ext] line */
    ST_CHUNK_END,  /* the CRLF that ends chunk data */
    ST_BODY_LEN,   /* Content-Length body: p->remaining bytes left */
    ST_CHUNK_DATA, /* p->remaining bytes of chunk data */
    ST_BODY_CLOSE  /* body delimited by the connection closing */
};

/* Private bits of p->flags (the public S3L_HTTP_F_* use the low byte). */
#define F_CR 0x0100u         /* a CR was seen: only LF may follow */
#define F_HELD 0x0200u       /* a whole field line is held: the next line may continue it */
#define F_SKIP_WS 0x0400u    /* skipping the leading blanks of a continuation line */
#define F_HTTP10 0x0800u     /* the status line said HTTP/1.0 */
#define F_CONN_CLOSE 0x1000u /* Connection: close seen */
#define F_CONN_KA 0x2000u    /* Connection: keep-alive seen */
#define F_100 0x4000u        /* the head being read is a 100 Continue one */

/* The names framing depends on, in W_* order, for word(). */
enum { W_CONTENT_LENGTH, W_TRANSFER_ENCODING, W_CONNECTION, W_CHUNKED, W_CLOSE, W_KEEP_ALIVE };
static const char words[] = "content-length\0transfer-encoding\0connection\0chunked\0close\0"
                            "keep-alive";

/* Index of s[0..n) in words (case-insensitive), W_KEEP_ALIVE + 1 when none. */
static unsigned word(const char *s, size_t n)
{
    const char *w = words;
    unsigned k = 0;
    while (k <= W_KEEP_ALIVE && !s3l_eq_ci(s, n, w)) {
        w += strlen(w) + 1;
        k++;
    }
    return k;
}

static int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

/* [*a, b) without leading and trailing blanks; returns the length left. */
static size_t trim(const char **a, const char *b)
{
    const char *s = *a;
    while (s < b && is_blank((unsigned char)*s)) s++;
    while (b > s && is_blank((unsigned char)b[-1])) b--;
    *a = s;
    return (size_t)(b - s);
}

/* Leading base-10 or base-16 digits of s[0..n) into *v. Returns how many were read, or
 * (size_t)-1 (*v then 0) when the value would pass 2^64 - 1. Compared, not divided: no 64-bit
 * division helper is linked in. */
static size_t number(const char *s, size_t n, unsigned base, uint64_t *v)
{
    uint64_t x = 0, lim = base == 16 ? UINT64_MAX >> 4 : UINT64_MAX / 10;
    size_t i;
    *v = 0; /* set on every path: callers compare the count, not always able to show it */
    for (i = 0; i < n; i++) {
        unsigned d = (unsigned)((unsigned char)s[i] - '0');
        if (d > 9) { /* 'A'..'F' and 'a'..'f' map to 10..15, all else to 16 and above */
            d = (unsigned)(((unsigned char)s[i] | 0x20) - 'a');
            d = d < 6 ? d + 10 : 16;
        }
        if (d >= base) break;
        if (x > lim) return (size_t)-1;
        x = x * base + d;
        if (x < d) return (size_t)-1; /* only base 10 can wrap here */
    }
    *v = x;
    return i;
}

/* A callback's non-zero answer stops parsing; positive ones would read as PENDING/CONTINUE,
 * so they become S3L_ERR_ARG (callbacks must return 0 or a negative code). */
NOINLINE static int cb_rc(int rc)
{
    return rc > 0 ? S3L_ERR_ARG : rc;
}

/* ---- request head ---------------------------------------------------------------------- */

/* One pass over the head: the first (out NULL) checks every piece and counts, the second
 * copies. The first error found is kept; a length past SIZE_MAX saturates there. */
struct sink {
    char *out;
    size_t len;
    int err;
};

/* Request-target bytes must be visible ASCII: a blank or control byte would end the
 * request line early (request splitting). */
static int is_target(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f) return 0;
    }
    return 1;
}

/* Which check a piece must pass (first pass only); K_ANY for our constants. (A small code,
 * not a function pointer: an external function's address goes through the GOT in a
 * position-independent host build.) */
enum { K_ANY, K_TOKEN, K_TARGET, K_VALUE };

static void put(struct sink *w, const char *s, size_t n, int kind)
{
    if (w->err != S3L_OK) return;
    if (w->out != NULL) {
        if (n > 0) memcpy(w->out + w->len, s, n);
    } else if ((kind == K_TOKEN && !s3l_is_token(s, n)) ||
               (kind == K_TARGET && !is_target(s, n)) ||
               (kind == K_VALUE && !s3l_is_safe_value(s, n))) {
        w->err = S3L_ERR_BAD_CHAR;
        return;
    } else if (n > SIZE_MAX - w->len) {
        n = SIZE_MAX - w->len;
    }
    w->len += n;
}

/* Row 0 is the request line (method SP path ["?" query] " HTTP/1.1" CRLF), row i the
 * field line "name: value" CRLF of items[i - 1]; then the empty line. */
static void emit_head(const struct s3l_request *req, struct sink *w)
{
    static const char tail[] = " HTTP/1.1\r\n"; /* its last two bytes end every line */
    struct s3l_header line0;
    const struct s3l_header *h = &line0;
    size_t i;
    line0.name = req->method;
    line0.name_len = strlen(req->method);
    line0.value = req->path;
    line0.value_len = req->path_len;
    for (i = 0; i <= req->headers.count; i++) {
        if (i > 0) h = &req->headers.items[i - 1];
        if (w->err == S3L_OK && (h->name == NULL || (h->value == NULL && h->value_len > 0))) {
            w->err = S3L_ERR_ARG;
        }
        put(w, h->name, h->name_len, K_TOKEN);
        put(w, &": "[i == 0], 2 - (i == 0), K_ANY);
        put(w, h->value, h->value_len, i == 0 ? K_TARGET : K_VALUE);
        if (i == 0) {
            if (req->query_len > 0) put(w, "?", 1, K_ANY);
            put(w, req->query, req->query_len, K_TARGET);
            if (w->err == S3L_OK && req->path[0] != '/') w->err = S3L_ERR_ARG;
        }
        put(w, tail + (i == 0 ? 0 : 9), i == 0 ? 11 : 2, K_ANY);
    }
    put(w, tail + 9, 2, K_ANY);
}

int s3l_http_write_head(const struct s3l_request *req, char *out, size_t cap, size_t *len)
{
    struct sink w = {NULL, 0, S3L_OK};
    if (len != NULL) *len = 0;
    if (req == NULL || len == NULL || req->method == NULL || req->method[0] == '\0' ||
        req->path == NULL || req->path_len == 0 || (req->query == NULL && req->query_len > 0) ||
        (req->headers.items == NULL && req->headers.count > 0)) {
        return S3L_ERR_ARG;
    }
    emit_head(req, &w); /* first pass: check and size */
    if (w.err != S3L_OK) return w.err;
    *len = w.len;
    /* SIZE_MAX means the sum overflowed: no buffer can hold it */
    if (out == NULL || w.len > cap || w.len == SIZE_MAX) return S3L_ERR_BUF_TOO_SMALL;
    w.out = out;
    w.len = 0;
    emit_head(req, &w);
    return S3L_OK;
}

/* ---- response parser ------------------------------------------------------------------- */

int s3l_http_parser_init_abi(struct s3l_http_parser *p, char *line, size_t line_cap,
                             const struct s3l_http_callbacks *cb, void *ctx, int head_request,
                             size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *p) != S3L_OK) return S3L_ERR_ABI;
    if (p == NULL) return S3L_ERR_ARG;
    memset(p, 0, sizeof *p);
    p->cb = cb;
    p->ctx = ctx;
    p->line = line;
    p->line_cap = line_cap;
    p->flags = head_request ? S3L_HTTP_F_HEAD : 0u;
    p->state = (line == NULL || line_cap == 0) ? S3L_ERR_ARG : ST_STATUS;
    return p->state == S3L_ERR_ARG ? S3L_ERR_ARG : S3L_OK;
}

static int done(struct s3l_http_parser *p)
{
    p->flags |= S3L_HTTP_F_DONE;
    return S3L_OK;
}

/* "HTTP/1.x SP 3DIGIT [ SP reason ]", x a single digit; status 100..599. */
NOINLINE static int parse_status(struct s3l_http_parser *p)
{
    static const char pat[] = "HTTP/1.# ###"; /* '#': a digit */
    const char *s = p->line;
    size_t n = p->line_len, i;
    int code = 0;
    if (n < 12 || (n > 12 && s[12] != ' ')) return S3L_ERR_HTTP_SYNTAX;
    for (i = 0; i < 12; i++) {
        unsigned d = (unsigned)((unsigned char)s[i] - '0');
        if (pat[i] != '#' ? s[i] != pat[i] : d > 9) return S3L_ERR_HTTP_SYNTAX;
        if (i > 8) code = code * 10 + (int)d;
    }
    if (code < 100 || code > 599) return S3L_ERR_HTTP_SYNTAX;
    if (s[7] == '0') p->flags |= F_HTTP10;
    if (code < 200) {
        /* 101 only answers an Upgrade request, which s3lite never makes. */
        if (code == 101) return S3L_ERR_HTTP_STATUS;
        if (code == 100) p->flags |= F_100;
        return S3L_OK; /* p->status stays 0: the head is an interim one */
    }
    p->status = code;
    if (p->cb != NULL && p->cb->on_status != NULL) return cb_rc(p->cb->on_status(p->ctx, code));
    return S3L_OK;
}

/* The fields that frame the message, v[0..vlen) their trimmed value: Content-Length (digits,
 * or a list of equal ones, agreeing with any earlier one), Transfer-Encoding (only
 * "chunked", once: any other coding could not be decoded here), Connection. */
static int framing_field(struct s3l_http_parser *p, unsigned k, const char *v, size_t vlen)
{
    const char *end = v + vlen, *c, *e;
    unsigned have = p->flags & S3L_HTTP_F_LENGTH;
    uint64_t val = p->content_length, x;
    size_t el;
    for (;;) { /* each comma-separated element, blanks trimmed */
        for (c = e = v; c < end && *c != ','; c++) {
        }
        el = trim(&e, c);
        if (k == W_CONTENT_LENGTH) {
            if (el == 0 || number(e, el, 10, &x) != el || (have && x != val)) {
                return S3L_ERR_HTTP_SYNTAX;
            }
            val = x;
            have = 1;
        } else if (k == W_TRANSFER_ENCODING) {
            if (el > 0) {
                if (word(e, el) != W_CHUNKED || (p->flags & S3L_HTTP_F_CHUNKED)) {
                    return S3L_ERR_HTTP_SYNTAX;
                }
                p->flags |= S3L_HTTP_F_CHUNKED;
            }
        } else {
            k = word(e, el);
            if (k == W_CLOSE) p->flags |= F_CONN_CLOSE;
            if (k == W_KEEP_ALIVE) p->flags |= F_CONN_KA;
            k = W_CONNECTION;
        }
        if (c == end) break;
        v = c + 1;
    }
    if (have) {
        p->content_length = val;
        p->flags |= S3L_HTTP_F_LENGTH;
    }
    return S3L_OK;
}

/* One complete (unfolded) field line in p->line: "name:" OWS value OWS. */
NOINLINE static int field_line(struct s3l_http_parser *p)
{
    const char *s = p->line, *v;
    const char *colon = memchr(s, ':', p->line_len);
    size_t nlen, vlen;
    unsigned k;
    int rc;
    if (colon == NULL) return S3L_ERR_HTTP_SYNTAX;
    nlen = (size_t)(colon - s);
    if (!s3l_is_token(s, nlen)) return S3L_ERR_HTTP_SYNTAX;
    if (++p->header_count > S3L_HTTP_MAX_HEADERS) return S3L_ERR_HTTP_TOO_MANY_HEADERS;
    v = colon + 1;
    vlen = trim(&v, s + p->line_len);
    if (p->status == 0) return S3L_OK; /* a 1xx head's fields mean nothing to us */
    if (p->state == ST_HEADER) { /* trailers never change the framing */
        k = word(s, nlen);
        if (k <= W_CONNECTION) {
            rc = framing_field(p, k, v, vlen);
            if (rc != S3L_OK) return rc;
        }
    }
    if (p->cb != NULL && p->cb->on_header != NULL) {
        return cb_rc(p->cb->on_header(p->ctx, s, nlen, v, vlen));
    }
    return S3L_OK;
}

/* The empty line after a head: decide how the body is delimited (RFC 9112 section 6.3). */
static int end_of_head(struct s3l_http_parser *p)
{
    unsigned f = p->flags;
    if (p->status == 0) { /* a 1xx head: forget it, keep the caller's settings */
        if (++p->interim_count > S3L_HTTP_MAX_INTERIM) return S3L_ERR_HTTP_SYNTAX;
        p->state = ST_STATUS;
        p->flags = f & S3L_HTTP_F_HEAD;
        p->header_count = 0;
        return (f & F_100) ? S3L_CONTINUE : S3L_PENDING; /* other 1xx: skipped */
    }
    if ((f & S3L_HTTP_F_CHUNKED) && (f & (S3L_HTTP_F_LENGTH | F_HTTP10))) {
        return S3L_ERR_HTTP_SYNTAX; /* ambiguous framing: a response-splitting sign */
    }
    if ((f & F_CONN_CLOSE) || ((f & F_HTTP10) && !(f & F_CONN_KA))) f |= S3L_HTTP_F_CLOSE;
    p->flags = f;
    if ((f & S3L_HTTP_F_HEAD) || p->status == 204 || p->status == 304) return done(p);
    if (f & S3L_HTTP_F_CHUNKED) {
        p->state = ST_CHUNK_SIZE;
    } else if (f & S3L_HTTP_F_LENGTH) {
        if (p->content_length == 0) return done(p);
        p->remaining = p->content_length;
        p->state = ST_BODY_LEN;
    } else {
        p->flags = f | S3L_HTTP_F_CLOSE;
        p->state = ST_BODY_CLOSE;
    }
    return S3L_PENDING;
}

/* chunk-size = 1*HEXDIG, then BWS and optional ";" extensions (skipped). */
static int chunk_size_line(struct s3l_http_parser *p)
{
    const char *s = p->line;
    size_t n = p->line_len, i = number(s, n, 16, &p->remaining);
    if (i - 1 >= n) return S3L_ERR_HTTP_CHUNK; /* no digit (i 0) or overflow (i SIZE_MAX) */
    s += i;
    if (trim(&s, p->line + n) > 0 && *s != ';') return S3L_ERR_HTTP_CHUNK;
    p->state = p->remaining == 0 ? ST_TRAILER : ST_CHUNK_DATA;
    return S3L_OK;
}

/* One byte of a status, field, chunk-size, chunk-end or trailer line. */
NOINLINE static int line_byte(struct s3l_http_parser *p, int c)
{
    int st = p->state, rc, blank = is_blank(c);
    int bad = st >= ST_CHUNK_SIZE ? S3L_ERR_HTTP_CHUNK : S3L_ERR_HTTP_SYNTAX;
    size_t n = p->line_len;
    if ((p->flags & F_CR) && c != '\n') return bad; /* CR must start CRLF */
    if (p->flags & F_HELD) {
        p->flags &= ~F_HELD;
        if (blank) {
            /* obs-fold: RFC 9112 5.2 asks a user agent to read it as one SP. */
            p->flags |= F_SKIP_WS;
            c = ' ';
            goto store;
        }
        rc = field_line(p);
        p->line_len = n = 0;
        if (rc != S3L_OK) return rc;
    }
    if (c == '\r') {
        p->flags |= F_CR;
        return S3L_PENDING;
    }
    if (c != '\n') {
        if (p->flags & F_SKIP_WS) {
            if (blank) return S3L_PENDING;
            p->flags &= ~F_SKIP_WS;
        }
        if (st == ST_CHUNK_END) return S3L_ERR_HTTP_CHUNK; /* data longer than its size */
        if (n == 0 && blank && (st == ST_HEADER || st == ST_TRAILER)) {
            return S3L_ERR_HTTP_SYNTAX; /* a continuation with nothing to continue */
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) return bad;
    store:
        if (n >= p->line_cap) return S3L_ERR_HTTP_LINE_TOO_LONG;
        p->line[n] = (char)c;
        p->line_len = n + 1;
        return S3L_PENDING;
    }
    /* LF (after CR or bare, RFC 9112 2.2): p->line[0..n) is a whole line. */
    p->flags &= ~(F_CR | F_SKIP_WS);
    if (st == ST_STATUS) {
        rc = parse_status(p);
        if (rc != S3L_OK) return rc;
        p->state = ST_HEADER;
    } else if (st <= ST_TRAILER) {
        if (n > 0) { /* hold it: the next line may be an obs-fold continuation */
            p->flags |= F_HELD;
            return S3L_PENDING;
        }
        return st == ST_HEADER ? end_of_head(p) : done(p);
    } else if (st == ST_CHUNK_SIZE) {
        rc = chunk_size_line(p);
        if (rc != S3L_OK) return rc;
    } else {
        p->state = ST_CHUNK_SIZE; /* ST_CHUNK_END: the line is empty (checked byte by byte) */
    }
    p->line_len = 0;
    return S3L_PENDING;
}

int s3l_http_feed(struct s3l_http_parser *p, const uint8_t *buf, size_t len, size_t *used)
{
    size_t i = 0, n;
    int rc = S3L_PENDING;
    if (used != NULL) *used = 0;
    if (p == NULL || used == NULL || (buf == NULL && len > 0)) return S3L_ERR_ARG;
    if (p->state < 0) return p->state;
    if (p->flags & S3L_HTTP_F_DONE) return S3L_OK;
    while (i < len && rc == S3L_PENDING) {
        int st = p->state, end = 0;
        if (st < ST_BODY_LEN) {
            rc = line_byte(p, buf[i++]);
            continue;
        }
        n = len - i;
        if (st != ST_BODY_CLOSE) {
            if (p->remaining <= (uint64_t)n) {
                n = (size_t)p->remaining;
                end = 1;
            }
            p->remaining -= n;
        }
        if (p->cb != NULL && p->cb->on_body != NULL) {
            rc = cb_rc(p->cb->on_body(p->ctx, buf + i, n));
            if (rc == S3L_OK) rc = S3L_PENDING;
        }
        i += n;
        if (rc == S3L_PENDING && end) {
            if (st == ST_BODY_LEN) {
                rc = done(p);
            } else {
                p->state = ST_CHUNK_END;
            }
        }
    }
    *used = i;
    if (rc < 0) p->state = rc;
    return rc;
}

int s3l_http_finish(struct s3l_http_parser *p)
{
    if (p == NULL) return S3L_ERR_ARG;
    if (p->state < 0) return p->state;
    if (p->state == ST_BODY_CLOSE || (p->flags & S3L_HTTP_F_DONE)) return done(p);
    p->state = S3L_ERR_CLOSED;
    return S3L_ERR_CLOSED;
}
