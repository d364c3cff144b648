/* SPDX-License-Identifier: MIT */
/*
 * The firmware uploader image (make qemu-upload): on the mps2-an386 (Cortex-M4F), lwIP's raw
 * API (NO_SYS=1, port/lwip/lwipopts.h) over the board's LAN9118 (lan9118_netif.c), the lwIP
 * transport (port/lwip/net_lwip_raw.c), the client and the resumable uploader upload a log
 * with multipart, as a device would:
 *  - the log is read through semihosting (semihost.h) at the offsets the uploader asks for,
 *    as a device reads its flash log;
 *  - the uploader's state blob is written to a host file (STATE) after every step, standing
 *    in for a flash page: a run killed mid-upload resumes from it (ListParts keeps the parts
 *    the server holds); it is removed once the object is complete;
 *  - no RTC: the wall clock is the host's time at start (SYS_TIME) plus SysTick's count, and
 *    SysTick is the monotonic clock (sys_now() for lwIP, deadlines for the client);
 *  - one poll hook moves received frames into lwIP and runs its timers; the transport calls
 *    it while it waits and the client's sleep_ms calls it too (qemu-upload.sh, the host side).
 *
 * Its settings come in a job file (NAME=VALUE lines) named by S3L_JOB on QEMU's -append line:
 * FILE, STATE, BUCKET, KEY, HOST (the endpoint's host:port: Host header and signature),
 * PORT (the forwarded port, reached at 10.0.2.100), PAYLOAD, PART_SIZE (0: the uploader's
 * choice), REGION, and the credentials AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. The file is
 * mode 0600 and removed as soon as it is read: the secret never appears on a command line.
 * Exit status (semihosting SYS_EXIT_EXTENDED): 0 only when the object is complete, 1 when the
 * upload failed (the state stays for the next run), 2 on a bad job, 3 on a fault.
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "lan9118_netif.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "s3lite/client.h"
#include "s3lite/hash.h"
#include "s3lite/port_lwip.h"
#include "s3lite/uploader.h"
#include "semihost.h"

/* QEMU's user network (slirp): the guest's address, its gateway, and the address the
 * one forwarded port answers on (-nic user,...,guestfwd=tcp:10.0.2.100:PORT-cmd:...). */
#define GUEST_IP   "10.0.2.15"
#define GUEST_MASK "255.255.255.0"
#define GATEWAY_IP "10.0.2.2"
#define SERVER_IP  "10.0.2.100"

/* SysTick counts the 25 MHz processor clock (board.h). */
#define TICKS_PER_MS 25000u

#define PARTS_CAP 256          /* 256 parts: a 2 GiB log at the 8 MiB default part size */
#define CHUNK 16384            /* aws-chunked payload per chunk */
#define JOB_MAX 4096
#define PATH_MAX_LEN 512

struct job {
    char file[PATH_MAX_LEN], state[PATH_MAX_LEN], state_tmp[PATH_MAX_LEN + 4];
    char bucket[S3L_BUCKET_MAX], key[S3L_KEY_MAX], host[128], payload[16], region[32];
    char access_key[128], secret_key[128];
    unsigned long port;
    unsigned long long part_size;
};

/* Everything a firmware keeps in static RAM. */
struct app {
    struct job job;
    struct netif netif;
    struct lan9118_netif eth;
    struct s3l_platform platform;
    struct s3l_net net;
    struct s3l_transport transport;
    struct s3l_credentials creds;
    struct s3l_client client;
    struct s3l_create_mpu_params create;
    struct s3l_uploader up;
    struct s3l_uploader_sweep_mem sweep;
    struct s3l_complete_part parts[PARTS_CAP];
    char etags[PARTS_CAP][S3L_ETAG_MAX];
    uint8_t io[CHUNK + S3L_CLIENT_IO_OVERHEAD];
    char line[S3L_HTTP_LINE_MAX];
    char scratch[S3L_CLIENT_SCRATCH_MIN];
    char work[4096];
    uint8_t blob[S3L_UPLOADER_STATE_MAX];
    int log_fd;
    int64_t boot_time;         /* host clock at start, Unix seconds */
    uint32_t boot_ms;          /* sys_now() then */
};

static struct app g_app;

/* ---- clocks -------------------------------------------------------------------------- */

/* lwIP's clock (NO_SYS=1): milliseconds since SysTick started. */
u32_t sys_now(void)
{
    return (u32_t)(board_ticks() / TICKS_PER_MS);
}

