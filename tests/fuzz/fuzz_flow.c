/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a whole multipart flow over an in-memory transport whose behaviour comes from
 * the input, in one of two ways:
 *  - through the client (core/client.c): CreateMultipartUpload, three UploadParts (SIGNED,
 *    aws-chunked STREAMING, UNSIGNED_TRAILER with CRC32) and CompleteMultipartUpload,
 *    stopping at the first call that fails, as a caller would; or the same flow presigned
 *    (cfg.presign: no key on the client; a hook gives each attempt's URL, signing every
 *    header; the parts SIGNED, UNSIGNED with a CRC32 header, UNSIGNED);
 *  - through the uploader (core/uploader.c): s3l_uploader_run over a 1000-byte source in
 *    parts of 400 (allow_small_parts), with a save hook keeping the state blob, optionally
 *    with CRC32 part checksums; when a run fails with a network error the device "reboots"
 *    (a fresh uploader, s3l_uploader_load of the blob, s3l_uploader_sweep when a Create's
 *    answer was never saved), at most UPLOAD_BOOTS times, so ListParts, the re-hashing of
 *    listed parts, HeadObject and ListMultipartUploads answers come from the input too.
 *
 * Input: byte 0 = S, byte 1 = M (bit 7: the uploader, else the client flow; bit 6: the
 * uploader with CRC32, or the client flow presigned; C = M & 63), then S bytes of send script, C bytes of connect script,
 * and the rest is the receive script. Each transport call takes its next control byte from its
 * own script:
 *   connect  c % 8 == 7: S3L_ERR_CONNECT; else connected.   (script ended: connected)
 *   send     c % 8 < 4: all bytes taken; 4: at most the next byte + 1 of them; 5: AGAIN;
 *            6: S3L_ERR_NET; 7: S3L_ERR_CLOSED.               (script ended: all taken)
 *   recv     c % 8 < 3: answer bytes: when none are waiting, queue the next ones: canned
 *            answer number (next byte) when bit 3 of c is set, else raw bytes (the next byte
 *            + 1 of them from the script); then give at most the next byte of them (0: all
 *            that fit); 3: 0 (closed); 4: AGAIN; 5: S3L_ERR_NET; 6: S3L_ERR_TIMEOUT after the
 *            whole timeout; 7: S3L_ERR_CLOSED.                (script ended: 0, closed)
 * A connection closed or reset stays so (recv 0, send S3L_ERR_CLOSED) until the next connect.
 * The receive script ending closes every connection, so every attempt ends; time is a fake
 * clock that moves 1 ms per transport call and by every sleep and timeout, so deadlines
 * hold. Checks (abort on failure):
 *  - the flow ends within a bounded number of transport calls and fake milliseconds;
 *  - nothing is sent on a connection that is not open;
 *  - a CreateMultipartUpload is sent on another connection only after the previous one got
 *    an answer (a 5xx, a clock answer): after a drop it is not sent again, since a second
 *    Create after one may have reached the server would leave an upload behind;
 *  - after a definite final answer (403 AccessDenied, given whole while the client's parser
 *    is between answers: only whole canned answers read before it on that connection) no
 *    byte of that call is sent any more (presigned: after the second, since a refused URL
 *    is asked for again once);
 *  - every call attempts at most max_attempts + 2 times (reconnect, re-sign or a new URL);
 *  - the uploader: after a definite answer no byte is sent any more, in this boot or
 *    another (its state is kept by the save hook, so a definite failure aborts nothing;
 *    a reboot follows only a network error).
 * Seeds: tests/fuzz/seeds/flow/ (whole flows, with retries, early answers and splits).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3lite/client.h"
#include "s3lite/uploader.h"

#define CALLS_MAX 20000u      /* transport calls in one flow: far above what a flow can use */
#define DEADLINE_MS 60000u
#define ATTEMPTS 4u

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "fuzz_flow: check failed: %s (line %d)\n", #cond, __LINE__);  \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* Canned answers: the status line and headers, and a body that gets a Content-Length
 * header when with_length is set. */
