/*
 * The client against a real S3 server (the project's local RGW): PutObject in each payload
 * mode at sizes around the aws-chunked chunk size, a multipart upload per streaming mode,
 * each object read back with GetObject and compared by SHA-256. Run by `make client-rgw`
 * (mk/client.mk), which starts and stops the server. Prints one line per case and a
 * summary; exit 0 when every case that the server supports passed.
 *
 * Environment: S3L_ENDPOINT (http://HOST:PORT), S3L_ACCESS_KEY, S3L_SECRET_KEY, S3L_REGION.
 * RGW 16 refuses the two trailer modes (400 XAmzContentSHA256Mismatch): those cases are
 * reported as "refused by server" and not counted as failures when the server is RGW 16.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/port_posix.h"
#include "s3lite/uri.h"

static struct s3l_client g_c;
static uint8_t g_io[64 * 1024];
static char g_line[S3L_HTTP_LINE_MAX], g_xml[256], g_work[8192];
static struct s3l_net g_net;
static struct s3l_transport g_t;
static struct s3l_platform g_plat;
static struct s3l_credentials g_creds;
static char g_host[256], g_hosthdr[300];

#define BIG (11u * 1024u * 1024u)
static uint8_t *g_data;

struct rd {
    const uint8_t *p;
    size_t len, pos;
};

static long rd_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct rd *r = (struct rd *)ctx;
    size_t n = r->len - r->pos;
    if (n > cap) n = cap;
    memcpy(buf, r->p + r->pos, n);
    r->pos += n;
    return (long)n;
}

static int rd_rewind(void *ctx)
{
    ((struct rd *)ctx)->pos = 0;
    return 0;
}

struct hsink {
    s3l_sha256_ctx h;
    uint64_t n;
};

static int hs_write(void *ctx, const uint8_t *d, size_t n)
{
    struct hsink *s = (struct hsink *)ctx;
    s->n += n;
    return s3l_sha256_update(&s->h, d, n);
}

static const char *mode_name(enum s3l_payload_mode m)
{
    switch (m) {
    case S3L_PAYLOAD_MODE_SIGNED: return "signed";
    case S3L_PAYLOAD_MODE_UNSIGNED: return "unsigned";
    case S3L_PAYLOAD_MODE_STREAMING: return "streaming";
    case S3L_PAYLOAD_MODE_STREAMING_TRAILER: return "streaming-trailer";
    case S3L_PAYLOAD_MODE_UNSIGNED_TRAILER: return "unsigned-trailer";
    default: return "?";
    }
}

/* GetObject and compare with data[0..len). */
static int verify(const char *key, const uint8_t *data, size_t len)
{
    struct s3l_get_object_params p;
    struct s3l_get_object_result res;
    struct s3l_s3_error err;
    struct hsink hs;
    uint8_t want[32], got[32];
    int rc;
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    p.bucket = "s3l-client-smoke";
    p.key = key;
    s3l_sha256_start(&hs.h);
    hs.n = 0;
    res.sink.write = hs_write;
    res.sink.ctx = &hs;
    rc = s3l_client_get_object(&g_c, &p, &res, &err);
    s3l_sha256_finish(&hs.h, got);
    s3l_sha256(data, len, want);
    if (rc != S3L_OK) {
        printf("    GET %s: %s (%s)\n", key, s3l_strerror(rc), err.code);
        return 0;
    }
    return hs.n == len && memcmp(want, got, 32) == 0;
}

static int trailer_refused(int rc, const struct s3l_s3_error *err, enum s3l_payload_mode m)
{
    return rc == S3L_ERR_S3 && s3l_chunked_has_trailer(m) &&
           strcmp(err->code, "XAmzContentSHA256Mismatch") == 0;
}

static unsigned g_refused;

