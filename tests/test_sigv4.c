/* SPDX-License-Identifier: MIT */
/*
 * core/sigv4 unit tests: every error path (with guard bytes after caller buffers and a check
 * that nothing was appended), date handling, the signing-key cache, canonicalisation rules
 * (generic and S3) seen through the trace hook, chunk/trailer chaining against an independent
 * HMAC (mbedTLS's md layer), and the `s3lite sign` command's error messages and exit codes.
 * Needs no shared data: the one full example is the S3 docs' GET Object (public values).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mbedtls/md.h>

#include "harness.h"
#include "s3lite/hash.h"
#include "s3lite/sigv4.h"
#include "s3lite/uri.h"
#include "util_trace.h"

#define GUARD 0xA5
#define NG 16

static const struct s3l_credentials k_docs_creds = {
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};
static const char k_docs_sig[] = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
static const char k_docs_creq[] =
    "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
    "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* ---- helpers ---------------------------------------------------------------------------- */

static struct cap g_cap; /* the trace of the last signing (util_trace.h) */

/* Line n (0-based) of the captured canonical request. */
static const char *creq_line(unsigned n)
{
    static char line[4096];
    const char *p = g_cap.buf[0], *e;
    while (n-- > 0 && p != NULL) {
        p = strchr(p, '\n');
        if (p != NULL) p++;
    }
    if (p == NULL) return "";
    e = strchr(p, '\n');
    snprintf(line, sizeof line, "%.*s", e != NULL ? (int)(e - p) : (int)strlen(p), p);
    return line;
}

struct req {
    struct s3l_header items[16];
    struct s3l_headers hs;
    struct s3l_sigv4_request r;
};

static void req_init(struct req *q, const char *method, const char *path, const char *query)
{
    memset(q, 0, sizeof *q);
    q->hs.items = q->items;
    q->hs.cap = 16;
    q->r.method = method;
    q->r.path = path;
    q->r.path_len = strlen(path);
    q->r.query = query;
    q->r.query_len = query != NULL ? strlen(query) : 0;
    q->r.headers = &q->hs;
}

static void add(struct req *q, const char *name, const char *value)
{
    CHECK(s3l_headers_add(&q->hs, name, strlen(name), value, strlen(value)) == S3L_OK);
}

static void signer(struct s3l_sigv4 *sig, const struct s3l_credentials *cr, const char *service)
{
    CHECK(s3l_sigv4_init(sig, cr, "us-east-1", service) == S3L_OK);
    CHECK(s3l_sigv4_set_time(sig, "20130524T000000Z") == S3L_OK);
    sig->trace = cap_trace;
    sig->trace_ctx = &g_cap;
    cap_reset(&g_cap);
}

static int guard_ok(const char *buf, size_t from, size_t to)
{
    size_t i;
    for (i = from; i < to; i++) {
        if ((unsigned char)buf[i] != GUARD) return 0;
    }
    return 1;
}

/* HMAC-SHA256 through mbedTLS's md layer: an implementation independent of core/sigv4.c. */
static void ref_hmac(const void *key, size_t kn, const void *msg, size_t mn, uint8_t out[32])
{
    CHECK(mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, kn, msg, mn, out) ==
          0);
}

static void ref_signing_key(const char *secret, const char *date8, const char *region,
                            uint8_t out[32])
{
    char k[256];
    snprintf(k, sizeof k, "AWS4%s", secret);
    ref_hmac(k, strlen(k), date8, 8, out);
    ref_hmac(out, 32, region, strlen(region), out);
    ref_hmac(out, 32, "s3", 2, out);
    ref_hmac(out, 32, "aws4_request", 12, out);
}

/* ---- the docs example ---------------------------------------------------------------------- */

