/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the HTTP response parser (core/http.c).
 *
 * Input: byte 0 is control, the rest is what a server sends on one connection.
 *   bit 0      the request was HEAD
 *   bit 1      a 48-byte line buffer instead of S3L_HTTP_LINE_MAX (reaches the limits)
 *   bits 2..7  split point: the stream is also fed as [0, s) + [s, n), s = (ctl >> 2) * n / 63
 * The stream is read as pipelined responses (a fresh parser takes the bytes each complete
 * response leaves), fed whole, in the two pieces above, and byte by byte when short. The
 * results, bytes used and a digest of every callback must be identical, and invariants must
 * hold: *used never exceeds the piece, field values are trimmed and free of CR/LF/NUL, a
 * Content-Length body has exactly that length, S3L_OK sets S3L_HTTP_F_DONE.
 *
 * Seeds: tests/fuzz/seeds/http/ (hand-made, with the control byte), plus the shared
 * aws-sdk-php mock responses, given control byte 00 (see tests/fuzz/fuzz.mk):
 * fuzz-shared: s3-xml/http/aws-sdk-php
 * fuzz-prefix: 00
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3lite/http.h"

#define MAX_RESPONSES 64u
#define BYTEWISE_MAX 256u

struct digest {
    uint64_t h;
    uint64_t body; /* body bytes of the current response */
};

static void mix(struct digest *d, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;
    for (i = 0; i < n; i++) {
        d->h ^= s[i];
        d->h *= 1099511628211u; /* FNV-1a */
    }
}