static int64_t board_now(void *ctx)
{
    const struct app *app = ctx;
    return app->boot_time + (int64_t)((sys_now() - app->boot_ms) / 1000u);
}

static uint64_t board_mono(void *ctx)
{
    (void)ctx;
    return board_ticks() / TICKS_PER_MS;
}

/* ---- the network: polled --------------------------------------------------------------- */

/* Received frames into lwIP, then its timers; back as soon as a frame came in, else after
 * about max_wait_ms. */
static void board_poll(void *ctx, uint32_t max_wait_ms)
{
    struct app *app = ctx;
    uint32_t start = sys_now();
    do {
        int frames = lan9118_netif_poll(&app->netif);
        sys_check_timeouts();
        if (frames > 0) break;
    } while (sys_now() - start < max_wait_ms);
}

/* Waiting is polling: lwIP keeps running while the client backs off or waits for data. */
static void board_sleep(void *ctx, uint32_t ms)
{
    uint32_t start = sys_now();
    unsigned i;
    for (i = 0; i < 1000000u && sys_now() - start < ms; i++) {
        board_poll(ctx, ms - (sys_now() - start));
    }
}

static int bring_up(struct app *app)
{
    ip4_addr_t ip, mask, gw, server;
    uint32_t start;
    unsigned i;

    (void)ip4addr_aton(GUEST_IP, &ip);
    (void)ip4addr_aton(GUEST_MASK, &mask);
    (void)ip4addr_aton(GATEWAY_IP, &gw);
    (void)ip4addr_aton(SERVER_IP, &server);
    /* LWIP_RAND: the first local port and the initial sequence numbers differ per boot. */
    srand((unsigned)app->boot_time ^ (unsigned)board_ticks());
    lwip_init();
    app->eth.base = BOARD_LAN9118_BASE;
    if (netif_add(&app->netif, &ip, &mask, &gw, &app->eth, lan9118_netif_init,
                  ethernet_input) == NULL) {
        fprintf(stderr, "qemu-upload: no LAN9118 answers at 0x%08lx\n",
                (unsigned long)BOARD_LAN9118_BASE);
        return -1;
    }
    netif_set_default(&app->netif);
    netif_set_link_up(&app->netif);
    netif_set_up(&app->netif);
    /* Resolve the server's address before the first SYN (bounded: 2 s). */
    start = sys_now();
    for (i = 0; i < 1000u && sys_now() - start < 2000u; i++) {
        struct eth_addr *eth = NULL;
        const ip4_addr_t *found = NULL;
        if (i % 50u == 0) (void)etharp_request(&app->netif, &server);
        if (etharp_find_addr(&app->netif, &server, &eth, &found) >= 0) return 0;
        board_poll(app, 10u);
    }
    fprintf(stderr, "qemu-upload: no ARP answer from %s\n", SERVER_IP);
    return -1;
}

/* ---- the job file ---------------------------------------------------------------------- */

static int set_field(char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n >= cap) return -1;
    memcpy(dst, v, n + 1);
    return 0;
}

static int job_line(struct job *j, char *name, const char *v)
{
    if (strcmp(name, "FILE") == 0) return set_field(j->file, sizeof j->file, v);
    if (strcmp(name, "STATE") == 0) return set_field(j->state, sizeof j->state, v);
    if (strcmp(name, "BUCKET") == 0) return set_field(j->bucket, sizeof j->bucket, v);
    if (strcmp(name, "KEY") == 0) return set_field(j->key, sizeof j->key, v);
    if (strcmp(name, "HOST") == 0) return set_field(j->host, sizeof j->host, v);
    if (strcmp(name, "PAYLOAD") == 0) return set_field(j->payload, sizeof j->payload, v);
    if (strcmp(name, "REGION") == 0) return set_field(j->region, sizeof j->region, v);
    if (strcmp(name, "AWS_ACCESS_KEY_ID") == 0)
        return set_field(j->access_key, sizeof j->access_key, v);
    if (strcmp(name, "AWS_SECRET_ACCESS_KEY") == 0)
        return set_field(j->secret_key, sizeof j->secret_key, v);
    if (strcmp(name, "PORT") == 0) {
        j->port = strtoul(v, NULL, 10);
        return j->port > 0 && j->port < 65536 ? 0 : -1;
    }
    if (strcmp(name, "PART_SIZE") == 0) {
        j->part_size = strtoull(v, NULL, 10);
        return 0;
    }
    return -1;
}

