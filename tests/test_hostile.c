/* SPDX-License-Identifier: MIT */
/*
 * The client against hostile servers (tests/util_hostile_server.c over the POSIX transport on
 * 127.0.0.1): garbage instead of a status line, truncated XML, a huge header line, a header
 * section that never ends, a body that never ends, a slow drip, wrong Content-Lengths, an
 * early error answer whose head comes slower than the wait for 100 Continue, a reset
 * mid-body, a flood of interim answers, a 200 to CompleteMultipartUpload with an Error body,
 * redirects, a 500 then success, a close right after the head, framing read two ways (chunked
 * and a length, two lengths, a length that overflows), a kept-alive connection closed under a
 * CreateMultipartUpload. For each: the call's result code, how many times the request
 * reached the server (a retry where one is allowed and succeeds, none where it is not: no
 * second CreateMultipartUpload once one may have arrived), no body bytes after an early
 * answer, the uploaded bytes intact, and a bounded time (small I/O timeouts and deadline).
 * Prints a table: case, call, outcome, attempts, connections, milliseconds.
 */
#include <time.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/port_posix.h"
#include "util_hostile_server.h"

#define IO_TIMEOUT_MS 400
#define DEADLINE_MS 1500
#define PART_LEN 50000

enum call { CREATE, PART, COMPLETE, HEAD_THEN_CREATE };
static const char *const k_call_name[] = {"Create", "UploadPart", "Complete", "Head+Create"};

struct hcase {
    const char *name;
    enum call call;
    void (*script)(struct hs_conn *c, int conn);
    int want_rc;          /* the call's result */
    int want_attempts;    /* requests of the call's kind that reached the server */
    enum s3l_s3_code want_code; /* for S3L_ERR_S3 */
};

static const struct hcase *g_case;
static uint8_t g_data[PART_LEN];

/* ---- scripts (run by the server thread, one per connection) ---------------------------- */

static void garbage(struct hs_conn *c, int conn)
{
    (void)conn;
    if (hs_read_head(c) == NULL) return;
    hs_send(c, "SSH-2.0-OpenSSH_9.2\r\n\x01\x02\xff\xfe not http at all\r\n\r\n", 0);
    hs_drain(c, NULL, 300);
}

static void truncated_xml(struct hs_conn *c, int conn)
{
    (void)conn;
    if (hs_read_head(c) == NULL) return;
    hs_answer(c, 200, "", "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><UploadId>UP");
    hs_drain(c, NULL, 300);
}

/* A header line far longer than the client's line buffer (it waits for 100 Continue). */
static void huge_header(struct hs_conn *c, int conn)
{
    static char line[70000];
    struct hs_request *q = hs_read_head(c);
    (void)conn;
    if (q == NULL) return;
    memcpy(line, "HTTP/1.1 200 OK\r\nX-Big: ", 24);
    memset(line + 24, 'a', sizeof line - 24 - 5);
    memcpy(line + sizeof line - 5, "\r\n\r\n", 4);
    hs_send(c, line, sizeof line - 1);
    hs_drain(c, q, 300);
}

/* Header lines, one every 2 ms, until the client goes (bounded: 3000 lines). */
static void endless_header(struct hs_conn *c, int conn)
{
    int i;
    (void)conn;
    if (hs_read_head(c) == NULL || hs_send(c, "HTTP/1.1 200 OK\r\n", 0) != 0) return;
    for (i = 0; i < 3000 && !hs_stopping(c); i++) {
        char h[64];
        snprintf(h, sizeof h, "X-Header-%d: value\r\n", i);
        if (hs_send(c, h, 0) != 0) return;
        hs_pause(c, 2);
    }
}

/* A chunked XML body that never ends, as fast as the client reads (bounded: 4 s). */
static void endless_body(struct hs_conn *c, int conn)
{
    static char chunk[1100];
    int i, n;
    (void)conn;
    if (hs_read_head(c) == NULL) return;
    if (hs_send(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "1f\r\n<InitiateMultipartUploadResult>\r\n", 0) != 0)
        return;
    n = snprintf(chunk, sizeof chunk, "400\r\n");
    for (i = 0; i < 1024 / 8; i++) memcpy(chunk + n + 8 * i, "<a>b</a>", 8);
    memcpy(chunk + n + 1024, "\r\n", 2);
    for (i = 0; i < 4000 && !hs_stopping(c); i++) {
        if (hs_send(c, chunk, (size_t)n + 1026) != 0) return;
        hs_pause(c, 1);
    }
}