struct canned {
    const char *head;
    const char *body;
    int with_length;
};
static const struct canned k_canned[] = {
    {"HTTP/1.1 100 Continue\r\n", "", 0},
    {"HTTP/1.1 200 OK\r\n", "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>obj</Key>"
     "<UploadId>UP1</UploadId></InitiateMultipartUploadResult>", 1},
    {"HTTP/1.1 200 OK\r\nETag: \"e1\"\r\n", "", 1},
    {"HTTP/1.1 200 OK\r\n", "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>obj</Key>"
     "<ETag>\"e-3\"</ETag></CompleteMultipartUploadResult>", 1},
    {"HTTP/1.1 500 Internal Server Error\r\n",
     "<Error><Code>InternalError</Code><Message>m</Message></Error>", 1},
    {"HTTP/1.1 503 Slow Down\r\nConnection: close\r\n",
     "<Error><Code>SlowDown</Code><Message>m</Message></Error>", 1},
    {"HTTP/1.1 200 OK\r\n", "<Error><Code>InternalError</Code><Message>m</Message></Error>", 1},
    /* 7: the definite answer */
    {"HTTP/1.1 403 Forbidden\r\n", "<Error><Code>AccessDenied</Code><Message>m</Message></Error>", 1},
    {"HTTP/1.1 403 Forbidden\r\nDate: Wed, 01 Jan 2025 00:00:00 GMT\r\n",
     "<Error><Code>RequestTimeTooSkewed</Code><ServerTime>2025-01-01T00:00:00Z</ServerTime>"
     "<Message>m</Message></Error>", 1},
    {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n",
     "79\r\n<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>obj</Key><UploadId>UP1"
     "</UploadId></InitiateMultipartUploadResult>\r\n0\r\n\r\n", 0},
    {"HTTP/1.0 200 OK\r\nETag: \"e2\"\r\n", "", 0},
    {"HTTP/1.1 102 Processing\r\n", "", 0},
    {"HTTP/1.1 200 OK\r\nConnection: close\r\nETag: \"e3\"\r\n", "", 1},
    {"HTTP/1.1 404 Not Found\r\n", "<Error><Code>NoSuchUpload</Code><Message>m</Message></Error>", 1},
};
#define CANNED_N (sizeof k_canned / sizeof k_canned[0])
#define CANNED_DEFINITE 7u
#define CANNED_UNTIL_CLOSE 10u /* its body ends with the connection */

struct script {
    const uint8_t *p;
    size_t n, at;
};

/* The in-memory peer: scripts, the bytes waiting for the client, what was seen. */
struct peer {
    struct script send, conn, recv;
    uint8_t waiting[600];
    size_t waiting_len, waiting_at;
    int connected;
    int dead;                   /* the connection was closed or reset: it stays so */
    unsigned long calls;
    uint64_t clock_ms;
    /* per client call */
    int sent_on_conn;           /* this connection carried bytes of this call */
    int answered;               /* ... and answer bytes came back after its last send */
    int dropped;                /* an earlier connection of this call carried bytes, unanswered */
    int is_create;              /* the call is a CreateMultipartUpload */
    int in_step;                /* all the client read on this connection were whole answers
                                   with a known end: its parser is between answers */
    int definite_queued;        /* the waiting bytes are the definite answer, from the start */
    int definite_given;         /* ... and the client has read all of it (definite_needed
                                   times in this call) */
    unsigned definite_seen, definite_needed;
    unsigned long attempts;     /* connections opened during this call */
};

static struct peer g_peer;

static int g_trace; /* FUZZ_FLOW_TRACE set: calls and their results on stderr (for seed work) */

static int next(struct script *s, uint8_t *out)
{
    if (s->at >= s->n) return 0;
    *out = s->p[s->at++];
    return 1;
}

static int t_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t timeout_ms)
{
    struct peer *q = &g_peer;
    uint8_t c;
    (void)net;
    (void)host;
    (void)port;
    (void)timeout_ms;
    q->calls++;
    q->clock_ms++;
    CHECK(!q->connected); /* the client closes before it connects again */
    q->attempts++;
    if (q->sent_on_conn && !q->answered) q->dropped = 1;
    q->answered = 0;
    q->sent_on_conn = 0;
    if (next(&q->conn, &c) && c % 8 == 7) return S3L_ERR_CONNECT;
    q->connected = 1;
    q->dead = 0;
    q->waiting_len = q->waiting_at = 0;
    q->in_step = 1;
    return S3L_OK;
}

static void t_close(struct s3l_net *net)
{
    (void)net;
    g_peer.connected = 0;
    g_peer.waiting_len = g_peer.waiting_at = 0;
}

