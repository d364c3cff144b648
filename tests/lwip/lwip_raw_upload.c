/* SPDX-License-Identifier: MIT */
/*
 * A bare-metal style multipart upload through lwIP's raw API (NO_SYS=1) on a Linux TAP
 * device, for make test-lwip: one thread, no OS networking. What a firmware main loop does:
 * the poll hook moves frames from the "MAC" (the TAP) into lwIP and runs its timers; the
 * transport (port/lwip/net_lwip_raw.c) calls it while it waits; the client's sleep_ms calls it
 * too. The host provides only the clock, entropy and the file being uploaded.
 *
 *   lwip_raw_upload --tap IF --ip ADDR/PREFIX --gw ADDR --endpoint HOST:PORT
 *                   --bucket B --key K --file F [--part-size BYTES] [--ca-file PEM]
 *                   [--payload streaming|signed|unsigned]
 *
 * --ca-file turns TLS on (port/tls over the raw transport). Credentials and region from
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION. Prints one summary line; exit 0 when
 * CompleteMultipartUpload succeeded, 1 on an S3 or network failure, 2 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "s3lite/client.h"
#include "s3lite/port_lwip.h"
#include "tap_netif.h"

#define PARTS_MAX 64
#define CHUNK 16384

struct board {
    struct netif netif;
    struct tap_netif tap;
    int dev_failed;
};

/* The firmware's poll hook: received frames into lwIP, then its timers. */
static void board_poll(void *ctx, uint32_t max_wait_ms)
{
    struct board *b = ctx;
    if (tap_netif_poll(&b->netif, max_wait_ms) < 0) b->dev_failed = 1;
    sys_check_timeouts();
}

static int64_t board_now(void *ctx)
{
    (void)ctx;
    return (int64_t)time(NULL);
}

static int board_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return tap_dev_random(buf, len) == 0 ? S3L_OK : S3L_ERR_NET;
}

/* Waiting is polling: lwIP keeps running while the client backs off or waits for data. */
static void board_sleep(void *ctx, uint32_t ms)
{
    uint32_t start = sys_now();
    unsigned i;
    for (i = 0; i < 100000u; i++) {
        uint32_t spent = sys_now() - start;
        if (spent >= ms) break;
        board_poll(ctx, ms - spent);
    }
}

static uint64_t board_mono(void *ctx)
{
    (void)ctx;
    return sys_now();
}

/* A part of the file as a rewindable body. */
struct part_reader {
    FILE *f;
    long start;
    uint64_t len, pos;
};

static long part_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct part_reader *r = ctx;
    size_t want = cap;
    size_t n;
    if (r->pos >= r->len) return 0;
    if ((uint64_t)want > r->len - r->pos) want = (size_t)(r->len - r->pos);
    if (fseek(r->f, r->start + (long)r->pos, SEEK_SET) != 0) return S3L_ERR_IO;
    n = fread(buf, 1, want, r->f);
    if (n == 0) return S3L_ERR_IO;
    r->pos += n;
    return (long)n;
}

static int part_rewind(void *ctx)
{
    struct part_reader *r = ctx;
    r->pos = 0;
    return S3L_OK;
}

struct args {
    const char *tap, *cidr, *gw, *endpoint, *bucket, *key, *file, *ca_file, *payload;
    uint64_t part_size;
};

static int parse_args(int argc, char **argv, struct args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    a->part_size = 5u * 1024u * 1024u;
    a->payload = "streaming";
    for (i = 1; i + 1 < argc; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (strcmp(o, "--tap") == 0) a->tap = v;
        else if (strcmp(o, "--ip") == 0) a->cidr = v;
        else if (strcmp(o, "--gw") == 0) a->gw = v;
        else if (strcmp(o, "--endpoint") == 0) a->endpoint = v;
        else if (strcmp(o, "--bucket") == 0) a->bucket = v;
        else if (strcmp(o, "--key") == 0) a->key = v;
        else if (strcmp(o, "--file") == 0) a->file = v;
        else if (strcmp(o, "--ca-file") == 0) a->ca_file = v;
        else if (strcmp(o, "--payload") == 0) a->payload = v;
        else if (strcmp(o, "--part-size") == 0) a->part_size = strtoull(v, NULL, 10);
        else return -1;
    }
    if (i != argc || a->tap == NULL || a->cidr == NULL || a->gw == NULL ||
        a->endpoint == NULL || a->bucket == NULL || a->key == NULL || a->file == NULL ||
        a->part_size == 0)
        return -1;
    return 0;
}

static enum s3l_payload_mode payload_mode(const char *s)
{
    if (strcmp(s, "signed") == 0) return S3L_PAYLOAD_MODE_SIGNED;
    if (strcmp(s, "unsigned") == 0) return S3L_PAYLOAD_MODE_UNSIGNED;
    return S3L_PAYLOAD_MODE_STREAMING;
}