static void test_docs_example(void)
{
    struct s3l_sigv4 sig;
    struct req q;
    char authz[300];
    const struct s3l_header *h;
    signer(&sig, &k_docs_creds, "s3");
    CHECK(sig.flags == 0);
    req_init(&q, "GET", "/test.txt", NULL);
    add(&q, "Host", "examplebucket.s3.amazonaws.com");
    add(&q, "Range", "bytes=0-9");
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    CHECK_EQ_STR(g_cap.buf[0], k_docs_creq);
    CHECK_EQ_STR(sig.last_signature, k_docs_sig);
    CHECK_EQ_STR(authz, "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                        "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    /* the signer's headers were appended, values alive in sig / static storage / authz */
    CHECK_EQ_INT(q.hs.count, 5);
    h = s3l_headers_find(&q.hs, "x-amz-date");
    CHECK(h != NULL && h->value_len == 16 && memcmp(h->value, "20130524T000000Z", 16) == 0);
    h = s3l_headers_find(&q.hs, "x-amz-content-sha256");
    CHECK(h != NULL && h->value_len == 64 && memcmp(h->value, S3L_CONTENT_SHA256_EMPTY, 64) == 0);
    h = s3l_headers_find(&q.hs, "authorization");
    CHECK(h != NULL && h->value == authz && h->value_len == strlen(authz));
    CHECK(s3l_headers_find(&q.hs, "x-amz-security-token") == NULL);
    /* the string to sign went through the trace too */
    CHECK(strncmp(g_cap.buf[1], "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/"
                                "aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb"
                                "2dc43964946972",
                  4096) == 0);

    /* signing the signed request again replaces, never duplicates (a retry) */
    CHECK(s3l_sigv4_set_time(&sig, "20130524T000001Z") == S3L_OK);
    cap_reset(&g_cap);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    CHECK_EQ_INT(q.hs.count, 5);
    CHECK(strstr(g_cap.buf[0], "x-amz-date:20130524T000001Z\n") != NULL);
    CHECK(strstr(g_cap.buf[0], "authorization") == NULL);
    s3l_sigv4_wipe(&sig);
}

/* ---- dates -------------------------------------------------------------------------------- */

static void test_dates(void)
{
    static const char *const bad[] = {
        "", "2013", "20130524T000000", "20130524T000000Z0", "20130524 000000Z", "20130524T000000z",
        "2013052AT000000Z", "20130001T000000Z", "20131301T000000Z", "20130500T000000Z",
        "20130532T000000Z", "20130431T000000Z", "20130229T000000Z", "19000229T000000Z",
        "20130524T240000Z", "20130524T236000Z", "20130524T235960Z", "-0130524T000000Z",
        "2013-05-24T00:00:00Z"};
    static const char *const good[] = {"20130524T000000Z", "20000229T235959Z", "20240229T120000Z",
                                       "00010101T000000Z", "99991231T235959Z", "20131231T000000Z"};
    static const struct {
        int64_t t;
        const char *want;
    } unix_cases[] = {{0, "19700101T000000Z"},           {1369353600, "20130524T000000Z"},
                      {951782400, "20000229T000000Z"},   {951868799, "20000229T235959Z"},
                      {1709164800, "20240229T000000Z"},  {4102444799, "20991231T235959Z"},
                      {253402300799, "99991231T235959Z"}, {1234567890, "20090213T233130Z"}};
    struct s3l_sigv4 sig;
    size_t i;
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1", "s3") == S3L_OK);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECKF(s3l_sigv4_set_time(&sig, bad[i]) == S3L_ERR_BAD_DATE, "'%s' accepted", bad[i]);
        CHECKF(sig.amz_date[0] == '\0', "'%s' changed the time", bad[i]);
    }
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECKF(s3l_sigv4_set_time(&sig, good[i]) == S3L_OK, "'%s' refused", good[i]);
        CHECK_EQ_STR(sig.amz_date, good[i]);
    }
    CHECK(s3l_sigv4_set_time(NULL, "20130524T000000Z") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_set_time(&sig, NULL) == S3L_ERR_ARG);
    for (i = 0; i < sizeof unix_cases / sizeof unix_cases[0]; i++) {
        CHECK(s3l_sigv4_set_time_unix(&sig, unix_cases[i].t) == S3L_OK);
        CHECK_EQ_STR(sig.amz_date, unix_cases[i].want);
    }
    CHECK_EQ_STR(sig.amz_date, "20090213T233130Z");
    CHECK(s3l_sigv4_set_time_unix(&sig, -1) == S3L_ERR_RANGE);
    CHECK(s3l_sigv4_set_time_unix(&sig, INT64_C(253402300800)) == S3L_ERR_RANGE);
    CHECK(s3l_sigv4_set_time_unix(&sig, INT64_MIN) == S3L_ERR_RANGE);
    CHECK_EQ_STR(sig.amz_date, "20090213T233130Z"); /* unchanged by the failures */
    CHECK(s3l_sigv4_set_time_unix(NULL, 0) == S3L_ERR_ARG);
    /* every day of 1970..2100 round-trips through both setters */
    {
        int64_t t;
        unsigned ok = 1;
        for (t = 0; t < INT64_C(4133980800) && ok; t += 86400 + 3661) {
            char d[17];
            ok = s3l_sigv4_set_time_unix(&sig, t) == S3L_OK;
            memcpy(d, sig.amz_date, 17);
            ok = ok && s3l_sigv4_set_time(&sig, d) == S3L_OK && strcmp(sig.amz_date, d) == 0;
        }
        CHECK(ok);
    }
}

/* ---- init ---------------------------------------------------------------------------------- */

static void test_init(void)
{
    struct s3l_sigv4 sig;
    char long_region[S3L_REGION_MAX + 2];
    memset(long_region, 'a', sizeof long_region - 1);
    long_region[sizeof long_region - 1] = '\0';
    CHECK(s3l_sigv4_init(NULL, &k_docs_creds, "us-east-1", "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, NULL, "us-east-1", "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, NULL, "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1", NULL) == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "", "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1", "") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, long_region, "s3") == S3L_ERR_ARG);
    long_region[S3L_REGION_MAX] = '\0';
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, long_region, "s3") == S3L_OK);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us/east", "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us east", "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1\r\nX: y", "s3") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1", "s3,x") == S3L_ERR_ARG);
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1", "execute-api") == S3L_OK);
    CHECK(sig.flags == (S3L_SIGV4_NORMALIZE_PATH | S3L_SIGV4_DOUBLE_ENCODE |
                        S3L_SIGV4_NO_CONTENT_SHA256));
    CHECK(sig.amz_date[0] == '\0' && sig.last_signature[0] == '\0' && sig.key_date[0] == '\0');
    CHECK(s3l_sigv4_init(&sig, &k_docs_creds, "us-east-1", "s3") == S3L_OK);
    CHECK(sig.flags == 0);
    s3l_sigv4_wipe(NULL); /* harmless */
}

/* ---- error paths of sign_headers / presign ------------------------------------------------ */

struct snap {
    struct s3l_header items[16];
    size_t count;
};

static void snap(struct snap *s, const struct req *q)
{
    memcpy(s->items, q->items, sizeof s->items);
    s->count = q->hs.count;
}

/* Nothing appended, no value changed (the order may be sorted). */
static int same_set(const struct snap *s, const struct req *q)
{
    size_t i, j;
    if (s->count != q->hs.count) return 0;
    for (i = 0; i < s->count; i++) {
        for (j = 0; j < q->hs.count; j++) {
            if (s->items[i].name == q->items[j].name && s->items[i].value == q->items[j].value &&
                s->items[i].value_len == q->items[j].value_len) {
                break;
            }
        }
        if (j == q->hs.count) return 0;
    }
    return 1;
}

/* Sign q (header mode) expecting rc; authz has cap bytes plus guard bytes. */
static void expect_header_rc(const char *what, struct s3l_sigv4 *sig, struct req *q, size_t cap,
                             int want)
{
    char buf[512 + NG];
    struct snap s;
    int rc;
    snap(&s, q);
    memset(buf, GUARD, sizeof buf);
    rc = s3l_sigv4_sign_headers(sig, &q->r, buf, cap);
    CHECKF(rc == want, "%s: rc %d, want %d", what, rc, want);
    CHECKF(guard_ok(buf, cap, cap + NG), "%s: wrote past the buffer", what);
    if (want != S3L_OK) {
        CHECKF(same_set(&s, q), "%s: the headers changed on error", what);
        CHECKF(cap == 0 || buf[0] == '\0' || (unsigned char)buf[0] == GUARD,
               "%s: a usable value was left", what);
    }
}

