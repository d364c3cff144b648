/* SPDX-License-Identifier: MIT */
/*
 * Request builders, the cases with more than one thing wrong, and the calendar.
 *
 * Which error a builder reports when several parameters are bad: the target (bucket, host,
 * key: empty or '/' first, then CR/LF/NUL, then length) comes first, then the parameters in
 * the order they go on the wire (query parameters, then headers in the documented order);
 * the checks that guard a whole request (part number range, encoding type, the part list of
 * CompleteMultipartUpload, CreateBucket's location and canned ACL) come before the
 * parameters they precede in the request. A full arena or header array is an error at the
 * place it happens. Every failing build must leave nothing behind.
 *
 * The calendar: the first and last days of every year 1970..9999 and both ends of
 * February, given as Unix seconds and as ISO 8601, against a calendar kept here a day at a
 * time; February 29 of every common year is refused.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "util_s3req.h"

#define GUARD 0xA5
#define NGUARD 16
#define MAXH 64

static const struct s3l_endpoint ep_path = {"127.0.0.1:7480", 0};
static const struct s3l_endpoint ep_virt = {"s3.us-east-1.amazonaws.com", 1};
static const struct s3l_endpoint ep_bad_host = {"h\r\nX: 1", 0};
static uint8_t ssec_key[32];

struct rig {
    char mem[8192 + NGUARD];
    struct s3l_header hv[MAXH + 2];
    struct s3l_arena arena;
    struct s3l_request req;
};

/*
 * One build that must fail with want, with a 3-byte arena prefix and one header already
 * there: afterwards *req, arena.used, the prefix, the first header and the guard bytes after
 * the arena capacity and the header capacity are as before.
 */
static void expect(const char *label, build_fn fn, const struct s3l_endpoint *ep, const void *p,
                   int want, size_t arena_cap, size_t hcap)
{
    struct rig *r = malloc(sizeof *r);
    struct s3l_request before;
    struct s3l_header h0 = {"X-Pre", 5, "1", 1};
    size_t i;
    int rc, guards = 1;
    memset(r, GUARD, sizeof *r);
    memcpy(r->mem, "pre", 3);
    r->arena.buf = r->mem;
    r->arena.cap = arena_cap;
    r->arena.used = 3;
    r->hv[0] = h0;
    r->req.headers.items = r->hv;
    r->req.headers.cap = hcap;
    r->req.headers.count = 1;
    before = r->req;
    rc = fn(&r->req, &r->arena, ep, p);
    CHECKF(rc == want, "%s: got %d (%s), want %d (%s)", label, rc, s3l_strerror(rc), want,
           s3l_strerror(want));
    CHECKF(memcmp(&before, &r->req, sizeof before) == 0, "%s: *req changed", label);
    CHECKF(r->arena.used == 3 && memcmp(r->mem, "pre", 3) == 0, "%s: arena not restored", label);
    CHECKF(memcmp(&h0, &r->hv[0], sizeof h0) == 0, "%s: first header changed", label);
    for (i = 0; i < NGUARD; i++) {
        if ((unsigned char)r->mem[arena_cap + i] != GUARD) guards = 0;
    }
    for (i = 0; i < sizeof r->hv[0]; i++) {
        if (((unsigned char *)&r->hv[hcap])[i] != GUARD) guards = 0;
    }
    CHECKF(guards, "%s: guard bytes overwritten", label);
    free(r);
}

#define A 8192 /* arena capacity when the arena is not the point */

static void base_create(struct s3l_create_mpu_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "b";
    p->key = "k";
}

static const struct s3l_meta bad_meta_name[] = {{"bad name", "v"}};
static const char tags11_bad_last[] = "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=v v";
static const char tags11[] = "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11";