/* Everything a firmware would keep in static RAM. */
struct app {
    struct board board;
    struct s3l_platform platform;
    struct s3l_tls_config tls;
    struct s3l_net net;
    struct s3l_transport transport;
    struct s3l_credentials creds;
    struct s3l_client client;
    struct s3l_s3_error err;
    struct s3l_create_mpu_result created;
    struct s3l_upload_part_result part;
    struct s3l_complete_mpu_result done;
    char etags[PARTS_MAX][S3L_ETAG_MAX];
    struct s3l_complete_part parts[PARTS_MAX];
    uint8_t io[CHUNK + S3L_CLIENT_IO_OVERHEAD];
    char line[S3L_HTTP_LINE_MAX];
    char scratch[S3L_CLIENT_SCRATCH_MIN];
    char work[4096];
};

static int bring_up(struct app *app, const struct args *a)
{
    ip4_addr_t ip, mask, gw;
    char err[256];
    unsigned seed = 0;
    uint32_t start;
    unsigned i;
    struct board *b = &app->board;

    if (tap_netif_parse_cidr(a->cidr, &ip, &mask) != 0 || !ip4addr_aton(a->gw, &gw)) {
        fprintf(stderr, "lwip_raw_upload: bad --ip or --gw\n");
        return 2;
    }
    b->tap.fd = tap_dev_open(a->tap, err, sizeof err);
    if (b->tap.fd < 0) {
        fprintf(stderr, "lwip_raw_upload: %s\n", err);
        return 3;
    }
    if (tap_dev_random(b->tap.mac, sizeof b->tap.mac) != 0 ||
        tap_dev_random((uint8_t *)&seed, sizeof seed) != 0) {
        fprintf(stderr, "lwip_raw_upload: no entropy\n");
        return 3;
    }
    b->tap.mac[0] = (uint8_t)((b->tap.mac[0] & 0xfeu) | 0x02u);
    srand(seed); /* LWIP_RAND: first local port and initial sequence numbers */
    lwip_init();
    if (netif_add(&b->netif, &ip, &mask, &gw, &b->tap, tap_netif_init, ethernet_input) == NULL) {
        fprintf(stderr, "lwip_raw_upload: netif_add failed\n");
        return 3;
    }
    netif_set_default(&b->netif);
    netif_set_link_up(&b->netif);
    netif_set_up(&b->netif);
    /* Resolve the gateway before the first SYN (bounded: 2 s). */
    start = sys_now();
    for (i = 0; i < 1000u && sys_now() - start < 2000u; i++) {
        struct eth_addr *eth = NULL;
        const ip4_addr_t *found = NULL;
        if (i % 50u == 0) (void)etharp_request(&b->netif, &gw);
        if (etharp_find_addr(&b->netif, &gw, &eth, &found) >= 0) break;
        board_poll(b, 10u);
    }
    return 0;
}

static int fail(struct app *app, const char *what, int rc)
{
    char why[512];
    if (rc == S3L_ERR_S3 || rc == S3L_ERR_HTTP_STATUS) {
        fprintf(stderr, "lwip_raw_upload: %s failed: %s (HTTP %d %s)\n", what, s3l_strerror(rc),
                app->err.http_status, app->err.code);
    } else {
        (void)s3l_lwip_net_describe(&app->net, rc, why, sizeof why);
        fprintf(stderr, "lwip_raw_upload: %s failed: %s\n", what, why);
    }
    return 1;
}

