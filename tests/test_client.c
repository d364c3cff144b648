/* SPDX-License-Identifier: MIT */
/*
 * Tests for core/client.c against a tiny in-process HTTP server on 127.0.0.1
 * (tests/util_fake_server.c) over the POSIX transport: what arrives on the wire in every
 * payload mode (headers, aws-chunked framing, chunk and trailer signatures checked with an
 * independent HMAC, trailer checksums with independent bitwise CRCs), the Expect /
 * 100-continue flow (100, server ignoring Expect, an error before the body costs no body),
 * keep-alive reuse, Connection: close, a kept-alive connection closed by the server
 * (one transparent reconnect), clock skew (Date correction, RequestTimeTooSkewed re-sign),
 * short readers and argument errors.
 */
#include <mbedtls/md.h>
#include <time.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/port_posix.h"
#include "s3lite/uri.h"
#include "util_fake_server.h"

#define AKID "AKIDCLIENTTEST"
#define SECRET "clientTestSecretKey/0123456789abcdefghij"
#define REGION "us-east-1"

/* ---- independent reference code (not the library's) ----------------------------------- */

static uint32_t ref_crc32(const uint8_t *p, size_t n, uint32_t poly)
{
    uint32_t c = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        c ^= p[i];
        for (k = 0; k < 8; k++) c = (c & 1u) ? (c >> 1) ^ poly : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static void ref_b64(const uint8_t *in, size_t n, char *out)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;
    for (i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        out[o++] = t[(v >> 18) & 63];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < n ? t[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
    }
    out[o] = '\0';
}

static void crc_b64(uint32_t crc, char *out)
{
    uint8_t b[4] = {(uint8_t)(crc >> 24), (uint8_t)(crc >> 16), (uint8_t)(crc >> 8), (uint8_t)crc};
    ref_b64(b, 4, out);
}

static void hmac(const uint8_t *key, size_t kl, const char *msg, size_t ml, uint8_t out[32])
{
    mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, kl,
                    (const unsigned char *)msg, ml, out);
}

static void sha_hex(const void *d, size_t n, char out[65])
{
    uint8_t h[32];
    s3l_sha256(d, n, h);
    s3l_hex_lower(h, 32, out);
    out[64] = '\0';
}

/* SigV4 chunk/trailer signature computed here from scratch. */
static void ref_sig(const char *kind, const char *amz_date, const char *prev, const char *hash2,
                    char out[65])
{
    char sts[512], date8[9], scope[64];
    uint8_t k[32];
    char secret[64];
    size_t n;
    memcpy(date8, amz_date, 8);
    date8[8] = '\0';
    snprintf(secret, sizeof secret, "AWS4%s", SECRET);
    hmac((const uint8_t *)secret, strlen(secret), date8, 8, k);
    hmac(k, 32, REGION, strlen(REGION), k);
    hmac(k, 32, "s3", 2, k);
    hmac(k, 32, "aws4_request", 12, k);
    snprintf(scope, sizeof scope, "%s/%s/s3/aws4_request", date8, REGION);
    if (strcmp(kind, "PAYLOAD") == 0)
        n = (size_t)snprintf(sts, sizeof sts, "AWS4-HMAC-SHA256-PAYLOAD\n%s\n%s\n%s\n%s\n%s", amz_date,
                             scope, prev,
                             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                             hash2);
    else
        n = (size_t)snprintf(sts, sizeof sts, "AWS4-HMAC-SHA256-TRAILER\n%s\n%s\n%s\n%s", amz_date,
                             scope, prev, hash2);
    hmac(k, 32, sts, n, k);
    s3l_hex_lower(k, 32, out);
    out[64] = '\0';
}

/* ---- aws-chunked decoder (independent of core/aws_chunked.c) ---------------------------- */

#define DC_MAX 64
struct dechunk {
    uint8_t data[1 << 16];
    size_t n;
    size_t nchunks;               /* data chunks and the final one */
    size_t sizes[DC_MAX];
    char sigs[DC_MAX][65];
    char trailer[128];            /* "name:value" */
    char trailer_sig[65];
};

static const uint8_t *line_end(const uint8_t *p, const uint8_t *end)
{
    for (; p + 1 < end; p++) {
        if (p[0] == '\r' && p[1] == '\n') return p;
    }
    return NULL;
}

static int decode_chunked(const uint8_t *p, size_t len, int sig, int trailer, struct dechunk *d)
{
    const uint8_t *end = p + len;
    memset(d, 0, sizeof *d);
    for (;;) {
        const uint8_t *e = line_end(p, end);
        unsigned long sz;
        char tmp[128];
        char *x;
        size_t ll;
        if (e == NULL || d->nchunks >= DC_MAX) return -1;
        ll = (size_t)(e - p);
        if (ll >= sizeof tmp) return -2;
        memcpy(tmp, p, ll);
        tmp[ll] = '\0';
        sz = strtoul(tmp, &x, 16);
        if (x == tmp) return -3;
        if (sig) {
            if (strncmp(x, ";chunk-signature=", 17) != 0 || strlen(x + 17) != 64) return -4;
            memcpy(d->sigs[d->nchunks], x + 17, 65);
        } else if (*x != '\0') {
            return -5;
        }
        d->sizes[d->nchunks++] = sz;
        p = e + 2;
        if (sz == 0) break;
        if ((size_t)(end - p) < sz + 2 || d->n + sz > sizeof d->data) return -6;
        memcpy(d->data + d->n, p, sz);
        d->n += sz;
        p += sz;
        if (p[0] != '\r' || p[1] != '\n') return -7;
        p += 2;
    }
    if (trailer) {
        const uint8_t *e = line_end(p, end);
        if (e == NULL || (size_t)(e - p) >= sizeof d->trailer) return -8;
        memcpy(d->trailer, p, (size_t)(e - p));
        p = e + 2;
        if (sig) {
            e = line_end(p, end);
            if (e == NULL || (size_t)(e - p) != 24 + 64 ||
                memcmp(p, "x-amz-trailer-signature:", 24) != 0)
                return -9;
            memcpy(d->trailer_sig, p + 24, 64);
            p = e + 2;
        }
    }
    if (end - p != 2 || p[0] != '\r' || p[1] != '\n') return -10;
    return 0;
}

/* ---- the server's script ------------------------------------------------------------------- */

struct scenario {
    enum fs_action before;   /* phase 0 action for requests with a body */
    int status;              /* 0: 200 */
    const char *resp_body;   /* "" by default */
    const char *extra;       /* extra header lines */
    int close_after;         /* server closes after the answer */
    long date_shift;         /* Date header = real time + this */
    int skew_check;          /* answer 403 RequestTimeTooSkewed when X-Amz-Date is off */
    int answer_error_now;    /* phase 0: answer 403 AccessDenied at once */
    /* the first `failures` requests fail: dropped (fail_drop), or answered fail_status with an
     * Error document of fail_code (NULL: no body) */
    int failures;
    int fail_status;
    const char *fail_code;
    int fail_drop;
    long long date_at;       /* when non-zero: the Date header is exactly this Unix time */
    long date_after_signing; /* when non-zero: the Date header is X-Amz-Date + this */
};

static int g_failed;    /* requests failed so far under the scenario's `failures` */
static int g_fail_this; /* the request being handled fails (decided when its head came) */

static struct scenario g_sc;

