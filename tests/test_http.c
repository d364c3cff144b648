/* SPDX-License-Identifier: MIT */
/*
 * Tests for core/http.c.
 *
 * Response parser: every HTTP sample of $SHARED/vectors/s3-xml/http (the aws-sdk-php mock
 * responses as stored and as they would travel on the wire; the aws-c-s3 mock JSON built
 * into the bytes its mock server sends, with Content-Length, chunked, and for HEAD) and a
 * table of hand-written cases are fed whole, byte by byte, split at every index and in
 * pseudo-random pieces; every way of feeding must give the same record (status, fields,
 * body, result, bytes used, flags), and the record must match what the input says.
 * The expected values of the samples come from a separate, simple reading of the file.
 * Serialiser: golden heads, every too-small capacity, bad characters, guard bytes.
 */
#include <dirent.h>
#include <stdint.h>

#include "harness.h"
#include "s3lite/http.h"

#define GUARD 16
#define GUARD_BYTE 0xA5
#define LINE_BUF 2048
#define HDR_MAX 16384
#define BODY_MAX 32768
#define IN_MAX 65536

/* ---- the record every way of feeding must agree on ------------------------------------- */

struct rec {
    int status;            /* last on_status */
    unsigned status_calls;
    char hdr[HDR_MAX];     /* "name: value\n" for every on_header, in order */
    size_t hdr_len;
    unsigned nhdr;
    unsigned char body[BODY_MAX];
    size_t body_len;
    int overflow;          /* the record itself ran out of room (a test bug) */
    int bad_slice;         /* a callback got an untrimmed value or a CR/LF/NUL */
    int rc;                /* last feed result, or finish's when the input ran out */
    size_t used;           /* input bytes consumed in all */
    unsigned flags;        /* public flag bits at the end */
    uint64_t content_length;
    unsigned continues;    /* S3L_CONTINUE returns */
    int guard_ok;          /* bytes after the line buffer untouched */
    /* fault injection */
    unsigned fail_header_at; /* 1-based on_header call that fails, 0 = none */
    int fail_rc;
};

static int on_status(void *ctx, int status)
{
    struct rec *r = ctx;
    r->status = status;
    r->status_calls++;
    return 0;
}

static void rec_put(struct rec *r, const char *s, size_t n)
{
    if (n > HDR_MAX - r->hdr_len) {
        r->overflow = 1;
        return;
    }
    memcpy(r->hdr + r->hdr_len, s, n);
    r->hdr_len += n;
}

static int on_header(void *ctx, const char *name, size_t name_len, const char *value,
                     size_t value_len)
{
    struct rec *r = ctx;
    size_t i;
    r->nhdr++;
    if (name_len == 0) r->bad_slice = 1;
    if (value_len > 0 && (value[0] == ' ' || value[0] == '\t' || value[value_len - 1] == ' ' ||
                          value[value_len - 1] == '\t')) {
        r->bad_slice = 1;
    }
    for (i = 0; i < value_len; i++) {
        if (value[i] == '\r' || value[i] == '\n' || value[i] == '\0') r->bad_slice = 1;
    }
    rec_put(r, name, name_len);
    rec_put(r, ": ", 2);
    rec_put(r, value, value_len);
    rec_put(r, "\n", 1);
    if (r->fail_header_at != 0 && r->nhdr == r->fail_header_at) return r->fail_rc;
    return 0;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    struct rec *r = ctx;
    if (len > BODY_MAX - r->body_len) {
        r->overflow = 1;
        return 0;
    }
    memcpy(r->body + r->body_len, data, len);
    r->body_len += len;
    return 0;
}

static const struct s3l_http_callbacks rec_cb = {on_status, on_header, on_body};

static void rec_clear(struct rec *r)
{
    unsigned at = r->fail_header_at;
    int frc = r->fail_rc;
    memset(r, 0, sizeof *r);
    r->fail_header_at = at;
    r->fail_rc = frc;
}

/* Which fields differ ("" when none). */
static const char *rec_diff(const struct rec *a, const struct rec *b)
{
    if (a->rc != b->rc) return "result";
    if (a->used != b->used) return "used";
    if (a->status != b->status || a->status_calls != b->status_calls) return "status";
    if (a->nhdr != b->nhdr || a->hdr_len != b->hdr_len || memcmp(a->hdr, b->hdr, a->hdr_len) != 0)
        return "headers";
    if (a->body_len != b->body_len || memcmp(a->body, b->body, a->body_len) != 0) return "body";
    if (a->flags != b->flags) return "flags";
    if (a->content_length != b->content_length) return "content_length";
    if (a->continues != b->continues) return "continues";
    if (a->overflow || b->overflow) return "record overflow";
    if (a->bad_slice != b->bad_slice) return "bad slice";
    if (!a->guard_ok || !b->guard_ok) return "guard bytes";
    return "";
}

/* ---- feeding --------------------------------------------------------------------------- */

enum mode { M_WHOLE, M_BYTES, M_SPLIT, M_RANDOM };

/*
 * Feed in[0..n) to one parser in pieces chosen by mode (M_SPLIT: [0,k) then [k,n);
 * M_RANDOM: pieces of 1..17 bytes from an LCG seeded with k). S3L_CONTINUE goes on with
 * the rest of the piece; S3L_OK or an error stops; when the input runs out while the
 * parser still wants more, s3l_http_finish() gives the result.
 */
static void run(const uint8_t *in, size_t n, enum mode mode, size_t k, int head, size_t line_cap,
                const struct s3l_http_callbacks *cb, struct rec *r)
{
    static char line[LINE_BUF + GUARD];
    struct s3l_http_parser p;
    size_t pos = 0, i;
    unsigned long lcg = (unsigned long)k * 2654435761u + 1u;
    int rc = S3L_PENDING, first = 1;

    rec_clear(r);
    memset(line, GUARD_BYTE, sizeof line);
    s3l_http_parser_init(&p, line, line_cap, cb, r, head);
    while ((pos < n || first) && (rc == S3L_PENDING || rc == S3L_CONTINUE)) {
        size_t seg, off = 0, u;
        switch (mode) {
        case M_WHOLE: seg = n - pos; break;
        case M_BYTES: seg = 1; break;
        case M_SPLIT: seg = pos < k ? k - pos : n - pos; break;
        default:
            lcg = lcg * 1103515245u + 12345u;
            seg = 1 + (size_t)((lcg >> 16) % 17u);
            break;
        }
        if (seg > n - pos) seg = n - pos;
        first = 0;
        do { /* a zero-length piece is fed too: it must change nothing */
            rc = s3l_http_feed(&p, in + pos + off, seg - off, &u);
            if (u > seg - off) r->overflow = 1;
            off += u;
            if (rc == S3L_CONTINUE) r->continues++;
        } while (rc == S3L_CONTINUE && off < seg);
        pos += off;
        if (rc == S3L_PENDING && off != seg) { /* PENDING must use it all */
            r->overflow = 1;
            break;
        }
    }
    if (rc == S3L_PENDING || rc == S3L_CONTINUE) rc = s3l_http_finish(&p);
    r->rc = rc;
    r->used = pos;
    r->flags = p.flags & 0xFFu;
    r->content_length = p.content_length;
    r->guard_ok = 1;
    for (i = line_cap; i < line_cap + GUARD; i++) {
        if ((unsigned char)line[i] != GUARD_BYTE) r->guard_ok = 0;
    }
}

static struct rec g_whole, g_other;

/*
 * Feed whole, byte by byte, split at every index and in 8 random piecings; CHECK that all
 * agree. The whole-feed record is left in g_whole.
 */
static void run_all(const char *name, const uint8_t *in, size_t n, int head, size_t line_cap,
                    unsigned fail_at, int fail_rc)
{
    size_t k;
    const char *d = "";
    g_whole.fail_header_at = g_other.fail_header_at = fail_at;
    g_whole.fail_rc = g_other.fail_rc = fail_rc;
    run(in, n, M_WHOLE, 0, head, line_cap, &rec_cb, &g_whole);
    CHECKF(g_whole.guard_ok && !g_whole.overflow && !g_whole.bad_slice, "%s: whole feed", name);
    run(in, n, M_BYTES, 0, head, line_cap, &rec_cb, &g_other);
    d = rec_diff(&g_whole, &g_other);
    CHECKF(d[0] == '\0', "%s: byte by byte differs in %s", name, d);
    for (k = 0; k <= n; k++) {
        run(in, n, M_SPLIT, k, head, line_cap, &rec_cb, &g_other);
        d = rec_diff(&g_whole, &g_other);
        if (d[0] != '\0') break;
    }
    CHECKF(d[0] == '\0', "%s: split at %zu differs in %s", name, k, d);
    for (k = 1; k <= 8; k++) {
        run(in, n, M_RANDOM, k, head, line_cap, &rec_cb, &g_other);
        d = rec_diff(&g_whole, &g_other);
        if (d[0] != '\0') break;
    }
    CHECKF(d[0] == '\0', "%s: random pieces (seed %zu) differ in %s", name, k, d);
}