static int upload(struct app *app, const struct args *a, FILE *f, uint64_t size)
{
    struct s3l_create_mpu_params cp;
    struct s3l_complete_mpu_params fin;
    uint32_t n, parts = (uint32_t)((size + a->part_size - 1) / a->part_size);
    int rc;

    if (parts == 0 || parts > PARTS_MAX) {
        fprintf(stderr, "lwip_raw_upload: %u parts: want 1..%d\n", (unsigned)parts, PARTS_MAX);
        return 2;
    }
    memset(&cp, 0, sizeof cp);
    cp.bucket = a->bucket;
    cp.key = a->key;
    rc = s3l_client_create_mpu(&app->client, &cp, &app->created, &app->err);
    if (rc != S3L_OK) return fail(app, "CreateMultipartUpload", rc);
    for (n = 1; n <= parts; n++) {
        struct s3l_upload_part_params up;
        struct part_reader pr;
        struct s3l_body body;
        memset(&up, 0, sizeof up);
        memset(&body, 0, sizeof body);
        pr.f = f;
        pr.start = (long)((uint64_t)(n - 1) * a->part_size);
        pr.len = n < parts ? a->part_size : size - (uint64_t)(n - 1) * a->part_size;
        pr.pos = 0;
        body.reader.read = part_read;
        body.reader.rewind = part_rewind;
        body.reader.ctx = &pr;
        body.mode = payload_mode(a->payload);
        up.bucket = a->bucket;
        up.key = a->key;
        up.upload_id = app->created.upload_id;
        up.part_number = n;
        up.content_length = pr.len;
        rc = s3l_client_upload_part(&app->client, &up, &body, &app->part, &app->err);
        if (rc != S3L_OK) return fail(app, "UploadPart", rc);
        memcpy(app->etags[n - 1], app->part.etag, sizeof app->etags[n - 1]);
        app->parts[n - 1].part_number = n;
        app->parts[n - 1].etag = app->etags[n - 1];
        app->parts[n - 1].checksum = NULL;
    }
    memset(&fin, 0, sizeof fin);
    fin.bucket = a->bucket;
    fin.key = a->key;
    fin.upload_id = app->created.upload_id;
    fin.parts = app->parts;
    fin.part_count = parts;
    rc = s3l_client_complete_mpu(&app->client, &fin, &app->done, &app->err);
    if (rc != S3L_OK) return fail(app, "CompleteMultipartUpload", rc);
    printf("lwip_raw_upload: %s %llu bytes in %u parts to %s/%s, ETag %s\n",
           a->ca_file != NULL ? "TLS" : "plain", (unsigned long long)size, (unsigned)parts,
           a->bucket, a->key, app->done.etag);
    return 0;
}

int main(int argc, char **argv)
{
    static struct app app;
    struct s3l_lwip_config lc;
    struct s3l_client_config cfg;
    struct args a;
    const char *region = getenv("AWS_REGION");
    FILE *f;
    long size;
    int rc;
    uint32_t t0;

    if (parse_args(argc, argv, &a) != 0) {
        fprintf(stderr, "usage: lwip_raw_upload --tap IF --ip ADDR/PREFIX --gw ADDR --endpoint "
                        "HOST:PORT --bucket B --key K --file F [--part-size N] [--ca-file PEM] "
                        "[--payload streaming|signed|unsigned]\n");
        return 2;
    }
    app.creds.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    app.creds.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    if (app.creds.access_key_id == NULL || app.creds.secret_access_key == NULL) {
        fprintf(stderr, "lwip_raw_upload: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY needed\n");
        return 2;
    }
    f = fopen(a.file, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
        fprintf(stderr, "lwip_raw_upload: cannot read %s\n", a.file);
        if (f != NULL) fclose(f);
        return 2;
    }
    rc = bring_up(&app, &a);
    if (rc != 0) {
        fclose(f);
        return rc;
    }
    app.platform.now = board_now;
    app.platform.entropy = board_entropy;
    app.platform.sleep_ms = board_sleep;
    app.platform.monotonic_ms = board_mono;
    app.platform.ctx = &app.board;
    app.tls.ca_file = a.ca_file;
    memset(&lc, 0, sizeof lc);
    lc.tls = a.ca_file != NULL ? &app.tls : NULL;
    lc.platform = &app.platform;
    lc.poll = board_poll;
    lc.poll_ctx = &app.board;
    rc = s3l_lwip_net_init(&app.net, &app.transport, &lc);
    if (rc != S3L_OK) {
        fprintf(stderr, "lwip_raw_upload: transport init: %s\n", s3l_strerror(rc));
        fclose(f);
        return 2;
    }

    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &app.transport;
    cfg.platform = &app.platform;
    cfg.endpoint.host = a.endpoint;
    cfg.creds = &app.creds;
    cfg.region = region != NULL ? region : "us-east-1";
    cfg.chunk_size = CHUNK;
    cfg.io_buf = app.io;
    cfg.io_cap = sizeof app.io;
    cfg.line_buf = app.line;
    cfg.line_cap = sizeof app.line;
    cfg.scratch = app.scratch;
    cfg.scratch_cap = sizeof app.scratch;
    cfg.work = app.work;
    cfg.work_cap = sizeof app.work;
    rc = s3l_client_init(&app.client, &cfg);
    if (rc != S3L_OK) {
        fprintf(stderr, "lwip_raw_upload: client init: %s (%s)\n", s3l_strerror(rc),
                app.client.init_error != NULL ? app.client.init_error : "");
        fclose(f);
        return 2;
    }
    t0 = sys_now();
    rc = upload(&app, &a, f, (uint64_t)size);
    if (rc == 0) {
        uint32_t ms = sys_now() - t0;
        printf("lwip_raw_upload: %.1f MB/s (%u ms)\n",
               ms > 0 ? (double)size / 1e6 / ((double)ms / 1000.0) : 0.0, (unsigned)ms);
    }
    s3l_client_close(&app.client);
    s3l_lwip_net_free(&app.net);
    tap_dev_close(app.board.tap.fd);
    fclose(f);
    return rc;
}
