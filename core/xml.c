/* SPDX-License-Identifier: MIT */
/*
 * Streaming XML scanner: one byte-driven state machine of seven states. Runs of plain text
 * are reported as slices of the fed buffer (no copy); decoded entities and normalised line
 * ends are reported on their own. The open element names live in the caller's scratch
 * buffer as "name, length byte" records, so an end tag is compared byte by byte with its
 * start tag as it arrives and a mismatch is caught at the first wrong byte.
 *
 * Sized for flash: comments, processing instructions and CDATA are one "skip to a repeated
 * byte, then '>'" state; "<!--" and "<![CDATA[" one literal matcher; the '/' of "<a/>" and
 * the blanks after an end-tag name are end-tag states told apart by n; attribute values
 * are the tag state with an open quote; state that lives in struct fields stays there
 * (local copies let -Os duplicate the machine per state).
 */
#include <string.h>

#include "s3lite/xml.h"

/* Keeps step() out of the feed loop: -Os inlines a static function called once, and here
 * that costs flash (the merged loop needs more registers). */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

enum {
    S_TEXT,  /* content (or whitespace/misc outside the root); cp = 1 after a CR in it */
    S_LT,    /* after '<', then a start-tag name of n bytes */
    S_ATTR,  /* inside a start tag after its name; quote = the open attribute quote or 0 */
    S_ENAME, /* end tag: n = index in names[] of the next byte to match; n = top - 1 once
                the name matched (then whitespace, then '>'); n = top after the '/' of an
                empty-element tag (only '>') */
    S_LIT,   /* after "<!": matching "--" or "[CDATA[" in LIT at n */
    S_SKIP,  /* comment, PI or CDATA up to quote ('-', '?', ']') repeated, then '>';
                n = the run of quote bytes so far (at most the number needed); in CDATA
                cp = 1 after a CR */
    S_ENT    /* after '&': quote = 0 (entity name, cp = its letters), or 10 / 16 after
                "&#" / "&#x" (cp = the code point so far) */
};

#define F_ROOT 1u /* the root element has been closed */

/* "--" then, from index 4, "[CDATA[", each NUL-terminated and followed by the byte that
 * then ends the section ("-->", "]]>"). */
static const char LIT[] = "--\0-[CDATA[\0]";

/* A C0 control that XML 1.0 allows neither raw nor as a character reference. */
static int is_ctl(uint32_t c)
{
    return c < 0x20u && !((0x2600u >> c) & 1u);
}

/* A name byte: ASCII - . 0-9 : A-Z _ a-z, and every byte >= 0x80 (UTF-8 passes unchecked).
 * Bit (c & 31) of the row of c; every name byte at or above ':' may also start a name. */
static int is_name(unsigned c)
{
    static const uint32_t rows[4] = {0, 0x07FF6000u, 0x87FFFFFEu, 0x07FFFFFEu};
    return c >= 0x80u || ((rows[c >> 5] >> (c & 31u)) & 1u);
}

/* Hex digit value, or 16 when c is not one. */
static unsigned hexval(unsigned c)
{
    if (c - '0' < 10u) return c - '0';
    c |= 0x20u;
    return (c - 'a' < 6u) ? c - 'a' + 10u : 16u;
}

int s3l_xml_init_abi(struct s3l_xml *x, char *scratch, size_t cap, s3l_xml_cb cb, void *ctx,
                     size_t app_size, uint32_t app_config)
{
    if (s3l_abi_check(app_size, app_config, sizeof *x) != S3L_OK) return S3L_ERR_ABI;
    memset(x, 0, sizeof *x);
    x->cb = cb;
    x->ctx = ctx;
    x->names = scratch;
    x->cap = cap; /* unused when scratch is NULL: every feed fails */
    if (cb == NULL || scratch == NULL) x->err = S3L_ERR_ARG;
    return x->err;
}

static int emit(struct s3l_xml *x, int ev, const char *s, size_t n)
{
    return x->cb(x->ctx, ev, s, n, x->depth);
}

/* Report the pending text run [*run, p) if any, then s[0..n) if n > 0. */
static int text(struct s3l_xml *x, const char **run, const char *p, const char *s, size_t n)
{
    const char *r = *run;
    int rc = 0;
    *run = NULL;
    if (r != NULL) rc = emit(x, S3L_XML_TEXT, r, (size_t)(p - r));
    if (rc == 0 && n > 0) rc = emit(x, S3L_XML_TEXT, s, n);
    return rc;
}