/* ---- hand-written cases ---------------------------------------------------------------- */

#define F_CLOSE S3L_HTTP_F_CLOSE
#define F_LEN S3L_HTTP_F_LENGTH
#define F_CHK S3L_HTTP_F_CHUNKED
#define F_DONE S3L_HTTP_F_DONE

struct hcase {
    const char *name;
    const char *in;
    int head;
    size_t line_cap;      /* 0: LINE_BUF */
    int rc;
    int status;           /* 0: not checked */
    const char *headers;  /* NULL: not checked */
    const char *body;     /* NULL: not checked */
    size_t left;          /* input bytes not consumed at the end */
    unsigned set, clear;  /* flag bits that must be set / clear at the end */
    unsigned continues;
};

#define OK200 "HTTP/1.1 200 OK\r\n"

static const struct hcase cases[] = {
    /* framing */
    {"content-length", OK200 "Content-Length: 5\r\nX-A: b\r\n\r\nhello", 0, 0, S3L_OK, 200,
     "Content-Length: 5\nX-A: b\n", "hello", 0, F_LEN | F_DONE, F_CLOSE | F_CHK, 0},
    {"content-length 0", OK200 "Content-Length: 0\r\n\r\n", 0, 0, S3L_OK, 200, NULL, "", 0,
     F_LEN | F_DONE, F_CLOSE, 0},
    {"chunked with extensions and trailers",
     OK200 "Transfer-Encoding: chunked\r\n\r\n"
           "5;name=val\r\nhello\r\n6 ; ext ; e2=\"q\"\r\n world\r\n"
           "00A\r\n0123456789\r\n0\r\nx-amz-checksum-crc32: AAAAAA==\r\nX-T:  1 \r\n\r\n",
     0, 0, S3L_OK, 200,
     "Transfer-Encoding: chunked\nx-amz-checksum-crc32: AAAAAA==\nX-T: 1\n", "hello world0123456789", 0, F_CHK | F_DONE, F_CLOSE | F_LEN, 0},
    {"chunked, upper-case hex, no trailers",
     OK200 "transfer-encoding: CHUNKED\r\n\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n", 0, 0,
     S3L_OK, 200, NULL, "abcdefghijklmnopqrstuvwxyz", 0, F_CHK, 0, 0},
    {"trailer Content-Length does not reframe",
     OK200 "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nContent-Length: 99\r\n\r\nNEXT", 0,
     0, S3L_OK, 200, "Transfer-Encoding: chunked\nContent-Length: 99\n", "abc", 4, 0, F_LEN, 0},
    {"100 Continue then 200",
     "HTTP/1.1 100 Continue\r\n\r\n" OK200 "Content-Length: 2\r\n\r\nok", 0, 0, S3L_OK, 200,
     "Content-Length: 2\n", "ok", 0, F_LEN | F_DONE, 0, 1},
    {"100 Continue with fields (h11 style), then 403",
     "HTTP/1.1 100 \r\nServer: mock\r\n\r\nHTTP/1.1 403 \r\nContent-Length: 1\r\n\r\nx", 0, 0,
     S3L_OK, 403, "Content-Length: 1\n", "x", 0, 0, 0, 1},
    {"two 100 Continue",
     "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" OK200 "Content-Length: 0\r\n\r\n",
     0, 0, S3L_OK, 200, "Content-Length: 0\n", "", 0, 0, 0, 2},
    {"102 and 103 skipped",
     "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
     "HTTP/1.1 204 No Content\r\n\r\n",
     0, 0, S3L_OK, 204, "", "", 0, F_DONE, F_CLOSE, 0},
    {"HEAD with Content-Length", OK200 "Content-Length: 1234\r\nETag: \"e\"\r\n\r\n", 1, 0, S3L_OK,
     200, "Content-Length: 1234\nETag: \"e\"\n", "", 0, F_LEN | S3L_HTTP_F_HEAD, F_CLOSE, 0},
    {"HEAD leaves the next response", OK200 "Content-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\n", 1, 0,
     S3L_OK, 200, NULL, "", 17, F_LEN, 0, 0},
    {"HEAD with chunked", OK200 "Transfer-Encoding: chunked\r\n\r\n", 1, 0, S3L_OK, 200, NULL, "", 0, F_CHK | F_DONE, 0, 0},
    {"HEAD, largest Content-Length", OK200 "Content-Length: 18446744073709551615\r\n\r\n", 1, 0,
     S3L_OK, 200, NULL, "", 0, F_LEN, 0, 0},
    {"204 ignores Content-Length", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nabcde", 0,
     0, S3L_OK, 204, NULL, "", 5, F_DONE, 0, 0},
    {"304 has no body", "HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", 0, 0, S3L_OK, 304, NULL,
     "", 0, 0, 0, 0},
    {"close-delimited body", OK200 "X: y\r\n\r\nall of\r\nthis", 0, 0, S3L_OK, 200, NULL,
     "all of\r\nthis", 0, F_CLOSE | F_DONE, F_LEN | F_CHK, 0},
    {"close-delimited, empty", "HTTP/1.1 500 Internal\r\n\r\n", 0, 0, S3L_OK, 500, "", "", 0,
     F_CLOSE, 0, 0},
    /* keep-alive */
    {"1.1 default keep-alive", OK200 "Content-Length: 0\r\n\r\n", 0, 0, S3L_OK, 200, NULL, NULL, 0, 0, F_CLOSE, 0},
    {"1.1 Connection: close", OK200 "Connection: close\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK,
     200, NULL, NULL, 0, F_CLOSE, 0, 0},
    {"1.1 Connection list with Close", OK200 "Connection: Keep-Alive, Close\r\nContent-Length: 0\r\n\r\n",
     0, 0, S3L_OK, 200, NULL, NULL, 0, F_CLOSE, 0, 0},
    {"1.1 Connection: keep-alive", OK200 "Connection: keep-alive\r\nContent-Length: 0\r\n\r\n", 0,
     0, S3L_OK, 200, NULL, NULL, 0, 0, F_CLOSE, 0},
    /* Connection may list header names (hop-by-hop fields): a framing field's name in the
     * list is only a name, and the tokens after it are still read */
    {"1.1 Connection: content-length, close",
     OK200 "Connection: content-length, close\r\nContent-Length: 2\r\n\r\nhi", 0, 0, S3L_OK, 200,
     NULL, "hi", 0, F_CLOSE | F_LEN | F_DONE, F_CHK, 0},
    {"1.1 Connection: transfer-encoding, close",
     OK200 "Connection: transfer-encoding, close\r\nContent-Length: 2\r\n\r\nhi", 0, 0, S3L_OK,
     200, NULL, "hi", 0, F_CLOSE | F_LEN | F_DONE, F_CHK, 0},
    {"1.0 Connection: content-length, keep-alive",
     "HTTP/1.0 200 OK\r\nConnection: content-length, keep-alive\r\nContent-Length: 1\r\n\r\nz", 0,
     0, S3L_OK, 200, NULL, "z", 0, F_LEN | F_DONE, F_CLOSE, 0},
    {"1.0 default close", "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nz", 0, 0, S3L_OK, 200, NULL,
     "z", 0, F_CLOSE, 0, 0},
    {"1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nz", 0,
     0, S3L_OK, 200, NULL, "z", 0, 0, F_CLOSE, 0},
    {"1.0 close-delimited", "HTTP/1.0 200 OK\r\n\r\nabc", 0, 0, S3L_OK, 200, NULL, "abc", 0,
     F_CLOSE, 0, 0},
    /* pipelining: bytes after the response are not consumed */
    {"pipelined leftover", OK200 "Content-Length: 3\r\n\r\nabcHTTP/1.1 404 Not Found\r\n\r\n", 0, 0,
     S3L_OK, 200, NULL, "abc", 26, F_DONE, 0, 0},
    {"pipelined after chunked",
     OK200 "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n", 0, 0, S3L_OK,
     200, NULL, "a", 17, F_DONE, 0, 0},
    /* leniency that the RFC allows */
    {"bare LF line ends", "HTTP/1.1 200 OK\nA: b\nContent-Length: 2\n\nhi", 0, 0, S3L_OK, 200,
     "A: b\nContent-Length: 2\n", "hi", 0, 0, 0, 0},
    {"bare LF in chunked", OK200 "Transfer-Encoding: chunked\n\n2\nhi\n0\n\n", 0, 0, S3L_OK, 200,
     NULL, "hi", 0, 0, 0, 0},
    {"status without reason", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK, 200, NULL,
     NULL, 0, 0, 0, 0},
    {"HTTP/1.2 read as 1.1", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK, 200,
     NULL, NULL, 0, 0, F_CLOSE, 0},
    {"values trimmed, empty value, obs-text kept",
     OK200 "A:   x y \t\r\nB:\r\nC: \t \r\nD: caf\xc3\xa9\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK,
     200, "A: x y\nB: \nC: \nD: caf\xc3\xa9\nContent-Length: 0\n", "", 0, 0, 0, 0},
    {"obs-fold joined with one SP",
     OK200 "X-A: one\r\n  two\r\n\tthree\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK, 200,
     "X-A: one two three\nContent-Length: 0\n", "", 0, 0, 0, 0},
    {"Content-Length list of equal values", OK200 "Content-Length: 2, 2\r\nContent-Length: 2\r\n\r\nab",
     0, 0, S3L_OK, 200, NULL, "ab", 0, F_LEN, 0, 0},
    {"Content-Length leading zeros", OK200 "Content-Length: 0003\r\n\r\nabc", 0, 0, S3L_OK, 200,
     NULL, "abc", 0, 0, 0, 0},
    {"empty Transfer-Encoding ignored", OK200 "Transfer-Encoding:\r\nContent-Length: 1\r\n\r\nq", 0,
     0, S3L_OK, 200, NULL, "q", 0, F_LEN, F_CHK, 0},
    {"line exactly line_cap", "HTTP/1.1 200 OK-----------------\r\nContent-Length: 0\r\n\r\n", 0,
     32, S3L_OK, 200, NULL, NULL, 0, 0, 0, 0},
    /* truncation */
    {"cut in the status line", "HTTP/1.1 20", 0, 0, S3L_ERR_CLOSED, 0, NULL, NULL, 0, 0, F_DONE, 0},
    {"cut in the head", OK200 "Content-Length: 3\r\n", 0, 0, S3L_ERR_CLOSED, 200, NULL, NULL, 0, 0, F_DONE, 0},
    {"cut in a Content-Length body", OK200 "Content-Length: 3\r\n\r\nab", 0, 0, S3L_ERR_CLOSED, 200,
     NULL, "ab", 0, 0, F_DONE, 0},
    {"cut in a chunk", OK200 "Transfer-Encoding: chunked\r\n\r\n5\r\nab", 0, 0, S3L_ERR_CLOSED, 200,
     NULL, "ab", 0, 0, F_DONE, 0},
    {"cut before the last chunk", OK200 "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n", 0, 0,
     S3L_ERR_CLOSED, 200, NULL, "a", 0, 0, F_DONE, 0},
    {"cut in the trailers", OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n", 0, 0,
     S3L_ERR_CLOSED, 200, NULL, "", 0, 0, F_DONE, 0},
    {"cut after 100 Continue", "HTTP/1.1 100 Continue\r\n\r\n", 0, 0, S3L_ERR_CLOSED, 0, "", NULL, 0, 0, 0, 1},
    {"empty input", "", 0, 0, S3L_ERR_CLOSED, 0, "", "", 0, 0, F_DONE, 0},
    /* errors: status line */
    {"HTTP/2 status line", "HTTP/2 200 OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"two-digit status", "HTTP/1.1 20 OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2,
     0, 0, 0},
    {"status 600", "HTTP/1.1 600 X\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"status 099", "HTTP/1.1 099 X\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"lower-case http", "http/1.1 200 OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"ICY", "ICY 200 OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"no SP after status", "HTTP/1.1 200OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 2, 0, 0, 0},
    {"empty line before status", "\r\nHTTP/1.1 200 OK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL,
     NULL, 19, 0, 0, 0},
    {"bare CR in status line", "HTTP/1.1 200 O\rK\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 0, NULL, NULL, 4, 0, 0, 0},
    {"101 not asked for", "HTTP/1.1 101 Switching Protocols\r\n\r\n", 0, 0, S3L_ERR_HTTP_STATUS, 0,
     NULL, NULL, 2, 0, 0, 0},
    /* errors: fields */
    {"field without colon", OK200 "NoColon\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1, 0, 0, 0},
    {"space before colon", OK200 "Name : v\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1,
     0, 0, 0},
    {"empty field name", OK200 ": v\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1, 0, 0, 0},
    {"fold with nothing to continue", OK200 " X: v\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "",
     NULL, 8, 0, 0, 0},
    {"NUL in a value", OK200 "X: a\0b\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 5, 0, 0, 0},
    {"control byte in a value", OK200 "X: a\x01\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 4, 0, 0, 0},
    {"bare CR in a field", OK200 "X: a\rb\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 4, 0, 0, 0},
    {"status line too long", "HTTP/1.1 200 OK------------------\r\n\r\n", 0, 32,
     S3L_ERR_HTTP_LINE_TOO_LONG, 0, NULL, NULL, 4, 0, 0, 0},
    {"field line too long", OK200 "X-Long: 0123456789012345678901234\r\n\r\n", 0, 32,
     S3L_ERR_HTTP_LINE_TOO_LONG, 200, "", NULL, 4, 0, 0, 0},
    {"folded field too long", OK200 "X-Long: 0123456789\r\n 01234567890123\r\n\r\n", 0, 32,
     S3L_ERR_HTTP_LINE_TOO_LONG, 200, "", NULL, 4, 0, 0, 0},
    /* errors: Content-Length / Transfer-Encoding */
    {"Content-Length not digits", OK200 "Content-Length: 5a\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX,
     200, "", NULL, 1, 0, 0, 0},
    {"Content-Length negative", OK200 "Content-Length: -1\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200,
     "", NULL, 1, 0, 0, 0},
    {"Content-Length plus sign", OK200 "Content-Length: +5\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200,
     "", NULL, 1, 0, 0, 0},
    {"Content-Length empty", OK200 "Content-Length:\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200, "",
     NULL, 1, 0, 0, 0},
    {"Content-Length inner space", OK200 "Content-Length: 1 2\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX,
     200, "", NULL, 1, 0, 0, 0},
    {"Content-Length overflow", OK200 "Content-Length: 18446744073709551616\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1, 0, 0, 0},
    {"Content-Length list disagrees", OK200 "Content-Length: 5, 6\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX,
     200, "", NULL, 1, 0, 0, 0},
    {"Content-Length empty list element", OK200 "Content-Length: 5,\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1, 0, 0, 0},
    {"Content-Length duplicates disagree",
     OK200 "Content-Length: 5\r\nX: y\r\nContent-Length: 6\r\n\r\n", 0, 0, S3L_ERR_HTTP_SYNTAX, 200,
     "Content-Length: 5\nX: y\n", NULL, 1, 0, 0, 0},
    {"Content-Length with chunked", OK200 "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
     0, 0, S3L_ERR_HTTP_SYNTAX, 200, NULL, NULL, 0, 0, 0, 0},
    {"chunked on HTTP/1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_SYNTAX, 200, NULL, NULL, 0, 0, 0, 0},
    {"unknown transfer coding", OK200 "Transfer-Encoding: gzip, chunked\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1, 0, 0, 0},
    {"chunked twice", OK200 "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 0,
     0, S3L_ERR_HTTP_SYNTAX, 200, "Transfer-Encoding: chunked\n", NULL, 1, 0, 0, 0},
    /* errors: chunks */
    {"chunk size not hex", OK200 "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 0, 0, 0, 0},
    {"chunk size empty", OK200 "Transfer-Encoding: chunked\r\n\r\n\r\n", 0, 0, S3L_ERR_HTTP_CHUNK,
     200, NULL, "", 0, 0, 0, 0},
    {"chunk size negative", OK200 "Transfer-Encoding: chunked\r\n\r\n-1\r\n", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 0, 0, 0, 0},
    {"chunk size leading blank", OK200 "Transfer-Encoding: chunked\r\n\r\n 5\r\n", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 0, 0, 0, 0},
    {"chunk size 0x prefix", OK200 "Transfer-Encoding: chunked\r\n\r\n0x5\r\n", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 0, 0, 0, 0},
    {"chunk size overflow", OK200 "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 0, 0, 0, 0},
    {"chunk size largest, then cut", OK200 "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nab",
     0, 0, S3L_ERR_CLOSED, 200, NULL, "ab", 0, 0, 0, 0},
    {"chunk data too long", OK200 "Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "ab", 7, 0, 0, 0},
    {"control byte in chunk extension", OK200 "Transfer-Encoding: chunked\r\n\r\n2;a\x01\r\nab", 0,
     0, S3L_ERR_HTTP_CHUNK, 200, NULL, "", 4, 0, 0, 0},
    {"bare CR after chunk size", OK200 "Transfer-Encoding: chunked\r\n\r\n2\rab", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 1, 0, 0, 0},
    {"chunk line too long", OK200 "Transfer-Encoding: chunked\r\n\r\n1;0123456789012345678901234567890\r\n",
     0, 32, S3L_ERR_HTTP_LINE_TOO_LONG, 200, NULL, "", 2, 0, 0, 0},
    {"bad trailer", OK200 "Transfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_SYNTAX, 200, NULL, "", 1, 0, 0, 0},
    /* pinned when the parser was restructured to save flash: the paths it merged */
    {"Content-Length list disagrees: nothing framed", OK200 "Content-Length: 5, 6\r\n\r\n", 0, 0,
     S3L_ERR_HTTP_SYNTAX, 200, "", NULL, 1, 0, F_LEN, 0},
    {"chunk size, blanks, then extension",
     OK200 "Transfer-Encoding: chunked\r\n\r\n3 \t;x=1\r\nabc\r\n2\t \r\nde\r\n0 \r\n\r\n", 0, 0,
     S3L_OK, 200, NULL, "abcde", 0, F_CHK | F_DONE, 0, 0},
    {"junk after chunk size", OK200 "Transfer-Encoding: chunked\r\n\r\n3 x\r\nabc", 0, 0,
     S3L_ERR_HTTP_CHUNK, 200, NULL, "", 3, 0, 0, 0},
    {"obs-fold of a blank line", OK200 "X: a\r\n \t\r\n b\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK,
     200, "X: a  b\nContent-Length: 0\n", "", 0, 0, 0, 0},
    {"HTTP/1.0 interim, HTTP/1.1 final keeps alive",
     "HTTP/1.0 100 Continue\r\n\r\n" OK200 "Content-Length: 0\r\n\r\n", 0, 0, S3L_OK, 200,
     "Content-Length: 0\n", "", 0, F_LEN | F_DONE, F_CLOSE, 1},
    {"framing fields of a 1xx head ignored",
     "HTTP/1.1 103 Early Hints\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
     "Connection: close\r\n\r\n" OK200 "Content-Length: 1\r\n\r\nz",
     0, 0, S3L_OK, 200, "Content-Length: 1\n", "z", 0, F_LEN | F_DONE, F_CLOSE | F_CHK, 0},
    {"Transfer-Encoding list with empty elements",
     OK200 "Transfer-Encoding: , chunked ,\r\n\r\n1\r\nq\r\n0\r\n\r\n", 0, 0, S3L_OK, 200, NULL,
     "q", 0, F_CHK | F_DONE, 0, 0},
    {"Connection tokens are whole words",
     OK200 "Connection: closed, xclose, keep-alive2\r\nContent-Length: 0\r\n\r\n", 0, 0, S3L_OK,
     200, NULL, "", 0, F_DONE, F_CLOSE, 0},
    {"HEAD with Connection: close", OK200 "Connection: close\r\n\r\n", 1, 0, S3L_OK, 200, NULL, "",
     0, F_CLOSE | F_DONE, 0, 0},
    {"HEAD without a length is not close-delimited", OK200 "\r\nHTTP", 1, 0, S3L_OK, 200, "", "",
     4, F_DONE, F_CLOSE | F_LEN, 0},
    {"204 on HTTP/1.0 closes", "HTTP/1.0 204 No Content\r\n\r\n", 0, 0, S3L_OK, 204, "", "", 0,
     F_CLOSE | F_DONE, 0, 0},
    {"Content-Length 0 on HTTP/1.1 ends at the head", OK200 "Content-Length: 00\r\n\r\nNEXT", 0, 0,
     S3L_OK, 200, NULL, "", 4, F_LEN | F_DONE, F_CLOSE, 0},
};

static void test_cases(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct hcase *c = &cases[i];
        size_t n = strlen(c->in);
        size_t cap = c->line_cap ? c->line_cap : LINE_BUF;
        /* Cases whose input holds a NUL are spelled up to it: find the real length. */
        if (strcmp(c->name, "NUL in a value") == 0) n = strlen(OK200 "X: a") + 1 + strlen("b\r\n\r\n");
        run_all(c->name, (const uint8_t *)c->in, n, c->head, cap, 0, 0);
        CHECKF(g_whole.rc == c->rc, "%s: rc %d, want %d", c->name, g_whole.rc, c->rc);
        if (c->status) CHECKF(g_whole.status == c->status, "%s: status %d", c->name, g_whole.status);
        if (!c->status) CHECKF(g_whole.status_calls == 0, "%s: on_status called", c->name);
        if (c->headers != NULL) {
            CHECKF(g_whole.hdr_len == strlen(c->headers) &&
                       memcmp(g_whole.hdr, c->headers, g_whole.hdr_len) == 0,
                   "%s: headers \"%.*s\"", c->name, (int)g_whole.hdr_len, g_whole.hdr);
        }
        if (c->body != NULL) {
            CHECKF(g_whole.body_len == strlen(c->body) &&
                       memcmp(g_whole.body, c->body, g_whole.body_len) == 0,
                   "%s: body \"%.*s\"", c->name, (int)g_whole.body_len, (const char *)g_whole.body);
        }
        CHECKF(g_whole.used + c->left == n, "%s: used %zu of %zu", c->name, g_whole.used, n);
        CHECKF((g_whole.flags & c->set) == c->set && (g_whole.flags & c->clear) == 0,
               "%s: flags 0x%x", c->name, g_whole.flags);
        CHECKF(g_whole.continues == c->continues, "%s: %u continues", c->name, g_whole.continues);
        if (c->rc == S3L_OK) CHECKF(g_whole.flags & F_DONE, "%s: not done", c->name);
    }
}

/* A response's declared Content-Length survives HEAD; counting and limits. */
static void test_limits(void)
{
    static char in[8192];
    size_t n, i;
    char name[64];
    /* exactly S3L_HTTP_MAX_HEADERS fields pass, one more fails */
    for (i = 0; i < 2; i++) {
        unsigned h, count = S3L_HTTP_MAX_HEADERS + (unsigned)i;
        n = (size_t)snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\n");
        for (h = 0; h + 1 < count; h++) n += (size_t)snprintf(in + n, sizeof in - n, "X-%u: v\r\n", h);
        n += (size_t)snprintf(in + n, sizeof in - n, "Content-Length: 0\r\n\r\n");
        snprintf(name, sizeof name, "%u fields", count);
        run_all(name, (const uint8_t *)in, n, 0, LINE_BUF, 0, 0);
        if (i == 0) {
            CHECK_EQ_INT(g_whole.rc, S3L_OK);
            CHECK_EQ_INT(g_whole.nhdr, S3L_HTTP_MAX_HEADERS);
        } else {
            CHECK_EQ_INT(g_whole.rc, S3L_ERR_HTTP_TOO_MANY_HEADERS);
            CHECK_EQ_INT(g_whole.nhdr, S3L_HTTP_MAX_HEADERS);
            CHECK_EQ_INT(g_whole.used, n - 1); /* the last field is judged when the next line starts */
        }
    }
    /* trailers count against the same limit */
    n = (size_t)snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n");
    for (i = 1; i < S3L_HTTP_MAX_HEADERS + 1; i++) {
        n += (size_t)snprintf(in + n, sizeof in - n, "T-%u: v\r\n", (unsigned)i);
    }
    n += (size_t)snprintf(in + n, sizeof in - n, "\r\n");
    run_all("too many trailers", (const uint8_t *)in, n, 0, LINE_BUF, 0, 0);
    CHECK_EQ_INT(g_whole.rc, S3L_ERR_HTTP_TOO_MANY_HEADERS);
    /* a 1xx head's fields are counted per head, not with the final one */
    n = (size_t)snprintf(in, sizeof in, "HTTP/1.1 100 Continue\r\n");
    for (i = 0; i < S3L_HTTP_MAX_HEADERS; i++) {
        n += (size_t)snprintf(in + n, sizeof in - n, "I-%u: v\r\n", (unsigned)i);
    }
    n += (size_t)snprintf(in + n, sizeof in - n, "\r\nHTTP/1.1 200 OK\r\n");
    for (i = 0; i + 1 < S3L_HTTP_MAX_HEADERS; i++) {
        n += (size_t)snprintf(in + n, sizeof in - n, "F-%u: v\r\n", (unsigned)i);
    }
    n += (size_t)snprintf(in + n, sizeof in - n, "Content-Length: 0\r\n\r\n");
    run_all("1xx fields counted apart", (const uint8_t *)in, n, 0, LINE_BUF, 0, 0);
    CHECK_EQ_INT(g_whole.rc, S3L_OK);
    CHECK_EQ_INT(g_whole.continues, 1);
    CHECK_EQ_INT(g_whole.nhdr, S3L_HTTP_MAX_HEADERS);
    /* the line buffer holds exactly line_cap bytes: try every cap around a long field */
    n = (size_t)snprintf(in, sizeof in, "HTTP/1.1 200 OK\r\nX-Amz-Id-2: %s\r\nContent-Length: 0\r\n\r\n",
                         "Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==");
    for (i = 60; i <= 70; i++) {
        size_t field = strlen("X-Amz-Id-2: Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==");
        snprintf(name, sizeof name, "line_cap %zu", i);
        run_all(name, (const uint8_t *)in, n, 0, i, 0, 0);
        CHECKF(g_whole.rc == (i >= field ? S3L_OK : S3L_ERR_HTTP_LINE_TOO_LONG), "cap %zu: %d", i,
               g_whole.rc);
    }
}

static int status_fails(void *ctx, int status)
{
    (void)ctx;
    return status == 200 ? -61 : 0;
}

static int body_fails(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    (void)data;
    return len > 0 ? -62 : 0;
}

/* Callbacks: errors stop and stick; NULL callbacks; bad arguments; done consumes nothing. */
static void test_api(void)
{
    static const char chunked[] = OK200 "Transfer-Encoding: chunked\r\nA: 1\r\nB: 2\r\n\r\n"
                                        "3\r\nabc\r\n0\r\n\r\n";
    struct s3l_http_parser p;
    char line[64];
    size_t used = 99;
    struct rec *r = &g_other;
    int rc;

    /* on_header failing on the 2nd field */
    run_all("callback error", (const uint8_t *)chunked, sizeof chunked - 1, 0, LINE_BUF, 2, -77);
    CHECK_EQ_INT(g_whole.rc, -77);
    CHECK_EQ_INT(g_whole.nhdr, 2);
    CHECK_EQ_INT(g_whole.body_len, 0);
    run_all("callback positive", (const uint8_t *)chunked, sizeof chunked - 1, 0, LINE_BUF, 1, 5);
    CHECK_EQ_INT(g_whole.rc, S3L_ERR_ARG);

    rec_clear(r);
    r->fail_header_at = 1;
    r->fail_rc = -77;
    s3l_http_parser_init(&p, line, sizeof line, &rec_cb, r, 0);
    rc = s3l_http_feed(&p, (const uint8_t *)chunked, sizeof chunked - 1, &used);
    CHECK_EQ_INT(rc, -77);
    CHECK_EQ_INT(used, strlen(OK200 "Transfer-Encoding: chunked\r\nA"));
    CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)chunked, sizeof chunked - 1, &used), -77);
    CHECK_EQ_INT(used, 0);
    CHECK_EQ_INT(s3l_http_finish(&p), -77);
    r->fail_header_at = 0;

    /* on_status and on_body errors: returned where they happen, and sticky */
    {
        static const struct s3l_http_callbacks fs = {status_fails, NULL, NULL};
        static const struct s3l_http_callbacks fb = {NULL, NULL, body_fails};
        s3l_http_parser_init(&p, line, sizeof line, &fs, NULL, 0);
        CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)chunked, sizeof chunked - 1, &used), -61);
        CHECK_EQ_INT(used, strlen(OK200));
        CHECK_EQ_INT(s3l_http_finish(&p), -61);
        s3l_http_parser_init(&p, line, sizeof line, &fb, NULL, 0);
        CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)chunked, sizeof chunked - 1, &used), -62);
        CHECK_EQ_INT(used, sizeof chunked - 1 - strlen("\r\n0\r\n\r\n"));
        CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)"\r\n", 2, &used), -62);
        CHECK_EQ_INT(used, 0);
    }

    /* no callbacks at all */
    s3l_http_parser_init(&p, line, sizeof line, NULL, NULL, 0);
    CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)chunked, sizeof chunked - 1, &used), S3L_OK);
    CHECK_EQ_INT(used, sizeof chunked - 1);
    CHECK_EQ_INT(p.status, 200);
    /* done: consumes nothing more */
    CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)"HTTP", 4, &used), S3L_OK);
    CHECK_EQ_INT(used, 0);
    CHECK_EQ_INT(s3l_http_finish(&p), S3L_OK);

    /* arguments */
    CHECK_EQ_INT(s3l_http_feed(NULL, (const uint8_t *)"x", 1, &used), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)"x", 1, NULL), S3L_ERR_ARG);
    s3l_http_parser_init(&p, line, sizeof line, NULL, NULL, 0);
    used = 5;
    CHECK_EQ_INT(s3l_http_feed(&p, NULL, 1, &used), S3L_ERR_ARG);
    CHECK_EQ_INT(used, 0);
    CHECK_EQ_INT(s3l_http_feed(&p, NULL, 0, &used), S3L_PENDING);
    CHECK_EQ_INT(s3l_http_finish(NULL), S3L_ERR_ARG);
    s3l_http_parser_init(&p, NULL, 0, NULL, NULL, 0);
    CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)"H", 1, &used), S3L_ERR_ARG);
    s3l_http_parser_init(&p, line, 0, NULL, NULL, 0);
    CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)"H", 1, &used), S3L_ERR_ARG);
    s3l_http_parser_init(NULL, line, sizeof line, NULL, NULL, 0); /* must not crash */

    /* a pipelined pair read with two parsers, as a client does */
    {
        static const char two[] = OK200 "Content-Length: 3\r\n\r\nabc"
                                        "HTTP/1.1 404 Not Found\r\nConnection: close\r\n"
                                        "Content-Length: 2\r\n\r\nno";
        rec_clear(r);
        s3l_http_parser_init(&p, line, sizeof line, &rec_cb, r, 0);
        CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)two, sizeof two - 1, &used), S3L_OK);
        CHECK_EQ_INT(used, strlen(OK200 "Content-Length: 3\r\n\r\nabc"));
        CHECK(!(p.flags & S3L_HTTP_F_CLOSE));
        {
            size_t first = used;
            rec_clear(r);
            s3l_http_parser_init(&p, line, sizeof line, &rec_cb, r, 0);
            CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)two + first, sizeof two - 1 - first, &used),
                         S3L_OK);
            CHECK_EQ_INT(first + used, sizeof two - 1);
            CHECK_EQ_INT(r->status, 404);
            CHECK(r->body_len == 2 && memcmp(r->body, "no", 2) == 0);
            CHECK(p.flags & S3L_HTTP_F_CLOSE);
        }
    }
    /* 100 Continue: the feed stops at the end of the interim head */
    {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n" OK200 "Content-Length: 0\r\n\r\n";
        rec_clear(r);
        s3l_http_parser_init(&p, line, sizeof line, &rec_cb, r, 0);
        CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)cont, sizeof cont - 1, &used), S3L_CONTINUE);
        CHECK_EQ_INT(used, 25);
        CHECK_EQ_INT(r->status_calls, 0);
        CHECK_EQ_INT(p.status, 0);
        CHECK_EQ_INT(s3l_http_feed(&p, (const uint8_t *)cont + 25, sizeof cont - 1 - 25, &used), S3L_OK);
        CHECK_EQ_INT(r->status, 200);
    }
}

