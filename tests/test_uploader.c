/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of core/uploader.c over the in-memory S3 of tests/util_mini_s3 (an in-process
 * transport: every byte goes through the real client, signer and parsers). Each case checks
 * the object the server ends up with against the source, byte for byte, and the guard bytes
 * after every caller buffer: a fresh upload in every payload mode and checksum type; a
 * resume from a saved state with parts done (paginated ListParts); a resume where parts are
 * missing or damaged on the server; a growing source; saved states refused (CRC, version,
 * target, source); a lost Complete answer proved by HeadObject (and a lost upload told
 * apart); the 5 TiB and 10,000-part limits; the abort policy; the part-size table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/client.h"
#include "s3lite/uploader.h"
#include "util_mini_s3.h"

#define MIB ((uint64_t)1024 * 1024)
#define GIB (1024 * MIB)
#define TIB (1024 * GIB)
#define GUARD 16
#define PART 65536u    /* small parts (allow_small_parts): fast tests, same logic */
#define CAP 64u        /* part slots of the caller storage */

/* ---- the client over the in-memory server -------------------------------------------------- */

static struct s3l_client g_c;
static uint8_t g_io[16384 + GUARD];
static char g_line[1024 + GUARD], g_xml[256 + GUARD], g_work[4096 + GUARD];
static struct s3l_transport g_t;
static struct s3l_platform g_plat;
static struct s3l_credentials g_creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                          NULL};
static struct mini_s3 *g_s3;
static struct ms_conn *g_conn;

static int64_t fixed_now(void *ctx)
{
    (void)ctx;
    return 1893456000; /* 2030-01-01 */
}

/* Fresh server and client. */
static int setup(void)
{
    struct s3l_client_config cfg;
    g_s3 = ms_new();
    g_conn = ms_conn_new(g_s3, &g_t);
    if (g_s3 == NULL || g_conn == NULL) return -1;
    memset(g_io + sizeof g_io - GUARD, 0xA5, GUARD);
    memset(g_line + sizeof g_line - GUARD, 0x5A, GUARD);
    memset(g_xml + sizeof g_xml - GUARD, 0x5A, GUARD);
    memset(g_work + sizeof g_work - GUARD, 0x5A, GUARD);
    memset(&cfg, 0, sizeof cfg);
    g_plat.now = fixed_now;
    cfg.transport = &g_t;
    cfg.platform = &g_plat;
    cfg.endpoint.host = "mini-s3:9000";
    cfg.creds = &g_creds;
    cfg.region = "us-east-1";
    cfg.io_timeout_ms = 1000;
    cfg.continue_timeout_ms = 10;
    cfg.io_buf = g_io;
    cfg.io_cap = sizeof g_io - GUARD;
    cfg.line_buf = g_line;
    cfg.line_cap = sizeof g_line - GUARD;
    cfg.scratch = g_xml;
    cfg.scratch_cap = sizeof g_xml - GUARD;
    cfg.work = g_work;
    cfg.work_cap = sizeof g_work - GUARD;
    cfg.checksums = s3l_checksum_algos_all;
    return s3l_client_init(&g_c, &cfg);
}

static void teardown(void)
{
    s3l_client_close(&g_c);
    ms_conn_free(g_conn);
    ms_free(g_s3);
    g_conn = NULL;
    g_s3 = NULL;
}

static int client_guards_ok(void)
{
    size_t i;
    for (i = 0; i < GUARD; i++) {
        if (g_io[sizeof g_io - GUARD + i] != 0xA5 || g_line[sizeof g_line - GUARD + i] != 0x5A ||
            g_xml[sizeof g_xml - GUARD + i] != 0x5A || g_work[sizeof g_work - GUARD + i] != 0x5A)
            return 0;
    }
    return 1;
}

/* ---- the source, the saved state and the part storage ---------------------------------------- */

static uint8_t *g_src;          /* the source's bytes (a pattern) */
static uint64_t g_src_len;      /* bytes that exist so far */
static unsigned long g_reads;

static long src_read_at(void *ctx, uint64_t off, uint8_t *buf, size_t len)
{
    (void)ctx;
    g_reads++;
    if (off >= g_src_len) return 0;
    if ((uint64_t)len > g_src_len - off) len = (size_t)(g_src_len - off);
    memcpy(buf, g_src + off, len);
    return (long)len;
}

static void make_source(uint64_t len, unsigned seed)
{
    uint64_t i;
    uint32_t x = seed * 2654435761u + 1u;
    free(g_src);
    g_src = malloc((size_t)len + 1);
    for (i = 0; g_src != NULL && i < len; i++) {
        x = x * 1103515245u + 12345u;
        g_src[i] = (uint8_t)(x >> 16);
    }
    g_src_len = len;
}

static uint8_t g_blob[S3L_UPLOADER_STATE_MAX + GUARD];
static size_t g_blob_len;
static unsigned g_saves;

static unsigned g_save_fail_at;  /* 1-based save call that fails (power cut mid-write), 0 none */

static int save_blob(void *ctx, const uint8_t *blob, size_t len)
{
    (void)ctx;
    if (g_save_fail_at != 0 && g_saves + 1 == g_save_fail_at) {
        g_saves++;
        return S3L_ERR_IO; /* this write never reached the store */
    }
    if (len > S3L_UPLOADER_STATE_MAX) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(g_blob, blob, len);
    g_blob_len = len;
    g_saves++;
    return 0;
}

static struct s3l_complete_part g_list[CAP + 1];
static char g_etags[CAP + 1][S3L_ETAG_MAX];
static char g_sums[CAP + 1][S3L_CHECKSUM_B64_MAX + 1];

static void set_storage_guards(void)
{
    memset(&g_list[CAP], 0xA5, sizeof g_list[CAP]);
    memset(g_etags[CAP], 0xA5, sizeof g_etags[CAP]);
    memset(g_sums[CAP], 0xA5, sizeof g_sums[CAP]);
    memset(g_blob + S3L_UPLOADER_STATE_MAX, 0x5A, GUARD);
}