static long t_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct peer *q = &g_peer;
    uint8_t c = 0, m;
    long n = (long)len;
    (void)net;
    (void)buf;
    (void)timeout_ms;
    q->calls++;
    q->clock_ms++;
    CHECK(q->calls < CALLS_MAX);
    CHECK(q->connected);
    CHECK(len > 0);
    if (g_trace) fprintf(stderr, "    send %lu bytes: %.20s\n", (unsigned long)len, (const char *)buf);
    CHECK(!q->definite_given); /* nothing after a definite answer */
    if (q->dead) return S3L_ERR_CLOSED;
    if (next(&q->send, &c)) {
        switch (c % 8) {
        case 4:
            if (next(&q->send, &m) && (size_t)m + 1 < len) n = (long)m + 1;
            break;
        case 5: return S3L_ERR_AGAIN;
        case 6:
            q->dead = 1;
            return S3L_ERR_NET;
        case 7:
            q->dead = 1;
            return S3L_ERR_CLOSED;
        default: break;
        }
    }
    if (!q->sent_on_conn) CHECK(!(q->is_create && q->dropped)); /* no Create after a drop */
    q->sent_on_conn = 1;
    q->answered = 0; /* what counts is an answer after the last bytes sent */
    if (q->waiting_at < q->waiting_len) q->in_step = 0; /* an answer left half read */
    q->definite_queued = 0;
    q->waiting_len = q->waiting_at = 0; /* the peer's unread bytes are dropped */
    return n;
}

/* Queue the next answer bytes (canned or raw); 0 when the script has none. */
static int queue(struct peer *q, uint8_t c)
{
    uint8_t k;
    if (!next(&q->recv, &k)) return 0;
    if (c & 8) {
        const struct canned *a = &k_canned[k % CANNED_N];
        int n = a->with_length
                    ? snprintf((char *)q->waiting, sizeof q->waiting, "%sContent-Length: %u\r\n\r\n%s",
                               a->head, (unsigned)strlen(a->body), a->body)
                    : snprintf((char *)q->waiting, sizeof q->waiting, "%s\r\n%s", a->head, a->body);
        CHECK(n > 0 && (size_t)n < sizeof q->waiting);
        q->waiting_len = (size_t)n;
        q->definite_queued = q->in_step && k % CANNED_N == CANNED_DEFINITE;
        if (k % CANNED_N == CANNED_UNTIL_CLOSE) q->in_step = 0;
    } else {
        size_t n = (size_t)k + 1, i;
        for (i = 0; i < n && next(&q->recv, &q->waiting[i]); i++) {
        }
        q->waiting_len = i;
        q->definite_queued = 0;
        q->in_step = 0; /* raw bytes: the parser may be anywhere */
    }
    q->waiting_at = 0;
    return q->waiting_len > 0;
}

static long t_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    struct peer *q = &g_peer;
    uint8_t c, split;
    size_t n;
    (void)net;
    q->calls++;
    q->clock_ms++;
    CHECK(q->calls < CALLS_MAX);
    CHECK(q->connected);
    if (q->dead || !next(&q->recv, &c)) { /* closed, or the script ended: the peer closes */
        q->dead = 1;
        return 0;
    }
    switch (c % 8) {
    case 3:
        q->dead = 1;
        return 0;
    case 4: return S3L_ERR_AGAIN;
    case 5:
        q->dead = 1;
        return S3L_ERR_NET;
    case 6:
        q->clock_ms += timeout_ms;
        return S3L_ERR_TIMEOUT;
    case 7:
        q->dead = 1;
        return S3L_ERR_CLOSED;
    default: break;
    }
    if (q->waiting_at >= q->waiting_len && !queue(q, c)) return 0;
    n = q->waiting_len - q->waiting_at;
    if (next(&q->recv, &split) && split != 0 && split < n) n = split;
    if (n > len) n = len;
    memcpy(buf, q->waiting + q->waiting_at, n);
    if (n > 0 && q->sent_on_conn) q->answered = 1;
    q->waiting_at += n;
    if (q->definite_queued && q->waiting_at == q->waiting_len &&
        ++q->definite_seen >= q->definite_needed)
        q->definite_given = 1;
    if (g_trace) fprintf(stderr, "    recv %lu bytes: %.*s\n", (unsigned long)n, (int)(n < 20 ? n : 20), (const char *)buf);
    return (long)n;
}

