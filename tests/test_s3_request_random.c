/* SPDX-License-Identifier: MIT */
/*
 * Request builders under random parameters: 40000 builds of every operation from pools of
 * good and bad values (several faults at once, small arenas and header arrays, bytes already
 * in the arena), each checked against what the interface promises rather than against
 * expected bytes:
 *  - the result is 0 or one of the documented errors;
 *  - on error *req, arena.used, the bytes and headers already there and the guard bytes
 *    after both capacities are as before;
 *  - on success Host is the first new header, the head serialises (s3l_http_write_head
 *    re-checks every byte), path and query lie in the arena bytes the build used, and the
 *    same build in an arena and header array of exactly the size used gives the same head,
 *    while one byte or one header less fails with S3L_ERR_BUF_TOO_SMALL / S3L_ERR_TOO_MANY;
 *  - a CompleteMultipartUpload body reads back, in random pieces and after a rewind, as
 *    exactly s3l_complete_body_len() bytes from <CompleteMultipartUpload to its end tag.
 * The generator is a fixed xorshift, so a failure repeats.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "s3req_random.h"
#include "util_s3req.h"

#define GUARD 0xA5
#define NGUARD 16
#define ARENA 4096
#define MAXH 48

/* ---- one build and its checks ------------------------------------------------------------ */

struct rig {
    char mem[ARENA + NGUARD];
    struct s3l_header hv[MAXH + 1];
    struct s3l_arena arena;
    struct s3l_request req;
};

static unsigned long n_ok, n_err, n_fit;
static unsigned fails;

static void rig_init(struct rig *r, size_t cap, size_t hcap, size_t used0, size_t count0)
{
    size_t i;
    memset(r, GUARD, sizeof *r);
    for (i = 0; i < used0; i++) r->mem[i] = (char)('a' + i % 26);
    for (i = 0; i < count0; i++) r->hv[i] = (struct s3l_header){"X-Pre", 5, "1", 1};
    r->arena.buf = r->mem;
    r->arena.cap = cap;
    r->arena.used = used0;
    r->req.headers.items = r->hv;
    r->req.headers.cap = hcap;
    r->req.headers.count = count0;
}

static int guards_ok(const struct rig *r, size_t used0, size_t count0)
{
    size_t i;
    for (i = 0; i < used0; i++) {
        if (r->mem[i] != (char)('a' + i % 26)) return 0;
    }
    for (i = 0; i < count0; i++) {
        if (r->hv[i].name_len != 5 || memcmp(r->hv[i].name, "X-Pre", 5) != 0) return 0;
    }
    for (i = 0; i < NGUARD; i++) {
        if ((unsigned char)r->mem[r->arena.cap + i] != GUARD) return 0;
    }
    for (i = 0; i < sizeof r->hv[0]; i++) {
        if (((const unsigned char *)&r->hv[r->req.headers.cap])[i] != GUARD) return 0;
    }
    return 1;
}

static int in_new(const struct rig *r, const char *p, size_t n, size_t used0)
{
    return p >= r->mem + used0 && p + n <= r->mem + r->arena.used;
}

#define FAILF(...)                                                                         \
    do {                                                                                   \
        CHECKF(0, __VA_ARGS__);                                                            \
        if (++fails > 20) exit(1);                                                         \
    } while (0)

static void one(const char *op, build_fn fn, const struct s3l_endpoint *ep, const void *p)
{
    static char head[8192], head2[8192];
    struct rig *r = malloc(sizeof *r), *r2;
    struct s3l_request before;
    size_t cap = rnd(3) != 0 ? ARENA : 1 + rnd(400), hcap = rnd(3) != 0 ? MAXH : 1 + rnd(30);
    size_t used0 = rnd(4) == 0 ? rnd(8) : 0, count0 = rnd(4) == 0 ? rnd(3) : 0, hl = 0, hl2 = 0, i;
    int rc;
    if (used0 > cap) used0 = cap;
    if (count0 > hcap) count0 = hcap;
    rig_init(r, cap, hcap, used0, count0);
    before = r->req;
    rc = fn(&r->req, &r->arena, ep, p);
    if (!guards_ok(r, used0, count0)) FAILF("%s: guard or earlier bytes changed (rc %d)", op, rc);
    if (rc != S3L_OK) {
        n_err++;
        if (rc != S3L_ERR_ARG && rc != S3L_ERR_BAD_CHAR && rc != S3L_ERR_ENUM && rc != S3L_ERR_RANGE &&
            rc != S3L_ERR_BAD_DATE && rc != S3L_ERR_BAD_BASE64 && rc != S3L_ERR_BUF_TOO_SMALL &&
            rc != S3L_ERR_TOO_MANY && rc != S3L_ERR_HASH) {
            FAILF("%s: undocumented error %d", op, rc);
        }
        if (memcmp(&before, &r->req, sizeof before) != 0 || r->arena.used != used0) {
            FAILF("%s: error %d left something behind", op, rc);
        }
        free(r);
        return;
    }
    n_ok++;
    if (r->req.headers.count <= count0 || r->hv[count0].name_len != 4 ||
        memcmp(r->hv[count0].name, "Host", 4) != 0) {
        FAILF("%s: Host is not the first new header", op);
    }
    if (s3l_http_write_head(&r->req, head, sizeof head, &hl) != S3L_OK) FAILF("%s: head does not serialise", op);
    if (!in_new(r, r->req.path, r->req.path_len, used0) || r->req.path[0] != '/' ||
        (r->req.query != NULL && !in_new(r, r->req.query, r->req.query_len, used0)) ||
        (r->req.query == NULL) != (r->req.query_len == 0)) {
        FAILF("%s: path or query outside the arena bytes used", op);
    }
    for (i = count0; i < r->req.headers.count; i++) {
        const struct s3l_header *h = &r->hv[i];
        if ((h->value >= r->mem && h->value < r->mem + sizeof r->mem) &&
            !in_new(r, h->value, h->value_len, used0)) {
            FAILF("%s: header %zu value in arena bytes the build did not use", op, i);
        }
    }
    /* exactly the room used: same head; one byte or one header less: the matching error */
    if (rnd(4) == 0) {
        size_t need = r->arena.used, needh = r->req.headers.count;
        n_fit++;
        r2 = malloc(sizeof *r2);
        rig_init(r2, need, needh, used0, count0);
        rc = fn(&r2->req, &r2->arena, ep, p);
        if (rc != S3L_OK || s3l_http_write_head(&r2->req, head2, sizeof head2, &hl2) != S3L_OK ||
            hl2 != hl || memcmp(head, head2, hl) != 0 || r2->arena.used != need || !guards_ok(r2, used0, count0)) {
            FAILF("%s: exact-fit build differs (rc %d)", op, rc);
        }
        if (need > used0) {
            rig_init(r2, need - 1, needh, used0, count0);
            rc = fn(&r2->req, &r2->arena, ep, p);
            if (rc != S3L_ERR_BUF_TOO_SMALL || r2->arena.used != used0 || !guards_ok(r2, used0, count0)) {
                FAILF("%s: one arena byte short gives %d", op, rc);
            }
        }
        rig_init(r2, need, needh - 1, used0, count0);
        rc = fn(&r2->req, &r2->arena, ep, p);
        if (rc != S3L_ERR_TOO_MANY || r2->arena.used != used0 || !guards_ok(r2, used0, count0)) {
            FAILF("%s: one header short gives %d", op, rc);
        }
        free(r2);
    }
    free(r);
}