static int storage_guards_ok(void)
{
    const uint8_t *a = (const uint8_t *)&g_list[CAP];
    size_t i;
    for (i = 0; i < sizeof g_list[CAP]; i++) {
        if (a[i] != 0xA5) return 0;
    }
    for (i = 0; i < S3L_ETAG_MAX; i++) {
        if ((uint8_t)g_etags[CAP][i] != 0xA5) return 0;
    }
    for (i = 0; i < sizeof g_sums[CAP]; i++) {
        if ((uint8_t)g_sums[CAP][i] != 0xA5) return 0;
    }
    for (i = 0; i < GUARD; i++) {
        if (g_blob[S3L_UPLOADER_STATE_MAX + i] != 0x5A) return 0;
    }
    return 1;
}

static struct s3l_create_mpu_params g_create;
static const char g_src_id[] = "dev=1 ino=42 size=... mtime=...";

static void base_config(struct s3l_uploader_config *cfg, const char *key)
{
    memset(&g_create, 0, sizeof g_create);
    g_create.bucket = "bkt";
    g_create.key = key;
    memset(cfg, 0, sizeof *cfg);
    cfg->client = &g_c;
    cfg->create = &g_create;
    cfg->part_size = PART;
    cfg->allow_small_parts = 1;
    cfg->read_at = src_read_at;
    cfg->save = save_blob;
    cfg->source_id = g_src_id;
    cfg->source_id_len = sizeof g_src_id - 1;
    cfg->parts.list = g_list;
    cfg->parts.etags = g_etags;
    cfg->parts.checksums = g_sums;
    cfg->parts.cap = CAP;
    set_storage_guards();
    g_saves = 0;
    g_blob_len = 0;
}

/* The object at /bkt/key equals the source and its ETag says nparts parts. */
static int object_ok(const char *key, unsigned nparts)
{
    char path[256], etag[64], suffix[16];
    size_t len = 0;
    const uint8_t *d;
    snprintf(path, sizeof path, "/bkt/%s", key);
    d = ms_object(g_s3, path, &len, etag, sizeof etag);
    snprintf(suffix, sizeof suffix, "-%u\"", nparts);
    return d != NULL && len == g_src_len && memcmp(d, g_src, len) == 0 &&
           strlen(etag) > strlen(suffix) &&
           strcmp(etag + strlen(etag) - strlen(suffix), suffix) == 0;
}

/* ---- part sizes --------------------------------------------------------------------------------- */

static void test_part_size_table(void)
{
    static const uint64_t hints[] = {0, 1, 100 * MIB, 80 * GIB, 78 * GIB + 128 * MIB,
                                     1 * TIB, 5 * TIB - 1, 5 * TIB};
    uint64_t ps = 0;
    size_t i;
    for (i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        uint64_t h = hints[i], parts;
        CHECK_EQ_INT(s3l_uploader_part_size(h, 0, 0, &ps), S3L_OK);
        parts = h == 0 ? 1 : (h + ps - 1) / ps;
        /* S3's rules hold: 5 MiB..5 GiB, at most 10,000 parts, whole MiB */
        CHECKF(ps >= 5 * MIB && ps <= 5 * GIB && parts <= 10000 && ps % MIB == 0,
               "hint %llu: part %llu", (unsigned long long)h, (unsigned long long)ps);
        /* the default unless that needs too many parts; then the smallest that fits */
        if (h <= 10000 * 8 * MIB) {
            CHECK_EQ_INT(ps, 8 * MIB);
        } else {
            CHECKF((h + (ps - MIB) - 1) / (ps - MIB) > 10000, "hint %llu: %llu is not the least",
                   (unsigned long long)h, (unsigned long long)ps);
        }
    }
    CHECK_EQ_INT(s3l_uploader_part_size(5 * TIB, 0, 0, &ps), S3L_OK);
    CHECK_EQ_INT(ps, 525 * MIB); /* 5 TiB / 10,000 = 524.3 MiB */
    CHECK_EQ_INT(s3l_uploader_part_size(5 * TIB + 1, 0, 0, &ps), S3L_ERR_RANGE);
    CHECK_EQ_INT(s3l_uploader_part_size(6 * TIB, 0, 0, &ps), S3L_ERR_RANGE);
    CHECK_EQ_INT(s3l_uploader_part_size(6 * TIB, 5 * GIB, 0, &ps), S3L_ERR_RANGE);
    /* a given size: within 5 MiB..5 GiB (smaller only when allowed), enough for the hint */
    CHECK_EQ_INT(s3l_uploader_part_size(0, 5 * MIB, 0, &ps), S3L_OK);
    CHECK_EQ_INT(ps, 5 * MIB);
    CHECK_EQ_INT(s3l_uploader_part_size(0, 5 * MIB - 1, 0, &ps), S3L_ERR_RANGE);
    CHECK_EQ_INT(s3l_uploader_part_size(0, 1, 1, &ps), S3L_OK);
    CHECK_EQ_INT(ps, 1);
    CHECK_EQ_INT(s3l_uploader_part_size(0, 5 * GIB, 0, &ps), S3L_OK);
    CHECK_EQ_INT(s3l_uploader_part_size(0, 5 * GIB + 1, 0, &ps), S3L_ERR_RANGE);
    CHECK_EQ_INT(s3l_uploader_part_size(100 * GIB, 5 * MIB, 0, &ps), S3L_ERR_RANGE); /* 20,480 */
    CHECK_EQ_INT(s3l_uploader_part_size(10000 * 5 * MIB, 5 * MIB, 0, &ps), S3L_OK);
    CHECK_EQ_INT(s3l_uploader_part_size(10000 * 5 * MIB + 1, 5 * MIB, 0, &ps), S3L_ERR_RANGE);
}

/* A source over 5 TiB is refused before any request: from the hint, or once closed. */
static void test_5tib(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(16, 1);
    base_config(&cfg, "huge");
    cfg.part_size = 0;
    cfg.allow_small_parts = 0;
    cfg.size_hint = 6 * TIB;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_RANGE);
    cfg.size_hint = 0;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, 5 * TIB + 1, 1);
    CHECK_EQ_INT(s3l_uploader_step(&u), S3L_ERR_RANGE);
    CHECK_EQ_INT(g_s3->requests, 0);
    CHECK_EQ_INT(g_s3->uploads_created, 0);
    /* 5 TiB exactly is S3's limit, and allowed */
    cfg.size_hint = 5 * TIB;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_TOO_MANY); /* 10,000 parts > CAP */
    teardown();
}

/* ---- fresh uploads --------------------------------------------------------------------------- */

struct mode_case {
    enum s3l_payload_mode mode;
    enum s3l_checksum_alg alg;
    enum s3l_checksum_type type;
};

