/* SPDX-License-Identifier: MIT */
/*
 * Request builders (core/s3_request.c): golden heads for every operation (tests/golden,
 * written by hand from the S3 API reference), every CreateMultipartUpload parameter alone,
 * dates, grants, tagging, enums, the streaming CompleteMultipartUpload body, and a bad-input
 * table per builder that must fail and leave nothing behind (guard bytes, arena.used,
 * headers.count, *req all unchanged).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/checksum.h"
#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "util_file.h"
#include "util_s3req.h"

#define GOLDEN_DIR "tests/golden/"
#define GUARD 0xA5
#define NGUARD 16
#define MAXH 64

static const struct s3l_endpoint ep_path = {"127.0.0.1:7480", 0};
static const struct s3l_endpoint ep_virt = {"s3.us-east-1.amazonaws.com", 1};

/* SSE-C test key: bytes 0x00..0x1f */
static uint8_t ssec_key[32];
#define SSEC_KEY_B64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define SSEC_MD5_B64 "tP/LI3N87DFaSk0aoqYgzg=="

/* ---- small helpers ---------------------------------------------------------------------- */

/* Storage for one build: arena and header array with guard bytes behind them. */
struct rig {
    char mem[8192 + NGUARD];
    struct s3l_header hv[MAXH + 2];
    struct s3l_arena arena;
    struct s3l_request req;
};

static void rig_init(struct rig *r, size_t arena_cap, size_t hcap)
{
    memset(r->mem, GUARD, sizeof r->mem);
    memset(r->hv, GUARD, sizeof r->hv);
    memset(&r->req, 0x5A, sizeof r->req);
    r->arena.buf = r->mem;
    r->arena.cap = arena_cap;
    r->arena.used = 0;
    r->req.headers.items = r->hv;
    r->req.headers.cap = hcap;
    r->req.headers.count = 0;
}

static int guards_ok(const struct rig *r)
{
    size_t i;
    const unsigned char *h = (const unsigned char *)&r->hv[r->req.headers.cap];
    for (i = 0; i < NGUARD; i++) {
        if ((unsigned char)r->mem[r->arena.cap + i] != GUARD) return 0;
    }
    for (i = 0; i < 2 * sizeof r->hv[0]; i++) {
        if (h[i] != GUARD) return 0;
    }
    return 1;
}

/* Read a golden file; *.http files get LF -> CRLF, *.xml files lose one trailing LF. */
static char *golden(const char *name, size_t *len)
{
    char path[256], *raw, *out;
    size_t n = 0, i, o = 0;
    snprintf(path, sizeof path, GOLDEN_DIR "%s", name);
    raw = file_read_all(path, &n);
    if (raw == NULL) return NULL;
    out = malloc(2 * n + 1);
    if (strstr(name, ".xml") != NULL) {
        if (n > 0 && raw[n - 1] == '\n') n--;
        memcpy(out, raw, n);
        o = n;
    } else {
        for (i = 0; i < n; i++) {
            if (raw[i] == '\n') out[o++] = '\r';
            out[o++] = raw[i];
        }
    }
    out[o] = '\0';
    free(raw);
    *len = o;
    return out;
}

/* Print where two byte strings first differ. */
static void show_diff(const char *what, const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0;
    while (i < alen && i < blen && a[i] == b[i]) i++;
    fprintf(stderr, "  %s differs at byte %zu (got %zu bytes, want %zu)\n  got : %.*s\n  want: %.*s\n",
            what, i, alen, blen, (int)(alen - i < 80 ? alen - i : 80), a + i,
            (int)(blen - i < 80 ? blen - i : 80), b + i);
}

/* Serialise the head with core/http.c and compare with a string. */
static void check_head(const char *label, const struct s3l_request *req, const char *want,
                       size_t want_len)
{
    char head[8192];
    size_t len = 0;
    int rc = s3l_http_write_head(req, head, sizeof head, &len);
    CHECKF(rc == S3L_OK, "%s: write_head %d", label, rc);
    if (rc != S3L_OK) return;
    CHECKF(len == want_len && memcmp(head, want, len) == 0, "%s: head differs", label);
    if (len != want_len || memcmp(head, want, len) != 0) show_diff(label, head, len, want, want_len);
}

static void check_golden(const char *file, const struct s3l_request *req)
{
    size_t n = 0;
    char *want = golden(file, &n);
    CHECKF(want != NULL, "cannot read " GOLDEN_DIR "%s (run from the project root)", file);
    if (want == NULL) return;
    check_head(file, req, want, n);
    free(want);
}

/* ---- golden heads, one per operation ---------------------------------------------------- */

static const struct s3l_meta photo_meta[] = {{"camera", "Nikon D850"}, {"location", "Mont Blanc"}};

/* md5 NULL: the key's MD5 as s3l_sse_c_key_md5() computes it. */
static void set_ssec(struct s3l_sse_c *c, const char *md5)
{
    static char computed[S3L_SSE_C_KEY_MD5_LEN + 1];
    c->algorithm = S3L_SSEC_AES256;
    c->key = ssec_key;
    c->key_len = sizeof ssec_key;
    c->key_md5 = md5;
    if (md5 == NULL && s3l_sse_c_key_md5(ssec_key, sizeof ssec_key, computed) == S3L_OK)
        c->key_md5 = computed;
}

static void full_create(struct s3l_create_mpu_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "photos/2026/my photo+1.jpg";
    p->attrs.acl = S3L_ACL_BUCKET_OWNER_FULL_CONTROL;
    p->attrs.cache_control = "max-age=3600";
    p->attrs.content_disposition = "attachment; filename=\"photo.jpg\"";
    p->attrs.content_encoding = "gzip";
    p->attrs.content_language = "en-US";
    p->attrs.content_type = "image/jpeg";
    p->attrs.expires = "2030-01-10T00:04:06Z";
    p->attrs.grant_full_control =
        "id=\"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"";
    p->attrs.grant_read = "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\", id=\"111122223333\"";
    p->attrs.grant_read_acp = "emailAddress=\"xyz@amazon.com\"";
    p->attrs.grant_write_acp = "id=\"444455556666\"";
    p->attrs.metadata = photo_meta;
    p->attrs.metadata_count = 2;
    p->attrs.sse = S3L_SSE_AWS_KMS;
    p->attrs.storage_class = S3L_STORAGE_STANDARD_IA;
    p->attrs.website_redirect_location = "/other/page.html";
    set_ssec(&p->sse_c, NULL);
    p->attrs.sse_kms_key_id =
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    p->attrs.sse_kms_context = "eyJhIjoiYiJ9";
    p->attrs.bucket_key_enabled = S3L_BOOL_TRUE;
    p->request_payer = S3L_PAYER_REQUESTER;
    p->attrs.tagging = "project=blue&team=a%20b";
    p->attrs.object_lock_mode = S3L_LOCK_GOVERNANCE;
    p->attrs.object_lock_retain_until = "2030-01-10T00:04:06Z";
    p->attrs.object_lock_legal_hold = S3L_HOLD_ON;
    p->expected_bucket_owner = "111122223333";
    p->checksum_algorithm = S3L_CHECKSUM_CRC32C;
    p->checksum_type = S3L_CHECKSUM_FULL_OBJECT;
}

static void full_upload_part(struct s3l_upload_part_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "large object.bin";
    p->upload_id = "VXBsb2FkIElE+my.movie~m2ts/upload=";
    p->part_number = 7;
    p->content_length = 5242880;
    p->content_md5 = "1B2M2Y8AsgTpgAmY7PhCfg==";
    p->checksum_algorithm = S3L_CHECKSUM_CRC32;
    p->checksum_value = "AAAAAA==";
    set_ssec(&p->sse_c, NULL);
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
}

static const struct s3l_complete_part golden_parts[] = {
    {1, "\"a54357aff0632cce46d942af68356b38\"", "AAAAAA=="},
    {2, "\"a&b<c>d\"", "NhCmhg=="},
    {10000, "\"acbd18db4cc2f85cedef654fccc4a4d8\"", NULL}};

static void full_complete(struct s3l_complete_mpu_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "a/b.txt";
    p->upload_id = "2~abc_DEF-ghi.jkl";
    p->parts = golden_parts;
    p->part_count = 3;
    p->checksum_algorithm = S3L_CHECKSUM_CRC32;
    p->checksum_value = "sOO8/Q==";
    p->checksum_type = S3L_CHECKSUM_COMPOSITE;
    p->mpu_object_size = 15728640;
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
    p->if_none_match = "*";
}

static void full_abort(struct s3l_abort_mpu_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "largeobject";
    p->upload_id = "xyz+1";
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
}

static void full_list_parts(struct s3l_list_parts_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "largeobject";
    p->upload_id = "xyz";
    p->max_parts = 100;
    p->part_number_marker = 5;
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
    set_ssec(&p->sse_c, SSEC_MD5_B64);
}

static void full_list_uploads(struct s3l_list_uploads_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->delimiter = "/";
    p->encoding_type = S3L_ENCODING_URL;
    p->key_marker = "photos/2026 a";
    p->max_uploads = 50;
    p->prefix = "photos/";
    p->upload_id_marker = "abc~def";
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
}

static const struct s3l_meta empty_meta[] = {{"a", ""}};

static void full_put(struct s3l_put_object_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "test$file.text";
    p->attrs.acl = S3L_ACL_PUBLIC_READ;
    p->attrs.cache_control = "no-cache";
    p->attrs.content_disposition = "inline";
    p->attrs.content_encoding = "identity";
    p->attrs.content_language = "fr";
    p->attrs.content_type = "text/plain; charset=utf-8";
    p->attrs.expires = "951825600"; /* Unix seconds */
    p->attrs.grant_full_control = "id=\"111122223333\"";
    p->attrs.grant_read = "uri=http://acs.amazonaws.com/groups/global/AllUsers";
    p->attrs.grant_read_acp = "id=\"111122223333\"";
    p->attrs.grant_write_acp = "id=\"111122223333\"";
    p->attrs.metadata = empty_meta;
    p->attrs.metadata_count = 1;
    p->attrs.sse = S3L_SSE_AES256;
    p->attrs.storage_class = S3L_STORAGE_REDUCED_REDUNDANCY;
    p->attrs.website_redirect_location = "https://example.com/";
    set_ssec(&p->sse_c, SSEC_MD5_B64);
    p->attrs.sse_kms_key_id = "alias/my-key";
    p->attrs.sse_kms_context = "eyJhIjoiYiJ9";
    p->attrs.bucket_key_enabled = S3L_BOOL_FALSE;
    p->request_payer = S3L_PAYER_REQUESTER;
    p->attrs.tagging = "k=v";
    p->attrs.object_lock_mode = S3L_LOCK_COMPLIANCE;
    p->attrs.object_lock_retain_until = "2024-02-29T23:59:59.250Z";
    p->attrs.object_lock_legal_hold = S3L_HOLD_OFF;
    p->expected_bucket_owner = "111122223333";
    p->content_length = 5;
    p->content_md5 = "XUFAKrxLKna5cZ2REBfFkg==";
    p->checksum_algorithm = S3L_CHECKSUM_SHA256;
    p->checksum_value = "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=";
    p->if_match = "\"abc\"";
    p->if_none_match = "*";
    p->write_offset_bytes = 1048576; /* append after the first MiB */
}

static void full_head(struct s3l_head_object_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "photos/x.jpg";
    p->version_id = "3/L4kqtJlcpXroDTDmJ+rmsr";
    p->part_number = 1;
    p->if_match = "\"a54357aff0632cce46d942af68356b38\"";
    p->if_modified_since = "0";
    p->if_none_match = "\"00000000000000000000000000000000\"";
    p->if_unmodified_since = "2100-03-01T00:00:00Z";
    p->range = "bytes=0-1023";
    set_ssec(&p->sse_c, NULL);
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
    p->checksum_mode = S3L_CHECKSUM_MODE_ENABLED;
}

static void full_get(struct s3l_get_object_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "test.txt";
    p->range = "bytes=0-9";
}