static void put_case(enum s3l_payload_mode m, size_t len)
{
    struct s3l_put_object_params p;
    struct s3l_put_object_result res;
    struct s3l_s3_error err;
    struct s3l_body b;
    struct rd r = {g_data, 0, 0};
    char key[64];
    int rc;
    r.len = len;
    snprintf(key, sizeof key, "put/%s/%lu", mode_name(m), (unsigned long)len);
    memset(&p, 0, sizeof p);
    memset(&b, 0, sizeof b);
    p.bucket = "s3l-client-smoke";
    p.key = key;
    p.content_length = len;
    b.reader.read = rd_read;
    b.reader.rewind = rd_rewind;
    b.reader.ctx = &r;
    b.mode = m;
    if (s3l_chunked_has_trailer(m)) b.checksum = S3L_CKSUM_CRC32;
    rc = s3l_client_put_object(&g_c, &p, &b, &res, &err);
    if (trailer_refused(rc, &err, m)) {
        printf("  %-40s refused by server (%s)\n", key, err.code);
        g_refused++;
        return;
    }
    CHECKF(rc == S3L_OK, "%s: %s (%s, HTTP %d)", key, s3l_strerror(rc), err.code, g_c.status);
    if (rc == S3L_OK) {
        int ok = verify(key, g_data, len);
        CHECKF(ok, "%s: read back differs", key);
        printf("  %-40s %s  etag %s\n", key, ok ? "ok, read back equal" : "FAIL", res.etag);
    }
}

static void mpu_case(enum s3l_payload_mode m)
{
    struct s3l_create_mpu_params cp;
    struct s3l_create_mpu_result cr;
    struct s3l_complete_mpu_params fp;
    struct s3l_complete_mpu_result fr;
    struct s3l_s3_error err;
    static struct s3l_complete_part parts[3];
    static char etags[3][S3L_ETAG_MAX];
    static const size_t sizes[3] = {5u << 20, 5u << 20, 123457};
    char key[64];
    size_t off = 0, i;
    int rc;
    snprintf(key, sizeof key, "mpu/%s", mode_name(m));
    memset(&cp, 0, sizeof cp);
    cp.bucket = "s3l-client-smoke";
    cp.key = key;
    rc = s3l_client_create_mpu(&g_c, &cp, &cr, &err);
    CHECKF(rc == S3L_OK, "%s create: %s (%s)", key, s3l_strerror(rc), err.code);
    if (rc != S3L_OK) return;
    for (i = 0; i < 3; i++) {
        struct s3l_upload_part_params up;
        struct s3l_upload_part_result ur;
        struct s3l_body b;
        struct rd r;
        memset(&up, 0, sizeof up);
        memset(&b, 0, sizeof b);
        r.p = g_data + off;
        r.len = sizes[i];
        r.pos = 0;
        up.bucket = "s3l-client-smoke";
        up.key = key;
        up.upload_id = cr.upload_id;
        up.part_number = (uint32_t)i + 1;
        up.content_length = sizes[i];
        b.reader.read = rd_read;
        b.reader.rewind = rd_rewind;
        b.reader.ctx = &r;
        b.mode = m;
        if (s3l_chunked_has_trailer(m)) b.checksum = S3L_CKSUM_CRC32C;
        rc = s3l_client_upload_part(&g_c, &up, &b, &ur, &err);
        if (trailer_refused(rc, &err, m)) {
            struct s3l_abort_mpu_params ap;
            printf("  %-40s refused by server (%s)\n", key, err.code);
            g_refused++;
            memset(&ap, 0, sizeof ap);
            ap.bucket = "s3l-client-smoke";
            ap.key = key;
            ap.upload_id = cr.upload_id;
            CHECK_EQ_INT(s3l_client_abort_mpu(&g_c, &ap, &err), S3L_OK);
            return;
        }
        CHECKF(rc == S3L_OK, "%s part %lu: %s (%s)", key, (unsigned long)i + 1, s3l_strerror(rc),
               err.code);
        if (rc != S3L_OK) return;
        memcpy(etags[i], ur.etag, sizeof etags[i]);
        parts[i].part_number = (uint32_t)i + 1;
        parts[i].etag = etags[i];
        parts[i].checksum = NULL;
        off += sizes[i];
    }
    memset(&fp, 0, sizeof fp);
    fp.bucket = "s3l-client-smoke";
    fp.key = key;
    fp.upload_id = cr.upload_id;
    fp.parts = parts;
    fp.part_count = 3;
    rc = s3l_client_complete_mpu(&g_c, &fp, &fr, &err);
    CHECKF(rc == S3L_OK, "%s complete: %s (%s)", key, s3l_strerror(rc), err.code);
    if (rc == S3L_OK) {
        int ok = verify(key, g_data, off);
        CHECKF(ok, "%s: read back differs", key);
        printf("  %-40s %s (%lu bytes, 3 parts)\n", key, ok ? "ok, read back equal" : "FAIL",
               (unsigned long)off);
    }
}