/* Read the job file named by S3L_JOB, then remove it (it holds the secret). */
static int read_job(struct job *j)
{
    static char text[JOB_MAX];
    const char *path = getenv("S3L_JOB");
    char *line, *save = NULL;
    long n;
    int fd, bad = 0;

    if (path == NULL || (fd = sh_open(path, SH_MODE_RB)) < 0) {
        fprintf(stderr, "qemu-upload: no job file (S3L_JOB)\n");
        return -1;
    }
    n = sh_read(fd, text, sizeof text - 1);
    (void)sh_close(fd);
    (void)sh_remove(path);
    if (n <= 0 || n >= (long)sizeof text - 1) {
        s3l_wipe(text, sizeof text);
        fprintf(stderr, "qemu-upload: job file empty or too long\n");
        return -1;
    }
    text[n] = '\0';
    memset(j, 0, sizeof *j);
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (eq == NULL) continue;
        *eq = '\0';
        if (job_line(j, line, eq + 1) != 0) {
            fprintf(stderr, "qemu-upload: bad job setting %s\n", line);
            bad = 1;
        }
    }
    s3l_wipe(text, sizeof text); /* the secret was in it */
    if (bad || j->file[0] == '\0' || j->state[0] == '\0' || j->bucket[0] == '\0' ||
        j->key[0] == '\0' || j->host[0] == '\0' || j->port == 0 || j->access_key[0] == '\0' ||
        j->secret_key[0] == '\0') {
        fprintf(stderr, "qemu-upload: the job needs FILE, STATE, BUCKET, KEY, HOST, PORT and "
                        "credentials\n");
        return -1;
    }
    if (j->region[0] == '\0') strcpy(j->region, "us-east-1");
    if (j->payload[0] == '\0') strcpy(j->payload, "streaming");
    (void)snprintf(j->state_tmp, sizeof j->state_tmp, "%s.new", j->state);
    return 0;
}

/* ---- the log and the state page -------------------------------------------------------- */

static long log_read_at(void *ctx, uint64_t offset, uint8_t *buf, size_t len)
{
    struct app *app = ctx;
    long n;
    if (offset > 0x7FFFFFFFu) return S3L_ERR_IO; /* semihosting's offsets are 32-bit */
    if (sh_seek(app->log_fd, (uint32_t)offset) != 0) return S3L_ERR_IO;
    n = sh_read(app->log_fd, buf, len);
    return n < 0 ? S3L_ERR_IO : n;
}

/* The whole blob to STATE.new, then renamed over STATE: a kill leaves the old or the new. */
static int state_save(void *ctx, const uint8_t *blob, size_t len)
{
    struct app *app = ctx;
    int fd = sh_open(app->job.state_tmp, SH_MODE_WB);
    int rc;
    if (fd < 0) return S3L_ERR_IO;
    rc = sh_write(fd, blob, len);
    if (sh_close(fd) != 0) rc = -1;
    if (rc != 0 || sh_rename(app->job.state_tmp, app->job.state) != 0) return S3L_ERR_IO;
    return S3L_OK;
}

/* The saved blob's length, 0 when there is none, -1 when it cannot be read. */
static long state_load(struct app *app)
{
    int fd = sh_open(app->job.state, SH_MODE_RB);
    long len, n;
    if (fd < 0) return 0;
    len = sh_flen(fd);
    n = len > 0 && len <= (long)sizeof app->blob ? sh_read(fd, app->blob, (size_t)len) : -1;
    (void)sh_close(fd);
    if (len == 0) return 0;
    return n == len ? n : -1;
}

/* ---- the upload ------------------------------------------------------------------------ */

static enum s3l_payload_mode payload_mode(const char *s)
{
    if (strcmp(s, "signed") == 0) return S3L_PAYLOAD_MODE_SIGNED;
    if (strcmp(s, "unsigned") == 0) return S3L_PAYLOAD_MODE_UNSIGNED;
    return S3L_PAYLOAD_MODE_STREAMING;
}

