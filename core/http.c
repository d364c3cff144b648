/*
 * HTTP/1.1 for S3: the request-head serialiser and the incremental response parser.
 *
 * The parser is a byte-driven state machine (picohttpparser/yxml manners): head, chunk-size
 * and trailer lines are gathered in the caller's line buffer and handled when their LF
 * arrives; body bytes are handed to on_body in runs, never copied. Because every decision is
 * taken on a byte, any split of the input gives the same callbacks and the same result.
 * No recursion, no heap, no static state; errors are sticky in p->state (negative).
 */
#include <string.h>

#include "s3lite/http.h"

/* p->state: one of these, or a negative s3l_err once parsing failed (sticky). */
enum {
    ST_STATUS = 0, /* status line */
    ST_HEADER,     /* field lines up to the empty line */
    ST_BODY_LEN,   /* Content-Length body: p->remaining bytes left */
    ST_BODY_CLOSE, /* body delimited by the connection closing */
    ST_CHUNK_SIZE, /* chunk-size [; ext] line */
    ST_CHUNK_DATA, /* p->remaining bytes of chunk data */
    ST_CHUNK_END,  /* the CRLF that ends chunk data */
    ST_TRAILER,    /* trailer field lines after the last chunk */
    ST_DONE
};

/* Private bits of p->flags (the public S3L_HTTP_F_* use the low byte). */
#define F_CR 0x0100u         /* a CR was seen: only LF may follow */
#define F_HELD 0x0200u       /* a whole field line is held: the next line may continue it */
#define F_SKIP_WS 0x0400u    /* skipping the leading blanks of a continuation line */
#define F_HTTP10 0x0800u     /* the status line said HTTP/1.0 */
#define F_CONN_CLOSE 0x1000u /* Connection: close seen */
#define F_CONN_KA 0x2000u    /* Connection: keep-alive seen */
#define F_INTERIM 0x4000u    /* the head being read is a 1xx one */
#define F_100 0x8000u        /* ... and it is 100 Continue */

