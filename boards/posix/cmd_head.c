/* SPDX-License-Identifier: MIT */
/*
 * `s3lite head s3://bucket/key [--sse-c-key B64]`: HeadObject, every field S3 returned, one
 * "Name: value" per line (botocore's field names), then the user metadata.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/client.h"
#include "s3lite/hash.h"

static const char CMD[] = "head";

enum { O_SSE_C_KEY = 1, O_OWNER, O_PAYER, O_PART, O_VERSION, O_CHECKSUM_MODE };

static const struct s3l_cli_opt head_opts[] = {
    {"sse-c-key", O_SSE_C_KEY, 1},
    {"expected-bucket-owner", O_OWNER, 1},
    {"request-payer", O_PAYER, 1},
    {"part-number", O_PART, 1},
    {"version-id", O_VERSION, 1},
    {"checksum-mode", O_CHECKSUM_MODE, 0},
    S3L_CLI_COMMON_OPTS,
};

struct head_args {
    const char *sse_c_key;
    uint8_t key_raw[32];
    char key_md5[25];
    const char *owner;
    const char *version;
    uint32_t part;
    int payer;
    int checksum_mode;
};

static int head_opt(void *ctx, int id, const char *v, char *err, size_t cap)
{
    struct head_args *a = ctx;
    switch (id) {
    case O_SSE_C_KEY:
        a->sse_c_key = v;
        return s3l_cli_sse_c_key(v, a->key_raw, a->key_md5, err, cap);
    case O_OWNER:
        a->owner = v;
        return 0;
    case O_VERSION:
        a->version = v;
        return 0;
    case O_CHECKSUM_MODE:
        a->checksum_mode = 1;
        return 0;
    case O_PART: {
        unsigned long n = 0;
        const char *p = v;
        while (*p >= '0' && *p <= '9' && n <= 10000) n = n * 10 + (unsigned long)(*p++ - '0');
        if (p == v || *p != '\0' || n < 1 || n > 10000) {
            snprintf(err, cap, "--part-number '%s': want 1..10000", v);
            return -1;
        }
        a->part = (uint32_t)n;
        return 0;
    }
    default:
        if (strcmp(v, "requester") != 0) {
            snprintf(err, cap, "--request-payer '%s': want requester", v);
            return -1;
        }
        a->payer = 1;
        return 0;
    }
}

/* The metadata, kept until the other fields are printed. */
struct meta_buf {
    char *text;
    size_t len, cap;
};

static int on_meta(void *ctx, const char *name, size_t name_len, const char *value,
                   size_t value_len)
{
    struct meta_buf *m = ctx;
    size_t need = name_len + value_len + 6;
    if (m->len + need > m->cap) {
        size_t cap = (m->cap + need) * 2;
        char *t = realloc(m->text, cap);
        if (t == NULL) return S3L_ERR_IO;
        m->text = t;
        m->cap = cap;
    }
    m->len += (size_t)snprintf(m->text + m->len, m->cap - m->len, "  %.*s: %.*s\n",
                               (int)name_len, name, (int)value_len, value);
    return 0;
}

static void field(const char *name, const char *value)
{
    if (value != NULL && value[0] != '\0') printf("%s: %s\n", name, value);
}