static void full_bucket(struct s3l_create_bucket_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "newbucket";
    p->acl = S3L_ACL_PRIVATE;
    p->grant_full_control = "id=\"111122223333\"";
    p->grant_read = "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"";
    p->grant_read_acp = "id=\"111122223333\"";
    p->grant_write = "id=\"444455556666\"";
    p->grant_write_acp = "emailAddress=\"xyz@amazon.com\"";
    p->object_lock_enabled = S3L_BOOL_TRUE;
    p->object_ownership = S3L_OWNERSHIP_BUCKET_OWNER_ENFORCED;
    p->location_constraint = "eu-west-1";
}

static void full_list_objects(struct s3l_list_objects_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->continuation_token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";
    p->delimiter = "/";
    p->encoding_type = S3L_ENCODING_URL;
    p->fetch_owner = S3L_BOOL_TRUE;
    p->max_keys = 2;
    p->prefix = "photos/2026 a+b";
    p->start_after = "photos/2026 b.jpg";
    p->request_payer = S3L_PAYER_REQUESTER;
    p->expected_bucket_owner = "111122223333";
    p->optional_object_attributes = "RestoreStatus";
}

static void full_delete(struct s3l_delete_object_params *p)
{
    memset(p, 0, sizeof *p);
    p->bucket = "examplebucket";
    p->key = "my photos/a+b.jpg";
    p->version_id = "UIORUnfndfiufdisojhr398493jfdkjFJjkndnqUifhnw89493jJFJ";
    p->mfa = "arn:aws:iam::123456789012:mfa/user 123456";
    p->request_payer = S3L_PAYER_REQUESTER;
    p->bypass_governance_retention = S3L_BOOL_TRUE;
    p->expected_bucket_owner = "111122223333";
    p->if_match = "\"a54357aff0632cce46d942af68356b38\"";
    p->if_match_last_modified_time = "2026-11-25T08:30:00Z";
    p->if_match_size = 1048576;
}

/* Every params struct, filled with the golden values. */
static struct {
    struct s3l_create_mpu_params create;
    struct s3l_upload_part_params part;
    struct s3l_complete_mpu_params complete;
    struct s3l_abort_mpu_params abort_;
    struct s3l_list_parts_params lparts;
    struct s3l_list_uploads_params luploads;
    struct s3l_put_object_params put;
    struct s3l_head_object_params head;
    struct s3l_get_object_params get;
    struct s3l_create_bucket_params bucket;
    struct s3l_list_objects_params lobjects;
    struct s3l_delete_object_params delete_;
} P;

static void fill_all(void)
{
    full_create(&P.create);
    full_upload_part(&P.part);
    full_complete(&P.complete);
    full_abort(&P.abort_);
    full_list_parts(&P.lparts);
    full_list_uploads(&P.luploads);
    full_put(&P.put);
    full_head(&P.head);
    full_get(&P.get);
    full_bucket(&P.bucket);
    full_list_objects(&P.lobjects);
    full_delete(&P.delete_);
}

struct op {
    const char *golden;
    build_fn fn;
    const void *params;
    const struct s3l_endpoint *ep;
    const char *method;
    uint64_t body_len; /* expected */
    unsigned has_body;
    int object;        /* has a key */
};

#define NOPS 12
static struct op ops[NOPS];

static void fill_ops(void)
{
    const struct op t[NOPS] = {
        {"create_mpu_all.http", b_create, &P.create, &ep_virt, "POST", 0, 1, 1},
        {"upload_part.http", b_part, &P.part, &ep_path, "PUT", 5242880, 1, 1},
        {"complete_mpu.http", b_complete, &P.complete, &ep_path, "POST", 0 /* set below */, 1, 1},
        {"abort_mpu.http", b_abort, &P.abort_, &ep_path, "DELETE", 0, 0, 1},
        {"list_parts.http", b_lparts, &P.lparts, &ep_path, "GET", 0, 0, 1},
        {"list_uploads.http", b_luploads, &P.luploads, &ep_path, "GET", 0, 0, 0},
        {"put_object_all.http", b_put, &P.put, &ep_path, "PUT", 5, 1, 1},
        {"head_object.http", b_head, &P.head, &ep_path, "HEAD", 0, 0, 1},
        {"get_object.http", b_get, &P.get, NULL /* set below */, "GET", 0, 0, 1},
        {"create_bucket.http", b_bucket, &P.bucket, &ep_path, "PUT", 0 /* set below */, 1, 0},
        {"list_objects.http", b_lobjects, &P.lobjects, &ep_path, "GET", 0, 0, 0},
        {"delete_object.http", b_delete, &P.delete_, &ep_path, "DELETE", 0, 0, 1}};
    static const struct s3l_endpoint ep_docs = {"s3.amazonaws.com", 1};
    size_t n = 0;
    char *xml;
    memcpy(ops, t, sizeof t);
    xml = golden("complete_mpu.xml", &n);
    ops[2].body_len = n;
    free(xml);
    xml = golden("create_bucket.xml", &n);
    ops[9].body_len = n;
    free(xml);
    ops[8].ep = &ep_docs;
}

static void test_golden(void)
{
    size_t i;
    for (i = 0; i < NOPS; i++) {
        struct rig *r = malloc(sizeof *r);
        int rc;
        rig_init(r, 8192, MAXH);
        rc = ops[i].fn(&r->req, &r->arena, ops[i].ep, ops[i].params);
        CHECKF(rc == S3L_OK, "%s: build %d (%s)", ops[i].golden, rc, s3l_strerror(rc));
        if (rc == S3L_OK) {
            check_golden(ops[i].golden, &r->req);
            CHECK_EQ_STR(r->req.method, ops[i].method);
            CHECKF(r->req.body_len == ops[i].body_len, "%s: body_len %llu", ops[i].golden,
                   (unsigned long long)r->req.body_len);
            CHECK_EQ_INT(r->req.has_body, ops[i].has_body);
            CHECK(r->req.path >= r->mem && r->req.path < r->mem + r->arena.used);
            /* the documented bound holds (put_object_all sets everything: 1 metadata entry) */
            CHECKF(r->req.headers.count <= S3L_REQ_HEADERS_MAX + (i == 6 ? 1u : i == 0 ? 2u : 0u),
                   "%s: %zu headers", ops[i].golden, r->req.headers.count);
            if (i == 6) CHECK_EQ_INT(r->req.headers.count, S3L_REQ_HEADERS_MAX + 1);
        }
        CHECK(guards_ok(r));
        free(r);
    }
}

/* ---- CreateMultipartUpload: every parameter alone ------------------------------------- */

enum { F_ACL, F_CACHE, F_DISP, F_ENC, F_LANG, F_TYPE, F_EXPIRES, F_GFULL, F_GREAD, F_GRACP,
       F_GWACP, F_META, F_SSE, F_STORAGE, F_REDIRECT, F_SSEC, F_SSEC_MD5, F_KMS_ID, F_KMS_CTX,
       F_BUCKET_KEY, F_PAYER, F_TAGGING, F_LOCK_MODE, F_RETAIN, F_HOLD, F_OWNER, F_CKALG,
       F_CKTYPE };

struct one {
    int field;
    const char *value;  /* string value, or the S3 spelling of an enum */
    const char *expect; /* the header line(s) the field adds, LF-terminated */
};

static const struct s3l_meta one_meta[] = {{"Color", "blue"}, {"x_y", "a b\tc"}};

static const struct one ones[] = {
    {F_ACL, "private", "x-amz-acl: private\n"},
    {F_ACL, "public-read", "x-amz-acl: public-read\n"},
    {F_ACL, "public-read-write", "x-amz-acl: public-read-write\n"},
    {F_ACL, "authenticated-read", "x-amz-acl: authenticated-read\n"},
    {F_ACL, "aws-exec-read", "x-amz-acl: aws-exec-read\n"},
    {F_ACL, "bucket-owner-read", "x-amz-acl: bucket-owner-read\n"},
    {F_ACL, "bucket-owner-full-control", "x-amz-acl: bucket-owner-full-control\n"},
    {F_CACHE, "no-store", "Cache-Control: no-store\n"},
    {F_DISP, "attachment", "Content-Disposition: attachment\n"},
    {F_ENC, "gzip", "Content-Encoding: gzip\n"},
    {F_LANG, "de", "Content-Language: de\n"},
    {F_TYPE, "application/octet-stream", "Content-Type: application/octet-stream\n"},
    {F_TYPE, "", "Content-Type: \n"},
    {F_EXPIRES, "2030-01-10T00:04:06Z", "Expires: Thu, 10 Jan 2030 00:04:06 GMT\n"},
    {F_EXPIRES, "1894233846", "Expires: Thu, 10 Jan 2030 00:04:06 GMT\n"},
    {F_EXPIRES, "2030-01-10T00:04:06.999+00:00", "Expires: Thu, 10 Jan 2030 00:04:06 GMT\n"},
    {F_GFULL, "id=\"1\"", "x-amz-grant-full-control: id=\"1\"\n"},
    {F_GREAD, "id=\"11112222333\", id=\"444455556666\"",
     "x-amz-grant-read: id=\"11112222333\", id=\"444455556666\"\n"},
    {F_GRACP, "emailAddress=\"a@b.c\"", "x-amz-grant-read-acp: emailAddress=\"a@b.c\"\n"},
    {F_GWACP, "uri=\"http://acs.amazonaws.com/groups/s3/LogDelivery\"",
     "x-amz-grant-write-acp: uri=\"http://acs.amazonaws.com/groups/s3/LogDelivery\"\n"},
    {F_META, NULL, "x-amz-meta-Color: blue\nx-amz-meta-x_y: a b\tc\n"},
    {F_SSE, "AES256", "x-amz-server-side-encryption: AES256\n"},
    {F_SSE, "aws:fsx", "x-amz-server-side-encryption: aws:fsx\n"},
    {F_SSE, "aws:kms", "x-amz-server-side-encryption: aws:kms\n"},
    {F_SSE, "aws:kms:dsse", "x-amz-server-side-encryption: aws:kms:dsse\n"},
    {F_STORAGE, "STANDARD", "x-amz-storage-class: STANDARD\n"},
    {F_STORAGE, "REDUCED_REDUNDANCY", "x-amz-storage-class: REDUCED_REDUNDANCY\n"},
    {F_STORAGE, "STANDARD_IA", "x-amz-storage-class: STANDARD_IA\n"},
    {F_STORAGE, "ONEZONE_IA", "x-amz-storage-class: ONEZONE_IA\n"},
    {F_STORAGE, "INTELLIGENT_TIERING", "x-amz-storage-class: INTELLIGENT_TIERING\n"},
    {F_STORAGE, "GLACIER", "x-amz-storage-class: GLACIER\n"},
    {F_STORAGE, "DEEP_ARCHIVE", "x-amz-storage-class: DEEP_ARCHIVE\n"},
    {F_STORAGE, "OUTPOSTS", "x-amz-storage-class: OUTPOSTS\n"},
    {F_STORAGE, "GLACIER_IR", "x-amz-storage-class: GLACIER_IR\n"},
    {F_STORAGE, "SNOW", "x-amz-storage-class: SNOW\n"},
    {F_STORAGE, "EXPRESS_ONEZONE", "x-amz-storage-class: EXPRESS_ONEZONE\n"},
    {F_STORAGE, "FSX_OPENZFS", "x-amz-storage-class: FSX_OPENZFS\n"},
    {F_STORAGE, "FSX_ONTAP", "x-amz-storage-class: FSX_ONTAP\n"},
    {F_REDIRECT, "http://example.com/x", "x-amz-website-redirect-location: http://example.com/x\n"},
    {F_SSEC, NULL,
     "x-amz-server-side-encryption-customer-algorithm: AES256\n"
     "x-amz-server-side-encryption-customer-key: " SSEC_KEY_B64 "\n"
     "x-amz-server-side-encryption-customer-key-MD5: " SSEC_MD5_B64 "\n"},
    {F_SSEC_MD5, NULL,
     "x-amz-server-side-encryption-customer-algorithm: AES256\n"
     "x-amz-server-side-encryption-customer-key: " SSEC_KEY_B64 "\n"
     "x-amz-server-side-encryption-customer-key-MD5: " SSEC_MD5_B64 "\n"},
    {F_KMS_ID, "1234abcd-12ab-34cd-56ef-1234567890ab",
     "x-amz-server-side-encryption-aws-kms-key-id: 1234abcd-12ab-34cd-56ef-1234567890ab\n"},
    {F_KMS_CTX, "eyJhIjoiYiJ9", "x-amz-server-side-encryption-context: eyJhIjoiYiJ9\n"},
    {F_BUCKET_KEY, "true", "x-amz-server-side-encryption-bucket-key-enabled: true\n"},
    {F_BUCKET_KEY, "false", "x-amz-server-side-encryption-bucket-key-enabled: false\n"},
    {F_PAYER, "requester", "x-amz-request-payer: requester\n"},
    {F_TAGGING, "a=1&b=&c%2Fd=e+f", "x-amz-tagging: a=1&b=&c%2Fd=e+f\n"},
    {F_LOCK_MODE, "GOVERNANCE", "x-amz-object-lock-mode: GOVERNANCE\n"},
    {F_LOCK_MODE, "COMPLIANCE", "x-amz-object-lock-mode: COMPLIANCE\n"},
    {F_RETAIN, "2030-01-10T00:04:06Z", "x-amz-object-lock-retain-until-date: 2030-01-10T00:04:06Z\n"},
    {F_RETAIN, "2030-01-10T00:04:06+00:00",
     "x-amz-object-lock-retain-until-date: 2030-01-10T00:04:06Z\n"},
    {F_RETAIN, "1894233846", "x-amz-object-lock-retain-until-date: 2030-01-10T00:04:06Z\n"},
    {F_RETAIN, "2030-01-10T00:04:06.123456789Z",
     "x-amz-object-lock-retain-until-date: 2030-01-10T00:04:06.123456789Z\n"},
    {F_HOLD, "ON", "x-amz-object-lock-legal-hold: ON\n"},
    {F_HOLD, "OFF", "x-amz-object-lock-legal-hold: OFF\n"},
    {F_OWNER, "111122223333", "x-amz-expected-bucket-owner: 111122223333\n"},
    {F_CKALG, "CRC32", "x-amz-checksum-algorithm: CRC32\n"},
    {F_CKALG, "CRC32C", "x-amz-checksum-algorithm: CRC32C\n"},
    {F_CKALG, "SHA1", "x-amz-checksum-algorithm: SHA1\n"},
    {F_CKALG, "SHA256", "x-amz-checksum-algorithm: SHA256\n"},
    {F_CKALG, "CRC64NVME", "x-amz-checksum-algorithm: CRC64NVME\n"},
    {F_CKTYPE, "COMPOSITE", "x-amz-checksum-type: COMPOSITE\n"},
    {F_CKTYPE, "FULL_OBJECT", "x-amz-checksum-type: FULL_OBJECT\n"},
};