/* ---- shared samples -------------------------------------------------------------------- */

static size_t read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    if (f == NULL) return (size_t)-1;
    n = fread(buf, 1, cap, f);
    if (!feof(f) || ferror(f)) n = (size_t)-1; /* larger than the buffer */
    fclose(f);
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir ending in suffix; returns the count (at most max). */
static size_t list_dir(const char *dir, const char *suffix, char names[][128], size_t max)
{
    static char *ptrs[64];
    static char tmp[64][128];
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0, i, sl = strlen(suffix);
    if (d == NULL) return 0;
    while ((e = readdir(d)) != NULL && n < max && n < 64) {
        size_t l = strlen(e->d_name);
        if (l < sl || l >= 128 || strcmp(e->d_name + l - sl, suffix) != 0) continue;
        memcpy(tmp[n], e->d_name, l + 1);
        ptrs[n] = tmp[n];
        n++;
    }
    closedir(d);
    qsort(ptrs, n, sizeof ptrs[0], cmp_str);
    for (i = 0; i < n; i++) memcpy(names[i], ptrs[i], strlen(ptrs[i]) + 1);
    return n;
}

/* What a sample says, read without the parser. */
struct expect {
    int status;
    char hdr[HDR_MAX]; /* "name: value\n" ... */
    size_t hdr_len;
    unsigned nhdr;
    const uint8_t *body;
    size_t body_len;
    int has_cl, chunked, conn_close;
    uint64_t cl;
};