int main(void)
{
    static const enum s3l_payload_mode modes[5] = {
        S3L_PAYLOAD_MODE_SIGNED, S3L_PAYLOAD_MODE_UNSIGNED, S3L_PAYLOAD_MODE_STREAMING,
        S3L_PAYLOAD_MODE_STREAMING_TRAILER, S3L_PAYLOAD_MODE_UNSIGNED_TRAILER};
    static const size_t sizes[] = {0, 1, S3L_CHUNK_SIZE - 1, S3L_CHUNK_SIZE, S3L_CHUNK_SIZE + 1,
                                   1u << 20};
    const char *ep = getenv("S3L_ENDPOINT");
    struct s3l_client_config cfg;
    struct s3l_create_bucket_params bp;
    struct s3l_s3_error err;
    unsigned port = 0;
    size_t i, k;
    int rc;

    if (ep == NULL || sscanf(ep, "http://%255[^:]:%u", g_host, &port) != 2) {
        SKIP(1, "S3L_ENDPOINT (http://HOST:PORT) not set: no server");
        return th_summary();
    }
    g_data = (uint8_t *)malloc(BIG);
    if (g_data == NULL) return 1;
    for (k = 0; k < BIG; k++) g_data[k] = (uint8_t)((k * 2654435761u) >> 13);
    snprintf(g_hosthdr, sizeof g_hosthdr, "%s:%u", g_host, port);
    g_creds.access_key_id = getenv("S3L_ACCESS_KEY");
    g_creds.secret_access_key = getenv("S3L_SECRET_KEY");
    g_creds.session_token = NULL;
    s3l_posix_net_init(&g_net, &g_t, NULL);
    s3l_posix_platform_init(&g_plat);
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = &g_t;
    cfg.platform = &g_plat;
    cfg.host = g_host;
    cfg.port = (uint16_t)port;
    cfg.endpoint.host = g_hosthdr;
    cfg.creds = &g_creds;
    cfg.region = getenv("S3L_REGION") != NULL ? getenv("S3L_REGION") : "us-east-1";
    cfg.io_buf = g_io;
    cfg.io_cap = sizeof g_io;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line;
    cfg.scratch = g_xml;
    cfg.scratch_cap = sizeof g_xml;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work;
    if (g_creds.access_key_id == NULL || g_creds.secret_access_key == NULL ||
        s3l_client_init(&g_c, &cfg) != S3L_OK) {
        CHECK(0);
        return th_summary();
    }
    memset(&bp, 0, sizeof bp);
    bp.bucket = "s3l-client-smoke";
    rc = s3l_client_create_bucket(&g_c, &bp, &err);
    CHECKF(rc == S3L_OK || strcmp(err.code, "BucketAlreadyOwnedByYou") == 0 ||
               strcmp(err.code, "BucketAlreadyExists") == 0,
           "create bucket: %s (%s)", s3l_strerror(rc), err.code);
    printf("PutObject, each payload mode (chunk %u):\n", (unsigned)S3L_CHUNK_SIZE);
    for (i = 0; i < 5; i++)
        for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) put_case(modes[i], sizes[k]);
    printf("Multipart (5 MiB + 5 MiB + 123457 B), each payload mode:\n");
    for (i = 0; i < 5; i++) mpu_case(modes[i]);
    printf("connections %lu, transparent reconnects %lu, re-signs %lu, bodies saved %lu, "
           "refused (trailers) %u\n",
           g_c.connects, g_c.reconnects, g_c.resigns, g_c.bodies_saved, g_refused);
    s3l_client_close(&g_c);
    s3l_posix_net_free(&g_net);
    free(g_data);
    return th_summary();
}