static int start_client(struct app *app)
{
    struct s3l_lwip_config lc;
    struct s3l_client_config cfg;
    int rc;

    app->platform.now = board_now;
    app->platform.sleep_ms = board_sleep;
    app->platform.monotonic_ms = board_mono;
    app->platform.ctx = app;
    memset(&lc, 0, sizeof lc);
    lc.platform = &app->platform;
    lc.poll = board_poll;
    lc.poll_ctx = app;
    rc = s3l_lwip_net_init(&app->net, &app->transport, &lc);
    if (rc != S3L_OK) return rc;
    app->creds.access_key_id = app->job.access_key;
    app->creds.secret_access_key = app->job.secret_key;
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &app->transport;
    cfg.platform = &app->platform;
    cfg.endpoint.host = app->job.host;       /* Host header and signature: the endpoint's */
    cfg.connect_host = SERVER_IP;            /* the connection: QEMU's forwarded port */
    cfg.connect_port = (uint16_t)app->job.port;
    cfg.creds = &app->creds;
    cfg.region = app->job.region;
    cfg.chunk_size = CHUNK;
    cfg.io_buf = app->io;
    cfg.io_cap = sizeof app->io;
    cfg.line_buf = app->line;
    cfg.line_cap = sizeof app->line;
    cfg.scratch = app->scratch;
    cfg.scratch_cap = sizeof app->scratch;
    cfg.work = app->work;
    cfg.work_cap = sizeof app->work;
    rc = s3l_client_init(&app->client, &cfg);
    if (rc != S3L_OK) {
        fprintf(stderr, "qemu-upload: client: %s (%s)\n", s3l_strerror(rc),
                app->client.init_error != NULL ? app->client.init_error : "");
    }
    return rc;
}

static int start_uploader(struct app *app, uint64_t size)
{
    struct s3l_uploader_config cfg;
    int rc;
    app->create.bucket = app->job.bucket;
    app->create.key = app->job.key;
    memset(&cfg, 0, sizeof cfg);
    cfg.client = &app->client;
    cfg.create = &app->create;
    cfg.mode = payload_mode(app->job.payload);
    cfg.part_size = app->job.part_size;
    cfg.size_hint = size;
    cfg.read_at = log_read_at;
    cfg.save = state_save;
    cfg.ctx = app;
    /* The log's identity: its path and size (semihosting tells no inode or mtime). */
    cfg.source_id = app->job.file;
    cfg.source_id_len = strlen(app->job.file);
    cfg.shape = app->job.host;
    cfg.shape_len = strlen(app->job.host);
    cfg.parts.list = app->parts;
    cfg.parts.etags = app->etags;
    cfg.parts.cap = PARTS_CAP;
    rc = s3l_uploader_init(&app->up, &cfg);
    if (rc == S3L_OK) s3l_uploader_source(&app->up, size, 1);
    return rc;
}

/* Resume from the state page when it records this upload; else start a new one. */
static int resume(struct app *app, uint64_t size)
{
    long len = state_load(app);
    int rc;
    if (len == 0) return S3L_OK;
    rc = len < 0 ? S3L_ERR_STATE_CORRUPT : s3l_uploader_load(&app->up, app->blob, (size_t)len);
    if (rc != S3L_OK) {
        /* Another log, target or a damaged page: a device starts the new upload (what the
         * old one left is for the bucket's lifecycle rule). */
        printf("qemu-upload: %s not used (%s): a new upload\n", app->job.state,
               s3l_strerror(rc));
        return start_uploader(app, size);
    }
    printf("qemu-upload: resuming upload %s from %s (%lu parts recorded)\n",
           app->up.upload_id[0] != '\0' ? app->up.upload_id : "(Create unanswered)",
           app->job.state, (unsigned long)app->up.parts_recorded);
    if (app->up.create_sent_at != 0) {
        /* A Create sent before the kill whose answer was never saved: abort what it left. */
        rc = s3l_uploader_sweep(&app->up, &app->sweep);
        if (rc != S3L_OK) return rc;
    }
    return S3L_OK;
}