static int64_t p_now(void *ctx)
{
    (void)ctx;
    return 1735689600 + (int64_t)(g_peer.clock_ms / 1000u); /* 2025-01-01 + fake time */
}

static uint64_t p_mono(void *ctx)
{
    (void)ctx;
    return g_peer.clock_ms;
}

static void p_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    g_peer.clock_ms += ms;
}

/* Before each client call: reset what is counted per call. */
static void call_start(int is_create)
{
    g_peer.is_create = is_create;
    g_peer.dropped = 0;
    g_peer.sent_on_conn = 0;
    g_peer.answered = 0;
    g_peer.definite_given = 0;
    g_peer.definite_queued = 0;
    g_peer.definite_seen = 0;
    g_peer.attempts = 0;
}

/* After each call: the rules that hold whatever the peer did. */
static void call_end(const struct s3l_client *c, uint64_t started_ms, const char *what, int rc)
{
    if (g_trace)
        fprintf(stderr, "  %s: %d (%s), %u tries, HTTP %d, %lu ms\n", what, rc, s3l_strerror(rc),
                c->plan.tries, c->status, (unsigned long)(g_peer.clock_ms - started_ms));
    /* Attempts: the first, max_attempts - 1 retries, a reconnect and a re-sign. */
    CHECK(c->plan.tries <= ATTEMPTS + 2u);
    /* Every wait is cut to the deadline; a transport call may run over by its own timeout. */
    CHECK(g_peer.clock_ms - started_ms <= DEADLINE_MS + 2000u + CALLS_MAX);
}

static uint8_t g_io[4096];
static char g_line[1024], g_xml[1024], g_work[4096];
static uint8_t g_data[3][1500];

static int part(struct s3l_client *c, const char *upload_id, uint32_t n, enum s3l_payload_mode mode,
                enum s3l_checksum_alg alg, size_t len, char *etag)
{
    struct s3l_upload_part_params p;
    struct s3l_upload_part_result r;
    struct s3l_mem_reader mr;
    struct s3l_body b;
    struct s3l_s3_error err;
    uint64_t t0 = g_peer.clock_ms;
    int rc;
    memset(&p, 0, sizeof p);
    memset(&b, 0, sizeof b);
    p.bucket = "bkt";
    p.key = "obj";
    p.upload_id = upload_id;
    p.part_number = n;
    p.content_length = len;
    s3l_mem_reader_init(&mr, g_data[n - 1], len, &b.reader);
    b.mode = mode;
    b.checksum = alg;
    call_start(0);
    rc = s3l_client_upload_part(c, &p, &b, &r, &err);
    call_end(c, t0, "UploadPart", rc);
    if (rc == S3L_OK) memcpy(etag, r.etag, sizeof r.etag);
    return rc;
}

/* The backend's hook for the presigned flow: the request's path and query with stand-in
 * X-Amz-* parameters, every header it carries named signed (so a checksum header may go). */
static int fuzz_presign(void *ctx, const struct s3l_presign_request *r, char *url, size_t cap)
{
    size_t i, n;
    int k = snprintf(url, cap, "%.*s?%.*s%sX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-SignedHeaders=",
                     (int)r->path_len, r->path, (int)r->query_len, r->query != NULL ? r->query : "",
                     r->query_len > 0 ? "&" : "");
    (void)ctx;
    CHECK(k > 0 && (size_t)k < cap);
    n = (size_t)k;
    for (i = 0; i < r->headers->count; i++) {
        const struct s3l_header *h = &r->headers->items[i];
        k = snprintf(url + n, cap - n, "%s%.*s", i > 0 ? "%3B" : "", (int)h->name_len, h->name);
        CHECK(k > 0 && (size_t)k < cap - n);
        n += (size_t)k;
    }
    k = snprintf(url + n, cap - n, "&X-Amz-Signature=%064u", r->attempt);
    CHECK(k > 0 && (size_t)k < cap - n);
    return S3L_OK;
}

