/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the streaming JSON scanner (core/json.c).
 *
 * Input: byte 0 is control, the rest is a document.
 *   bits 0..5  split point: the document is also fed as [0, s) + [s, n), s = (ctl & 63) * n / 63
 * The document is fed whole, in the two pieces above, and byte by byte when short. The result
 * and a digest of the events (string and number pieces merged, so piece boundaries do not
 * count) must be identical, and invariants must hold: depths go up and down by one, a
 * container is closed by its own bracket, a name comes only where an object expects one and is
 * followed by exactly one value, pieces are never empty and end with VALUE_END, numbers hold
 * only number bytes, feed says S3L_OK exactly when finish would, errors stick.
 *
 * The same document then goes through the credentials parser (core/credentials.c), whole, in
 * the two pieces and byte by byte: the same result and credentials, all zero bytes after a
 * failure, visible ASCII strings that fit after a success.
 *
 * Seeds: tests/fuzz/seeds/json/ (hand-made, with the control byte).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3lite/credentials.h"
#include "s3lite/date.h"
#include "s3lite/json.h"

#define BYTEWISE_MAX 512u

struct run {
    uint64_t h;
    int piece;          /* 0, or the event of the string/number being merged */
    int want_value;     /* a KEY came: the next event must start a value */
    unsigned depth;
    char open[S3L_JSON_DEPTH_MAX + 1]; /* '{' or '[' per level */
};

static void fail(const char *why)
{
    fprintf(stderr, "fuzz_json: %s\n", why);
    abort();
}

static void mix(struct run *r, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;
    for (i = 0; i < n; i++) {
        r->h ^= s[i];
        r->h *= 1099511628211u; /* FNV-1a */
    }
}

/* A value begins: in an object, only right after its name. */
static void value_starts(struct run *r)
{
    if (r->depth > 0 && r->open[r->depth] == '{' && !r->want_value) {
        fail("a value in an object without a name");
    }
    r->want_value = 0;
}

static int on_event(void *ctx, int ev, const char *s, size_t n, unsigned depth)
{
    struct run *r = ctx;
    size_t i;
    if (s == NULL) fail("NULL data");
    if (r->piece != 0 && ev != r->piece && ev != S3L_JSON_VALUE_END) fail("value not ended");
    if (ev == S3L_JSON_STRING || ev == S3L_JSON_NUMBER) {
        if (n == 0) fail("empty piece");
        if (depth != r->depth || depth == 0) fail("value depth");
        if (ev == S3L_JSON_NUMBER) {
            for (i = 0; i < n; i++) {
                if (strchr("0123456789+-.eE", s[i]) == NULL || s[i] == '\0') fail("number byte");
            }
        }
        if (r->piece == 0) {
            value_starts(r);
            mix(r, ev == S3L_JSON_STRING ? "s" : "n", 1);
        }
        r->piece = ev;
        mix(r, s, n);
        return 0;
    }
    if (ev == S3L_JSON_VALUE_END) {
        if (n != 0 || depth != r->depth) fail("value end");
        if (r->piece == 0) value_starts(r); /* the empty string */
        r->piece = 0;
        mix(r, "v", 1);
        return 0;
    }
    if (ev == S3L_JSON_OBJECT || ev == S3L_JSON_ARRAY || ev == S3L_JSON_LITERAL) value_starts(r);
    if (ev == S3L_JSON_KEY && r->want_value) fail("two names in a row");
    if (ev == S3L_JSON_END && r->want_value) fail("a name without a value");
    switch (ev) {
    case S3L_JSON_OBJECT:
    case S3L_JSON_ARRAY:
        if (depth != r->depth + 1 || depth > S3L_JSON_DEPTH_MAX || n != 1) fail("open depth");
        if (s[0] != (ev == S3L_JSON_OBJECT ? '{' : '[')) fail("open data");
        r->depth = depth;
        r->open[depth] = s[0];
        break;
    case S3L_JSON_END:
        if (depth != r->depth || depth == 0 || n != 1) fail("end depth");
        if (s[0] != (r->open[depth] == '{' ? '}' : ']')) fail("closed by the other bracket");
        r->depth = depth - 1;
        break;
    case S3L_JSON_KEY:
        if (depth != r->depth || r->open[depth] != '{') fail("name outside an object");
        if (n > S3L_JSON_KEY_MAX) fail("name longer than the key buffer");
        r->want_value = 1;
        break;
    case S3L_JSON_LITERAL:
        if (depth != r->depth || depth == 0) fail("literal depth");
        if (!((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0)
              || (n == 4 && memcmp(s, "null", 4) == 0))) {
            fail("literal");
        }
        break;
    default:
        fail("unknown event");
    }
    mix(r, &ev, sizeof ev);
    mix(r, s, n);
    return 0;
}