static void base_req(struct req *q)
{
    req_init(q, "PUT", "/key", "partNumber=1&uploadId=abc");
    add(q, "Host", "examplebucket.s3.amazonaws.com");
    add(q, "Content-Length", "5");
}

static void test_errors(void)
{
    struct s3l_sigv4 sig;
    struct s3l_credentials cr;
    struct req q;
    char authz[512], out[512 + NG];
    size_t need, qlen;
    static const char *const bad_names[] = {"Bad Name", "a:b", "caf\xc3\xa9", "x\ty", "(x)", "a/b",
                                            "a@b", "a,b", "a;b", "a=b", "[x]", "{x}", "\"q\"",
                                            "a?b", "a\\b"};
    static const char *const bad_values[] = {"a\rb", "a\nb", "\r", "\n", "end\r\n"};
    size_t i;

    signer(&sig, &k_docs_creds, "s3");
    base_req(&q);
    expect_header_rc("NULL sig", NULL, &q, 512, S3L_ERR_ARG);
    CHECK(s3l_sigv4_sign_headers(&sig, NULL, authz, sizeof authz) == S3L_ERR_ARG);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, NULL, 100) == S3L_ERR_ARG);
    q.r.method = NULL;
    expect_header_rc("NULL method", &sig, &q, 512, S3L_ERR_ARG);
    q.r.method = "GE T";
    expect_header_rc("bad method", &sig, &q, 512, S3L_ERR_ARG);
    q.r.method = "";
    expect_header_rc("empty method", &sig, &q, 512, S3L_ERR_ARG);
    q.r.method = "PUT";
    q.r.headers = NULL;
    expect_header_rc("NULL headers", &sig, &q, 512, S3L_ERR_ARG);
    q.r.headers = &q.hs;

    /* credentials */
    cr = k_docs_creds;
    sig.creds = NULL;
    expect_header_rc("no creds", &sig, &q, 512, S3L_ERR_ARG);
    sig.creds = &cr;
    cr.access_key_id = NULL;
    expect_header_rc("no access key", &sig, &q, 512, S3L_ERR_ARG);
    cr.access_key_id = "AKIA EXAMPLE";
    expect_header_rc("access key with space", &sig, &q, 512, S3L_ERR_ARG);
    cr.access_key_id = "AKIA/EXAMPLE";
    expect_header_rc("access key with /", &sig, &q, 512, S3L_ERR_ARG);
    cr.access_key_id = "";
    expect_header_rc("empty access key", &sig, &q, 512, S3L_ERR_ARG);
    cr.access_key_id = k_docs_creds.access_key_id;
    cr.secret_access_key = NULL;
    expect_header_rc("no secret", &sig, &q, 512, S3L_ERR_ARG);
    cr.secret_access_key = k_docs_creds.secret_access_key;
    cr.session_token = "tok\r\nen";
    expect_header_rc("token with CRLF", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    cr.session_token = NULL;

    /* time not set */
    CHECK(s3l_sigv4_init(&sig, &cr, "us-east-1", "s3") == S3L_OK);
    expect_header_rc("no time", &sig, &q, 512, S3L_ERR_STATE);
    CHECK(s3l_sigv4_set_time(&sig, "20130524T000000Z") == S3L_OK);

    /* request line */
    q.r.path = "/a\nb";
    q.r.path_len = 4;
    expect_header_rc("LF in path", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    q.r.path = "/a\0b";
    expect_header_rc("NUL in path", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    q.r.path = NULL;
    expect_header_rc("NULL path with length", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    q.r.path = "/key";
    q.r.path_len = 4;
    q.r.query = "a=1\r\nX: y";
    q.r.query_len = strlen(q.r.query);
    expect_header_rc("CRLF in query", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    q.r.query = "partNumber=1&uploadId=abc";
    q.r.query_len = strlen(q.r.query);
    q.r.payload_hash = "abc\n";
    expect_header_rc("LF in payload hash", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    q.r.payload_hash = NULL;

    /* headers: names and values */
    for (i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        base_req(&q);
        q.items[q.hs.count].name = bad_names[i];
        q.items[q.hs.count].name_len = strlen(bad_names[i]);
        q.items[q.hs.count].value = "v";
        q.items[q.hs.count++].value_len = 1;
        expect_header_rc(bad_names[i], &sig, &q, 512, S3L_ERR_BAD_CHAR);
    }
    base_req(&q);
    q.items[q.hs.count].name = "X-Empty";
    q.items[q.hs.count].name_len = 0;
    q.items[q.hs.count].value = "v";
    q.items[q.hs.count++].value_len = 1;
    expect_header_rc("empty name", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    for (i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        base_req(&q);
        q.items[q.hs.count].name = "X-Val";
        q.items[q.hs.count].name_len = 5;
        q.items[q.hs.count].value = bad_values[i];
        q.items[q.hs.count++].value_len = strlen(bad_values[i]);
        expect_header_rc("bad value", &sig, &q, 512, S3L_ERR_BAD_CHAR);
    }
    base_req(&q);
    q.items[q.hs.count].name = "X-Nul";
    q.items[q.hs.count].name_len = 5;
    q.items[q.hs.count].value = "a\0b";
    q.items[q.hs.count++].value_len = 3;
    expect_header_rc("NUL in value", &sig, &q, 512, S3L_ERR_BAD_CHAR);

    /* no Host; two of a name the signer owns */
    req_init(&q, "GET", "/", NULL);
    add(&q, "Range", "bytes=0-1");
    expect_header_rc("no Host", &sig, &q, 512, S3L_ERR_ARG);
    base_req(&q);
    add(&q, "X-Amz-Date", "20130524T000000Z");
    add(&q, "x-amz-date", "20130524T000000Z");
    expect_header_rc("two X-Amz-Date", &sig, &q, 512, S3L_ERR_ARG);
    base_req(&q);
    add(&q, "host", "other");
    expect_header_rc("two Host", &sig, &q, 512, S3L_ERR_ARG);

    /* header array capacity: 3 to add (x-amz-date, x-amz-content-sha256, Authorization) */
    base_req(&q);
    q.hs.cap = q.hs.count + 2;
    expect_header_rc("array one short", &sig, &q, 512, S3L_ERR_TOO_MANY);
    q.hs.cap = q.hs.count;
    expect_header_rc("array full", &sig, &q, 512, S3L_ERR_TOO_MANY);
    q.hs.cap = q.hs.count + 3;
    expect_header_rc("array exact", &sig, &q, 512, S3L_OK);
    CHECK_EQ_INT(q.hs.count, q.hs.cap);

    /* Authorization buffer: find the exact need, then one short, and zero */
    base_req(&q);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    need = strlen(authz) + 1;
    base_req(&q);
    expect_header_rc("authz exact", &sig, &q, need, S3L_OK);
    base_req(&q);
    expect_header_rc("authz one short", &sig, &q, need - 1, S3L_ERR_BUF_TOO_SMALL);
    expect_header_rc("authz 10", &sig, &q, 10, S3L_ERR_BUF_TOO_SMALL);
    expect_header_rc("authz 0", &sig, &q, 0, S3L_ERR_BUF_TOO_SMALL);
    expect_header_rc("authz before the signature", &sig, &q, need - 65, S3L_ERR_BUF_TOO_SMALL);

    /* presign */
    base_req(&q);
    memset(out, GUARD, sizeof out);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 0, out, 512, &qlen) == S3L_ERR_RANGE);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 604801, out, 512, &qlen) == S3L_ERR_RANGE);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 3600, out, 512, NULL) == S3L_ERR_ARG);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 3600, NULL, 512, &qlen) == S3L_ERR_ARG);
    CHECK(s3l_sigv4_presign(NULL, &q.r, 3600, out, 512, &qlen) == S3L_ERR_ARG);
    CHECK(guard_ok(out, 0, sizeof out));
    CHECK(s3l_sigv4_presign(&sig, &q.r, 604800, out, 512, &qlen) == S3L_OK);
    CHECK(strstr(out, "&X-Amz-Expires=604800&") != NULL);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 1, out, 512, &qlen) == S3L_OK);
    CHECK(strstr(out, "&X-Amz-Expires=1&") != NULL);
    CHECK(qlen == strlen(out) && guard_ok(out, 512, sizeof out));
    CHECK(strncmp(out, "partNumber=1&uploadId=abc&X-Amz-Algorithm=AWS4-HMAC-SHA256&", 59) == 0);
    CHECK_EQ_INT(q.hs.count, 2); /* presigning adds no header */
    need = qlen + 1;
    for (i = 0; i < 4; i++) {
        size_t cap = i == 0 ? need - 1 : i == 1 ? need - 65 : i == 2 ? 20 : 0;
        int rc;
        memset(out, GUARD, sizeof out);
        rc = s3l_sigv4_presign(&sig, &q.r, 1, out, cap, &qlen);
        CHECKF(rc == S3L_ERR_BUF_TOO_SMALL, "presign cap %zu: rc %d", cap, rc);
        CHECKF(guard_ok(out, cap, cap + NG), "presign cap %zu: wrote past the buffer", cap);
        CHECKF(cap == 0 || out[0] == '\0', "presign cap %zu: usable output left", cap);
    }
    memset(out, GUARD, sizeof out);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 1, out, need, &qlen) == S3L_OK);
    CHECK(qlen == need - 1 && guard_ok(out, need, need + NG));
    req_init(&q, "GET", "/", NULL);
    CHECK(s3l_sigv4_presign(&sig, &q.r, 60, out, 512, &qlen) == S3L_ERR_ARG); /* no Host */
    base_req(&q);
    q.items[0].value = "a\nb";
    q.items[0].value_len = 3;
    CHECK(s3l_sigv4_presign(&sig, &q.r, 60, out, 512, &qlen) == S3L_ERR_BAD_CHAR);

    /* chunk / trailer before any seed */
    {
        struct s3l_sigv4 s2;
        uint8_t d[32] = {0};
        char o[S3L_SIG_HEX_LEN + 1 + NG];
        CHECK(s3l_sigv4_init(&s2, &k_docs_creds, "us-east-1", "s3") == S3L_OK);
        CHECK(s3l_sigv4_sign_chunk(&s2, d, o) == S3L_ERR_STATE);
        CHECK(s3l_sigv4_set_time(&s2, "20130524T000000Z") == S3L_OK);
        CHECK(s3l_sigv4_sign_chunk(&s2, d, o) == S3L_ERR_STATE);
        CHECK(s3l_sigv4_sign_trailer(&s2, d, o) == S3L_ERR_STATE);
        CHECK(s3l_sigv4_sign_chunk(NULL, d, o) == S3L_ERR_ARG);
        CHECK(s3l_sigv4_sign_chunk(&s2, NULL, o) == S3L_ERR_ARG);
        CHECK(s3l_sigv4_sign_chunk(&s2, d, NULL) == S3L_ERR_ARG);
        CHECK(s3l_sigv4_sign_trailer(NULL, d, o) == S3L_ERR_ARG);
    }
    s3l_sigv4_wipe(&sig);
}

