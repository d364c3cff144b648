/* SPDX-License-Identifier: MIT */
/*
 * The streaming JSON scanner (core/json.c): a table of documents with the events (as a
 * trace) or the error RFC 8259 gives them, every one fed whole, byte by byte and split at
 * every index (and in 3-byte steps after it), which must all give the same result and trace;
 * then depth limits, long names, callback errors, sticky errors and the init checks; then
 * random documents (some mutated) against Python's json module (tests/json_ref.py, SKIP without
 * /usr/bin/python3): the same verdict and, for valid ones, the same trace, whole and byte by byte.
 *
 * Trace: OBJECT "{d", ARRAY "[d", END "}d" / "]d" (d = the container's level); KEY
 * "<name>@d:" (d = its object's level); a string value s'bytes' and a number n'text' (pieces
 * merged, the closing quote at VALUE_END), a literal L(true); bytes outside 0x21..0x7E as
 * \xNN. A rejected document's trace is what came before the error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "s3lite/json.h"

struct trace {
    char buf[2048];
    size_t len;
    int in_value;   /* pieces of a string or number are being merged */
    unsigned depth; /* open containers as the events say */
    int fail_at;    /* return S3L_ERR_IO at this event (1-based, pieces not counted: their
                       number depends on the split), 0: never; -1: at the first piece */
    int events;     /* events but pieces */
    int bad;        /* an event broke an invariant (depth, NULL data, VALUE_END alone) */
};

static void put(struct trace *t, const char *s, size_t n)
{
    size_t i;
    if (s == NULL) { /* an event with bytes must point at them */
        t->bad = t->bad || n > 0;
        return;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (t->len + 5 >= sizeof t->buf) return;
        if (c < 0x21 || c > 0x7E) {
            t->len += (size_t)snprintf(t->buf + t->len, 5, "\\x%02X", c);
        } else {
            t->buf[t->len++] = (char)c;
        }
    }
    t->buf[t->len] = '\0';
}

static void putf(struct trace *t, const char *s, unsigned depth)
{
    char d[4];
    put(t, s, strlen(s));
    snprintf(d, sizeof d, "%u", depth);
    put(t, d, strlen(d));
}

static int on_event(void *ctx, int ev, const char *data, size_t len, unsigned depth)
{
    struct trace *t = ctx;
    if (ev == S3L_JSON_STRING || ev == S3L_JSON_NUMBER) {
        if (t->fail_at == -1) return S3L_ERR_IO;
    } else if (++t->events == t->fail_at) {
        return S3L_ERR_IO;
    }
    if (data == NULL) t->bad = 1;
    switch (ev) {
    case S3L_JSON_OBJECT:
    case S3L_JSON_ARRAY:
        if (depth != t->depth + 1 || len != 1) t->bad = 1;
        t->depth = depth;
        putf(t, ev == S3L_JSON_OBJECT ? "{" : "[", depth);
        break;
    case S3L_JSON_END:
        if (depth != t->depth || len != 1) t->bad = 1;
        t->depth = depth - 1;
        put(t, data, 1);
        putf(t, "", depth);
        break;
    case S3L_JSON_KEY:
        if (depth != t->depth) t->bad = 1;
        put(t, "<", 1);
        put(t, data, len);
        putf(t, ">@", depth);
        put(t, ":", 1);
        break;
    case S3L_JSON_STRING:
    case S3L_JSON_NUMBER:
        if (depth != t->depth || len == 0) t->bad = 1;
        if (!t->in_value) put(t, ev == S3L_JSON_STRING ? "s'" : "n'", 2);
        t->in_value = 1;
        put(t, data, len);
        break;
    case S3L_JSON_VALUE_END:
        if (depth != t->depth || len != 0) t->bad = 1;
        if (!t->in_value) put(t, "s'", 2); /* the empty string: no piece */
        put(t, "'", 1);
        t->in_value = 0;
        break;
    case S3L_JSON_LITERAL:
        if (depth != t->depth) t->bad = 1;
        put(t, "L(", 2);
        put(t, data, len);
        put(t, ")", 1);
        break;
    default:
        t->bad = 1;
    }
    return 0;
}