static void test_create(void)
{
    struct s3l_create_mpu_params p;
    static char long_key[S3L_KEY_MAX + 2];
    memset(long_key, 'k', S3L_KEY_MAX + 1);

    base_create(&p);
    p.attrs.acl = (enum s3l_acl)8;
    p.attrs.content_type = "a\r";
    expect("acl before Content-Type", b_create, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);

    base_create(&p);
    p.attrs.content_type = "a\r";
    p.attrs.expires = "tomorrow";
    expect("Content-Type before Expires", b_create, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_create(&p);
    p.attrs.expires = "tomorrow";
    p.attrs.grant_read = "nobody";
    expect("Expires before grants", b_create, &ep_path, &p, S3L_ERR_BAD_DATE, A, MAXH);

    base_create(&p);
    p.attrs.grant_write_acp = "user=\"1\"";
    p.attrs.metadata = bad_meta_name;
    p.attrs.metadata_count = 1;
    expect("grants before metadata", b_create, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);

    base_create(&p);
    p.attrs.metadata = bad_meta_name;
    p.attrs.metadata_count = 1;
    p.attrs.sse = (enum s3l_sse)5;
    expect("metadata before SSE", b_create, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_create(&p);
    p.attrs.storage_class = (enum s3l_storage_class)14;
    p.attrs.website_redirect_location = "x";
    expect("storage class before redirect", b_create, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);

    base_create(&p);
    p.attrs.website_redirect_location = "x";
    p.sse_c.algorithm = S3L_SSEC_AES256;
    p.sse_c.key = ssec_key;
    p.sse_c.key_len = 16;
    p.sse_c.key_md5 = "tP/LI3N87DFaSk0aoqYgzg==";
    expect("redirect before SSE-C", b_create, &ep_path, &p, S3L_ERR_ARG, A, MAXH);

    base_create(&p);
    p.sse_c.algorithm = S3L_SSEC_AES256;
    p.sse_c.key = ssec_key;
    p.sse_c.key_len = 16;
    p.sse_c.key_md5 = "tP/LI3N87DFaSk0aoqYgzg==";
    p.attrs.sse_kms_key_id = "k\n";
    expect("SSE-C before KMS key id", b_create, &ep_path, &p, S3L_ERR_RANGE, A, MAXH);

    base_create(&p);
    p.attrs.bucket_key_enabled = (enum s3l_bool)3;
    p.attrs.tagging = "a b";
    expect("bucket key before tagging", b_create, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);

    base_create(&p);
    p.attrs.tagging = "a b";
    p.attrs.object_lock_retain_until = "2030-02-30T00:00:00Z";
    expect("tagging before retain date", b_create, &ep_path, &p, S3L_ERR_ARG, A, MAXH);

    base_create(&p);
    p.attrs.object_lock_retain_until = "2030-02-30T00:00:00Z";
    p.attrs.object_lock_legal_hold = (enum s3l_legal_hold)3;
    expect("retain date before legal hold", b_create, &ep_path, &p, S3L_ERR_BAD_DATE, A, MAXH);

    base_create(&p);
    p.expected_bucket_owner = "1\n";
    p.checksum_type = (enum s3l_checksum_type)3;
    expect("owner before checksum type", b_create, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_create(&p);
    p.attrs.tagging = tags11_bad_last;
    expect("tag syntax before tag count", b_create, &ep_path, &p, S3L_ERR_ARG, A, MAXH);
    p.attrs.tagging = tags11;
    expect("11 tags", b_create, &ep_path, &p, S3L_ERR_RANGE, A, MAXH);

    /* the target first */
    base_create(&p);
    p.key = "a\0b"; /* NUL is the one byte a key cannot hold */
    p.key_len = 3;
    p.attrs.acl = (enum s3l_acl)8;
    expect("key before headers", b_create, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_create(&p);
    p.bucket = "a/b";
    expect("bucket '/' before host CRLF", b_create, &ep_bad_host, &p, S3L_ERR_ARG, A, MAXH);

    base_create(&p);
    p.bucket = "a\rb";
    p.key = long_key;
    expect("bucket CR before key length", b_create, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_create(&p);
    p.bucket = "Bad_Bucket";
    p.key = "a\0b";
    p.key_len = 3;
    expect("key NUL before host label", b_create, &ep_virt, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_create(&p);
    p.bucket = "Bad_Bucket";
    p.attrs.content_type = "\r";
    expect("host label before headers", b_create, &ep_virt, &p, S3L_ERR_ARG, A, MAXH);

    /* full arena or header array where it happens */
    base_create(&p);
    p.attrs.content_type = "\r";
    expect("arena full at the path", b_create, &ep_path, &p, S3L_ERR_BUF_TOO_SMALL, 5, MAXH);

    base_create(&p);
    p.attrs.acl = (enum s3l_acl)8;
    expect("header array full at Host", b_create, &ep_path, &p, S3L_ERR_TOO_MANY, A, 1);

    base_create(&p);
    p.attrs.acl = S3L_ACL_PRIVATE;
    p.attrs.content_type = "\r";
    expect("header array full at x-amz-acl", b_create, &ep_path, &p, S3L_ERR_TOO_MANY, A, 2);
}

static void base_part(struct s3l_upload_part_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "b";
    p->key = "k";
    p->upload_id = "u";
    p->part_number = 1;
}

static void test_upload_part(void)
{
    struct s3l_upload_part_params p;

    base_part(&p);
    p.part_number = 0;
    p.upload_id = NULL;
    expect("part number before upload id", b_part, &ep_path, &p, S3L_ERR_RANGE, A, MAXH);

    base_part(&p);
    p.upload_id = "a\nb";
    p.content_md5 = "short";
    expect("upload id before Content-MD5", b_part, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_part(&p);
    p.content_md5 = "1B2M2Y8AsgTpgAmY7PhCfg=";
    p.checksum_algorithm = (enum s3l_checksum_alg)6;
    expect("Content-MD5 before checksum", b_part, &ep_path, &p, S3L_ERR_BAD_BASE64, A, MAXH);

    base_part(&p);
    p.checksum_algorithm = (enum s3l_checksum_alg)6;
    p.sse_c.algorithm = S3L_SSEC_AES256;
    expect("checksum before SSE-C", b_part, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);

    base_part(&p);
    p.checksum_value = "AAAAAA==";
    p.request_payer = (enum s3l_request_payer)2;
    expect("checksum value without algorithm before payer", b_part, &ep_path, &p, S3L_ERR_ARG, A,
           MAXH);

    base_part(&p);
    p.sse_c.algorithm = (enum s3l_sse_c_alg)2;
    p.expected_bucket_owner = "1\n";
    expect("SSE-C algorithm before owner", b_part, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);
}

static const struct s3l_complete_part one_part[] = {{1, "\"e\"", NULL}};
static const struct s3l_complete_part parts_bad_order[] = {{2, "\"a\"", NULL}, {1, "\"b\"", NULL}};
static const struct s3l_complete_part parts_bad_etag[] = {{1, "\"a\r\nb\"", NULL}};

static void base_complete(struct s3l_complete_mpu_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "b";
    p->key = "k";
    p->upload_id = "u";
    p->parts = one_part;
    p->part_count = 1;
}

static void test_complete(void)
{
    struct s3l_complete_mpu_params p;

    base_complete(&p);
    p.upload_id = "a\r";
    p.parts = parts_bad_order;
    p.part_count = 2;
    expect("upload id before the part list", b_complete, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_complete(&p);
    p.parts = parts_bad_etag;
    p.checksum_type = (enum s3l_checksum_type)3;
    expect("part list before headers", b_complete, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    base_complete(&p);
    p.checksum_algorithm = S3L_CHECKSUM_CRC32;
    p.checksum_value = "sOO8/Q=";
    p.checksum_type = (enum s3l_checksum_type)3;
    expect("checksum before checksum type", b_complete, &ep_path, &p, S3L_ERR_BAD_BASE64, A, MAXH);

    base_complete(&p);
    p.mpu_object_size = 15728640;
    p.if_match = "\r";
    expect("arena full at x-amz-mp-object-size", b_complete, &ep_path, &p, S3L_ERR_BUF_TOO_SMALL,
           3 + 4 + 10 + 7, MAXH); /* "/b/k", "uploadId=u", 7 of the 8 digits */
}

static void test_list_uploads(void)
{
    struct s3l_list_uploads_params p;

    memset(&p, 0, sizeof p);
    p.bucket = "b";
    p.encoding_type = (enum s3l_encoding_type)2;
    p.delimiter = "\r";
    expect("encoding type before any query parameter", b_luploads, &ep_path, &p, S3L_ERR_ENUM, A,
           MAXH);

    memset(&p, 0, sizeof p);
    p.bucket = "b";
    p.prefix = "\n";
    p.request_payer = (enum s3l_request_payer)2;
    expect("query before headers", b_luploads, &ep_path, &p, S3L_ERR_BAD_CHAR, A, MAXH);

    memset(&p, 0, sizeof p);
    p.bucket = "Bad_Bucket";
    p.encoding_type = (enum s3l_encoding_type)2;
    expect("host label before encoding type", b_luploads, &ep_virt, &p, S3L_ERR_ARG, A, MAXH);
}

static void test_head_get(void)
{
    struct s3l_head_object_params h;
    struct s3l_get_object_params g;

    memset(&h, 0, sizeof h);
    h.bucket = "b";
    h.key = "k";
    h.part_number = 10001;
    h.version_id = "v\n";
    expect("part number before version id", b_head, &ep_path, &h, S3L_ERR_RANGE, A, MAXH);

    memset(&h, 0, sizeof h);
    h.bucket = "b";
    h.key = "k";
    h.version_id = "v\n";
    h.if_modified_since = "yesterday";
    expect("version id before If-Modified-Since", b_head, &ep_path, &h, S3L_ERR_BAD_CHAR, A, MAXH);

    memset(&h, 0, sizeof h);
    h.bucket = "b";
    h.key = "k";
    h.if_modified_since = "yesterday";
    h.if_none_match = "\r";
    expect("If-Modified-Since before If-None-Match", b_head, &ep_path, &h, S3L_ERR_BAD_DATE, A,
           MAXH);

    memset(&h, 0, sizeof h);
    h.bucket = "b";
    h.key = "k";
    h.range = "\r";
    h.sse_c.algorithm = S3L_SSEC_AES256;
    expect("Range before SSE-C", b_head, &ep_path, &h, S3L_ERR_BAD_CHAR, A, MAXH);

    memset(&h, 0, sizeof h);
    h.bucket = "b";
    h.key = "k";
    h.expected_bucket_owner = "\n";
    h.checksum_mode = (enum s3l_checksum_mode)2;
    expect("owner before checksum mode", b_head, &ep_path, &h, S3L_ERR_BAD_CHAR, A, MAXH);

    memset(&g, 0, sizeof g);
    g.bucket = "b";
    g.key = "k";
    g.part_number = 10001;
    g.range = "\r";
    expect("GET: part number before Range", b_get, &ep_path, &g, S3L_ERR_RANGE, A, MAXH);
}

static void test_create_bucket(void)
{
    struct s3l_create_bucket_params p;

    memset(&p, 0, sizeof p);
    p.bucket = "b";
    p.location_constraint = "eu west";
    p.acl = S3L_ACL_BUCKET_OWNER_FULL_CONTROL;
    expect("location before canned ACL", b_bucket, &ep_path, &p, S3L_ERR_ARG, A, MAXH);

    memset(&p, 0, sizeof p);
    p.bucket = "b";
    p.acl = S3L_ACL_BUCKET_OWNER_FULL_CONTROL;
    p.grant_read = "id=1\n";
    expect("canned ACL before grants", b_bucket, &ep_path, &p, S3L_ERR_ENUM, A, MAXH);

    memset(&p, 0, sizeof p);
    p.bucket = "b";
    p.grant_full_control = "nobody";
    p.grant_write = "id=1\n";
    expect("full control before write", b_bucket, &ep_path, &p, S3L_ERR_ARG, A, MAXH);
}

/* ---- the calendar ----------------------------------------------------------------------- */

static int leap(long y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* One date, given both ways: the HTTP-date of each and the ISO form of the Unix one. */
static int check_day(long days, long y, int m, int d, long secs, char *why, size_t whylen)
{
    static const char *const wd = "ThuFriSatSunMonTueWed"; /* 1970-01-01 was a Thursday */
    static const char *const mn = "JanFebMarAprMayJunJulAugSepOctNovDec";
    /* Room for the widest values the formats can print (any long), not only real dates: at -O0
     * gcc cannot see the ranges and would warn of truncation. */
    char unix_s[24], iso[128], http[128], iso_out[128];
    struct s3l_get_object_params g;
    struct s3l_create_mpu_params c;
    struct rig *r = malloc(sizeof *r);
    const struct s3l_header *h1, *h2;
    int ok = 1;
    snprintf(unix_s, sizeof unix_s, "%lld", (long long)days * 86400 + secs);
    snprintf(iso, sizeof iso, "%04ld-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d, secs / 3600,
             secs / 60 % 60, secs % 60);
    snprintf(http, sizeof http, "%.3s, %02d %.3s %04ld %02ld:%02ld:%02ld GMT", wd + 3 * (days % 7), d,
             mn + 3 * (m - 1), y, secs / 3600, secs / 60 % 60, secs % 60);
    memcpy(iso_out, iso, sizeof iso);
    memset(&g, 0, sizeof g);
    g.bucket = "b";
    g.key = "k";
    g.if_modified_since = unix_s;
    g.if_unmodified_since = iso;
    memset(r, 0, sizeof *r);
    r->arena.buf = r->mem;
    r->arena.cap = sizeof r->mem;
    r->req.headers.items = r->hv;
    r->req.headers.cap = MAXH;
    if (s3l_build_get_object(&r->req, &r->arena, &ep_path, &g) != S3L_OK) {
        snprintf(why, whylen, "%s / %s refused", unix_s, iso);
        ok = 0;
    } else {
        h1 = s3l_headers_find(&r->req.headers, "If-Modified-Since");
        h2 = s3l_headers_find(&r->req.headers, "If-Unmodified-Since");
        if (h1 == NULL || h2 == NULL || h1->value_len != strlen(http) || h2->value_len != strlen(http) ||
            memcmp(h1->value, http, strlen(http)) != 0 || memcmp(h2->value, http, strlen(http)) != 0) {
            snprintf(why, whylen, "%s / %s: want %s", unix_s, iso, http);
            ok = 0;
        }
    }
    memset(&c, 0, sizeof c);
    c.bucket = "b";
    c.key = "k";
    c.attrs.object_lock_retain_until = unix_s;
    r->arena.used = 0;
    r->req.headers.count = 0;
    if (ok && s3l_build_create_mpu(&r->req, &r->arena, &ep_path, &c) == S3L_OK) {
        h1 = s3l_headers_find(&r->req.headers, "x-amz-object-lock-retain-until-date");
        if (h1 == NULL || h1->value_len != strlen(iso_out) ||
            memcmp(h1->value, iso_out, strlen(iso_out)) != 0) {
            snprintf(why, whylen, "%s: want %s", unix_s, iso_out);
            ok = 0;
        }
    } else if (ok) {
        snprintf(why, whylen, "%s refused as retain-until", unix_s);
        ok = 0;
    }
    free(r);
    return ok;
}

static int refused(const char *iso)
{
    struct s3l_get_object_params g;
    struct rig *r = malloc(sizeof *r);
    int rc;
    memset(&g, 0, sizeof g);
    g.bucket = "b";
    g.key = "k";
    g.if_modified_since = iso;
    memset(r, 0, sizeof *r);
    r->arena.buf = r->mem;
    r->arena.cap = sizeof r->mem;
    r->req.headers.items = r->hv;
    r->req.headers.cap = MAXH;
    rc = s3l_build_get_object(&r->req, &r->arena, &ep_path, &g);
    free(r);
    return rc == S3L_ERR_BAD_DATE;
}

static void test_calendar(void)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long y, days = 0, checked = 0, wrong = 0;
    char why[512]; /* room for check_day's message with its widest fields */
    for (y = 1970; y <= 9999; y++) {
        int m, d, dim;
        char feb29[32];
        for (m = 1; m <= 12; m++) {
            dim = mdays[m - 1] + (m == 2 && leap(y));
            for (d = 1; d <= dim; d++, days++) {
                /* Jan 1, Feb 28, Feb 29, Mar 1, Dec 31 of every year; seconds vary */
                if (!((m == 1 && d == 1) || (m == 2 && d >= 28) || (m == 3 && d == 1) ||
                      (m == 12 && d == 31))) {
                    continue;
                }
                checked++;
                /* the product in 64 bits: it overflows a 32-bit long (ILP32 targets) */
                long secs = (long)((long long)days * 7919 % 86400);
                if (!check_day(days, y, m, d, secs, why, sizeof why) && wrong++ < 5) {
                    fprintf(stderr, "  calendar: %s\n", why);
                }
            }
        }
        if (!leap(y)) {
            snprintf(feb29, sizeof feb29, "%04ld-02-29T00:00:00Z", y);
            checked++;
            if (!refused(feb29) && wrong++ < 5) fprintf(stderr, "  calendar: %s accepted\n", feb29);
        }
    }
    CHECKF(wrong == 0, "%ld of %ld calendar checks wrong", wrong, checked);
    CHECK(days == 2932897); /* 1970-01-01 .. 9999-12-31: LAST_DAY + 1 days */
    printf("calendar: %ld dates checked\n", checked);
}

int main(void)
{
    size_t i;
    for (i = 0; i < sizeof ssec_key; i++) ssec_key[i] = (uint8_t)i;
    test_create();
    test_upload_part();
    test_complete();
    test_list_uploads();
    test_head_get();
    test_create_bucket();
    test_calendar();
    return th_summary();
}