static void test_fresh(void)
{
    static const struct mode_case cases[] = {
        {S3L_PAYLOAD_MODE_STREAMING, S3L_CHECKSUM_NONE, (enum s3l_checksum_type)0},
        {S3L_PAYLOAD_MODE_SIGNED, S3L_CHECKSUM_CRC32, S3L_CHECKSUM_FULL_OBJECT},
        {S3L_PAYLOAD_MODE_UNSIGNED, S3L_CHECKSUM_SHA256, S3L_CHECKSUM_COMPOSITE},
        {S3L_PAYLOAD_MODE_STREAMING_TRAILER, S3L_CHECKSUM_CRC32C, (enum s3l_checksum_type)0},
        {S3L_PAYLOAD_MODE_UNSIGNED_TRAILER, S3L_CHECKSUM_CRC64NVME, S3L_CHECKSUM_FULL_OBJECT},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        int rc;
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        make_source(2 * PART + PART / 2, (unsigned)i + 1); /* 3 parts, the last a half */
        base_config(&cfg, "fresh");
        cfg.mode = cases[i].mode;
        g_create.checksum_algorithm = cases[i].alg;
        g_create.checksum_type = cases[i].type;
        cfg.size_hint = g_src_len;
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        rc = s3l_uploader_run(&u);
        CHECKF(rc == S3L_OK, "case %u: %s (%s)", (unsigned)i, s3l_strerror(rc),
               u.failed_op != NULL ? u.failed_op : "-");
        CHECKF(object_ok("fresh", 3), "case %u: the object differs from the source", (unsigned)i);
        CHECK_EQ_INT(u.parts_sent, 3);
        CHECK_EQ_INT(u.bytes_done, g_src_len);
        CHECK_EQ_INT(g_s3->count[MS_PART], 3);
        CHECK_EQ_INT(g_s3->uploads_open, 0);
        CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
        /* saved before Create ("Create sent"), after it, after each part, and before
         * Complete */
        CHECK_EQ_INT(g_saves, 6);
        /* the 3-part blob: 78 bytes, the upload id, one run of done parts */
        CHECK_EQ_INT(g_blob_len, S3L_UPLOADER_STATE_FIXED + strlen(u.upload_id) + 4);
        CHECK_EQ_INT(s3l_uploader_step(&u), S3L_ERR_STATE); /* done is done */
        CHECK(storage_guards_ok());
        CHECK(client_guards_ok());
        teardown();
    }
}

/* ---- resume ------------------------------------------------------------------------------- */

/* Run a new upload of the current source for `steps` steps (Create + parts), as a device
 * would before losing power; the blob is what it saved. */
static void upload_then_reboot(const char *key, enum s3l_checksum_alg alg, unsigned steps)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    unsigned i;
    base_config(&cfg, key);
    g_create.checksum_algorithm = alg;
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    for (i = 0; i < steps; i++) CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING);
    memset(&u, 0xEE, sizeof u); /* RAM is gone */
    memset(g_etags, 0, sizeof g_etags[0] * CAP);
    memset(g_sums, 0, sizeof g_sums[0] * CAP);
}

/* The first run's blob survives base_config (which clears g_blob_len) through this copy. */
static uint8_t g_saved[S3L_UPLOADER_STATE_MAX];
static size_t g_saved_len;

static void keep_blob(void)
{
    memcpy(g_saved, g_blob, g_blob_len);
    g_saved_len = g_blob_len;
}

static void test_resume_parts_done(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    g_s3->list_page_max = 2; /* three ListParts pages for 5 parts */
    make_source(7 * PART + 100, 7);
    upload_then_reboot("resumed", S3L_CHECKSUM_NONE, 1 + 5); /* Create + parts 1..5 */
    keep_blob();
    CHECK_EQ_INT(g_s3->count[MS_PART], 5);
    CHECK_EQ_INT(g_saved_len, S3L_UPLOADER_STATE_FIXED + strlen("ms-upload-1") + 4);
    base_config(&cfg, "resumed");
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
    CHECK_EQ_STR(u.upload_id, "ms-upload-1");
    CHECK_EQ_INT(u.parts_recorded, 5);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc), u.failed_op != NULL ? u.failed_op : "-");
    CHECK_EQ_INT(g_s3->count[MS_LIST], 3);
    CHECK_EQ_INT(u.parts_listed, 5);
    CHECK_EQ_INT(u.parts_kept, 5);
    CHECK_EQ_INT(u.parts_sent, 3);             /* 6, 7 and the 100-byte 8 */
    CHECK_EQ_INT(g_s3->count[MS_PART], 5 + 3); /* nothing sent twice */
    CHECK_EQ_INT(g_s3->uploads_created, 1);
    CHECK(object_ok("resumed", 8));
    CHECK(storage_guards_ok());
    CHECK(client_guards_ok());
    teardown();
}

/* ---- parts sent by the caller --------------------------------------------------------------- */

struct span_reader {
    uint64_t off, len, pos;
};

static long span_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct span_reader *r = ctx;
    size_t n = cap;
    if (r->pos >= r->len) return 0;
    if ((uint64_t)n > r->len - r->pos) n = (size_t)(r->len - r->pos);
    memcpy(buf, g_src + r->off + r->pos, n);
    r->pos += n;
    return (long)n;
}

static int span_rewind(void *ctx)
{
    ((struct span_reader *)ctx)->pos = 0;
    return S3L_OK;
}

/* Send part n as a caller with its own connection would: UploadPart from part_todo's
 * parameters, then part_sent. */
static int send_part_as_caller(struct s3l_uploader *u, uint32_t n)
{
    struct s3l_upload_part_params p;
    struct s3l_upload_part_result res;
    struct s3l_s3_error err;
    struct s3l_body body;
    struct span_reader r;
    uint64_t off = 0, len = 0;
    int rc = s3l_uploader_part_todo(u, n, &p, &off, &len);
    if (rc != 1) return rc < 0 ? rc : S3L_ERR_STATE;
    memset(&r, 0, sizeof r);
    r.off = off;
    r.len = len;
    memset(&body, 0, sizeof body);
    body.reader.read = span_read;
    body.reader.rewind = span_rewind;
    body.reader.ctx = &r;
    body.mode = u->cfg.mode;
    body.checksum = p.checksum_algorithm;
    memset(&res, 0, sizeof res);
    rc = s3l_client_upload_part(&g_c, &p, &body, &res, &err);
    if (rc != S3L_OK) return rc;
    return s3l_uploader_part_sent(u, n, res.etag, body.checksum_b64);
}