static void fmt_date(time_t t, char *out, size_t cap)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Unix time of a UTC calendar date (timegm is not POSIX). */
static long long utc_seconds(const struct tm *tm)
{
    long long y = tm->tm_year + 1900, m = tm->tm_mon + 1, days;
    y -= m <= 2;
    days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 +
           tm->tm_mday - 1 - 719468;
    return days * 86400 + tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

static long amz_skew(const struct fs_request *q)
{
    char v[32];
    struct tm tm;
    time_t t;
    if (fs_header(q->head, "x-amz-date", v, sizeof v) != 0 || strlen(v) != 16) return 1000000;
    memset(&tm, 0, sizeof tm);
    if (sscanf(v, "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return 1000000;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    t = (time_t)utc_seconds(&tm);
    return (long)(t - time(NULL));
}

static void error_reply(struct fs_reply *r, const char *date, const char *code)
{
    char body[512], st[32], extra[256];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(st, sizeof st, "%Y-%m-%dT%H:%M:%SZ", &tm);
    snprintf(body, sizeof body,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
             "<Message>refused by the test server</Message><ServerTime>%s</ServerTime>"
             "<RequestId>r1</RequestId></Error>",
             code, st);
    snprintf(extra, sizeof extra, "Date: %s\r\nContent-Type: application/xml\r\n", date);
    fs_format(r, 403, "Forbidden", extra, body);
}

static void handler(void *ctx, const struct fs_request *q, int phase, struct fs_reply *r)
{
    char extra[1024], date[64];
    const struct scenario *sc = (const struct scenario *)ctx;
    int skewed = sc->skew_check && labs(amz_skew(q)) > 900;
    const char *code = skewed ? "RequestTimeTooSkewed" : sc->answer_error_now ? "AccessDenied" : NULL;
    if (sc->date_after_signing != 0)
        fmt_date(time(NULL) + amz_skew(q) + sc->date_after_signing, date, sizeof date);
    else
        fmt_date(sc->date_at != 0 ? (time_t)sc->date_at : time(NULL) + sc->date_shift, date,
                 sizeof date);
    if (phase == 0) g_fail_this = g_failed < sc->failures;
    if (phase == 0 && g_fail_this && sc->fail_drop) {
        g_failed++;
        r->action = FS_DROP;
        return;
    }
    /* A failure is answered after the body was read: answering before it and closing would
     * make the kernel reset the connection, and whether the client still reads the answer
     * would be a race. */
    if (phase == 1 && g_fail_this) {
        g_failed++;
        if (sc->fail_code != NULL) {
            char body[512];
            snprintf(body, sizeof body, "<Error><Code>%s</Code><Message>m</Message></Error>",
                     sc->fail_code);
            snprintf(extra, sizeof extra, "Date: %s\r\nConnection: close\r\n", date);
            fs_format(r, sc->fail_status, "Failed", extra, body);
        } else {
            snprintf(extra, sizeof extra, "Date: %s\r\nConnection: close\r\n", date);
            fs_format(r, sc->fail_status, "Failed", extra, "");
        }
        r->close_after = 1;
        return;
    }
    if (phase == 0) {
        if (code != NULL && q->content_length > 0 && q->expect_continue) {
            error_reply(r, date, code);
            r->action = FS_ANSWER_NOW;
            return;
        }
        r->action = q->expect_continue ? sc->before : FS_READ_BODY;
        return;
    }
    if (code != NULL) {
        error_reply(r, date, code);
        return;
    }
    snprintf(extra, sizeof extra, "Date: %s\r\nETag: \"etag-%d-%d\"\r\n%s", date, q->conn,
             q->index_on_conn, sc->extra != NULL ? sc->extra : "");
    fs_format(r, sc->status != 0 ? sc->status : 200, "OK", extra,
              sc->resp_body != NULL ? sc->resp_body : "");
    r->close_after = sc->close_after;
}

/* ---- client setup ---------------------------------------------------------------------------- */

static int64_t g_clock_shift;
static int64_t g_frozen_now; /* when non-zero: the device clock stands still at this time */
static unsigned long g_sleeps;

static int64_t fake_now(void *ctx)
{
    (void)ctx;
    return g_frozen_now != 0 ? g_frozen_now : (int64_t)time(NULL) + g_clock_shift;
}

/* A monotonic clock the tests move: fake_sleep advances it; with g_virtual_sleep it does not
 * really sleep (backoff tests stay fast). g_sleep_log keeps the first waits. */
static uint64_t g_mono;
static int g_virtual_sleep;
static uint32_t g_sleep_log[16];

static uint64_t fake_mono(void *ctx)
{
    (void)ctx;
    return g_mono;
}

static uint64_t fake_mono_late(void *ctx)
{
    (void)ctx;
    g_mono += 1000;
    return g_mono;
}

static uint32_t g_entropy_value;
static int fixed_entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) buf[i] = (uint8_t)(g_entropy_value >> (8 * (3 - i % 4)));
    return S3L_OK;
}

static void fake_sleep(void *ctx, uint32_t ms)
{
    struct timespec ts;
    (void)ctx;
    if (g_sleeps < sizeof g_sleep_log / sizeof g_sleep_log[0]) g_sleep_log[g_sleeps] = ms;
    g_mono += ms;
    g_sleeps++;
    if (g_virtual_sleep) return;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    nanosleep(&ts, NULL);
}

#define GUARD 16
static struct s3l_client g_c;
static uint8_t g_io[16384 + GUARD];
static char g_line[1024 + GUARD], g_xml[4096 + GUARD], g_work[4096 + GUARD];
static struct s3l_net g_net;
static struct s3l_transport g_t;
static struct s3l_platform g_plat;
static struct s3l_credentials g_creds = {AKID, SECRET, NULL};
static char g_hosthdr[64];
static struct fake_server *g_srv;

static void set_guards(void)
{
    memset(g_io + sizeof g_io - GUARD, 0xA5, GUARD);
    memset(g_line + sizeof g_line - GUARD, 0x5A, GUARD);
    memset(g_xml + sizeof g_xml - GUARD, 0x5A, GUARD);
    memset(g_work + sizeof g_work - GUARD, 0x5A, GUARD);
}

static int guards_ok(void)
{
    size_t i;
    for (i = 0; i < GUARD; i++) {
        if (g_io[sizeof g_io - GUARD + i] != 0xA5 || g_line[sizeof g_line - GUARD + i] != 0x5A ||
            g_xml[sizeof g_xml - GUARD + i] != 0x5A || g_work[sizeof g_work - GUARD + i] != 0x5A)
            return 0;
    }
    return 1;
}

static int client_setup(size_t chunk_size, size_t io_cap)
{
    struct s3l_client_config cfg;
    memset(&cfg, 0, sizeof cfg);
    s3l_posix_net_init(&g_net, &g_t, NULL);
    g_plat.now = fake_now;
    g_plat.sleep_ms = fake_sleep;
    g_plat.entropy = NULL;
    g_plat.ctx = NULL;
    snprintf(g_hosthdr, sizeof g_hosthdr, "127.0.0.1:%u", (unsigned)fs_port(g_srv));
    cfg.transport = &g_t;
    cfg.platform = &g_plat;
    cfg.endpoint.host = g_hosthdr; /* connects there too */
    cfg.endpoint.virtual_hosted = 0;
    cfg.creds = &g_creds;
    cfg.region = REGION;
    cfg.io_timeout_ms = 5000;
    cfg.continue_timeout_ms = 300;
    cfg.chunk_size = chunk_size;
    cfg.io_buf = g_io;
    cfg.io_cap = io_cap;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line - GUARD;
    cfg.scratch = g_xml;
    cfg.scratch_cap = sizeof g_xml - GUARD;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work - GUARD;
    cfg.checksums = s3l_checksum_algos_all;
    set_guards();
    return s3l_client_init(&g_c, &cfg);
}

static void client_teardown(void)
{
    s3l_client_close(&g_c);
    s3l_posix_net_free(&g_net);
}

/* A reader over memory that counts what it handed out; rewind optional. */
struct count_reader {
    const uint8_t *data;
    size_t len, pos, max_read;
    unsigned long total, rewinds;
    size_t short_at; /* end the data early at this offset (0: no) */
};

static long cr_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct count_reader *r = (struct count_reader *)ctx;
    size_t end = r->short_at != 0 ? r->short_at : r->len, n = end - r->pos;
    if (n > cap) n = cap;
    if (r->max_read != 0 && n > r->max_read) n = r->max_read;
    memcpy(buf, r->data + r->pos, n);
    r->pos += n;
    r->total += n;
    return (long)n;
}

static int cr_rewind(void *ctx)
{
    struct count_reader *r = (struct count_reader *)ctx;
    r->pos = 0;
    r->rewinds++;
    return 0;
}

static void body_init(struct s3l_body *b, struct count_reader *r, const uint8_t *data, size_t len,
                      enum s3l_payload_mode mode, int rewind)
{
    memset(r, 0, sizeof *r);
    r->data = data;
    r->len = len;
    r->max_read = 777; /* odd short reads: the client must not depend on full reads */
    memset(b, 0, sizeof *b);
    b->reader.read = cr_read;
    b->reader.rewind = rewind ? cr_rewind : NULL;
    b->reader.ctx = r;
    b->mode = mode;
}

static uint8_t g_data[300000];
static uint64_t g_prog_last, g_prog_len;
static unsigned long g_prog_calls;

static void on_progress(void *ctx, uint64_t sent, uint64_t len)
{
    (void)ctx;
    if (sent < g_prog_last) g_prog_last = 0; /* a retry starts again */
    g_prog_last = sent;
    g_prog_len = len;
    g_prog_calls++;
}

/* PutObject of data[0..len) through the client in the given mode. */
static int put(const char *key, size_t len, struct s3l_body *b, struct s3l_put_object_result *res,
               struct s3l_s3_error *err)
{
    struct s3l_put_object_params p;
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = key;
    p.content_length = len;
    return s3l_client_put_object(&g_c, &p, b, res, err);
}

static int upload_part(size_t len, struct s3l_body *b, struct s3l_upload_part_result *res,
                       struct s3l_s3_error *err)
{
    struct s3l_upload_part_params p;
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = "big/object";
    p.upload_id = "UPLOAD-ID";
    p.part_number = 3;
    p.content_length = len;
    return s3l_client_upload_part(&g_c, &p, b, res, err);
}

static const struct fs_request *last_req(void)
{
    int n = fs_count(g_srv);
    return n > 0 ? fs_get(g_srv, n - 1) : NULL;
}

static int hdr_eq(const struct fs_request *q, const char *name, const char *want)
{
    char v[512];
    if (fs_header(q->head, name, v, sizeof v) != 0) return want == NULL;
    if (want == NULL) return 0;
    if (strcmp(v, want) != 0) {
        fprintf(stderr, "  header %s: \"%s\" (want \"%s\")\n", name, v, want);
        return 0;
    }
    return 1;
}

