/* SPDX-License-Identifier: MIT */
/*
 * Tests of the client's presigned mode (cfg.presign in client.h: a device that holds no key
 * and sends each request to a URL a backend presigned) over the in-memory S3 of
 * tests/util_mini_s3, through a transport that records every byte sent:
 *  - a whole multipart upload by the uploader, every request presigned by a "backend" whose
 *    key lives only in this file: the object equals the source, the hook saw each request's
 *    operation, target, upload id and part number, and no request carried Authorization,
 *    X-Amz-Date or x-amz-content-sha256 (the key and the token never leave the backend);
 *  - both URL forms (/path?query and http://host/path?query), encodings that differ but mean
 *    the same;
 *  - each unusable URL (none, too long, another host, path or operation, a blank, an
 *    x-amz-* header it does not sign, a signed header not sent), a failing hook and an
 *    aws-chunked body: each a distinct error, c->presign_error set, and not a byte sent;
 *  - a refused URL (403, as for an expired one): the hook is asked again (refused = 1) and
 *    the request succeeds; refused twice: the S3 error; a 500: retried with a new URL;
 *  - a resumed upload (ListParts pages presigned); a caller-built request (s3l_client_exec);
 *  - the setup rules (no key with a presign hook).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/sigv4.h"
#include "s3lite/uploader.h"
#include "util_mini_s3.h"

#define GUARD 16
#define PART 65536u
#define CAP 16u
#define HOST "mini-s3:9000"

/* ---- a transport that records what is sent, over the in-memory server ---------------------- */

static struct s3l_transport g_inner, g_t;
static char g_sent[1 << 20];
static size_t g_sent_len;

static int rec_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t ms)
{
    (void)net;
    return g_inner.connect(g_inner.net, host, port, ms);
}

static long rec_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t ms)
{
    size_t keep = len < sizeof g_sent - 1 - g_sent_len ? len : sizeof g_sent - 1 - g_sent_len;
    (void)net;
    memcpy(g_sent + g_sent_len, buf, keep);
    g_sent_len += keep;
    g_sent[g_sent_len] = '\0';
    return g_inner.send(g_inner.net, buf, len, ms);
}

static long rec_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t ms)
{
    (void)net;
    return g_inner.recv(g_inner.net, buf, len, ms);
}

static void rec_close(struct s3l_net *net)
{
    (void)net;
    g_inner.close(g_inner.net);
}

/* Occurrences of s in what was sent (bodies hold no such text: the source is binary noise
 * without these ASCII runs, the Complete body is XML). */
static unsigned sent_count(const char *s)
{
    size_t i, n = strlen(s);
    unsigned count = 0;
    for (i = 0; i + n <= g_sent_len; i++) {
        if (memcmp(g_sent + i, s, n) == 0) count++;
    }
    return count;
}

/* ---- the backend: holds the key, presigns what the device asks ---------------------------- */

static const struct s3l_credentials k_backend_creds = {
    "AKIDBACKEND", "backendSecretKey/0123456789abcdefghijklmn", "backend-session-token/+="};

/* Knobs of the hook for the error cases. */
enum mutate {
    M_NONE = 0,
    M_FULL_URL,     /* http://HOST/path?query */
    M_OTHER_HOST,   /* http://elsewhere:9000/... */
    M_EMPTY,        /* "" */
    M_NO_NUL,       /* fills cap, no NUL */
    M_FAIL,         /* returns S3L_ERR_IO */
    M_OTHER_PATH,   /* /bkt/other */
    M_DROP_QUERY,   /* the request's own query left out */
    M_ADD_UPLOADID, /* &uploadId=x added */
    M_BLANK,        /* a space in the URL */
    M_SIGN_ALL,     /* every header of the request signed, not only host */
    M_SIGN_MD5,     /* X-Amz-SignedHeaders names content-md5, which is not sent */
    M_TILDE         /* the path's '~' written %7E, "uploads" as "uploads=" */
};