/* Parts finishing out of order (3, 1, 6 of 8) are recorded exactly: the blob holds three
 * runs, and a resume from it sends exactly the gaps (2, 4, 5, 7, 8). */
static void test_parts_by_caller(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    struct s3l_upload_part_params p;
    uint64_t off = 0, len = 0;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(7 * PART + 100, 11);
    base_config(&cfg, "bycaller");
    g_create.checksum_algorithm = S3L_CHECKSUM_CRC32;
    cfg.mode = S3L_PAYLOAD_MODE_SIGNED;
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_part_todo(&u, 1, &p, &off, &len), S3L_ERR_STATE); /* no upload yet */
    CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING); /* Create */
    CHECK_EQ_INT(u.phase, S3L_UPLOADER_PARTS);
    CHECK_EQ_INT(s3l_uploader_part_todo(&u, 8, &p, &off, &len), 1);
    CHECK_EQ_INT(off, 7 * PART);
    CHECK_EQ_INT(len, 100);
    CHECK_EQ_INT(p.part_number, 8);
    CHECK_EQ_STR(p.upload_id, u.upload_id);
    CHECK_EQ_INT(s3l_uploader_part_todo(&u, 9, &p, &off, &len), 0); /* past the end */
    CHECK_EQ_INT(send_part_as_caller(&u, 3), S3L_OK);
    CHECK_EQ_INT(send_part_as_caller(&u, 1), S3L_OK);
    CHECK_EQ_INT(send_part_as_caller(&u, 6), S3L_OK);
    CHECK_EQ_INT(s3l_uploader_part_todo(&u, 3, &p, &off, &len), 0); /* done */
    CHECK_EQ_INT(s3l_uploader_part_todo(&u, 2, &p, &off, &len), 1);
    CHECK_EQ_INT(s3l_uploader_part_sent(&u, 3, "\"again\"", "AAAAAA=="), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_uploader_part_sent(&u, 2, "", "AAAAAA=="), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_uploader_part_sent(&u, 2, "\"e\"", NULL), S3L_ERR_ARG); /* CRC32 wanted */
    CHECK_EQ_INT(u.parts_done, 3);
    CHECK_EQ_INT(u.bytes_done, 3 * PART);
    /* three runs: {1}, {3}, {6} */
    CHECK_EQ_INT(g_blob_len, S3L_UPLOADER_STATE_FIXED + strlen(u.upload_id) + 3 * 4);
    keep_blob();
    memset(&u, 0xEE, sizeof u); /* power lost */
    memset(g_etags, 0, sizeof g_etags[0] * CAP);
    memset(g_sums, 0, sizeof g_sums[0] * CAP);

    base_config(&cfg, "bycaller");
    g_create.checksum_algorithm = S3L_CHECKSUM_CRC32;
    cfg.mode = S3L_PAYLOAD_MODE_SIGNED;
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
    CHECK_EQ_INT(u.parts_recorded, 3);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc), u.failed_op != NULL ? u.failed_op : "-");
    CHECK_EQ_INT(u.parts_kept, 3);
    CHECK_EQ_INT(u.parts_sent, 5);              /* the gaps 2, 4, 5, 7 and 8 */
    CHECK_EQ_INT(g_s3->count[MS_PART], 3 + 5);  /* nothing sent twice */
    CHECK(object_ok("bycaller", 8));
    CHECK(storage_guards_ok());
    CHECK(client_guards_ok());
    teardown();
}

/* Parts missing or damaged on the server are sent again; with a checksum, a listed part
 * whose checksum differs from the local bytes' (re-read and hashed) is too. */
static void test_resume_mismatch(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(5 * PART + 7, 9);
    upload_then_reboot("mismatch", S3L_CHECKSUM_CRC32C, 1 + 4); /* parts 1..4 */
    keep_blob();
    CHECK_EQ_INT(ms_corrupt_part(g_s3, 1, 's'), 0); /* a byte short */
    CHECK_EQ_INT(ms_corrupt_part(g_s3, 2, 'c'), 0); /* another checksum */
    CHECK_EQ_INT(ms_corrupt_part(g_s3, 3, 'x'), 0); /* gone */
    base_config(&cfg, "mismatch");
    g_create.checksum_algorithm = S3L_CHECKSUM_CRC32C;
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
    g_reads = 0;
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc), u.failed_op != NULL ? u.failed_op : "-");
    CHECK_EQ_INT(u.parts_listed, 3);   /* 1, 2 and 4 */
    CHECK_EQ_INT(u.parts_kept, 1);     /* 4: the size ruled out 1, the checksum 2 */
    CHECK_EQ_INT(u.parts_sent, 5);     /* 1, 2, 3, 5 and 6 */
    CHECK(g_reads > 0);
    CHECK(object_ok("mismatch", 6));
    CHECK(storage_guards_ok());
    teardown();
}

/* A server that lists no part checksums (RGW 16): with a checksum algorithm set, a listed
 * part is kept when its ETag is the MD5 of the local bytes, resent otherwise. */
static void test_resume_etag_proof(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    g_s3->list_no_checksums = 1;
    make_source(4 * PART + 3, 41);
    upload_then_reboot("etag", S3L_CHECKSUM_SHA256, 1 + 4); /* parts 1..4 */
    keep_blob();
    CHECK_EQ_INT(ms_corrupt_part(g_s3, 2, 'e'), 0);
    base_config(&cfg, "etag");
    g_create.checksum_algorithm = S3L_CHECKSUM_SHA256;
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc), u.failed_op != NULL ? u.failed_op : "-");
    CHECK_EQ_INT(u.parts_listed, 4);
    CHECK_EQ_INT(u.parts_kept, 3);  /* 1, 3, 4: their ETags are the MD5s of the local bytes */
    CHECK_EQ_INT(u.parts_sent, 2);  /* 2 (its ETag is not) and 5 */
    CHECK(object_ok("etag", 5));
    CHECK(storage_guards_ok());
    teardown();
}

/* ---- a growing source ----------------------------------------------------------------------- */

