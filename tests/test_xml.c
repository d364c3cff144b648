/* SPDX-License-Identifier: MIT */
/*
 * Tests for core/xml.c: a table of hand-written documents with the exact event trace they
 * must give (or the error), every one fed whole, byte by byte and split at every index;
 * then every body in the shared s3-xml vectors (well-formed ones must scan, the three
 * MALFORMED ones must fail), and the xml-scanner vectors against their expected.json.
 */
#include <dirent.h>
#include <stdint.h>

#include "harness.h"
#include "s3lite/xml.h"
#include "util_file.h"

/* ---- a trace recorder: {name@depth} start, {/name} end, [text] (pieces merged) ---------- */

struct trace {
    char buf[16384];
    size_t len;
    int in_text;
    int fail_at;   /* make the callback fail at this event number (0 = never) */
    int events;
};

static void put(struct trace *t, const char *s, size_t n)
{
    while (n-- > 0 && t->len + 1 < sizeof t->buf) t->buf[t->len++] = *s++;
    t->buf[t->len] = 0;
}

static int on_event(void *ctx, int ev, const char *s, size_t n, unsigned depth)
{
    struct trace *t = ctx;
    char tmp[16];
    size_t i;
    if (++t->events == t->fail_at) return S3L_ERR_IO;
    if (ev == S3L_XML_TEXT) {
        if (!t->in_text) put(t, "[", 1);
        t->in_text = 1;
        for (i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x20 || c == '[' || c == ']' || c == '\\' || c == '{' || c == '}') {
                snprintf(tmp, sizeof tmp, "\\x%02X", c);
                put(t, tmp, strlen(tmp));
            } else {
                put(t, (const char *)&s[i], 1);
            }
        }
        return 0;
    }
    if (t->in_text) put(t, "]", 1);
    t->in_text = 0;
    put(t, ev == S3L_XML_START ? "{" : "{/", ev == S3L_XML_START ? 1 : 2);
    put(t, s, n);
    if (ev == S3L_XML_START) {
        snprintf(tmp, sizeof tmp, "@%u", depth);
        put(t, tmp, strlen(tmp));
    }
    put(t, "}", 1);
    return 0;
}

static void trace_end(struct trace *t)
{
    if (t->in_text) put(t, "]", 1);
    t->in_text = 0;
}

/* Scan doc[0..len) fed as pieces of `step` bytes after a first piece of `first` bytes
 * (first = len: whole). Returns finish()'s result (or the first feed error) and the trace. */
static int scan(const char *doc, size_t len, size_t first, size_t step, struct trace *t,
                size_t scratch_cap)
{
    char scratch[512 + 8];
    struct s3l_xml x;
    size_t pos = 0;
    int rc = S3L_PENDING, frc;
    int fail_at = t->fail_at;
    memset(t, 0, sizeof *t);
    t->fail_at = fail_at;
    memset(scratch, 'G', sizeof scratch);
    if (scratch_cap > 512) scratch_cap = 512;
    s3l_xml_init(&x, scratch, scratch_cap, on_event, t);
    if (first == 0) { /* an empty first piece, then `step`-sized ones */
        if (s3l_xml_feed(&x, (const uint8_t *)doc, 0) != S3L_PENDING) CHECKF(0, "empty feed");
        first = step;
    }
    while (pos < len) {
        size_t n = pos == 0 ? first : step;
        if (n > len - pos) n = len - pos;
        rc = s3l_xml_feed(&x, (const uint8_t *)doc + pos, n);
        pos += n;
        if (rc < 0) break;
        if (rc != S3L_OK && rc != S3L_PENDING) CHECKF(0, "feed returned %d", rc);
    }
    if (len == 0) rc = s3l_xml_feed(&x, (const uint8_t *)"", 0);
    frc = s3l_xml_finish(&x);
    if (rc < 0 && frc != rc) CHECKF(0, "finish %d after feed error %d", frc, rc); /* sticky */
    if (memcmp(scratch + scratch_cap, "GGGGGGGG", 8) != 0) CHECKF(0, "scratch guard overwritten");
    trace_end(t);
    return rc < 0 ? rc : frc;
}

