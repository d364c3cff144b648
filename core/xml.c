/*
 * Streaming XML scanner: one byte-driven state machine. Runs of plain text are reported as
 * slices of the fed buffer (no copy); decoded entities and normalised line ends are
 * reported on their own. The open element names live in the caller's scratch buffer as
 * "name, length byte" records, so an end tag is compared byte by byte with its start tag
 * as it arrives and a mismatch is caught at the first wrong byte.
 */
#include <string.h>

#include "s3lite/xml.h"

enum {
    S_TEXT,   /* content (or whitespace/misc outside the root) */
    S_LT,     /* after '<' */
    S_SNAME,  /* start-tag name */
    S_ATTR,   /* inside a start tag, after its name */
    S_AVAL,   /* quoted attribute value */
    S_EMPTY,  /* after '/' of an empty-element tag: want '>' */
    S_ENAME,  /* end-tag name, compared with the open element */
    S_EWS,    /* whitespace after an end-tag name: want '>' */
    S_BANG,   /* after "<!" */
    S_COM0,   /* after "<!-": want '-' */
    S_COM,    /* comment body, n = run of '-' */
    S_CDO,    /* after "<![", matching "CDATA[" with n */
    S_CDATA,  /* CDATA body, n = run of ']' (at most 2 kept) */
    S_PI,     /* processing instruction / XML declaration, n = 1 after '?' */
    S_ENT,    /* after '&': entity name or '#' */
    S_REF0,   /* after "&#": 'x' or the first digit */
    S_REF,    /* digits of a character reference, base in quote */
    S_ERR
};

#define F_ROOT 1u /* the root element has been closed */
#define F_CR 2u   /* the last content byte was a CR: drop a following LF */

static int is_ws(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name_start(unsigned c)
{
    return ((c | 0x20u) - 'a' < 26u) || c == '_' || c == ':' || c >= 0x80u;
}

static int is_name(unsigned c)
{
    return is_name_start(c) || c - '0' < 10u || c == '-' || c == '.';
}

/* Hex digit value, or 16 when c is not one. */
static unsigned hexval(unsigned c)
{
    if (c - '0' < 10u) return c - '0';
    c |= 0x20u;
    return (c - 'a' < 6u) ? c - 'a' + 10u : 16u;
}

void s3l_xml_init(struct s3l_xml *x, char *scratch, size_t cap, s3l_xml_cb cb, void *ctx)
{
    memset(x, 0, sizeof *x);
    x->cb = cb;
    x->ctx = ctx;
    x->names = scratch;
    x->cap = scratch != NULL ? cap : 0;
    if (cb == NULL || scratch == NULL) x->err = S3L_ERR_ARG;
}

static int emit(struct s3l_xml *x, int ev, const char *s, size_t n)
{
    return x->cb(x->ctx, ev, s, n, x->depth);
}

/* Report the pending text run [*run, end) if any. */
static int flush(struct s3l_xml *x, const char **run, const char *end)
{
    const char *s = *run;
    *run = NULL;
    return s != NULL ? emit(x, S3L_XML_TEXT, s, (size_t)(end - s)) : 0;
}

/* One content byte at p (text inside the root or CDATA): extend the run, or normalise a
 * line end (XML 1.0 section 2.11). */
static int content(struct s3l_xml *x, const char *p, const char **run)
{
    unsigned c = (unsigned char)*p;
    unsigned cr = x->flags & F_CR;
    int rc = 0;
    x->flags &= (uint8_t)~F_CR;
    if (c == '\r') {
        rc = flush(x, run, p);
        x->flags |= F_CR;
        return rc != 0 ? rc : emit(x, S3L_XML_TEXT, "\n", 1);
    }
    if (c == '\n' && cr) return flush(x, run, p); /* CR LF: the LF was already reported */
    if (*run == NULL) *run = p;
    return 0;
}

/* The open element: its name and length. */
static const char *top_name(const struct s3l_xml *x, size_t *len)
{
    *len = (unsigned char)x->names[x->top - 1];
    return x->names + x->top - 1 - *len;
}

/* Append c to the start-tag name at names[top], keeping room for its length byte. */
static int name_byte(struct s3l_xml *x, unsigned c)
{
    if (x->n >= 255 || x->cap - x->top < x->n + 2) return S3L_ERR_XML_TOO_LONG;
    x->names[x->top + x->n++] = (char)c;
    return 0;
}

/* A start-tag name of x->n bytes at names[top] is complete: open the element. */
static int open_element(struct s3l_xml *x)
{
    const char *name = x->names + x->top;
    if (x->depth >= S3L_XML_DEPTH_MAX) return S3L_ERR_XML_DEPTH;
    x->names[x->top + x->n] = (char)x->n;
    x->top += x->n + 1;
    x->depth++;
    return emit(x, S3L_XML_START, name, x->n);
}

static int close_element(struct s3l_xml *x)
{
    size_t len;
    const char *name = top_name(x, &len);
    int rc = emit(x, S3L_XML_END, name, len);
    x->top -= len + 1;
    if (--x->depth == 0) x->flags |= F_ROOT;
    x->state = S_TEXT;
    return rc;
}

/* A complete entity or character reference: report its UTF-8 bytes. */
static int entity(struct s3l_xml *x)
{
    static const uint32_t names[5] = {0x616d70u, 0x6c74u, 0x6774u, 0x71756f74u, 0x61706f73u};
    uint32_t cp = x->cp;
    char u[4];
    size_t i, n;
    x->state = S_TEXT;
    if (x->quote == 0) { /* named: amp lt gt quot apos */
        for (i = 0; i < 5; i++) {
            if (cp == names[i]) return emit(x, S3L_XML_TEXT, &"&<>\"'"[i], 1);
        }
        return S3L_ERR_XML_ENTITY;
    }
    /* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
    if (cp < 0x20u ? !(cp == 9 || cp == 10 || cp == 13)
                   : ((cp - 0xD800u < 0x800u) || cp - 0xFFFEu < 2u || cp > 0x10FFFFu)) {
        return S3L_ERR_XML_ENTITY;
    }
    n = cp < 0x80u ? 1 : cp < 0x800u ? 2 : cp < 0x10000u ? 3 : 4;
    for (i = n - 1; i > 0; i--) { /* continuation bytes, last first */
        u[i] = (char)(0x80u | (cp & 0x3Fu));
        cp >>= 6;
    }
    u[0] = (char)(n == 1 ? cp : ((0xFF00u >> n) & 0xFFu) | cp); /* lead byte */
    return emit(x, S3L_XML_TEXT, u, n);
}