struct backend {
    enum mutate m;
    unsigned calls, calls_op[S3L_OP_GENERIC + 1], refused_seen, last_attempt;
    uint32_t parts_seen;       /* bit n: part n asked */
    char upload_id[64];        /* as the hook was told */
    char bucket[32], key[64];
};

static struct backend g_be;

/* Presign r with the backend's key (s3l_sigv4_presign over Host, or every header with
 * M_SIGN_ALL), then apply the knob. */
static int backend_presign(void *ctx, const struct s3l_presign_request *r, char *url, size_t cap)
{
    struct backend *be = ctx;
    struct s3l_sigv4 sig;
    struct s3l_sigv4_request sr;
    struct s3l_header hv[40];
    struct s3l_headers h;
    char q[4096], path[512];
    size_t qn = 0, i;
    int rc, n;
    be->calls++;
    be->calls_op[r->op]++;
    be->refused_seen += r->refused;
    be->last_attempt = r->attempt;
    if (r->part_number != 0 && r->part_number < 32) be->parts_seen |= 1u << r->part_number;
    snprintf(be->upload_id, sizeof be->upload_id, "%s", r->upload_id != NULL ? r->upload_id : "");
    snprintf(be->bucket, sizeof be->bucket, "%s", r->bucket != NULL ? r->bucket : "");
    snprintf(be->key, sizeof be->key, "%.*s", (int)r->key_len, r->key != NULL ? r->key : "");
    if (be->m == M_FAIL) return S3L_ERR_IO;
    if (be->m == M_EMPTY) return S3L_OK;
    if (be->m == M_NO_NUL) {
        memset(url, 'a', cap);
        return S3L_OK;
    }
    h.items = hv;
    h.count = 0;
    h.cap = sizeof hv / sizeof hv[0];
    if (be->m == M_SIGN_ALL) {
        for (i = 0; i < r->headers->count && i < 32; i++) hv[h.count++] = r->headers->items[i];
    } else {
        s3l_headers_add(&h, "Host", 4, r->host, r->host_len);
    }
    s3l_sigv4_init(&sig, &k_backend_creds, "us-east-1", "s3");
    s3l_sigv4_set_time_unix(&sig, 1893456000);
    memset(&sr, 0, sizeof sr);
    sr.method = r->method;
    sr.path = r->path;
    sr.path_len = r->path_len;
    if (be->m != M_DROP_QUERY) {
        sr.query = r->query;
        sr.query_len = r->query_len;
    }
    sr.headers = &h;
    sr.payload_hash = S3L_CONTENT_SHA256_UNSIGNED;
    rc = s3l_sigv4_presign(&sig, &sr, 900, q, sizeof q, &qn);
    s3l_sigv4_wipe(&sig);
    if (rc != S3L_OK) return rc;
    snprintf(path, sizeof path, "%.*s", (int)r->path_len, r->path);
    if (be->m == M_OTHER_PATH) snprintf(path, sizeof path, "/bkt/other");
    if (be->m == M_BLANK) snprintf(path + strlen(path), sizeof path - strlen(path), " x");
    if (be->m == M_TILDE) {
        char *t = strchr(path, '~');
        if (t != NULL) {
            memmove(t + 3, t + 1, strlen(t + 1) + 1);
            memcpy(t, "%7E", 3);
        }
        if (strncmp(q, "uploads&", 8) == 0) {
            memmove(q + 8, q + 7, qn - 7 + 1);
            q[7] = '=';
        }
    }
    if (be->m == M_SIGN_MD5) {
        char *s = strstr(q, "X-Amz-SignedHeaders=host");
        if (s != NULL) {
            memmove(s + 24 + 14, s + 24, strlen(s + 24) + 1);
            memcpy(s + 20, "content-md5%3Bhost", 18);
        }
    }
    n = snprintf(url, cap, "%s%s%s?%s%s", be->m == M_FULL_URL ? "http://" HOST : "",
                 be->m == M_OTHER_HOST ? "http://elsewhere:9000" : "", path, q,
                 be->m == M_ADD_UPLOADID ? "&uploadId=x" : "");
    return n < 0 || (size_t)n >= cap ? S3L_ERR_BUF_TOO_SMALL : S3L_OK;
}

