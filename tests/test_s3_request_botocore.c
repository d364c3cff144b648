/* SPDX-License-Identifier: MIT */
/*
 * The request builders against botocore: each case is built here by s3lite (builder +
 * core/sigv4.c at the fixed time 20130524T000000Z, S3 docs credentials) and by botocore
 * from the same parameters (tests/s3req_botocore.py: its own serialiser and signer, nothing
 * sent). The canonical request, the body's SHA-256 and the Authorization value must match
 * byte for byte. Cases botocore 1.29 cannot build (newer parameters) are SKIPs with the
 * reason; no /usr/bin/python3 or no botocore: every case is a visible SKIP.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/checksum.h"
#include "s3lite/hash.h"
#include "s3lite/s3_request.h"
#include "s3lite/sigv4.h"
#include "s3lite/uri.h"
#include "util_trace.h"
#include "util_s3req.h"

#define PYTHON "/usr/bin/python3"
#define SCRIPT "tests/s3req_botocore.py"

static const struct s3l_endpoint ep_path = {"127.0.0.1:7480", 0};
static const struct s3l_endpoint ep_virt = {"s3.us-east-1.amazonaws.com", 1};
static const struct s3l_endpoint ep_docs = {"s3.amazonaws.com", 1};

static uint8_t ssec_key[32];

static void set_ssec(struct s3l_sse_c *c)
{
    static char md5[S3L_SSE_C_KEY_MD5_LEN + 1];
    c->algorithm = S3L_SSEC_AES256;
    c->key = ssec_key;
    c->key_len = sizeof ssec_key;
    c->key_md5 = s3l_sse_c_key_md5(ssec_key, sizeof ssec_key, md5) == S3L_OK ? md5 : NULL;
}

/* ---- the cases: the same values as CASES in tests/s3req_botocore.py ------------------- */

enum body { B_EMPTY, B_HELLO, B_COMPLETE, B_BUCKET };

static const struct s3l_meta photo_meta[] = {{"camera", "Nikon D850"}, {"location", "Mont Blanc"}};
static const struct s3l_meta put_meta[] = {{"a", "z"}};
static const struct s3l_complete_part golden_parts[] = {
    {1, "\"a54357aff0632cce46d942af68356b38\"", "AAAAAA=="},
    {2, "\"a&b<c>d\"", "NhCmhg=="},
    {10000, "\"acbd18db4cc2f85cedef654fccc4a4d8\"", NULL}};
static const struct s3l_complete_part one_part[] = {{1, "\"e\"", NULL}};

static struct {
    struct s3l_create_mpu_params create_min, create_all, create_checksum_type, create_dsse;
    struct s3l_upload_part_params part, part_min;
    struct s3l_complete_mpu_params complete, complete_sse_c, complete_new;
    struct s3l_abort_mpu_params abort_;
    struct s3l_list_parts_params lparts, lparts_sse_c;
    struct s3l_list_uploads_params luploads, luploads_payer;
    struct s3l_list_objects_params lobjects, lobjects_min, lobjects_attrs;
    struct s3l_delete_object_params delete_, delete_min, delete_cond;
    struct s3l_put_object_params put_all, put_cond, put_append;
    struct s3l_head_object_params head;
    struct s3l_get_object_params get_docs, get_chars;
    struct s3l_create_bucket_params bucket, bucket_min;
} P;