static void test_growing(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    uint64_t full;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(3 * PART + 300, 11);
    full = g_src_len;
    base_config(&cfg, "log");
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    g_src_len = PART + PART / 2; /* one and a half parts written so far */
    s3l_uploader_source(&u, g_src_len, 0);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_WAIT_SOURCE);
    CHECK_EQ_INT(g_s3->count[MS_PART], 1); /* the full part went up, the half did not */
    CHECK_EQ_INT(s3l_uploader_step(&u), S3L_WAIT_SOURCE);
    CHECK_EQ_INT(g_s3->requests, 2);
    g_src_len = 3 * PART; /* exactly three parts: all full */
    s3l_uploader_source(&u, g_src_len, 0);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_WAIT_SOURCE);
    CHECK_EQ_INT(g_s3->count[MS_PART], 3);
    CHECK_EQ_INT(g_s3->count[MS_COMPLETE], 0);
    g_src_len = full; /* the last 300 bytes, and the writer closes the log */
    s3l_uploader_source(&u, g_src_len, 1);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s", s3l_strerror(rc));
    CHECK_EQ_INT(g_s3->count[MS_PART], 4);
    CHECK(object_ok("log", 4));
    /* a source that ends on a part boundary: no empty part */
    teardown();
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(2 * PART, 12);
    base_config(&cfg, "log2");
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 0);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_WAIT_SOURCE);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_OK);
    CHECK_EQ_INT(g_s3->count[MS_PART], 2);
    CHECK(object_ok("log2", 2));
    CHECK(storage_guards_ok());
    teardown();
}

/* ---- saved states refused -------------------------------------------------------------------- */

static void fix_crc(uint8_t *b, size_t len)
{
    uint32_t crc = s3l_crc32_update(0, b, len - 4);
    b[len - 4] = (uint8_t)crc;
    b[len - 3] = (uint8_t)(crc >> 8);
    b[len - 2] = (uint8_t)(crc >> 16);
    b[len - 1] = (uint8_t)(crc >> 24);
}

static void test_blob_refused(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    uint8_t bad[S3L_UPLOADER_STATE_MAX];
    static struct s3l_meta meta = {"origin", "sensor-7"}, meta2 = {"origin", "sensor-8"};
    static const char other_id[] = "dev=1 ino=43";
    char id[S3L_UPLOAD_ID_MAX];
    size_t i;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(3 * PART, 13);
    base_config(&cfg, "state");
    g_create.attrs.metadata = &meta;
    g_create.attrs.metadata_count = 1;
    cfg.size_hint = g_src_len;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING); /* Create */
    CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING); /* part 1 */
    keep_blob();
    CHECK_EQ_INT(s3l_uploader_blob_upload_id(g_saved, g_saved_len, id, sizeof id), S3L_OK);
    CHECK_EQ_STR(id, "ms-upload-1");

#define RELOAD(want)                                                                  \
    do {                                                                              \
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);                            \
        s3l_uploader_source(&u, g_src_len, 1);                                        \
        CHECK_EQ_INT(s3l_uploader_load(&u, bad, len), (want));                        \
        if ((want) != S3L_OK) CHECK(u.phase == S3L_UPLOADER_CREATE && u.upload_id[0] == '\0'); \
    } while (0)
    {
        size_t len = g_saved_len;
        /* the same config loads */
        memcpy(bad, g_saved, len);
        RELOAD(S3L_OK);
        /* any flipped byte is caught by the CRC (or the magic / length before it) */
        for (i = 0; i < len; i++) {
            memcpy(bad, g_saved, len);
            bad[i] ^= 0x10;
            CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
            s3l_uploader_source(&u, g_src_len, 1);
            CHECKF(s3l_uploader_load(&u, bad, len) == S3L_ERR_STATE_CORRUPT, "byte %u",
                   (unsigned)i);
        }
        /* cut short */
        memcpy(bad, g_saved, len);
        CHECK_EQ_INT(s3l_uploader_load(&u, bad, len - 1), S3L_ERR_STATE_CORRUPT);
        CHECK_EQ_INT(s3l_uploader_load(&u, bad, 10), S3L_ERR_STATE_CORRUPT);
        /* another version, CRC right */
        memcpy(bad, g_saved, len);
        bad[4] = S3L_UPLOADER_STATE_VERSION + 1;
        fix_crc(bad, len);
        RELOAD(S3L_ERR_STATE_VERSION);
        CHECK_EQ_INT(s3l_uploader_blob_upload_id(bad, len, id, sizeof id), S3L_ERR_STATE_VERSION);
        memcpy(bad, g_saved, len);
        /* another key, part size, metadata value, checksum, payload mode: the target */
        g_create.key = "state2";
        RELOAD(S3L_ERR_STATE_TARGET);
        g_create.key = "state";
        cfg.part_size = 2 * PART;
        RELOAD(S3L_ERR_STATE_TARGET);
        cfg.part_size = PART;
        g_create.attrs.metadata = &meta2;
        RELOAD(S3L_ERR_STATE_TARGET);
        g_create.attrs.metadata = &meta;
        g_create.checksum_algorithm = S3L_CHECKSUM_CRC32;
        RELOAD(S3L_ERR_STATE_TARGET);
        g_create.checksum_algorithm = S3L_CHECKSUM_NONE;
        cfg.mode = S3L_PAYLOAD_MODE_UNSIGNED;
        RELOAD(S3L_ERR_STATE_TARGET);
        cfg.mode = S3L_PAYLOAD_MODE_STREAMING;
        /* another source identity, or the same one with another size */
        cfg.source_id = other_id;
        cfg.source_id_len = sizeof other_id - 1;
        RELOAD(S3L_ERR_STATE_SOURCE);
        cfg.source_id = g_src_id;
        cfg.source_id_len = sizeof g_src_id - 1;
        g_src_len -= 1;
        RELOAD(S3L_ERR_STATE_SOURCE);
        g_src_len += 1;
        RELOAD(S3L_OK);
        CHECK_EQ_INT(s3l_uploader_run(&u), S3L_OK);
        CHECK(object_ok("state", 3));
        CHECK_EQ_INT(g_s3->uploads_created, 1);
    }
#undef RELOAD
    CHECK(storage_guards_ok());
    teardown();
}

/* ---- Complete -------------------------------------------------------------------------------- */