/* In a start tag after its name: skip name="value" pairs (quoted values may hold '>'). */
static int attrs(struct s3l_xml *x, unsigned c)
{
    if (c == '>') {
        x->state = S_TEXT;
    } else if (c == '/') {
        x->state = S_EMPTY;
    } else if (c == '"' || c == '\'') {
        x->quote = (uint8_t)c;
        x->state = S_AVAL;
    } else if (c == '<') {
        return S3L_ERR_XML_SYNTAX;
    }
    return 0;
}

/* After a complete end-tag name: optional whitespace, then '>'. */
static int end_tag(struct s3l_xml *x, unsigned c)
{
    if (c == '>') return close_element(x);
    x->state = S_EWS;
    return is_ws(c) ? 0 : S3L_ERR_XML_SYNTAX;
}

/* A digit of a character reference in base x->quote (10 or 16), or its ';'. */
static int ref_digit(struct s3l_xml *x, unsigned c)
{
    unsigned v = hexval(c);
    x->state = S_REF;
    if (c == ';' && x->n > 0) return entity(x);
    if (v >= x->quote) return S3L_ERR_XML_ENTITY;
    x->cp = x->cp * x->quote + v; /* cp <= 0x110000 before: no overflow */
    if (x->cp > 0x10FFFFu) x->cp = 0x110000u;
    x->n++;
    return 0;
}

