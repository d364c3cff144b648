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
#include "util_s3req.h"

#define GUARD 0xA5
#define NGUARD 16
#define ARENA 4096
#define MAXH 48

static uint64_t rs = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return n != 0 ? (unsigned)(rs % n) : 0;
}

static int clean; /* mostly good values this round */

/* A value from a pool whose first `good` entries are valid (NULL counts as valid). */
static const char *pick(const char *const *pool, unsigned n, unsigned good)
{
    if (clean && rnd(40) != 0) return pool[rnd(good)];
    return pool[rnd(n)];
}
#define PICK(pool, good) pick(pool, (unsigned)(sizeof pool / sizeof pool[0]), good)

static unsigned renum(unsigned max)
{
    unsigned r = rnd(10);
    if (clean && rnd(40) != 0) return rnd(max + 1);
    if (r < 5) return 0;
    if (r < 9) return 1 + rnd(max);
    return rnd(max + 4);
}

static const char *const strs[] = {
    NULL, NULL, NULL, "", "abc", "a b", "text/plain", "\"etag\"", "*", "bytes=0-9",
    "caf\xc3\xa9", "a/b c+d~e", "%41", "=", "x\r", "\n", "v\r\nX: 1"};
static const char *const dates[] = {
    NULL, NULL, "2030-01-10T00:04:06Z", "2030-01-10T00:04:06.123Z", "2030-01-10T00:04:06+00:00",
    "0", "951825600", "253402300799", "2024-02-29T23:59:59.250Z", "9999-12-31T23:59:59Z",
    "253402300800", "2023-02-29T00:00:00Z", "1969-12-31T23:59:59Z", "2030-13-01T00:00:00Z",
    "2030-01-01T24:00:00Z", "2030-01-10T00:04:06", "2030-01-10T00:04:06.1234567890Z", "x", ""};
static const char *const grants[] = {
    NULL, NULL, "id=\"1\"", "id=1", "uri=\"http://x\", id=\"2\"", "emailAddress=\"a@b\"",
    "nobody", "user=\"1\"", "id=\"\"", "id=", "id=1,", "id=\"1", "id=1 2", "id=\"1\"\n"};
static const char *const tags[] = {
    NULL, NULL, "a=b", "a=b&c=d", "a+b=c~d", "a", "=b", "a b", "a=%2", "a=b=c", "&",
    "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11", "a=b\r"};
static const char *const redirs[] = {NULL, NULL, "/", "https://b", "http://a", "x", "", "/\n"};
static const char *const b64s[] = {
    NULL, NULL, "1B2M2Y8AsgTpgAmY7PhCfg==", "AAAAAA==", "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
    "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", "AAAAAAAAAAA=", "1B2M2Y8AsgTpgAmY7PhCfg=",
    "not base64 at all!!!!!!!", "1B2M2Y8AsgTpgAmY7PhCfg==\n", ""};
static const char *const buckets[] = {"b", "examplebucket", "my.bucket-1", "Bad_Bucket", "", NULL,
                                      "a/b", "a\rb", "UPPER"};
static const char *const keys[] = {"k", "photos/2026/my photo+1.jpg", "caf\xc3\xa9/~x", "/lead",
                                   "", NULL, "a\rb", "a\nb"};
static const char *const uploads[] = {"xyz", "VXBsb2FkIElE+my.movie~m2ts/upload=", NULL, "", "a\nb"};
static const char *const locs[] = {NULL, NULL, "eu-west-1", "us-east-2", "eu west", "", "EU"};
static const char *const etags[] = {"\"a\"", "\"a&b<c>d\"", "&&&", "<>", "", NULL, "\"x\r\""};
static const char *const mnames[] = {"camera", "a", "bad name", "", NULL};
static const char *const mvalues[] = {"v", "", "Nikon", "v\r\n", NULL};

static char long_key[S3L_KEY_MAX + 2];
static const uint8_t ssec_key[32] = {1, 2, 3};
static struct s3l_meta metas[4];
static struct s3l_complete_part parts[8];

static uint32_t rpart(void)
{
    static const uint32_t v[] = {1, 2, 7, 9999, 10000, 0, 10001, 0xFFFFFFFFu};
    return v[clean ? rnd(5) : rnd(8)];
}

static void rtarget(const char **bucket, const char **key, size_t *key_len)
{
    *bucket = PICK(buckets, 3);
    if (key == NULL) return;
    *key = PICK(keys, 4);
    *key_len = 0;
    if (rnd(30) == 0) *key = long_key;
    if (rnd(30) == 0 && *key != NULL && **key != '\0') *key_len = 1;
}

static void rssec(struct s3l_sse_c *c)
{
    memset(c, 0, sizeof *c);
    if (rnd(3) != 0) return;
    c->algorithm = (enum s3l_sse_c_alg)renum(1);
    c->key = rnd(12) != 0 ? ssec_key : NULL;
    c->key_len = rnd(12) != 0 ? 32 : 16;
    c->key_md5 = rnd(2) != 0 ? NULL : PICK(b64s, 3);
}

static void rattrs(struct s3l_object_attrs *o)
{
    unsigned i;
    o->acl = (enum s3l_acl)renum(7);
    o->cache_control = PICK(strs, 14);
    o->content_disposition = PICK(strs, 14);
    o->content_encoding = PICK(strs, 14);
    o->content_language = PICK(strs, 14);
    o->content_type = PICK(strs, 14);
    o->expires = PICK(dates, 10);
    o->grant_full_control = PICK(grants, 6);
    o->grant_read = PICK(grants, 6);
    o->grant_read_acp = PICK(grants, 6);
    o->grant_write_acp = PICK(grants, 6);
    for (i = 0; i < 4; i++) {
        metas[i].name = PICK(mnames, 2);
        metas[i].value = PICK(mvalues, 3);
    }
    o->metadata = rnd(40) != 0 ? metas : NULL;
    o->metadata_count = rnd(3) == 0 ? rnd(5) : 0;
    o->sse = (enum s3l_sse)renum(4);
    o->storage_class = (enum s3l_storage_class)renum(13);
    o->website_redirect_location = PICK(redirs, 5);
    o->sse_kms_key_id = PICK(strs, 14);
    o->sse_kms_context = PICK(strs, 14);
    o->bucket_key_enabled = (enum s3l_bool)renum(2);
    o->tagging = PICK(tags, 5);
    o->object_lock_mode = (enum s3l_lock_mode)renum(2);
    o->object_lock_retain_until = PICK(dates, 10);
    o->object_lock_legal_hold = (enum s3l_legal_hold)renum(2);
}

static void rparts(const struct s3l_complete_part **p, size_t *n)
{
    size_t i;
    uint32_t pn = 0;
    for (i = 0; i < 8; i++) {
        pn += rnd(10) != 0 ? 1 + rnd(3) : 0;
        parts[i].part_number = pn;
        parts[i].etag = PICK(etags, 4);
        parts[i].checksum = rnd(2) != 0 ? NULL : PICK(b64s, 6);
    }
    *p = rnd(30) != 0 ? parts : NULL;
    *n = rnd(30) != 0 ? 1 + rnd(8) : 0;
}

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
        switch (rnd(11)) {
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
        default: body(); break;
        }
    }
    printf("random builds: %lu built, %lu refused, %lu also at exact fit\n", n_ok, n_err, n_fit);
    CHECK(n_ok > 5000 && n_err > 5000 && n_fit > 1000);
    return th_summary();
}
