/* SPDX-License-Identifier: MIT */
/*
 * Fault injection at the client level: a whole multipart flow (CreateMultipartUpload, three
 * UploadParts: SIGNED, aws-chunked STREAMING and UNSIGNED_TRAILER with CRC32, then
 * CompleteMultipartUpload) against a verifying local server (tests/util_hostile_server.c's
 * hs_serve_s3: it decodes aws-chunked bodies, keeps each part's SHA-256 and accepts a Complete
 * only when every ETag matches), once per fault point:
 *  - every send/recv call index x every fault kind of tests/util_fault_transport.c (error,
 *    short, reset, close, AGAIN burst, stall past the timeout) over the POSIX transport;
 *  - byte offsets in both directions at which tests/util_cut_proxy.c cuts the connection.
 * Each run must end in the right object (the server's parts hash to the local data) or a
 * clean error (a transport code, at most one CreateMultipartUpload, nothing completed), in
 * bounded time (a watchdog ends the program on a hang). Prints a table of fault kind x
 * outcome. Without arguments (make test) a short form runs; `test_faults --full [--log FILE]`
 * (make test-faults) runs every point, and writes one line per run to FILE.
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/port_posix.h"
#include "util_cut_proxy.h"
#include "util_fault_transport.h"
#include "util_hostile_server.h"

#define PARTS 3
#define IO_TIMEOUT_MS 150
#define DEADLINE_MS 3000
#define RUN_LIMIT_S 20 /* the watchdog: no run may take this long */

static const size_t k_part_len[PARTS] = {20000, 20000, 7000};
static const enum s3l_payload_mode k_part_mode[PARTS] = {
    S3L_PAYLOAD_MODE_SIGNED, S3L_PAYLOAD_MODE_STREAMING, S3L_PAYLOAD_MODE_UNSIGNED_TRAILER};
static const enum s3l_checksum_alg k_part_checksum[PARTS] = {S3L_CHECKSUM_NONE, S3L_CHECKSUM_NONE,
                                                             S3L_CHECKSUM_CRC32};
static uint8_t g_data[PARTS][20000];
static uint8_t g_sha[PARTS][32];

/* ---- outcomes ------------------------------------------------------------------------------ */

/* ok: no retry was needed; clean error: a transport code, nothing completed; "error,
 * completed": the Complete reached the server (the object is right) but its answer was lost
 * for good: the caller (the uploader) checks the object before calling the upload lost. */
enum outcome { O_OK = 0, O_RETRIED, O_CLEAN_ERROR, O_ERR_COMPLETED, O_BAD, O_OUTCOMES };
static const char *const k_outcome[O_OUTCOMES] = {"ok", "ok after retry", "clean error",
                                                  "error,completed", "BAD"};

/* The transport kinds once, the network gone (error, stall) from a call on, the proxy's cuts. */
#define ROW_GONE_ERROR FT_KINDS
#define ROW_GONE_STALL (FT_KINDS + 1)
#define ROW_CUT (FT_KINDS + 2)
#define ROWS (FT_KINDS + 4)
static unsigned g_table[ROWS][O_OUTCOMES];
static FILE *g_log; /* --log FILE: one line per run */
static const char *row_name(int r)
{
    static const char *const more[] = {"error from", "stall from", "cut up", "cut down"};
    return r < FT_KINDS ? ft_kind_name((enum ft_kind)r) : more[r - FT_KINDS];
}

/* ---- the watchdog ---------------------------------------------------------------------------- */

static void on_alarm(int sig)
{
    static const char msg[] = "test_faults: a run hung (watchdog)\n";
    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0) _exit(2);
    _exit(2);
}

/* ---- the client ---------------------------------------------------------------------------- */

static struct s3l_client g_c;
static uint8_t g_io[16384];
static char g_line[1024], g_xml[4096], g_work[4096];
static struct s3l_net g_net;
static struct s3l_transport g_posix;
static struct s3l_platform g_plat;
static struct s3l_credentials g_creds = {"AKIDFAULTS", "faultsSecretKey/0123456789abcdefghijkl", NULL};
static char g_host[64];