static void fill(void)
{
    memset(&P, 0, sizeof P);
    P.create_min.bucket = "examplebucket";
    P.create_min.key = "largeobject";

    {
        struct s3l_create_mpu_params *p = &P.create_all;
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
        p->attrs.grant_read =
            "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\", id=\"111122223333\"";
        p->attrs.grant_read_acp = "emailAddress=\"xyz@amazon.com\"";
        p->attrs.grant_write_acp = "id=\"444455556666\"";
        p->attrs.metadata = photo_meta;
        p->attrs.metadata_count = 2;
        p->attrs.sse = S3L_SSE_AWS_KMS;
        p->attrs.storage_class = S3L_STORAGE_STANDARD_IA;
        p->attrs.website_redirect_location = "/other/page.html";
        set_ssec(&p->sse_c);
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
    }
    P.create_checksum_type.bucket = "examplebucket";
    P.create_checksum_type.key = "largeobject";
    P.create_checksum_type.checksum_algorithm = S3L_CHECKSUM_CRC64NVME;
    P.create_checksum_type.checksum_type = S3L_CHECKSUM_FULL_OBJECT;
    P.create_dsse.bucket = "examplebucket";
    P.create_dsse.key = "largeobject";
    P.create_dsse.attrs.sse = S3L_SSE_AWS_KMS_DSSE;
    P.create_dsse.attrs.storage_class = S3L_STORAGE_EXPRESS_ONEZONE;

    P.part.bucket = "examplebucket";
    P.part.key = "large object.bin";
    P.part.part_number = 7;
    P.part.upload_id = "VXBsb2FkIElE+my.movie~m2ts/upload=";
    P.part.content_length = 5;
    P.part.content_md5 = "XUFAKrxLKna5cZ2REBfFkg==";
    P.part.checksum_algorithm = S3L_CHECKSUM_CRC32;
    P.part.checksum_value = "NhCmhg==";
    set_ssec(&P.part.sse_c);
    P.part.request_payer = S3L_PAYER_REQUESTER;
    P.part.expected_bucket_owner = "111122223333";
    P.part_min.bucket = "examplebucket";
    P.part_min.key = "k";
    P.part_min.part_number = 10000;
    P.part_min.upload_id = "u";
    P.part_min.content_length = 5;
    P.part_min.content_md5 = "XUFAKrxLKna5cZ2REBfFkg==";

    P.complete.bucket = "examplebucket";
    P.complete.key = "a/b.txt";
    P.complete.upload_id = "2~abc_DEF-ghi.jkl";
    P.complete.parts = golden_parts;
    P.complete.part_count = 3;
    P.complete.checksum_algorithm = S3L_CHECKSUM_CRC32;
    P.complete.checksum_value = "sOO8/Q==";
    P.complete.request_payer = S3L_PAYER_REQUESTER;
    P.complete.expected_bucket_owner = "111122223333";
    P.complete_sse_c.bucket = "examplebucket";
    P.complete_sse_c.key = "a/b.txt";
    P.complete_sse_c.upload_id = "u";
    P.complete_sse_c.parts = one_part;
    P.complete_sse_c.part_count = 1;
    set_ssec(&P.complete_sse_c.sse_c);
    P.complete_new = P.complete_sse_c;
    memset(&P.complete_new.sse_c, 0, sizeof P.complete_new.sse_c);
    P.complete_new.checksum_type = S3L_CHECKSUM_COMPOSITE;
    P.complete_new.mpu_object_size = 15728640;
    P.complete_new.if_none_match = "*";

    P.abort_.bucket = "examplebucket";
    P.abort_.key = "largeobject";
    P.abort_.upload_id = "xyz+1";
    P.abort_.request_payer = S3L_PAYER_REQUESTER;
    P.abort_.expected_bucket_owner = "111122223333";

    P.lparts.bucket = "examplebucket";
    P.lparts.key = "largeobject";
    P.lparts.upload_id = "xyz";
    P.lparts.max_parts = 100;
    P.lparts.part_number_marker = 5;
    P.lparts.request_payer = S3L_PAYER_REQUESTER;
    P.lparts.expected_bucket_owner = "111122223333";
    P.lparts_sse_c.bucket = "examplebucket";
    P.lparts_sse_c.key = "largeobject";
    P.lparts_sse_c.upload_id = "xyz";
    set_ssec(&P.lparts_sse_c.sse_c);

    P.luploads.bucket = "examplebucket";
    P.luploads.delimiter = "/";
    P.luploads.encoding_type = S3L_ENCODING_URL;
    P.luploads.key_marker = "photos/2026 a";
    P.luploads.max_uploads = 50;
    P.luploads.prefix = "photos/";
    P.luploads.upload_id_marker = "abc~def";
    P.luploads.expected_bucket_owner = "111122223333";
    P.luploads_payer.bucket = "examplebucket";
    P.luploads_payer.request_payer = S3L_PAYER_REQUESTER;

    {
        struct s3l_put_object_params *p = &P.put_all;
        p->bucket = "examplebucket";
        p->key = "test$file.text";
        p->content_length = 5;
        p->attrs.acl = S3L_ACL_PUBLIC_READ;
        p->attrs.cache_control = "no-cache";
        p->attrs.content_disposition = "inline";
        p->attrs.content_encoding = "identity";
        p->attrs.content_language = "fr";
        p->attrs.content_type = "text/plain; charset=utf-8";
        p->attrs.expires = "951825600";
        p->attrs.grant_full_control = "id=\"111122223333\"";
        p->attrs.grant_read = "uri=http://acs.amazonaws.com/groups/global/AllUsers";
        p->attrs.grant_read_acp = "id=\"111122223333\"";
        p->attrs.grant_write_acp = "id=\"111122223333\"";
        p->attrs.metadata = put_meta;
        p->attrs.metadata_count = 1;
        p->attrs.sse = S3L_SSE_AES256;
        p->attrs.storage_class = S3L_STORAGE_REDUCED_REDUNDANCY;
        p->attrs.website_redirect_location = "https://example.com/";
        set_ssec(&p->sse_c);
        p->attrs.sse_kms_key_id = "alias/my-key";
        p->attrs.sse_kms_context = "eyJhIjoiYiJ9";
        p->attrs.bucket_key_enabled = S3L_BOOL_FALSE;
        p->request_payer = S3L_PAYER_REQUESTER;
        p->attrs.tagging = "k=v";
        p->attrs.object_lock_mode = S3L_LOCK_COMPLIANCE;
        p->attrs.object_lock_retain_until = "2024-02-29T23:59:59Z";
        p->attrs.object_lock_legal_hold = S3L_HOLD_OFF;
        p->expected_bucket_owner = "111122223333";
        p->content_md5 = "XUFAKrxLKna5cZ2REBfFkg==";
        p->checksum_algorithm = S3L_CHECKSUM_SHA256;
        p->checksum_value = "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=";
    }
    P.put_cond.bucket = "examplebucket";
    P.put_cond.key = "k";
    P.put_cond.content_length = 5;
    P.put_cond.content_md5 = "XUFAKrxLKna5cZ2REBfFkg==";
    P.put_cond.if_match = "\"abc\"";
    P.put_cond.if_none_match = "*";
    P.put_append.bucket = "examplebucket";
    P.put_append.key = "log";
    P.put_append.content_length = 5;
    P.put_append.write_offset_bytes = 1048576;

    P.head.bucket = "examplebucket";
    P.head.key = "photos/x.jpg";
    P.head.version_id = "3/L4kqtJlcpXroDTDmJ+rmsr";
    P.head.part_number = 1;
    P.head.if_match = "\"a54357aff0632cce46d942af68356b38\"";
    P.head.if_modified_since = "0";
    P.head.if_none_match = "\"00000000000000000000000000000000\"";
    P.head.if_unmodified_since = "2100-03-01T00:00:00Z";
    P.head.range = "bytes=0-1023";
    set_ssec(&P.head.sse_c);
    P.head.request_payer = S3L_PAYER_REQUESTER;
    P.head.expected_bucket_owner = "111122223333";
    P.head.checksum_mode = S3L_CHECKSUM_MODE_ENABLED;

    P.get_docs.bucket = "examplebucket";
    P.get_docs.key = "test.txt";
    P.get_docs.range = "bytes=0-9";
    P.get_chars.bucket = "examplebucket";
    P.get_chars.key = "dir/sp ace+plus=eq&amp?q#h%p/\xc3\xa9t\xc3\xa9/$!'()*,;:@[]~";

    P.bucket.bucket = "newbucket";
    P.bucket.acl = S3L_ACL_PRIVATE;
    P.bucket.grant_full_control = "id=\"111122223333\"";
    P.bucket.grant_read = "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"";
    P.bucket.grant_read_acp = "id=\"111122223333\"";
    P.bucket.grant_write = "id=\"444455556666\"";
    P.bucket.grant_write_acp = "emailAddress=\"xyz@amazon.com\"";
    P.bucket.object_lock_enabled = S3L_BOOL_TRUE;
    P.bucket.object_ownership = S3L_OWNERSHIP_BUCKET_OWNER_ENFORCED;
    P.bucket.location_constraint = "eu-west-1";
    P.bucket_min.bucket = "newbucket";

    P.lobjects.bucket = "examplebucket";
    P.lobjects.continuation_token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";
    P.lobjects.delimiter = "/";
    P.lobjects.encoding_type = S3L_ENCODING_URL;
    P.lobjects.fetch_owner = S3L_BOOL_TRUE;
    P.lobjects.max_keys = 2;
    P.lobjects.prefix = "photos/2026 a+b";
    P.lobjects.start_after = "photos/2026 b.jpg";
    P.lobjects.request_payer = S3L_PAYER_REQUESTER;
    P.lobjects.expected_bucket_owner = "111122223333";
    P.lobjects_min.bucket = "examplebucket";
    P.lobjects_min.fetch_owner = S3L_BOOL_FALSE;
    P.lobjects_min.encoding_type = S3L_ENCODING_URL; /* botocore always sends it */
    P.lobjects_attrs.bucket = "examplebucket";
    P.lobjects_attrs.optional_object_attributes = "RestoreStatus";
    P.lobjects_attrs.encoding_type = S3L_ENCODING_URL;

    P.delete_.bucket = "examplebucket";
    P.delete_.key = "my photos/a+b.jpg";
    P.delete_.version_id = "UIORUnfndfiufdisojhr398493jfdkjFJjkndnqUifhnw89493jJFJ";
    P.delete_.mfa = "arn:aws:iam::123456789012:mfa/user 123456";
    P.delete_.bypass_governance_retention = S3L_BOOL_TRUE;
    P.delete_.request_payer = S3L_PAYER_REQUESTER;
    P.delete_.expected_bucket_owner = "111122223333";
    P.delete_min.bucket = "examplebucket";
    P.delete_min.key = "k";
    P.delete_cond.bucket = "examplebucket";
    P.delete_cond.key = "k";
    P.delete_cond.if_match = "\"a54357aff0632cce46d942af68356b38\"";
    P.delete_cond.if_match_last_modified_time = "1795595400"; /* 2026-11-25T08:30:00Z */
    P.delete_cond.if_match_size = 1048576;
}