static void test_complete_lost(void)
{
    static const enum s3l_checksum_alg algs[] = {S3L_CHECKSUM_NONE, S3L_CHECKSUM_SHA1};
    size_t i;
    for (i = 0; i < 2; i++) {
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        int rc;
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        /* the server completes the upload, and the answer is lost on the way */
        ms_add_rule(g_s3, MS_COMPLETE, 1, MS_FAULT_LOSE_ANSWER, 0, NULL);
        make_source(3 * PART - 1, 17);
        base_config(&cfg, "lost");
        g_create.checksum_algorithm = algs[i];
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        rc = s3l_uploader_run(&u);
        CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc), u.failed_op != NULL ? u.failed_op : "-");
        CHECK_EQ_INT(g_s3->count[MS_COMPLETE], 2); /* retried: NoSuchUpload */
        CHECK_EQ_INT(g_s3->count[MS_HEAD], 1);     /* ... then HeadObject said it is there */
        CHECK_EQ_INT(u.confirmed_by_head, 1);
        CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
        CHECK(object_ok("lost", 3));
        teardown();
    }
    {
        /* Complete never reached the server, the upload is gone meanwhile: HeadObject finds no
         * object, and the upload is called lost (not done, not aborted) */
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        ms_add_rule(g_s3, MS_COMPLETE, 1, MS_FAULT_DROP, 0, NULL);
        ms_add_rule(g_s3, MS_COMPLETE, 2, MS_FAULT_ERROR, 404, "NoSuchUpload");
        make_source(2 * PART, 19);
        base_config(&cfg, "gone");
        cfg.abort_on_failure = 1; /* even so: a Complete was sent */
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        CHECK_EQ_INT(s3l_uploader_run(&u), S3L_ERR_UPLOAD_LOST);
        CHECK_EQ_STR(u.failed_op, "HeadObject");
        CHECK_EQ_INT(g_s3->count[MS_HEAD], 1);
        CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
        CHECK_EQ_INT(u.complete_sent, 1);
        teardown();
    }
    for (i = 0; i < 2; i++) {
        /* a reboot after Complete was sent and succeeded: the resume's ListParts meets
         * NoSuchUpload (RGW: NoSuchKey), HeadObject proves the object (size and "-N" ETag) */
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        g_s3->gone_code = i == 0 ? "NoSuchUpload" : "NoSuchKey";
        ms_add_rule(g_s3, MS_COMPLETE, 1, MS_FAULT_LOSE_ANSWER, 0, NULL);
        ms_add_rule(g_s3, MS_COMPLETE, 2, MS_FAULT_DROP, 0, NULL);
        ms_add_rule(g_s3, MS_COMPLETE, 3, MS_FAULT_DROP, 0, NULL);
        ms_add_rule(g_s3, MS_COMPLETE, 4, MS_FAULT_DROP, 0, NULL);
        make_source(2 * PART + 1, 23);
        base_config(&cfg, "reboot");
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        CHECK(s3l_uploader_run(&u) < 0); /* every Complete answer lost */
        CHECK_EQ_INT(u.complete_sent, 1);
        keep_blob();
        base_config(&cfg, "reboot");
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
        CHECK_EQ_INT(u.complete_sent, 1);
        CHECK_EQ_INT(s3l_uploader_run(&u), S3L_OK);
        CHECK_EQ_INT(u.confirmed_by_head, 1);
        CHECK(object_ok("reboot", 3));
        CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
        teardown();
    }
}

/* A 200 to Complete whose root is not CompleteMultipartUploadResult (moto 5.2's
 * ...Response): the object is complete, and the uploader must say so and abort nothing,
 * whether the client takes that answer as success or as a malformed one (then the retry
 * meets NoSuchUpload and HeadObject settles it). */
static void test_complete_other_root(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    g_s3->complete_root = "CompleteMultipartUploadResponse";
    make_source(2 * PART + 9, 43);
    base_config(&cfg, "moto");
    cfg.abort_on_failure = 1;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s (%s)", s3l_strerror(rc), u.failed_op != NULL ? u.failed_op : "-");
    CHECK(object_ok("moto", 3));
    CHECK_EQ_INT(g_s3->count[MS_ABORT], 0);
    CHECK(g_s3->count[MS_COMPLETE] <= 2);
    teardown();
}

/* ---- abort policy -------------------------------------------------------------------------------- */

static void test_abort_policy(void)
{
    /* who aborts after a failed part: the flag, or a definite failure with no state kept */
    static const struct {
        int keep_state, flag, status;
        const char *code;
        int aborted;
    } cases[] = {
        {1, 0, 403, "AccessDenied", 0},  /* state kept: resumable, never aborted */
        {1, 1, 403, "AccessDenied", 1},  /* asked to */
        {0, 0, 403, "AccessDenied", 1},  /* definite and nothing can resume it */
        {0, 0, 503, "SlowDown", 0},      /* not definite: step() may be called again */
        {0, 1, 503, "SlowDown", 1},      /* asked to */
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        unsigned pass = (unsigned)cases[i].aborted;
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        ms_add_rule(g_s3, MS_PART, 2, MS_FAULT_ERROR, cases[i].status, cases[i].code);
        make_source(3 * PART, 29);
        base_config(&cfg, "policy");
        cfg.abort_on_failure = (unsigned)cases[i].flag;
        if (!cases[i].keep_state) cfg.save = NULL;
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        CHECK_EQ_INT(s3l_uploader_run(&u), S3L_ERR_S3);
        CHECK_EQ_STR(u.failed_op, "UploadPart");
        CHECK_EQ_INT(u.failed_part, 2);
        CHECK_EQ_STR(u.err.code, cases[i].code); /* the failure's error, not the abort's */
        CHECKF(g_s3->count[MS_ABORT] == pass, "case %u", (unsigned)i);
        CHECK_EQ_INT(u.aborted, pass);
        CHECK_EQ_INT(g_s3->uploads_open, 1 - pass);
        if (pass == 0) {
            /* kept: the same uploader carries on where it stopped */
            CHECK_EQ_INT(s3l_uploader_run(&u), S3L_OK);
            CHECK(object_ok("policy", 3));
            CHECK_EQ_INT(g_s3->count[MS_PART], 4);
        } else {
            CHECK_EQ_INT(s3l_uploader_step(&u), S3L_ERR_STATE);
        }
        teardown();
    }
    {
        /* the caller asks */
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        make_source(3 * PART, 31);
        base_config(&cfg, "asked");
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        CHECK_EQ_INT(s3l_uploader_abort(&u), S3L_OK); /* nothing to abort yet */
        CHECK_EQ_INT(g_s3->requests, 0);
        s3l_uploader_source(&u, g_src_len, 1);
        CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING);
        CHECK_EQ_INT(s3l_uploader_abort(&u), S3L_OK);
        CHECK_EQ_INT(g_s3->uploads_open, 0);
        CHECK_EQ_INT(s3l_uploader_step(&u), S3L_ERR_STATE);
        teardown();
    }
}

