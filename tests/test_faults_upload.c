/* SPDX-License-Identifier: MIT */
/*
 * Fault injection at the uploader level: a whole uploader-driven multipart upload (4 parts,
 * CRC32C, a save hook keeping the state blob in memory) over the in-memory S3 of
 * tests/util_mini_s3 (in-process transport), once per fault point: every send/recv call index
 * x every fault kind of tests/util_fault_transport.c, with the client's retries on and off
 * (off: every fault reaches the uploader), and the network gone from a call on. The run
 * goes on like a device would: when a step fails with a network error it "reboots" (a fresh
 * uploader, s3l_uploader_load of the saved blob, s3l_uploader_sweep when a Create's answer
 * was never saved) and carries on, at most REBOOTS times. Each run must end with the object
 * equal to the source and no upload left open, or a clean error whose saved state, resumed
 * once the network is back, finishes the object; in bounded time (a watchdog ends the
 * program on a hang). Prints a table of fault kind x outcome. Without arguments (make test)
 * a short form runs; `test_faults_upload --full` (make test-faults) runs every point.
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/uploader.h"
#include "util_fault_transport.h"
#include "util_mini_s3.h"

#define PART 16384u
#define SRC_LEN (3u * PART + 5000u) /* 4 parts, the last one short */
#define CAP 8u
#define REBOOTS 5
#define IO_TIMEOUT_MS 20
#define RUN_LIMIT_S 20 /* the watchdog: no run may take this long */

static uint8_t g_src[SRC_LEN];

/* ---- outcomes ------------------------------------------------------------------------------- */

/* ok: no retry and no reboot; ok after retry: the client's retries hid the fault; ok after
 * resume: at least one reboot; clean error: REBOOTS reboots did not finish (the network stayed
 * gone), the saved state was then resumed on a healthy network and finished the object. */
enum outcome { O_OK = 0, O_RETRIED, O_RESUMED, O_CLEAN_ERROR, O_BAD, O_OUTCOMES };
static const char *const k_outcome[O_OUTCOMES] = {"ok", "ok after retry", "ok after resume",
                                                  "clean error", "BAD"};

/* Rows: each kind with the client's retries, each kind without, the network gone. */
#define ROW_NORETRY FT_KINDS
#define ROW_GONE (2 * FT_KINDS)
#define ROWS (2 * FT_KINDS + 1)
static unsigned g_table[ROWS][O_OUTCOMES];

static void on_alarm(int sig)
{
    static const char msg[] = "test_faults_upload: a run hung (watchdog)\n";
    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0) _exit(2);
    _exit(2);
}

/* ---- the client over the in-memory server, through the fault transport ----------------------- */

static struct s3l_client g_c;
static uint8_t g_io[16384];
static char g_line[1024], g_xml[4096], g_work[4096];
static struct s3l_transport g_mt;
static struct s3l_platform g_plat;
static struct s3l_credentials g_creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                          NULL};
static unsigned long g_sleeps;

static int64_t fixed_now(void *ctx)
{
    (void)ctx;
    return 1893456000; /* 2030-01-01 */
}

static uint64_t mono_ms(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Backoff waits are counted, not slept: the in-memory server needs no time to recover. */
static void count_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
    g_sleeps++;
}

static int client_setup(const struct s3l_transport *t, unsigned attempts)
{
    struct s3l_client_config cfg;
    memset(&cfg, 0, sizeof cfg);
    g_plat.now = fixed_now;
    g_plat.monotonic_ms = mono_ms;
    g_plat.sleep_ms = count_sleep;
    cfg.transport = t;
    cfg.platform = &g_plat;
    cfg.endpoint.host = "mini-s3:9000";
    cfg.creds = &g_creds;
    cfg.region = "us-east-1";
    cfg.io_timeout_ms = IO_TIMEOUT_MS;
    cfg.continue_timeout_ms = 10;
    cfg.deadline_ms = 2000;
    cfg.max_attempts = attempts;
    cfg.chunk_size = 4096;
    cfg.io_buf = g_io;
    cfg.io_cap = sizeof g_io;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line;
    cfg.scratch = g_xml;
    cfg.scratch_cap = sizeof g_xml;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work;
    cfg.checksums = s3l_checksum_algos_all;
    return s3l_client_init(&g_c, &cfg);
}

/* ---- the device: source, state store, part storage -------------------------------------------- */

static long src_read_at(void *ctx, uint64_t off, uint8_t *buf, size_t len)
{
    (void)ctx;
    if (off >= SRC_LEN) return 0;
    if ((uint64_t)len > SRC_LEN - off) len = (size_t)(SRC_LEN - off);
    memcpy(buf, g_src + off, len);
    return (long)len;
}