/* Whole, byte by byte, split at every index (and 3-byte steps after it): same result and
 * the same trace (up to the error for rejected documents). */
static void run_all(const char *name, const char *doc, size_t len, int want, const char *want_trace,
                    size_t scratch_cap)
{
    static struct trace t0, t;
    size_t i;
    int rc0 = scan(doc, len, len, len, &t0, scratch_cap), rc;
    CHECKF(rc0 == want, "%s: rc %d, want %d", name, rc0, want);
    if (want_trace != NULL) CHECKF(strcmp(t0.buf, want_trace) == 0, "%s:\n got  %s\n want %s",
                                   name, t0.buf, want_trace);
    rc = scan(doc, len, 1, 1, &t, scratch_cap);
    CHECKF(rc == rc0, "%s byte by byte: %d vs %d", name, rc, rc0);
    CHECKF(strcmp(t.buf, t0.buf) == 0, "%s byte by byte: %s", name, t.buf);
    for (i = 0; i <= len; i++) {
        rc = scan(doc, len, i, len, &t, scratch_cap);
        if (rc != rc0 || strcmp(t.buf, t0.buf) != 0) break;
        rc = scan(doc, len, i, 3, &t, scratch_cap);
        if (rc != rc0 || strcmp(t.buf, t0.buf) != 0) break;
    }
    CHECKF(i == len + 1, "%s split at %zu: rc %d vs %d, %s", name, i, rc, rc0, t.buf);
}

struct xcase {
    const char *doc;
    int rc;
    const char *trace; /* NULL: not checked (errors) */
};