static void flow(struct s3l_client *c, int presigned)
{
    struct s3l_create_mpu_params cp;
    static struct s3l_create_mpu_result cr;
    struct s3l_complete_mpu_params mp;
    static struct s3l_complete_mpu_result mr;
    static char etags[3][S3L_ETAG_MAX];
    struct s3l_complete_part parts[3];
    struct s3l_s3_error err;
    uint64_t t0 = g_peer.clock_ms;
    int rc, i;
    memset(&cp, 0, sizeof cp);
    cp.bucket = "bkt";
    cp.key = "obj";
    call_start(1);
    rc = s3l_client_create_mpu(c, &cp, &cr, &err);
    call_end(c, t0, "CreateMultipartUpload", rc);
    if (rc != S3L_OK) return;
    if (part(c, cr.upload_id, 1, S3L_PAYLOAD_MODE_SIGNED, S3L_CHECKSUM_NONE, 300, etags[0]) != S3L_OK ||
        part(c, cr.upload_id, 2, presigned ? S3L_PAYLOAD_MODE_UNSIGNED : S3L_PAYLOAD_MODE_STREAMING,
             presigned ? S3L_CHECKSUM_CRC32 : S3L_CHECKSUM_NONE, 1500, etags[1]) != S3L_OK ||
        part(c, cr.upload_id, 3,
             presigned ? S3L_PAYLOAD_MODE_UNSIGNED : S3L_PAYLOAD_MODE_UNSIGNED_TRAILER,
             presigned ? S3L_CHECKSUM_NONE : S3L_CHECKSUM_CRC32, 100, etags[2]) != S3L_OK)
        return;
    for (i = 0; i < 3; i++) {
        parts[i].part_number = (uint32_t)i + 1u;
        parts[i].etag = etags[i];
        parts[i].checksum = NULL;
    }
    memset(&mp, 0, sizeof mp);
    mp.bucket = "bkt";
    mp.key = "obj";
    mp.upload_id = cr.upload_id;
    mp.parts = parts;
    mp.part_count = 3;
    t0 = g_peer.clock_ms;
    call_start(0);
    rc = s3l_client_complete_mpu(c, &mp, &mr, &err);
    call_end(c, t0, "CompleteMultipartUpload", rc);
}

/* ---- the uploader's flow ------------------------------------------------------------------- */

#define UPLOAD_SRC 1000u
#define UPLOAD_PART 400u
#define UPLOAD_CAP 4u
#define UPLOAD_BOOTS 3

static uint8_t g_blob[S3L_UPLOADER_STATE_MAX];
static size_t g_blob_len;

static long up_read_at(void *ctx, uint64_t off, uint8_t *buf, size_t len)
{
    const uint8_t *src = ctx;
    if (off >= UPLOAD_SRC) return 0;
    if ((uint64_t)len > UPLOAD_SRC - off) len = (size_t)(UPLOAD_SRC - off);
    memcpy(buf, src + off, len);
    return (long)len;
}

static int up_save(void *ctx, const uint8_t *blob, size_t len)
{
    (void)ctx;
    CHECK(len <= sizeof g_blob);
    memcpy(g_blob, blob, len);
    g_blob_len = len;
    return 0;
}

static int network_error(int rc)
{
    return rc == S3L_ERR_NET || rc == S3L_ERR_CLOSED || rc == S3L_ERR_TIMEOUT ||
           rc == S3L_ERR_CONNECT;
}

/* One boot of the device: fresh RAM, the blob from the store; S3L_OK or the error. */
static int upload_boot(struct s3l_client *c, enum s3l_checksum_alg alg)
{
    static struct s3l_uploader u;
    static struct s3l_uploader_sweep_mem sweep;
    static struct s3l_complete_part list[UPLOAD_CAP];
    static char etags[UPLOAD_CAP][S3L_ETAG_MAX];
    static char sums[UPLOAD_CAP][S3L_CHECKSUM_B64_MAX + 1];
    static struct s3l_create_mpu_params cp;
    struct s3l_uploader_config cfg;
    uint64_t t0 = g_peer.clock_ms;
    int rc;
    memset(&cp, 0, sizeof cp);
    cp.bucket = "bkt";
    cp.key = "obj";
    cp.checksum_algorithm = alg;
    memset(&cfg, 0, sizeof cfg);
    cfg.client = c;
    cfg.create = &cp;
    cfg.part_size = UPLOAD_PART;
    cfg.allow_small_parts = 1;
    cfg.size_hint = UPLOAD_SRC;
    cfg.list_page = 2;
    cfg.read_at = up_read_at;
    cfg.save = up_save;
    cfg.ctx = g_data;
    cfg.parts.list = list;
    cfg.parts.etags = etags;
    cfg.parts.checksums = sums;
    cfg.parts.cap = UPLOAD_CAP;
    CHECK(s3l_uploader_init(&u, &cfg) == S3L_OK);
    s3l_uploader_source(&u, UPLOAD_SRC, 1);
    if (g_blob_len != 0) {
        CHECK(s3l_uploader_load(&u, g_blob, g_blob_len) == S3L_OK); /* its own blob */
        if (u.create_sent_at != 0) {
            rc = s3l_uploader_sweep(&u, &sweep);
            if (rc != S3L_OK) return rc;
        }
    }
    rc = s3l_uploader_run(&u);
    if (g_trace)
        fprintf(stderr, "  uploader: %d (%s), phase %d, failed %s part %u, %lu ms\n", rc,
                s3l_strerror(rc), (int)u.phase, u.failed_op != NULL ? u.failed_op : "-",
                (unsigned)u.failed_part, (unsigned long)(g_peer.clock_ms - t0));
    CHECK(rc != S3L_PENDING);
    return rc;
}