/* ---- the device: a client with no key ------------------------------------------------------- */

static struct s3l_client g_c;
static uint8_t g_io[16384 + GUARD];
static char g_line[1024 + GUARD], g_xml[256 + GUARD], g_work[4096 + GUARD];
static struct s3l_platform g_plat;
static struct mini_s3 *g_s3;
static struct ms_conn *g_conn;

static int64_t fixed_now(void *ctx)
{
    (void)ctx;
    return 1893456000; /* 2030-01-01 */
}

static void no_sleep(void *ctx, uint32_t ms)
{
    (void)ctx;
    (void)ms;
}

static void base_client_config(struct s3l_client_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    g_t.connect = rec_connect;
    g_t.send = rec_send;
    g_t.recv = rec_recv;
    g_t.close = rec_close;
    g_t.net = NULL;
    g_plat.now = fixed_now;
    g_plat.sleep_ms = no_sleep;
    cfg->transport = &g_t;
    cfg->platform = &g_plat;
    cfg->endpoint.host = HOST;
    cfg->presign = backend_presign;
    cfg->presign_ctx = &g_be;
    cfg->io_timeout_ms = 1000;
    cfg->continue_timeout_ms = 10;
    cfg->io_buf = g_io;
    cfg->io_cap = sizeof g_io - GUARD;
    cfg->line_buf = g_line;
    cfg->line_cap = sizeof g_line - GUARD;
    cfg->scratch = g_xml;
    cfg->scratch_cap = sizeof g_xml - GUARD;
    cfg->work = g_work;
    cfg->work_cap = sizeof g_work - GUARD;
    cfg->checksums = s3l_checksum_algos_all;
}

static int setup(enum mutate m)
{
    struct s3l_client_config cfg;
    memset(&g_be, 0, sizeof g_be);
    g_be.m = m;
    g_s3 = ms_new();
    g_conn = ms_conn_new(g_s3, &g_inner);
    if (g_s3 == NULL || g_conn == NULL) return -1;
    g_sent_len = 0;
    g_sent[0] = '\0';
    memset(g_io + sizeof g_io - GUARD, 0xA5, GUARD);
    memset(g_work + sizeof g_work - GUARD, 0x5A, GUARD);
    base_client_config(&cfg);
    return s3l_client_init_presigned(&g_c, &cfg);
}

static int guards_ok(void)
{
    size_t i;
    for (i = 0; i < GUARD; i++) {
        if (g_io[sizeof g_io - GUARD + i] != 0xA5 || g_work[sizeof g_work - GUARD + i] != 0x5A)
            return 0;
    }
    return 1;
}

static void teardown(void)
{
    s3l_client_close(&g_c);
    ms_conn_free(g_conn);
    ms_free(g_s3);
    g_conn = NULL;
    g_s3 = NULL;
}

/* No request carried what only a key holder can make. */
static int nothing_signed_on_device(void)
{
    return sent_count("Authorization:") == 0 && sent_count("X-Amz-Date:") == 0 &&
           sent_count("x-amz-content-sha256:") == 0 && sent_count("X-Amz-Security-Token:") == 0;
}

/* ---- the uploader through presigned URLs ---------------------------------------------------- */

static uint8_t *g_src;
static uint64_t g_src_len;

static long src_read_at(void *ctx, uint64_t off, uint8_t *buf, size_t len)
{
    (void)ctx;
    if (off >= g_src_len) return 0;
    if ((uint64_t)len > g_src_len - off) len = (size_t)(g_src_len - off);
    memcpy(buf, g_src + off, len);
    return (long)len;
}

static struct s3l_complete_part g_list[CAP];
static char g_etags[CAP][S3L_ETAG_MAX];