/* Scan doc[0..len) fed as a first piece of `first` bytes, then pieces of `step` bytes
 * (first = len: whole; first = 0: an empty feed first). Returns finish()'s result or the
 * first feed error. */
static int scan(const char *doc, size_t len, size_t first, size_t step, struct trace *t)
{
    struct s3l_json j;
    size_t pos = 0;
    int rc = S3L_PENDING, frc;
    int fail_at = t->fail_at;
    memset(t, 0, sizeof *t);
    t->fail_at = fail_at;
    if (s3l_json_init(&j, on_event, t) != S3L_OK) return -1000;
    if (first == 0) {
        if (s3l_json_feed(&j, (const uint8_t *)doc, 0) != S3L_PENDING) CHECKF(0, "empty feed");
        first = step;
    }
    while (pos < len) {
        size_t n = pos == 0 ? first : step;
        if (n > len - pos) n = len - pos;
        rc = s3l_json_feed(&j, (const uint8_t *)doc + pos, n);
        pos += n;
        if (rc < 0) break;
        if (rc != S3L_OK && rc != S3L_PENDING) CHECKF(0, "feed returned %d", rc);
        if ((rc == S3L_OK) != (s3l_json_finish(&j) == S3L_OK)) CHECKF(0, "feed/finish differ");
    }
    frc = s3l_json_finish(&j);
    if (rc < 0) {
        if (frc != rc) CHECKF(0, "finish %d after feed error %d", frc, rc);
        if (s3l_json_feed(&j, (const uint8_t *)"[]", 2) != rc) CHECKF(0, "error not sticky");
    }
    if (t->bad) CHECKF(0, "event invariant broken: %s", t->buf);
    return rc < 0 ? rc : frc;
}

/* Whole, byte by byte, split at every index (and 3-byte steps after it): the same result
 * and trace. */
static void run_all(const char *name, const char *doc, size_t len, int want,
                    const char *want_trace)
{
    static struct trace t0, t;
    size_t i;
    int rc0 = scan(doc, len, len, len, &t0), rc = 0;
    CHECKF(rc0 == want, "%s: rc %d, want %d", name, rc0, want);
    if (want_trace != NULL) {
        CHECKF(strcmp(t0.buf, want_trace) == 0, "%s:\n got  %s\n want %s", name, t0.buf,
               want_trace);
    }
    rc = scan(doc, len, 1, 1, &t);
    CHECKF(rc == rc0 && strcmp(t.buf, t0.buf) == 0, "%s byte by byte: %d %s", name, rc, t.buf);
    for (i = 0; i <= len; i++) {
        rc = scan(doc, len, i, len, &t);
        if (rc != rc0 || strcmp(t.buf, t0.buf) != 0) break;
        rc = scan(doc, len, i, 3, &t);
        if (rc != rc0 || strcmp(t.buf, t0.buf) != 0) break;
    }
    CHECKF(i == len + 1, "%s split at %zu: rc %d vs %d, %s", name, i, rc, rc0, t.buf);
}

struct jcase {
    const char *doc;
    int rc;
    const char *trace; /* for errors: the events before the error */
};

#define SYN S3L_ERR_JSON_SYNTAX
#define ESC S3L_ERR_JSON_ESCAPE