struct bcase {
    const char *name;
    build_fn fn;
    const void *p;
    const struct s3l_endpoint *ep;
    enum body body;
};

static const struct bcase cases[] = {
    {"create_min", b_create, &P.create_min, &ep_path, B_EMPTY},
    {"create_all", b_create, &P.create_all, &ep_virt, B_EMPTY},
    {"create_checksum_type", b_create, &P.create_checksum_type, &ep_path, B_EMPTY},
    {"create_dsse_express", b_create, &P.create_dsse, &ep_path, B_EMPTY},
    {"upload_part", b_part, &P.part, &ep_path, B_HELLO},
    {"upload_part_min", b_part, &P.part_min, &ep_path, B_HELLO},
    {"complete", b_complete, &P.complete, &ep_path, B_COMPLETE},
    {"complete_sse_c", b_complete, &P.complete_sse_c, &ep_path, B_COMPLETE},
    {"complete_new", b_complete, &P.complete_new, &ep_path, B_COMPLETE},
    {"abort", b_abort, &P.abort_, &ep_path, B_EMPTY},
    {"list_parts", b_lparts, &P.lparts, &ep_path, B_EMPTY},
    {"list_parts_sse_c", b_lparts, &P.lparts_sse_c, &ep_path, B_EMPTY},
    {"list_uploads", b_luploads, &P.luploads, &ep_path, B_EMPTY},
    {"list_uploads_payer", b_luploads, &P.luploads_payer, &ep_virt, B_EMPTY},
    {"put_all", b_put, &P.put_all, &ep_path, B_HELLO},
    {"put_conditional", b_put, &P.put_cond, &ep_path, B_HELLO},
    {"put_append", b_put, &P.put_append, &ep_path, B_HELLO},
    {"head", b_head, &P.head, &ep_path, B_EMPTY},
    {"get_docs", b_get, &P.get_docs, &ep_docs, B_EMPTY},
    {"get_key_chars", b_get, &P.get_chars, &ep_path, B_EMPTY},
    {"create_bucket", b_bucket, &P.bucket, &ep_path, B_BUCKET},
    {"create_bucket_min", b_bucket, &P.bucket_min, &ep_virt, B_EMPTY},
    {"list_objects", b_lobjects, &P.lobjects, &ep_path, B_EMPTY},
    {"list_objects_min", b_lobjects, &P.lobjects_min, &ep_virt, B_EMPTY},
    {"list_objects_attrs", b_lobjects, &P.lobjects_attrs, &ep_path, B_EMPTY},
    {"delete", b_delete, &P.delete_, &ep_path, B_EMPTY},
    {"delete_min", b_delete, &P.delete_min, &ep_virt, B_EMPTY},
    {"delete_conditional", b_delete, &P.delete_cond, &ep_path, B_EMPTY},
};
#define NCASES (sizeof cases / sizeof cases[0])