/* A 3-part upload of key; the server stores it at stored (the path as sent). */
static void test_uploader(enum mutate m, const char *key, const char *stored)
{
    struct s3l_uploader_config cfg;
    struct s3l_create_mpu_params cp;
    static struct s3l_uploader u;
    uint64_t i;
    uint32_t x = 7;
    size_t len = 0;
    const uint8_t *obj;
    int rc;
    CHECK(setup(m) == S3L_OK);
    g_src_len = 3 * PART - 1000; /* 3 parts, the last shorter */
    g_src = malloc((size_t)g_src_len);
    for (i = 0; g_src != NULL && i < g_src_len; i++) {
        x = x * 1103515245u + 12345u;
        g_src[i] = (uint8_t)(x >> 16);
    }
    memset(&cp, 0, sizeof cp);
    cp.bucket = "bkt";
    cp.key = key;
    memset(&cfg, 0, sizeof cfg);
    cfg.client = &g_c;
    cfg.create = &cp;
    cfg.mode = S3L_PAYLOAD_MODE_UNSIGNED;
    cfg.part_size = PART;
    cfg.allow_small_parts = 1;
    cfg.read_at = src_read_at;
    cfg.parts.list = g_list;
    cfg.parts.etags = g_etags;
    cfg.parts.cap = CAP;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s: %s (%s)", key, s3l_strerror(rc),
           g_c.presign_error != NULL ? g_c.presign_error : "-");
    obj = ms_object(g_s3, stored, &len, NULL, 0);
    CHECK(obj != NULL && len == g_src_len && memcmp(obj, g_src, len) == 0);
    /* one URL per request, each asked with the request's own operation and target */
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_CREATE_MPU], 1);
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_UPLOAD_PART], 3);
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_COMPLETE_MPU], 1);
    CHECK_EQ_INT(g_be.calls, 5);
    CHECK_EQ_INT(g_c.presigned, 5);
    CHECK_EQ_INT(g_be.parts_seen, 0xEu); /* parts 1, 2, 3 */
    CHECK_EQ_STR(g_be.upload_id, u.upload_id);
    CHECK_EQ_STR(g_be.bucket, "bkt");
    CHECK_EQ_STR(g_be.key, key);
    CHECK(nothing_signed_on_device());
    CHECK_EQ_INT(sent_count("X-Amz-Signature="), 5);
    CHECK_EQ_INT(sent_count("X-Amz-Security-Token=backend-session-token"), 5);
    CHECK_EQ_INT(sent_count("\r\nContent-Length: 65536\r\n"), 2);
    CHECK(guards_ok());
    free(g_src);
    g_src = NULL;
    teardown();
}

/* A resumed upload: its ListParts pages (max-parts, part-number-marker, uploadId in the
 * query) go through presigned URLs too. */
static uint8_t g_blob[S3L_UPLOADER_STATE_MAX];
static size_t g_blob_len;

static int save_blob(void *ctx, const uint8_t *blob, size_t len)
{
    (void)ctx;
    if (len > sizeof g_blob) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(g_blob, blob, len);
    g_blob_len = len;
    return S3L_OK;
}