static const struct jcase cases[] = {
    /* containers, whitespace around and inside */
    {"{}", S3L_OK, "{1}1"},
    {"[]", S3L_OK, "[1]1"},
    {" \t\r\n{ \n} \r\n\t ", S3L_OK, "{1}1"},
    {"[[],{},[[]]]", S3L_OK, "[1[2]2{2}2[2[3]3]2]1"},
    {"{\"a\":{\"b\":[1,{\"c\":null}]}}", S3L_OK,
     "{1<a>@1:{2<b>@2:[3n'1'{4<c>@4:L(null)}4]3}2}1"},
    {"{ \"a\" : \"x\" , \"b\" : true ,\"c\":false}", S3L_OK,
     "{1<a>@1:s'x'<b>@1:L(true)<c>@1:L(false)}1"},
    {"{\"\":\"\"}", S3L_OK, "{1<>@1:s''}1"},
    {"{\"a\":1,\"a\":2}", S3L_OK, "{1<a>@1:n'1'<a>@1:n'2'}1"}, /* duplicates reported */
    /* strings and escapes */
    {"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", S3L_OK, "[1s'\"\\/\\x08\\x0C\\x0A\\x0D\\x09']1"},
    {"[\"a\\u0041\\u00e9\\u20AC\"]", S3L_OK, "[1s'aA\\xC3\\xA9\\xE2\\x82\\xAC']1"},
    {"[\"\\uD83D\\uDE00!\"]", S3L_OK, "[1s'\\xF0\\x9F\\x98\\x80!']1"},   /* U+1F600 */
    {"[\"\\uDBFF\\uDFFF\"]", S3L_OK, "[1s'\\xF4\\x8F\\xBF\\xBF']1"},     /* U+10FFFF */
    {"[\"\\u0000\"]", S3L_OK, "[1s'\\x00']1"},
    {"[\"\\u007f\\u0080\\u07FF\\u0800\\uFFFF\"]", S3L_OK,
     "[1s'\\x7F\\xC2\\x80\\xDF\\xBF\\xE0\\xA0\\x80\\xEF\\xBF\\xBF']1"},
    {"{\"k\\u0065y\\n\":\"v\"}", S3L_OK, "{1<key\\x0A>@1:s'v'}1"}, /* names decoded too */
    {"[\"caf\xC3\xA9\"]", S3L_OK, "[1s'caf\\xC3\\xA9']1"},            /* raw UTF-8 */
    {"[\"\\uDE00\"]", ESC, "[1"},             /* low surrogate alone */
    {"[\"\\uD83D\"]", ESC, "[1"},             /* high surrogate alone */
    {"[\"\\uD83Dx\"]", ESC, "[1"},
    {"[\"\\uD83D\\n\"]", ESC, "[1"},
    {"[\"\\uD83D\\uD83D\"]", ESC, "[1"},      /* high then high */
    {"[\"\\uD83D\\u0041\"]", ESC, "[1"},
    {"[\"ab\\u12G4\"]", ESC, "[1s'ab"},
    {"[\"\\a\"]", ESC, "[1"},
    {"[\"\\U0041\"]", ESC, "[1"},
    {"[\"\\x41\"]", ESC, "[1"},
    {"[\"a\tb\"]", SYN, "[1s'a"},             /* raw control bytes */
    {"[\"a\nb\"]", SYN, "[1s'a"},
    {"[\"\x01\"]", SYN, "[1"},
    {"{\"a\x1f\":1}", SYN, "{1"},
    {"[\"abc", SYN, "[1s'abc"},               /* cut short */
    {"[\"\\u00", SYN, "[1"},
    /* numbers */
    {"[0,-0,12,-3.25,1e5,1E+5,2e-07,0.5e0,-0.0E-0,12345678901234567890123]", S3L_OK,
     "[1n'0'n'-0'n'12'n'-3.25'n'1e5'n'1E+5'n'2e-07'n'0.5e0'n'-0.0E-0'"
     "n'12345678901234567890123']1"},
    {"{\"n\":7}", S3L_OK, "{1<n>@1:n'7'}1"},
    {"[1 ,2\t]", S3L_OK, "[1n'1'n'2']1"},
    {"[01]", SYN, "[1n'0"},
    {"[-01]", SYN, "[1n'-0"},
    {"[1.]", SYN, "[1n'1."},
    {"[.5]", SYN, "[1"},
    {"[+1]", SYN, "[1"},
    {"[1e]", SYN, "[1n'1e"},
    {"[1e+]", SYN, "[1n'1e+"},
    {"[-]", SYN, "[1n'-"},
    {"[-a]", SYN, "[1n'-"},
    {"[1.e5]", SYN, "[1n'1."},
    {"[1x]", SYN, "[1n'1'"},
    {"[1 2]", SYN, "[1n'1'"},
    {"[1.5.5]", SYN, "[1n'1.5'"},
    {"[0x10]", SYN, "[1n'0'"},
    {"[1", SYN, "[1n'1"},
    /* literals */
    {"[true,false,null]", S3L_OK, "[1L(true)L(false)L(null)]1"},
    {"[tru]", SYN, "[1"},
    {"[True]", SYN, "[1"},
    {"[nul", SYN, "[1"},
    {"[nulll]", SYN, "[1L(null)"},
    {"[truefalse]", SYN, "[1L(true)"},
    /* structure */
    {"", SYN, ""},
    {" \n", SYN, ""},
    {"1", SYN, ""},                           /* the root is an object or an array */
    {"\"x\"", SYN, ""},
    {"true", SYN, ""},
    {"\xEF\xBB\xBF{}", SYN, ""},              /* a byte order mark */
    {"{", SYN, "{1"},
    {"[1,]", SYN, "[1n'1'"},
    {"[,1]", SYN, "[1"},
    {"{\"a\":1,}", SYN, "{1<a>@1:n'1'"},
    {"{,}", SYN, "{1"},
    {"{\"a\" 1}", SYN, "{1<a>@1:"},
    {"{\"a\":}", SYN, "{1<a>@1:"},
    {"{\"a\"}", SYN, "{1<a>@1:"},
    {"{1:2}", SYN, "{1"},
    {"{'a':1}", SYN, "{1"},
    {"[\"a\" \"b\"]", SYN, "[1s'a'"},
    {"[1}", SYN, "[1n'1'"},
    {"{\"a\":1]", SYN, "{1<a>@1:n'1'"},
    {"[]]", SYN, "[1]1"},
    {"[] []", SYN, "[1]1"},
    {"{} x", SYN, "{1}1"},
    {"[/*c*/]", SYN, "[1"},
    {"[\x0b]", SYN, "[1"},                    /* vertical tab is not JSON whitespace */
    {"{\"a\":[}", SYN, "{1<a>@1:[2"},
};