/* Apply one field; returns 0, or -1 when an enum spelling did not parse. */
static int apply_one(struct s3l_create_mpu_params *p, const struct one *o)
{
    struct s3l_object_attrs *a = &p->attrs;
    const char *v = o->value;
    switch (o->field) {
    case F_ACL: return s3l_parse_acl(v, &a->acl);
    case F_CACHE: a->cache_control = v; return 0;
    case F_DISP: a->content_disposition = v; return 0;
    case F_ENC: a->content_encoding = v; return 0;
    case F_LANG: a->content_language = v; return 0;
    case F_TYPE: a->content_type = v; return 0;
    case F_EXPIRES: a->expires = v; return 0;
    case F_GFULL: a->grant_full_control = v; return 0;
    case F_GREAD: a->grant_read = v; return 0;
    case F_GRACP: a->grant_read_acp = v; return 0;
    case F_GWACP: a->grant_write_acp = v; return 0;
    case F_META: a->metadata = one_meta; a->metadata_count = 2; return 0;
    case F_SSE: return s3l_parse_sse(v, &a->sse);
    case F_STORAGE: return s3l_parse_storage_class(v, &a->storage_class);
    case F_REDIRECT: a->website_redirect_location = v; return 0;
    case F_SSEC: set_ssec(&p->sse_c, NULL); return 0;
    case F_SSEC_MD5: set_ssec(&p->sse_c, SSEC_MD5_B64); return 0;
    case F_KMS_ID: a->sse_kms_key_id = v; return 0;
    case F_KMS_CTX: a->sse_kms_context = v; return 0;
    case F_BUCKET_KEY: return s3l_parse_bool(v, &a->bucket_key_enabled);
    case F_PAYER: return s3l_parse_request_payer(v, &p->request_payer);
    case F_TAGGING: a->tagging = v; return 0;
    case F_LOCK_MODE: return s3l_parse_lock_mode(v, &a->object_lock_mode);
    case F_RETAIN: a->object_lock_retain_until = v; return 0;
    case F_HOLD: return s3l_parse_legal_hold(v, &a->object_lock_legal_hold);
    case F_OWNER: p->expected_bucket_owner = v; return 0;
    case F_CKALG: return s3l_parse_checksum_algorithm(v, &p->checksum_algorithm);
    case F_CKTYPE: return s3l_parse_checksum_type(v, &p->checksum_type);
    default: return -1;
    }
}

/* LF -> CRLF into out. */
static size_t crlf(const char *in, char *out)
{
    size_t o = 0;
    for (; *in != '\0'; in++) {
        if (*in == '\n') out[o++] = '\r';
        out[o++] = *in;
    }
    out[o] = '\0';
    return o;
}

static void test_create_one_by_one(void)
{
    size_t i;
    unsigned seen = 0;
    for (i = 0; i < sizeof ones / sizeof ones[0]; i++) {
        struct s3l_create_mpu_params p;
        struct rig *r = malloc(sizeof *r);
        char text[1024], want[2048], label[64];
        int rc;
        memset(&p, 0, sizeof p);
        p.bucket = "examplebucket";
        p.key = "largeobject";
        snprintf(label, sizeof label, "one[%zu] field %d", i, ones[i].field);
        rc = apply_one(&p, &ones[i]);
        CHECKF(rc == 0, "%s: parse %s", label, ones[i].value);
        rig_init(r, 8192, MAXH);
        rc = s3l_build_create_mpu(&r->req, &r->arena, &ep_path, &p);
        CHECKF(rc == S3L_OK, "%s: build %d", label, rc);
        if (rc == S3L_OK) {
            snprintf(text, sizeof text,
                     "POST /examplebucket/largeobject?uploads HTTP/1.1\nHost: 127.0.0.1:7480\n%s\n",
                     ones[i].expect);
            check_head(label, &r->req, want, crlf(text, want));
        }
        CHECK(guards_ok(r));
        seen |= 1u << ones[i].field;
        free(r);
    }
    CHECKF(seen == (1u << (F_CKTYPE + 1)) - 1, "a CreateMultipartUpload field has no case: %x", seen);

    /* the minimal request */
    {
        struct s3l_create_mpu_params p;
        struct rig *r = malloc(sizeof *r);
        char want[256];
        memset(&p, 0, sizeof p);
        p.bucket = "examplebucket";
        p.key = "largeobject";
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_create_mpu(&r->req, &r->arena, &ep_path, &p) == S3L_OK);
        check_head("minimal", &r->req, want,
                   crlf("POST /examplebucket/largeobject?uploads HTTP/1.1\nHost: 127.0.0.1:7480\n\n", want));
        CHECK(r->req.has_body == 1 && r->req.body_len == 0);
        /* virtual-hosted */
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_create_mpu(&r->req, &r->arena, &ep_virt, &p) == S3L_OK);
        check_head("minimal virtual", &r->req, want,
                   crlf("POST /largeobject?uploads HTTP/1.1\n"
                        "Host: examplebucket.s3.us-east-1.amazonaws.com\n\n", want));
        free(r);
    }
}

/* ---- keys, paths, queries --------------------------------------------------------------- */

static void test_paths(void)
{
    static const struct {
        const char *key;
        size_t key_len;
        const char *path_style, *virt;
    } t[] = {
        {"a", 0, "/b/a", "/a"},
        {"dir/sub/file.txt", 0, "/b/dir/sub/file.txt", "/dir/sub/file.txt"},
        {"-._~AZaz09", 0, "/b/-._~AZaz09", "/-._~AZaz09"},
        {"sp ace+plus=eq&amp?q#h%p", 0, "/b/sp%20ace%2Bplus%3Deq%26amp%3Fq%23h%25p",
         "/sp%20ace%2Bplus%3Deq%26amp%3Fq%23h%25p"},
        {"\xc3\xa9t\xc3\xa9", 0, "/b/%C3%A9t%C3%A9", "/%C3%A9t%C3%A9"},
        {"/lead//double/", 0, "/b//lead//double/", "//lead//double/"},
        {"../x/./y", 0, "/b/../x/./y", "/../x/./y"},
        {"abcdef", 3, "/b/abc", "/abc"}, /* key_len cuts */
        {"$!'()*,;:@[]", 0, "/b/%24%21%27%28%29%2A%2C%3B%3A%40%5B%5D", "/%24%21%27%28%29%2A%2C%3B%3A%40%5B%5D"},
        /* S3 keys may hold control bytes: encoded in the path, they cannot break the head */
        {"tab\there\r\nX-Evil: 1\x7f", 0, "/b/tab%09here%0D%0AX-Evil%3A%201%7F",
         "/tab%09here%0D%0AX-Evil%3A%201%7F"},
        {"\x01\x1f", 0, "/b/%01%1F", "/%01%1F"},
    };
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct s3l_get_object_params p;
        struct rig *r = malloc(sizeof *r);
        memset(&p, 0, sizeof p);
        p.bucket = "b";
        p.key = t[i].key;
        p.key_len = t[i].key_len;
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_get_object(&r->req, &r->arena, &ep_path, &p) == S3L_OK);
        CHECKF(r->req.path_len == strlen(t[i].path_style) &&
                   memcmp(r->req.path, t[i].path_style, r->req.path_len) == 0,
               "path %zu: %.*s", i, (int)r->req.path_len, r->req.path);
        CHECK(r->req.query == NULL && r->req.query_len == 0);
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_get_object(&r->req, &r->arena, &ep_virt, &p) == S3L_OK);
        CHECKF(r->req.path_len == strlen(t[i].virt) && memcmp(r->req.path, t[i].virt, r->req.path_len) == 0,
               "virtual path %zu: %.*s", i, (int)r->req.path_len, r->req.path);
        CHECK(r->req.headers.count >= 1 && r->req.headers.items[0].value_len == strlen("b.s3.us-east-1.amazonaws.com") &&
              memcmp(r->req.headers.items[0].value, "b.s3.us-east-1.amazonaws.com", r->req.headers.items[0].value_len) == 0);
        free(r);
    }
    /* path-style bucket names are encoded too; bucket operations */
    {
        struct s3l_list_uploads_params lu;
        struct s3l_create_bucket_params cb;
        struct rig *r = malloc(sizeof *r);
        memset(&lu, 0, sizeof lu);
        lu.bucket = "Legacy_Bucket";
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_list_uploads(&r->req, &r->arena, &ep_path, &lu) == S3L_OK);
        CHECK(r->req.path_len == 14 && memcmp(r->req.path, "/Legacy_Bucket", 14) == 0);
        CHECK(r->req.query_len == 7 && memcmp(r->req.query, "uploads", 7) == 0);
        lu.bucket = "my.bucket-1";
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_list_uploads(&r->req, &r->arena, &ep_virt, &lu) == S3L_OK);
        CHECK(r->req.path_len == 1 && r->req.path[0] == '/');
        memset(&cb, 0, sizeof cb);
        cb.bucket = "nb";
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_create_bucket(&r->req, &r->arena, &ep_virt, &cb) == S3L_OK);
        CHECK(r->req.path_len == 1 && r->req.path[0] == '/' && r->req.query == NULL);
        CHECK(r->req.has_body == 1 && r->req.body_len == 0);
        free(r);
    }
    /* a key of exactly S3L_KEY_MAX bytes is fine, all '%XX' (3x) */
    {
        static char key[S3L_KEY_MAX + 1];
        struct s3l_abort_mpu_params p;
        struct rig *r = malloc(sizeof *r);
        memset(key, ' ', S3L_KEY_MAX);
        memset(&p, 0, sizeof p);
        p.bucket = "b";
        p.key = key;
        p.upload_id = "u";
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_abort_mpu(&r->req, &r->arena, &ep_path, &p) == S3L_OK);
        CHECK(r->req.path_len == 3 + 3 * S3L_KEY_MAX);
        free(r);
    }
}