static void test_resume(void)
{
    static struct s3l_uploader u;
    struct s3l_uploader_config cfg;
    struct s3l_create_mpu_params cp;
    uint64_t i;
    size_t len = 0;
    const uint8_t *obj;
    int rc, k;
    CHECK(setup(M_NONE) == S3L_OK);
    g_src_len = 3 * PART + 5;
    g_src = malloc((size_t)g_src_len);
    for (i = 0; g_src != NULL && i < g_src_len; i++) g_src[i] = (uint8_t)(i * 31u + 7u);
    memset(&cp, 0, sizeof cp);
    cp.bucket = "bkt";
    cp.key = "resumed";
    memset(&cfg, 0, sizeof cfg);
    cfg.client = &g_c;
    cfg.create = &cp;
    cfg.mode = S3L_PAYLOAD_MODE_UNSIGNED;
    cfg.part_size = PART;
    cfg.allow_small_parts = 1;
    cfg.list_page = 1; /* a page per part: part-number-marker in the query */
    cfg.read_at = src_read_at;
    cfg.save = save_blob;
    cfg.parts.list = g_list;
    cfg.parts.etags = g_etags;
    cfg.parts.cap = CAP;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    for (k = 0; k < 3; k++) CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING); /* Create, 1, 2 */
    /* a reboot: fresh RAM, the saved blob */
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_blob, g_blob_len), S3L_OK);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc),
           g_c.presign_error != NULL ? g_c.presign_error : "-");
    CHECK_EQ_INT(u.parts_kept, 2);
    CHECK(g_be.calls_op[S3L_OP_LIST_PARTS] >= 2);
    CHECK_EQ_INT(sent_count("GET /bkt/resumed?max-parts=1&part-number-marker=1&uploadId="), 1);
    obj = ms_object(g_s3, "/bkt/resumed", &len, NULL, 0);
    CHECK(obj != NULL && len == g_src_len && memcmp(obj, g_src, len) == 0);
    CHECK(nothing_signed_on_device());
    free(g_src);
    g_src = NULL;
    teardown();
}

/* ---- one UploadPart whose URL may be unusable --------------------------------------------- */

static struct s3l_s3_error g_err;
static size_t g_part_sent; /* bytes the UploadPart call sent */

/* Create (with a good URL), then UploadPart 1 of a small body in mode with checksum ck, its
 * URL made by the hook with knob m. Returns UploadPart's result. */
static int part_small(enum mutate m, enum s3l_payload_mode mode, enum s3l_checksum_alg ck)
{
    struct s3l_create_mpu_params cp;
    struct s3l_create_mpu_result cr;
    struct s3l_upload_part_params p;
    struct s3l_upload_part_result res;
    struct s3l_body body;
    struct s3l_mem_reader mr;
    static const char data[] = "a small part, presigned";
    size_t before;
    int rc;
    memset(&cp, 0, sizeof cp);
    cp.bucket = "bkt";
    cp.key = "obj";
    g_be.m = M_NONE;
    rc = s3l_client_create_mpu(&g_c, &cp, &cr, &g_err);
    CHECKF(rc == S3L_OK, "Create: %s", s3l_strerror(rc));
    if (rc != S3L_OK) return rc;
    g_be.m = m;
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    memset(&body, 0, sizeof body);
    p.bucket = "bkt";
    p.key = "obj";
    p.upload_id = cr.upload_id;
    p.part_number = 1;
    p.content_length = sizeof data - 1;
    s3l_mem_reader_init(&mr, data, sizeof data - 1, &body.reader);
    body.mode = mode;
    body.checksum = ck;
    before = g_sent_len;
    memset(&g_err, 0, sizeof g_err);
    rc = s3l_client_upload_part(&g_c, &p, &body, &res, &g_err);
    g_part_sent = g_sent_len - before;
    return rc;
}