static void test_cases(void)
{
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "case %zu", i);
        run_all(name, cases[i].doc, strlen(cases[i].doc), cases[i].rc, cases[i].trace);
    }
    /* a NUL byte inside a document is a byte like any other: here a raw control in a string */
    run_all("raw NUL in a string", "[\"a\0\"]", 5, SYN, "[1s'a");
    run_all("NUL after the root", "[]\0", 3, SYN, "[1]1");
}

/* Both credentials documents, with noise around the members that matter. */
static void test_credentials_documents(void)
{
    static const char iot[] =
        "{\"credentials\":{\"accessKeyId\":\"ASIAEXAMPLE\",\"secretAccessKey\":\"s/e+c\","
        "\"sessionToken\":\"tok==\",\"expiration\":\"2026-12-07T18:00:00Z\"}}";
    static const char ecs[] =
        "{\n  \"AccessKeyId\" : \"AKID\",\n  \"Expiration\" : \"2026-12-07T18:00:00Z\",\n"
        "  \"RoleArn\" : \"arn:aws:iam::1:role/r\",\n  \"SecretAccessKey\" : \"sk\",\n"
        "  \"Token\" : \"t\\/k\"\n}\n";
    run_all("iot", iot, strlen(iot), S3L_OK,
            "{1<credentials>@1:{2<accessKeyId>@2:s'ASIAEXAMPLE'<secretAccessKey>@2:s's/e+c'"
            "<sessionToken>@2:s'tok=='<expiration>@2:s'2026-12-07T18:00:00Z'}2}1");
    run_all("container", ecs, strlen(ecs), S3L_OK,
            "{1<AccessKeyId>@1:s'AKID'<Expiration>@1:s'2026-12-07T18:00:00Z'"
            "<RoleArn>@1:s'arn:aws:iam::1:role/r'<SecretAccessKey>@1:s'sk'<Token>@1:s't/k'}1");
}

/* S3L_JSON_DEPTH_MAX levels scan; one more is S3L_ERR_JSON_DEPTH before the level is
 * reported. Mixed objects and arrays, to exercise the bit stack at every level. */