/* ---- botocore's answers ------------------------------------------------------------------- */

struct answer {
    char *skip;  /* reason, or NULL */
    char *creq;  /* decoded canonical request */
    char *body;  /* hex SHA-256 */
    char *auth;
};

static struct answer answers[NCASES];

static char *dup_line(const char *s)
{
    size_t n = strcspn(s, "\n");
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Run the oracle once; returns NULL when it could not run, else its whole output. */
static char *run_oracle(void)
{
    FILE *f, *p;
    size_t cap = 1 << 20, n = 0, k;
    char *out;
    f = fopen(SCRIPT, "r");
    if (f == NULL) return NULL;
    fclose(f);
    f = fopen(PYTHON, "r");
    if (f == NULL) return NULL;
    fclose(f);
    p = popen(PYTHON " " SCRIPT " 2>&1", "r");
    if (p == NULL) return NULL;
    out = malloc(cap + 1);
    while ((k = fread(out + n, 1, cap - n, p)) > 0) n += k;
    out[n] = '\0';
    pclose(p);
    return out;
}

static void parse_answers(const char *out)
{
    const char *s = out;
    while ((s = strstr(s, "CASE ")) != NULL) {
        size_t i, nl = strcspn(s + 5, "\n");
        const char *line;
        for (i = 0; i < NCASES; i++) {
            if (strlen(cases[i].name) == nl && memcmp(s + 5, cases[i].name, nl) == 0) break;
        }
        s += 5 + nl;
        if (*s == '\n') s++;
        for (line = s; strncmp(line, "END", 3) != 0 && *line != '\0';) {
            if (i < NCASES) {
                struct answer *a = &answers[i];
                if (strncmp(line, "SKIP ", 5) == 0) a->skip = dup_line(line + 5);
                if (strncmp(line, "ERROR ", 6) == 0) a->skip = dup_line(line); /* checked below */
                if (strncmp(line, "BODY ", 5) == 0) a->body = dup_line(line + 5);
                if (strncmp(line, "AUTH ", 5) == 0) a->auth = dup_line(line + 5);
                if (strncmp(line, "CREQ ", 5) == 0) {
                    size_t len = strcspn(line + 5, "\n"), dn = 0;
                    a->creq = malloc(len + 1);
                    if (s3l_base64_decode(line + 5, len, (uint8_t *)a->creq, len, &dn) != S3L_OK) dn = 0;
                    a->creq[dn] = '\0';
                }
            }
            line += strcspn(line, "\n");
            if (*line == '\n') line++;
        }
        s = line;
    }
}

/* ---- s3lite's side ------------------------------------------------------------------------ */

/* Hex SHA-256 of the case's body (streamed through the builders' writers). */
static int body_hash(const struct bcase *c, char hex[65])
{
    uint8_t d[32];
    s3l_sha256_ctx h;
    if (s3l_sha256_start(&h) != 0) return -1;
    if (c->body == B_HELLO) {
        s3l_sha256_update(&h, "hello", 5);
    } else if (c->body == B_COMPLETE) {
        const struct s3l_complete_mpu_params *p = c->p;
        struct s3l_complete_body w;
        uint8_t buf[7]; /* odd size: the hash must not depend on the read size */
        long r;
        if (s3l_complete_body_init(&w, p->parts, p->part_count, p->checksum_algorithm) != 0) return -1;
        while ((r = s3l_complete_body_read(&w, buf, sizeof buf)) > 0) s3l_sha256_update(&h, buf, (size_t)r);
    } else if (c->body == B_BUCKET) {
        char b[512];
        size_t n = 0;
        if (s3l_create_bucket_body(c->p, b, sizeof b, &n) != 0) return -1;
        s3l_sha256_update(&h, b, n);
    }
    s3l_sha256_finish(&h, d);
    s3l_hex_lower(d, 32, hex);
    hex[64] = '\0';
    return 0;
}

static void run_case(size_t i)
{
    const struct bcase *c = &cases[i];
    const struct answer *a = &answers[i];
    static const struct s3l_credentials creds = {
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};
    struct s3l_header hv[64];
    char mem[8192], authz[1024], hex[65], why[256];
    struct s3l_arena arena = {mem, sizeof mem, 0};
    struct s3l_request req;
    struct s3l_sigv4 sig;
    struct s3l_sigv4_request sr;
    struct cap *t = calloc(1, sizeof *t);
    int rc;
    memset(&req, 0, sizeof req);
    req.headers.items = hv;
    req.headers.cap = 64;
    rc = c->fn(&req, &arena, c->ep, c->p);
    CHECKF(rc == S3L_OK, "%s: build %d", c->name, rc);
    if (a->skip != NULL && strncmp(a->skip, "ERROR", 5) != 0) {
        snprintf(why, sizeof why, "%s: %s", c->name, a->skip);
        SKIP(1, why);
        free(t);
        return;
    }
    CHECKF(a->auth != NULL && a->creq != NULL && a->body != NULL, "%s: no answer from botocore (%s)",
           c->name, a->skip != NULL ? a->skip : "missing");
    if (rc != S3L_OK || a->auth == NULL || a->creq == NULL || a->body == NULL) {
        free(t);
        return;
    }
    CHECK(body_hash(c, hex) == 0);
    CHECKF(strcmp(hex, a->body) == 0, "%s: body sha256 %s, botocore %s", c->name, hex, a->body);
    CHECK(s3l_sigv4_init(&sig, &creds, "us-east-1", "s3") == S3L_OK);
    CHECK(s3l_sigv4_set_time(&sig, "20130524T000000Z") == S3L_OK);
    sig.trace = cap_trace;
    sig.trace_ctx = t;
    sr.method = req.method;
    sr.path = req.path;
    sr.path_len = req.path_len;
    sr.query = req.query;
    sr.query_len = req.query_len;
    sr.headers = &req.headers;
    sr.payload_hash = hex;
    rc = s3l_sigv4_sign_headers(&sig, &sr, authz, sizeof authz);
    s3l_sigv4_wipe(&sig);
    CHECKF(rc == S3L_OK, "%s: sign %d", c->name, rc);
    CHECKF(strcmp(t->buf[0], a->creq) == 0, "%s: canonical request differs\n--- s3lite\n%s\n--- botocore\n%s",
           c->name, t->buf[0], a->creq);
    CHECKF(rc == S3L_OK && strcmp(authz, a->auth) == 0, "%s: Authorization\n  s3lite   %s\n  botocore %s",
           c->name, authz, a->auth);
    free(t);
}

int main(void)
{
    size_t i;
    char *out;
    for (i = 0; i < sizeof ssec_key; i++) ssec_key[i] = (uint8_t)i;
    fill();
    out = run_oracle();
    if (out == NULL || strstr(out, "NOBOTOCORE") != NULL || strstr(out, "CASE ") == NULL) {
        char why[512];
        snprintf(why, sizeof why, "botocore oracle unavailable (%s %s): %.300s", PYTHON, SCRIPT,
                 out != NULL ? out : "not found");
        SKIP(NCASES, why);
        free(out);
        return th_summary();
    }
    parse_answers(out);
    free(out);
    for (i = 0; i < NCASES; i++) run_case(i);
    for (i = 0; i < NCASES; i++) {
        free(answers[i].skip);
        free(answers[i].creq);
        free(answers[i].body);
        free(answers[i].auth);
    }
    return th_summary();
}