/* The store lost the write that was under way when the power went (after part 3 was sent):
 * the blob says 2 parts, the server holds 3, ListParts finds the third. */
static void test_lost_write(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    unsigned i;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(4 * PART, 47);
    base_config(&cfg, "lostwrite");
    g_save_fail_at = 5; /* Create sent, Create, part 1, part 2 saved; part 3's save lost */
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    for (i = 0; i < 3; i++) CHECK_EQ_INT(s3l_uploader_step(&u), S3L_PENDING);
    CHECK_EQ_INT(s3l_uploader_step(&u), S3L_ERR_IO);
    CHECK_EQ_STR(u.failed_op, "saving the state");
    g_save_fail_at = 0;
    keep_blob();
    CHECK_EQ_INT(g_s3->count[MS_PART], 3);
    base_config(&cfg, "lostwrite");
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
    CHECK_EQ_INT(u.parts_recorded, 2);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_OK);
    CHECK_EQ_INT(u.parts_kept, 3);
    CHECK_EQ_INT(u.parts_sent, 1);
    CHECK(object_ok("lostwrite", 4));
    teardown();
}

/* A Create whose answer was lost with the power: the saved state says "Create sent" and when;
 * the sweep aborts the uploads of exactly this key initiated since then, and nothing else. */
static void test_sweep_after_lost_create(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    static struct s3l_uploader_sweep_mem mem;
    struct s3l_create_mpu_params other;
    struct s3l_create_mpu_result cr;
    struct s3l_s3_error err;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    g_s3->now = fixed_now(NULL);
    make_source(2 * PART, 7);
    /* someone else's upload of a longer key with the same prefix */
    memset(&other, 0, sizeof other);
    other.bucket = "bkt";
    other.key = "swept-not-mine";
    CHECK_EQ_INT(s3l_client_create_mpu(&g_c, &other, &cr, &err), S3L_OK);
    /* the Create's answer is lost: the upload exists, the store has "Create sent" */
    base_config(&cfg, "swept");
    ms_add_rule(g_s3, MS_CREATE, 2, MS_FAULT_LOSE_ANSWER, 0, NULL);
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    g_c.cfg.max_attempts = 1; /* the client would not resend a Create anyway */
    CHECK(s3l_uploader_step(&u) < 0);
    g_c.cfg.max_attempts = 0 + S3L_CLIENT_ATTEMPTS;
    CHECK_EQ_INT(g_s3->count[MS_CREATE], 2);
    CHECK_EQ_INT(g_blob_len, S3L_UPLOADER_STATE_FIXED); /* no id, no parts */
    keep_blob();
    /* reboot: the state names no upload, but says a Create went out at fixed_now() */
    base_config(&cfg, "swept");
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_load(&u, g_saved, g_saved_len), S3L_OK);
    CHECK(u.create_sent_at == fixed_now(NULL) && u.phase == S3L_UPLOADER_CREATE);
    {
        char id[S3L_UPLOAD_ID_MAX];
        CHECK_EQ_INT(s3l_uploader_blob_upload_id(g_saved, g_saved_len, id, sizeof id), S3L_OK);
        CHECK_EQ_STR(id, "");
    }
    /* an upload initiated long before the recorded Create is not taken for it */
    g_s3->now = fixed_now(NULL) - S3L_UPLOADER_SWEEP_MARGIN_S - 1;
    CHECK_EQ_INT(s3l_uploader_sweep(&u, &mem), S3L_OK);
    CHECK_EQ_INT(u.swept, 0);
    CHECK_EQ_INT(g_s3->uploads_open, 2);
    /* ... one initiated since is, and only that one */
    u.create_sent_at = fixed_now(NULL);
    g_s3->now = fixed_now(NULL);
    CHECK_EQ_INT(s3l_uploader_sweep(&u, &mem), S3L_OK);
    CHECK_EQ_INT(u.swept, 1);
    CHECK_EQ_INT(u.create_sent_at, 0);
    CHECK_EQ_INT(g_s3->uploads_open, 1); /* swept-not-mine */
    CHECK_EQ_INT(s3l_uploader_sweep(&u, &mem), S3L_OK); /* nothing to do now */
    CHECK_EQ_INT(s3l_uploader_sweep(NULL, &mem), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_OK);
    CHECK(object_ok("swept", 2));
    CHECK_EQ_INT(g_s3->uploads_open, 1);
    /* a "Create sent" blob that also claims parts is damaged */
    {
        uint8_t bad[S3L_UPLOADER_STATE_MAX];
        memcpy(bad, g_saved, g_saved_len);
        bad[5] = (uint8_t)(bad[5] & ~0x04u); /* no id, and no "Create sent" flag */
        fix_crc(bad, g_saved_len);
        base_config(&cfg, "swept");
        CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
        s3l_uploader_source(&u, g_src_len, 1);
        CHECK_EQ_INT(s3l_uploader_load(&u, bad, g_saved_len), S3L_ERR_STATE_CORRUPT);
    }
    teardown();
}

/* Power loss in firmware terms, many times over: each upload runs a random number of steps
 * before the power goes (RAM lost), a random save may be cut mid-write (then the power goes
 * at once), and answers of parts, ListParts and Complete may be lost or never given; the
 * device resumes from what its store holds until the object is complete, sweeping what a
 * lost Create answer may have left open (s3l_uploader_sweep). Every object must equal its
 * source, and no upload may be left open. */
static uint32_t g_rng = 12345;

static unsigned rnd(unsigned n)
{
    g_rng = g_rng * 1103515245u + 12345u;
    return (g_rng >> 16) % n;
}