static const struct xcase cases[] = {
    /* basics, declaration, comments, processing instructions, whitespace around the root */
    {"<a/>", S3L_OK, "{a@1}{/a}"},
    {"<a></a>", S3L_OK, "{a@1}{/a}"},
    {"<a>x</a>", S3L_OK, "{a@1}[x]{/a}"},
    {"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>x</a>\n", S3L_OK, "{a@1}[x]{/a}"},
    {"<?xml version = \"1.0\" ?><a/>", S3L_OK, "{a@1}{/a}"},
    {" \t\r\n<!-- c - -- x -->\n<?pi a?b>c ?\?><a><!--in--><?p?>y</a><!--after--> <?x?>\n",
     S3L_OK, "{a@1}[y]{/a}"},
    {"<a><b>1</b>\n <c/><d >2</d ><e\n></e\n></a>", S3L_OK,
     "{a@1}{b@2}[1]{/b}[\\x0A ]{c@2}{/c}{d@2}[2]{/d}{e@2}{/e}{/a}"},
    {"<Ns:a-b.c_d x='1'><_x/></Ns:a-b.c_d>", S3L_OK, "{Ns:a-b.c_d@1}{_x@2}{/_x}{/Ns:a-b.c_d}"},
    /* attributes skipped, quoted '>' and '/' inside values */
    {"<a xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\" b='x>y' c=\"'/>\">t</a>", S3L_OK,
     "{a@1}[t]{/a}"},
    {"<a b=\"1\"/>", S3L_OK, "{a@1}{/a}"},
    {"<a b=\"1\" />", S3L_OK, "{a@1}{/a}"},
    {"<a b=\"<\"/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a b=\"1\" <c/>", S3L_ERR_XML_SYNTAX, NULL},
    /* entities and character references */
    {"<a>&amp;&lt;&gt;&quot;&apos;</a>", S3L_OK, "{a@1}[&<>\"']{/a}"},
    {"<a>&amp;lt;</a>", S3L_OK, "{a@1}[&lt;]{/a}"},
    {"<a>&#65;&#x42;&#x0043;&#0000068;&#9;&#10;&#13;</a>", S3L_OK,
     "{a@1}[ABCD\\x09\\x0A\\x0D]{/a}"},
    {"<a>&#x7F;&#x80;&#x7FF;&#x800;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;</a>", S3L_OK,
     "{a@1}[\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBD"
     "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF]{/a}"},
    {"<a>&#xe9;&#233;&#x20AC;</a>", S3L_OK, "{a@1}[\xC3\xA9\xC3\xA9\xE2\x82\xAC]{/a}"},
    {"<a>&#0;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x0;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#1;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x1F;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#xD800;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#xDFFF;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#55296;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#xFFFE;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#xFFFF;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x110000;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#1114112;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x1000000000000000041;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#99999999999999999999999;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#X41;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#4a;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x4g;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&foo;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&AMP;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&amp </a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&ampx;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&quote;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&a#1;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&amp</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>x&amp;", S3L_ERR_XML_SYNTAX, NULL},
    {"<a>&am", S3L_ERR_XML_SYNTAX, NULL},
    {"&amp;<a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/>&amp;", S3L_ERR_XML_SYNTAX, NULL},
    /* CDATA: raw content, "]]" inside, no entities, no markup */
    {"<a><![CDATA[x<y>&amp;]]></a>", S3L_OK, "{a@1}[x<y>&amp;]{/a}"},
    {"<a><![CDATA[]]]]><![CDATA[>]]]></a>", S3L_OK, "{a@1}[\\x5D\\x5D>\\x5D]{/a}"},
    {"<a><![CDATA[a]b]]c]]]></a>", S3L_OK, "{a@1}[a\\x5Db\\x5D\\x5Dc\\x5D]{/a}"},
    {"<a>1<![CDATA[]]>2</a>", S3L_OK, "{a@1}[12]{/a}"},
    {"<![CDATA[x]]><a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><![CDATX[x]]></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><![CDATA[x]]</a>", S3L_ERR_XML_SYNTAX, NULL},
    /* line ends: CR LF and lone CR become LF (also in CDATA); references are kept */
    {"<a>1\r\n2\r3\n\r\r\n4</a>", S3L_OK, "{a@1}[1\\x0A2\\x0A3\\x0A\\x0A\\x0A4]{/a}"},
    {"<a><![CDATA[\r\n]]>\r</a>", S3L_OK, "{a@1}[\\x0A\\x0A]{/a}"},
    {"<a>\r<![CDATA[\n]]></a>", S3L_OK, "{a@1}[\\x0A\\x0A]{/a}"},
    {"<a>&#13;\n</a>", S3L_OK, "{a@1}[\\x0D\\x0A]{/a}"},
    /* UTF-8 passes through, in text and names */
    {"<\xC3\xA9t\xC3\xA9>\xE2\x82\xAC \xF0\x9F\x98\x80</\xC3\xA9t\xC3\xA9>", S3L_OK,
     "{\xC3\xA9t\xC3\xA9@1}[\xE2\x82\xAC \xF0\x9F\x98\x80]{/\xC3\xA9t\xC3\xA9}"},
    /* well-formedness */
    {"", S3L_ERR_XML_SYNTAX, NULL},
    {" \n\t", S3L_ERR_XML_SYNTAX, NULL},
    {"<!-- only -->", S3L_ERR_XML_SYNTAX, NULL},
    {"<?xml version=\"1.0\"?>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><b></b>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/ >", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></b>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></ab>", S3L_ERR_XML_SYNTAX, NULL},
    {"<ab></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><b></a></b>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></a ", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></a x>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></ a>", S3L_ERR_XML_SYNTAX, NULL},
    {"</a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/><b/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></a><a></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/>x", S3L_ERR_XML_SYNTAX, NULL},
    {"x<a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"< a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<>", S3L_ERR_XML_SYNTAX, NULL},
    {"<1a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<-a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a=/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><</a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><!DOCTYPE a></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<!-x--><a/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/><!-- open", S3L_ERR_XML_SYNTAX, NULL},
    {"<a/><?pi", S3L_ERR_XML_SYNTAX, NULL},
    {"<a>\x01</a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a>xy\x01z</a>", S3L_ERR_XML_SYNTAX, "{a@1}[xy]"},
    {"<a>x<b>&#0;</b></a>", S3L_ERR_XML_ENTITY, "{a@1}[x]{b@2}"},
    {"<a b='\x1f'/>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><!--\x7f\x02--></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"\x01<a/>", S3L_ERR_XML_SYNTAX, NULL},
    /* terminators: "<?>" and "<!--->" do not end their section, "<!---->" and "--->" do */
    {"<?><a/>?><b/>", S3L_OK, "{b@1}{/b}"},
    {"<!---><a/>--><b/>", S3L_OK, "{b@1}{/b}"},
    {"<!----><!-- x ---><a/>", S3L_OK, "{a@1}{/a}"},
    {"<a><![CDATA[]>]]]]></a>", S3L_OK, "{a@1}[\\x5D>\\x5D\\x5D]{/a}"},
    /* ']' held back in CDATA, then a line end: both reported, CR LF still one LF */
    {"<a><![CDATA[x]]\r\n]\r]]>\n</a>", S3L_OK,
     "{a@1}[x\\x5D\\x5D\\x0A\\x5D\\x0A\\x0A]{/a}"},
    /* an entity, then a LF: not mistaken for CR LF */
    {"<a>&amp;\n&#65;\n&#x20AC;\n</a>", S3L_OK, "{a@1}[&\\x0AA\\x0A\xE2\x82\xAC\\x0A]{/a}"},
    /* 'x' only right after "&#"; names of five letters are none of the five */
    {"<a>&#xx41;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#0x41;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&x41;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&quott;</a>", S3L_ERR_XML_ENTITY, NULL},
    {"<a>&#x;;</a>", S3L_ERR_XML_ENTITY, NULL},
    /* end tags: blanks after the name, none before it or after "/" of an empty tag */
    {"<a><b/ ></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a><b></b\t\r\n ></a>", S3L_OK, "{a@1}{b@2}{/b}{/a}"},
    {"<a><b></b/></a>", S3L_ERR_XML_SYNTAX, NULL},
    {"<a></a><!-- after --><?pi?>\n", S3L_OK, "{a@1}{/a}"},
    {"<a></a></a>", S3L_ERR_XML_SYNTAX, NULL},
};

/* NUL inside a document (the table above uses C strings). */
static void test_nul(void)
{
    static const char doc[] = "<a>x\0y</a>";
    run_all("nul", doc, sizeof doc - 1, S3L_ERR_XML_SYNTAX, NULL, 512);
}

static void test_depth_and_scratch(void)
{
    char doc[1024];
    char want[2048];
    size_t i, n = 0, w = 0;
    /* exactly S3L_XML_DEPTH_MAX levels: fine; one more: S3L_ERR_XML_DEPTH */
    for (i = 0; i < S3L_XML_DEPTH_MAX; i++) {
        n += (size_t)sprintf(doc + n, "<e>");
        w += (size_t)sprintf(want + w, "{e@%u}", (unsigned)i + 1);
    }
    for (i = 0; i < S3L_XML_DEPTH_MAX; i++) {
        n += (size_t)sprintf(doc + n, "</e>");
        w += (size_t)sprintf(want + w, "{/e}");
    }
    run_all("depth max", doc, n, S3L_OK, want, 512);
    n = 0;
    for (i = 0; i <= S3L_XML_DEPTH_MAX; i++) n += (size_t)sprintf(doc + n, "<e>");
    run_all("depth max+1", doc, n, S3L_ERR_XML_DEPTH, NULL, 512);
    /* the scratch holds "name + length byte" per open element, plus the name being read */
    run_all("scratch fits", "<abc><de/></abc>", 16, S3L_OK, "{abc@1}{de@2}{/de}{/abc}", 7);
    run_all("scratch short", "<abc><de/></abc>", 16, S3L_ERR_XML_TOO_LONG, NULL, 6);
    run_all("scratch 0", "<a/>", 4, S3L_ERR_XML_TOO_LONG, NULL, 0);
    memset(doc, 'n', 300);
    doc[0] = '<';
    memcpy(doc + 256, "/>", 2); /* a 255-byte name: fine */
    run_all("name 255", doc, 258, S3L_OK, NULL, 512);
    doc[256] = 'n';
    memcpy(doc + 257, "/>", 2); /* 256 bytes: too long for the length byte */
    run_all("name 256", doc, 259, S3L_ERR_XML_TOO_LONG, NULL, 512);
    /* names whose length byte in the scratch is '>' (62) or '/' (47): an end tag one byte
     * short must not match that byte */
    for (i = 47; i <= 62; i += 15) {
        memset(doc, 'n', sizeof doc);
        doc[0] = '<';
        doc[i + 1] = '>';
        memcpy(doc + i + 2, "</", 2);
        doc[i + 4 + i - 1] = '>';
        run_all("end tag one short", doc, i + 4 + i, S3L_ERR_XML_SYNTAX, NULL, 512);
        doc[i + 4 + i - 1] = 'n';
        doc[i + 4 + i] = '>';
        run_all("end tag whole", doc, i + 4 + i + 1, S3L_OK, NULL, 512);
    }
}

static void test_callback_error(void)
{
    static struct trace t;
    struct s3l_xml x;
    char scratch[64];
    int rc;
    t.fail_at = 2; /* the TEXT event */
    rc = scan("<a>x</a>", 8, 8, 8, &t, 64);
    CHECK_EQ_INT(rc, S3L_ERR_IO);
    t.fail_at = 3; /* the END event */
    rc = scan("<a>x</a>", 8, 1, 1, &t, 64);
    CHECK_EQ_INT(rc, S3L_ERR_IO);
    /* text before a bad byte is reported first: its callback error wins in every split */
    t.fail_at = 2;
    CHECK_EQ_INT(scan("<a>xy\x01</a>", 9, 9, 9, &t, 64), S3L_ERR_IO);
    t.fail_at = 2;
    CHECK_EQ_INT(scan("<a>xy\x01</a>", 9, 1, 1, &t, 64), S3L_ERR_IO);
    t.fail_at = 0;
    /* NULL callback / scratch: S3L_ERR_ARG, sticky */
    s3l_xml_init(&x, scratch, sizeof scratch, NULL, NULL);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"<a/>", 4), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_xml_finish(&x), S3L_ERR_ARG);
    s3l_xml_init(&x, NULL, 64, on_event, &t);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"<a/>", 4), S3L_ERR_ARG);
    s3l_xml_init(&x, scratch, sizeof scratch, on_event, &t); /* NULL bytes with a length */
    CHECK_EQ_INT(s3l_xml_feed(&x, NULL, 1), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"<a/>", 4), S3L_ERR_ARG);
    /* OK once the root is closed, PENDING before; trailing misc keeps OK; errors stick */
    memset(&t, 0, sizeof t);
    s3l_xml_init(&x, scratch, sizeof scratch, on_event, &t);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"<a>", 3), S3L_PENDING);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"</a", 3), S3L_PENDING);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)">", 1), S3L_OK);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)" <!--", 5), S3L_PENDING);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"-->", 3), S3L_OK);
    CHECK_EQ_INT(s3l_xml_feed(&x, NULL, 0), S3L_OK);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)"x", 1), S3L_ERR_XML_SYNTAX);
    CHECK_EQ_INT(s3l_xml_feed(&x, (const uint8_t *)" ", 1), S3L_ERR_XML_SYNTAX);
    CHECK_EQ_INT(s3l_xml_finish(&x), S3L_ERR_XML_SYNTAX);
}