/* A valid answer to Complete, one byte every 100 ms: each byte within the I/O timeout, the
 * whole far past the call's deadline. */
static void slow_drip(struct hs_conn *c, int conn)
{
    static const char ans[] =
        "HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n<CompleteMultipartUploadResult><Bucket>"
        "bkt</Bucket><Key>obj</Key><ETag>\"0123-2\"</ETag></CompleteMultipartUploadResult>   ";
    struct hs_request *q = hs_read_head(c);
    size_t i;
    (void)conn;
    if (q == NULL) return;
    hs_read_body(c, q);
    for (i = 0; i + 1 < sizeof ans && !hs_stopping(c); i++) {
        if (hs_send(c, ans + i, 1) != 0) return;
        hs_pause(c, 100);
    }
}

/* Content-Length 0, then bytes that look like a second answer, in the same packet: the
 * call succeeds and the connection is not used again. */
static void length_short(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    (void)conn;
    if (q == NULL) return;
    hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0);
    hs_read_body(c, q);
    hs_send(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: \"p1\"\r\n\r\n"
               "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: \"forged\"\r\n\r\n", 0);
    hs_drain(c, NULL, 300);
}

/* A Content-Length longer than the body, then a close; the next connection is served well. */
static void length_long_close(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    if (q == NULL) return;
    if (conn > 1) {
        hs_serve_s3(c, q);
        return;
    }
    hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0);
    hs_read_body(c, q);
    hs_send(c, "HTTP/1.1 200 OK\r\nContent-Length: 500\r\nETag: \"p1\"\r\n\r\n<Junk>", 0);
}

/* A Content-Length longer than the body, and then silence with the connection open. */
static void length_long_stall(struct hs_conn *c, int conn)
{
    (void)conn;
    if (hs_read_head(c) == NULL) return;
    hs_send(c, "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n<InitiateMultipartUploadResult>", 0);
    hs_drain(c, NULL, 2000);
}

/* Part of the answer's body, then a TCP reset; the next connection is served well. */
static void reset_mid_body(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    if (q == NULL) return;
    if (conn > 1) {
        hs_serve_s3(c, q);
        return;
    }
    if (q->expect_continue) hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0);
    hs_read_body(c, q);
    hs_send(c, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n<InitiateMultipartUploadResult>"
               "<Bucket>bkt</Bucket>", 0);
    hs_pause(c, 50);
    hs_reset(c);
}

/* A reset while the client sends the body; the next connection is served well. */
static void reset_mid_request(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    if (q == NULL) return;
    if (conn > 1) {
        hs_serve_s3(c, q);
        return;
    }
    hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0);
    q->content_length /= 3;
    hs_read_body(c, q);
    hs_reset(c);
}

/* An early 403 before the body (Expect), its first bytes 350 ms apart: longer than the
 * client's wait for 100 Continue, shorter than its I/O timeout. The answer has begun, so no
 * byte of the body may follow. */
