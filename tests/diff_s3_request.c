/* SPDX-License-Identifier: MIT */
/*
 * Differential check of the request builders (tests/mk/diff_tables.mk, make diff-tables): the same
 * random builds as tests/test_s3_request_random.c (the value pools and generator of
 * tests/s3req_random.h, which compiles against an older tree's headers too), each written as
 * one line: the operation, the result, and on success every byte of the request (method, path,
 * query, headers, body length, arena bytes used) and of CreateBucket's and
 * CompleteMultipartUpload's bodies. Built once against the base revision's core and once against this tree's, the two
 * outputs must be identical. Usage: diff_s3_request [COUNT] > lines
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "s3req_random.h"

typedef int (*build_fn)(struct s3l_request *, struct s3l_arena *, const struct s3l_endpoint *,
                        const void *);

/* ---- one build, one line ------------------------------------------------------------------ */

static void bytes(const char *tag, const char *p, size_t n)
{
    size_t i;
    printf(" %s=", tag);
    if (p == NULL) {
        printf("(null)");
        return;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x21 || c > 0x7e || c == '\\') printf("\\%02x", c);
        else putchar(c);
    }
}

static unsigned long n_builds, n_ok;

static void one(const char *op, build_fn fn, const struct s3l_endpoint *ep, const void *p)
{
    static char mem[4096];
    static struct s3l_header hv[48];
    struct s3l_arena arena;
    struct s3l_request req;
    size_t cap = rnd(3) != 0 ? sizeof mem : 1 + rnd(400), hcap = rnd(3) != 0 ? 48 : 1 + rnd(30), i;
    int rc;
    memset(mem, 0x5a, sizeof mem);
    memset(&req, 0, sizeof req);
    arena.buf = mem;
    arena.cap = cap;
    arena.used = rnd(4) == 0 ? rnd(8) : 0;
    if (arena.used > cap) arena.used = cap;
    req.headers.items = hv;
    req.headers.cap = hcap;
    req.headers.count = 0;
    rc = fn(&req, &arena, ep, p);
    n_builds++;
    printf("%lu %s rc=%d used=%zu count=%zu", n_builds, op, rc, arena.used, req.headers.count);
    if (rc == S3L_OK) {
        n_ok++;
        printf(" %s", req.method);
        bytes("path", req.path, req.path_len);
        bytes("query", req.query, req.query_len);
        for (i = 0; i < req.headers.count; i++) {
            bytes("h", hv[i].name, hv[i].name_len);
            bytes("v", hv[i].value, hv[i].value_len);
        }
        printf(" body=%llu/%u", (unsigned long long)req.body_len, req.has_body);
        bytes("arena", mem, arena.used);
    }
    putchar('\n');
}

static void complete_body(const struct s3l_complete_mpu_params *p)
{
    static uint8_t b[16384];
    struct s3l_complete_body w;
    size_t n = 0;
    long k;
    int rc = s3l_complete_body_init(&w, p->parts, p->part_count, p->checksum_algorithm);
    printf("complete_body rc=%d", rc);
    if (rc == S3L_OK) {
        while ((k = s3l_complete_body_read(&w, b + n, 1 + rnd(60))) > 0 && n < sizeof b - 64) n += (size_t)k;
        printf(" len=%llu", (unsigned long long)s3l_complete_body_len(&w));
        bytes("body", (const char *)b, n);
    }
    putchar('\n');
}

static void bucket_body(const struct s3l_create_bucket_params *p)
{
    char b[256];
    size_t n = 0;
    int rc = s3l_create_bucket_body(p, b, sizeof b, &n);
    printf("bucket_body rc=%d len=%zu", rc, n);
    if (rc == S3L_OK) bytes("body", b, n);
    putchar('\n');
}

#define WRAP(name, fn, type)                                                               \
    static int name(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, \
                    const void *p)                                                         \
    {                                                                                      \
        return fn(r, a, e, (const type *)p);                                               \
    }
WRAP(b_create, s3l_build_create_mpu, struct s3l_create_mpu_params)
WRAP(b_part, s3l_build_upload_part, struct s3l_upload_part_params)
WRAP(b_complete, s3l_build_complete_mpu, struct s3l_complete_mpu_params)
WRAP(b_abort, s3l_build_abort_mpu, struct s3l_abort_mpu_params)
WRAP(b_lparts, s3l_build_list_parts, struct s3l_list_parts_params)
WRAP(b_luploads, s3l_build_list_uploads, struct s3l_list_uploads_params)
WRAP(b_put, s3l_build_put_object, struct s3l_put_object_params)
WRAP(b_head, s3l_build_head_object, struct s3l_head_object_params)
WRAP(b_get, s3l_build_get_object, struct s3l_get_object_params)
WRAP(b_bucket, s3l_build_create_bucket, struct s3l_create_bucket_params)