static void test_depth(void)
{
    char doc[4 * S3L_JSON_DEPTH_MAX + 16];
    char want[8 * S3L_JSON_DEPTH_MAX + 16];
    size_t n = 0, w = 0;
    int d;
    for (d = 1; d <= S3L_JSON_DEPTH_MAX; d++) {
        if (d % 2) {
            memcpy(doc + n, "[", 1);
            n += 1;
        } else {
            memcpy(doc + n, "{\"k\":", 5);
            n += 5;
        }
    }
    doc[n++] = '1';
    for (d = S3L_JSON_DEPTH_MAX; d >= 1; d--) doc[n++] = d % 2 ? ']' : '}';
    doc[n] = '\0';
    run_all("depth max", doc, n, S3L_OK, NULL);

    /* one more level, in the middle: the error comes at the '[' that is one too many */
    n = 0;
    for (d = 1; d <= S3L_JSON_DEPTH_MAX + 1; d++) {
        doc[n++] = '[';
        w += (size_t)snprintf(want + w, sizeof want - w, "[%d", d);
    }
    doc[n] = '\0';
    want[w - (S3L_JSON_DEPTH_MAX + 1 >= 10 ? 3 : 2)] = '\0'; /* the last level is not reported */
    run_all("depth max + 1", doc, n, S3L_ERR_JSON_DEPTH, want);
}

/* Names up to S3L_JSON_KEY_MAX bytes whole; a longer one reported as its first
 * S3L_JSON_KEY_MAX bytes. */
static void test_long_names(void)
{
    char doc[S3L_JSON_KEY_MAX + 64], want[S3L_JSON_KEY_MAX + 64];
    char name[S3L_JSON_KEY_MAX + 8];
    memset(name, 'n', sizeof name);
    name[S3L_JSON_KEY_MAX] = '\0';
    snprintf(doc, sizeof doc, "{\"%s\":1}", name);
    snprintf(want, sizeof want, "{1<%s>@1:n'1'}1", name);
    run_all("name of KEY_MAX bytes", doc, strlen(doc), S3L_OK, want);
    name[S3L_JSON_KEY_MAX] = 'x';
    name[S3L_JSON_KEY_MAX + 1] = 'y';
    name[S3L_JSON_KEY_MAX + 2] = '\0';
    snprintf(doc, sizeof doc, "{\"%s\":1}", name);
    run_all("name longer than KEY_MAX", doc, strlen(doc), S3L_OK, want);
}

/* A callback error stops the scan at that event in every split, and sticks. */
static void test_callback_error(void)
{
    static const char doc[] = "{\"a\":[\"xy\",1.5,true],\"b\":{}}";
    static struct trace t;
    int ev, total;
    size_t i;
    memset(&t, 0, sizeof t);
    CHECK(scan(doc, strlen(doc), strlen(doc), strlen(doc), &t) == S3L_OK);
    total = t.events;
    CHECK_EQ_INT(total, 11); /* { a [ xy-end 1.5-end true ] b { } } : by hand */
    for (ev = -1; ev <= total; ev++) {
        int ok = 1;
        if (ev == 0) continue;
        for (i = 1; i <= strlen(doc) && ok; i++) {
            memset(&t, 0, sizeof t);
            t.fail_at = ev;
            /* every piece size: a string or number piece may be cut, the event count not */
            if (scan(doc, strlen(doc), i, i, &t) != S3L_ERR_IO) ok = 0;
        }
        CHECKF(ok, "callback error at event %d lost (piece size %zu)", ev, i - 1);
    }
}

static int never(void *ctx, int ev, const char *data, size_t len, unsigned depth)
{
    (void)ctx; (void)ev; (void)data; (void)len; (void)depth;
    return 1; /* a positive return is taken as S3L_ERR_ARG */
}

static void test_init_and_args(void)
{
    struct s3l_json j;
    CHECK_EQ_INT(s3l_json_init(&j, NULL, NULL), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_json_feed(&j, (const uint8_t *)"[]", 2), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_json_finish(&j), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_json_init_abi(&j, never, NULL, sizeof j - 1, S3L_ABI_CONFIG), S3L_ERR_ABI);
    CHECK_EQ_INT(s3l_json_init_abi(&j, never, NULL, sizeof j, S3L_ABI_CONFIG + 1), S3L_ERR_ABI);
    CHECK_EQ_INT(s3l_json_init(&j, never, NULL), S3L_OK);
    CHECK_EQ_INT(s3l_json_feed(&j, NULL, 0), S3L_PENDING);
    CHECK_EQ_INT(s3l_json_feed(&j, (const uint8_t *)"[", 1), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_json_init(&j, never, NULL), S3L_OK);
    CHECK_EQ_INT(s3l_json_feed(&j, NULL, 1), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_json_finish(&j), S3L_ERR_ARG);
}