/* ---- the signing-key cache and wiping ---------------------------------------------------- */

static void test_cache(void)
{
    struct s3l_credentials cr = k_docs_creds;
    struct s3l_sigv4 sig;
    struct req q;
    char authz[512], first[65];
    uint8_t want[32], zero[32] = {0};
    static const char other_secret[] = "0000000000000000000000000000000000000000";

    signer(&sig, &cr, "s3");
    base_req(&q);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    ref_signing_key(cr.secret_access_key, "20130524", "us-east-1", want);
    CHECK_EQ_MEM(sig.signing_key, want, 32);
    CHECK_EQ_STR(sig.key_date, "20130524");
    memcpy(first, sig.last_signature, 65);

    /* same day, secret changed behind the signer's back: the cached key is used */
    cr.secret_access_key = other_secret;
    base_req(&q);
    CHECK(s3l_sigv4_set_time(&sig, "20130524T235959Z") == S3L_OK);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    CHECK_EQ_MEM(sig.signing_key, want, 32);
    base_req(&q);
    CHECK(s3l_sigv4_set_time(&sig, "20130524T000000Z") == S3L_OK);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    CHECK_EQ_STR(sig.last_signature, first);

    /* next day: derived again, from the secret as it is now */
    base_req(&q);
    CHECK(s3l_sigv4_set_time(&sig, "20130525T000000Z") == S3L_OK);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    ref_signing_key(other_secret, "20130525", "us-east-1", want);
    CHECK_EQ_MEM(sig.signing_key, want, 32);
    CHECK_EQ_STR(sig.key_date, "20130525");
    /* ... and the cached HMAC state moved with it: the signature is the one a fresh signer
     * with that secret gives for that day (a stale midstate would sign with the old key) */
    {
        struct s3l_sigv4 fresh;
        struct s3l_credentials cr2 = cr;
        char authz2[512];
        CHECK(s3l_sigv4_init(&fresh, &cr2, "us-east-1", "s3") == S3L_OK);
        CHECK(s3l_sigv4_set_time(&fresh, "20130525T000000Z") == S3L_OK);
        base_req(&q);
        CHECK(s3l_sigv4_sign_headers(&fresh, &q.r, authz2, sizeof authz2) == S3L_OK);
        CHECK_EQ_STR(sig.last_signature, fresh.last_signature);
        CHECK(strcmp(sig.last_signature, first) != 0);
        s3l_sigv4_wipe(&fresh);
    }

    /* wipe: key, key date and last signature gone; signing derives again */
    s3l_sigv4_wipe(&sig);
    CHECK_EQ_MEM(sig.signing_key, zero, 32);
    CHECK(sig.key_date[0] == '\0' && sig.last_signature[0] == '\0');
    { /* the key's HMAC midstates (private) are secrets too */
        const uint8_t *m = (const uint8_t *)sig.key_mid;
        size_t i, nz = 0;
        for (i = 0; i < sizeof sig.key_mid; i++) nz += m[i] != 0;
        CHECK_EQ_INT(nz, 0);
    }
    cr.secret_access_key = k_docs_creds.secret_access_key;
    base_req(&q);
    CHECK(s3l_sigv4_set_time(&sig, "20130524T000000Z") == S3L_OK);
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    CHECK_EQ_STR(sig.last_signature, first);

    /* a secret longer than the HMAC block (hashed first, RFC 2104) */
    {
        char long_secret[101];
        memset(long_secret, 'k', 100);
        long_secret[100] = '\0';
        cr.secret_access_key = long_secret;
        signer(&sig, &cr, "s3");
        base_req(&q);
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        ref_signing_key(long_secret, "20130524", "us-east-1", want);
        CHECK_EQ_MEM(sig.signing_key, want, 32);
        long_secret[60] = '\0'; /* exactly a block with "AWS4" */
        signer(&sig, &cr, "s3");
        base_req(&q);
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        ref_signing_key(long_secret, "20130524", "us-east-1", want);
        CHECK_EQ_MEM(sig.signing_key, want, 32);
        long_secret[61] = 'k';
        long_secret[60] = 'k';
        long_secret[61] = '\0';
        signer(&sig, &cr, "s3");
        base_req(&q);
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        ref_signing_key(long_secret, "20130524", "us-east-1", want);
        CHECK_EQ_MEM(sig.signing_key, want, 32);
    }
    s3l_sigv4_wipe(&sig);
}