/* ---- dates (through GetObject's If-Modified-Since and CreateMPU's retain-until) --------- */

static void test_dates(void)
{
    /* expected values computed with Python's email.utils / datetime */
    static const struct {
        const char *in, *http, *iso;
    } good[] = {
        {"1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"},
        {"0", "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"},
        {"86399", "Thu, 01 Jan 1970 23:59:59 GMT", "1970-01-01T23:59:59Z"},
        {"86400", "Fri, 02 Jan 1970 00:00:00 GMT", "1970-01-02T00:00:00Z"},
        {"2000-02-29T12:00:00Z", "Tue, 29 Feb 2000 12:00:00 GMT", "2000-02-29T12:00:00Z"},
        {"951825600", "Tue, 29 Feb 2000 12:00:00 GMT", "2000-02-29T12:00:00Z"},
        {"2024-02-29T23:59:59Z", "Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59Z"},
        {"1709251199", "Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59Z"},
        {"2026-11-25T09:08:13Z", "Wed, 25 Nov 2026 09:08:13 GMT", "2026-11-25T09:08:13Z"},
        {"1795597693", "Wed, 25 Nov 2026 09:08:13 GMT", "2026-11-25T09:08:13Z"},
        {"4107542400", "Mon, 01 Mar 2100 00:00:00 GMT", "2100-03-01T00:00:00Z"},
        {"9999-12-31T23:59:59Z", "Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z"},
        {"253402300799", "Fri, 31 Dec 9999 23:59:59 GMT", "9999-12-31T23:59:59Z"},
        {"000000000001", "Thu, 01 Jan 1970 00:00:01 GMT", "1970-01-01T00:00:01Z"},
        {"2030-01-10T00:04:06.5Z", "Thu, 10 Jan 2030 00:04:06 GMT", "2030-01-10T00:04:06.5Z"},
    };
    static const char *const bad[] = {
        "", "x", "2021-02-29T00:00:00Z", "1900-02-28T00:00:00Z", "2100-02-29T00:00:00Z",
        "2030-13-01T00:00:00Z", "2030-00-01T00:00:00Z", "2030-01-00T00:00:00Z",
        "2030-04-31T00:00:00Z", "2030-01-10T24:00:00Z", "2030-01-10T00:60:00Z",
        "2030-01-10T00:00:60Z", "2030-01-10 00:04:06Z", "2030-01-10T00:04:06",
        "2030-01-10T00:04:06z", "2030-01-10T00:04:06+01:00", "2030-01-10T00:04:06.Z",
        "2030-01-10T00:04:06.1234567890Z", "2030-01-10T00:04:06ZZ", "1969-12-31T23:59:59Z",
        "253402300800", "9999999999999", "-1", "+5", "2030-1-10T00:04:06Z", "20300110T000406Z",
        "2030-01-10T00:04:6Z", "10000-01-01T00:00:00Z"};
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct s3l_get_object_params g;
        struct s3l_create_mpu_params c;
        struct rig *r = malloc(sizeof *r);
        const struct s3l_header *h;
        memset(&g, 0, sizeof g);
        g.bucket = "b";
        g.key = "k";
        g.if_modified_since = good[i].in;
        rig_init(r, 8192, MAXH);
        CHECKF(s3l_build_get_object(&r->req, &r->arena, &ep_path, &g) == S3L_OK, "date %s", good[i].in);
        h = s3l_headers_find(&r->req.headers, "If-Modified-Since");
        CHECKF(h != NULL && h->value_len == strlen(good[i].http) &&
                   memcmp(h->value, good[i].http, h->value_len) == 0,
               "%s -> %.*s", good[i].in, h != NULL ? (int)h->value_len : 0, h != NULL ? h->value : "");
        memset(&c, 0, sizeof c);
        c.bucket = "b";
        c.key = "k";
        c.attrs.object_lock_retain_until = good[i].in;
        rig_init(r, 8192, MAXH);
        CHECK(s3l_build_create_mpu(&r->req, &r->arena, &ep_path, &c) == S3L_OK);
        h = s3l_headers_find(&r->req.headers, "x-amz-object-lock-retain-until-date");
        CHECKF(h != NULL && h->value_len == strlen(good[i].iso) &&
                   memcmp(h->value, good[i].iso, h->value_len) == 0,
               "%s -> %.*s", good[i].in, h != NULL ? (int)h->value_len : 0, h != NULL ? h->value : "");
        free(r);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct s3l_create_mpu_params c;
        struct rig *r = malloc(sizeof *r);
        int rc;
        memset(&c, 0, sizeof c);
        c.bucket = "b";
        c.key = "k";
        c.attrs.expires = bad[i];
        rig_init(r, 8192, MAXH);
        rc = s3l_build_create_mpu(&r->req, &r->arena, &ep_path, &c);
        CHECKF(rc == S3L_ERR_BAD_DATE, "bad date \"%s\": %d", bad[i], rc);
        CHECK(r->arena.used == 0 && r->req.headers.count == 0);
        free(r);
    }
    /* every day from 1970 to 2100 through Unix seconds equals the same day in ISO form */
    {
        long d;
        int bad_days = 0;
        for (d = 0; d < 47482; d += 1) {
            struct s3l_get_object_params g;
            struct rig *r = malloc(sizeof *r);
            char unix_s[32], iso[96];
            const struct s3l_header *h1, *h2;
            long long t = (long long)d * 86400 + (d % 86400);
            /* independent civil date: walk forward from 1970 with the Gregorian rules */
            long y = 1970, rem = d, m = 1, dim;
            static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            for (;;) {
                long ylen = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
                if (rem < ylen) break;
                rem -= ylen;
                y++;
            }
            for (;;) {
                dim = mdays[m - 1] + (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
                if (rem < dim) break;
                rem -= dim;
                m++;
            }
            snprintf(unix_s, sizeof unix_s, "%lld", t);
            snprintf(iso, sizeof iso, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ldZ", y, m, rem + 1,
                     (d % 86400) / 3600, (d % 3600) / 60, d % 60);
            memset(&g, 0, sizeof g);
            g.bucket = "b";
            g.key = "k";
            g.if_modified_since = unix_s;
            g.if_unmodified_since = iso;
            rig_init(r, 8192, MAXH);
            if (s3l_build_get_object(&r->req, &r->arena, &ep_path, &g) != S3L_OK) {
                bad_days++;
            } else {
                h1 = s3l_headers_find(&r->req.headers, "If-Modified-Since");
                h2 = s3l_headers_find(&r->req.headers, "If-Unmodified-Since");
                if (h1 == NULL || h2 == NULL || h1->value_len != 29 ||
                    memcmp(h1->value, h2->value, 29) != 0) {
                    if (bad_days++ < 3) fprintf(stderr, "day %ld: %s vs %s\n", d, unix_s, iso);
                }
            }
            free(r);
        }
        CHECKF(bad_days == 0, "%d days disagree", bad_days);
    }
    /* weekdays: the 7 days from Sunday 2026-11-22 */
    {
        static const char *const wd[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        int k;
        for (k = 0; k < 7; k++) {
            struct s3l_get_object_params g;
            struct rig *r = malloc(sizeof *r);
            char iso[32];
            const struct s3l_header *h;
            snprintf(iso, sizeof iso, "2026-11-%02dT12:00:00Z", 22 + k);
            memset(&g, 0, sizeof g);
            g.bucket = "b";
            g.key = "k";
            g.if_modified_since = iso;
            rig_init(r, 8192, MAXH);
            CHECK(s3l_build_get_object(&r->req, &r->arena, &ep_path, &g) == S3L_OK);
            h = s3l_headers_find(&r->req.headers, "If-Modified-Since");
            CHECKF(h != NULL && memcmp(h->value, wd[k], 3) == 0, "%s", iso);
            free(r);
        }
    }
}

/* ---- syntax-checked strings ------------------------------------------------------------- */

static int try_create(void (*set)(struct s3l_create_mpu_params *, const char *), const char *v)
{
    struct s3l_create_mpu_params c;
    struct rig *r = malloc(sizeof *r);
    int rc;
    memset(&c, 0, sizeof c);
    c.bucket = "b";
    c.key = "k";
    set(&c, v);
    rig_init(r, 8192, MAXH);
    rc = s3l_build_create_mpu(&r->req, &r->arena, &ep_path, &c);
    if (rc != S3L_OK) CHECK(r->arena.used == 0 && r->req.headers.count == 0 && guards_ok(r));
    free(r);
    return rc;
}

static void set_grant(struct s3l_create_mpu_params *c, const char *v) { c->attrs.grant_read = v; }
static void set_tagging(struct s3l_create_mpu_params *c, const char *v) { c->attrs.tagging = v; }
static void set_redirect(struct s3l_create_mpu_params *c, const char *v)
{
    c->attrs.website_redirect_location = v;
}

static void test_checked_strings(void)
{
    static const struct {
        void (*set)(struct s3l_create_mpu_params *, const char *);
        const char *v;
        int rc;
    } t[] = {
        {set_grant, "id=\"1\"", S3L_OK},
        {set_grant, "id=1", S3L_OK},
        {set_grant, "  id=\"1\" ,  uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"  ", S3L_OK},
        {set_grant, "emailAddress=\"xyz@amazon.com\", emailAddress=\"abc@amazon.com\"", S3L_OK},
        {set_grant, "", S3L_ERR_ARG},
        {set_grant, "id", S3L_ERR_ARG},
        {set_grant, "id=", S3L_ERR_ARG},
        {set_grant, "id=\"\"", S3L_ERR_ARG},
        {set_grant, "id=\"1", S3L_ERR_ARG},
        {set_grant, "id=\"1\",", S3L_ERR_ARG},
        {set_grant, "id=\"1\" id=\"2\"", S3L_ERR_ARG},
        {set_grant, "id=a\"b", S3L_ERR_ARG},
        {set_grant, "group=\"1\"", S3L_ERR_ENUM},
        {set_grant, "ID=\"1\"", S3L_ERR_ENUM},
        {set_grant, "=\"1\"", S3L_ERR_ENUM},
        {set_grant, "i=\"1\"", S3L_ERR_ENUM},
        {set_grant, "idx=\"1\"", S3L_ERR_ENUM},
        {set_grant, "emailAddres=\"a@b.c\"", S3L_ERR_ENUM},
        {set_grant, "uri=1, email=\"a@b.c\"", S3L_ERR_ENUM},
        {set_grant, "uri=1,id=2", S3L_OK},
        {set_grant, "id=\"1\"\r\nX: y", S3L_ERR_BAD_CHAR},
        {set_tagging, "k=v", S3L_OK},
        {set_tagging, "k", S3L_OK},
        {set_tagging, "k=", S3L_OK},
        {set_tagging, "a%2Fb=c%3Dd&e+f=g~h.i_j-k", S3L_OK},
        {set_tagging, "1=a&2=a&3=a&4=a&5=a&6=a&7=a&8=a&9=a&10=a", S3L_OK},
        {set_tagging, "1=a&2=a&3=a&4=a&5=a&6=a&7=a&8=a&9=a&10=a&11=a", S3L_ERR_RANGE},
        {set_tagging, "", S3L_ERR_ARG},
        {set_tagging, "=v", S3L_ERR_ARG},
        {set_tagging, "a=1&", S3L_ERR_ARG},
        {set_tagging, "&a=1", S3L_ERR_ARG},
        {set_tagging, "a=1&&b=2", S3L_ERR_ARG},
        {set_tagging, "a=b=c", S3L_ERR_ARG},
        {set_tagging, "a b=c", S3L_ERR_ARG},
        {set_tagging, "a=%zz", S3L_ERR_ARG},
        {set_tagging, "a=%2", S3L_ERR_ARG},
        {set_tagging, "a=/", S3L_ERR_ARG},
        {set_tagging, "a=\n", S3L_ERR_BAD_CHAR},
        {set_redirect, "/", S3L_OK},
        {set_redirect, "/a/b.html", S3L_OK},
        {set_redirect, "http://example.com", S3L_OK},
        {set_redirect, "https://example.com/x", S3L_OK},
        {set_redirect, "", S3L_ERR_ARG},
        {set_redirect, "a/b", S3L_ERR_ARG},
        {set_redirect, "ftp://x", S3L_ERR_ARG},
        {set_redirect, "HTTP://x", S3L_ERR_ARG},
        {set_redirect, "/x\r", S3L_ERR_BAD_CHAR},
    };
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        int rc = try_create(t[i].set, t[i].v);
        CHECKF(rc == t[i].rc, "\"%s\": %d, want %d", t[i].v, rc, t[i].rc);
    }
}

/* ---- enums ------------------------------------------------------------------------------- */

static void test_enums(void)
{
    /* spellings from the S3 API reference, in enum order */
    static const char *const acl[] = {"private", "public-read", "public-read-write",
                                      "authenticated-read", "aws-exec-read", "bucket-owner-read",
                                      "bucket-owner-full-control"};
    static const char *const storage[] = {"STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA",
                                          "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
                                          "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW",
                                          "EXPRESS_ONEZONE", "FSX_OPENZFS", "FSX_ONTAP"};
    static const char *const sse[] = {"AES256", "aws:fsx", "aws:kms", "aws:kms:dsse"};
    size_t i;
    for (i = 0; i < 7; i++) {
        enum s3l_acl v = S3L_ACL_NONE;
        CHECK(s3l_parse_acl(acl[i], &v) == S3L_OK && (size_t)v == i + 1);
        CHECK(s3l_acl_name(v) != NULL && strcmp(s3l_acl_name(v), acl[i]) == 0);
        CHECK(s3l_enum_lookup(S3L_EK_ACL, acl[i], strlen(acl[i])) == i + 1);
    }
    for (i = 0; i < 13; i++) {
        enum s3l_storage_class v = S3L_STORAGE_NONE;
        CHECK(s3l_parse_storage_class(storage[i], &v) == S3L_OK && (size_t)v == i + 1);
        CHECK(strcmp(s3l_storage_class_name(v), storage[i]) == 0);
    }
    for (i = 0; i < 4; i++) {
        enum s3l_sse v = S3L_SSE_NONE;
        CHECK(s3l_parse_sse(sse[i], &v) == S3L_OK && (size_t)v == i + 1);
        CHECK(strcmp(s3l_sse_name(v), sse[i]) == 0);
    }
    {
        enum s3l_checksum_alg a = S3L_CHECKSUM_NONE;
        enum s3l_checksum_type t = (enum s3l_checksum_type)0;
        enum s3l_lock_mode m = S3L_LOCK_NONE;
        enum s3l_legal_hold h = S3L_HOLD_NONE;
        enum s3l_bool b = S3L_BOOL_NONE;
        enum s3l_request_payer p = S3L_PAYER_NONE;
        enum s3l_sse_c_alg c = S3L_SSEC_NONE;
        enum s3l_encoding_type e = S3L_ENCODING_NONE;
        enum s3l_object_ownership o = S3L_OWNERSHIP_NONE;
        enum s3l_checksum_mode k = S3L_CHECKSUM_MODE_NONE;
        CHECK(s3l_parse_checksum_algorithm("CRC32", &a) == 0 && a == S3L_CHECKSUM_CRC32);
        CHECK(s3l_parse_checksum_algorithm("CRC32C", &a) == 0 && a == S3L_CHECKSUM_CRC32C);
        CHECK(s3l_parse_checksum_algorithm("SHA1", &a) == 0 && a == S3L_CHECKSUM_SHA1);
        CHECK(s3l_parse_checksum_algorithm("SHA256", &a) == 0 && a == S3L_CHECKSUM_SHA256);
        CHECK(s3l_parse_checksum_algorithm("CRC64NVME", &a) == 0 && a == S3L_CHECKSUM_CRC64NVME);
        CHECK(s3l_parse_checksum_algorithm("crc32", &a) == S3L_ERR_ENUM && a == S3L_CHECKSUM_CRC64NVME);
        CHECK(s3l_parse_checksum_type("COMPOSITE", &t) == 0 && t == S3L_CHECKSUM_COMPOSITE);
        CHECK(s3l_parse_checksum_type("FULL_OBJECT", &t) == 0 && t == S3L_CHECKSUM_FULL_OBJECT);
        CHECK(s3l_parse_lock_mode("GOVERNANCE", &m) == 0 && m == S3L_LOCK_GOVERNANCE);
        CHECK(s3l_parse_lock_mode("COMPLIANCE", &m) == 0 && m == S3L_LOCK_COMPLIANCE);
        CHECK(s3l_parse_legal_hold("ON", &h) == 0 && h == S3L_HOLD_ON);
        CHECK(s3l_parse_legal_hold("OFF", &h) == 0 && h == S3L_HOLD_OFF);
        CHECK(s3l_parse_bool("true", &b) == 0 && b == S3L_BOOL_TRUE);
        CHECK(s3l_parse_bool("false", &b) == 0 && b == S3L_BOOL_FALSE);
        CHECK(s3l_parse_request_payer("requester", &p) == 0 && p == S3L_PAYER_REQUESTER);
        CHECK(s3l_parse_sse_c_algorithm("AES256", &c) == 0 && c == S3L_SSEC_AES256);
        CHECK(s3l_parse_encoding_type("url", &e) == 0 && e == S3L_ENCODING_URL);
        CHECK(s3l_parse_object_ownership("BucketOwnerPreferred", &o) == 0 &&
              o == S3L_OWNERSHIP_BUCKET_OWNER_PREFERRED);
        CHECK(s3l_parse_object_ownership("ObjectWriter", &o) == 0 && o == S3L_OWNERSHIP_OBJECT_WRITER);
        CHECK(s3l_parse_object_ownership("BucketOwnerEnforced", &o) == 0 &&
              o == S3L_OWNERSHIP_BUCKET_OWNER_ENFORCED);
        CHECK(s3l_parse_checksum_mode("ENABLED", &k) == 0 && k == S3L_CHECKSUM_MODE_ENABLED);
        /* wrong case, near misses, empty, NULL */
        CHECK(s3l_parse_acl("Private", &(enum s3l_acl){S3L_ACL_NONE}) == S3L_ERR_ENUM);
        CHECK(s3l_parse_sse("aes256", &(enum s3l_sse){0}) == S3L_ERR_ENUM);
        CHECK(s3l_parse_sse("aws:kms:", &(enum s3l_sse){0}) == S3L_ERR_ENUM);
        CHECK(s3l_parse_storage_class("", &(enum s3l_storage_class){0}) == S3L_ERR_ENUM);
        CHECK(s3l_parse_bool("TRUE", &b) == S3L_ERR_ENUM && b == S3L_BOOL_FALSE);
        CHECK(s3l_parse_request_payer("BucketOwner", &p) == S3L_ERR_ENUM);
        CHECK(s3l_parse_legal_hold(NULL, &h) == S3L_ERR_ARG);
        CHECK(s3l_parse_legal_hold("ON", NULL) == S3L_ERR_ARG);
        CHECK(s3l_acl_name(S3L_ACL_NONE) == NULL && s3l_acl_name((enum s3l_acl)8) == NULL);
        CHECK(s3l_enum_lookup(S3L_EK_SSE, "aws:kms:dsse", 7) == 3); /* "aws:kms" */
        CHECK(s3l_enum_lookup((enum s3l_enum_kind)99, "x", 1) == 0);
        /* Kinds at and past the last one: the last kind's names, then NULL (as the header
         * says for out of range), never a read past the name lists. */
        CHECK_EQ_STR(s3l_enum_name(S3L_EK_CHECKSUM_MODE, 1), "ENABLED");
        CHECK(s3l_enum_name(S3L_EK_CHECKSUM_MODE, 2) == NULL);
        {
            unsigned v;
            for (v = 0; v < 4; v++) {
                CHECKF(s3l_enum_name((enum s3l_enum_kind)(S3L_EK_CHECKSUM_MODE + 1), v) == NULL,
                       "kind past the last, value %u: not NULL", v);
                CHECKF(s3l_enum_name((enum s3l_enum_kind)99, v) == NULL, "kind 99, value %u", v);
            }
        }
    }
}

/* ---- CompleteMultipartUpload body ------------------------------------------------------- */

static void test_complete_body(void)
{
    struct s3l_complete_body w;
    size_t n = 0, cap, i;
    char *want = golden("complete_mpu.xml", &n);
    uint8_t *buf = malloc(n + 64);
    CHECKF(want != NULL, "complete_mpu.xml missing");
    if (want == NULL) {
        free(buf);
        return;
    }
    CHECK(s3l_complete_body_init(&w, golden_parts, 3, S3L_CHECKSUM_CRC32) == S3L_OK);
    CHECK(s3l_complete_body_len(&w) == n);
    /* every read size gives the same bytes, then 0; rewind starts over */
    for (cap = 1; cap <= n + 1; cap++) {
        size_t got = 0;
        long r;
        int turns = 0, ok = 1;
        memset(buf, GUARD, n + 64);
        CHECK(s3l_complete_body_rewind(&w) == 0);
        while ((r = s3l_complete_body_read(&w, buf + got, cap)) > 0 && turns++ < 100000) {
            if ((size_t)r > cap) ok = 0;
            got += (size_t)r;
            if (got > n) break;
        }
        if (!(ok && r == 0 && got == n && memcmp(buf, want, n) == 0 && buf[n] == GUARD)) {
            CHECKF(0, "read size %zu: got %zu bytes", cap, got);
            if (got <= n) show_diff("body", (char *)buf, got, want, n);
            break;
        }
        CHECK(s3l_complete_body_read(&w, buf, cap) == 0);
    }
    CHECK(cap == n + 2);
    /* the reader works as a struct s3l_reader-style callback pair */
    {
        long (*rd)(void *, uint8_t *, size_t) = s3l_complete_body_read;
        int (*rw)(void *) = s3l_complete_body_rewind;
        CHECK(rw(&w) == 0 && rd(&w, buf, 0) == 0 && rd(&w, buf, 5) == 5 && memcmp(buf, "<Comp", 5) == 0);
        CHECK(rd(NULL, buf, 5) == S3L_ERR_ARG && rw(NULL) == S3L_ERR_ARG && rd(&w, NULL, 5) == S3L_ERR_ARG);
    }
    free(want);
    free(buf);

    /* 10000 parts, built independently with snprintf, whole and in odd-sized reads */
    {
        static struct s3l_complete_part parts[10000];
        static char etags[10000][40], cks[10000][16];
        size_t total = 0, got = 0;
        char *exp = malloc(10000 * 200), *out = malloc(10000 * 200);
        long r;
        int k = 0;
        total = (size_t)sprintf(exp, "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        for (i = 0; i < 10000; i++) {
            snprintf(etags[i], sizeof etags[i], "\"%032zx\"", i * 2654435761u);
            snprintf(cks[i], sizeof cks[i], "%c%cAAAAAAAAA=", 'A' + (int)(i % 26), 'a' + (int)(i % 26));
            parts[i].part_number = (uint32_t)(i + 1);
            parts[i].etag = etags[i];
            parts[i].checksum = cks[i];
            total += (size_t)sprintf(exp + total,
                                     "<Part><ETag>%s</ETag><ChecksumCRC64NVME>%s</ChecksumCRC64NVME>"
                                     "<PartNumber>%zu</PartNumber></Part>",
                                     etags[i], cks[i], i + 1);
        }
        total += (size_t)sprintf(exp + total, "</CompleteMultipartUpload>");
        CHECK(s3l_complete_body_init(&w, parts, 10000, S3L_CHECKSUM_CRC64NVME) == S3L_OK);
        CHECKF(s3l_complete_body_len(&w) == total, "len %llu want %zu",
               (unsigned long long)s3l_complete_body_len(&w), total);
        while ((r = s3l_complete_body_read(&w, (uint8_t *)out + got, (size_t)(1 + (k++ % 1499)))) > 0) {
            got += (size_t)r;
            if (got > total) break;
        }
        CHECK(r == 0 && got == total && memcmp(out, exp, total) == 0);
        CHECK(sizeof w <= 64); /* constant RAM, whatever the part count */
        free(exp);
        free(out);
    }

    /* bad part lists */
    {
        static const struct {
            struct s3l_complete_part p[2];
            size_t n;
            enum s3l_checksum_alg alg;
            int rc;
        } bad[] = {
            {{{0, "\"e\"", NULL}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_RANGE},
            {{{10001, "\"e\"", NULL}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_RANGE},
            {{{2, "\"e\"", NULL}, {2, "\"e\"", NULL}}, 2, S3L_CHECKSUM_NONE, S3L_ERR_ARG},
            {{{3, "\"e\"", NULL}, {2, "\"e\"", NULL}}, 2, S3L_CHECKSUM_NONE, S3L_ERR_ARG},
            {{{1, NULL, NULL}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_ARG},
            {{{1, "", NULL}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_ARG},
            {{{1, "\"e\r\"", NULL}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_BAD_CHAR},
            {{{1, "\"e\n\"", NULL}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_BAD_CHAR},
            {{{1, "\"e\"", "AAAAAA=="}}, 1, S3L_CHECKSUM_NONE, S3L_ERR_ARG},
            {{{1, "\"e\"", "AAAAAA=="}}, 1, S3L_CHECKSUM_SHA1, S3L_ERR_BAD_BASE64},
            {{{1, "\"e\"", "AAAAAA="}}, 1, S3L_CHECKSUM_CRC32, S3L_ERR_BAD_BASE64},
            {{{1, "\"e\"", "AAAA*A=="}}, 1, S3L_CHECKSUM_CRC32, S3L_ERR_BAD_BASE64},
            {{{1, "\"e\"", "AAAAAA==\n"}}, 1, S3L_CHECKSUM_CRC32, S3L_ERR_BAD_CHAR},
            {{{1, "\"e\"", NULL}}, 0, S3L_CHECKSUM_NONE, S3L_ERR_ARG},
            {{{1, "\"e\"", NULL}}, 1, (enum s3l_checksum_alg)6, S3L_ERR_ENUM},
        };
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            int rc = s3l_complete_body_init(&w, bad[i].p, bad[i].n, bad[i].alg);
            CHECKF(rc == bad[i].rc, "bad parts %zu: %d want %d", i, rc, bad[i].rc);
        }
        CHECK(s3l_complete_body_init(NULL, golden_parts, 1, S3L_CHECKSUM_NONE) == S3L_ERR_ARG);
        CHECK(s3l_complete_body_init(&w, NULL, 1, S3L_CHECKSUM_NONE) == S3L_ERR_ARG);
    }
}

static void test_create_bucket_body(void)
{
    size_t n = 0, len = 0;
    char *want = golden("create_bucket.xml", &n);
    char out[512];
    struct s3l_create_bucket_params p;
    full_bucket(&p);
    CHECKF(want != NULL, "create_bucket.xml missing");
    if (want == NULL) return;
    memset(out, GUARD, sizeof out);
    CHECK(s3l_create_bucket_body(&p, out, sizeof out, &len) == S3L_OK);
    CHECK(len == n && memcmp(out, want, n) == 0 && (unsigned char)out[n] == GUARD);
    memset(out, GUARD, sizeof out);
    CHECK(s3l_create_bucket_body(&p, out, n - 1, &len) == S3L_ERR_BUF_TOO_SMALL && len == n);
    CHECK((unsigned char)out[0] == GUARD);
    p.location_constraint = NULL;
    CHECK(s3l_create_bucket_body(&p, out, sizeof out, &len) == S3L_OK && len == 0);
    p.location_constraint = "EU West";
    CHECK(s3l_create_bucket_body(&p, out, sizeof out, &len) == S3L_ERR_ARG);
    /* a region is [a-z0-9-]+: no '.', upper case or empty name, as the builder agrees */
    {
        static const char *const bad[] = {"", "eu.west-1", "Eu-west-1", "eu_west", "eu west"};
        static const char *const good[] = {"eu-west-1", "-", "0", "ap-southeast-2"};
        struct s3l_request req;
        struct s3l_header hv[16];
        char mem[256];
        struct s3l_arena a;
        size_t i;
        full_bucket(&p);
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            p.location_constraint = bad[i];
            CHECKF(s3l_create_bucket_body(&p, out, sizeof out, &len) == S3L_ERR_ARG, "region \"%s\"", bad[i]);
            a.buf = mem; a.cap = sizeof mem; a.used = 0;
            req.headers.items = hv; req.headers.cap = 16; req.headers.count = 0;
            CHECKF(s3l_build_create_bucket(&req, &a, &ep_path, &p) == S3L_ERR_ARG && a.used == 0 &&
                   req.headers.count == 0, "build, region \"%s\"", bad[i]);
        }
        for (i = 0; i < sizeof good / sizeof good[0]; i++) {
            p.location_constraint = good[i];
            CHECKF(s3l_create_bucket_body(&p, out, sizeof out, &len) == S3L_OK &&
                   len == n - strlen("eu-west-1") + strlen(good[i]), "region \"%s\"", good[i]);
            a.buf = mem; a.cap = sizeof mem; a.used = 0;
            req.headers.items = hv; req.headers.cap = 16; req.headers.count = 0;
            CHECKF(s3l_build_create_bucket(&req, &a, &ep_path, &p) == S3L_OK && req.body_len == len,
                   "build, region \"%s\"", good[i]);
        }
    }
    free(want);
}

/* ---- bad input: every builder, nothing written ----------------------------------------- */

/*
 * Run one build that must fail with want: a 3-byte arena prefix and one header already
 * present; afterwards *req (all of it), arena.used, the prefix, the first header and every
 * guard byte must be as before.
 */
static void expect_fail(const char *label, build_fn fn, const struct s3l_endpoint *ep,
                        const void *p, int want, size_t arena_cap, size_t hcap)
{
    struct rig *r = malloc(sizeof *r);
    struct s3l_request before;
    struct s3l_header h0;
    int rc;
    rig_init(r, arena_cap, hcap);
    memcpy(r->mem, "pre", 3);
    r->arena.used = 3;
    r->hv[0].name = "X-Pre";
    r->hv[0].name_len = 5;
    r->hv[0].value = "1";
    r->hv[0].value_len = 1;
    r->req.headers.count = 1;
    before = r->req;
    h0 = r->hv[0];
    rc = fn(&r->req, &r->arena, ep, p);
    CHECKF(rc == want, "%s: got %d (%s), want %d (%s)", label, rc, s3l_strerror(rc), want,
           s3l_strerror(want));
    CHECKF(memcmp(&before, &r->req, sizeof before) == 0, "%s: *req changed", label);
    CHECKF(r->arena.used == 3 && memcmp(r->mem, "pre", 3) == 0, "%s: arena not restored", label);
    CHECKF(memcmp(&h0, &r->hv[0], sizeof h0) == 0, "%s: earlier header changed", label);
    CHECKF(guards_ok(r), "%s: guard bytes overwritten", label);
    free(r);
}

static char long_key[S3L_KEY_MAX + 2];
static const char nul_key[] = "ab\0cd";
static struct s3l_meta big_meta[2];
static char big_value[S3L_META_MAX];
static const struct s3l_meta bad_meta_name[] = {{"bad name", "v"}};
static const struct s3l_meta bad_meta_value[] = {{"n", "v\r\n"}};
static const struct s3l_meta null_meta_value[] = {{"n", NULL}};

/*
 * The mutations every object builder gets, applied through the common fields. Each returns
 * the expected error, or 1 when the index is past the end.
 */
struct target {
    const char **bucket;
    const char **key;
    size_t *key_len;
    const char **upload_id;   /* NULL when the operation has none */
    struct s3l_sse_c *sse_c;  /* NULL when none */
    enum s3l_request_payer *payer;
    const char **owner;
};

static int mutate_common(const struct target *t, int i, const char **label)
{
    switch (i) {
    case 0: *label = "empty bucket"; *t->bucket = ""; return S3L_ERR_ARG;
    case 1: *label = "NULL bucket"; *t->bucket = NULL; return S3L_ERR_ARG;
    case 2: *label = "bucket with /"; *t->bucket = "a/b"; return S3L_ERR_ARG;
    case 3: *label = "bucket with CR"; *t->bucket = "a\rb"; return S3L_ERR_BAD_CHAR;
    case 4: *label = "bucket with LF"; *t->bucket = "a\nb"; return S3L_ERR_BAD_CHAR;
    default: break;
    }
    if (t->payer != NULL) {
        switch (i) {
        case 5: *label = "payer out of range"; *t->payer = (enum s3l_request_payer)2; return S3L_ERR_ENUM;
        case 6: *label = "owner with CRLF"; *t->owner = "1\r\nX-Evil: 1"; return S3L_ERR_BAD_CHAR;
        case 7: *label = "owner with LF"; *t->owner = "1\n"; return S3L_ERR_BAD_CHAR;
        default: break;
        }
    }
    if (t->key != NULL) {
        switch (i) {
        case 8: *label = "empty key"; *t->key = ""; return S3L_ERR_ARG;
        case 9: *label = "NULL key"; *t->key = NULL; return S3L_ERR_ARG;
        /* 10, 11: a key with CR or LF is a key S3 accepts (encoded, see test_paths) */
        case 12: *label = "key with NUL"; *t->key = nul_key; *t->key_len = 5; return S3L_ERR_BAD_CHAR;
        case 13: *label = "key over S3L_KEY_MAX"; *t->key = long_key; return S3L_ERR_RANGE;
        default: break;
        }
    }
    if (t->upload_id != NULL) {
        switch (i) {
        case 14: *label = "NULL upload id"; *t->upload_id = NULL; return S3L_ERR_ARG;
        case 15: *label = "empty upload id"; *t->upload_id = ""; return S3L_ERR_ARG;
        case 16: *label = "upload id with LF"; *t->upload_id = "a\nb"; return S3L_ERR_BAD_CHAR;
        case 17: *label = "upload id with CR"; *t->upload_id = "a\rb"; return S3L_ERR_BAD_CHAR;
        default: break;
        }
    }
    if (t->sse_c != NULL) {
        switch (i) {
        case 18: *label = "SSE-C without key"; set_ssec(t->sse_c, NULL); t->sse_c->key = NULL; return S3L_ERR_ARG;
        case 19: *label = "SSE-C key 16 bytes"; set_ssec(t->sse_c, NULL); t->sse_c->key_len = 16; return S3L_ERR_RANGE;
        case 20: *label = "SSE-C bad MD5"; set_ssec(t->sse_c, "tP/LI3N87DFaSk0aoqYgzg="); return S3L_ERR_BAD_BASE64;
        case 21: *label = "SSE-C MD5 with LF"; set_ssec(t->sse_c, "tP/LI3N87DFaSk0aoqYgzg=\n"); return S3L_ERR_BAD_CHAR;
        case 22: *label = "SSE-C key without algorithm"; set_ssec(t->sse_c, NULL); t->sse_c->algorithm = S3L_SSEC_NONE; return S3L_ERR_ARG;
        case 23: *label = "SSE-C algorithm out of range"; set_ssec(t->sse_c, NULL); t->sse_c->algorithm = (enum s3l_sse_c_alg)2; return S3L_ERR_ENUM;
        case 24: *label = "SSE-C without key MD5"; set_ssec(t->sse_c, NULL); t->sse_c->key_md5 = NULL; return S3L_ERR_ARG;
        default: break;
        }
    }
    return i < 25 ? 0 : 1; /* 0: not applicable to this operation */
}

/* Operation-specific mutations; same convention, indexes from 0. */
static int mutate_create(void *vp, int i, const char **label)
{
    struct s3l_create_mpu_params *p = vp;
    switch (i) {
    case 0: *label = "acl out of range"; p->attrs.acl = (enum s3l_acl)8; return S3L_ERR_ENUM;
    case 1: *label = "sse out of range"; p->attrs.sse = (enum s3l_sse)5; return S3L_ERR_ENUM;
    case 2: *label = "storage out of range"; p->attrs.storage_class = (enum s3l_storage_class)14; return S3L_ERR_ENUM;
    case 3: *label = "bucket key out of range"; p->attrs.bucket_key_enabled = (enum s3l_bool)3; return S3L_ERR_ENUM;
    case 4: *label = "lock mode out of range"; p->attrs.object_lock_mode = (enum s3l_lock_mode)3; return S3L_ERR_ENUM;
    case 5: *label = "legal hold out of range"; p->attrs.object_lock_legal_hold = (enum s3l_legal_hold)3; return S3L_ERR_ENUM;
    case 6: *label = "checksum alg out of range"; p->checksum_algorithm = (enum s3l_checksum_alg)6; return S3L_ERR_ENUM;
    case 7: *label = "checksum type out of range"; p->checksum_type = (enum s3l_checksum_type)3; return S3L_ERR_ENUM;
    case 8: *label = "content type CRLF"; p->attrs.content_type = "text/plain\r\nX-Evil: 1"; return S3L_ERR_BAD_CHAR;
    case 9: *label = "cache control LF"; p->attrs.cache_control = "a\nb"; return S3L_ERR_BAD_CHAR;
    case 10: *label = "disposition CR"; p->attrs.content_disposition = "a\r"; return S3L_ERR_BAD_CHAR;
    case 11: *label = "encoding LF"; p->attrs.content_encoding = "\n"; return S3L_ERR_BAD_CHAR;
    case 12: *label = "language CR"; p->attrs.content_language = "\r"; return S3L_ERR_BAD_CHAR;
    case 13: *label = "kms key LF"; p->attrs.sse_kms_key_id = "k\n"; return S3L_ERR_BAD_CHAR;
    case 14: *label = "kms context CR"; p->attrs.sse_kms_context = "c\r"; return S3L_ERR_BAD_CHAR;
    case 15: *label = "bad expires"; p->attrs.expires = "tomorrow"; return S3L_ERR_BAD_DATE;
    case 16: *label = "bad retain date"; p->attrs.object_lock_retain_until = "2030-02-30T00:00:00Z"; return S3L_ERR_BAD_DATE;
    case 17: *label = "metadata name not a token"; p->attrs.metadata = bad_meta_name; p->attrs.metadata_count = 1; return S3L_ERR_BAD_CHAR;
    case 18: *label = "metadata value CRLF"; p->attrs.metadata = bad_meta_value; p->attrs.metadata_count = 1; return S3L_ERR_BAD_CHAR;
    case 19: *label = "metadata over S3L_META_MAX"; p->attrs.metadata = big_meta; p->attrs.metadata_count = 2; return S3L_ERR_RANGE;
    case 20: *label = "metadata NULL value"; p->attrs.metadata = null_meta_value; p->attrs.metadata_count = 1; return S3L_ERR_ARG;
    case 21: *label = "metadata NULL array"; p->attrs.metadata = NULL; p->attrs.metadata_count = 1; return S3L_ERR_ARG;
    case 22: *label = "bad grant"; p->attrs.grant_write_acp = "nobody"; return S3L_ERR_ARG;
    case 23: *label = "bad tagging"; p->attrs.tagging = "a b"; return S3L_ERR_ARG;
    case 24: *label = "bad redirect"; p->attrs.website_redirect_location = "x"; return S3L_ERR_ARG;
    default: return 1;
    }
}

static int mutate_part(void *vp, int i, const char **label)
{
    struct s3l_upload_part_params *p = vp;
    switch (i) {
    case 0: *label = "partNumber 0"; p->part_number = 0; return S3L_ERR_RANGE;
    case 1: *label = "partNumber 10001"; p->part_number = 10001; return S3L_ERR_RANGE;
    case 2: *label = "partNumber 2^32-1"; p->part_number = 0xFFFFFFFFu; return S3L_ERR_RANGE;
    case 3: *label = "Content-MD5 too short"; p->content_md5 = "1B2M2Y8AsgTpgAmY7PhCfg="; return S3L_ERR_BAD_BASE64;
    case 4: *label = "Content-MD5 LF"; p->content_md5 = "1B2M2Y8AsgTpgAmY7PhCfg==\n"; return S3L_ERR_BAD_CHAR;
    case 5: *label = "checksum value of SHA1 size for CRC32"; p->checksum_value = "2jmj7l5rSw0yVb/vlWAYkK/YBwk="; return S3L_ERR_BAD_BASE64;
    case 6: *label = "checksum value without algorithm"; p->checksum_algorithm = S3L_CHECKSUM_NONE; return S3L_ERR_ARG;
    case 7: *label = "checksum alg out of range"; p->checksum_algorithm = (enum s3l_checksum_alg)6; return S3L_ERR_ENUM;
    case 8: *label = "checksum value CR"; p->checksum_value = "AAAAAA==\r"; return S3L_ERR_BAD_CHAR;
    default: return 1;
    }
}

static const struct s3l_complete_part parts_bad_order[] = {{2, "\"a\"", NULL}, {1, "\"b\"", NULL}};
static const struct s3l_complete_part parts_bad_etag[] = {{1, "\"a\r\nb\"", NULL}};
static const struct s3l_complete_part parts_zero[] = {{0, "\"a\"", NULL}};
static const struct s3l_complete_part parts_10001[] = {{10001, "\"a\"", NULL}};

static int mutate_complete(void *vp, int i, const char **label)
{
    struct s3l_complete_mpu_params *p = vp;
    switch (i) {
    case 0: *label = "parts out of order"; p->parts = parts_bad_order; p->part_count = 2; return S3L_ERR_ARG;
    case 1: *label = "etag CRLF"; p->parts = parts_bad_etag; p->part_count = 1; return S3L_ERR_BAD_CHAR;
    case 2: *label = "part 0"; p->parts = parts_zero; p->part_count = 1; return S3L_ERR_RANGE;
    case 3: *label = "part 10001"; p->parts = parts_10001; p->part_count = 1; return S3L_ERR_RANGE;
    case 4: *label = "no parts"; p->part_count = 0; return S3L_ERR_ARG;
    case 5: *label = "NULL parts"; p->parts = NULL; return S3L_ERR_ARG;
    case 6: *label = "checksum type out of range"; p->checksum_type = (enum s3l_checksum_type)3; return S3L_ERR_ENUM;
    case 7: *label = "checksum value bad"; p->checksum_value = "sOO8/Q="; return S3L_ERR_BAD_BASE64;
    case 8: *label = "checksum value without algorithm"; p->checksum_algorithm = S3L_CHECKSUM_NONE; return S3L_ERR_ARG;
    case 9: *label = "If-None-Match LF"; p->if_none_match = "*\n"; return S3L_ERR_BAD_CHAR;
    case 10: *label = "If-Match CR"; p->if_match = "\"x\"\r"; return S3L_ERR_BAD_CHAR;
    default: return 1;
    }
}

static int mutate_none(void *vp, int i, const char **label)
{
    (void)vp;
    (void)i;
    (void)label;
    return 1;
}

static int mutate_luploads(void *vp, int i, const char **label)
{
    struct s3l_list_uploads_params *p = vp;
    switch (i) {
    case 0: *label = "encoding type out of range"; p->encoding_type = (enum s3l_encoding_type)2; return S3L_ERR_ENUM;
    case 1: *label = "prefix LF"; p->prefix = "a\nb"; return S3L_ERR_BAD_CHAR;
    case 2: *label = "delimiter CR"; p->delimiter = "\r"; return S3L_ERR_BAD_CHAR;
    case 3: *label = "key marker CR"; p->key_marker = "x\r"; return S3L_ERR_BAD_CHAR;
    case 4: *label = "upload id marker LF"; p->upload_id_marker = "\n"; return S3L_ERR_BAD_CHAR;
    case 5: *label = "virtual-hosted bucket with _"; p->bucket = "Bad_Bucket"; return 2; /* special */
    default: return 1;
    }
}

static int mutate_lobjects(void *vp, int i, const char **label)
{
    struct s3l_list_objects_params *p = vp;
    switch (i) {
    case 0: *label = "encoding type out of range"; p->encoding_type = (enum s3l_encoding_type)2; return S3L_ERR_ENUM;
    case 1: *label = "fetch-owner out of range"; p->fetch_owner = (enum s3l_bool)3; return S3L_ERR_ENUM;
    case 2: *label = "prefix LF"; p->prefix = "a\nb"; return S3L_ERR_BAD_CHAR;
    case 3: *label = "delimiter CR"; p->delimiter = "\r"; return S3L_ERR_BAD_CHAR;
    case 4: *label = "continuation token LF"; p->continuation_token = "t\n"; return S3L_ERR_BAD_CHAR;
    case 5: *label = "start-after CR"; p->start_after = "x\r"; return S3L_ERR_BAD_CHAR;
    case 6: *label = "optional attributes LF"; p->optional_object_attributes = "\n"; return S3L_ERR_BAD_CHAR;
    case 7: *label = "virtual-hosted bucket with _"; p->bucket = "Bad_Bucket"; return 2; /* special */
    default: return 1;
    }
}

static int mutate_delete(void *vp, int i, const char **label)
{
    struct s3l_delete_object_params *p = vp;
    switch (i) {
    case 0: *label = "bypass governance out of range"; p->bypass_governance_retention = (enum s3l_bool)3; return S3L_ERR_ENUM;
    case 1: *label = "MFA CRLF"; p->mfa = "a\r\nX: y"; return S3L_ERR_BAD_CHAR;
    case 2: *label = "version id LF"; p->version_id = "v\n"; return S3L_ERR_BAD_CHAR;
    case 3: *label = "If-Match CR"; p->if_match = "\r"; return S3L_ERR_BAD_CHAR;
    case 4: *label = "last-modified time bad"; p->if_match_last_modified_time = "yesterday"; return S3L_ERR_BAD_DATE;
    default: return 1;
    }
}

static int mutate_put(void *vp, int i, const char **label)
{
    struct s3l_put_object_params *p = vp;
    switch (i) {
    case 0: *label = "acl out of range"; p->attrs.acl = (enum s3l_acl)99; return S3L_ERR_ENUM;
    case 1: *label = "Content-MD5 bad"; p->content_md5 = "not base64 at all!!!!!!!"; return S3L_ERR_BAD_BASE64;
    case 2: *label = "checksum of CRC32 size for SHA256"; p->checksum_value = "AAAAAA=="; return S3L_ERR_BAD_BASE64;
    case 3: *label = "metadata over S3L_META_MAX"; p->attrs.metadata = big_meta; p->attrs.metadata_count = 2; return S3L_ERR_RANGE;
    case 4: *label = "If-Match LF"; p->if_match = "\n"; return S3L_ERR_BAD_CHAR;
    case 5: *label = "content type CR"; p->attrs.content_type = "a\rb"; return S3L_ERR_BAD_CHAR;
    case 6: *label = "expires bad"; p->attrs.expires = "2030-01-10"; return S3L_ERR_BAD_DATE;
    default: return 1;
    }
}

/* HeadObject and GetObject have the same fields: one body, two types. */
#define MUTATE_READ(fn, type)                                                              \
    static int fn(void *vp, int i, const char **label)                                     \
    {                                                                                      \
        type *p = vp;                                                                      \
        switch (i) {                                                                       \
        case 0: *label = "partNumber 10001"; p->part_number = 10001; return S3L_ERR_RANGE; \
        case 1: *label = "range CRLF"; p->range = "bytes=0-1\r\nX: y"; return S3L_ERR_BAD_CHAR; \
        case 2: *label = "If-Modified-Since bad"; p->if_modified_since = "yesterday";      \
            return S3L_ERR_BAD_DATE;                                                       \
        case 3: *label = "If-Unmodified-Since bad"; p->if_unmodified_since = "2030-01-10T00:04:06"; \
            return S3L_ERR_BAD_DATE;                                                       \
        case 4: *label = "version id LF"; p->version_id = "v\n"; return S3L_ERR_BAD_CHAR; \
        case 5: *label = "checksum mode out of range";                                     \
            p->checksum_mode = (enum s3l_checksum_mode)2; return S3L_ERR_ENUM;             \
        case 6: *label = "If-None-Match CR"; p->if_none_match = "\r"; return S3L_ERR_BAD_CHAR; \
        case 7: *label = "If-Match LF"; p->if_match = "\n"; return S3L_ERR_BAD_CHAR;      \
        default: return 1;                                                                 \
        }                                                                                  \
    }
MUTATE_READ(mutate_head, struct s3l_head_object_params)
MUTATE_READ(mutate_get, struct s3l_get_object_params)

static int mutate_bucket(void *vp, int i, const char **label)
{
    struct s3l_create_bucket_params *p = vp;
    switch (i) {
    case 0: *label = "object-only canned ACL"; p->acl = S3L_ACL_BUCKET_OWNER_FULL_CONTROL; return S3L_ERR_ENUM;
    case 1: *label = "acl out of range"; p->acl = (enum s3l_acl)8; return S3L_ERR_ENUM;
    case 2: *label = "ownership out of range"; p->object_ownership = (enum s3l_object_ownership)4; return S3L_ERR_ENUM;
    case 3: *label = "object lock out of range"; p->object_lock_enabled = (enum s3l_bool)3; return S3L_ERR_ENUM;
    case 4: *label = "bad location"; p->location_constraint = "eu west"; return S3L_ERR_ARG;
    case 5: *label = "grant LF"; p->grant_write = "id=\"1\"\n"; return S3L_ERR_BAD_CHAR;
    case 6: *label = "bad grant type"; p->grant_read = "user=\"1\""; return S3L_ERR_ENUM;
    default: return 1;
    }
}

struct badop {
    size_t op;           /* index in ops[] */
    size_t size;         /* params struct size */
    int (*mutate)(void *, int, const char **);
    int has_key, has_upload, has_ssec;
};

/* Fill the common-field pointers for the params in buf (a copy of an ops[] struct). */
static void target_of(size_t op, void *buf, struct target *t)
{
    memset(t, 0, sizeof *t);
#define T(type, u, s)                                                                      \
    do {                                                                                   \
        type *q = buf;                                                                     \
        t->bucket = &q->bucket;                                                            \
        t->payer = &q->request_payer;                                                      \
        t->owner = &q->expected_bucket_owner;                                              \
        u;                                                                                 \
        s;                                                                                 \
    } while (0)
#define K t->key = &q->key, t->key_len = &q->key_len
    switch (op) {
    case 0: T(struct s3l_create_mpu_params, K, t->sse_c = &q->sse_c); break;
    case 1: T(struct s3l_upload_part_params, (K, t->upload_id = &q->upload_id), t->sse_c = &q->sse_c); break;
    case 2: T(struct s3l_complete_mpu_params, (K, t->upload_id = &q->upload_id), t->sse_c = &q->sse_c); break;
    case 3: T(struct s3l_abort_mpu_params, (K, t->upload_id = &q->upload_id), (void)0); break;
    case 4: T(struct s3l_list_parts_params, (K, t->upload_id = &q->upload_id), t->sse_c = &q->sse_c); break;
    case 5: T(struct s3l_list_uploads_params, (void)0, (void)0); break;
    case 6: T(struct s3l_put_object_params, K, t->sse_c = &q->sse_c); break;
    case 7: T(struct s3l_head_object_params, K, t->sse_c = &q->sse_c); break;
    case 8: T(struct s3l_get_object_params, K, t->sse_c = &q->sse_c); break;
    case 10: T(struct s3l_list_objects_params, (void)0, (void)0); break;
    case 11: T(struct s3l_delete_object_params, K, (void)0); break;
    default: {
        struct s3l_create_bucket_params *q = buf;
        t->bucket = &q->bucket; /* CreateBucket has no payer, owner, key or SSE-C */
        break;
    }
    }
#undef T
#undef K
}

static void test_bad_inputs(void)
{
    static const struct badop bops[NOPS] = {
        {0, sizeof(struct s3l_create_mpu_params), mutate_create, 1, 0, 1},
        {1, sizeof(struct s3l_upload_part_params), mutate_part, 1, 1, 1},
        {2, sizeof(struct s3l_complete_mpu_params), mutate_complete, 1, 1, 1},
        {3, sizeof(struct s3l_abort_mpu_params), mutate_none, 1, 1, 0},
        {4, sizeof(struct s3l_list_parts_params), mutate_none, 1, 1, 1},
        {5, sizeof(struct s3l_list_uploads_params), mutate_luploads, 0, 0, 0},
        {6, sizeof(struct s3l_put_object_params), mutate_put, 1, 0, 1},
        {7, sizeof(struct s3l_head_object_params), mutate_head, 1, 0, 1},
        {8, sizeof(struct s3l_get_object_params), mutate_get, 1, 0, 1},
        {9, sizeof(struct s3l_create_bucket_params), mutate_bucket, 0, 0, 0},
        {10, sizeof(struct s3l_list_objects_params), mutate_lobjects, 0, 0, 0},
        {11, sizeof(struct s3l_delete_object_params), mutate_delete, 1, 0, 0}};
    size_t b;
    unsigned cases = 0;
    memset(long_key, 'k', S3L_KEY_MAX + 1);
    memset(big_value, 'v', sizeof big_value - 1);
    big_meta[0].name = "a";
    big_meta[0].value = big_value; /* 1 + 2047 = 2048: at the limit */
    big_meta[1].name = "b";
    big_meta[1].value = "";        /* + 1 = 2049 */
    for (b = 0; b < NOPS; b++) {
        const struct op *o = &ops[bops[b].op];
        union {
            struct s3l_create_mpu_params a;
            struct s3l_upload_part_params b;
            struct s3l_complete_mpu_params c;
            struct s3l_abort_mpu_params d;
            struct s3l_list_parts_params e;
            struct s3l_list_uploads_params f;
            struct s3l_put_object_params g;
            struct s3l_head_object_params h;
            struct s3l_get_object_params i;
            struct s3l_create_bucket_params j;
            struct s3l_list_objects_params k;
            struct s3l_delete_object_params l;
        } ub;
        void *buf = &ub;
        struct target t;
        int i, want;
        const char *label = NULL;
        char full[160];
        /* NULL arguments */
        {
            struct rig *r = malloc(sizeof *r);
            rig_init(r, 8192, MAXH);
            CHECK(o->fn(NULL, &r->arena, o->ep, o->params) == S3L_ERR_ARG);
            CHECK(o->fn(&r->req, NULL, o->ep, o->params) == S3L_ERR_ARG);
            CHECK(o->fn(&r->req, &r->arena, NULL, o->params) == S3L_ERR_ARG);
            CHECK(o->fn(&r->req, &r->arena, o->ep, NULL) == S3L_ERR_ARG);
            CHECK(r->arena.used == 0 && r->req.headers.count == 0);
            free(r);
        }
        /* host with CR/LF, empty host */
        {
            struct s3l_endpoint e = *o->ep;
            e.host = "h\r\nX-Evil: 1";
            snprintf(full, sizeof full, "%s: host with CRLF", o->golden);
            expect_fail(full, o->fn, &e, o->params, S3L_ERR_BAD_CHAR, 8192, MAXH);
            e.host = "";
            snprintf(full, sizeof full, "%s: empty host", o->golden);
            expect_fail(full, o->fn, &e, o->params, S3L_ERR_ARG, 8192, MAXH);
            cases += 2;
        }
        for (i = 0; i < 100; i++) {
            memcpy(buf, o->params, bops[b].size);
            target_of(bops[b].op, buf, &t);
            want = mutate_common(&t, i, &label);
            if (want == 1) break;
            if (want == 0) continue;
            snprintf(full, sizeof full, "%s: %s", o->golden, label);
            expect_fail(full, o->fn, o->ep, buf, want, 8192, MAXH);
            cases++;
        }
        for (i = 0; i < 100; i++) {
            const struct s3l_endpoint *e = o->ep;
            memcpy(buf, o->params, bops[b].size);
            want = bops[b].mutate(buf, i, &label);
            if (want == 1) break;
            if (want == 2) {
                e = &ep_virt;
                want = S3L_ERR_ARG;
            }
            snprintf(full, sizeof full, "%s: %s", o->golden, label);
            expect_fail(full, o->fn, e, buf, want, 8192, MAXH);
            cases++;
        }
        /* every arena size short of the need, every header capacity short of the need */
        {
            struct rig *r = malloc(sizeof *r);
            size_t need_a, need_h, cap;
            int rc;
            rig_init(r, 8192, MAXH);
            memcpy(r->mem, "pre", 3);
            r->arena.used = 3;
            rc = o->fn(&r->req, &r->arena, o->ep, o->params);
            need_a = r->arena.used;
            need_h = r->req.headers.count;
            free(r);
            CHECK(rc == S3L_OK);
            for (cap = 3; cap < need_a; cap++) {
                snprintf(full, sizeof full, "%s: arena cap %zu of %zu", o->golden, cap, need_a);
                expect_fail(full, o->fn, o->ep, o->params, S3L_ERR_BUF_TOO_SMALL, cap, MAXH);
                cases++;
            }
            for (cap = 1; cap < need_h + 1; cap++) {
                snprintf(full, sizeof full, "%s: header cap %zu of %zu", o->golden, cap, need_h + 1);
                expect_fail(full, o->fn, o->ep, o->params, S3L_ERR_TOO_MANY, 8192, cap);
                cases++;
            }
            /* exactly enough of both */
            r = malloc(sizeof *r);
            rig_init(r, need_a, need_h + 1);
            memcpy(r->mem, "pre", 3);
            r->arena.used = 3;
            r->req.headers.count = 1;
            r->hv[0] = (struct s3l_header){"X-Pre", 5, "1", 1};
            CHECKF(o->fn(&r->req, &r->arena, o->ep, o->params) == S3L_OK, "%s: exact fit", o->golden);
            CHECK(r->arena.used == need_a && r->req.headers.count == need_h + 1 && guards_ok(r));
            free(r);
        }
    }
    printf("bad-input cases: %u\n", cases);
}

/* ---- the SSE-C key is wiped from the arena when a later header fails ------------------- */

static void test_wipe_on_error(void)
{
    struct s3l_upload_part_params p;
    struct rig *r = malloc(sizeof *r);
    size_t i;
    int found = 0;
    full_upload_part(&p);
    p.expected_bucket_owner = "bad\n"; /* fails after the SSE-C key was written */
    rig_init(r, 8192, MAXH);
    CHECK(s3l_build_upload_part(&r->req, &r->arena, &ep_path, &p) == S3L_ERR_BAD_CHAR);
    for (i = 0; i + 8 <= 8192; i++) {
        if (memcmp(r->mem + i, "AAECAwQF", 8) == 0) found = 1;
    }
    CHECK(!found);
    free(r);
}

/* ---- the SSE-C key MD5 (core/sse_c.c) --------------------------------------------------- */

static void test_sse_c_key_md5(void)
{
    char out[S3L_SSE_C_KEY_MD5_LEN + 1];
    memset(out, 'x', sizeof out);
    CHECK_EQ_INT(s3l_sse_c_key_md5(ssec_key, sizeof ssec_key, out), S3L_OK);
    CHECK_EQ_STR(out, SSEC_MD5_B64); /* MD5 of the bytes 0..31, as S3's documentation tools give */
    CHECK_EQ_INT(s3l_sse_c_key_md5(ssec_key, 16, out), S3L_ERR_RANGE);
    CHECK_EQ_INT(s3l_sse_c_key_md5(NULL, 32, out), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_sse_c_key_md5(ssec_key, 32, NULL), S3L_ERR_ARG);
}

int main(void)
{
    size_t i;
    for (i = 0; i < sizeof ssec_key; i++) ssec_key[i] = (uint8_t)i;
    fill_all();
    fill_ops();
    test_golden();
    test_create_one_by_one();
    test_paths();
    test_dates();
    test_checked_strings();
    test_enums();
    test_complete_body();
    test_create_bucket_body();
    test_bad_inputs();
    test_wipe_on_error();
    test_sse_c_key_md5();
    return th_summary();
}