static uint8_t g_blob[S3L_UPLOADER_STATE_MAX];
static size_t g_blob_len;

static int save_blob(void *ctx, const uint8_t *blob, size_t len)
{
    (void)ctx;
    if (len > sizeof g_blob) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(g_blob, blob, len);
    g_blob_len = len;
    return 0;
}

static struct s3l_complete_part g_list[CAP];
static char g_etags[CAP][S3L_ETAG_MAX];
static char g_sums[CAP][S3L_CHECKSUM_B64_MAX + 1];
static struct s3l_create_mpu_params g_create;
static const char g_src_id[] = "flash log 7";
static struct s3l_uploader g_u;
static struct s3l_uploader_sweep_mem g_sweep;

static int network_error(int rc)
{
    return rc == S3L_ERR_NET || rc == S3L_ERR_CLOSED || rc == S3L_ERR_TIMEOUT ||
           rc == S3L_ERR_CONNECT;
}

/* Power on: RAM is fresh, the blob (if any) is what the store holds. Then run until done or
 * an error. S3L_OK, or the error that stopped this boot. */
static int boot_and_run(void)
{
    struct s3l_uploader_config cfg;
    int rc;
    memset(g_list, 0, sizeof g_list);
    memset(g_etags, 0, sizeof g_etags);
    memset(g_sums, 0, sizeof g_sums);
    memset(&g_u, 0, sizeof g_u);
    memset(&g_create, 0, sizeof g_create);
    g_create.bucket = "bkt";
    g_create.key = "log";
    g_create.checksum_algorithm = S3L_CHECKSUM_CRC32C;
    memset(&cfg, 0, sizeof cfg);
    cfg.client = &g_c;
    cfg.create = &g_create;
    cfg.part_size = PART;
    cfg.allow_small_parts = 1;
    cfg.size_hint = SRC_LEN;
    cfg.read_at = src_read_at;
    cfg.save = save_blob;
    cfg.source_id = g_src_id;
    cfg.source_id_len = sizeof g_src_id - 1;
    cfg.parts.list = g_list;
    cfg.parts.etags = g_etags;
    cfg.parts.checksums = g_sums;
    cfg.parts.cap = CAP;
    rc = s3l_uploader_init(&g_u, &cfg);
    if (rc != S3L_OK) return rc;
    s3l_uploader_source(&g_u, SRC_LEN, 1);
    if (g_blob_len != 0) {
        rc = s3l_uploader_load(&g_u, g_blob, g_blob_len);
        if (rc != S3L_OK) return rc;
        if (g_u.create_sent_at != 0) {
            rc = s3l_uploader_sweep(&g_u, &g_sweep);
            if (rc != S3L_OK) return rc;
        }
    }
    return s3l_uploader_run(&g_u);
}

/* The object equals the source and says 4 parts. */
static int object_ok(struct mini_s3 *s)
{
    char etag[64];
    size_t len = 0;
    const uint8_t *d = ms_object(s, "/bkt/log", &len, etag, sizeof etag);
    return d != NULL && len == SRC_LEN && memcmp(d, g_src, len) == 0 &&
           strlen(etag) > 4 && strcmp(etag + strlen(etag) - 3, "-4\"") == 0;
}

/* One run: the device boots until done or out of reboots. */
static enum outcome one_run(struct fault_transport *ft, unsigned attempts, const char *what,
                            unsigned long *calls)
{
    struct mini_s3 *s = ms_new();
    struct ms_conn *conn = s != NULL ? ms_conn_new(s, &g_mt) : NULL;
    enum outcome o = O_BAD;
    unsigned boots = 0;
    unsigned long again = 0;
    int rc = S3L_ERR_NET;
    if (conn == NULL) {
        CHECKF(0, "%s: no server", what);
        ms_free(s);
        return O_BAD;
    }
    s->now = fixed_now(NULL);
    ft->lower = &g_mt;
    g_blob_len = 0;
    alarm(RUN_LIMIT_S);
    for (boots = 0; boots <= REBOOTS; boots++) {
        if (client_setup(&ft->t, attempts) != S3L_OK) break;
        rc = boot_and_run();
        again += g_c.retries + g_c.reconnects + g_c.resigns;
        s3l_client_close(&g_c);
        if (rc == S3L_OK || !network_error(rc)) break;
    }
    if (calls != NULL) *calls = ft->calls;
    if (rc == S3L_OK) {
        o = boots > 0 ? O_RESUMED : again > 0 ? O_RETRIED : O_OK;
    } else if (network_error(rc) && g_blob_len != 0) {
        /* Out of reboots: the state must still finish the object once the network is back. */
        ft->at = 0;
        ft->persistent = 0;
        ft->again_left = 0;
        if (client_setup(&ft->t, attempts) == S3L_OK) {
            rc = boot_and_run();
            s3l_client_close(&g_c);
            if (rc == S3L_OK) o = O_CLEAN_ERROR;
        }
    }
    alarm(0);
    if (o != O_BAD && (!object_ok(s) || s->uploads_open != 0)) o = O_BAD;
    CHECKF(o != O_BAD, "%s: rc %d (%s), %u boots, object %s, %u uploads open, failed op %s",
           what, rc, s3l_strerror(rc), boots, object_ok(s) ? "right" : "wrong or missing",
           s->uploads_open, g_u.failed_op != NULL ? g_u.failed_op : "-");
    ms_conn_free(conn);
    ms_free(s);
    return o;
}

