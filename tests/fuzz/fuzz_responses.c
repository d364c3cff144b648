/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: the S3 response parsers (core/s3_response.c, over core/xml.c).
 *
 * Input: 4 control bytes, then header lines "Name: value\n" up to an empty line, then the
 * body (no empty line: all headers, no body).
 *   byte 0   operation: value % 13 (enum s3l_op); 0xFF: picked from the body's root name
 *            (InitiateMultipartUploadResult -> CREATE_MPU, ...; else GENERIC)
 *   byte 1   status: one of 16 (200 206 204 200 301 307 400 403 404 409 412 429 500 503
 *            200 200) by the low 4 bits
 *   byte 2   split point of the body: s = byte * n / 255
 *   byte 3   bit 0 lists by callback (one slot) instead of arrays; bit 1 arrays of 2 items;
 *            bit 2 err NULL; bit 3 result NULL; bits 4..5 scratch 16/48/128/512 bytes
 * The response goes straight into the callbacks of struct s3l_response: status, headers,
 * body whole, in two pieces, and byte by byte when short. Return code, result, items,
 * error and a digest of everything the item callbacks saw must be identical; every string
 * field of the error and the main ones of each result must be NUL-terminated inside its
 * array; guard bytes after every caller object must survive.
 *
 * Seeds: tests/fuzz/seeds/responses/ (hand-made), plus every shared S3 body with control
 * bytes "ff 00 00 00" and an empty header section:
 * fuzz-shared: s3-xml/CreateMultipartUpload s3-xml/CompleteMultipartUpload s3-xml/ListParts
 * fuzz-shared: s3-xml/ListMultipartUploads s3-xml/Error
 * fuzz-prefix: ff 00 00 00 0a
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "s3lite/s3_response.h"

#define BYTEWISE_MAX 400u
#define GUARD 32
#define MAX_HEADERS 32

struct state {
    union {
        struct s3l_create_mpu_result create;
        struct s3l_upload_part_result upload_part;
        struct s3l_complete_mpu_result complete;
        struct s3l_list_parts_result list_parts;
        struct s3l_list_uploads_result list_uploads;
        struct s3l_put_object_result put;
        struct s3l_head_object_result head;
        struct s3l_get_object_result get;
        struct s3l_list_objects_result list_objects;
        struct s3l_delete_object_result del;
    } res;
    unsigned char guard_res[GUARD];
    struct s3l_part_info parts[2];
    unsigned char guard_parts[GUARD];
    struct s3l_upload_info uploads[2];
    unsigned char guard_uploads[GUARD];
    struct s3l_prefix_info prefixes[2];
    unsigned char guard_prefixes[GUARD];
    struct s3l_object_info objects[2];
    unsigned char guard_objects[GUARD];
    struct s3l_s3_error err;
    unsigned char guard_err[GUARD];
    char key[40]; /* caller storage for the echoed Key: small, so that long keys are cut */
    unsigned char guard_key[GUARD];
    uint64_t seen; /* digest of the callbacks' view */
    int rc;
};

static struct state st, st0;

static void fail(const char *why)
{
    fprintf(stderr, "fuzz_responses: %s\n", why);
    abort();
}

static void mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;
    for (i = 0; i < n; i++) {
        *h ^= s[i];
        *h *= 1099511628211u;
    }
}

static int on_item(void *ctx, const void *item)
{
    struct state *s = ctx;
    /* the slot is items[0]; its bytes are what the caller sees now */
    mix(&s->seen, item, 64); /* every item struct is larger */
    return 0;
}

static int on_meta(void *ctx, const char *name, size_t nl, const char *value, size_t vl)
{
    struct state *s = ctx;
    mix(&s->seen, name, nl);
    mix(&s->seen, "=", 1);
    mix(&s->seen, value, vl);
    return 0;
}