static int run(struct app *app, uint64_t size)
{
    uint32_t total = (uint32_t)((size + app->up.part_size - 1) / app->up.part_size);
    uint32_t shown_sent = 0, t0 = sys_now(), ms;
    unsigned steps;
    int rc = S3L_PENDING;

    printf("qemu-upload: %lu bytes, %lu parts of %lu bytes, payload %s\n", (unsigned long)size,
           (unsigned long)total, (unsigned long)app->up.part_size, app->job.payload);
    for (steps = 0; rc == S3L_PENDING && steps < 4u * S3L_UPLOADER_PARTS_MAX; steps++) {
        enum s3l_uploader_phase before = app->up.phase;
        rc = s3l_uploader_step(&app->up);
        if (before == S3L_UPLOADER_CREATE && app->up.upload_id[0] != '\0') {
            printf("qemu-upload: created upload %s\n", app->up.upload_id);
        }
        if (before == S3L_UPLOADER_LIST && app->up.phase != S3L_UPLOADER_LIST) {
            printf("qemu-upload: ListParts: %lu parts on the server, %lu kept\n",
                   (unsigned long)app->up.parts_listed, (unsigned long)app->up.parts_kept);
        }
        if (app->up.parts_sent != shown_sent) {
            shown_sent = app->up.parts_sent;
            printf("qemu-upload: part %lu of %lu done (%lu sent)\n",
                   (unsigned long)app->up.parts_done, (unsigned long)total,
                   (unsigned long)shown_sent);
        }
        fflush(stdout);
    }
    ms = sys_now() - t0;
    if (rc != S3L_OK) {
        char why[256];
        char part[24] = "";
        if (app->up.failed_part != 0) {
            (void)snprintf(part, sizeof part, " %lu", (unsigned long)app->up.failed_part);
        }
        (void)s3l_lwip_net_describe(&app->net, rc, why, sizeof why);
        fprintf(stderr, "qemu-upload: %s%s failed: %s%s%s (the state stays in %s)\n",
                app->up.failed_op != NULL ? app->up.failed_op : "upload", part, why,
                app->up.err.code[0] ? ": " : "", app->up.err.code, app->job.state);
        return rc == S3L_PENDING ? S3L_ERR_TIMEOUT : rc;
    }
    (void)sh_remove(app->job.state); /* the page is erased once the object exists */
    printf("qemu-upload: complete: %lu bytes in %lu parts (%lu sent, %lu kept from before)%s%s, "
           "%lu ms, %lu KB/s, stack high-water %lu bytes\n",
           (unsigned long)size, (unsigned long)total, (unsigned long)app->up.parts_sent,
           (unsigned long)app->up.parts_kept,
           app->up.confirmed_by_head ? ", checked with HeadObject" :
           (app->up.r.complete.etag[0] != '\0' ? ", ETag " : ""),
           app->up.confirmed_by_head ? "" : app->up.r.complete.etag,
           (unsigned long)ms, ms > 0 ? (unsigned long)(size / ms) : 0ul,
           (unsigned long)board_stack_high_water());
    return S3L_OK;
}

int main(int argc, char **argv)
{
    struct app *app = &g_app;
    long size;
    int rc, code;

    (void)argc;
    (void)argv;

    board_stack_paint();
    board_ticks_start();
    app->boot_time = sh_time();
    app->boot_ms = sys_now();
    app->log_fd = -1;
    code = 2;
    if (read_job(&app->job) != 0) goto out;
    app->log_fd = sh_open(app->job.file, SH_MODE_RB);
    size = app->log_fd >= 0 ? sh_flen(app->log_fd) : -1;
    if (size <= 0) {
        fprintf(stderr, "qemu-upload: cannot read %s (or it is empty)\n", app->job.file);
        goto out;
    }
    code = 1;
    if (bring_up(app) != 0) goto out;
    rc = start_client(app);
    if (rc == S3L_OK) rc = start_uploader(app, (uint64_t)size);
    if (rc != S3L_OK) {
        fprintf(stderr, "qemu-upload: setup: %s\n", s3l_strerror(rc));
        code = 2;
        goto out;
    }
    rc = resume(app, (uint64_t)size);
    fflush(stdout);
    if (rc == S3L_OK) rc = run(app, (uint64_t)size);
    else fprintf(stderr, "qemu-upload: resuming: %s failed: %s%s%s\n",
                 app->up.failed_op != NULL ? app->up.failed_op : "sweep", s3l_strerror(rc),
                 app->up.err.code[0] ? ": " : "", app->up.err.code);
    code = rc == S3L_OK ? 0 : 1;
    s3l_client_close(&app->client);
out:
    s3l_lwip_net_free(&app->net);
    if (app->log_fd >= 0) (void)sh_close(app->log_fd);
    s3l_wipe(app->job.secret_key, sizeof app->job.secret_key);
    s3l_wipe(app->job.access_key, sizeof app->job.access_key);
    return code;
}