static void upload_flow(struct s3l_client *c, enum s3l_checksum_alg alg)
{
    int boot, rc = S3L_OK;
    g_blob_len = 0;
    call_start(0); /* one "call" for the whole upload: a definite answer ends it all */
    for (boot = 0; boot < UPLOAD_BOOTS; boot++) {
        rc = upload_boot(c, alg);
        s3l_client_close(c);
        if (!network_error(rc)) break;
        CHECK(!g_peer.definite_given);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct s3l_client c;
    static const struct s3l_credentials creds = {"AKIDFUZZ", "fuzzSecretKey/0123456789abcdefghijklmn",
                                                 NULL};
    struct s3l_transport t;
    struct s3l_platform plat;
    struct s3l_client_config cfg;
    size_t ns, nc, i;
    int uploader, presigned;
    g_trace = getenv("FUZZ_FLOW_TRACE") != NULL;
    if (size < 2) return 0;
    ns = data[0];
    nc = data[1] & 63u;
    uploader = (data[1] & 128u) != 0;
    presigned = !uploader && (data[1] & 64u) != 0;
    if (2 + ns + nc > size) return 0;
    memset(&g_peer, 0, sizeof g_peer);
    g_peer.definite_needed = presigned ? 2u : 1u;
    g_peer.send.p = data + 2;
    g_peer.send.n = ns;
    g_peer.conn.p = data + 2 + ns;
    g_peer.conn.n = nc;
    g_peer.recv.p = data + 2 + ns + nc;
    g_peer.recv.n = size - 2 - ns - nc;
    for (i = 0; i < sizeof g_data; i++) g_data[i / 1500][i % 1500] = (uint8_t)('a' + i % 26);

    memset(&t, 0, sizeof t);
    t.connect = t_connect;
    t.send = t_send;
    t.recv = t_recv;
    t.close = t_close;
    memset(&plat, 0, sizeof plat);
    plat.now = p_now;
    plat.monotonic_ms = p_mono;
    plat.sleep_ms = p_sleep;
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &t;
    cfg.platform = &plat;
    cfg.endpoint.host = "s3.example.com:9000";
    if (presigned) {
        cfg.presign = fuzz_presign;
    } else {
        cfg.creds = &creds;
        cfg.region = "us-east-1";
    }
    cfg.io_timeout_ms = 1000;
    cfg.continue_timeout_ms = 500;
    cfg.deadline_ms = DEADLINE_MS;
    cfg.max_attempts = ATTEMPTS;
    cfg.chunk_size = 512;
    cfg.io_buf = g_io;
    cfg.io_cap = sizeof g_io;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line;
    cfg.scratch = g_xml;
    cfg.scratch_cap = sizeof g_xml;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work;
    cfg.checksums = s3l_checksum_algos_all; /* the flow computes CRC32 for a trailer */
    CHECK((presigned ? s3l_client_init_presigned(&c, &cfg) : s3l_client_init(&c, &cfg)) == S3L_OK);
    if (uploader) upload_flow(&c, (data[1] & 64u) ? S3L_CHECKSUM_CRC32 : S3L_CHECKSUM_NONE);
    else flow(&c, presigned);
    s3l_client_close(&c);
    CHECK(!g_peer.connected);
    return 0;
}