#define PY "/usr/bin/python3"

static const char *find_script(const char *argv0)
{
    static char p[4200];
    const char *slash;
    if (access("tests/json_ref.py", R_OK) == 0) return "tests/json_ref.py";
    slash = strrchr(argv0, '/');
    snprintf(p, sizeof p, "%.*s/../../tests/json_ref.py",
             slash != NULL ? (int)(slash - argv0) : 1, slash != NULL ? argv0 : ".");
    return access(p, R_OK) == 0 ? p : NULL;
}

static size_t unhex(const char *s, size_t n, char *out, size_t cap)
{
    size_t i;
    for (i = 0; i + 1 < n && i / 2 < cap; i += 2) {
        unsigned v;
        if (sscanf(s + i, "%2x", &v) != 1) return 0;
        out[i / 2] = (char)v;
    }
    return i / 2;
}

/* Python's json module decides; see tests/json_ref.py for the rules it adds. */
static void test_python_oracle(const char *argv0)
{
    static char line[1 << 16], doc[1 << 14], want[1 << 14];
    static struct trace t;
    const char *script = find_script(argv0);
    const char *seed_env = getenv("S3L_JSON_SEED"), *n_env = getenv("S3L_JSON_CASES");
    unsigned long seed = seed_env != NULL ? strtoul(seed_env, NULL, 0) : 20261207ul;
    unsigned long n = n_env != NULL ? strtoul(n_env, NULL, 10) : 3000ul;
    unsigned long got = 0, valid = 0, bad = 0;
    char cmd[4400];
    FILE *p;
    if (access(PY, X_OK) != 0 || script == NULL) {
        SKIP(1, "Python oracle: " PY " or tests/json_ref.py missing");
        return;
    }
    snprintf(cmd, sizeof cmd, PY " '%s' %lu %lu", script, seed, n);
    p = popen(cmd, "r");
    if (p == NULL) {
        CHECKF(0, "cannot run %s", cmd);
        return;
    }
    while (fgets(line, sizeof line, p) != NULL) {
        char *verdict = strchr(line, '\t');
        char *tr = verdict != NULL ? strchr(verdict + 1, '\t') : NULL;
        size_t len, wlen;
        int rc, rc1, ok;
        if (tr == NULL) break;
        *verdict++ = '\0';
        *tr++ = '\0';
        len = unhex(line, strlen(line), doc, sizeof doc);
        wlen = unhex(tr, strcspn(tr, "\n"), want, sizeof want - 1);
        want[wlen] = '\0';
        ok = strcmp(verdict, "ok") == 0;
        got++;
        valid += (unsigned long)ok;
        rc = scan(doc, len, len, len, &t);
        if (ok ? (rc != S3L_OK || strcmp(t.buf, want) != 0) : rc >= 0) {
            if (bad++ < 5) {
                fprintf(stderr, "oracle case %lu: python %s, s3lite %d\n doc   %.*s\n"
                        " want  %s\n got   %s\n", got, verdict, rc, (int)len, doc, want, t.buf);
            }
            continue;
        }
        rc1 = scan(doc, len, 1, 1, &t);
        if (rc1 != rc || (ok && strcmp(t.buf, want) != 0)) bad++;
    }
    pclose(p);
    printf("json vs Python: seed %lu, %lu documents (%lu valid), %lu disagree\n", seed, got, valid,
           bad);
    CHECKF(got == n, "oracle gave %lu of %lu documents", got, n);
    CHECKF(bad == 0, "%lu documents where s3lite and Python disagree (S3L_JSON_SEED=%lu)", bad,
           seed);
    CHECK(valid > n / 4 && valid < n - n / 4); /* both kinds well represented */
}

int main(int argc, char **argv)
{
    (void)argc;
    test_cases();
    test_credentials_documents();
    test_depth();
    test_long_names();
    test_callback_error();
    test_init_and_args();
    test_python_oracle(argv[0]);
    return th_summary();
}