static int sink(void *ctx, const uint8_t *data, size_t len)
{
    struct state *s = ctx;
    mix(&s->seen, data, len);
    return 0;
}

#define NUL_IN(a) (memchr((a), 0, sizeof(a)) != NULL)

static void check_strings(enum s3l_op op, unsigned flags)
{
    const struct s3l_s3_error *e = &st.err;
    size_t i;
    if (!(flags & 4)) {
        if (!(NUL_IN(e->code) && NUL_IN(e->message) && NUL_IN(e->request_id) &&
              NUL_IN(e->host_id) && NUL_IN(e->resource) && NUL_IN(e->endpoint) &&
              NUL_IN(e->bucket) && NUL_IN(e->server_time) && NUL_IN(e->request_time) &&
              NUL_IN(e->date) && NUL_IN(e->region) && NUL_IN(e->type) && NUL_IN(e->etag) &&
              NUL_IN(e->argument_name) && NUL_IN(e->argument_value))) {
            fail("error field not terminated");
        }
    }
    if (flags & 8) return;
    switch (op) {
    case S3L_OP_CREATE_MPU:
        if (!(NUL_IN(st.res.create.bucket) && (st.res.create.key.buf == NULL || NUL_IN(st.key)) &&
              NUL_IN(st.res.create.upload_id) && NUL_IN(st.res.create.sse.kms_context))) {
            fail("create field not terminated");
        }
        break;
    case S3L_OP_COMPLETE_MPU:
        if (!(NUL_IN(st.res.complete.location) && NUL_IN(st.res.complete.etag) &&
              NUL_IN(st.res.complete.checksums.sha256) && NUL_IN(st.res.complete.version_id))) {
            fail("complete field not terminated");
        }
        break;
    case S3L_OP_LIST_PARTS:
        for (i = 0; i < st.res.list_parts.parts.count && i < 2 && !(flags & 1); i++) {
            if (!(NUL_IN(st.parts[i].etag) && NUL_IN(st.parts[i].checksums.crc32))) {
                fail("part field not terminated");
            }
        }
        if (!(NUL_IN(st.res.list_parts.upload_id) && NUL_IN(st.res.list_parts.owner_name))) {
            fail("list parts field not terminated");
        }
        break;
    case S3L_OP_LIST_UPLOADS:
        for (i = 0; i < st.res.list_uploads.uploads.count && i < 2 && !(flags & 1); i++) {
            if (!(NUL_IN(st.uploads[i].key) && NUL_IN(st.uploads[i].owner_name))) {
                fail("upload field not terminated");
            }
        }
        if (!(NUL_IN(st.res.list_uploads.next_key_marker) && NUL_IN(st.res.list_uploads.prefix))) {
            fail("list uploads field not terminated");
        }
        break;
    case S3L_OP_LIST_OBJECTS:
        for (i = 0; i < st.res.list_objects.objects.count && i < 2 && !(flags & 1); i++) {
            if (!(NUL_IN(st.objects[i].key) && NUL_IN(st.objects[i].restore_expiry_date))) {
                fail("object field not terminated");
            }
        }
        if (!(NUL_IN(st.res.list_objects.next_continuation_token) &&
              NUL_IN(st.res.list_objects.request_charged))) {
            fail("list objects field not terminated");
        }
        break;
    case S3L_OP_DELETE_OBJECT:
        if (!NUL_IN(st.res.del.version_id)) fail("delete field not terminated");
        break;
    case S3L_OP_HEAD_OBJECT:
    case S3L_OP_GET_OBJECT:
        if (!(NUL_IN(st.res.head.etag) && NUL_IN(st.res.head.content_type) &&
              NUL_IN(st.res.head.restore) && NUL_IN(st.res.head.sse.algorithm))) {
            fail("head field not terminated");
        }
        break;
    default:
        break;
    }
}