static int ieq(const char *a, size_t n, const char *b)
{
    size_t i;
    if (strlen(b) != n) return 0;
    for (i = 0; i < n; i++) {
        int x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return 0;
    }
    return 1;
}

static void expect_field(struct expect *e, const char *name, size_t nl, const char *v, size_t vl)
{
    while (vl > 0 && (*v == ' ' || *v == '\t')) v++, vl--;
    while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t')) vl--;
    if (e->hdr_len + nl + vl + 3 <= HDR_MAX) {
        memcpy(e->hdr + e->hdr_len, name, nl);
        memcpy(e->hdr + e->hdr_len + nl, ": ", 2);
        memcpy(e->hdr + e->hdr_len + nl + 2, v, vl);
        e->hdr[e->hdr_len + nl + 2 + vl] = '\n';
        e->hdr_len += nl + vl + 3;
    }
    e->nhdr++;
    if (ieq(name, nl, "content-length")) {
        char tmp[32];
        memcpy(tmp, v, vl < 31 ? vl : 31);
        tmp[vl < 31 ? vl : 31] = '\0';
        e->has_cl = 1;
        e->cl = strtoull(tmp, NULL, 10);
    }
    if (ieq(name, nl, "transfer-encoding") && ieq(v, vl, "chunked")) e->chunked = 1;
    if (ieq(name, nl, "connection") && ieq(v, vl, "close")) e->conn_close = 1;
}