static void body(void)
{
    static uint8_t a[8192], b[8192];
    const struct s3l_complete_part *ps;
    size_t n, la = 0, lb = 0;
    enum s3l_checksum_alg alg = (enum s3l_checksum_alg)renum(5);
    struct s3l_complete_body w;
    long k;
    static const char open_tag[] = "<CompleteMultipartUpload xmlns=";
    static const char close_tag[] = "</CompleteMultipartUpload>";
    rparts(&ps, &n);
    if (s3l_complete_body_init(&w, ps, n, alg) != S3L_OK) return;
    while ((k = s3l_complete_body_read(&w, a + la, 1 + rnd(60))) > 0 && la < sizeof a - 64) la += (size_t)k;
    CHECK(k == 0 && s3l_complete_body_read(&w, a, 10) == 0);
    CHECK(s3l_complete_body_rewind(&w) == S3L_OK);
    while ((k = s3l_complete_body_read(&w, b + lb, 1 + rnd(700))) > 0 && lb < sizeof b - 800) lb += (size_t)k;
    CHECKF(la == s3l_complete_body_len(&w) && lb == la && memcmp(a, b, la) == 0 &&
               memcmp(a, open_tag, sizeof open_tag - 1) == 0 &&
               memcmp(a + la - (sizeof close_tag - 1), close_tag, sizeof close_tag - 1) == 0,
           "body of %zu parts: %zu / %zu bytes, len %llu", n, la, lb,
           (unsigned long long)s3l_complete_body_len(&w));
}

int main(void)
{
    unsigned long it;
    memset(long_key, 'k', S3L_KEY_MAX + 1);
    for (it = 0; it < 40000; it++) {
        struct s3l_endpoint ep;
        static const char *const hosts[] = {"127.0.0.1:7480", "s3.us-east-1.amazonaws.com", "", "h\r\n"};
        clean = (int)rnd(2);
        ep.host = PICK(hosts, 2);
        ep.virtual_hosted = rnd(2);
        switch (rnd(13)) {
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
            break;
        }
        case 9: {
            struct s3l_list_objects_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, NULL, NULL);
            p.continuation_token = PICK(strs, 14);
            p.delimiter = PICK(strs, 14);
            p.encoding_type = (enum s3l_encoding_type)renum(1);
            p.fetch_owner = (enum s3l_bool)renum(2);
            p.max_keys = rnd(2) != 0 ? 0 : rpart();
            p.prefix = PICK(strs, 14);
            p.start_after = PICK(strs, 14);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.expected_bucket_owner = PICK(strs, 14);
            p.optional_object_attributes = PICK(strs, 14);
            one("list_objects", b_lobjects, &ep, &p);
            break;
        }
        case 10: {
            struct s3l_delete_object_params p;
            memset(&p, 0, sizeof p);
            rtarget(&p.bucket, &p.key, &p.key_len);
            p.version_id = PICK(strs, 14);
            p.mfa = PICK(strs, 14);
            p.request_payer = (enum s3l_request_payer)renum(1);
            p.bypass_governance_retention = (enum s3l_bool)renum(2);
            p.expected_bucket_owner = PICK(strs, 14);
            p.if_match = PICK(strs, 14);
            p.if_match_last_modified_time = PICK(dates, 10);
            p.if_match_size = rnd(2) != 0 ? 0 : rnd(100000);
            one("delete_object", b_delete, &ep, &p);
            break;
        }
        default: body(); break;
        }
    }
    printf("random builds: %lu built, %lu refused, %lu also at exact fit\n", n_ok, n_err, n_fit);
    CHECK(n_ok > 5000 && n_err > 5000 && n_fit > 1000);
    return th_summary();
}
