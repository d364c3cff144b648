/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the streaming XML scanner (core/xml.c).
 *
 * Input: byte 0 is control, the rest is a document.
 *   bits 0..5  split point: the document is also fed as [0, s) + [s, n), s = (ctl & 63) * n / 63
 *   bits 6..7  scratch size: 8, 40, 128 or 600 bytes (small ones reach S3L_ERR_XML_TOO_LONG)
 * The document is fed whole, in the two pieces above, and byte by byte when short. The
 * result and a digest of the events (text merged, so piece boundaries do not count) must be
 * identical, and invariants must hold: depths go up and down by one, an end tag names the
 * element its start opened, no text outside the root, decoded text holds no NUL or C0
 * control but TAB/LF/CR, feed says S3L_OK exactly when finish would, errors stick, nothing
 * is written past the scratch buffer.
 *
 * Seeds: tests/fuzz/seeds/xml/ (hand-made, with the control byte), plus every shared S3 body
 * with control byte 00:
 * fuzz-shared: s3-xml/CreateMultipartUpload s3-xml/CompleteMultipartUpload s3-xml/ListParts
 * fuzz-shared: s3-xml/ListMultipartUploads s3-xml/Error s3-xml/xml-scanner
 * fuzz-prefix: 00
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3lite/xml.h"

#define BYTEWISE_MAX 512u

struct run {
    uint64_t h;
    int in_text;
    unsigned depth;
    size_t top;                            /* bytes of names[] used */
    char names[S3L_XML_DEPTH_MAX][256];    /* open elements, as started */
    size_t lens[S3L_XML_DEPTH_MAX];
};

static void fail(const char *why)
{
    fprintf(stderr, "fuzz_xml: %s\n", why);
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

static int on_event(void *ctx, int ev, const char *s, size_t n, unsigned depth)
{
    struct run *r = ctx;
    size_t i;
    if (n > 0 && s == NULL) fail("NULL data");
    if (ev == S3L_XML_TEXT) {
        if (depth == 0 || depth != r->depth) fail("text outside the open element");
        for (i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') fail("control byte in text");
        }
        if (!r->in_text) mix(r, "T", 1);
        r->in_text = 1;
        mix(r, s, n);
        return 0;
    }
    r->in_text = 0;
    if (n == 0 || n > 255) fail("name length");
    if (ev == S3L_XML_START) {
        if (depth != r->depth + 1 || depth > S3L_XML_DEPTH_MAX) fail("start depth");
        memcpy(r->names[depth - 1], s, n);
        r->lens[depth - 1] = n;
        r->depth = depth;
        mix(r, "S", 1);
    } else if (ev == S3L_XML_END) {
        if (depth != r->depth || depth == 0) fail("end depth");
        if (r->lens[depth - 1] != n || memcmp(r->names[depth - 1], s, n) != 0) {
            fail("end name differs from its start");
        }
        r->depth = depth - 1;
        mix(r, "E", 1);
    } else {
        fail("unknown event");
    }
    mix(r, s, n);
    return 0;
}

/* Scan doc in pieces: first `first` bytes, then `step`-byte pieces. */
static int scan(const uint8_t *doc, size_t n, size_t first, size_t step, size_t cap,
                struct run *r)
{
    static char scratch[600 + 16];
    struct s3l_xml x;
    size_t pos = 0;
    int rc = S3L_PENDING, fin;
    memset(r, 0, sizeof *r);
    memset(scratch, 0xEE, sizeof scratch);
    s3l_xml_init(&x, scratch, cap, on_event, r);
    if (first == 0) first = step;
    while (pos < n) {
        size_t k = pos == 0 ? first : step;
        if (k > n - pos) k = n - pos;
        rc = s3l_xml_feed(&x, doc + pos, k);
        pos += k;
        if (rc < 0) break;
        if (rc != S3L_OK && rc != S3L_PENDING) fail("feed returned a positive non-PENDING");
        if ((rc == S3L_OK) != (s3l_xml_finish(&x) == S3L_OK)) fail("feed OK != finish OK");
    }
    fin = s3l_xml_finish(&x);
    if (rc < 0) {
        if (fin != rc) fail("error not sticky");
        if (s3l_xml_feed(&x, (const uint8_t *)"<a/>", 4) != rc) fail("error not sticky (feed)");
    }
    if (fin == S3L_OK && r->depth != 0) fail("complete with open elements");
    for (pos = cap; pos < sizeof scratch; pos++) {
        if ((unsigned char)scratch[pos] != 0xEE) fail("write past the scratch");
    }
    mix(r, &fin, sizeof fin);
    return fin;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t caps[4] = {8, 40, 128, 600};
    static struct run a, b;
    const uint8_t *doc;
    size_t n, split, cap;
    int rc0, rc;
    if (size < 1) return 0;
    doc = data + 1;
    n = size - 1;
    split = (size_t)(data[0] & 63u) * n / 63u;
    cap = caps[data[0] >> 6];
    rc0 = scan(doc, n, n, n, cap, &a);
    rc = scan(doc, n, split, n, cap, &b);
    if (rc != rc0 || a.h != b.h) fail("two pieces differ from whole");
    if (n <= BYTEWISE_MAX) {
        rc = scan(doc, n, 1, 1, cap, &b);
        if (rc != rc0 || a.h != b.h) fail("byte by byte differs from whole");
    }
    return 0;
}