/* Compare g_whole with what the input says; body_want/used_want given by the framing. */
static void check_sample(const char *name, const struct expect *e, int rc, const uint8_t *body,
                         size_t body_len, size_t used, int close)
{
    CHECKF(g_whole.rc == rc, "%s: rc %d, want %d", name, g_whole.rc, rc);
    CHECKF(g_whole.status == e->status && g_whole.status_calls == 1, "%s: status %d", name,
           g_whole.status);
    CHECKF(g_whole.nhdr == e->nhdr && g_whole.hdr_len == e->hdr_len &&
               memcmp(g_whole.hdr, e->hdr, e->hdr_len) == 0,
           "%s: headers\n%.*s\nwant\n%.*s", name, (int)g_whole.hdr_len, g_whole.hdr, (int)e->hdr_len,
           e->hdr);
    if (body != NULL) {
        CHECKF(g_whole.body_len == body_len && memcmp(g_whole.body, body, body_len) == 0,
               "%s: body of %zu bytes, want %zu", name, g_whole.body_len, body_len);
    }
    if (used != (size_t)-1) CHECKF(g_whole.used == used, "%s: used %zu, want %zu", name, g_whole.used, used);
    if (rc == S3L_OK) {
        CHECKF(!!(g_whole.flags & S3L_HTTP_F_CLOSE) == close, "%s: flags 0x%x", name, g_whole.flags);
    }
}