static void test_refusals(void)
{
    static const struct {
        enum mutate m;
        enum s3l_payload_mode mode;
        enum s3l_checksum_alg ck;
        int rc;
        const char *why; /* words of c->presign_error */
    } cases[] = {
        {M_EMPTY, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "no URL"},
        {M_NO_NUL, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_BUF_TOO_SMALL, "work_cap"},
        {M_FAIL, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_IO, "hook failed"},
        {M_OTHER_HOST, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "host"},
        {M_OTHER_PATH, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "path"},
        {M_DROP_QUERY, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "lacks"},
        {M_ADD_UPLOADID, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN,
         "another operation"},
        {M_BLANK, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "blank"},
        {M_SIGN_MD5, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "does not send"},
        {M_NONE, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_CRC32, S3L_ERR_PRESIGN, "does not sign"},
        {M_NONE, S3L_PAYLOAD_MODE_STREAMING, S3L_CHECKSUM_NONE, S3L_ERR_PRESIGN, "aws-chunked"},
        {M_NONE, S3L_PAYLOAD_MODE_UNSIGNED_TRAILER, S3L_CHECKSUM_CRC32, S3L_ERR_PRESIGN,
         "aws-chunked"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc;
        CHECK(setup(M_NONE) == S3L_OK);
        rc = part_small(cases[i].m, cases[i].mode, cases[i].ck);
        CHECKF(rc == cases[i].rc, "case %u: %d (%s), want %d", (unsigned)i, rc, s3l_strerror(rc),
               cases[i].rc);
        CHECKF(g_c.presign_error != NULL && strstr(g_c.presign_error, cases[i].why) != NULL,
               "case %u: presign_error \"%s\" lacks \"%s\"", (unsigned)i,
               g_c.presign_error != NULL ? g_c.presign_error : "(null)", cases[i].why);
        CHECKF(g_part_sent == 0, "case %u: %u bytes sent", (unsigned)i, (unsigned)g_part_sent);
        CHECK(guards_ok());
        teardown();
    }
}

/* A checksum header goes when the URL signs it; both URL forms and re-encodings work. */
static void test_accepted_forms(void)
{
    CHECK(setup(M_NONE) == S3L_OK);
    CHECK_EQ_INT(part_small(M_SIGN_ALL, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_CRC32), S3L_OK);
    CHECK_EQ_INT(sent_count("x-amz-checksum-crc32: "), 1);
    CHECK_EQ_INT(sent_count("X-Amz-SignedHeaders=content-length%3Bhost%3Bx-amz-checksum-crc32&"), 1);
    CHECK(nothing_signed_on_device());
    CHECK_EQ_INT(g_be.parts_seen, 1u << 1);
    teardown();

    CHECK(setup(M_NONE) == S3L_OK);
    /* SIGNED goes as UNSIGNED-PAYLOAD: no hash pre-pass, no hash header */
    CHECK_EQ_INT(part_small(M_FULL_URL, S3L_PAYLOAD_MODE_SIGNED, S3L_CHECKSUM_NONE), S3L_OK);
    CHECK_EQ_INT(sent_count("PUT /bkt/obj?partNumber=1&uploadId="), 1);
    CHECK(nothing_signed_on_device());
    teardown();

    test_uploader(M_TILDE, "dir/with~tilde", "/bkt/dir/with%7Etilde");
    CHECK_EQ_INT(sent_count("POST /bkt/dir/with%7Etilde?uploads=&X-Amz-"), 1);
}

/* A refused URL (403: what RGW answers to an expired one) is asked for again once, with
 * refused = 1; refused twice, the call ends with the S3 error. A 500 is retried with a new URL. */
static void test_refused_and_retried(void)
{
    int rc;
    CHECK(setup(M_NONE) == S3L_OK);
    ms_add_rule(g_s3, MS_PART, 1, MS_FAULT_ERROR, 403, "AccessDenied");
    rc = part_small(M_NONE, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE);
    CHECKF(rc == S3L_OK, "%s", s3l_strerror(rc));
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_UPLOAD_PART], 2);
    CHECK_EQ_INT(g_be.refused_seen, 1);
    CHECK_EQ_INT(g_be.last_attempt, 2);
    CHECK_EQ_INT(g_s3->count[MS_PART], 2);
    CHECK(g_c.presign_error == NULL); /* the second URL was taken */
    teardown();

    CHECK(setup(M_NONE) == S3L_OK);
    ms_add_rule(g_s3, MS_PART, 1, MS_FAULT_ERROR, 403, "AccessDenied");
    ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_ERROR, 403, "AccessDenied");
    rc = part_small(M_NONE, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE);
    CHECK_EQ_INT(rc, S3L_ERR_S3);
    CHECK_EQ_STR(g_err.code, "AccessDenied");
    CHECK_EQ_INT(g_c.status, 403);
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_UPLOAD_PART], 2);
    CHECK(g_c.presign_error != NULL && strstr(g_c.presign_error, "server refused") != NULL);
    teardown();

    CHECK(setup(M_NONE) == S3L_OK);
    ms_add_rule(g_s3, MS_PART, 1, MS_FAULT_ERROR, 500, "InternalError");
    rc = part_small(M_NONE, S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_NONE);
    CHECKF(rc == S3L_OK, "%s", s3l_strerror(rc));
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_UPLOAD_PART], 2);
    CHECK_EQ_INT(g_be.refused_seen, 0);
    CHECK_EQ_INT(g_c.retries, 1);
    teardown();
}