static int is_blank(int c)
{
    return c == ' ' || c == '\t';
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* The next element of a comma-separated list in [*s, end), blanks trimmed; 0 when the list
 * is exhausted (*s becomes NULL after the last element). */
static int next_elem(const char **s, const char *end, const char **e, size_t *n)
{
    const char *a = *s, *b;
    if (a == NULL) return 0;
    b = a;
    while (b < end && *b != ',') b++;
    *s = (b < end) ? b + 1 : NULL;
    while (a < b && is_blank((unsigned char)*a)) a++;
    while (b > a && is_blank((unsigned char)b[-1])) b--;
    *e = a;
    *n = (size_t)(b - a);
    return 1;
}

/* A callback's non-zero answer stops parsing; positive ones would read as PENDING/CONTINUE,
 * so they become S3L_ERR_ARG (callbacks must return 0 or a negative code). */
static int cb_rc(int rc)
{
    return rc > 0 ? S3L_ERR_ARG : rc;
}

/* ---- request head ---------------------------------------------------------------------- */

/* A byte sink that counts always and copies only when given a buffer (second pass). */
struct sink {
    char *out;
    size_t len;
    int overflow;
};

static void put(struct sink *w, const char *s, size_t n)
{
    if (n > (size_t)-1 - w->len) {
        w->overflow = 1;
        return;
    }
    if (w->out != NULL && n > 0) memcpy(w->out + w->len, s, n);
    w->len += n;
}

static void emit_head(const struct s3l_request *req, struct sink *w)
{
    size_t i;
    put(w, req->method, strlen(req->method));
    put(w, " ", 1);
    put(w, req->path, req->path_len);
    if (req->query_len > 0) {
        put(w, "?", 1);
        put(w, req->query, req->query_len);
    }
    put(w, " HTTP/1.1\r\n", 11);
    for (i = 0; i < req->headers.count; i++) {
        const struct s3l_header *h = &req->headers.items[i];
        put(w, h->name, h->name_len);
        put(w, ": ", 2);
        put(w, h->value, h->value_len);
        put(w, "\r\n", 2);
    }
    put(w, "\r\n", 2);
}

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

int s3l_http_write_head(const struct s3l_request *req, char *out, size_t cap, size_t *len)
{
    struct sink w = {NULL, 0, 0};
    size_t i;
    if (len != NULL) *len = 0;
    if (req == NULL || len == NULL || req->method == NULL || req->method[0] == '\0' ||
        req->path == NULL || req->path_len == 0 || (req->query == NULL && req->query_len > 0) ||
        (req->headers.items == NULL && req->headers.count > 0)) {
        return S3L_ERR_ARG;
    }
    if (!s3l_is_token(req->method, strlen(req->method)) || !is_target(req->path, req->path_len) ||
        !is_target(req->query, req->query_len)) {
        return S3L_ERR_BAD_CHAR;
    }
    if (req->path[0] != '/') return S3L_ERR_ARG;
    for (i = 0; i < req->headers.count; i++) {
        const struct s3l_header *h = &req->headers.items[i];
        if (h->name == NULL || (h->value == NULL && h->value_len > 0)) return S3L_ERR_ARG;
        if (!s3l_is_token(h->name, h->name_len) || !s3l_is_safe_value(h->value, h->value_len)) {
            return S3L_ERR_BAD_CHAR;
        }
    }
    emit_head(req, &w); /* first pass: size only */
    if (w.overflow) {
        *len = (size_t)-1;
        return S3L_ERR_BUF_TOO_SMALL;
    }
    *len = w.len;
    if (out == NULL || w.len > cap) return S3L_ERR_BUF_TOO_SMALL;
    w.out = out;
    w.len = 0;
    emit_head(req, &w);
    return S3L_OK;
}

/* ---- response parser ------------------------------------------------------------------- */

static int syntax_err(const struct s3l_http_parser *p)
{
    return (p->state == ST_CHUNK_SIZE || p->state == ST_CHUNK_END) ? S3L_ERR_HTTP_CHUNK
                                                                    : S3L_ERR_HTTP_SYNTAX;
}

/* Forget one head (after a 1xx) but keep the caller's settings. */
static void reset_head(struct s3l_http_parser *p)
{
    p->state = ST_STATUS;
    p->status = 0;
    p->flags &= S3L_HTTP_F_HEAD;
    p->header_count = 0;
    p->content_length = 0;
    p->remaining = 0;
    p->line_len = 0;
}

void s3l_http_parser_init(struct s3l_http_parser *p, char *line, size_t line_cap,
                          const struct s3l_http_callbacks *cb, void *ctx, int head_request)
{
    if (p == NULL) return;
    memset(p, 0, sizeof *p);
    p->cb = cb;
    p->ctx = ctx;
    p->line = line;
    p->line_cap = line_cap;
    p->flags = head_request ? S3L_HTTP_F_HEAD : 0u;
    p->state = (line == NULL || line_cap == 0) ? S3L_ERR_ARG : ST_STATUS;
}

static int done(struct s3l_http_parser *p)
{
    p->state = ST_DONE;
    p->flags |= S3L_HTTP_F_DONE;
    return S3L_OK;
}

/* "HTTP/1.x SP 3DIGIT [ SP reason ]", x a single digit; status 100..599. */
static int parse_status(struct s3l_http_parser *p)
{
    const char *s = p->line;
    size_t n = p->line_len;
    int code;
    if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || s[7] < '0' || s[7] > '9' || s[8] != ' ' ||
        s[9] < '1' || s[9] > '5' || s[10] < '0' || s[10] > '9' || s[11] < '0' || s[11] > '9' ||
        (n > 12 && s[12] != ' ')) {
        return S3L_ERR_HTTP_SYNTAX;
    }
    code = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
    if (s[7] == '0') p->flags |= F_HTTP10;
    if (code < 200) {
        /* 101 only answers an Upgrade request, which s3lite never makes. */
        if (code == 101) return S3L_ERR_HTTP_STATUS;
        p->flags |= F_INTERIM | (code == 100 ? F_100 : 0u);
        return S3L_OK;
    }
    p->status = code;
    if (p->cb != NULL && p->cb->on_status != NULL) return cb_rc(p->cb->on_status(p->ctx, code));
    return S3L_OK;
}