static uint8_t s_file[IN_MAX], s_wire[IN_MAX + 4096];

/* Append chunked encoding of body to out (pieces of 100 bytes, one with an extension). */
static size_t chunk_encode(uint8_t *out, size_t at, const uint8_t *body, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t piece = n - i < 100 ? n - i : 100;
        at += (size_t)sprintf((char *)out + at, i == 0 ? "%zx;s3lite=test\r\n" : "%zX\r\n", piece);
        memcpy(out + at, body + i, piece);
        at += piece;
        memcpy(out + at, "\r\n", 2);
        at += 2;
        i += piece;
    }
    memcpy(out + at, "0\r\n\r\n", 5);
    return at + 5;
}

/* aws-sdk-php: complete mock responses, LF line ends as stored. */
static void test_php_samples(const char *dir)
{
    static char names[32][128];
    static struct expect e;
    char path[4096 + 300], name[300];
    size_t count = list_dir(dir, ".http", names, 32), i;
    if (count == 0) {
        SKIP(8, "aws-sdk-php HTTP samples not found");
        return;
    }
    CHECKF(count == 8, "%zu aws-sdk-php samples, expected 8", count);
    for (i = 0; i < count; i++) {
        size_t n, pos, head_len, w;
        const uint8_t *nl;
        snprintf(path, sizeof path, "%.4000s/%.127s", dir, names[i]);
        n = read_file(path, s_file, sizeof s_file);
        CHECKF(n != (size_t)-1 && n > 0, "read %s", path);
        if (n == (size_t)-1 || n == 0) continue;
        /* the oracle: status from "HTTP/1.1 NNN", fields up to the empty line */
        memset(&e, 0, sizeof e);
        e.status = atoi((const char *)s_file + 9);
        nl = memchr(s_file, '\n', n);
        pos = (size_t)(nl - s_file) + 1;
        while (pos < n && s_file[pos] != '\n') {
            const char *ln = (const char *)s_file + pos;
            const uint8_t *end = memchr(s_file + pos, '\n', n - pos);
            size_t ll = (size_t)(end - (s_file + pos));
            const char *colon = memchr(ln, ':', ll);
            expect_field(&e, ln, (size_t)(colon - ln), colon + 1, ll - (size_t)(colon - ln) - 1);
            pos += ll + 1;
        }
        head_len = pos + 1;
        e.body = s_file + head_len;
        e.body_len = n - head_len;

        /* 1. as stored: bare LF; the framing the fields declare is applied to the bytes */
        snprintf(name, sizeof name, "%s as stored", names[i]);
        run_all(name, s_file, n, 0, LINE_BUF, 0, 0);
        if (e.chunked) { /* declared chunked, but the stored body is plain XML */
            check_sample(name, &e, S3L_ERR_HTTP_CHUNK, (const uint8_t *)"", 0, (size_t)-1, 0);
        } else if (e.has_cl) { /* initiate_multipart_upload: 197 declared, more stored */
            size_t b = e.cl < e.body_len ? (size_t)e.cl : e.body_len;
            check_sample(name, &e, e.cl <= e.body_len ? S3L_OK : S3L_ERR_CLOSED, e.body, b,
                         head_len + b, e.conn_close);
        } else {
            check_sample(name, &e, S3L_OK, e.body, e.body_len, n, 1);
        }

        /* 2. on the wire: CRLF, and a chunked body when the fields say chunked */
        w = 0;
        pos = 0;
        while (pos < head_len) {
            const uint8_t *end = memchr(s_file + pos, '\n', head_len - pos);
            size_t ll = (size_t)(end - (s_file + pos));
            memcpy(s_wire + w, s_file + pos, ll);
            memcpy(s_wire + w + ll, "\r\n", 2);
            w += ll + 2;
            pos += ll + 1;
        }
        {
            size_t wire_head = w;
            if (e.chunked) {
                w = chunk_encode(s_wire, w, e.body, e.body_len);
            } else {
                memcpy(s_wire + w, e.body, e.body_len);
                w += e.body_len;
            }
            snprintf(name, sizeof name, "%s on the wire", names[i]);
            run_all(name, s_wire, w, 0, LINE_BUF, 0, 0);
            if (e.has_cl && !e.chunked) {
                size_t b = e.cl < e.body_len ? (size_t)e.cl : e.body_len;
                check_sample(name, &e, S3L_OK, e.body, b, wire_head + b, e.conn_close);
            } else {
                check_sample(name, &e, S3L_OK, e.body, e.body_len, w, e.conn_close || !e.chunked);
            }
        }
    }
}

/* ---- a reader for the aws-c-s3 mock JSON (status, headers, body lines) ------------------ */

struct js {
    const char *s;
    size_t n, i;
    int err;
};

static void js_ws(struct js *j)
{
    while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]) != NULL && j->s[j->i] != '\0') j->i++;
}

static int js_peek(struct js *j, char c)
{
    js_ws(j);
    return j->i < j->n && j->s[j->i] == c;
}

static void js_expect(struct js *j, char c)
{
    if (js_peek(j, c)) {
        j->i++;
    } else {
        j->err = 1;
    }
}

static unsigned js_hex4(struct js *j)
{
    unsigned v = 0, k;
    for (k = 0; k < 4; k++) {
        char c = j->i < j->n ? j->s[j->i++] : 'x';
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else j->err = 1;
    }
    return v;
}