/* A request built by the caller and sent with s3l_client_exec(): the hook gets no target
 * (bucket NULL) but the operation, method, path and query. */
static void test_exec(void)
{
    struct s3l_head_object_params p;
    struct s3l_head_object_result res;
    struct s3l_request req;
    int rc;
    CHECK(setup(M_NONE) == S3L_OK);
    memset(&p, 0, sizeof p);
    memset(&res, 0, sizeof res);
    memset(&req, 0, sizeof req);
    p.bucket = "bkt";
    p.key = "absent";
    req.headers = s3l_client_headers(&g_c);
    CHECK_EQ_INT(s3l_build_head_object(&req, s3l_client_arena(&g_c), &(struct s3l_endpoint){HOST, 0}, &p),
                 S3L_OK);
    rc = s3l_client_exec(&g_c, &req, NULL, S3L_OP_HEAD_OBJECT, &res, NULL);
    CHECKF(rc != S3L_OK && g_c.status == 404, "%s, HTTP %d", s3l_strerror(rc), g_c.status);
    CHECK_EQ_INT(g_be.calls_op[S3L_OP_HEAD_OBJECT], 1);
    CHECK_EQ_STR(g_be.bucket, "");
    CHECK_EQ_INT(sent_count("HEAD /bkt/absent?X-Amz-Algorithm="), 1);
    /* the request is left with the builder's path, not the URL's (which was in the arena) */
    CHECK(req.path_len == 11 && memcmp(req.path, "/bkt/absent", 11) == 0 && req.query_len == 0);
    teardown();
}

static void test_setup_rules(void)
{
    struct s3l_client_config cfg;
    static const struct s3l_credentials creds = {"AKID", "secret", NULL};
    base_client_config(&cfg);
    cfg.creds = &creds;
    CHECK_EQ_INT(s3l_client_init_presigned(&g_c, &cfg), S3L_ERR_ARG);
    CHECK(g_c.init_error != NULL && strstr(g_c.init_error, "cfg.presign excludes") != NULL);
    /* the plain init refuses a presign hook; the presigned one needs it */
    base_client_config(&cfg);
    CHECK_EQ_INT(s3l_client_init(&g_c, &cfg), S3L_ERR_ARG);
    CHECK(g_c.init_error != NULL && strstr(g_c.init_error, "s3l_client_init_presigned") != NULL);
    cfg.presign = NULL;
    CHECK_EQ_INT(s3l_client_init_presigned(&g_c, &cfg), S3L_ERR_ARG);
    CHECK(g_c.init_error != NULL && strstr(g_c.init_error, "cfg.presign is NULL") != NULL);
    base_client_config(&cfg);
    cfg.region = NULL; /* not needed: nothing is signed here */
    CHECKF(s3l_client_init_presigned(&g_c, &cfg) == S3L_OK, "%s", g_c.init_error);
    s3l_client_close(&g_c);
    CHECK(strcmp(s3l_strerror(S3L_ERR_PRESIGN), "unknown error") != 0);
}

int main(void)
{
    test_setup_rules();
    test_uploader(M_NONE, "presigned/object.bin", "/bkt/presigned/object.bin");
    test_uploader(M_FULL_URL, "full-url.bin", "/bkt/full-url.bin");
    test_resume();
    test_refusals();
    test_accepted_forms();
    test_refused_and_retried();
    test_exec();
    return th_summary();
}