/* Content-Length: 1*DIGIT, or a list of identical ones ("42, 42"), without overflow. */
static int parse_length(const char *v, size_t n, uint64_t *out)
{
    const char *s = v, *end = v + n, *e;
    size_t el, i;
    int first = 1;
    uint64_t val = 0;
    while (next_elem(&s, end, &e, &el)) {
        uint64_t x = 0;
        if (el == 0) return S3L_ERR_HTTP_SYNTAX;
        for (i = 0; i < el; i++) {
            unsigned d = (unsigned)((unsigned char)e[i] - '0');
            /* x * 10 + d must stay below 2^64 (UINT64_MAX = 1844674407370955161 * 10 + 5);
             * compared, not divided, so no 64-bit division helper is linked in */
            if (d > 9 || x > 1844674407370955161u || (x == 1844674407370955161u && d > 5)) {
                return S3L_ERR_HTTP_SYNTAX;
            }
            x = x * 10u + d;
        }
        if (!first && x != val) return S3L_ERR_HTTP_SYNTAX;
        val = x;
        first = 0;
    }
    *out = val;
    return S3L_OK;
}

/* The fields that frame the message: Content-Length, Transfer-Encoding, Connection. */
static int framing_field(struct s3l_http_parser *p, const char *name, size_t nlen, const char *v,
                         size_t vlen)
{
    const char *s = v, *end = v + vlen, *e;
    size_t el;
    if (s3l_eq_ci(name, nlen, "content-length")) {
        uint64_t cl;
        if (parse_length(v, vlen, &cl) != S3L_OK) return S3L_ERR_HTTP_SYNTAX;
        if ((p->flags & S3L_HTTP_F_LENGTH) && cl != p->content_length) return S3L_ERR_HTTP_SYNTAX;
        p->content_length = cl;
        p->flags |= S3L_HTTP_F_LENGTH;
    } else if (s3l_eq_ci(name, nlen, "transfer-encoding")) {
        /* Only "chunked", once: any other coding could not be decoded here. */
        while (next_elem(&s, end, &e, &el)) {
            if (el == 0) continue;
            if (!s3l_eq_ci(e, el, "chunked") || (p->flags & S3L_HTTP_F_CHUNKED)) {
                return S3L_ERR_HTTP_SYNTAX;
            }
            p->flags |= S3L_HTTP_F_CHUNKED;
        }
    } else if (s3l_eq_ci(name, nlen, "connection")) {
        while (next_elem(&s, end, &e, &el)) {
            if (s3l_eq_ci(e, el, "close")) p->flags |= F_CONN_CLOSE;
            if (s3l_eq_ci(e, el, "keep-alive")) p->flags |= F_CONN_KA;
        }
    }
    return S3L_OK;
}