/* ---- aws-chunked chaining, against the independent HMAC ----------------------------------- */

static void test_chunks(void)
{
    struct s3l_sigv4 sig;
    struct req q;
    char authz[512], out[S3L_SIG_HEX_LEN + 1 + NG], prev[65], sts[512], hex[65];
    uint8_t key[32], mac[32], d[32];
    unsigned i;
    signer(&sig, &k_docs_creds, "s3");
    req_init(&q, "PUT", "/examplebucket/chunkObject.txt", NULL);
    add(&q, "Host", "s3.amazonaws.com");
    add(&q, "Content-Encoding", "aws-chunked");
    add(&q, "x-amz-decoded-content-length", "66560");
    q.r.payload_hash = S3L_CONTENT_SHA256_STREAMING;
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
    ref_signing_key(k_docs_creds.secret_access_key, "20130524", "us-east-1", key);
    for (i = 0; i < 4; i++) {
        int rc;
        memcpy(prev, sig.last_signature, 65);
        memset(d, (int)i, sizeof d);
        s3l_hex_lower(d, 32, hex);
        hex[64] = '\0';
        memset(out, GUARD, sizeof out);
        cap_reset(&g_cap);
        rc = i < 3 ? s3l_sigv4_sign_chunk(&sig, d, out) : s3l_sigv4_sign_trailer(&sig, d, out);
        CHECK(rc == S3L_OK);
        CHECK(guard_ok(out, S3L_SIG_HEX_LEN + 1, sizeof out));
        if (i < 3) {
            snprintf(sts, sizeof sts,
                     "AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524/us-east-1/s3/"
                     "aws4_request\n%s\n%s\n%s",
                     prev, S3L_CONTENT_SHA256_EMPTY, hex);
        } else {
            snprintf(sts, sizeof sts,
                     "AWS4-HMAC-SHA256-TRAILER\n20130524T000000Z\n20130524/us-east-1/s3/"
                     "aws4_request\n%s\n%s",
                     prev, hex);
        }
        CHECK_EQ_STR(g_cap.buf[1], sts);
        ref_hmac(key, 32, sts, strlen(sts), mac);
        s3l_hex_lower(mac, 32, hex);
        CHECK(strncmp(out, hex, 64) == 0 && out[64] == '\0');
        CHECK_EQ_STR(sig.last_signature, out);
    }
    /* a failed header signature leaves no seed: chunks cannot chain from a stale one */
    q.items[0].value = "bad\r\nvalue";
    q.items[0].value_len = 11;
    CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_ERR_BAD_CHAR);
    CHECK(sig.last_signature[0] == '\0' && authz[0] == '\0');
    memset(out, GUARD, sizeof out);
    CHECK(s3l_sigv4_sign_chunk(&sig, d, out) == S3L_ERR_STATE);
    CHECK(guard_ok(out, 0, sizeof out));
    s3l_sigv4_wipe(&sig);
}