int main(int argc, char **argv)
{
    unsigned long it, count = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    memset(long_key, 'k', S3L_KEY_MAX + 1);
    for (it = 0; it < count; it++) {
        struct s3l_endpoint ep;
        static const char *const hosts[] = {"127.0.0.1:7480", "s3.us-east-1.amazonaws.com", "", "h\r\n"};
        clean = (int)rnd(2);
        ep.host = PICK(hosts, 2);
        ep.virtual_hosted = rnd(2);
        switch (rnd(9)) {
        case 0: {
            struct s3l_create_mpu_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            rattrs(&p.attrs);
            rssec(&p.sse_c);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            p.checksum_algorithm = (enum s3l_checksum_alg)renum(5);
            p.checksum_type = (enum s3l_checksum_type)renum(2);
            one("create_mpu", b_create, &ep, &p);
            break;
        }
        case 1: {
            struct s3l_upload_part_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            p.upload_id = PICK(uploads, 2);
            p.part_number = rpart();
            p.content_length = rnd(100000);
            p.content_md5 = PICK(b64s, 3);
            p.checksum_algorithm = (enum s3l_checksum_alg)renum(5);
            p.checksum_value = PICK(b64s, 6);
            rssec(&p.sse_c);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            one("upload_part", b_part, &ep, &p);
            break;
        }
        case 2: {
            struct s3l_complete_mpu_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            p.upload_id = PICK(uploads, 2);
            rparts(&p.parts, &p.part_count);
            p.checksum_algorithm = (enum s3l_checksum_alg)renum(5);
            p.checksum_value = PICK(b64s, 6);
            p.checksum_type = (enum s3l_checksum_type)renum(2);
            p.mpu_object_size = rnd(2) != 0 ? 0 : rnd(3) != 0 ? rnd(1000000) : UINT64_MAX;
            rssec(&p.sse_c);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            p.if_match = PICK(strs, 14);
            p.if_none_match = PICK(strs, 14);
            one("complete_mpu", b_complete, &ep, &p);
            complete_body(&p);
            break;
        }
        case 3: {
            struct s3l_abort_mpu_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            p.upload_id = PICK(uploads, 2);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            one("abort_mpu", b_abort, &ep, &p);
            break;
        }
        case 4: {
            struct s3l_list_parts_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            p.upload_id = PICK(uploads, 2);
            p.max_parts = rnd(2) != 0 ? 0 : rpart();
            p.part_number_marker = rnd(2) != 0 ? 0 : rpart();
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            rssec(&p.sse_c);
            one("list_parts", b_lparts, &ep, &p);
            break;
        }
        case 5: {
            struct s3l_list_uploads_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, NULL, NULL);
            p.delimiter = PICK(strs, 14);
            p.encoding_type = (enum s3l_encoding_type)renum(1);
            p.key_marker = PICK(strs, 14);
            p.max_uploads = rnd(2) != 0 ? 0 : rpart();
            p.prefix = PICK(strs, 14);
            p.upload_id_marker = PICK(strs, 14);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            one("list_uploads", b_luploads, &ep, &p);
            break;
        }
        case 6: {
            struct s3l_put_object_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            rattrs(&p.attrs);
            rssec(&p.sse_c);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            p.content_length = rnd(100000);
            p.content_md5 = PICK(b64s, 3);
            p.checksum_algorithm = (enum s3l_checksum_alg)renum(5);
            p.checksum_value = PICK(b64s, 6);
            p.if_match = PICK(strs, 14);
            p.if_none_match = PICK(strs, 14);
            one("put_object", b_put, &ep, &p);
            break;
        }
        case 7: {
            struct s3l_head_object_params p;
            struct s3l_get_object_params g;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            p.version_id = PICK(strs, 14);
            p.part_number = rnd(2) != 0 ? 0 : rpart();
            p.if_match = PICK(strs, 14);
            p.if_modified_since = PICK(dates, 10);
            p.if_none_match = PICK(strs, 14);
            p.if_unmodified_since = PICK(dates, 10);
            p.range = PICK(strs, 14);
            rssec(&p.sse_c);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            p.checksum_mode = (enum s3l_checksum_mode)renum(1);
            one("head_object", b_head, &ep, &p);
            memset(&g, 0, sizeof g);
            g.bucket = p.bucket;
            g.key = p.key;
            g.key_len = p.key_len;
            g.version_id = p.version_id;
            g.part_number = p.part_number;
            g.if_match = p.if_match;
            g.if_modified_since = p.if_modified_since;
            g.if_none_match = p.if_none_match;
            g.if_unmodified_since = p.if_unmodified_since;
            g.range = p.range;
            g.sse_c = p.sse_c;
            g.request_payer = p.request_payer;
            g.expected_bucket_owner = p.expected_bucket_owner;
            g.checksum_mode = p.checksum_mode;
            one("get_object", b_get, &ep, &g);
            break;
        }
        case 8: {
            struct s3l_create_bucket_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, NULL, NULL);
            p.acl = (enum s3l_acl)renum(7);
            p.grant_full_control = PICK(grants, 6);
            p.grant_read = PICK(grants, 6);
            p.grant_read_acp = PICK(grants, 6);
            p.grant_write = PICK(grants, 6);
            p.grant_write_acp = PICK(grants, 6);
            p.object_lock_enabled = (enum s3l_bool)renum(2);
            p.object_ownership = (enum s3l_object_ownership)renum(3);
            p.location_constraint = PICK(locs, 4);
            one("create_bucket", b_bucket, &ep, &p);
            bucket_body(&p);
            break;
        }
        default: break;
        }
    }
    fprintf(stderr, "diff_s3_request: %lu builds, %lu built, %lu refused\n", n_builds, n_ok, n_builds - n_ok);
    return 0;
}