int main(int argc, char **argv)
{
    int full = argc > 1 && strcmp(argv[1], "--full") == 0;
    unsigned long points = 0, calls_in_flow = 0, i;
    int k, r;
    signal(SIGALRM, on_alarm);
    for (i = 0; i < SRC_LEN; i++) g_src[i] = (uint8_t)(i * 7u + (i >> 9));

    /* The upload without a fault: how many transport calls it makes. */
    {
        struct fault_transport ft;
        ft_init(&ft, &g_mt, FT_ERROR, 0);
        CHECK_EQ_INT(one_run(&ft, 0, "no fault", &calls_in_flow), O_OK);
    }

    /* Every call index x every kind, with the client's retries (row k) and without (row
     * ROW_NORETRY + k); the short form takes every 7th index. */
    for (r = 0; r < 2 * FT_KINDS; r++) {
        unsigned long at;
        k = r % FT_KINDS;
        for (at = 1; at <= calls_in_flow + 8; at++) { /* past the flow: retries add calls */
            struct fault_transport ft;
            char what[64];
            enum outcome o;
            if (!full && at % 7 != (unsigned long)r % 7) continue;
            ft_init(&ft, &g_mt, (enum ft_kind)k, at);
            snprintf(what, sizeof what, "%s%s at call %lu", ft_kind_name((enum ft_kind)k),
                     r >= ROW_NORETRY ? " (no retries)" : "", at);
            o = one_run(&ft, r >= ROW_NORETRY ? 1u : 0u, what, NULL);
            if (!ft.fired) break; /* the upload ended first */
            g_table[r][o]++;
            points++;
        }
    }

    /* The network gone from a call on (every call an error): the reboots run out, and the
     * state finishes the object once the network is back. */
    {
        unsigned long at;
        for (at = 1; at <= calls_in_flow; at++) {
            struct fault_transport ft;
            char what[64];
            enum outcome o;
            if (!full && at % 5 != 2) continue;
            ft_init(&ft, &g_mt, FT_ERROR, at);
            ft.persistent = 1;
            snprintf(what, sizeof what, "gone from call %lu", at);
            o = one_run(&ft, 0, what, NULL);
            g_table[ROW_GONE][o]++;
            points++;
        }
    }

    printf("uploader fault points: %lu (%s form; the upload: %lu transport calls, 4 parts, "
           "CRC32C, at most %d reboots a run), 0 hangs\n",
           points, full ? "full" : "short", calls_in_flow, REBOOTS);
    printf("%-18s", "fault");
    for (k = 0; k < O_OUTCOMES; k++) printf(" %15s", k_outcome[k]);
    printf("\n");
    for (r = 0; r < ROWS; r++) {
        char name[32];
        if (r == ROW_GONE) snprintf(name, sizeof name, "gone from");
        else snprintf(name, sizeof name, "%s%s", ft_kind_name((enum ft_kind)(r % FT_KINDS)),
                      r >= ROW_NORETRY ? " no-retry" : "");
        printf("%-18s", name);
        for (k = 0; k < O_OUTCOMES; k++) printf(" %15u", g_table[r][k]);
        printf("\n");
    }
    {
        unsigned bad = 0, resumed = 0;
        for (r = 0; r < ROWS; r++) bad += g_table[r][O_BAD];
        for (r = ROW_NORETRY; r < ROW_GONE; r++) resumed += g_table[r][O_RESUMED];
        CHECK_EQ_INT(bad, 0);
        CHECK(resumed > 0);                           /* reboots did happen and resume */
        CHECK(g_table[ROW_GONE][O_CLEAN_ERROR] > 0);  /* and the reboots did run out */
    }
    return th_summary();
}