/* A JSON string into out (UTF-8); returns its length. */
static size_t js_str(struct js *j, char *out, size_t cap)
{
    size_t o = 0;
    js_expect(j, '"');
    while (!j->err && j->i < j->n && j->s[j->i] != '"') {
        unsigned cp = (unsigned char)j->s[j->i++];
        if (cp == '\\') {
            char c = j->i < j->n ? j->s[j->i++] : '?';
            switch (c) {
            case 'n': cp = '\n'; break;
            case 't': cp = '\t'; break;
            case 'r': cp = '\r'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case '"': case '\\': case '/': cp = (unsigned char)c; break;
            case 'u':
                cp = js_hex4(j);
                if (cp >= 0xD800 && cp < 0xDC00 && j->i + 1 < j->n && j->s[j->i] == '\\') {
                    j->i += 2;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (js_hex4(j) - 0xDC00);
                }
                break;
            default: j->err = 1; break;
            }
            if (cp >= 0x80) { /* re-encode as UTF-8 */
                char u[4];
                size_t k, un;
                if (cp < 0x800) {
                    u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 63)); un = 2;
                } else if (cp < 0x10000) {
                    u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 63));
                    u[2] = (char)(0x80 | (cp & 63)); un = 3;
                } else {
                    u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 63));
                    u[2] = (char)(0x80 | ((cp >> 6) & 63)); u[3] = (char)(0x80 | (cp & 63)); un = 4;
                }
                for (k = 0; k < un; k++) {
                    if (o < cap) out[o++] = u[k];
                    else j->err = 1;
                }
                continue;
            }
        }
        if (o < cap) out[o++] = (char)cp;
        else j->err = 1;
    }
    js_expect(j, '"');
    return o;
}

static long js_num(struct js *j)
{
    long v = 0;
    js_ws(j);
    if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9') j->err = 1;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') v = v * 10 + (j->s[j->i++] - '0');
    if (j->i < j->n && j->s[j->i] == '.') { /* "delay": 0.5 */
        j->i++;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
    }
    return v;
}

/* A mock JSON file into the response its server sends (h11: "HTTP/1.1 NNN " with an empty
 * reason, "Server: mock_s3_server", the file's fields in order, then Content-Length or
 * Transfer-Encoding: chunked). Fills e (its body points into body_out). 0 on a reading error. */
static int build_mock(const char *json, size_t jn, int chunked, int head, uint8_t *out,
                      size_t *out_len, size_t *head_len, struct expect *e, uint8_t *body_out)
{
    static char hdrs[4096];
    static char key[256], val[4096];
    struct js j = {json, jn, 0, 0};
    size_t body_len = 0, hl = 0, w;
    long status = 0;
    int have_body = 0;
    memset(e, 0, sizeof *e);
    js_expect(&j, '{');
    while (!j.err && !js_peek(&j, '}')) {
        size_t kl = js_str(&j, key, sizeof key - 1);
        key[kl] = '\0';
        js_expect(&j, ':');
        if (strcmp(key, "status") == 0) {
            status = js_num(&j);
        } else if (strcmp(key, "delay") == 0) {
            (void)js_num(&j);
        } else if (strcmp(key, "headers") == 0) {
            js_expect(&j, '{');
            while (!j.err && !js_peek(&j, '}')) {
                size_t nl = js_str(&j, key, sizeof key), vl;
                js_expect(&j, ':');
                vl = js_str(&j, val, sizeof val);
                if (hl + nl + vl + 4 > sizeof hdrs) j.err = 1;
                if (j.err) break;
                memcpy(hdrs + hl, key, nl);
                memcpy(hdrs + hl + nl, ": ", 2);
                memcpy(hdrs + hl + nl + 2, val, vl);
                memcpy(hdrs + hl + nl + 2 + vl, "\r\n", 2);
                hl += nl + vl + 4;
                if (js_peek(&j, ',')) j.i++;
            }
            js_expect(&j, '}');
        } else if (strcmp(key, "body") == 0) {
            js_expect(&j, '[');
            while (!j.err && !js_peek(&j, ']')) {
                if (have_body) body_out[body_len++] = '\n'; /* "\n".join(body) */
                body_len += js_str(&j, (char *)body_out + body_len, BODY_MAX - 1 - body_len);
                have_body = 1;
                if (js_peek(&j, ',')) j.i++;
            }
            js_expect(&j, ']');
        } else {
            j.err = 1;
        }
        if (js_peek(&j, ',')) j.i++;
    }
    js_expect(&j, '}');
    if (j.err || status < 100 || status > 599) return 0;
    w = (size_t)sprintf((char *)out, "HTTP/1.1 %ld \r\nServer: mock_s3_server\r\n", status);
    memcpy(out + w, hdrs, hl);
    w += hl;
    if (chunked) {
        w += (size_t)sprintf((char *)out + w, "Transfer-Encoding: chunked\r\n\r\n");
    } else {
        w += (size_t)sprintf((char *)out + w, "Content-Length: %zu\r\n\r\n", body_len);
    }
    *head_len = w;
    if (chunked) { /* as the mock's chunked mode: one chunk, then the last chunk */
        w += (size_t)sprintf((char *)out + w, "%zX\r\n", body_len);
        memcpy(out + w, body_out, body_len);
        w += body_len;
        memcpy(out + w, "\r\n0\r\n\r\n", 7);
        w += 7;
    } else if (!head) {
        memcpy(out + w, body_out, body_len);
        w += body_len;
    }
    *out_len = w;
    /* the oracle reads the fields back from the head just written */
    {
        size_t pos = (size_t)(strchr((const char *)out, '\n') - (const char *)out) + 1;
        while (pos + 2 < *head_len) {
            const char *ln = (const char *)out + pos;
            const char *end = strstr(ln, "\r\n");
            const char *colon = memchr(ln, ':', (size_t)(end - ln));
            expect_field(e, ln, (size_t)(colon - ln), colon + 1, (size_t)(end - colon - 1));
            pos = (size_t)(end - (const char *)out) + 2;
        }
    }
    e->status = (int)status;
    e->body = body_out;
    e->body_len = body_len;
    return 1;
}

/* aws-c-s3: <dir>/<Operation>/<name>.json */
static void test_mock_samples(const char *dir)
{
    static char ops[32][128], names[32][128];
    static uint8_t body[BODY_MAX];
    static struct expect e;
    char path[4096 + 300], name[300];
    size_t nops = list_dir(dir, "", ops, 32), o, total = 0;
    for (o = 0; o < nops; o++) {
        size_t count, i;
        if (ops[o][0] == '.') continue;
        snprintf(path, sizeof path, "%.4000s/%.127s", dir, ops[o]);
        count = list_dir(path, ".json", names, 32);
        for (i = 0; i < count; i++) {
            int variant;
            size_t n;
            snprintf(path, sizeof path, "%.4000s/%.127s/%.127s", dir, ops[o], names[i]);
            n = read_file(path, s_file, sizeof s_file);
            CHECKF(n != (size_t)-1, "read %s", path);
            if (n == (size_t)-1) continue;
            total++;
            for (variant = 0; variant < 3; variant++) {
                static const char *const vname[] = {"Content-Length", "chunked", "HEAD"};
                size_t w = 0, head_len = 0;
                int ok = build_mock((const char *)s_file, n, variant == 1, variant == 2, s_wire, &w,
                                    &head_len, &e, body);
                CHECKF(ok, "%s: JSON not understood", path);
                if (!ok) continue;
                snprintf(name, sizeof name, "%.127s/%.127s %.20s", ops[o], names[i], vname[variant]);
                run_all(name, s_wire, w, variant == 2, LINE_BUF, 0, 0);
                if (variant == 2) {
                    check_sample(name, &e, S3L_OK, (const uint8_t *)"", 0, head_len, e.conn_close);
                    CHECKF(g_whole.content_length == e.body_len, "%s: content_length", name);
                } else {
                    check_sample(name, &e, S3L_OK, e.body, e.body_len, w, e.conn_close);
                }
            }
        }
    }
    if (total == 0) {
        SKIP(12, "aws-c-s3 mock JSON samples not found");
        return;
    }
    CHECKF(total == 12, "%zu aws-c-s3 samples, expected 12", total);
}

/* ---- serialiser ------------------------------------------------------------------------ */

#define CHECK_HEAD(out, len, lit) \
    CHECKF((len) == sizeof(lit) - 1 && memcmp((out), (lit), sizeof(lit) - 1) == 0, "head \"%.*s\"", \
           (int)(len), (out))