/* End tag complete: report and pop the open element. */
static int close_element(struct s3l_xml *x)
{
    size_t len = (unsigned char)x->names[x->top - 1];
    int rc;
    x->top -= len + 1;
    rc = emit(x, S3L_XML_END, x->names + x->top, len);
    if (--x->depth == 0) x->flags = F_ROOT;
    x->state = S_TEXT;
    return rc;
}

/* A complete entity or character reference: report its UTF-8 bytes. */
static int entity(struct s3l_xml *x, const char **run, const char *p)
{
    static const uint32_t names[6] = {0x616d70u, 0x6c74u, 0x6774u, 0x71756f74u, 0x61706f73u, 0};
    uint32_t cp = x->cp;
    char u[4];
    size_t i, n;
    x->state = S_TEXT;
    x->cp = 0; /* back in content: the byte before was not a CR */
    if (x->quote == 0) { /* named: amp lt gt quot apos */
        for (i = 0; names[i] != 0 && cp != names[i]; i++) continue;
        cp = (unsigned char)"&<>\"'"[i]; /* not found: NUL, refused below */
    }
    /* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
    if (is_ctl(cp) || cp - 0xD800u < 0x800u || cp - 0xFFFEu < 2u || cp > 0x10FFFFu) {
        return S3L_ERR_XML_ENTITY;
    }
    /* continuation bytes, last first, while cp does not fit the lead byte's free bits
     * (7 when alone, then 5, 4, 3); the lead byte's top bits then say how many follow */
    i = 4;
    n = 0x80u;
    while (cp >= n) {
        u[--i] = (char)(0x80u | (cp & 0x3Fu));
        cp >>= 6;
        n = 0x40u >> (4 - i);
    }
    u[--i] = (char)(cp | (0x100u - 2 * n));
    return text(x, run, p, u + i, 4 - i);
}

/* One content byte at p (text inside the root or CDATA): extend the run, or normalise a
 * line end (XML 1.0 section 2.11). */
static int content(struct s3l_xml *x, const char *p, const char **run)
{
    unsigned c = (unsigned char)*p;
    uint32_t cr = x->cp; /* the byte before was a CR in content */
    x->cp = c == '\r';
    if (c == '\r') return text(x, run, p, "\n", 1);
    if (!(c == '\n' && cr) && *run == NULL) *run = p; /* CR LF: the LF was already reported */
    return 0;
}

/* One byte at p (the run of text not reported yet starts at *run): 0 or an error. n, cp
 * and quote are per state (see the enum); '<' and '&' zero them. */