/* ---- canonicalisation rules, seen through the trace -------------------------------------- */

/* Sign GET path?query with the given rules; returns creq line n. */
static const char *canon(const char *service, unsigned flags_set, unsigned flags_clear,
                         const char *path, const char *query, unsigned line)
{
    struct s3l_sigv4 sig;
    struct req q;
    char authz[1024];
    signer(&sig, &k_docs_creds, service);
    sig.flags = (sig.flags | flags_set) & ~flags_clear;
    req_init(&q, "GET", path, query);
    add(&q, "Host", "h");
    CHECKF(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK, "%s?%s", path,
           query ? query : "");
    s3l_sigv4_wipe(&sig);
    return creq_line(line);
}

static void test_canonical(void)
{
    static const struct {
        const char *path, *s3, *generic;
    } paths[] = {
        {"/a/./b/../c", "/a/./b/../c", "/a/c"},
        {"//", "//", "/"},
        {"/a/..", "/a/..", "/"},
        {"/a/b/", "/a/b/", "/a/b/"},
        {"/./", "/./", "/"},
        {"", "/", "/"},
        {"/", "/", "/"},
        {"/a/b/../../..", "/a/b/../../..", "/"},
        {"/../x", "/../x", "/x"},
        {"/a/./", "/a/./", "/a/"},
        {"/a/.", "/a/.", "/a"},
        {"//a//b//", "//a//b//", "/a/b/"},
        {"/a%20b", "/a%20b", "/a%2520b"},
        {"/a b", "/a%20b", "/a%20b"},
        {"/a%2", "/a%252", "/a%252"},
        {"/%e1%88%b4", "/%e1%88%b4", "/%25e1%2588%25b4"},
        {"/\xe1\x88\xb4", "/%E1%88%B4", "/%E1%88%B4"},
        {"/test$file.text", "/test%24file.text", "/test%24file.text"},
        {"/-._~AZaz09", "/-._~AZaz09", "/-._~AZaz09"},
        {"/a+b=c&d", "/a%2Bb%3Dc%26d", "/a%2Bb%3Dc%26d"},
        {"/x/.../y", "/x/.../y", "/x/.../y"},
        {"/x/..y/z", "/x/..y/z", "/x/..y/z"},
    };
    static const struct {
        const char *q, *want;
    } queries[] = {
        {"b=2&a=1", "a=1&b=2"},
        {"uploads", "uploads="},
        {"a=2&a=1", "a=1&a=2"},
        {"a=1&a=1", "a=1&a=1"},
        {"a&&b&", "a=&b="},
        {"&", ""},
        {"", ""},
        {"%7e=%41", "~=A"},
        {"a=%2f", "a=%2F"},
        {"a=b=c", "a=b%3Dc"},
        {"a=%zz", "a=%25zz"},
        {"a=%4", "a=%254"},
        {"Z=1&a=1", "Z=1&a=1"},
        {"a-b=1&a=1", "a=1&a-b=1"},
        {"a=1&a-b=1&a.b=1&a_b=1&a~=1", "a=1&a-b=1&a.b=1&a_b=1&a~=1"},
        {"sp ace=x y", "sp%20ace=x%20y"},
        {"\xe1\x88\xb4=bar", "%E1%88%B4=bar"},
        {"%E1%88%B4=Value1&Param-3=Value3&Param=Value2", "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"},
        {"a=+", "a=%2B"},
        {"x-id=PutObject&partNumber=7", "partNumber=7&x-id=PutObject"},
        {"max-keys=2&prefix=J", "max-keys=2&prefix=J"},
        {"b=&b", "b=&b="},
        {"=x", "=x"},
        /* an escaped NUL is a byte like any other: it sorts before %01 */
        {"a%01=1&a%00b=2", "a%00b=2&a%01=1"},
    };
    size_t i;
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const char *got = canon("s3", 0, 0, paths[i].path, NULL, 1);
        CHECKF(strcmp(got, paths[i].s3) == 0, "s3 path '%s' -> '%s', want '%s'", paths[i].path,
               got, paths[i].s3);
        got = canon("service", 0, 0, paths[i].path, NULL, 1);
        CHECKF(strcmp(got, paths[i].generic) == 0, "generic path '%s' -> '%s', want '%s'",
               paths[i].path, got, paths[i].generic);
    }
    /* the switches work one by one */
    CHECK_EQ_STR(canon("s3", S3L_SIGV4_NORMALIZE_PATH, 0, "/a/../b%20c", NULL, 1), "/b%20c");
    CHECK_EQ_STR(canon("s3", S3L_SIGV4_DOUBLE_ENCODE, 0, "/a/../b%20c", NULL, 1), "/a/../b%2520c");
    CHECK_EQ_STR(canon("service", 0, S3L_SIGV4_DOUBLE_ENCODE, "/a/../b%20c", NULL, 1), "/b%20c");
    for (i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        const char *got = canon("s3", 0, 0, "/", queries[i].q, 2);
        CHECKF(strcmp(got, queries[i].want) == 0, "query '%s' -> '%s', want '%s'", queries[i].q,
               got, queries[i].want);
    }

    /* headers: lower-cased, sorted, trimmed, blank runs collapsed, repeats joined in order */
    {
        struct s3l_sigv4 sig;
        struct req q;
        char authz[1024];
        signer(&sig, &k_docs_creds, "s3");
        req_init(&q, "GET", "/", NULL);
        add(&q, "Host", "h");
        add(&q, "X-B", "  two   words\t\there  ");
        add(&q, "x-a", "1");
        add(&q, "X-A", " 2 ");
        add(&q, "x-empty", "");
        add(&q, "X-Blank", " \t ");
        add(&q, "x-a", "3");
        add(&q, "Zz", "z");
        add(&q, "a!#$%&'*+.^_`|~", "tok");
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        CHECK(strstr(g_cap.buf[0], "GET\n/\n\na!#$%&'*+.^_`|~:tok\nhost:h\nx-a:1,2,3\n"
                                   "x-amz-content-sha256:" S3L_CONTENT_SHA256_EMPTY "\n"
                                   "x-amz-date:20130524T000000Z\nx-b:two words here\nx-blank:\n"
                                   "x-empty:\nzz:z\n\na!#$%&'*+.^_`|~;host;x-a;"
                                   "x-amz-content-sha256;x-amz-date;x-b;x-blank;x-empty;zz\n") ==
              g_cap.buf[0]);
        CHECK(strstr(authz, "SignedHeaders=a!#$%&'*+.^_`|~;host;x-a;x-amz-content-sha256;"
                            "x-amz-date;x-b;x-blank;x-empty;zz,") != NULL);
        /* the array is now sorted (stable: x-a 1, 2, 3 in order) with the signer's added */
        CHECK(q.items[2].value[0] == '1' && q.items[3].value[1] == '2' &&
              q.items[4].value[0] == '3');
        /* presign encodes the list and the credential */
        req_init(&q, "GET", "/", NULL);
        add(&q, "Host", "h");
        add(&q, "a!", "x");
        {
            char out[1024];
            size_t n;
            CHECK(s3l_sigv4_presign(&sig, &q.r, 60, out, sizeof out, &n) == S3L_OK);
            CHECK(strstr(out, "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3"
                              "%2Faws4_request&") != NULL);
            CHECK(strstr(out, "&X-Amz-SignedHeaders=a%21%3Bhost&X-Amz-Signature=") != NULL);
            CHECK(strstr(g_cap.buf[0], "\nUNSIGNED-PAYLOAD") != NULL);
        }
        s3l_sigv4_wipe(&sig);
    }

    /* payload hash: explicit, from an existing header, default */
    {
        struct s3l_sigv4 sig;
        struct req q;
        char authz[1024];
        const struct s3l_header *h;
        signer(&sig, &k_docs_creds, "s3");
        req_init(&q, "PUT", "/k", NULL);
        add(&q, "Host", "h");
        add(&q, "x-amz-content-sha256", S3L_CONTENT_SHA256_STREAMING_TRAILER);
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        CHECK(strstr(g_cap.buf[0], "\n" S3L_CONTENT_SHA256_STREAMING_TRAILER "\nx-amz-date") != NULL ||
              strstr(g_cap.buf[0], "x-amz-content-sha256:" S3L_CONTENT_SHA256_STREAMING_TRAILER) != NULL);
        CHECK(strcmp(creq_line(8), S3L_CONTENT_SHA256_STREAMING_TRAILER) == 0);
        CHECK_EQ_INT(q.hs.count, 4); /* x-amz-date + Authorization added, the sha kept */
        cap_reset(&g_cap);
        req_init(&q, "PUT", "/k", NULL);
        add(&q, "Host", "h");
        add(&q, "x-amz-content-sha256", "stale");
        q.r.payload_hash = S3L_CONTENT_SHA256_UNSIGNED;
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        h = s3l_headers_find(&q.hs, "x-amz-content-sha256");
        CHECK(h != NULL && h->value_len == 16 && memcmp(h->value, "UNSIGNED-PAYLOAD", 16) == 0);
        CHECK(strstr(g_cap.buf[0], "stale") == NULL);
        s3l_sigv4_wipe(&sig);
    }

    /* session token: added and signed; or left unsigned with the flag */
    {
        struct s3l_credentials cr = k_docs_creds;
        struct s3l_sigv4 sig;
        struct req q;
        char authz[1024];
        const struct s3l_header *h;
        cr.session_token = "TOKEN/+=";
        signer(&sig, &cr, "s3");
        req_init(&q, "GET", "/", NULL);
        add(&q, "Host", "h");
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        CHECK(strstr(g_cap.buf[0], "\nx-amz-security-token:TOKEN/+=\n") != NULL);
        h = s3l_headers_find(&q.hs, "X-Amz-Security-Token");
        CHECK(h != NULL && h->value == cr.session_token);
        sig.flags |= S3L_SIGV4_UNSIGNED_TOKEN;
        cap_reset(&g_cap);
        req_init(&q, "GET", "/", NULL);
        add(&q, "Host", "h");
        q.hs.cap = 4;
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_ERR_TOO_MANY);
        q.hs.cap = 5;
        CHECK(s3l_sigv4_sign_headers(&sig, &q.r, authz, sizeof authz) == S3L_OK);
        CHECK(strstr(g_cap.buf[0], "security-token") == NULL);
        CHECK(s3l_headers_find(&q.hs, "X-Amz-Security-Token") != NULL);
        {
            char out[1024];
            size_t n;
            req_init(&q, "GET", "/", NULL);
            add(&q, "Host", "h");
            cap_reset(&g_cap);
            CHECK(s3l_sigv4_presign(&sig, &q.r, 60, out, sizeof out, &n) == S3L_OK);
            CHECK(strstr(out, "&X-Amz-Security-Token=TOKEN%2F%2B%3D&X-Amz-Signature=") != NULL);
            CHECK(strstr(g_cap.buf[0], "Security-Token") == NULL);
            sig.flags &= ~S3L_SIGV4_UNSIGNED_TOKEN;
            cap_reset(&g_cap);
            CHECK(s3l_sigv4_presign(&sig, &q.r, 60, out, sizeof out, &n) == S3L_OK);
            CHECK(strstr(g_cap.buf[0], "&X-Amz-Security-Token=TOKEN%2F%2B%3D&") != NULL);
        }
        s3l_sigv4_wipe(&sig);
    }
}