/* One complete (unfolded) field line in p->line: "name:" OWS value OWS. */
static int field_line(struct s3l_http_parser *p)
{
    const char *s = p->line;
    const char *colon = memchr(s, ':', p->line_len);
    const char *v, *end = s + p->line_len;
    size_t nlen;
    int rc;
    if (colon == NULL) return S3L_ERR_HTTP_SYNTAX;
    nlen = (size_t)(colon - s);
    if (!s3l_is_token(s, nlen)) return S3L_ERR_HTTP_SYNTAX;
    if (++p->header_count > S3L_HTTP_MAX_HEADERS) return S3L_ERR_HTTP_TOO_MANY_HEADERS;
    v = colon + 1;
    while (v < end && is_blank((unsigned char)*v)) v++;
    while (end > v && is_blank((unsigned char)end[-1])) end--;
    if (p->flags & F_INTERIM) return S3L_OK; /* a 1xx head's fields mean nothing to us */
    if (p->state == ST_HEADER) { /* trailers never change the framing */
        rc = framing_field(p, s, nlen, v, (size_t)(end - v));
        if (rc != S3L_OK) return rc;
    }
    if (p->cb != NULL && p->cb->on_header != NULL) {
        return cb_rc(p->cb->on_header(p->ctx, s, nlen, v, (size_t)(end - v)));
    }
    return S3L_OK;
}

/* The empty line after a head: decide how the body is delimited (RFC 9112 section 6.3). */
static int end_of_head(struct s3l_http_parser *p)
{
    unsigned f = p->flags;
    if (f & F_INTERIM) {
        if (++p->interim_count > S3L_HTTP_MAX_INTERIM) return S3L_ERR_HTTP_SYNTAX;
        reset_head(p);
        return (f & F_100) ? S3L_CONTINUE : S3L_PENDING; /* other 1xx: skipped */
    }
    if ((f & S3L_HTTP_F_CHUNKED) && ((f & S3L_HTTP_F_LENGTH) || (f & F_HTTP10))) {
        return S3L_ERR_HTTP_SYNTAX; /* ambiguous framing: a response-splitting sign */
    }
    if ((f & F_CONN_CLOSE) || ((f & F_HTTP10) && !(f & F_CONN_KA))) p->flags |= S3L_HTTP_F_CLOSE;
    if ((f & S3L_HTTP_F_HEAD) || p->status == 204 || p->status == 304) return done(p);
    if (f & S3L_HTTP_F_CHUNKED) {
        p->state = ST_CHUNK_SIZE;
    } else if (f & S3L_HTTP_F_LENGTH) {
        if (p->content_length == 0) return done(p);
        p->remaining = p->content_length;
        p->state = ST_BODY_LEN;
    } else {
        p->flags |= S3L_HTTP_F_CLOSE;
        p->state = ST_BODY_CLOSE;
    }
    return S3L_PENDING;
}