static void test_write_head(void)
{
    static const char golden[] = "PUT /bucket/key%20a?partNumber=1&uploadId=u HTTP/1.1\r\n"
                                 "Host: s3.amazonaws.com\r\n"
                                 "x-amz-date: 20130524T000000Z\r\n"
                                 "Content-Length: 0\r\n"
                                 "X-Empty: \r\n"
                                 "\r\n";
    struct s3l_header items[4] = {
        {"Host", 4, "s3.amazonaws.com", 16},
        {"x-amz-date", 10, "20130524T000000Z", 16},
        {"Content-Length", 14, "0", 1},
        {"X-Empty", 7, "", 0},
    };
    struct s3l_request req;
    char out[256 + GUARD];
    size_t len = 0, need = sizeof golden - 1, cap, i;
    int all_ok = 1;

    memset(&req, 0, sizeof req);
    req.method = "PUT";
    req.path = "/bucket/key%20a";
    req.path_len = strlen(req.path);
    req.query = "partNumber=1&uploadId=u";
    req.query_len = strlen(req.query);
    req.headers.items = items;
    req.headers.count = 4;
    req.headers.cap = 4;

    memset(out, GUARD_BYTE, sizeof out);
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_OK);
    CHECK_EQ_INT(len, need);
    CHECK(memcmp(out, golden, need) == 0);
    for (i = need; i < sizeof out; i++) all_ok &= (unsigned char)out[i] == GUARD_BYTE;
    CHECK(all_ok);

    /* size first: NULL buffer */
    len = 0;
    CHECK_EQ_INT(s3l_http_write_head(&req, NULL, 0, &len), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(len, need);
    /* every capacity below the need: error, *len = need, nothing written */
    for (cap = 0; cap < need; cap++) {
        int untouched = 1, rc;
        memset(out, GUARD_BYTE, sizeof out);
        len = 0;
        rc = s3l_http_write_head(&req, out, cap, &len);
        for (i = 0; i < sizeof out; i++) untouched &= (unsigned char)out[i] == GUARD_BYTE;
        if (rc != S3L_ERR_BUF_TOO_SMALL || len != need || !untouched) {
            all_ok = 0;
            break;
        }
    }
    CHECKF(all_ok, "cap %zu: too-small path wrote or misreported", cap);
    /* exactly the need: fits, guard after it intact */
    memset(out, GUARD_BYTE, sizeof out);
    CHECK_EQ_INT(s3l_http_write_head(&req, out, need, &len), S3L_OK);
    CHECK(memcmp(out, golden, need) == 0 && (unsigned char)out[need] == GUARD_BYTE);

    /* no query; no headers */
    req.query = NULL;
    req.query_len = 0;
    req.headers.count = 0;
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_OK);
    CHECK_HEAD(out, len, "PUT /bucket/key%20a HTTP/1.1\r\n\r\n");
    req.query = "uploads";
    req.query_len = 0; /* a query of length 0 is no query */
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_OK);
    CHECK_HEAD(out, len, "PUT /bucket/key%20a HTTP/1.1\r\n\r\n");
    req.query_len = 7;
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_OK);
    CHECK_HEAD(out, len, "PUT /bucket/key%20a?uploads HTTP/1.1\r\n\r\n");
    req.headers.count = 4;

    /* bad characters anywhere: BAD_CHAR, nothing written */
    {
        struct bad {
            const char *what;
            const char *method, *path, *query, *name, *value;
            size_t value_len; /* 0: strlen */
            int rc;
        };
        static const struct bad bads[] = {
            {"CR in method", "PU\rT", "/k", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"SP in method", "P T", "/k", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"LF in path", "PUT", "/k\n", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"CR in path", "PUT", "/k\rX", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"SP in path", "PUT", "/k HTTP/1.0", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"NUL in path", "PUT", "/k\0x", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"8-bit in path", "PUT", "/k\xc3\xa9", "", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"LF in query", "PUT", "/k", "a=\n", "H", "v", 0, S3L_ERR_BAD_CHAR},
            {"CRLF in value", "PUT", "/k", "", "H", "v\r\nX-Evil: 1", 0, S3L_ERR_BAD_CHAR},
            {"LF in value", "PUT", "/k", "", "H", "v\n", 0, S3L_ERR_BAD_CHAR},
            {"NUL in value", "PUT", "/k", "", "H", "ab\0c", 4, S3L_ERR_BAD_CHAR},
            {"colon in name", "PUT", "/k", "", "H:", "v", 0, S3L_ERR_BAD_CHAR},
            {"CR in name", "PUT", "/k", "", "H\r", "v", 0, S3L_ERR_BAD_CHAR},
            {"empty name", "PUT", "/k", "", "", "v", 0, S3L_ERR_BAD_CHAR},
            {"relative path", "PUT", "k", "", "H", "v", 0, S3L_ERR_ARG},
            {"empty path", "PUT", "", "", "H", "v", 0, S3L_ERR_ARG},
            {"empty method", "", "/k", "", "H", "v", 0, S3L_ERR_ARG},
        };
        struct s3l_header h[2];
        size_t b;
        for (b = 0; b < sizeof bads / sizeof bads[0]; b++) {
            const struct bad *x = &bads[b];
            int untouched = 1, rc;
            memset(&req, 0, sizeof req);
            req.method = x->method;
            req.path = x->path;
            req.path_len = strcmp(x->what, "NUL in path") == 0 ? 4 : strlen(x->path);
            req.query = x->query;
            req.query_len = strlen(x->query);
            h[0] = items[0];
            h[1].name = x->name;
            h[1].name_len = strlen(x->name);
            h[1].value = x->value;
            h[1].value_len = x->value_len ? x->value_len : strlen(x->value);
            req.headers.items = h;
            req.headers.count = 2;
            req.headers.cap = 2;
            memset(out, GUARD_BYTE, sizeof out);
            len = 12345;
            rc = s3l_http_write_head(&req, out, 256, &len);
            for (i = 0; i < sizeof out; i++) untouched &= (unsigned char)out[i] == GUARD_BYTE;
            CHECKF(rc == x->rc && untouched, "%s: rc %d, untouched %d", x->what, rc, untouched);
        }
    }
    /* arguments */
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/";
    req.path_len = 1;
    CHECK_EQ_INT(s3l_http_write_head(NULL, out, 256, &len), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, NULL), S3L_ERR_ARG);
    req.headers.count = 1; /* items NULL */
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_ERR_ARG);
    req.headers.count = 0;
    req.query_len = 3; /* query NULL */
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_ERR_ARG);
    req.query_len = 0;
    req.method = NULL;
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_ERR_ARG);
    req.method = "GET";
    CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_OK);
    CHECK_HEAD(out, len, "GET / HTTP/1.1\r\n\r\n");
    /* header order is array order, not sorted */
    {
        struct s3l_header hs[3] = {{"b", 1, "2", 1}, {"A", 1, "1", 1}, {"c", 1, "3", 1}};
        req.headers.items = hs;
        req.headers.count = 3;
        req.headers.cap = 3;
        CHECK_EQ_INT(s3l_http_write_head(&req, out, 256, &len), S3L_OK);
        CHECK_HEAD(out, len, "GET / HTTP/1.1\r\nb: 2\r\nA: 1\r\nc: 3\r\n\r\n");
    }
}

/* A server that keeps sending interim heads is cut off after S3L_HTTP_MAX_INTERIM of them,
 * whole or byte by byte; exactly the limit still reaches the final response. */
static int feed_interims(unsigned n, int bytewise)
{
    char line[256], buf[4096];
    struct s3l_http_parser p;
    size_t len = 0, off = 0, used = 0;
    unsigned i;
    int rc = S3L_PENDING;
    for (i = 0; i < n; i++) len += (size_t)snprintf(buf + len, sizeof buf - len, "HTTP/1.1 102 Processing\r\n\r\n");
    len += (size_t)snprintf(buf + len, sizeof buf - len, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    s3l_http_parser_init(&p, line, sizeof line, NULL, NULL, 0);
    while (off < len) {
        size_t step = bytewise ? 1 : len - off;
        rc = s3l_http_feed(&p, (const uint8_t *)buf + off, step, &used);
        off += used;
        if (rc != S3L_PENDING && rc != S3L_CONTINUE) break;
    }
    return rc == S3L_OK ? p.status : rc;
}

static void test_interim_limit(void)
{
    CHECK_EQ_INT(feed_interims(S3L_HTTP_MAX_INTERIM, 0), 200);
    CHECK_EQ_INT(feed_interims(S3L_HTTP_MAX_INTERIM, 1), 200);
    CHECK_EQ_INT(feed_interims(S3L_HTTP_MAX_INTERIM + 1, 0), S3L_ERR_HTTP_SYNTAX);
    CHECK_EQ_INT(feed_interims(S3L_HTTP_MAX_INTERIM + 1, 1), S3L_ERR_HTTP_SYNTAX);
    CHECK_EQ_INT(feed_interims(40, 1), S3L_ERR_HTTP_SYNTAX);
}

int main(void)
{
    char dir[4096];
    test_write_head();
    test_cases();
    test_limits();
    test_api();
    test_interim_limit();
    snprintf(dir, sizeof dir, "%s/s3-xml/http/aws-sdk-php", th_vectors_dir());
    test_php_samples(dir);
    snprintf(dir, sizeof dir, "%s/s3-xml/http/aws-c-s3", th_vectors_dir());
    test_mock_samples(dir);
    return th_summary();
}