/* One byte in a state other than text/CDATA content. */
static int step(struct s3l_xml *x, unsigned c)
{
    size_t len;
    const char *name;
    int rc;
    switch (x->state) {
    case S_LT:
        x->n = 0;
        if (c == '/' && x->depth > 0) {
            x->state = S_ENAME;
        } else if (c == '!') {
            x->state = S_BANG;
        } else if (c == '?') {
            x->state = S_PI;
        } else if (is_name_start(c) && !(x->flags & F_ROOT)) { /* not a second root */
            x->state = S_SNAME;
            return name_byte(x, c);
        } else {
            break;
        }
        return 0;
    case S_SNAME:
        if (is_name(c)) return name_byte(x, c);
        if (c != '>' && c != '/' && !is_ws(c)) break;
        x->state = S_ATTR;
        rc = open_element(x);
        return rc != 0 ? rc : attrs(x, c);
    case S_ATTR:
        return attrs(x, c);
    case S_AVAL:
        if (c == '<') break;
        if (c == x->quote) x->state = S_ATTR;
        return 0;
    case S_EMPTY:
        if (c != '>') break;
        return close_element(x);
    case S_ENAME:
        name = top_name(x, &len);
        if (x->n < len && c == (unsigned char)name[x->n]) {
            x->n++;
            return 0;
        }
        if (x->n != len) break; /* mismatched end tag */
        return end_tag(x, c);
    case S_EWS:
        return end_tag(x, c);
    case S_BANG: /* "<!": a comment or (inside the root) CDATA; DOCTYPE is refused */
        x->state = c == '-' ? S_COM0 : S_CDO;
        if (c == '-' || (c == '[' && x->depth > 0)) return 0;
        break;
    case S_COM0:
        x->state = S_COM;
        if (c == '-') return 0;
        break;
    case S_COM:
        if (c == '>' && x->n >= 2) x->state = S_TEXT;
        x->n = c == '-' ? x->n + 1 : 0;
        return 0;
    case S_CDO:
        if (c != (unsigned char)"CDATA["[x->n]) break;
        if (++x->n == 6) {
            x->n = 0;
            x->state = S_CDATA;
        }
        return 0;
    case S_PI:
        if (c == '>' && x->n) x->state = S_TEXT;
        x->n = (size_t)(c == '?');
        return 0;
    case S_ENT:
        if (c == '#' && x->n == 0) {
            x->state = S_REF0;
        } else if (c == ';' && x->n > 0) {
            return entity(x);
        } else if ((c | 0x20u) - 'a' < 26u && x->n < 4) {
            x->cp = (x->cp << 8) | c;
            x->n++;
        } else {
            return S3L_ERR_XML_ENTITY;
        }
        return 0;
    case S_REF0:
        x->quote = c == 'x' ? 16 : 10;
        if (c == 'x') {
            x->state = S_REF;
            return 0;
        }
        return ref_digit(x, c);
    default: /* S_REF */
        return ref_digit(x, c);
    }
    return S3L_ERR_XML_SYNTAX;
}

int s3l_xml_feed(struct s3l_xml *x, const uint8_t *buf, size_t len)
{
    const char *p = buf != NULL ? (const char *)buf : "";
    const char *end;
    const char *run = NULL; /* start of a text run not reported yet */
    int rc = x->err;
    if (buf == NULL) {
        if (len > 0 && rc == 0) rc = S3L_ERR_ARG;
        len = 0;
    }
    end = p + len;
    while (rc == 0 && p < end) {
        unsigned c = (unsigned char)*p;
        if (c < 0x20u && !is_ws(c)) {
            rc = S3L_ERR_XML_SYNTAX; /* XML 1.0 allows no other C0 control byte */
        } else if (x->state == S_TEXT) {
            if (c == '<' || c == '&') {
                rc = flush(x, &run, p);
                x->flags &= (uint8_t)~F_CR;
                x->n = 0;
                x->cp = 0;
                x->quote = 0;
                x->state = c == '<' ? S_LT : S_ENT;
                if (c == '&' && x->depth == 0) rc = S3L_ERR_XML_SYNTAX;
            } else if (x->depth > 0) {
                rc = content(x, p, &run);
            } else if (!is_ws(c)) {
                rc = S3L_ERR_XML_SYNTAX; /* text outside the root */
            }
        } else if (x->state == S_CDATA) {
            if (c == ']') {
                rc = flush(x, &run, p);
                x->flags &= (uint8_t)~F_CR;
                if (x->n == 2 && rc == 0) rc = emit(x, S3L_XML_TEXT, "]", 1); /* "]]]" */
                if (x->n < 2) x->n++;
            } else if (c == '>' && x->n == 2) {
                x->n = 0;
                x->state = S_TEXT;
            } else {
                if (x->n > 0) rc = emit(x, S3L_XML_TEXT, "]]", x->n);
                x->n = 0;
                if (rc == 0) rc = content(x, p, &run);
            }
        } else {
            rc = step(x, c);
        }
        if (rc == 0) p++; /* on an error p stays at the byte that caused it */
    }
    if (run != NULL) {
        /* Text before an error is reported too, and a callback error on it wins: with other
         * splits that text would have been reported before the offending byte was seen. */
        int frc = flush(x, &run, p);
        if (frc != 0) rc = frc;
    }
    if (rc != 0) {
        x->err = rc;
        x->state = S_ERR;
        return rc;
    }
    return (x->state == S_TEXT && (x->flags & F_ROOT)) ? S3L_OK : S3L_PENDING;
}

int s3l_xml_finish(const struct s3l_xml *x)
{
    if (x->err != 0) return x->err;
    return (x->state == S_TEXT && (x->flags & F_ROOT)) ? S3L_OK : S3L_ERR_XML_SYNTAX;
}