static int hdr_present(const struct fs_request *q, const char *name)
{
    char v[512];
    return fs_header(q->head, name, v, sizeof v) == 0;
}

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_signed_and_keepalive(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;
    char want[65], cl[32], auth[512];
    int rc;

    memset(&g_sc, 0, sizeof g_sc);
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    /* SIGNED, hash computed by the client: one pre-pass, one send pass. */
    body_init(&b, &r, g_data, 3000, S3L_PAYLOAD_MODE_SIGNED, 1);
    rc = put("a/b c.txt", 3000, &b, &res, &err);
    CHECK_EQ_INT(rc, S3L_OK);
    CHECK_EQ_INT(g_c.status, 200);
    q = last_req();
    CHECK(q != NULL);
    if (q != NULL) {
        CHECK_EQ_STR(q->method, "PUT");
        CHECK_EQ_STR(q->target, "/bkt/a/b%20c.txt");
        sha_hex(g_data, 3000, want);
        CHECK(hdr_eq(q, "x-amz-content-sha256", want));
        snprintf(cl, sizeof cl, "%d", 3000);
        CHECK(hdr_eq(q, "content-length", cl));
        CHECK(hdr_eq(q, "host", g_hosthdr));
        CHECK(!hdr_present(q, "expect")); /* 3000 < expect_min, not an UploadPart */
        CHECK(!hdr_present(q, "content-encoding"));
        CHECK(fs_header(q->head, "authorization", auth, sizeof auth) == 0 &&
              strncmp(auth, "AWS4-HMAC-SHA256 Credential=" AKID "/", 29 + strlen(AKID) - 1) == 0);
        CHECK(strstr(auth, "content-length;host;x-amz-content-sha256;x-amz-date") != NULL);
        CHECK(hdr_present(q, "x-amz-date"));
        CHECK_EQ_INT(q->body_len, 3000);
        CHECK(q->body != NULL && memcmp(q->body, g_data, 3000) == 0);
    }
    CHECK_EQ_INT(r.total, 6000); /* hashed once, sent once */
    CHECK_EQ_INT(r.rewinds, 1);

    /* Keep-alive: the next request goes over the same connection. */
    body_init(&b, &r, g_data + 5, 10, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    rc = put("k2", 10, &b, &res, &err);
    CHECK_EQ_INT(rc, S3L_OK);
    q = last_req();
    CHECK(q != NULL && q->conn == 1 && q->index_on_conn == 1);
    if (q != NULL) {
        CHECK(hdr_eq(q, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
        CHECK(q->body_len == 10 && memcmp(q->body, g_data + 5, 10) == 0);
    }
    CHECK_EQ_INT(r.total, 10); /* unsigned: read once */
    CHECK_EQ_INT(g_c.connects, 1);
    CHECK_EQ_INT(fs_connections(g_srv), 1);

    /* SIGNED with the caller's hash: read once, no rewind needed. */
    body_init(&b, &r, g_data, 2000, S3L_PAYLOAD_MODE_SIGNED, 0);
    sha_hex(g_data, 2000, want);
    b.sha256_hex = want;
    CHECK_EQ_INT(put("k3", 2000, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && hdr_eq(q, "x-amz-content-sha256", want) && q->body_len == 2000);
    CHECK_EQ_INT(r.total, 2000);

    /* SIGNED without hash and without rewind: refused before anything is sent. */
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_SIGNED, 0);
    CHECK_EQ_INT(put("k4", 100, &b, &res, &err), S3L_ERR_NOT_REWINDABLE);
    CHECK_EQ_INT(fs_count(g_srv), 0);
    CHECK_EQ_INT(r.total, 0);
    /* A bad caller hash is refused. */
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_SIGNED, 1);
    b.sha256_hex = "ABCDEF";
    CHECK_EQ_INT(put("k4", 100, &b, &res, &err), S3L_ERR_ARG);

    /* No body (GET-less HEAD): no Content-Length, empty payload hash. */
    {
        struct s3l_head_object_params hp;
        struct s3l_head_object_result hr;
        memset(&hp, 0, sizeof hp);
        hp.bucket = "bkt";
        hp.key = "k2";
        memset(&hr, 0, sizeof hr);
        CHECK_EQ_INT(s3l_client_head_object(&g_c, &hp, &hr, &err), S3L_OK);
        q = last_req();
        CHECK(q != NULL && strcmp(q->method, "HEAD") == 0 && !hdr_present(q, "content-length") &&
              hdr_eq(q, "x-amz-content-sha256", S3L_CONTENT_SHA256_EMPTY));
    }
    /* Empty PUT body: Content-Length: 0, empty hash, no Expect. */
    CHECK_EQ_INT(put("empty", 0, NULL, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && hdr_eq(q, "content-length", "0") && !hdr_present(q, "expect") &&
          hdr_eq(q, "x-amz-content-sha256", S3L_CONTENT_SHA256_EMPTY));
    CHECK_EQ_INT(g_c.connects, 1);
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

/* Stream body of len bytes in mode; check what arrived, independently. */
static void check_streaming(enum s3l_payload_mode mode, enum s3l_checksum_alg alg, size_t len,
                            size_t chunk, const char *content_encoding)
{
    static struct dechunk d;
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    struct s3l_put_object_params p;
    const struct fs_request *q;
    int sig = mode != S3L_PAYLOAD_MODE_UNSIGNED_TRAILER;
    int tr = mode != S3L_PAYLOAD_MODE_STREAMING;
    char v[128], auth[512], amz_date[32], prev[65], want[65];
    size_t i, full;
    int rc;

    fs_clear(g_srv);
    g_prog_last = g_prog_len = 0;
    g_c.cfg.progress = on_progress;
    body_init(&b, &r, g_data, len, mode, 0);
    b.checksum = alg;
    memset(&p, 0, sizeof p);
    p.bucket = "bkt";
    p.key = "stream";
    p.content_length = len;
    p.attrs.content_encoding = content_encoding;
    rc = s3l_client_put_object(&g_c, &p, &b, &res, &err);
    CHECKF(rc == S3L_OK, "mode %d len %lu: rc %d", (int)mode, (unsigned long)len, rc);
    q = last_req();
    if (q == NULL) {
        CHECK(0);
        return;
    }
    CHECK_EQ_INT(r.total, len); /* one pass, whatever the mode */
    CHECK(len == 0 || (g_prog_last == len && g_prog_len == len));
    if (len == 0) {
        /* An empty body goes as a signed empty payload; a checksum in a header. */
        char b64[64];
        CHECK(hdr_eq(q, "x-amz-content-sha256", S3L_CONTENT_SHA256_EMPTY));
        CHECK(hdr_eq(q, "content-length", "0") && !hdr_present(q, "content-encoding") &&
              !hdr_present(q, "x-amz-trailer") && !hdr_present(q, "x-amz-decoded-content-length"));
        if (alg == S3L_CHECKSUM_CRC32 || alg == S3L_CHECKSUM_CRC32C) {
            crc_b64(0, b64);
            CHECK(hdr_eq(q, s3l_checksum_header_name(alg), b64));
            CHECK_EQ_STR(b.checksum_b64, b64);
        }
        return;
    }
    CHECK(hdr_eq(q, "x-amz-content-sha256", s3l_chunked_payload_hash(mode)));
    snprintf(v, sizeof v, "%lu", (unsigned long)len);
    CHECK(hdr_eq(q, "x-amz-decoded-content-length", v));
    if (content_encoding != NULL) {
        snprintf(v, sizeof v, "aws-chunked,%s", content_encoding);
        CHECK(hdr_eq(q, "content-encoding", v));
    } else {
        CHECK(hdr_eq(q, "content-encoding", "aws-chunked"));
    }
    CHECK(hdr_eq(q, "x-amz-trailer", tr ? s3l_checksum_header_name(alg) : NULL));
    /* Content-Length is the exact framed length: the server read exactly that much and the
     * framing decodes to the original bytes with nothing left over. */
    CHECK_EQ_INT(q->body_len, q->content_length);
    rc = decode_chunked(q->body, (size_t)q->body_len, sig, tr, &d);
    CHECKF(rc == 0, "mode %d len %lu: framing error %d", (int)mode, (unsigned long)len, rc);
    if (rc != 0) return;
    CHECK(d.n == len && memcmp(d.data, g_data, len) == 0);
    full = len / chunk;
    CHECK_EQ_INT(d.nchunks, full + (len % chunk != 0) + 1);
    for (i = 0; i + 1 < d.nchunks; i++)
        CHECK_EQ_INT(d.sizes[i], i < full ? chunk : len % chunk);
    if (sig) {
        const char *s;
        CHECK(fs_header(q->head, "authorization", auth, sizeof auth) == 0);
        CHECK(fs_header(q->head, "x-amz-date", amz_date, sizeof amz_date) == 0);
        s = strstr(auth, "Signature=");
        CHECK(s != NULL && strlen(s + 10) == 64);
        if (s == NULL) return;
        memcpy(prev, s + 10, 65);
        /* every chunk signature, chained from the seed */
        for (i = 0; i < d.nchunks; i++) {
            size_t off = 0, k;
            for (k = 0; k < i; k++) off += d.sizes[k];
            sha_hex(d.data + off, d.sizes[i], v);
            ref_sig("PAYLOAD", amz_date, prev, v, want);
            CHECKF(strcmp(want, d.sigs[i]) == 0, "mode %d len %lu chunk %lu signature",
                   (int)mode, (unsigned long)len, (unsigned long)i);
            memcpy(prev, d.sigs[i], 65);
        }
    }
    if (tr) {
        char line[160], b64[64];
        if (alg == S3L_CHECKSUM_CRC32) crc_b64(ref_crc32(g_data, len, 0xEDB88320u), b64);
        else if (alg == S3L_CHECKSUM_CRC32C) crc_b64(ref_crc32(g_data, len, 0x82F63B78u), b64);
        else {
            uint8_t h[32];
            s3l_sha256(g_data, len, h);
            ref_b64(h, 32, b64);
        }
        snprintf(line, sizeof line, "%s:%s", s3l_checksum_header_name(alg), b64);
        CHECK_EQ_STR(d.trailer, line);
        CHECK_EQ_STR(b.checksum_b64, b64);
        if (sig) {
            strcat(line, "\n");
            sha_hex(line, strlen(line), v);
            ref_sig("TRAILER", amz_date, prev, v, want);
            CHECK_EQ_STR(d.trailer_sig, want);
        }
    }
}

static void test_streaming(void)
{
    static const size_t sizes[] = {0, 1, 999, 1000, 1001, 2500, 20000};
    size_t i;
    size_t k;
    memset(&g_sc, 0, sizeof g_sc);
    for (k = 0; k < sizeof g_data; k++) g_data[k] = (uint8_t)(k * 7u + (k >> 9));
    CHECK_EQ_INT(client_setup(1000, 4096), S3L_OK);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_streaming(S3L_PAYLOAD_MODE_STREAMING, S3L_CHECKSUM_NONE, sizes[i], 1000, NULL);
        check_streaming(S3L_PAYLOAD_MODE_STREAMING_TRAILER, S3L_CHECKSUM_CRC32, sizes[i], 1000, NULL);
        check_streaming(S3L_PAYLOAD_MODE_UNSIGNED_TRAILER, S3L_CHECKSUM_CRC32C, sizes[i], 1000, NULL);
    }
    check_streaming(S3L_PAYLOAD_MODE_STREAMING_TRAILER, S3L_CHECKSUM_SHA256, 3333, 1000, NULL);
    check_streaming(S3L_PAYLOAD_MODE_STREAMING, S3L_CHECKSUM_NONE, 1500, 1000, "gzip");
    /* The same request twice in a row did not leave "aws-chunked,aws-chunked,..." behind. */
    check_streaming(S3L_PAYLOAD_MODE_STREAMING, S3L_CHECKSUM_NONE, 10, 1000, "gzip");
    CHECK_EQ_INT(g_c.connects, 1);
    CHECK(guards_ok());
    client_teardown();

    /* The default chunk size in a buffer of exactly the documented minimum. */
    CHECK_EQ_INT(client_setup(0, S3L_CLIENT_IO_MIN), S3L_OK);
    check_streaming(S3L_PAYLOAD_MODE_STREAMING, S3L_CHECKSUM_NONE, 2 * S3L_CHUNK_SIZE + 5,
                    S3L_CHUNK_SIZE, NULL);
    check_streaming(S3L_PAYLOAD_MODE_STREAMING_TRAILER, S3L_CHECKSUM_CRC32, S3L_CHUNK_SIZE,
                    S3L_CHUNK_SIZE, NULL);
    CHECK(guards_ok());
    client_teardown();
    /* One byte less: refused at init. */
    CHECK_EQ_INT(client_setup(0, S3L_CLIENT_IO_MIN - 1), S3L_ERR_BUF_TOO_SMALL);
    s3l_posix_net_free(&g_net);
    fs_clear(g_srv);
}

/* Header checksums need their value first: computed in the pre-pass. */
static void test_header_checksum(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;
    char want[64];

    memset(&g_sc, 0, sizeof g_sc);
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_SIGNED, 1);
    b.checksum = S3L_CHECKSUM_CRC32;
    CHECK_EQ_INT(put("ck", 5000, &b, &res, &err), S3L_OK);
    q = last_req();
    crc_b64(ref_crc32(g_data, 5000, 0xEDB88320u), want);
    CHECK(q != NULL && hdr_eq(q, "x-amz-checksum-crc32", want));
    CHECK_EQ_STR(b.checksum_b64, want);
    CHECK_EQ_INT(b.checksum_len, 4);
    CHECK_EQ_INT(r.total, 10000); /* hash and CRC in the same pre-pass */
    /* Unsigned with a header checksum: pre-pass for the CRC only. */
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    b.checksum = S3L_CHECKSUM_CRC32C;
    CHECK_EQ_INT(put("ck2", 5000, &b, &res, &err), S3L_OK);
    q = last_req();
    crc_b64(ref_crc32(g_data, 5000, 0x82F63B78u), want);
    CHECK(q != NULL && hdr_eq(q, "x-amz-checksum-crc32c", want));
    /* ... which needs a rewindable reader */
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    b.checksum = S3L_CHECKSUM_CRC32C;
    CHECK_EQ_INT(put("ck3", 5000, &b, &res, &err), S3L_ERR_NOT_REWINDABLE);
    /* Report only: computed while sending, one pass, no header. */
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_STREAMING, 0);
    b.checksum = S3L_CHECKSUM_CRC32C;
    b.checksum_report_only = 1;
    CHECK_EQ_INT(put("ck5", 5000, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && !hdr_present(q, "x-amz-checksum-crc32c") && !hdr_present(q, "x-amz-trailer"));
    CHECK_EQ_INT(r.total, 5000);
    crc_b64(ref_crc32(g_data, 5000, 0x82F63B78u), want);
    CHECK_EQ_STR(b.checksum_b64, want);
    body_init(&b, &r, g_data, 4321, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    b.checksum = S3L_CHECKSUM_CRC32;
    b.checksum_report_only = 1;
    CHECK_EQ_INT(put("ck6", 4321, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(r.total, 4321);
    crc_b64(ref_crc32(g_data, 4321, 0xEDB88320u), want);
    CHECK_EQ_STR(b.checksum_b64, want);
    body_init(&b, &r, g_data, 0, S3L_PAYLOAD_MODE_STREAMING, 0);
    b.checksum = S3L_CHECKSUM_CRC32;
    b.checksum_report_only = 1;
    CHECK_EQ_INT(put("ck7", 0, &b, &res, &err), S3L_OK);
    CHECK_EQ_STR(b.checksum_b64, "AAAAAA==");
    /* Trailer modes need an algorithm. */
    body_init(&b, &r, g_data, 10, S3L_PAYLOAD_MODE_UNSIGNED_TRAILER, 0);
    CHECK_EQ_INT(put("ck4", 10, &b, &res, &err), S3L_ERR_ARG);
    /* UploadPart naming an algorithm without a value: the client computes and sends it. */
    {
        struct s3l_upload_part_params p;
        struct s3l_upload_part_result ur;
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = "o";
        p.upload_id = "U";
        p.part_number = 1;
        p.content_length = 100;
        p.checksum_algorithm = S3L_CHECKSUM_CRC32;
        body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_STREAMING_TRAILER, 0);
        g_sc.before = FS_100_CONTINUE;
        CHECK_EQ_INT(s3l_client_upload_part(&g_c, &p, &b, &ur, &err), S3L_OK);
        q = last_req();
        crc_b64(ref_crc32(g_data, 100, 0xEDB88320u), want);
        CHECK(q != NULL && hdr_eq(q, "x-amz-trailer", "x-amz-checksum-crc32") &&
              hdr_eq(q, "x-amz-sdk-checksum-algorithm", "CRC32"));
        CHECK_EQ_STR(b.checksum_b64, want);
    }
    /* Only the engines the config names: another algorithm is refused before anything is
     * read or sent, the named one works. */
    {
        static const struct s3l_checksum_algo *const only_crc32c[] = {&s3l_checksum_crc32c, NULL};
        int n0 = fs_count(g_srv);
        g_c.cfg.checksums = only_crc32c;
        body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_SIGNED, 1);
        b.checksum = S3L_CHECKSUM_SHA1;
        CHECK_EQ_INT(put("ck8", 5000, &b, &res, &err), S3L_ERR_ENUM);
        CHECK_EQ_INT(r.total, 0);
        CHECK_EQ_INT(fs_count(g_srv), n0);
        body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_SIGNED, 1);
        b.checksum = S3L_CHECKSUM_CRC32C;
        CHECK_EQ_INT(put("ck9", 5000, &b, &res, &err), S3L_OK);
        crc_b64(ref_crc32(g_data, 5000, 0x82F63B78u), want);
        CHECK_EQ_STR(b.checksum_b64, want);
        g_c.cfg.checksums = NULL; /* none at all */
        body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_SIGNED, 1);
        b.checksum = S3L_CHECKSUM_CRC32C;
        CHECK_EQ_INT(put("ck10", 5000, &b, &res, &err), S3L_ERR_ENUM);
        CHECK_EQ_INT(fs_count(g_srv), n0 + 1);
    }
    client_teardown();
    fs_clear(g_srv);
}

static void test_expect(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_upload_part_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;
    int rc;

    memset(&g_sc, 0, sizeof g_sc);
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    /* UploadPart: Expect even for a small part; the server says 100, the body follows. */
    g_sc.before = FS_100_CONTINUE;
    body_init(&b, &r, g_data, 4000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(upload_part(4000, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && q->expect_continue && q->body_len == 4000 &&
          memcmp(q->body, g_data, 4000) == 0);
    CHECK(q != NULL && strcmp(q->target, "/bkt/big/object?partNumber=3&uploadId=UPLOAD-ID") == 0);
    /* A streaming part too. */
    body_init(&b, &r, g_data, 9000, S3L_PAYLOAD_MODE_STREAMING, 0);
    CHECK_EQ_INT(upload_part(9000, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && q->expect_continue && q->body_len == q->content_length);

    /* A server that ignores Expect: the body goes after the continue timeout. */
    g_sc.before = FS_READ_BODY;
    g_sleeps = 0;
    body_init(&b, &r, g_data, 3000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(upload_part(3000, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && q->expect_continue && q->body_len == 3000);
    CHECK_EQ_INT(g_c.connects, 1);

    /* S3L_EXPECT_NEVER and a PutObject under the threshold: no Expect. */
    body_init(&b, &r, g_data, 3000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    b.expect = S3L_EXPECT_NEVER;
    CHECK_EQ_INT(upload_part(3000, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && !q->expect_continue);

    /* An auth error before the body costs no body: answered at once, nothing more arrives,
     * the connection is closed (it is unusable: the body was announced). */
    g_sc.answer_error_now = 1;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 200000, S3L_PAYLOAD_MODE_SIGNED, 1);
    b.sha256_hex = S3L_CONTENT_SHA256_EMPTY; /* wrong but irrelevant: refused before */
    rc = upload_part(200000, &b, &res, &err);
    CHECK_EQ_INT(rc, S3L_ERR_S3);
    CHECK_EQ_INT(g_c.status, 403);
    CHECK_EQ_STR(err.code, "AccessDenied");
    CHECK_EQ_INT(g_c.bodies_saved, 1);
    CHECK_EQ_INT(g_c.connected, 0);
    CHECK_EQ_INT(r.total, 0);
    q = last_req();
    CHECK(q != NULL && !q->body_read && q->late_bytes == 0);
    /* PutObject over the threshold (64 KiB) also asks first. */
    body_init(&b, &r, g_data, 70000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("big", 70000, &b, NULL, &err), S3L_ERR_S3);
    q = last_req();
    CHECK(q != NULL && q->expect_continue && q->late_bytes == 0);
    CHECK_EQ_INT(r.total, 0);
    CHECK_EQ_INT(g_c.bodies_saved, 2);
    g_sc.answer_error_now = 0;
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

static void test_connection_handling(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;
    int c0;

    memset(&g_sc, 0, sizeof g_sc);
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    c0 = fs_connections(g_srv);
    /* Connection: close is respected: the next request opens a new connection. */
    g_sc.extra = "Connection: close\r\n";
    g_sc.close_after = 1;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("c1", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.connected, 0);
    g_sc.extra = NULL;
    g_sc.close_after = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("c2", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(fs_connections(g_srv), c0 + 2);
    CHECK_EQ_INT(g_c.reconnects, 0);
    CHECK_EQ_INT(g_c.connected, 1);

    /* The server closes a kept-alive connection without saying so: the next request finds
     * it dead before any response byte and is sent again, once, on a new connection. */
    g_sc.close_after = 1;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("c3", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.connected, 1); /* the client cannot know yet */
    g_sc.close_after = 0;
    body_init(&b, &r, g_data, 1000, S3L_PAYLOAD_MODE_SIGNED, 1);
    CHECK_EQ_INT(put("c4", 1000, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.reconnects, 1);
    q = last_req();
    CHECK(q != NULL && q->index_on_conn == 0 && q->body_len == 1000 &&
          memcmp(q->body, g_data, 1000) == 0 && strcmp(q->target, "/bkt/c4") == 0);
    CHECK_EQ_INT(fs_connections(g_srv), c0 + 3);

    /* Same, with an UploadPart (Expect): the dead connection shows while waiting for 100;
     * no body was read, so even a reader without rewind is fine. */
    g_sc.close_after = 1;
    g_sc.before = FS_100_CONTINUE;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("c5", 100, &b, &res, &err), S3L_OK);
    g_sc.close_after = 0;
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(upload_part(5000, &b, NULL, &err), S3L_OK);
    CHECK_EQ_INT(g_c.reconnects, 2);
    CHECK_EQ_INT(r.total, 5000);
    q = last_req();
    CHECK(q != NULL && q->body_len == 5000);

    /* Dead kept-alive connection, body already read and no rewind: an error, not a guess. */
    g_sc.close_after = 1;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("c6", 100, &b, &res, &err), S3L_OK);
    g_sc.close_after = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    {
        int rc = put("c7", 100, &b, &res, &err);
        CHECKF(rc == S3L_ERR_CLOSED || rc == S3L_ERR_NET, "rc %d", rc);
    }
    CHECK_EQ_INT(g_c.reconnects, 2);
    CHECK_EQ_INT(g_c.connected, 0);

    /* A reader that ends early: S3L_ERR_IO and the connection is dropped. */
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    r.short_at = 3000;
    b.expect = S3L_EXPECT_NEVER;
    CHECK_EQ_INT(put("short", 5000, &b, &res, &err), S3L_ERR_IO);
    CHECK_EQ_INT(g_c.connected, 0);
    body_init(&b, &r, g_data, 5000, S3L_PAYLOAD_MODE_STREAMING, 0);
    r.short_at = 4999;
    CHECK_EQ_INT(put("short", 5000, &b, &res, &err), S3L_ERR_IO);
    CHECK_EQ_INT(g_c.connected, 0);
    /* And the client still works afterwards. */
    body_init(&b, &r, g_data, 50, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("after", 50, &b, &res, &err), S3L_OK);
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

static void test_clock(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;
    int n0;

    /* The device clock is an hour late: the first request is refused as skewed, the client
     * takes the server's time and signs again, once; later requests are right at once. */
    memset(&g_sc, 0, sizeof g_sc);
    g_sc.skew_check = 1;
    g_sc.before = FS_100_CONTINUE;
    g_clock_shift = -3600;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 1000, S3L_PAYLOAD_MODE_SIGNED, 1);
    CHECK_EQ_INT(put("skew", 1000, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.resigns, 1);
    CHECK_EQ_INT(fs_count(g_srv), 2);
    q = last_req();
    CHECK(q != NULL && labs(amz_skew(q)) < 5 && q->body_len == 1000);
    CHECK(g_c.clock_offset > 3590 && g_c.clock_offset < 3610);
    n0 = fs_count(g_srv);
    body_init(&b, &r, g_data, 100000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(upload_part(100000, &b, NULL, &err), S3L_OK);
    CHECK_EQ_INT(fs_count(g_srv), n0 + 1);
    CHECK_EQ_INT(g_c.resigns, 1);
    client_teardown();

    /* Skewed UploadPart: the refusal comes before the body, so even a reader without
     * rewind can be re-sent. */
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100000, S3L_PAYLOAD_MODE_STREAMING, 0);
    CHECK_EQ_INT(upload_part(100000, &b, NULL, &err), S3L_OK);
    CHECK_EQ_INT(g_c.resigns, 1);
    CHECK_EQ_INT(r.total, 100000);
    q = last_req();
    CHECK(q != NULL && labs(amz_skew(q)) < 5 && q->body_len == q->content_length);
    client_teardown();

    /* Without an error struct the refusal is recognised from the 403's Date. */
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    fs_clear(g_srv);
    CHECK_EQ_INT(put("skew-noerr", 0, NULL, NULL, NULL), S3L_OK);
    CHECK_EQ_INT(g_c.resigns, 1);
    CHECK_EQ_INT(fs_count(g_srv), 2);
    /* A 403 for another reason with the clock right is not retried. */
    g_sc.answer_error_now = 1;
    fs_clear(g_srv);
    CHECK_EQ_INT(put("denied", 10, NULL, NULL, NULL), S3L_ERR_ARG); /* no body for 10 bytes */
    {
        struct s3l_body b2;
        struct count_reader r2;
        body_init(&b2, &r2, g_data, 10, S3L_PAYLOAD_MODE_UNSIGNED, 0);
        CHECK(put("denied", 10, &b2, NULL, NULL) != S3L_OK);
        CHECK_EQ_INT(g_c.status, 403);
        CHECK_EQ_INT(fs_count(g_srv), 1);
        CHECK_EQ_INT(g_c.resigns, 1);
    }
    g_sc.answer_error_now = 0;
    client_teardown();

    /* The Date header alone corrects a clock that is 10 minutes off. */
    g_sc.skew_check = 0;
    g_clock_shift = 0;
    g_sc.date_shift = 600;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    CHECK_EQ_INT(put("d1", 0, NULL, &res, &err), S3L_OK);
    CHECK(g_c.clock_offset > 590 && g_c.clock_offset < 610);
    CHECK_EQ_INT(put("d2", 0, NULL, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && amz_skew(q) > 590 && amz_skew(q) < 610);
    /* ... and a small difference is left alone. */
    g_sc.date_shift = 30;
    g_c.clock_offset = 0;
    CHECK_EQ_INT(put("d3", 0, NULL, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.clock_offset, 0);
    client_teardown();
    g_sc.date_shift = 0;
    fs_clear(g_srv);
}

/* Without an Error document, a 403 is taken for a skewed clock only when its Date is more
 * than S3's 15 minutes (900 s) from the signing time: exactly 900 s is an ordinary refusal,
 * 901 s is re-signed once. The device clock stands still and the Date is set to the second,
 * so the difference is exact whatever the machine's load. */
static void test_skew_threshold(void)
{
    static const struct {
        long off;    /* Date minus the signing time, s */
        int resigns; /* re-signed attempts expected */
    } cases[] = {{900, 0}, {-900, 0}, {901, 1}, {-901, 1}, {899, 0}, {0, 0}};
    size_t i;
    memset(&g_sc, 0, sizeof g_sc);
    g_sc.answer_error_now = 1;
    g_frozen_now = (int64_t)time(NULL);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc;
        g_sc.date_at = g_frozen_now + cases[i].off;
        CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
        fs_clear(g_srv);
        rc = put("skew-edge", 0, NULL, NULL, NULL);
        CHECKF(rc != S3L_OK && g_c.status == 403, "Date %+ld s: rc %d status %d", cases[i].off,
               rc, g_c.status);
        CHECKF((int)g_c.resigns == cases[i].resigns, "Date %+ld s: %d re-signs, want %d",
               cases[i].off, (int)g_c.resigns, cases[i].resigns);
        CHECKF(fs_count(g_srv) == 1 + cases[i].resigns, "Date %+ld s: %d requests",
               cases[i].off, fs_count(g_srv));
        client_teardown();
    }

    /* A server whose Date stays an hour past every signing time: re-signed once, not until
     * the attempts run out. */
    g_sc.date_at = 0;
    g_sc.date_after_signing = 3600;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    fs_clear(g_srv);
    CHECK(put("skew-always", 0, NULL, NULL, NULL) != S3L_OK);
    CHECK_EQ_INT(g_c.resigns, 1);
    CHECK_EQ_INT(fs_count(g_srv), 2);
    client_teardown();
    g_frozen_now = 0;
    memset(&g_sc, 0, sizeof g_sc);
    fs_clear(g_srv);
}

/* A writer collecting GetObject bytes. */
struct sink {
    uint8_t buf[4096];
    size_t n;
};

static int sink_write(void *ctx, const uint8_t *d, size_t n)
{
    struct sink *k = (struct sink *)ctx;
    if (n > sizeof k->buf - k->n) return S3L_ERR_IO;
    memcpy(k->buf + k->n, d, n);
    k->n += n;
    return 0;
}

/* The convenience operations: request line and body as sent, answers parsed. */
/* ListObjectsV2 items seen by the callbacks (objects and prefixes alike). */
static unsigned g_listed;
static int count_object(void *ctx, const void *item)
{
    (void)item;
    (*(unsigned *)ctx)++;
    return 0;
}

static void test_ops(void)
{
    struct s3l_s3_error err;
    const struct fs_request *q;
    char want[65];

    memset(&g_sc, 0, sizeof g_sc);
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    {
        struct s3l_create_mpu_params p;
        struct s3l_create_mpu_result res;
        memset(&p, 0, sizeof p);
        memset(&res, 0, sizeof res); /* no storage for the echoed Key */
        p.bucket = "bkt";
        p.key = "dir/obj.log";
        p.attrs.content_type = "text/plain";
        g_sc.resp_body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                         "<Bucket>bkt</Bucket><Key>dir/obj.log</Key><UploadId>UP-1.x_y</UploadId>"
                         "</InitiateMultipartUploadResult>";
        CHECK_EQ_INT(s3l_client_create_mpu(&g_c, &p, &res, &err), S3L_OK);
        CHECK_EQ_STR(res.upload_id, "UP-1.x_y");
        q = last_req();
        CHECK(q != NULL && strcmp(q->method, "POST") == 0 &&
              strcmp(q->target, "/bkt/dir/obj.log?uploads") == 0 &&
              hdr_eq(q, "content-length", "0") && hdr_eq(q, "content-type", "text/plain") &&
              hdr_eq(q, "x-amz-content-sha256", S3L_CONTENT_SHA256_EMPTY));
    }
    {
        struct s3l_upload_part_result res;
        struct s3l_body b;
        struct count_reader r;
        g_sc.resp_body = NULL;
        g_sc.before = FS_100_CONTINUE;
        body_init(&b, &r, g_data, 1234, S3L_PAYLOAD_MODE_STREAMING, 0);
        CHECK_EQ_INT(upload_part(1234, &b, &res, &err), S3L_OK);
        q = last_req();
        CHECK(q != NULL);
        if (q != NULL) {
            char e[64];
            snprintf(e, sizeof e, "\"etag-%d-%d\"", q->conn, q->index_on_conn);
            CHECK_EQ_STR(res.etag, e);
        }
    }
    {
        static const struct s3l_complete_part parts[2] = {{1, "\"e1\"", NULL}, {2, "\"e2\"", NULL}};
        static const char body[] =
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Part><ETag>\"e1\"</ETag><PartNumber>1</PartNumber></Part>"
            "<Part><ETag>\"e2\"</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>";
        struct s3l_complete_mpu_params p;
        struct s3l_complete_mpu_result res;
        memset(&p, 0, sizeof p);
        memset(&res, 0, sizeof res); /* no storage for the echoed Key */
        p.bucket = "bkt";
        p.key = "dir/obj.log";
        p.upload_id = "UP-1";
        p.parts = parts;
        p.part_count = 2;
        g_sc.resp_body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                         "<Location>http://x/bkt/dir/obj.log</Location><Bucket>bkt</Bucket>"
                         "<Key>dir/obj.log</Key><ETag>&quot;abc-2&quot;</ETag>"
                         "</CompleteMultipartUploadResult>";
        CHECK_EQ_INT(s3l_client_complete_mpu(&g_c, &p, &res, &err), S3L_OK);
        CHECK_EQ_STR(res.etag, "\"abc-2\"");
        q = last_req();
        sha_hex(body, strlen(body), want);
        CHECK(q != NULL && strcmp(q->target, "/bkt/dir/obj.log?uploadId=UP-1") == 0 &&
              q->body_len == strlen(body) && memcmp(q->body, body, strlen(body)) == 0 &&
              hdr_eq(q, "x-amz-content-sha256", want));
        /* "200 OK" carrying an Error document is an error. */
        g_sc.resp_body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                         "<Message>We encountered an internal error.</Message></Error>";
        CHECK_EQ_INT(s3l_client_complete_mpu(&g_c, &p, &res, &err), S3L_ERR_S3);
        CHECK_EQ_STR(err.code, "InternalError");
        CHECK_EQ_INT(g_c.status, 200);
        CHECK_EQ_INT(g_c.connected, 1);
    }
    {
        struct s3l_abort_mpu_params p;
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = "k";
        p.upload_id = "U/1";
        g_sc.resp_body = NULL;
        g_sc.status = 204;
        CHECK_EQ_INT(s3l_client_abort_mpu(&g_c, &p, NULL), S3L_OK);
        q = last_req();
        CHECK(q != NULL && strcmp(q->method, "DELETE") == 0 &&
              strcmp(q->target, "/bkt/k?uploadId=U%2F1") == 0 && !hdr_present(q, "content-length"));
        g_sc.status = 0;
    }
    {
        struct s3l_get_object_params p;
        struct s3l_get_object_result res;
        static struct sink k;
        memset(&p, 0, sizeof p);
        memset(&res, 0, sizeof res);
        k.n = 0;
        p.bucket = "bkt";
        p.key = "k";
        p.range = "bytes=0-10";
        res.sink.write = sink_write;
        res.sink.ctx = &k;
        g_sc.resp_body = "hello world";
        CHECK_EQ_INT(s3l_client_get_object(&g_c, &p, &res, &err), S3L_OK);
        CHECK(k.n == 11 && memcmp(k.buf, "hello world", 11) == 0);
        CHECK_EQ_INT(res.head.content_length, 11);
        q = last_req();
        CHECK(q != NULL && strcmp(q->method, "GET") == 0 && hdr_eq(q, "range", "bytes=0-10"));
    }
    {
        struct s3l_create_bucket_params p;
        static const char body[] =
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>";
        memset(&p, 0, sizeof p);
        p.bucket = "newbkt";
        p.location_constraint = "eu-west-1";
        g_sc.resp_body = NULL;
        CHECK_EQ_INT(s3l_client_create_bucket(&g_c, &p, &err), S3L_OK);
        q = last_req();
        sha_hex(body, strlen(body), want);
        CHECK(q != NULL && strcmp(q->method, "PUT") == 0 && strcmp(q->target, "/newbkt") == 0 &&
              q->body_len == strlen(body) && memcmp(q->body, body, strlen(body)) == 0 &&
              hdr_eq(q, "x-amz-content-sha256", want));
        p.location_constraint = NULL;
        CHECK_EQ_INT(s3l_client_create_bucket(&g_c, &p, &err), S3L_OK);
        q = last_req();
        CHECK(q != NULL && hdr_eq(q, "content-length", "0"));
    }
    {
        /* ListObjectsV2 with one slot per list: items reach the callbacks as they pass */
        struct s3l_list_objects_params p;
        static struct s3l_list_objects_result res;
        struct s3l_object_info slot;
        struct s3l_prefix_info pslot;
        memset(&p, 0, sizeof p);
        memset(&res, 0, sizeof res);
        p.bucket = "bkt";
        p.prefix = "logs/";
        p.delimiter = "/";
        p.continuation_token = "logs/a b";
        p.max_keys = 2;
        res.objects.items = &slot;
        res.objects.cap = 1;
        res.objects.on_item = count_object;
        res.objects.ctx = &g_listed;
        res.prefixes.items = &pslot;
        res.prefixes.cap = 1;
        res.prefixes.on_item = count_object;
        res.prefixes.ctx = &g_listed;
        g_listed = 0;
        g_sc.resp_body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                         "<Name>bkt</Name><Prefix>logs/</Prefix><KeyCount>2</KeyCount>"
                         "<IsTruncated>true</IsTruncated><NextContinuationToken>logs/c</NextContinuationToken>"
                         "<Contents><Key>logs/c</Key><Size>7</Size></Contents>"
                         "<CommonPrefixes><Prefix>logs/d/</Prefix></CommonPrefixes></ListBucketResult>";
        CHECK_EQ_INT(s3l_client_list_objects(&g_c, &p, &res, &err), S3L_OK);
        CHECK(g_listed == 2 && res.objects.count == 1 && res.prefixes.count == 1);
        CHECK(res.has_more == 1 && res.key_count == 2 && slot.size == 7);
        CHECK_EQ_STR(res.next_continuation_token, "logs/c");
        q = last_req();
        CHECK(q != NULL && strcmp(q->method, "GET") == 0 &&
              strcmp(q->target, "/bkt?continuation-token=logs%2Fa%20b&delimiter=%2F&list-type=2"
                                "&max-keys=2&prefix=logs%2F") == 0);
    }
    {
        struct s3l_delete_object_params p;
        struct s3l_delete_object_result res;
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = "logs/c";
        p.version_id = "v1";
        g_sc.resp_body = NULL;
        g_sc.status = 204;
        CHECK_EQ_INT(s3l_client_delete_object(&g_c, &p, &res, &err), S3L_OK);
        CHECK(res.delete_marker == 0 && res.version_id[0] == 0);
        q = last_req();
        CHECK(q != NULL && strcmp(q->method, "DELETE") == 0 &&
              strcmp(q->target, "/bkt/logs/c?versionId=v1") == 0 && !hdr_present(q, "content-length"));
        CHECK_EQ_INT(s3l_client_delete_object(&g_c, &p, NULL, &err), S3L_OK); /* out may be NULL */
        g_sc.status = 0;
    }
    /* A 404 without an Error body. */
    {
        struct s3l_head_object_params p;
        struct s3l_head_object_result res;
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = "nope";
        g_sc.status = 404;
        CHECK_EQ_INT(s3l_client_head_object(&g_c, &p, &res, &err), S3L_ERR_HTTP_STATUS);
        CHECK_EQ_INT(err.http_status, 404);
        CHECK_EQ_INT(g_c.connected, 1);
        g_sc.status = 0;
    }
    CHECK_EQ_INT(g_c.connects, 1);
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

/* Transport wrappers: a connect that fails with a given code, a recv that counts. */
static int g_connect_rc;
static unsigned long g_recvs;
static int (*g_real_connect)(struct s3l_net *, const char *, uint16_t, uint32_t);
static long (*g_real_recv)(struct s3l_net *, uint8_t *, size_t, uint32_t);

static int connect_failing(struct s3l_net *net, const char *host, uint16_t port, uint32_t ms)
{
    (void)net;
    (void)host;
    (void)port;
    (void)ms;
    return g_connect_rc;
}

static long recv_counting(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t ms)
{
    g_recvs++;
    return g_real_recv(net, buf, len, ms);
}

/* A recv that hands a "100 Continue" head over in two reads, the second holding only its
 * final LF: what the real recv returns is held here and given out in pieces. */
static const char k_continue_head[] = "HTTP/1.1 100 Continue\r\n\r\n";
static uint8_t g_held[20000];
static size_t g_held_len, g_held_off, g_held_cut; /* cut: where the final LF starts, or 0 */
static int g_continue_split;                       /* the head was split so */
static unsigned g_recv_empty;                      /* reads that brought nothing */

static long recv_split_continue(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t ms)
{
    size_t end, n;
    if (g_held_off == g_held_len) {
        long r = g_real_recv(net, g_held, sizeof g_held, ms);
        if (r <= 0) {
            g_recv_empty++;
            return r;
        }
        g_held_len = (size_t)r;
        g_held_off = 0;
        g_held_cut = 0;
        if (g_held_len >= sizeof k_continue_head - 1 &&
            memcmp(g_held, k_continue_head, sizeof k_continue_head - 1) == 0) {
            g_held_cut = sizeof k_continue_head - 2; /* the last '\n' */
            g_continue_split = 1;
        }
    }
    end = g_held_len;
    if (g_held_cut != 0 && g_held_off < g_held_cut) end = g_held_cut;
    else if (g_held_cut != 0 && g_held_off == g_held_cut) end = g_held_cut + 1;
    n = end - g_held_off < len ? end - g_held_off : len;
    memcpy(buf, g_held + g_held_off, n);
    g_held_off += n;
    return (long)n;
}

/* The interim head's end arrives alone: the client still sees 100 Continue and sends the
 * body at once (no read waits out the continue timeout, made long here so that a client that
 * missed the 100 would be seen waiting, and a busy server is not mistaken for a silent one). */
static void test_continue_split(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_upload_part_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;

    memset(&g_sc, 0, sizeof g_sc);
    g_sc.before = FS_100_CONTINUE;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    g_real_recv = g_t.recv;
    g_t.recv = recv_split_continue;
    g_c.cfg.continue_timeout_ms = 4000;
    g_held_len = g_held_off = g_held_cut = 0;
    g_continue_split = 0;
    g_recv_empty = 0;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 4000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(upload_part(4000, &b, &res, &err), S3L_OK);
    CHECK(g_continue_split); /* the head came in one piece from the server and was split */
    CHECK_EQ_INT(g_recv_empty, 0);
    CHECK_EQ_INT(fs_count(g_srv), 1);
    q = last_req();
    CHECK(q != NULL && q->expect_continue && q->body_len == 4000 &&
          memcmp(q->body, g_data, 4000) == 0);
    CHECK_EQ_INT(r.total, 4000);
    g_t.recv = g_real_recv;
    client_teardown();
    fs_clear(g_srv);
}

/* Errors found before a byte is sent end the call as they are: a kept-alive connection stays
 * open and nothing is read; a connect error is returned without reading. */
static void test_early_errors(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    const struct fs_request *q;
    size_t cap;
    int c0, n0, rc;

    memset(&g_sc, 0, sizeof g_sc);
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    g_real_connect = g_t.connect;
    g_real_recv = g_t.recv;
    g_t.recv = recv_counting;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_SIGNED, 1);
    CHECK_EQ_INT(put("e0", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.connected, 1);
    c0 = fs_connections(g_srv);
    n0 = fs_count(g_srv);

    /* A head larger than the I/O buffer (a 1000-byte key in 900 bytes). */
    {
        struct s3l_put_object_params p;
        static char key[1001];
        memset(key, 'k', 1000);
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = key;
        g_c.cfg.io_cap = 900;
        g_recvs = 0;
        CHECK_EQ_INT(s3l_client_put_object(&g_c, &p, NULL, NULL, &err), S3L_ERR_BUF_TOO_SMALL);
        g_c.cfg.io_cap = 16384;
        CHECK_EQ_INT(g_recvs, 0);
        CHECK_EQ_INT(g_c.connected, 1);
    }
    /* No room for the Authorization value: 64 bytes hold the builder's "/bkt/e1" but not
     * "AWS4-HMAC-SHA256 Credential=..., Signature=<64 hex digits>". */
    cap = g_c.arena.cap;
    g_c.arena.cap = 64;
    g_recvs = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("e1", 100, &b, &res, &err), S3L_ERR_BUF_TOO_SMALL);
    g_c.arena.cap = cap;
    CHECK_EQ_INT(g_recvs, 0);
    CHECK_EQ_INT(r.total, 0);
    CHECK_EQ_INT(g_c.connected, 1);
    CHECK_EQ_INT(fs_count(g_srv), n0);
    /* The kept connection serves the next request. */
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_SIGNED, 1);
    CHECK_EQ_INT(put("e2", 100, &b, &res, &err), S3L_OK);
    q = last_req();
    CHECK(q != NULL && q->index_on_conn == 1 && strcmp(q->target, "/bkt/e2") == 0 &&
          q->body_len == 100 && memcmp(q->body, g_data, 100) == 0);
    CHECK_EQ_INT(fs_connections(g_srv), c0);

    /* A connect that fails with a network error (not only S3L_ERR_CONNECT): returned as it
     * is, nothing read, not retried as a stale connection. */
    s3l_client_close(&g_c);
    g_t.connect = connect_failing;
    g_connect_rc = S3L_ERR_NET;
    g_recvs = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    rc = put("e3", 100, &b, &res, &err);
    CHECKF(rc == S3L_ERR_NET, "rc %d", rc);
    CHECK_EQ_INT(g_recvs, 0);
    CHECK_EQ_INT(r.total, 0);
    CHECK_EQ_INT(g_c.connected, 0);
    CHECK_EQ_INT(g_c.reconnects, 0);
    /* A connect answering a positive value is a connect error. */
    g_connect_rc = 1;
    rc = put("e3", 100, &b, &res, &err);
    CHECKF(rc == S3L_ERR_CONNECT, "rc %d", rc);
    g_t.connect = g_real_connect;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_STREAMING, 0);
    CHECK_EQ_INT(put("e4", 100, &b, &res, &err), S3L_OK);
    CHECK(g_recvs > 0);
    g_t.recv = g_real_recv;
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

/* Transport wrappers for the transport contract: "nothing yet" (S3L_ERR_AGAIN) on every
 * other call, and an orderly close (0) instead of the first response bytes. */
static long (*g_plain_send)(struct s3l_net *, const uint8_t *, size_t, uint32_t);
static long (*g_plain_recv)(struct s3l_net *, uint8_t *, size_t, uint32_t);
static unsigned g_io_calls, g_close_recvs;
static long send_again(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t ms)
{
    return (++g_io_calls & 1u) ? S3L_ERR_AGAIN : g_plain_send(net, buf, len, ms);
}
static long recv_again(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t ms)
{
    return (++g_io_calls & 1u) ? S3L_ERR_AGAIN : g_plain_recv(net, buf, len, ms);
}
static long recv_closed(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t ms)
{
    if (g_close_recvs > 0) {
        g_close_recvs--;
        return 0;
    }
    return g_plain_recv(net, buf, len, ms);
}

static void test_transport_contract(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    unsigned long sleeps;
    int rc;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    g_plain_send = g_t.send;
    g_plain_recv = g_t.recv;
    /* S3L_ERR_AGAIN from send and recv: the client waits with sleep_ms and goes on. */
    g_t.send = send_again;
    g_t.recv = recv_again;
    g_io_calls = 0;
    sleeps = g_sleeps;
    body_init(&b, &r, g_data, 3000, S3L_PAYLOAD_MODE_STREAMING, 0);
    CHECK_EQ_INT(put("again", 3000, &b, &res, &err), S3L_OK);
    CHECK(g_sleeps > sleeps);
    CHECK(last_req() != NULL && last_req()->body_len > 3000);
    /* Without sleep_ms there is no way to wait: S3L_ERR_AGAIN is a timeout at once. */
    s3l_client_close(&g_c);
    g_plat.sleep_ms = NULL;
    g_io_calls = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    rc = put("again2", 100, &b, &res, &err);
    CHECKF(rc == S3L_ERR_TIMEOUT, "rc %d", rc);
    g_plat.sleep_ms = fake_sleep;
    g_t.send = g_plain_send;
    /* recv's 0 is an orderly close: on a kept-alive connection before any response byte,
     * the request goes again on a new connection at once (no wait for the I/O timeout). */
    g_t.recv = g_plain_recv;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    CHECK_EQ_INT(put("close0", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_c.connected, 1);
    g_t.recv = recv_closed;
    g_close_recvs = 1;
    {
        unsigned long reconnects = g_c.reconnects;
        time_t t0 = time(NULL);
        body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1); /* replayable */
        CHECK_EQ_INT(put("close1", 100, &b, &res, &err), S3L_OK);
        CHECK_EQ_INT(g_c.reconnects, reconnects + 1);
        CHECK(time(NULL) - t0 < 3); /* the I/O timeout is 5 s */
    }
    /* ... and on a fresh connection it is a clean error, not a hang. */
    s3l_client_close(&g_c);
    g_close_recvs = 1;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    fs_clear(g_srv);
    rc = put("close2", 100, &b, &res, &err);
    CHECKF(rc == S3L_ERR_CLOSED || rc == S3L_ERR_HTTP_SYNTAX, "rc %d", rc);
    CHECK_EQ_INT(g_c.connected, 0);
    {
        /* The request did go out: let the server finish it (bounded), or it would arrive
         * in the next test's scenario. */
        struct timespec ts = {0, 10000000L};
        int i;
        for (i = 0; i < 300 && fs_count(g_srv) < 1; i++) nanosleep(&ts, NULL);
        CHECK_EQ_INT(fs_count(g_srv), 1);
    }
    g_t.recv = g_plain_recv;
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

/* Retries: which failures are retried, how often, how long the waits are, and the deadline. */
static void test_retries(void)
{
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    int rc;
    static const struct {
        const char *label;
        int status, drop;
        const char *code;
        int failures, want_rc, want_requests;
    } cases[] = {
        {"503 SlowDown twice", 503, 0, "SlowDown", 2, S3L_OK, 3},
        {"500 InternalError always", 500, 0, "InternalError", 99, S3L_ERR_S3, 4},
        {"429 without a body", 429, 0, NULL, 1, S3L_OK, 2},
        {"503 without a body", 503, 0, NULL, 3, S3L_OK, 4},
        {"400 RequestTimeout", 400, 0, "RequestTimeout", 1, S3L_OK, 2},
        {"403 AccessDenied: not retried", 403, 0, "AccessDenied", 1, S3L_ERR_S3, 1},
        {"404 without a body: not retried", 404, 0, NULL, 1, S3L_ERR_HTTP_STATUS, 1},
        {"400 InvalidArgument: not retried", 400, 0, "InvalidArgument", 1, S3L_ERR_S3, 1},
        {"dropped without an answer", 0, 1, NULL, 2, S3L_OK, 3},
    };
    size_t i;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    g_plat.monotonic_ms = fake_mono;
    g_virtual_sleep = 1;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned long retries = g_c.retries;
        memset(&g_sc, 0, sizeof g_sc);
        g_sc.failures = cases[i].failures;
        g_sc.fail_status = cases[i].status;
        g_sc.fail_code = cases[i].code;
        g_sc.fail_drop = cases[i].drop;
        g_failed = 0;
        s3l_client_close(&g_c); /* a fresh connection: no transparent reconnect */
        fs_clear(g_srv);
        body_init(&b, &r, g_data, 3000, S3L_PAYLOAD_MODE_SIGNED, 1);
        rc = put("retry", 3000, &b, &res, &err);
        CHECKF(rc == cases[i].want_rc, "%s: rc %d", cases[i].label, rc);
        CHECKF(fs_count(g_srv) == cases[i].want_requests, "%s: %d requests", cases[i].label,
               fs_count(g_srv));
        CHECKF(g_c.retries == retries + (unsigned long)cases[i].want_requests - 1,
               "%s: %lu retries (reconnects %lu resigns %lu failed %d)", cases[i].label,
               g_c.retries - retries, g_c.reconnects, g_c.resigns, g_failed);
        if (rc == S3L_OK) {
            const struct fs_request *q = last_req();
            CHECK(q != NULL && q->body_len == 3000 && memcmp(q->body, g_data, 3000) == 0);
        }
    }
    memset(&g_sc, 0, sizeof g_sc);

    /* The waits: capped exponential (base 100, cap 250) without entropy: the caps
     * themselves; with entropy: a random time up to the cap (full jitter). */
    g_c.cfg.backoff_base_ms = 100;
    g_c.cfg.backoff_max_ms = 250;
    g_sc.failures = 99;
    g_sc.fail_status = 503;
    g_sc.fail_code = "SlowDown";
    g_failed = 0;
    g_sleeps = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("waits", 100, &b, &res, &err), S3L_ERR_S3);
    CHECK_EQ_INT(g_sleeps, 3);
    CHECK(g_sleep_log[0] == 100 && g_sleep_log[1] == 200 && g_sleep_log[2] == 250);
    g_plat.entropy = fixed_entropy;
    g_entropy_value = 1000005u; /* mod 101, 201, 251 */
    g_failed = 0;
    g_sleeps = 0;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("jitter", 100, &b, &res, &err), S3L_ERR_S3);
    CHECK_EQ_INT(g_sleeps, 3);
    CHECK(g_sleep_log[0] == 1000005u % 101u && g_sleep_log[1] == 1000005u % 201u &&
          g_sleep_log[2] == 1000005u % 251u);
    g_plat.entropy = NULL;
    /* max_attempts 1: never retried */
    g_c.cfg.max_attempts = 1;
    g_failed = 0;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("once", 100, &b, &res, &err), S3L_ERR_S3);
    CHECK_EQ_INT(fs_count(g_srv), 1);
    g_c.cfg.max_attempts = S3L_CLIENT_ATTEMPTS;
    /* A body that was read and cannot rewind is not sent again. */
    g_failed = 0;
    fs_clear(g_srv);
    g_sc.failures = 1;
    body_init(&b, &r, g_data, 3000, S3L_PAYLOAD_MODE_UNSIGNED, 0);
    b.expect = S3L_EXPECT_NEVER;
    rc = put("norewind", 3000, &b, &res, &err);
    CHECKF(rc == S3L_ERR_S3 && fs_count(g_srv) == 1, "rc %d, %d requests", rc, fs_count(g_srv));
    /* No sleep_ms: no backoff, so no retries. */
    g_plat.sleep_ms = NULL;
    g_failed = 0;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("nosleep", 100, &b, &res, &err), S3L_ERR_S3);
    CHECK_EQ_INT(fs_count(g_srv), 1);
    g_plat.sleep_ms = fake_sleep;
    /* The deadline: 250 ms leave room for the first wait (100 ms) but not for the second
     * (200 more): two attempts, then the error. */
    g_c.cfg.deadline_ms = 250;
    g_sc.failures = 99;
    g_failed = 0;
    g_sleeps = 0;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("deadline", 100, &b, &res, &err), S3L_ERR_S3);
    CHECKF(g_sleeps == 1 && fs_count(g_srv) == 2, "%lu waits, %d requests", g_sleeps, fs_count(g_srv));
    /* A deadline already spent before the first byte: a timeout at once, nothing sent. */
    g_c.cfg.deadline_ms = 0;
    g_sc.failures = 0;
    fs_clear(g_srv);
    {
        uint64_t mono = g_mono;
        g_c.cfg.deadline_ms = 1;
        g_plat.monotonic_ms = fake_mono_late; /* each reading is 1 s later than the last */
        body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
        rc = put("late", 100, &b, &res, &err);
        CHECKF(rc == S3L_ERR_TIMEOUT, "rc %d", rc);
        CHECK_EQ_INT(fs_count(g_srv), 0);
        g_plat.monotonic_ms = fake_mono;
        g_mono = mono;
    }
    g_c.cfg.deadline_ms = S3L_CLIENT_DEADLINE_MS;
    /* CreateMultipartUpload is not sent again once it may have reached the server. */
    {
        struct s3l_create_mpu_params cp;
        struct s3l_create_mpu_result cr;
        memset(&cp, 0, sizeof cp);
        cp.bucket = "bkt";
        cp.key = "k";
        g_sc.failures = 1;
        g_sc.fail_drop = 1;
        g_failed = 0;
        s3l_client_close(&g_c);
        fs_clear(g_srv);
        rc = s3l_client_create_mpu(&g_c, &cp, &cr, &err);
        CHECKF(rc == S3L_ERR_CLOSED || rc == S3L_ERR_NET, "create after a drop: rc %d", rc);
        CHECK_EQ_INT(g_failed, 1);
        /* ... but a 503 said it was not done: retried */
        g_sc.fail_drop = 0;
        g_sc.fail_status = 503;
        g_sc.fail_code = "SlowDown";
        g_failed = 0;
        rc = s3l_client_create_mpu(&g_c, &cp, &cr, &err);
        CHECKF(rc == S3L_OK || rc == S3L_ERR_XML_SYNTAX, "create after a 503: rc %d", rc);
        CHECK_EQ_INT(g_failed, 1);
        CHECK_EQ_INT(fs_count(g_srv), 3); /* the dropped one, the 503, the one answered */
    }
    memset(&g_sc, 0, sizeof g_sc);
    g_failed = 0;
    g_virtual_sleep = 0;
    g_plat.monotonic_ms = NULL;
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

/* Temporary credentials from cfg.credentials: fetched before the first request, again when
 * they near their expiry, and once after a stale-token answer (then the request goes again). */
static struct s3l_credentials g_tmp_creds[2] = {
    {"ASIATEMP0000000000001", "tmpsecret1/K7MDENG/bPxRfiCYEXAMPLEKEY", "token-one"},
    {"ASIATEMP0000000000002", "tmpsecret2/K7MDENG/bPxRfiCYEXAMPLEKEY", "token-two"},
};
static unsigned g_hook_calls;
static int64_t g_hook_expiry;
static int g_hook_rc;

static int creds_hook(void *ctx, const struct s3l_credentials **out, int64_t *expires_at)
{
    (void)ctx;
    if (g_hook_rc != S3L_OK) return g_hook_rc;
    *out = &g_tmp_creds[g_hook_calls % 2];
    *expires_at = g_hook_expiry;
    g_hook_calls++;
    return S3L_OK;
}

/* The access key id in the last request's Authorization, "" when none. */
static const char *last_key_id(char *out, size_t cap)
{
    const struct fs_request *q = last_req();
    char auth[512];
    const char *c;
    out[0] = '\0';
    if (q == NULL || fs_header(q->head, "authorization", auth, sizeof auth) != 0) return out;
    c = strstr(auth, "Credential=");
    if (c != NULL) snprintf(out, cap, "%.21s", c + 11);
    return out;
}

static void test_credentials_hook(void)
{
    struct s3l_client_config cfg;
    struct s3l_body b;
    struct count_reader r;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    char id[32], tok[64];
    int rc;
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    cfg = g_c.cfg;
    cfg.connect_host = NULL;
    cfg.creds = NULL;
    cfg.credentials = creds_hook;
    CHECK_EQ_INT(s3l_client_init(&g_c, &cfg), S3L_OK);
    CHECK_EQ_INT(g_c.creds_expire_at, -1);
    g_hook_calls = 0;
    g_hook_rc = S3L_OK;
    g_hook_expiry = fake_now(NULL) + 3600;
    memset(&g_sc, 0, sizeof g_sc);
    g_failed = 0;
    fs_clear(g_srv);
    /* the first request fetches them and signs with them, token included */
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("c1", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_hook_calls, 1);
    CHECK_EQ_STR(last_key_id(id, sizeof id), "ASIATEMP0000000000001");
    CHECK(fs_header(last_req()->head, "x-amz-security-token", tok, sizeof tok) == 0 &&
          strcmp(tok, "token-one") == 0);
    /* an hour left: no new fetch */
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("c2", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_hook_calls, 1);
    /* within the margin of their expiry: fetched again before the request */
    g_c.creds_expire_at = fake_now(NULL) + S3L_CLIENT_REFRESH_MARGIN_S - 1;
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("c3", 100, &b, &res, &err), S3L_OK);
    CHECK_EQ_INT(g_hook_calls, 2);
    CHECK_EQ_STR(last_key_id(id, sizeof id), "ASIATEMP0000000000002");
    /* a stale-token answer: new credentials, and the request again (no backoff) */
    {
        static const struct {
            int status;
            const char *code;
            int refreshed;
        } cases[] = {
            {400, "ExpiredToken", 1},
            {400, "TokenRefreshRequired", 1},
            {400, "InvalidToken", 1},
            {403, "AccessDenied", 1}, /* RGW's answer to an expired token */
            {403, NULL, 1},           /* the same without a body (HEAD) */
            {403, "SignatureDoesNotMatch", 0},
        };
        size_t i;
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            unsigned calls = g_hook_calls;
            unsigned long retries = g_c.retries;
            g_sc.failures = 1;
            g_sc.fail_status = cases[i].status;
            g_sc.fail_code = cases[i].code;
            g_failed = 0;
            fs_clear(g_srv);
            body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
            rc = put("stale", 100, &b, &res, &err);
            CHECKF(rc == (cases[i].refreshed ? S3L_OK : S3L_ERR_S3), "%s: rc %d",
                   cases[i].code != NULL ? cases[i].code : "403", rc);
            CHECKF(g_hook_calls == calls + (unsigned)cases[i].refreshed, "%s: %u fetches",
                   cases[i].code != NULL ? cases[i].code : "403", g_hook_calls - calls);
            CHECK_EQ_INT(g_c.retries, retries); /* not a backoff retry */
            CHECK_EQ_INT(fs_count(g_srv), 1 + cases[i].refreshed);
        }
    }
    /* ... but only once a call: a second stale answer is the call's error */
    g_sc.failures = 2;
    g_sc.fail_status = 400;
    g_sc.fail_code = "ExpiredToken";
    g_failed = 0;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("stale2", 100, &b, &res, &err), S3L_ERR_S3);
    CHECK_EQ_INT(fs_count(g_srv), 2);
    memset(&g_sc, 0, sizeof g_sc);
    /* the hook failing: the request fails with its error, nothing sent */
    g_c.creds_expire_at = 1;
    g_hook_rc = S3L_ERR_CONNECT;
    fs_clear(g_srv);
    body_init(&b, &r, g_data, 100, S3L_PAYLOAD_MODE_UNSIGNED, 1);
    CHECK_EQ_INT(put("c4", 100, &b, &res, &err), S3L_ERR_CONNECT);
    CHECK_EQ_INT(fs_count(g_srv), 0);
    g_hook_rc = S3L_OK;
    /* long-term credentials (no hook): AccessDenied stays an error, nothing fetched */
    cfg.creds = &g_creds;
    cfg.credentials = NULL;
    CHECK_EQ_INT(s3l_client_init(&g_c, &cfg), S3L_OK);
    CHECK_EQ_INT(g_c.creds_expire_at, 0);
    cfg.creds = NULL;
    CHECK_EQ_INT(s3l_client_init(&g_c, &cfg), S3L_ERR_ARG);
    CHECK_EQ_STR(g_c.init_error, "cfg.creds and cfg.credentials are NULL");
    CHECK(guards_ok());
    client_teardown();
    fs_clear(g_srv);
}

static void test_args(void)
{
    struct s3l_client_config cfg;
    struct s3l_client c;
    memset(&cfg, 0, sizeof cfg);
    CHECK_EQ_INT(s3l_client_init(&c, &cfg), S3L_ERR_ARG);
    CHECK_EQ_STR(c.init_error, "cfg.transport is NULL");
    CHECK_EQ_INT(s3l_client_init(NULL, &cfg), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_client_init(&c, NULL), S3L_ERR_ARG);
    CHECK_EQ_STR(c.init_error, "cfg is NULL");
    CHECK_EQ_INT(client_setup(0, 16384), S3L_OK);
    CHECK(g_c.init_error == NULL);
    cfg = g_c.cfg;
    cfg.line_cap = S3L_CLIENT_LINE_MIN - 1;
    CHECK_EQ_INT(s3l_client_init(&c, &cfg), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_STR(c.init_error, "cfg.line_cap is under S3L_CLIENT_LINE_MIN");
    cfg = g_c.cfg;
    cfg.work_cap = S3L_CLIENT_WORK_MIN - 1;
    CHECK_EQ_INT(s3l_client_init(&c, &cfg), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_STR(c.init_error, "cfg.work_cap is under S3L_CLIENT_WORK_MIN");
    cfg = g_c.cfg;
    cfg.scratch = NULL;
    CHECK_EQ_INT(s3l_client_init(&c, &cfg), S3L_ERR_ARG);
    CHECK_EQ_STR(c.init_error, "cfg.scratch is NULL");
    /* The endpoint is given once: where to connect comes from it unless the config says
     * otherwise. */
    {
        static const struct {
            const char *endpoint, *connect_host;
            uint16_t connect_port;
            int rc;
            const char *host;
            unsigned port;
        } cases[] = {
            {"127.0.0.1:7480", NULL, 0, S3L_OK, "127.0.0.1", 7480},
            {"s3.eu-west-1.amazonaws.com", NULL, 0, S3L_OK, "s3.eu-west-1.amazonaws.com", 443},
            {"[::1]:7480", NULL, 0, S3L_OK, "::1", 7480},
            {"[fe80::1]", NULL, 0, S3L_OK, "fe80::1", 443},
            {"minio.local:65535", NULL, 0, S3L_OK, "minio.local", 65535},
            {"minio.local:1", NULL, 0, S3L_OK, "minio.local", 1},
            {"s3.amazonaws.com", "10.0.0.1", 0, S3L_OK, "10.0.0.1", 443},
            {"s3.amazonaws.com:8443", "gw", 0, S3L_OK, "gw", 8443},
            {"s3.amazonaws.com", NULL, 8080, S3L_OK, "s3.amazonaws.com", 8080},
            {"h:", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"h:0", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"h:65536", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"h:99999999999", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"h:8a", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"h:-1", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {":80", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"::1:80", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"[::1", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"[::1]x", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"[]:80", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"", NULL, 0, S3L_ERR_ARG, NULL, 0},
            {"h", "", 0, S3L_ERR_ARG, NULL, 0},
        };
        size_t i;
        char longest[S3L_HOST_MAX + 1];
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            int rc;
            cfg = g_c.cfg;
            cfg.endpoint.host = cases[i].endpoint;
            cfg.connect_host = cases[i].connect_host;
            cfg.connect_port = cases[i].connect_port;
            memset(&c, 0xA5, sizeof c);
            rc = s3l_client_init(&c, &cfg);
            CHECKF(rc == cases[i].rc, "endpoint '%s' -> %d", cases[i].endpoint, rc);
            if (rc != S3L_OK) {
                CHECKF(c.init_error != NULL && strncmp(c.init_error, "cfg.", 4) == 0,
                       "endpoint '%s': init_error names the setting", cases[i].endpoint);
                continue;
            }
            CHECK_EQ_STR(c.cfg.connect_host, cases[i].host);
            CHECK_EQ_INT(c.port, cases[i].port);
            CHECK_EQ_STR(c.cfg.endpoint.host, cases[i].endpoint); /* Host stays the endpoint's */
        }
        /* a host name that fills S3L_HOST_MAX exactly does not fit with its NUL */
        memset(longest, 'a', sizeof longest - 1);
        longest[sizeof longest - 1] = '\0';
        cfg = g_c.cfg;
        cfg.endpoint.host = longest;
        cfg.connect_host = NULL; /* g_c's config points it at g_c's own copy */
        CHECK_EQ_INT(s3l_client_init(&c, &cfg), S3L_ERR_ARG);
        CHECK_EQ_STR(c.init_error, "cfg.endpoint.host is longer than S3L_HOST_MAX");
        longest[S3L_HOST_MAX - 1] = '\0';
        CHECK_EQ_INT(s3l_client_init(&c, &cfg), S3L_OK);
        CHECK_EQ_INT(strlen(c.host), S3L_HOST_MAX - 1);
    }
    /* Nothing listens there: a connect error, no crash, client reusable. */
    {
        struct s3l_s3_error err;
        int rc;
        uint16_t port = g_c.port;
        g_c.port = 1;
        rc = put("x", 0, NULL, NULL, &err);
        CHECKF(rc == S3L_ERR_CONNECT, "rc %d", rc);
        CHECK_EQ_INT(g_c.connected, 0);
        g_c.port = port;
        CHECK_EQ_INT(put("x", 0, NULL, NULL, &err), S3L_OK);
    }
    /* NULL parameters: S3L_ERR_ARG from every operation, nothing sent. */
    {
        struct s3l_s3_error err;
        struct s3l_body b;
        struct count_reader r;
        int n0 = fs_count(g_srv);
        body_init(&b, &r, g_data, 10, S3L_PAYLOAD_MODE_UNSIGNED, 0);
        CHECK_EQ_INT(s3l_client_create_mpu(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_upload_part(&g_c, NULL, &b, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_complete_mpu(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_abort_mpu(&g_c, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_list_parts(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_list_uploads(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_list_objects(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_delete_object(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_put_object(&g_c, NULL, &b, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_head_object(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_get_object(&g_c, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_create_bucket(&g_c, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_create_mpu(NULL, NULL, NULL, &err), S3L_ERR_ARG);
        CHECK_EQ_INT(s3l_client_exec(&g_c, NULL, NULL, S3L_OP_PUT_OBJECT, NULL, &err), S3L_ERR_ARG);
        {
            struct s3l_upload_part_params up;
            struct s3l_put_object_params pp;
            memset(&up, 0, sizeof up);
            up.bucket = "bkt";
            up.key = "k";
            up.upload_id = "U";
            up.part_number = 1;
            up.content_length = 10;
            CHECK_EQ_INT(s3l_client_upload_part(&g_c, &up, NULL, NULL, &err), S3L_ERR_ARG);
            memset(&pp, 0, sizeof pp);
            pp.bucket = "bkt";
            pp.key = "k";
            pp.content_length = 10;
            CHECK_EQ_INT(s3l_client_put_object(&g_c, &pp, NULL, NULL, &err), S3L_ERR_ARG);
        }
        CHECK_EQ_INT(fs_count(g_srv), n0);
        CHECK_EQ_INT(r.total, 0);
    }
    /* A request head larger than the I/O buffer: refused before connecting. */
    {
        struct s3l_put_object_params p;
        static char key[1001];
        struct s3l_s3_error err;
        memset(key, 'k', 1000);
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = key;
        g_c.cfg.io_cap = 900;
        CHECK_EQ_INT(s3l_client_put_object(&g_c, &p, NULL, NULL, &err), S3L_ERR_BUF_TOO_SMALL);
        g_c.cfg.io_cap = 16384;
    }
    client_teardown();
    fs_clear(g_srv);
}

int main(void)
{
    size_t k;
    for (k = 0; k < sizeof g_data; k++) g_data[k] = (uint8_t)(k * 31u + 7u);
    g_srv = fs_start(handler, &g_sc);
    if (g_srv == NULL) {
        SKIP(1, "cannot listen on 127.0.0.1");
        return th_summary();
    }
    test_signed_and_keepalive();
    test_streaming();
    test_header_checksum();
    test_expect();
    test_connection_handling();
    test_clock();
    test_skew_threshold();
    test_ops();
    test_early_errors();
    test_continue_split();
    test_args();
    test_transport_contract();
    test_retries();
    test_credentials_hook();
    fs_stop(g_srv);
    return th_summary();
}