/* Scan doc in pieces: first `first` bytes, then `step`-byte pieces. */
static int scan(const uint8_t *doc, size_t n, size_t first, size_t step, struct run *r)
{
    struct s3l_json j;
    size_t pos = 0;
    int rc = S3L_PENDING, fin;
    memset(r, 0, sizeof *r);
    if (s3l_json_init(&j, on_event, r) != S3L_OK) fail("init");
    if (first == 0) first = step;
    while (pos < n) {
        size_t k = pos == 0 ? first : step;
        if (k > n - pos) k = n - pos;
        rc = s3l_json_feed(&j, doc + pos, k);
        pos += k;
        if (rc < 0) break;
        if (rc != S3L_OK && rc != S3L_PENDING) fail("feed returned a positive non-PENDING");
        if ((rc == S3L_OK) != (s3l_json_finish(&j) == S3L_OK)) fail("feed OK != finish OK");
    }
    fin = s3l_json_finish(&j);
    if (rc < 0) {
        if (fin != rc) fail("error not sticky");
        if (s3l_json_feed(&j, (const uint8_t *)"[]", 2) != rc) fail("error not sticky (feed)");
    }
    if (fin == S3L_OK && (r->depth != 0 || r->piece != 0)) fail("complete with open parts");
    if (fin != S3L_OK && fin != S3L_ERR_JSON_SYNTAX && fin != S3L_ERR_JSON_ESCAPE
        && fin != S3L_ERR_JSON_DEPTH) {
        fail("unexpected result");
    }
    mix(r, &fin, sizeof fin);
    return fin;
}

/* A string of the credentials: NUL-terminated within cap, 1.. bytes of visible ASCII. */
static void check_field(const char *s, size_t cap)
{
    size_t i;
    for (i = 0; i < cap && s[i] != '\0'; i++) {
        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7E) fail("credential byte");
    }
    if (i == 0 || i == cap) fail("credential length");
}

static int parse_credentials(const uint8_t *doc, size_t n, size_t first, size_t step,
                             struct s3l_temp_credentials *out)
{
    static struct s3l_credentials_parser p;
    size_t pos = 0, i;
    int rc = S3L_PENDING, fin;
    if (s3l_credentials_parser_init(&p, out) != S3L_OK) fail("credentials init");
    if (first == 0) first = step;
    while (pos < n && rc >= 0) {
        size_t k = pos == 0 ? first : step;
        if (k > n - pos) k = n - pos;
        rc = s3l_credentials_feed(&p, doc + pos, k);
        pos += k;
    }
    fin = s3l_credentials_finish(&p);
    if (rc < 0 && fin != rc) fail("credentials error not sticky");
    if (fin != S3L_OK) {
        const unsigned char *b = (const unsigned char *)out;
        for (i = 0; i < sizeof *out; i++) {
            if (b[i] != 0) fail("credentials not wiped");
        }
    } else {
        check_field(out->access_key_id, sizeof out->access_key_id);
        check_field(out->secret_access_key, sizeof out->secret_access_key);
        check_field(out->session_token, sizeof out->session_token);
        /* 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z (s3lite/date.h's range) */
        if (out->expiration < INT64_C(-62167219200) || out->expiration > S3L_DATE_UNIX_MAX) {
            fail("expiration");
        }
    }
    if (memchr(p.message, '\0', sizeof p.message) == NULL) fail("message not terminated");
    for (i = 0; p.message[i] != '\0'; i++) {
        if ((unsigned char)p.message[i] < 0x20) fail("control byte in message");
    }
    return fin;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct run a, b;
    static struct s3l_temp_credentials ca, cb;
    const uint8_t *doc;
    size_t n, split;
    int rc0, rc;
    if (size < 1) return 0;
    doc = data + 1;
    n = size - 1;
    split = (size_t)(data[0] & 63u) * n / 63u;
    rc0 = scan(doc, n, n, n, &a);
    rc = scan(doc, n, split, n, &b);
    if (rc != rc0 || a.h != b.h) fail("two pieces differ from whole");
    if (n <= BYTEWISE_MAX) {
        rc = scan(doc, n, 1, 1, &b);
        if (rc != rc0 || a.h != b.h) fail("byte by byte differs from whole");
    }

    rc0 = parse_credentials(doc, n, n, n, &ca);
    rc = parse_credentials(doc, n, split, n, &cb);
    if (rc != rc0 || memcmp(&ca, &cb, sizeof ca) != 0) fail("credentials: two pieces differ");
    if (n <= BYTEWISE_MAX) {
        rc = parse_credentials(doc, n, 1, 1, &cb);
        if (rc != rc0 || memcmp(&ca, &cb, sizeof ca) != 0) fail("credentials: bytewise differs");
    }
    return 0;
}