/* ---- shared vectors -------------------------------------------------------------------- */

/* Text of the first element named `name` in a trace ("" when empty, NULL when absent). */
static const char *trace_text(const char *trace, const char *name, char *out, size_t cap)
{
    char pat[64];
    const char *p, *q;
    size_t o = 0;
    snprintf(pat, sizeof pat, "{%s@", name);
    p = strstr(trace, pat);
    if (p == NULL) return NULL;
    p = strchr(p, '}') + 1;
    out[0] = 0;
    if (*p != '[') return out;
    for (q = p + 1; *q != ']' && *q != 0 && o + 1 < cap; q++) {
        unsigned v;
        if (*q == '\\' && sscanf(q + 1, "x%2X", &v) == 1) {
            out[o++] = (char)v;
            q += 3;
        } else {
            out[o++] = *q;
        }
    }
    out[o] = 0;
    return out;
}

/* Decode the JSON string value of "field" inside the object of key "key" (enough of JSON
 * for expected.json: \" \\ \/ \r \n \t escapes). */
static int json_string(const char *json, const char *key, const char *field, char *out,
                       size_t cap)
{
    char pat[512];
    const char *p, *end;
    size_t o = 0;
    snprintf(pat, sizeof pat, "\"%s\"", key);
    p = strstr(json, pat);
    if (p == NULL) return -1;
    end = strchr(p, '}');
    snprintf(pat, sizeof pat, "\"%s\": \"", field);
    p = strstr(p, pat);
    if (p == NULL || p > end) return -1;
    for (p += strlen(pat); *p != '"' && *p != 0 && o + 1 < cap; p++) {
        if (*p == '\\') {
            p++;
            out[o++] = *p == 'r' ? '\r' : *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = 0;
    return 0;
}

static void test_vectors(void)
{
    static const char *dirs[] = {"CreateMultipartUpload", "CompleteMultipartUpload",
                                 "ListParts", "ListMultipartUploads", "Error", "xml-scanner"};
    char path[8192], got[256], want[256];
    size_t d, files = 0, len, jlen;
    char *json;
    snprintf(path, sizeof path, "%s/s3-xml/xml-scanner/expected.json", th_vectors_dir());
    json = file_read_all(path, &jlen);
    if (json == NULL) {
        SKIP(58, "shared s3-xml vectors not found (set SHARED or create ../shared)");
        return;
    }
    for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        DIR *dir;
        struct dirent *e;
        snprintf(path, sizeof path, "%s/s3-xml/%s", th_vectors_dir(), dirs[d]);
        dir = opendir(path);
        CHECKF(dir != NULL, "%s", path);
        if (dir == NULL) continue;
        while ((e = readdir(dir)) != NULL) {
            static struct trace t;
            char key[300];
            char *doc;
            size_t nl = strlen(e->d_name);
            int malformed = strstr(e->d_name, "MALFORMED") != NULL;
            if (nl < 5 || strcmp(e->d_name + nl - 4, ".xml") != 0) continue;
            snprintf(path, sizeof path, "%s/s3-xml/%s/%s", th_vectors_dir(), dirs[d], e->d_name);
            doc = file_read_all(path, &len);
            CHECKF(doc != NULL, "%s", path);
            if (doc == NULL) continue;
            files++;
            run_all(e->d_name, doc, len, malformed ? S3L_ERR_XML_SYNTAX : S3L_OK, NULL, 128);
            /* the xml-scanner vectors: stringValue against expected.json */
            snprintf(key, sizeof key, "xml-scanner/%s", e->d_name);
            if (json_string(json, key, "stringValue", want, sizeof want) == 0) {
                CHECK_EQ_INT(scan(doc, len, len, len, &t, 128), S3L_OK);
                CHECKF(trace_text(t.buf, "stringValue", got, sizeof got) != NULL &&
                           strcmp(got, want) == 0,
                       "%s: stringValue \"%s\"", e->d_name, got);
            }
            free(doc);
        }
        closedir(dir);
    }
    /* GetBucketLocation: the root's own text (expected.json: LocationConstraint "us-west-2") */
    snprintf(path, sizeof path, "%s/s3-xml/xml-scanner/smithy-GetBucketLocationUnwrappedOutput.xml",
             th_vectors_dir());
    {
        static struct trace t;
        char *doc = file_read_all(path, &len);
        CHECK(doc != NULL);
        if (doc != NULL) {
            CHECK_EQ_INT(scan(doc, len, len, len, &t, 128), S3L_OK);
            CHECK(trace_text(t.buf, "LocationConstraint", got, sizeof got) != NULL &&
                  strcmp(got, "us-west-2") == 0);
            free(doc);
        }
    }
    CHECKF(files == 58, "%zu vector files", files); /* 52 S3 bodies + 6 xml-scanner */
    free(json);
}

int main(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "case %zu", i);
        run_all(name, cases[i].doc, strlen(cases[i].doc), cases[i].rc, cases[i].trace, 512);
    }
    test_nul();
    test_depth_and_scratch();
    test_callback_error();
    test_vectors();
    return th_summary();
}