NOINLINE static int step(struct s3l_xml *x, const char *p, const char **run)
{
    unsigned c = (unsigned char)*p;
    unsigned q = x->quote;
    size_t n = x->n;
    unsigned in = x->depth > 0; /* inside the root element */
    int rc = 0;
    /* XML 1.0 allows no other C0 control byte; so from here on c <= ' ' is whitespace */
    if (is_ctl(c)) return S3L_ERR_XML_SYNTAX;
    switch (x->state) {
    case S_TEXT:
        if (c == '<' || (c == '&' && in)) {
            rc = text(x, run, p, NULL, 0);
            x->n = 0;
            x->cp = 0;
            x->quote = 0;
            x->state = c == '<' ? S_LT : S_ENT;
            return rc;
        }
        if (in) return content(x, p, run);
        if (c > ' ') break; /* text outside the root */
        return 0;
    case S_LT: /* after '<', then the start-tag name (n bytes so far) */
        if (is_name(c) && (n > 0 || (c >= ':' && !(x->flags & F_ROOT)))) { /* no 2nd root */
            if (n >= 255 || x->cap - x->top < n + 2) return S3L_ERR_XML_TOO_LONG;
            x->names[x->top + n] = (char)c;
            x->n = n + 1;
            return 0;
        }
        if (n == 0) {
            if (c == '/' && in) {
                x->n = x->top - 1 - (unsigned char)x->names[x->top - 1];
                x->state = S_ENAME;
            } else if (c == '!') {
                x->state = S_LIT;
            } else if (c == '?') {
                x->quote = '?';
                x->state = S_SKIP;
            } else {
                break;
            }
            return 0;
        }
        if (c != '>' && c != '/' && c > ' ') break;
        if (x->depth >= S3L_XML_DEPTH_MAX) return S3L_ERR_XML_DEPTH;
        x->names[x->top + n] = (char)n;
        x->depth++;
        x->state = S_ATTR;
        rc = emit(x, S3L_XML_START, x->names + x->top, n);
        x->top += n + 1;
        if (rc != 0) return rc;
        /* fall through - c ends the name and may end the tag */
    case S_ATTR: /* skip name="value" pairs (quoted values may hold '>') */
        if (c == '<') break;
        if (q != 0) {
            if (c == q) x->quote = 0;
        } else if (c == '>') {
            x->state = S_TEXT;
        } else if (c == '/') {
            x->n = x->top; /* past the name's end */
            x->state = S_ENAME;
        } else if (c == '"' || c == '\'') {
            x->quote = (uint8_t)c;
        }
        return 0;
    case S_ENAME: {
        size_t e = x->top - 1;
        if (n < e && c == (unsigned char)x->names[n]) {
            x->n = n + 1;
            return 0;
        }
        if (c == '>' && n >= e) return close_element(x);
        if (n != e || c > ' ') break; /* mismatched end tag */
        return 0;
    }
    case S_LIT: /* "<!": a comment or (inside the root) CDATA; DOCTYPE is refused */
        if (n == 0 && c == '[' && in) n = 4;
        if (c != (unsigned char)LIT[n]) break;
        x->n = ++n;
        if (LIT[n] == 0) {
            x->quote = (uint8_t)LIT[n + 1];
            x->n = 0;
            x->state = S_SKIP;
        }
        return 0;
    case S_SKIP: {
        size_t need = 2 - ((q >> 1) & 1); /* '?' (0x3F) ends with one, '-' and ']' with two */
        if (c == q) {
            x->cp = 0; /* not a CR */
            if (q == ']') rc = text(x, run, p, "]", n >> 1); /* "]]]": the first one is text */
            if (n < need) x->n = n + 1;
            return rc;
        }
        x->n = 0;
        if (c == '>' && n == need) {
            x->state = S_TEXT;
            return 0;
        }
        if (q != ']') return 0;
        if (n > 0) rc = emit(x, S3L_XML_TEXT, "]]", n); /* the run was reported at the first */
        return rc != 0 ? rc : content(x, p, run);
    }
    default: /* S_ENT */
        if (c == ';' && n > 0) return entity(x, run, p);
        if (q == 0) {
            if (c == '#' && n == 0) {
                x->quote = 10;
            } else if ((c | 0x20u) - 'a' < 26u && n < 4) {
                x->cp = (x->cp << 8) | c;
                x->n = n + 1;
            } else {
                return S3L_ERR_XML_ENTITY;
            }
            return 0;
        }
        if (c == 'x' && q == 10 && n == 0) { /* "&#x" */
            x->quote = 16;
            return 0;
        }
        if (hexval(c) >= q) return S3L_ERR_XML_ENTITY;
        x->cp = x->cp * q + hexval(c); /* cp <= 0x110000 before: no overflow */
        if (x->cp > 0x10FFFFu) x->cp = 0x110000u;
        x->n = n + 1;
        return 0;
    }
    return S3L_ERR_XML_SYNTAX;
}

int s3l_xml_feed(struct s3l_xml *x, const uint8_t *buf, size_t len)
{
    const char *p = (const char *)buf;
    const char *run = NULL; /* start of a text run not reported yet */
    size_t i = 0;
    int rc = x->err;
    if (p == NULL && len > 0 && rc == 0) rc = S3L_ERR_ARG;
    while (rc == 0 && i < len) {
        rc = step(x, p + i, &run);
        if (rc == 0) i++; /* on an error i stays at the byte that caused it */
    }
    /* Text before an error is reported too, and a callback error on it wins: with other
     * splits that text would have been reported before the offending byte was seen. */
    if (run != NULL) {
        int frc = text(x, &run, p + i, NULL, 0);
        if (frc != 0) rc = frc;
    }
    if (rc != 0) {
        x->err = rc;
        return rc;
    }
    return s3l_xml_finish(x) != 0 ? S3L_PENDING : S3L_OK;
}

int s3l_xml_finish(const struct s3l_xml *x)
{
    if (x->err != 0) return x->err;
    return (x->state == S_TEXT && (x->flags & F_ROOT)) ? S3L_OK : S3L_ERR_XML_SYNTAX;
}