static void guards(void)
{
    unsigned char want[GUARD];
    memset(want, 0x5C, sizeof want);
    if (memcmp(st.guard_res, want, GUARD) || memcmp(st.guard_parts, want, GUARD) ||
        memcmp(st.guard_uploads, want, GUARD) || memcmp(st.guard_prefixes, want, GUARD) ||
        memcmp(st.guard_objects, want, GUARD) ||
        memcmp(st.guard_err, want, GUARD) || memcmp(st.guard_key, want, GUARD)) {
        fail("guard bytes overwritten");
    }
}

struct hdr {
    const char *name, *value;
    size_t nl, vl;
};

static int run(enum s3l_op op, int status, unsigned flags, const struct hdr *h, size_t nh,
               const uint8_t *body, size_t n, size_t first, size_t step)
{
    static const size_t scratch_caps[4] = {16, 48, 128, 512};
    static char scratch[512];
    struct s3l_response r;
    size_t i, pos = 0, cap = (flags & 2) ? 1 : 2;
    int rc;
    void *result = (flags & 8) || op == S3L_OP_ABORT_MPU || op == S3L_OP_CREATE_BUCKET ||
                           op == S3L_OP_GENERIC
                       ? NULL
                       : &st.res;
    memset(&st, 0xA5, sizeof st);
    memset(st.guard_res, 0x5C, GUARD);
    memset(st.guard_parts, 0x5C, GUARD);
    memset(st.guard_uploads, 0x5C, GUARD);
    memset(st.guard_prefixes, 0x5C, GUARD);
    memset(st.guard_objects, 0x5C, GUARD);
    memset(st.guard_err, 0x5C, GUARD);
    memset(st.guard_key, 0x5C, GUARD);
    st.seen = 0;
    if (op == S3L_OP_CREATE_MPU || op == S3L_OP_COMPLETE_MPU || op == S3L_OP_LIST_PARTS) {
        struct s3l_text key = {st.key, sizeof st.key};
        if (flags & 1) key.buf = NULL; /* the caller keeps no Key */
        if (op == S3L_OP_CREATE_MPU) st.res.create.key = key;
        if (op == S3L_OP_COMPLETE_MPU) st.res.complete.key = key;
        if (op == S3L_OP_LIST_PARTS) st.res.list_parts.key = key;
    }
    if (op == S3L_OP_LIST_PARTS) {
        struct s3l_list l = {st.parts, cap, 0, NULL, NULL};
        if (flags & 1) {
            l.cap = 1;
            l.on_item = on_item;
            l.ctx = &st;
        }
        st.res.list_parts.parts = l;
    } else if (op == S3L_OP_LIST_UPLOADS) {
        struct s3l_list u = {st.uploads, cap, 0, NULL, NULL};
        struct s3l_list p = {st.prefixes, cap, 0, NULL, NULL};
        if (flags & 1) {
            u.cap = p.cap = 1;
            u.on_item = p.on_item = on_item;
            u.ctx = p.ctx = &st;
        }
        st.res.list_uploads.uploads = u;
        st.res.list_uploads.prefixes = p;
    } else if (op == S3L_OP_LIST_OBJECTS) {
        struct s3l_list o = {st.objects, cap, 0, NULL, NULL};
        struct s3l_list p = {st.prefixes, cap, 0, NULL, NULL};
        if (flags & 1) {
            o.cap = p.cap = 1;
            o.on_item = p.on_item = on_item;
            o.ctx = p.ctx = &st;
        }
        st.res.list_objects.objects = o;
        st.res.list_objects.prefixes = p;
    } else if (op == S3L_OP_HEAD_OBJECT || op == S3L_OP_GET_OBJECT) {
        st.res.head.on_meta = (flags & 1) ? on_meta : NULL;
        st.res.head.on_meta_ctx = &st;
        st.res.get.sink.write = sink;
        st.res.get.sink.ctx = &st;
    }
    s3l_response_init(&r, op, result, (flags & 4) ? NULL : &st.err, scratch,
                      scratch_caps[(flags >> 4) & 3]);
    rc = r.cb.on_status(&r, status);
    for (i = 0; rc == 0 && i < nh; i++) rc = r.cb.on_header(&r, h[i].name, h[i].nl, h[i].value, h[i].vl);
    if (first == 0) first = step;
    while (rc == 0 && pos < n) {
        size_t k = pos == 0 ? first : step;
        if (k > n - pos) k = n - pos;
        rc = r.cb.on_body(&r, body + pos, k);
        pos += k;
    }
    if (rc == 0) rc = s3l_response_finish(&r);
    if (rc > 0) fail("positive result");
    guards();
    check_strings(op, flags);
    st.rc = rc;
    return rc;
}