static int client_setup(const struct s3l_transport *t, uint16_t port)
{
    struct s3l_client_config cfg;
    memset(&cfg, 0, sizeof cfg);
    /* the POSIX clocks and sleep; no entropy: each backoff waits its cap, runs repeat */
    if (s3l_posix_platform_init(&g_plat) != S3L_OK) return S3L_ERR_ABI;
    g_plat.entropy = NULL;
    snprintf(g_host, sizeof g_host, "127.0.0.1:%u", (unsigned)port);
    cfg.transport = t;
    cfg.platform = &g_plat;
    cfg.endpoint.host = g_host;
    cfg.creds = &g_creds;
    cfg.region = "us-east-1";
    cfg.connect_timeout_ms = 1000;
    cfg.io_timeout_ms = IO_TIMEOUT_MS;
    cfg.continue_timeout_ms = 100;
    cfg.deadline_ms = DEADLINE_MS;
    cfg.backoff_base_ms = 2;
    cfg.backoff_max_ms = 10;
    cfg.chunk_size = 4096;
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

/* The whole flow; S3L_OK or the first failing call's result. */
static int flow(void)
{
    struct s3l_create_mpu_params cp;
    struct s3l_create_mpu_result cr;
    struct s3l_complete_mpu_params mp;
    struct s3l_complete_mpu_result mr;
    struct s3l_complete_part parts[PARTS];
    static char etags[PARTS][S3L_ETAG_MAX];
    struct s3l_s3_error err;
    int rc, i;
    memset(&cp, 0, sizeof cp);
    cp.bucket = "bkt";
    cp.key = "obj";
    rc = s3l_client_create_mpu(&g_c, &cp, &cr, &err);
    if (rc != S3L_OK) return rc;
    for (i = 0; i < PARTS; i++) {
        struct s3l_upload_part_params pp;
        struct s3l_upload_part_result pr;
        struct s3l_mem_reader rd;
        struct s3l_body b;
        memset(&pp, 0, sizeof pp);
        memset(&b, 0, sizeof b);
        pp.bucket = "bkt";
        pp.key = "obj";
        pp.upload_id = cr.upload_id;
        pp.part_number = (uint32_t)i + 1u;
        pp.content_length = k_part_len[i];
        s3l_mem_reader_init(&rd, g_data[i], k_part_len[i], &b.reader);
        b.mode = k_part_mode[i];
        b.checksum = k_part_checksum[i];
        rc = s3l_client_upload_part(&g_c, &pp, &b, &pr, &err);
        if (rc != S3L_OK) return rc;
        memcpy(etags[i], pr.etag, sizeof etags[i]);
        parts[i].part_number = pp.part_number;
        parts[i].etag = etags[i];
        parts[i].checksum = NULL;
    }
    memset(&mp, 0, sizeof mp);
    mp.bucket = "bkt";
    mp.key = "obj";
    mp.upload_id = cr.upload_id;
    mp.parts = parts;
    mp.part_count = PARTS;
    return s3l_client_complete_mpu(&g_c, &mp, &mr, &err);
}

/* The object the server completed is ours, part by part. */
static int object_ok(struct hostile_server *srv)
{
    const struct hs_object *o = hs_object(srv);
    int i;
    if (o->completed < 1 || o->part_count != PARTS) return 0;
    for (i = 0; i < PARTS; i++) {
        if (memcmp(o->part_sha256[i], g_sha[i], 32) != 0) return 0;
    }
    return 1;
}

static int transport_error(int rc)
{
    return rc == S3L_ERR_NET || rc == S3L_ERR_CLOSED || rc == S3L_ERR_TIMEOUT ||
           rc == S3L_ERR_CONNECT;
}

/* One run over transport t to port; classify it and check its rules. */
static enum outcome one_run(struct hostile_server *srv, const struct s3l_transport *t,
                            uint16_t port, const char *what)
{
    enum outcome o;
    int rc, creates;
    unsigned long again;
    uint64_t t0;
    hs_clear(srv);
    if (client_setup(t, port) != S3L_OK) {
        CHECKF(0, "%s: client setup", what);
        return O_BAD;
    }
    alarm(RUN_LIMIT_S);
    t0 = g_plat.monotonic_ms(g_plat.ctx);
    rc = flow();
    again = g_c.retries + g_c.reconnects + g_c.resigns;
    s3l_client_close(&g_c);
    hs_settle(srv, (int)g_c.connects);
    alarm(0);
    creates = hs_count_method(srv, "POST", "?uploads");
    if (rc == S3L_OK) o = object_ok(srv) ? (again > 0 ? O_RETRIED : O_OK) : O_BAD;
    else if (!transport_error(rc) || creates > 1) o = O_BAD;
    else if (hs_object(srv)->completed == 0) o = O_CLEAN_ERROR;
    else o = object_ok(srv) ? O_ERR_COMPLETED : O_BAD;
    if (o == O_BAD) {
        int q;
        for (q = 0; q < hs_count(srv); q++)
            fprintf(stderr, "  request %d: conn %d %s %s\n", q, hs_get(srv, q)->conn,
                    hs_get(srv, q)->method, hs_get(srv, q)->target);
    }
    if (g_log != NULL)
        fprintf(g_log, "%-24s rc %-4d %-16s creates %d completed %d retries %lu ms %lu\n", what, rc,
                k_outcome[o], creates, hs_object(srv)->completed, again,
                (unsigned long)(g_plat.monotonic_ms(g_plat.ctx) - t0));
    CHECKF(o != O_BAD, "%s: rc %d (%s), %d creates, completed %d", what, rc, s3l_strerror(rc),
           creates, hs_object(srv)->completed);
    /* A second CreateMultipartUpload would leave an upload behind. */
    CHECKF(creates <= 1, "%s: %d CreateMultipartUpload", what, creates);
    CHECKF(g_plat.monotonic_ms(g_plat.ctx) - t0 < 5u * DEADLINE_MS, "%s: took %lu ms", what,
           (unsigned long)(g_plat.monotonic_ms(g_plat.ctx) - t0));
    return o;
}

static void serve(void *ctx, struct hs_conn *c, int conn)
{
    (void)ctx;
    (void)conn;
    hs_serve_s3(c, hs_read_head(c));
}

int main(int argc, char **argv)
{
    int full = argc > 1 && strcmp(argv[1], "--full") == 0;
    struct hostile_server *srv = hs_start(serve, NULL);
    struct cut_proxy *px = NULL;
    unsigned long points = 0, calls_in_flow = 0;
    uint64_t total[2] = {0, 0};
    int i, r, k;
    size_t j;
    if (srv == NULL) {
        fprintf(stderr, "cannot start the server\n");
        return 1;
    }
    if (argc > 3 && strcmp(argv[2], "--log") == 0) g_log = fopen(argv[3], "w");
    signal(SIGALRM, on_alarm);
    for (i = 0; i < PARTS; i++) {
        for (j = 0; j < k_part_len[i]; j++) g_data[i][j] = (uint8_t)(j * 7u + (unsigned)i * 13u + (j >> 8));
        s3l_sha256(g_data[i], k_part_len[i], g_sha[i]);
    }
    s3l_posix_net_init(&g_net, &g_posix, NULL);

    /* The flow without a fault: how many transport calls it makes. */
    {
        struct fault_transport ft;
        ft_init(&ft, &g_posix, FT_ERROR, 0);
        CHECK_EQ_INT(one_run(srv, &ft.t, hs_port(srv), "no fault"), O_OK);
        calls_in_flow = ft.calls;
    }

    /* Every call index x every kind (short form: a sample of the indices). */
    for (k = 0; k < FT_KINDS; k++) {
        unsigned long at;
        for (at = 1; at <= calls_in_flow + 8; at++) { /* past the flow: a retry makes more calls */
            struct fault_transport ft;
            char what[64];
            enum outcome o;
            if (!full && at % 5 != 1) continue;
            ft_init(&ft, &g_posix, (enum ft_kind)k, at);
            snprintf(what, sizeof what, "%s at call %lu", ft_kind_name((enum ft_kind)k), at);
            o = one_run(srv, &ft.t, hs_port(srv), what);
            if (!ft.fired) break; /* the flow ended first */
            g_table[k][o]++;
            points++;
        }
    }

    /* The network gone from a call on: every call fails (an error, or a stall each time):
     * the retries run out, or the deadline ends the call, and the flow stops cleanly. */
    for (r = ROW_GONE_ERROR; r <= ROW_GONE_STALL; r++) {
        unsigned long at;
        for (at = 1; at <= calls_in_flow; at++) {
            struct fault_transport ft;
            char what[64];
            enum outcome o;
            if (!full && at % 6 != 2) continue;
            ft_init(&ft, &g_posix, r == ROW_GONE_ERROR ? FT_ERROR : FT_STALL, at);
            ft.persistent = 1;
            snprintf(what, sizeof what, "%s call %lu", row_name(r), at);
            o = one_run(srv, &ft.t, hs_port(srv), what);
            if (!ft.fired) break;
            g_table[r][o]++;
            points++;
        }
    }

    /* Cuts at byte offsets, both directions, through the proxy. */
    px = cp_start(hs_port(srv));
    CHECK(px != NULL);
    if (px != NULL) {
        cp_arm(px, CP_UP, 0);
        CHECK_EQ_INT(one_run(srv, &g_posix, cp_port(px), "proxy, no cut"), O_OK);
        total[CP_UP] = cp_bytes(px, CP_UP);
        total[CP_DOWN] = cp_bytes(px, CP_DOWN);
        for (r = 0; r < 2; r++) {
            int steps = full ? 40 : 4, s;
            for (s = 0; s < steps + 2; s++) {
                /* 1 byte, 100 bytes, then evenly spaced offsets over the flow */
                uint64_t off = s == 0 ? 1 : s == 1 ? 100 : total[r] * (uint64_t)(s - 1) / (uint64_t)steps;
                char what[64];
                enum outcome o;
                if (off == 0 || off > total[r]) continue;
                cp_arm(px, (enum cp_dir)r, off);
                snprintf(what, sizeof what, "cut %s at byte %lu", r == CP_UP ? "up" : "down",
                         (unsigned long)off);
                o = one_run(srv, &g_posix, cp_port(px), what);
                if (!cp_cut_done(px)) continue;
                g_table[ROW_CUT + r][o]++;
                points++;
            }
        }
        cp_stop(px);
    }
    s3l_posix_net_free(&g_net);
    hs_stop(srv);
    if (g_log != NULL) fclose(g_log);

    printf("fault points: %lu (%s form; flow: %lu transport calls, %lu bytes up, %lu down), "
           "0 hangs\n",
           points, full ? "full" : "short", calls_in_flow, (unsigned long)total[CP_UP],
           (unsigned long)total[CP_DOWN]);
    printf("%-10s", "fault");
    for (i = 0; i < O_OUTCOMES; i++) printf(" %15s", k_outcome[i]);
    printf("\n");
    for (r = 0; r < ROWS; r++) {
        printf("%-10s", row_name(r));
        for (i = 0; i < O_OUTCOMES; i++) printf(" %15u", g_table[r][i]);
        printf("\n");
    }
    return th_summary();
}