static void test_power_loss_loop(void)
{
    static const enum s3l_checksum_alg algs[] = {S3L_CHECKSUM_NONE, S3L_CHECKSUM_CRC32C,
                                                 S3L_CHECKSUM_SHA256};
    static struct s3l_uploader_sweep_mem sweep;
    unsigned iter, done = 0, boots = 0, sweeps = 0, swept = 0, orphans = 0, bad = 0;
    for (iter = 0; iter < 150; iter++) {
        struct s3l_uploader_config cfg;
        static struct s3l_uploader u;
        enum s3l_checksum_alg alg = algs[rnd(3)];
        unsigned boot, k, have_blob = 0, finished = 0;
        char key[32];
        if (setup() != 0) {
            CHECK(0);
            return;
        }
        snprintf(key, sizeof key, "pl%u", iter);
        make_source((uint64_t)rnd(6 * PART) + 1, iter + 100);
        g_s3->now = fixed_now(NULL);
        g_s3->list_page_max = 1 + rnd(3);
        for (k = 0; k < 3; k++) {
            static const enum ms_op ops[] = {MS_PART, MS_LIST, MS_COMPLETE};
            ms_add_rule(g_s3, ops[rnd(3)], 1 + rnd(4),
                        rnd(2) ? MS_FAULT_LOSE_ANSWER : MS_FAULT_DROP, 0, NULL);
        }
        for (boot = 0; boot < 40 && !finished; boot++) {
            unsigned steps = 1 + rnd(6), st;
            int rc = S3L_PENDING;
            base_config(&cfg, key); /* RAM gone: storage and uploader start empty */
            g_create.checksum_algorithm = alg;
            cfg.size_hint = g_src_len;
            g_saves = 0;
            g_save_fail_at = rnd(4) == 0 ? 1 + rnd(3) : 0;
            if (s3l_uploader_init(&u, &cfg) != S3L_OK) break;
            s3l_uploader_source(&u, g_src_len, 1);
            if (have_blob && s3l_uploader_load(&u, g_saved, g_saved_len) != S3L_OK) break;
            if (u.create_sent_at != 0) {
                sweeps++;
                if (s3l_uploader_sweep(&u, &sweep) != S3L_OK) rc = S3L_ERR_IO; /* power again */
                swept += u.swept;
            }
            for (st = 0; st < steps && rc == S3L_PENDING; st++) rc = s3l_uploader_step(&u);
            if (rc == S3L_OK) finished = 1;
            if (g_blob_len != 0) {
                keep_blob();
                have_blob = 1;
            }
            boots++;
        }
        g_save_fail_at = 0;
        if (finished && object_ok(key, (unsigned)((g_src_len + PART - 1) / PART))) {
            done++;
        } else {
            bad++;
            fprintf(stderr, "power loss %u: not finished after %u boots\n", iter, boot);
        }
        orphans += g_s3->uploads_open;
        teardown();
    }
    printf("power loss: %u uploads, %u boots, %u complete and equal to their source, %u bad, "
           "%u sweeps after a lost Create answer aborted %u uploads, %u left open\n",
           iter, boots, done, bad, sweeps, swept, orphans);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(done, 150);
    CHECK(swept > 0); /* the loop did lose Create answers */
    CHECK_EQ_INT(orphans, 0);
}

/* ---- 10,000 parts --------------------------------------------------------------------------------- */

static void test_ten_thousand(void)
{
    enum { N = 10000 };
    static struct s3l_complete_part list[N + 1];
    static char etags[N + 1][S3L_ETAG_MAX];
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    int rc;
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(N, 37); /* one byte a part */
    base_config(&cfg, "many");
    cfg.mode = S3L_PAYLOAD_MODE_UNSIGNED;
    cfg.part_size = 1;
    cfg.size_hint = g_src_len;
    cfg.parts.list = list;
    cfg.parts.etags = etags;
    cfg.parts.checksums = NULL;
    cfg.parts.cap = N + 1;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    rc = s3l_uploader_run(&u);
    CHECKF(rc == S3L_OK, "%s", s3l_strerror(rc));
    CHECK(object_ok("many", N));
    CHECK_EQ_INT(u.parts_done, N);
    /* the 10,000-part blob is as small as the 3-part one */
    CHECK_EQ_INT(g_blob_len, S3L_UPLOADER_STATE_FIXED + strlen(u.upload_id) + 4);
    teardown();
    /* one byte more is a 10,001st part: refused before it is sent */
    if (setup() != 0) {
        CHECK(0);
        return;
    }
    make_source(N + 1, 37);
    cfg.size_hint = N + 1;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_RANGE);
    cfg.size_hint = 0;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
    s3l_uploader_source(&u, g_src_len, 1);
    CHECK_EQ_INT(s3l_uploader_run(&u), S3L_ERR_RANGE);
    CHECK_EQ_INT(g_s3->count[MS_PART], N);
    CHECK_EQ_INT(g_s3->count[MS_COMPLETE], 0);
    teardown();
}

static void test_init_errors(void)
{
    struct s3l_uploader_config cfg;
    static struct s3l_uploader u;
    base_config(&cfg, "k");
    CHECK_EQ_INT(s3l_uploader_init(NULL, &cfg), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_uploader_init(&u, NULL), S3L_ERR_ARG);
    cfg.read_at = NULL;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_ARG);
    base_config(&cfg, "k");
    cfg.parts.cap = 0;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_ARG);
    base_config(&cfg, "k");
    g_create.checksum_algorithm = S3L_CHECKSUM_CRC32;
    cfg.parts.checksums = NULL;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_ARG);
    base_config(&cfg, "k");
    g_create.checksum_algorithm = S3L_CHECKSUM_SHA256;
    g_create.checksum_type = S3L_CHECKSUM_FULL_OBJECT;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_ENUM);
    base_config(&cfg, "k");
    cfg.allow_small_parts = 0;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_RANGE);
    base_config(&cfg, "k");
    cfg.size_hint = (uint64_t)(CAP + 1) * PART;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_ERR_TOO_MANY);
    cfg.size_hint = (uint64_t)CAP * PART;
    CHECK_EQ_INT(s3l_uploader_init(&u, &cfg), S3L_OK);
}

int main(void)
{
    test_part_size_table();
    test_init_errors();
    test_5tib();
    test_fresh();
    test_resume_parts_done();
    test_parts_by_caller();
    test_resume_mismatch();
    test_resume_etag_proof();
    test_growing();
    test_blob_refused();
    test_complete_lost();
    test_complete_other_root();
    test_abort_policy();
    test_lost_write();
    test_sweep_after_lost_create();
    test_power_loss_loop();
    test_ten_thousand();
    free(g_src);
    return th_summary();
}