static void early_answer_drip(struct hs_conn *c, int conn)
{
    static const char ans[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 60\r\n\r\n"
                              "<Error><Code>AccessDenied</Code><Message>m</Message></Error>";
    struct hs_request *q = hs_read_head(c);
    size_t i;
    (void)conn;
    if (q == NULL) return;
    for (i = 0; i < 2 && !hs_stopping(c); i++) {
        if (hs_send(c, ans + i, 1) != 0) return;
        hs_pause(c, 350);
    }
    hs_send(c, ans + 2, sizeof ans - 3);
    hs_drain(c, q, 500);
}

/* 50 interim answers (102 Processing) instead of 100 Continue. */
static void interim_flood(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    int i;
    (void)conn;
    if (q == NULL) return;
    for (i = 0; i < 50; i++) {
        if (hs_send(c, "HTTP/1.1 102 Processing\r\n\r\n", 0) != 0) return;
    }
    hs_drain(c, q, 500);
}

/* A 200 whose body is an Error document, then (same connection) a good answer. */
static void complete_200_error(struct hs_conn *c, const char *code)
{
    char body[256];
    struct hs_request *q = hs_read_head(c);
    if (q == NULL) return;
    hs_read_body(c, q);
    snprintf(body, sizeof body, "<?xml version=\"1.0\"?>\n<Error><Code>%s</Code><Message>m</Message>"
                                "<RequestId>r</RequestId></Error>", code);
    if (hs_answer(c, 200, "", body) != 0) return;
    hs_serve_s3(c, hs_read_head(c));
}

static void complete_200_internal(struct hs_conn *c, int conn)
{
    (void)conn;
    complete_200_error(c, "InternalError");
}

static void complete_200_access(struct hs_conn *c, int conn)
{
    (void)conn;
    complete_200_error(c, "AccessDenied");
}

static void redirect_301(struct hs_conn *c, int conn)
{
    (void)conn;
    if (hs_read_head(c) == NULL) return;
    hs_answer(c, 301, "Location: http://elsewhere.example/\r\n",
              "<Error><Code>PermanentRedirect</Code><Message>m</Message>"
              "<Endpoint>bkt.s3.eu-west-1.amazonaws.com</Endpoint></Error>");
    hs_drain(c, NULL, 300);
}

/* 307 with a Location and no body, before the body (Expect): nothing of the body may follow. */
static void redirect_307(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    (void)conn;
    if (q == NULL) return;
    hs_answer(c, 307, "Location: http://127.0.0.1:1/elsewhere\r\n", "");
    hs_drain(c, q, 500);
}

/* 500 InternalError after the body, then the same connection serves well. */
static void error_500_then_ok(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    (void)conn;
    if (q == NULL) return;
    hs_send(c, "HTTP/1.1 100 Continue\r\n\r\n", 0);
    hs_read_body(c, q);
    if (hs_answer(c, 500, "", "<Error><Code>InternalError</Code><Message>m</Message></Error>") != 0)
        return;
    hs_serve_s3(c, hs_read_head(c));
}

/* 503 SlowDown before the body (it must not come), then the next attempt is served. */
static void slowdown_early(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    if (q == NULL) return;
    if (conn > 1) {
        hs_serve_s3(c, q);
        return;
    }
    hs_answer(c, 503, "Connection: close\r\n",
              "<Error><Code>SlowDown</Code><Message>m</Message></Error>");
    hs_drain(c, q, 500);
}

/* The head is read, then the connection closed without a word; the next one is served. */
static void close_after_head(struct hs_conn *c, int conn)
{
    struct hs_request *q = hs_read_head(c);
    if (q != NULL && conn > 1) hs_serve_s3(c, q);
}

/* Serves a HEAD; closes without answering when a CreateMultipartUpload arrives. */
static void close_on_create(struct hs_conn *c, int conn)
{
    struct hs_request *q;
    int i;
    (void)conn;
    for (i = 0; i < 4 && (q = hs_read_head(c)) != NULL; i++) {
        if (strcmp(q->method, "POST") == 0) return;
        if (hs_send(c, "HTTP/1.1 200 X\r\nContent-Length: 5\r\n\r\n", 0) != 0) return;
    }
}

/* Framing that two parsers could read two ways (a response-splitting sign): refused. */
static void framing(struct hs_conn *c, const char *head)
{
    if (hs_read_head(c) == NULL) return;
    hs_send(c, head, 0);
    hs_send(c, "<InitiateMultipartUploadResult><UploadId>U</UploadId></InitiateMultipartUploadResult>", 0);
    hs_drain(c, NULL, 300);
}

static void chunked_and_length(struct hs_conn *c, int conn)
{
    (void)conn;
    framing(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 80\r\n\r\n");
}

static void two_lengths(struct hs_conn *c, int conn)
{
    (void)conn;
    framing(c, "HTTP/1.1 200 OK\r\nContent-Length: 80\r\nContent-Length: 20\r\n\r\n");
}

static void length_overflow(struct hs_conn *c, int conn)
{
    (void)conn;
    framing(c, "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n");
}

static void dispatch(void *ctx, struct hs_conn *c, int conn)
{
    (void)ctx;
    g_case->script(c, conn);
}

/* ---- the client ---------------------------------------------------------------------------- */

static struct s3l_client g_c;
static uint8_t g_io[16384];
static char g_line[1024], g_xml[4096], g_work[4096];
static struct s3l_net g_net;
static struct s3l_transport g_t;
static struct s3l_platform g_plat;
static struct s3l_credentials g_creds = {"AKIDHOSTILE", "hostileSecretKey/0123456789abcdefghij", NULL};
static char g_host[64];

static int client_setup(uint16_t port)
{
    struct s3l_client_config cfg;
    memset(&cfg, 0, sizeof cfg);
    s3l_posix_net_init(&g_net, &g_t, NULL);
    /* the POSIX clocks and sleep; no entropy: each backoff waits its cap, runs repeat */
    if (s3l_posix_platform_init(&g_plat) != S3L_OK) return S3L_ERR_ABI;
    g_plat.entropy = NULL;
    snprintf(g_host, sizeof g_host, "127.0.0.1:%u", (unsigned)port);
    cfg.transport = &g_t;
    cfg.platform = &g_plat;
    cfg.endpoint.host = g_host;
    cfg.creds = &g_creds;
    cfg.region = "us-east-1";
    cfg.connect_timeout_ms = 1000;
    cfg.io_timeout_ms = IO_TIMEOUT_MS;
    cfg.continue_timeout_ms = 300;
    cfg.deadline_ms = DEADLINE_MS;
    cfg.backoff_base_ms = 5;
    cfg.backoff_max_ms = 20;
    cfg.io_buf = g_io;
    cfg.io_cap = sizeof g_io;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line;
    cfg.scratch = g_xml;
    cfg.scratch_cap = sizeof g_xml;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work;
    cfg.checksums = s3l_checksum_algos_all; /* the flow computes CRC32 for a trailer */
    return s3l_client_init(&g_c, &cfg);
}

static int run_call(enum call call, struct s3l_s3_error *err)
{
    int rc;
    if (call == CREATE || call == HEAD_THEN_CREATE) {
        struct s3l_create_mpu_params p;
        struct s3l_create_mpu_result r;
        if (call == HEAD_THEN_CREATE) {
            struct s3l_head_object_params hp;
            struct s3l_head_object_result hr;
            memset(&hp, 0, sizeof hp);
            hp.bucket = "bkt";
            hp.key = "obj";
            rc = s3l_client_head_object(&g_c, &hp, &hr, err);
            if (rc != S3L_OK) return rc;
        }
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = "obj";
        return s3l_client_create_mpu(&g_c, &p, &r, err);
    }
    if (call == PART) {
        struct s3l_upload_part_params p;
        struct s3l_upload_part_result r;
        struct s3l_mem_reader mr;
        struct s3l_body b;
        memset(&p, 0, sizeof p);
        memset(&b, 0, sizeof b);
        p.bucket = "bkt";
        p.key = "obj";
        p.upload_id = "UPLOAD-1";
        p.part_number = 1;
        p.content_length = sizeof g_data;
        s3l_mem_reader_init(&mr, g_data, sizeof g_data, &b.reader);
        b.mode = S3L_PAYLOAD_MODE_UNSIGNED;
        rc = s3l_client_upload_part(&g_c, &p, &b, &r, err);
        if (rc == S3L_OK) CHECKF(r.etag[0] != '\0', "%s: no ETag", g_case->name);
        return rc;
    } else {
        struct s3l_complete_mpu_params p;
        struct s3l_complete_mpu_result r;
        struct s3l_complete_part parts[1];
        uint8_t sha[32];
        char etag[20];
        s3l_sha256(g_data, sizeof g_data, sha);
        hs_etag(sha, etag);
        parts[0].part_number = 1;
        parts[0].etag = etag;
        parts[0].checksum = NULL;
        memset(&p, 0, sizeof p);
        p.bucket = "bkt";
        p.key = "obj";
        p.upload_id = "UPLOAD-1";
        p.parts = parts;
        p.part_count = 1;
        return s3l_client_complete_mpu(&g_c, &p, &r, err);
    }
}

/* What a call of kind k looks like on the server: method and a piece of the target. */
static int attempts(struct hostile_server *s, enum call k)
{
    if (k == PART) return hs_count_method(s, "PUT", "partNumber=");
    if (k == COMPLETE) return hs_count_method(s, "POST", "uploadId=");
    return hs_count_method(s, "POST", "?uploads");
}

static const struct hcase k_cases[] = {
    {"garbage status line", CREATE, garbage, S3L_ERR_HTTP_SYNTAX, 1, S3L_S3_NONE},
    {"truncated XML", CREATE, truncated_xml, S3L_ERR_XML_SYNTAX, 1, S3L_S3_NONE},
    {"huge header line", PART, huge_header, S3L_ERR_HTTP_LINE_TOO_LONG, 1, S3L_S3_NONE},
    {"endless header", CREATE, endless_header, S3L_ERR_HTTP_TOO_MANY_HEADERS, 1, S3L_S3_NONE},
    {"endless body (1 KB/ms)", CREATE, endless_body, S3L_ERR_TIMEOUT, 1, S3L_S3_NONE},
    {"slow drip (1 B/100 ms)", COMPLETE, slow_drip, S3L_ERR_TIMEOUT, 1, S3L_S3_NONE},
    {"Content-Length short", PART, length_short, S3L_OK, 1, S3L_S3_NONE},
    {"Content-Length long, close", PART, length_long_close, S3L_OK, 2, S3L_S3_NONE},
    {"Content-Length long, stall", CREATE, length_long_stall, S3L_ERR_TIMEOUT, 1, S3L_S3_NONE},
    {"reset mid-body", PART, reset_mid_body, S3L_OK, 2, S3L_S3_NONE},
    {"reset mid-body", CREATE, reset_mid_body, S3L_ERR_NET, 1, S3L_S3_NONE},
    {"reset mid-request", PART, reset_mid_request, S3L_OK, 2, S3L_S3_NONE},
    {"early 403, 1 B/350 ms", PART, early_answer_drip, S3L_ERR_S3, 1, S3L_S3_ACCESS_DENIED},
    {"1xx flood (50 x 102)", PART, interim_flood, S3L_ERR_HTTP_SYNTAX, 1, S3L_S3_NONE},
    {"200 + Error InternalError", COMPLETE, complete_200_internal, S3L_OK, 2, S3L_S3_NONE},
    {"200 + Error AccessDenied", COMPLETE, complete_200_access, S3L_ERR_S3, 1, S3L_S3_ACCESS_DENIED},
    {"301 PermanentRedirect", CREATE, redirect_301, S3L_ERR_S3, 1, S3L_S3_PERMANENT_REDIRECT},
    {"307 before the body", PART, redirect_307, S3L_ERR_HTTP_STATUS, 1, S3L_S3_NONE},
    {"500 then success", PART, error_500_then_ok, S3L_OK, 2, S3L_S3_NONE},
    {"503 SlowDown before body", PART, slowdown_early, S3L_OK, 2, S3L_S3_NONE},
    {"close after the head", PART, close_after_head, S3L_OK, 2, S3L_S3_NONE},
    {"close after the head", CREATE, close_after_head, S3L_ERR_CLOSED, 1, S3L_S3_NONE},
    {"chunked + Content-Length", CREATE, chunked_and_length, S3L_ERR_HTTP_SYNTAX, 1, S3L_S3_NONE},
    {"two Content-Lengths", CREATE, two_lengths, S3L_ERR_HTTP_SYNTAX, 1, S3L_S3_NONE},
    {"Content-Length overflow", CREATE, length_overflow, S3L_ERR_HTTP_SYNTAX, 1, S3L_S3_NONE},
    {"kept-alive closed at Create", HEAD_THEN_CREATE, close_on_create, S3L_ERR_CLOSED, 1,
     S3L_S3_NONE},
};

static const char *rc_name(int rc)
{
    switch (rc) {
    case S3L_OK: return "OK";
    case S3L_ERR_HTTP_SYNTAX: return "HTTP_SYNTAX";
    case S3L_ERR_HTTP_LINE_TOO_LONG: return "HTTP_LINE_TOO_LONG";
    case S3L_ERR_HTTP_TOO_MANY_HEADERS: return "HTTP_TOO_MANY_HEADERS";
    case S3L_ERR_HTTP_STATUS: return "HTTP_STATUS";
    case S3L_ERR_XML_SYNTAX: return "XML_SYNTAX";
    case S3L_ERR_S3: return "S3";
    case S3L_ERR_NET: return "NET";
    case S3L_ERR_TIMEOUT: return "TIMEOUT";
    case S3L_ERR_CLOSED: return "CLOSED";
    default: return s3l_strerror(rc);
    }
}

int main(void)
{
    struct hostile_server *srv = hs_start(dispatch, NULL);
    size_t i, k;
    uint8_t want_sha[32];
    if (srv == NULL) {
        fprintf(stderr, "cannot start the server\n");
        return 1;
    }
    for (k = 0; k < sizeof g_data; k++) g_data[k] = (uint8_t)(k * 131u + (k >> 9));
    s3l_sha256(g_data, sizeof g_data, want_sha);
    printf("%-28s %-12s %-22s %-9s %-6s %s\n", "case", "call", "outcome", "attempts", "conns",
           "ms");
    for (i = 0; i < sizeof k_cases / sizeof k_cases[0]; i++) {
        const struct hcase *t = &k_cases[i];
        struct s3l_s3_error err;
        uint64_t t0, ms;
        int rc, n, j, conns;
        char outcome[96];
        g_case = t;
        hs_clear(srv);
        hs_seed_part(srv, 1, want_sha); /* what Complete names */
        CHECK(client_setup(hs_port(srv)) == S3L_OK);
        t0 = g_plat.monotonic_ms(g_plat.ctx);
        rc = run_call(t->call, &err);
        ms = g_plat.monotonic_ms(g_plat.ctx) - t0;
        /* A call that keeps its connection open would hold the script; closing ends it. */
        s3l_client_close(&g_c);
        s3l_posix_net_free(&g_net);
        hs_settle(srv, (int)g_c.connects);
        n = attempts(srv, t->call);
        conns = hs_connections(srv);
        if (rc == S3L_ERR_S3) snprintf(outcome, sizeof outcome, "S3 %s", err.code);
        else snprintf(outcome, sizeof outcome, "%s", rc_name(rc));
        if (rc == S3L_OK && n > 1) snprintf(outcome, sizeof outcome, "OK after retry");
        printf("%-28s %-12s %-22s %-9d %-6d %lu\n", t->name, k_call_name[t->call], outcome, n,
               conns, (unsigned long)ms);
        CHECKF(rc == t->want_rc, "%s: rc %d (%s), want %d", t->name, rc, s3l_strerror(rc),
               t->want_rc);
        CHECKF(n == t->want_attempts, "%s: %d attempts, want %d", t->name, n, t->want_attempts);
        if (t->want_rc == S3L_ERR_S3) CHECK_EQ_INT(err.code_enum, t->want_code);
        /* Never past the deadline by more than one I/O wait, however the server behaves. */
        CHECKF(ms < DEADLINE_MS + IO_TIMEOUT_MS, "%s: took %lu ms", t->name, (unsigned long)ms);
        for (j = 0; j < hs_count(srv); j++) {
            const struct hs_request *q = hs_get(srv, j);
            /* An answer before the body (or instead of 100 Continue): not one body byte. */
            CHECKF(q->late_bytes == 0, "%s: %lu body bytes after the answer", t->name,
                   (unsigned long)q->late_bytes);
        }
        if (t->call == COMPLETE && rc == S3L_OK) CHECK_EQ_INT(hs_object(srv)->completed, 1);
        if (t->call == PART && rc == S3L_OK) {
            const struct hs_request *q = hs_get(srv, hs_count(srv) - 1);
            CHECK(q != NULL && q->body_len == sizeof g_data &&
                  memcmp(q->body_sha256, want_sha, 32) == 0);
        }
    }
    hs_stop(srv);
    return th_summary();
}
