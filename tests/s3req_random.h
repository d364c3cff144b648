/* SPDX-License-Identifier: MIT */
/*
 * The random request parameters shared by tests/test_s3_request_random.c (random builds and
 * their invariants) and tests/diff_s3_request.c (the same builds, old code against new):
 * value pools whose first entries are valid, a xorshift generator with a fixed seed, and
 * fillers for the parts of a request that several operations share. Static on purpose: each
 * program includes it once, and diff_s3_request.c also compiles it against an older tree's
 * headers, so it uses only what every revision since the tables rework's base has.
 */
#ifndef S3L_TEST_S3REQ_RANDOM_H
#define S3L_TEST_S3REQ_RANDOM_H

#include <stdint.h>
#include <string.h>

#include "s3lite/s3_request.h"

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

#endif