static void mix_u64(struct digest *d, uint64_t v)
{
    unsigned char b[8];
    int i;
    for (i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
    mix(d, b, 8);
}

static void fail(const char *why)
{
    fprintf(stderr, "fuzz_http: %s\n", why);
    abort();
}

static int on_status(void *ctx, int status)
{
    struct digest *d = ctx;
    if (status < 200 || status > 599) fail("on_status outside 200..599");
    mix(d, "S", 1);
    mix_u64(d, (uint64_t)status);
    return 0;
}

static int on_header(void *ctx, const char *name, size_t name_len, const char *value,
                     size_t value_len)
{
    struct digest *d = ctx;
    size_t i;
    if (name_len == 0) fail("empty field name");
    for (i = 0; i < name_len; i++) {
        if (name[i] == ':' || (unsigned char)name[i] <= ' ') fail("bad byte in a field name");
    }
    for (i = 0; i < value_len; i++) {
        if (value[i] == '\r' || value[i] == '\n' || value[i] == '\0') fail("CR/LF/NUL in a value");
    }
    if (value_len > 0 && (value[0] == ' ' || value[0] == '\t' || value[value_len - 1] == ' ' ||
                          value[value_len - 1] == '\t')) {
        fail("value not trimmed");
    }
    mix(d, "H", 1);
    mix(d, name, name_len); /* reads every byte: ASan checks the slices */
    mix(d, ":", 1);
    mix(d, value, value_len);
    mix(d, "\n", 1);
    return 0;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    struct digest *d = ctx;
    if (len == 0) fail("empty on_body");
    mix(d, data, len); /* bytes only: call boundaries depend on the feeding */
    d->body += len;
    return 0;
}

static const struct s3l_http_callbacks cbs = {on_status, on_header, on_body};

struct outcome {
    uint64_t h;
    int rc;
    size_t used;
    unsigned responses, continues;
};

/* One complete response ended (S3L_OK): check it and fold it into the digest. */
static void response_done(const struct s3l_http_parser *p, struct digest *d)
{
    unsigned f = p->flags;
    if (!(f & S3L_HTTP_F_DONE)) fail("S3L_OK without F_DONE");
    if ((f & S3L_HTTP_F_LENGTH) && !(f & (S3L_HTTP_F_CHUNKED | S3L_HTTP_F_HEAD)) &&
        p->status != 204 && p->status != 304 && d->body != p->content_length) {
        fail("body length differs from Content-Length");
    }
    if ((f & (S3L_HTTP_F_HEAD)) || p->status == 204 || p->status == 304) {
        if (d->body != 0) fail("body on a response that has none");
    }
    mix(d, "D", 1);
    mix_u64(d, f & 0xFFu);
    mix_u64(d, (uint64_t)p->status);
    mix_u64(d, p->content_length);
    mix_u64(d, d->body);
}

/*
 * Parse stream[0..n) as pipelined responses. Pieces: byte by byte when bytewise, else
 * [pos, split) while pos < split, then [pos, n).
 */
static void parse(const uint8_t *s, size_t n, size_t split, int bytewise, int head, char *line,
                  size_t line_cap, struct outcome *o)
{
    struct s3l_http_parser p;
    struct digest d = {14695981039346656037u, 0};
    size_t pos = 0, steps = 0;
    int rc = S3L_PENDING;

    memset(o, 0, sizeof *o);
    s3l_http_parser_init(&p, line, line_cap, &cbs, &d, head);
    while (pos < n) {
        size_t end = bytewise ? pos + 1 : (pos < split ? split : n), used = 0;
        if (++steps > 4 * n + 16) fail("no progress");
        rc = s3l_http_feed(&p, s + pos, end - pos, &used);
        if (used > end - pos) fail("used more than given");
        if (rc == S3L_PENDING && used != end - pos) fail("PENDING without using every byte");
        if ((rc == S3L_OK || rc == S3L_CONTINUE) && used == 0 && pos < n) {
            fail("no byte used");
        }
        pos += used;
        if (rc == S3L_CONTINUE) {
            o->continues++;
            continue;
        }
        if (rc == S3L_OK) {
            response_done(&p, &d);
            o->responses++;
            if (o->responses >= MAX_RESPONSES || pos == n) break;
            d.body = 0;
            s3l_http_parser_init(&p, line, line_cap, &cbs, &d, head);
            rc = S3L_PENDING;
            continue;
        }
        if (rc != S3L_PENDING) break; /* an error: sticky, nothing more to learn */
    }
    if (rc == S3L_PENDING) { /* the connection closes here */
        rc = s3l_http_finish(&p);
        if (rc == S3L_OK) response_done(&p, &d);
        if (s3l_http_finish(&p) != rc) fail("finish not repeatable");
    }
    if (rc < 0) {
        size_t again = 1;
        if (s3l_http_feed(&p, s, n, &again) != rc || again != 0) fail("error not sticky");
    }
    o->h = d.h;
    o->rc = rc;
    o->used = pos;
}

static void same(const struct outcome *a, const struct outcome *b, const char *how)
{
    if (a->h != b->h || a->rc != b->rc || a->used != b->used || a->responses != b->responses ||
        a->continues != b->continues) {
        fprintf(stderr, "fuzz_http: %s: rc %d/%d used %zu/%zu responses %u/%u continues %u/%u\n", how,
                a->rc, b->rc, a->used, b->used, a->responses, b->responses, a->continues,
                b->continues);
        fail("feeding changed the result");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct outcome whole, piece;
    unsigned ctl;
    const uint8_t *s;
    size_t n, split, cap;
    char *line;

    if (size < 1) return 0;
    ctl = data[0];
    s = data + 1;
    n = size - 1;
    split = (size_t)(ctl >> 2) * n / 63u;
    cap = (ctl & 2u) ? 48u : S3L_HTTP_LINE_MAX;
    line = malloc(cap); /* exactly line_cap bytes: ASan sees any overrun */
    if (line == NULL) return 0;

    parse(s, n, n, 0, (int)(ctl & 1u), line, cap, &whole);
    parse(s, n, split, 0, (int)(ctl & 1u), line, cap, &piece);
    same(&whole, &piece, "split");
    if (n <= BYTEWISE_MAX) {
        parse(s, n, n, 1, (int)(ctl & 1u), line, cap, &piece);
        same(&whole, &piece, "byte by byte");
    }
    free(line);
    return 0;
}