int s3l_cmd_head(int argc, char **argv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct head_args a;
    struct s3l_cli_client *cc;
    struct s3l_head_object_params p;
    static struct s3l_head_object_result res;
    struct meta_buf meta;
    const char *u;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&a, 0, sizeof a);
    memset(&meta, 0, sizeof meta);
    rc = s3l_cli_parse_one_url(argc, argv, head_opts, sizeof head_opts / sizeof head_opts[0],
                               NULL, &conf, &u, head_opt, &a, err, sizeof err);
    if (rc == 1) {
        printf("usage: s3lite head s3://BUCKET/KEY [--sse-c-key B64] [--part-number N]\n"
               "       [--version-id V] [--checksum-mode] [--expected-bucket-owner ID]\n"
               "       [--request-payer requester]\n\n"
               "Prints the object's fields (HeadObject), one 'Name: value' a line, then its\n"
               "metadata under 'Metadata:'.\n\n%s",
               S3L_CLI_COMMON_HELP);
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(u, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && url.key_len == 0) {
        snprintf(err, sizeof err, "'%s': want s3://BUCKET/KEY", u);
        rc = -1;
    }
    if (rc != 0) {
        s3l_cli_errorf(CMD, "%s", err);
        s3l_wipe(a.key_raw, sizeof a.key_raw);
        return S3L_EXIT_USAGE;
    }
    cc = s3l_cli_client_new(&conf, &url, 0, err, sizeof err);
    if (cc == NULL) {
        s3l_cli_errorf(CMD, "%s", err);
        s3l_wipe(a.key_raw, sizeof a.key_raw);
        return S3L_EXIT_USAGE;
    }
    memset(&p, 0, sizeof p);
    p.bucket = cc->target.bucket;
    p.key = url.key;
    p.key_len = url.key_len;
    p.version_id = a.version;
    p.part_number = a.part;
    if (a.sse_c_key != NULL) {
        p.sse_c.algorithm = S3L_SSEC_AES256;
        p.sse_c.key = a.key_raw;
        p.sse_c.key_len = sizeof a.key_raw;
        p.sse_c.key_md5 = a.key_md5;
    }
    p.request_payer = a.payer ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
    p.expected_bucket_owner = a.owner;
    p.checksum_mode = a.checksum_mode ? S3L_CHECKSUM_MODE_ENABLED : S3L_CHECKSUM_MODE_NONE;
    memset(&res, 0, sizeof res);
    res.on_meta = on_meta;
    res.on_meta_ctx = &meta;
    rc = s3l_client_head_object(&cc->c, &p, &res, &cc->err);
    s3l_wipe(a.key_raw, sizeof a.key_raw);
    if (rc == S3L_OK && res.truncated != 0) {
        fprintf(stderr, "s3lite head: note: a field was longer than its storage and is cut\n");
    }
    if (rc != S3L_OK) {
        rc = s3l_cli_report(CMD, cc, rc, "HeadObject");
    } else {
        printf("Key: %s\n", url.key);
        printf("ContentLength: %llu\n", (unsigned long long)res.content_length);
        field("ETag", res.etag);
        field("LastModified", res.last_modified);
        field("ContentType", res.content_type);
        field("CacheControl", res.cache_control);
        field("ContentDisposition", res.content_disposition);
        field("ContentEncoding", res.content_encoding);
        field("ContentLanguage", res.content_language);
        field("ContentRange", res.content_range);
        field("Expires", res.expires);
        field("WebsiteRedirectLocation", res.website_redirect);
        field("StorageClass", res.storage_class);
        field("ObjectLockMode", res.lock_mode);
        field("ObjectLockRetainUntilDate", res.lock_retain_until);
        field("ObjectLockLegalHoldStatus", res.lock_legal_hold);
        field("ReplicationStatus", res.replication_status);
        field("Restore", res.restore);
        field("VersionId", res.version_id);
        field("Expiration", res.expiration);
        field("ChecksumType", res.checksum_type);
        field("ChecksumCRC32", res.checksums.crc32);
        field("ChecksumCRC32C", res.checksums.crc32c);
        field("ChecksumCRC64NVME", res.checksums.crc64nvme);
        field("ChecksumSHA1", res.checksums.sha1);
        field("ChecksumSHA256", res.checksums.sha256);
        field("ServerSideEncryption", res.sse.algorithm);
        field("SSECustomerAlgorithm", res.sse.customer_algorithm);
        field("SSECustomerKeyMD5", res.sse.customer_key_md5);
        field("SSEKMSKeyId", res.sse.kms_key_id);
        field("SSEKMSEncryptionContext", res.sse.kms_context);
        if (res.sse.bucket_key_enabled) printf("BucketKeyEnabled: true\n");
        if (res.parts_count != 0) printf("PartsCount: %u\n", (unsigned)res.parts_count);
        if (res.tag_count != 0) printf("TagCount: %u\n", (unsigned)res.tag_count);
        if (res.delete_marker) printf("DeleteMarker: true\n");
        field("RequestCharged", res.request_charged);
        if (meta.len > 0) printf("Metadata:\n%.*s", (int)meta.len, meta.text);
        rc = S3L_EXIT_OK;
    }
    free(meta.text);
    fflush(stdout);
    s3l_cli_client_free(cc);
    return rc;
}