/* chunk-size = 1*HEXDIG, then BWS and optional ";" extensions (skipped). */
static int chunk_size_line(struct s3l_http_parser *p)
{
    const char *s = p->line;
    size_t n = p->line_len, i = 0;
    uint64_t size = 0;
    for (; i < n; i++) {
        int c = lower((unsigned char)s[i]);
        unsigned d;
        if (c >= '0' && c <= '9') {
            d = (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            d = (unsigned)(c - 'a' + 10);
        } else {
            break;
        }
        if (size >> 60) return S3L_ERR_HTTP_CHUNK;
        size = (size << 4) | d;
    }
    if (i == 0) return S3L_ERR_HTTP_CHUNK;
    while (i < n && is_blank((unsigned char)s[i])) i++;
    if (i < n && s[i] != ';') return S3L_ERR_HTTP_CHUNK;
    p->line_len = 0;
    if (size == 0) {
        p->state = ST_TRAILER;
    } else {
        p->remaining = size;
        p->state = ST_CHUNK_DATA;
    }
    return S3L_PENDING;
}

/* An LF ended the line in p->line[0..line_len). (if-chains, not switch: a switch table
 * would pull libgcc's __gnu_thumb1_case_* helpers into Cortex-M0 builds.) */
static int line_end(struct s3l_http_parser *p)
{
    int rc;
    p->flags &= ~F_SKIP_WS;
    if (p->state == ST_STATUS) {
        rc = parse_status(p);
        if (rc != S3L_OK) return rc;
        p->line_len = 0;
        p->state = ST_HEADER;
        return S3L_PENDING;
    }
    if (p->state == ST_HEADER || p->state == ST_TRAILER) {
        if (p->line_len > 0) { /* hold it: the next line may be an obs-fold continuation */
            p->flags |= F_HELD;
            return S3L_PENDING;
        }
        return p->state == ST_HEADER ? end_of_head(p) : done(p);
    }
    if (p->state == ST_CHUNK_SIZE) return chunk_size_line(p);
    p->state = ST_CHUNK_SIZE; /* ST_CHUNK_END: the line is empty (checked byte by byte) */
    return S3L_PENDING;
}

/* One byte of a status, field, chunk-size or chunk-end line. */
static int line_byte(struct s3l_http_parser *p, int c)
{
    int rc;
    if (p->flags & F_CR) { /* CR must start CRLF; a bare CR is refused */
        if (c != '\n') return syntax_err(p);
        p->flags &= ~F_CR;
        return line_end(p);
    }
    if (p->flags & F_HELD) {
        p->flags &= ~F_HELD;
        if (is_blank(c)) {
            /* obs-fold: RFC 9112 5.2 asks a user agent to read it as one SP. */
            p->flags |= F_SKIP_WS;
            c = ' ';
            goto store;
        }
        rc = field_line(p);
        p->line_len = 0;
        if (rc != S3L_OK) return rc;
    }
    if (c == '\r') {
        p->flags |= F_CR;
        return S3L_PENDING;
    }
    if (c == '\n') return line_end(p); /* a bare LF ends a line too (RFC 9112 2.2) */
    if (p->flags & F_SKIP_WS) {
        if (is_blank(c)) return S3L_PENDING;
        p->flags &= ~F_SKIP_WS;
    }
    if (p->state == ST_CHUNK_END) return S3L_ERR_HTTP_CHUNK; /* data longer than its size */
    if (p->line_len == 0 && is_blank(c) && p->state != ST_STATUS && p->state != ST_CHUNK_SIZE) {
        return S3L_ERR_HTTP_SYNTAX; /* a continuation with nothing to continue */
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) return syntax_err(p);
store:
    if (p->line_len >= p->line_cap) return S3L_ERR_HTTP_LINE_TOO_LONG;
    p->line[p->line_len++] = (char)c;
    return S3L_PENDING;
}

static int body(struct s3l_http_parser *p, const uint8_t *data, size_t n)
{
    int rc;
    if (n == 0 || p->cb == NULL || p->cb->on_body == NULL) return S3L_PENDING;
    rc = p->cb->on_body(p->ctx, data, n);
    return rc == 0 ? S3L_PENDING : cb_rc(rc);
}

int s3l_http_feed(struct s3l_http_parser *p, const uint8_t *buf, size_t len, size_t *used)
{
    size_t i = 0, n;
    int rc = S3L_PENDING;
    if (used != NULL) *used = 0;
    if (p == NULL || used == NULL || (buf == NULL && len > 0)) return S3L_ERR_ARG;
    if (p->state < 0) return p->state;
    if (p->state == ST_DONE) return S3L_OK;
    while (i < len && rc == S3L_PENDING) {
        if (p->state == ST_BODY_LEN || p->state == ST_CHUNK_DATA) {
            n = len - i;
            if (p->remaining < (uint64_t)n) n = (size_t)p->remaining;
            rc = body(p, buf + i, n);
            i += n;
            p->remaining -= n;
            if (rc == S3L_PENDING && p->remaining == 0) {
                if (p->state == ST_BODY_LEN) {
                    rc = done(p);
                } else {
                    p->state = ST_CHUNK_END;
                }
            }
        } else if (p->state == ST_BODY_CLOSE) {
            rc = body(p, buf + i, len - i);
            i = len;
        } else {
            rc = line_byte(p, buf[i++]);
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
    if (p->state == ST_BODY_CLOSE) return done(p);
    if (p->state == ST_DONE) return S3L_OK;
    p->state = S3L_ERR_CLOSED;
    return S3L_ERR_CLOSED;
}