/* ---- `s3lite sign` ------------------------------------------------------------------------- */

static const char *cli(void)
{
    static char p[4200];
    const char *b = getenv("BUILD");
    snprintf(p, sizeof p, "%s/s3lite", b != NULL && b[0] != '\0' ? b : "build");
    return p;
}

/* Run `env ENV s3lite sign ARGS < input` with stderr merged; returns exit status (-1 on
 * failure to run) and the output in out. */
static int run(const char *env, const char *args, const char *input, char *out, size_t cap)
{
    char tmpl[] = "/tmp/s3l_sign_in_XXXXXX", cmd[9000];
    int fd = mkstemp(tmpl), st;
    size_t n;
    FILE *p;
    if (fd < 0) return -1;
    if (write(fd, input, strlen(input)) != (ssize_t)strlen(input)) {
        close(fd);
        return -1;
    }
    close(fd);
    snprintf(cmd, sizeof cmd,
             "env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN %s '%s' "
             "sign %s < '%s' 2>&1",
             env, cli(), args, tmpl);
    p = popen(cmd, "r");
    if (p == NULL) {
        unlink(tmpl);
        return -1;
    }
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    st = pclose(p);
    unlink(tmpl);
    return st == -1 ? -1 : (st >> 8) & 0xff;
}

static void test_cli(void)
{
    static const char creds[] = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE "
                                "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static const char docs_req[] = "GET /test.txt HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\n"
                                   "Range:bytes=0-9\n";
    char out[16384];
    if (access(cli(), X_OK) != 0) {
        SKIP(20, "build/s3lite not built (`make tests` builds it)");
        return;
    }
    CHECK(run(creds, "--date 20130524T000000Z", docs_req, out, sizeof out) == 0);
    CHECK(strncmp(out, "GET /test.txt HTTP/1.1\n", 23) == 0);
    CHECK(strstr(out, "\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/"
                      "us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;"
                      "x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd910"
                      "39c6036bdb41\n") != NULL);
    CHECK(strstr(out, "\nX-Amz-Date:20130524T000000Z\n") != NULL);
    CHECK(strstr(out, "\nx-amz-content-sha256:" S3L_CONTENT_SHA256_EMPTY "\n") != NULL);
    /* --debug: canonical request and string to sign on stderr */
    CHECK(run(creds, "--date 20130524T000000Z --debug", docs_req, out, sizeof out) == 0);
    CHECK(strstr(out, k_docs_creq) != NULL);
    CHECK(strstr(out, "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972") != NULL);
    /* presign */
    CHECK(run(creds, "--date 20130524T000000Z --presign 86400",
              "GET /test.txt HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\n", out,
              sizeof out) == 0);
    CHECK(strstr(out, "GET /test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                      "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date="
                      "20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-"
                      "Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404 "
                      "HTTP/1.1\n") == out);
    /* --payload unsigned, session token, region */
    CHECK(run("AWS_SESSION_TOKEN=tok AWS_ACCESS_KEY_ID=AKID AWS_SECRET_ACCESS_KEY=s",
              "--date 20130524T000000Z --payload unsigned --region eu-west-1",
              "PUT /k HTTP/1.1\nHost:h\n\nbody", out, sizeof out) == 0);
    CHECK(strstr(out, "\nx-amz-content-sha256:UNSIGNED-PAYLOAD\n") != NULL);
    CHECK(strstr(out, "\nX-Amz-Security-Token:tok\n") != NULL);
    CHECK(strstr(out, "/eu-west-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;"
                      "x-amz-date;x-amz-security-token, ") != NULL);
    CHECK(strstr(out, "\n\nbody") != NULL);

    /* errors say what is wrong, exit 2 */
    CHECK(run("", "--date 20130524T000000Z", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "AWS_ACCESS_KEY_ID") != NULL);
    CHECK(run(creds, "--date 20130532T000000Z", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "bad --date '20130532T000000Z'") != NULL);
    CHECK(run(creds, "--date 20130524T000000Z", "GET / HTTP/1.1\nHost:h\nBad Name:x\n", out,
              sizeof out) == 2);
    CHECK(strstr(out, "'Bad Name' is not an HTTP token") != NULL);
    CHECK(run(creds, "--date 20130524T000000Z", "GET / HTTP/1.1\nHost:h\nX-V:a\rb\n", out,
              sizeof out) == 2);
    CHECK(strstr(out, "header 'X-V': value holds a CR byte") != NULL);
    CHECK(run(creds, "--date 20130524T000000Z", "GET / HTTP/1.1\nRange:x\n", out, sizeof out) ==
          2);
    CHECK(strstr(out, "no Host header") != NULL);
    CHECK(run(creds, "--date 20130524T000000Z", "GET /\nHost:h\n", out, sizeof out) == 2);
    CHECK(strstr(out, "line 1") != NULL);
    CHECK(run(creds, "--date 20130524T000000Z", "GET / HTTP/1.1\nHost h\n", out, sizeof out) == 2);
    CHECK(strstr(out, "line 2") != NULL);
    CHECK(run(creds, "--presign 0", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "--presign") != NULL);
    CHECK(run(creds, "--presign 604801", docs_req, out, sizeof out) == 2);
    CHECK(run(creds, "--payload maybe", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "--payload") != NULL);
    CHECK(run(creds, "--frobnicate", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "unknown argument '--frobnicate'") != NULL);
    CHECK(run(creds, "--region", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "missing value after '--region'") != NULL);
    CHECK(run(creds, "--region 'us east'", docs_req, out, sizeof out) == 2);
    CHECK(strstr(out, "bad --region") != NULL);
    CHECK(run("AWS_ACCESS_KEY_ID='AK ID' AWS_SECRET_ACCESS_KEY=s", "", docs_req, out,
              sizeof out) == 2);
    CHECK(run(creds, "--help", "", out, sizeof out) == 0);
    CHECK(strstr(out, "usage: s3lite sign") != NULL);
}

int main(void)
{
    test_docs_example();
    test_dates();
    test_init();
    test_errors();
    test_cache();
    test_chunks();
    test_canonical();
    test_cli();
    return th_summary();
}