/* The root element's name at the start of the body (after the declaration, comments). */
static enum s3l_op sniff(const uint8_t *b, size_t n)
{
    static const struct {
        const char *root;
        enum s3l_op op;
    } t[] = {{"<InitiateMultipartUploadResult", S3L_OP_CREATE_MPU},
             {"<CompleteMultipartUpload", S3L_OP_COMPLETE_MPU}, /* ...Result, ...Response */
             {"<ListPartsResult", S3L_OP_LIST_PARTS},
             {"<ListMultipartUploadsResult", S3L_OP_LIST_UPLOADS},
             {"<ListBucketResult", S3L_OP_LIST_OBJECTS}};
    size_t i, j;
    for (i = 0; i < n; i++) {
        for (j = 0; j < sizeof t / sizeof t[0]; j++) {
            size_t l = strlen(t[j].root);
            if (n - i >= l && memcmp(b + i, t[j].root, l) == 0) return t[j].op;
        }
    }
    return S3L_OP_GENERIC;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int statuses[16] = {200, 206, 204, 200, 301, 307, 400, 403,
                                     404, 409, 412, 429, 500, 503, 200, 200};
    static struct hdr h[MAX_HEADERS];
    static char text[4096];
    const uint8_t *p, *end, *body;
    size_t nh = 0, n, split, tl;
    enum s3l_op op;
    int status;
    unsigned flags;
    if (size < 4) return 0;
    status = statuses[data[1] & 15];
    flags = data[3];
    /* header lines, copied so each value can be given without its line end */
    p = data + 4;
    end = data + size;
    tl = 0;
    while (p < end && *p != '\n' && nh < MAX_HEADERS) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        const uint8_t *line_end = nl != NULL ? nl : end;
        const uint8_t *colon = memchr(p, ':', (size_t)(line_end - p));
        size_t ll = (size_t)(line_end - p);
        if (colon != NULL && tl + ll <= sizeof text) {
            const char *v;
            memcpy(text + tl, p, ll);
            h[nh].name = text + tl;
            h[nh].nl = (size_t)(colon - p);
            v = text + tl + h[nh].nl + 1;
            h[nh].vl = ll - h[nh].nl - 1;
            while (h[nh].vl > 0 && *v == ' ') {
                v++;
                h[nh].vl--;
            }
            h[nh].value = v;
            tl += ll;
            nh++;
        }
        p = nl != NULL ? nl + 1 : end;
    }
    if (p < end && *p == '\n') p++;
    body = p;
    n = (size_t)(end - body);
    op = data[0] == 0xFF ? sniff(body, n) : (enum s3l_op)(data[0] % 13);
    split = (size_t)data[2] * n / 255u;
    run(op, status, flags, h, nh, body, n, n, n);
    st0 = st;
    run(op, status, flags, h, nh, body, n, split, n);
    if (memcmp(&st, &st0, sizeof st) != 0) fail("two pieces differ from whole");
    if (n <= BYTEWISE_MAX) {
        run(op, status, flags, h, nh, body, n, 1, 1);
        if (memcmp(&st, &st0, sizeof st) != 0) fail("byte by byte differs from whole");
    }
    return 0;
}
