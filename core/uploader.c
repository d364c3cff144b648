/* SPDX-License-Identifier: MIT */
/*
 * The resumable multipart uploader (uploader.h): a small state machine over struct
 * s3l_client, one request per step. The server's ListParts is the truth on resume; the
 * saved blob only ever under-reports what is done, so losing its last write costs a part's
 * resend at most, never a wrong object.
 */
#include "s3lite/uploader.h"

#include <string.h>

#include "s3lite/date.h"
#include "s3lite/hash.h"

static const uint8_t MAGIC[4] = {'s', '3', 'l', 'U'};

#define FLAG_CLOSED 0x01u
#define FLAG_COMPLETE_SENT 0x02u
#define FLAG_CREATE_SENT 0x04u /* Create went out before its answer (the id) was saved */

/* Where the blob's fields sit (uploader.h draws the layout). */
#define AT_CREATE_TIME 64u /* 8: when that Create was sent (Unix s, server-corrected) */
#define AT_ID_LEN 72u      /* 1 */
#define AT_RANGES 73u      /* 1 */
#define AT_ID 74u          /* the upload id, then the ranges, then the CRC */

/* ---- little helpers ---------------------------------------------------------------------- */

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8u * i));
}

static uint64_t get_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 0; i < n; i++) v |= (uint64_t)p[i] << (8u * i);
    return v;
}

static size_t str_len(const char *s)
{
    return s != NULL ? strlen(s) : 0;
}

/* The S3 value of alg in a struct s3l_checksums, NULL for NONE. */
static const char *checksum_field(const struct s3l_checksums *c, enum s3l_checksum_alg alg)
{
    switch (alg) {
    case S3L_CHECKSUM_CRC32: return c->crc32;
    case S3L_CHECKSUM_CRC32C: return c->crc32c;
    case S3L_CHECKSUM_CRC64NVME: return c->crc64nvme;
    case S3L_CHECKSUM_SHA1: return c->sha1;
    case S3L_CHECKSUM_SHA256: return c->sha256;
    default: return NULL;
    }
}

/* ---- part arithmetic ---------------------------------------------------------------------- */

int s3l_uploader_part_size(uint64_t size_hint, uint64_t requested, unsigned allow_small,
                           uint64_t *out)
{
    const uint64_t mib = (uint64_t)1024 * 1024;
    uint64_t need;
    if (out == NULL) return S3L_ERR_ARG;
    if (size_hint > S3L_UPLOADER_OBJECT_MAX) return S3L_ERR_RANGE;
    /* the smallest part that keeps size_hint within 10,000 parts */
    need = (size_hint + S3L_UPLOADER_PARTS_MAX - 1) / S3L_UPLOADER_PARTS_MAX;
    if (requested != 0) {
        if (requested > S3L_UPLOADER_PART_MAX) return S3L_ERR_RANGE;
        if (requested < S3L_UPLOADER_PART_MIN && !allow_small) return S3L_ERR_RANGE;
        if (requested < need) return S3L_ERR_RANGE;
        *out = requested;
        return S3L_OK;
    }
    need = (need + mib - 1) / mib * mib;
    *out = need > S3L_UPLOADER_PART_DEFAULT ? need : S3L_UPLOADER_PART_DEFAULT;
    return S3L_OK;
}

/* Parts of a closed source of `size` bytes (an empty source is one empty part). */
static uint32_t parts_of(const struct s3l_uploader *u, uint64_t size)
{
    uint64_t n = size == 0 ? 1 : (size + u->part_size - 1) / u->part_size;
    return n > 0xffffffffu ? 0xffffffffu : (uint32_t)n;
}

/* Length of part n (1-based) if all its bytes exist now, else 0 with *ready = 0. */
static uint64_t part_len(const struct s3l_uploader *u, uint32_t n, int *ready)
{
    uint64_t start = (uint64_t)(n - 1) * u->part_size;
    *ready = 0;
    if (u->closed) {
        if (n > parts_of(u, u->available)) return 0;
        *ready = 1;
        return u->available - start < u->part_size ? u->available - start : u->part_size;
    }
    if (u->available >= start && u->available - start >= u->part_size) {
        *ready = 1;
        return u->part_size;
    }
    return 0;
}

static int part_done(const struct s3l_uploader *u, uint32_t n)
{
    return n >= 1 && n <= u->cfg.parts.cap && u->cfg.parts.etags[n - 1][0] != '\0';
}

static void forget_part(struct s3l_uploader *u, uint32_t n)
{
    u->cfg.parts.etags[n - 1][0] = '\0';
    if (u->cfg.parts.checksums != NULL) u->cfg.parts.checksums[n - 1][0] = '\0';
    if (n < u->next_part) u->next_part = n;
}

/* Recount parts_done and bytes_done from the ETag storage. */
static void recount(struct s3l_uploader *u)
{
    uint32_t n;
    u->parts_done = 0;
    u->bytes_done = 0;
    for (n = 1; n <= u->cfg.parts.cap; n++) {
        int ready;
        uint64_t len;
        if (!part_done(u, n)) continue;
        len = part_len(u, n, &ready);
        u->parts_done++;
        u->bytes_done += len;
    }
}

/* ---- digests of the target and the source --------------------------------------------------- */

/* Each field is its tag, its length (0xffffffff for "not given") and its bytes, so no two
 * different sets of fields hash the same stream. */
static int hash_bytes(s3l_sha256_ctx *h, uint8_t tag, const void *p, size_t n, int given)
{
    uint8_t hd[5];
    int rc;
    hd[0] = tag;
    put_le(hd + 1, given ? (uint64_t)n : 0xffffffffu, 4);
    rc = s3l_sha256_update(h, hd, sizeof hd);
    if (rc == 0 && given && n > 0) rc = s3l_sha256_update(h, p, n);
    return rc;
}

static int hash_str(s3l_sha256_ctx *h, uint8_t tag, const char *s)
{
    return hash_bytes(h, tag, s, str_len(s), s != NULL);
}

static int hash_num(s3l_sha256_ctx *h, uint8_t tag, uint64_t v)
{
    uint8_t b[8];
    put_le(b, v, 8);
    return hash_bytes(h, tag, b, sizeof b, 1);
}

/* Everything that shapes the object: where it goes, how it is cut, and what
 * CreateMultipartUpload says about it. A change in any of them must not resume. */
static int target_digest(const struct s3l_uploader *u, uint8_t out[16])
{
    const struct s3l_create_mpu_params *p = u->cfg.create;
    const struct s3l_object_attrs *a = &p->attrs;
    uint8_t d[S3L_SHA256_LEN];
    s3l_sha256_ctx h;
    size_t i;
    int rc = s3l_sha256_start(&h);
    uint8_t t = 1;
    if (rc == 0) rc = hash_str(&h, t++, p->bucket);
    if (rc == 0) rc = hash_bytes(&h, t++, p->key, p->key_len != 0 ? p->key_len : str_len(p->key), 1);
    if (rc == 0) rc = hash_num(&h, t++, u->part_size);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)u->cfg.mode);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)p->checksum_algorithm);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)p->checksum_type);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->acl);
    if (rc == 0) rc = hash_str(&h, t++, a->cache_control);
    if (rc == 0) rc = hash_str(&h, t++, a->content_disposition);
    if (rc == 0) rc = hash_str(&h, t++, a->content_encoding);
    if (rc == 0) rc = hash_str(&h, t++, a->content_language);
    if (rc == 0) rc = hash_str(&h, t++, a->content_type);
    if (rc == 0) rc = hash_str(&h, t++, a->expires);
    if (rc == 0) rc = hash_str(&h, t++, a->grant_full_control);
    if (rc == 0) rc = hash_str(&h, t++, a->grant_read);
    if (rc == 0) rc = hash_str(&h, t++, a->grant_read_acp);
    if (rc == 0) rc = hash_str(&h, t++, a->grant_write_acp);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->metadata_count);
    for (i = 0; rc == 0 && a->metadata != NULL && i < a->metadata_count; i++) {
        rc = hash_str(&h, t, a->metadata[i].name);
        if (rc == 0) rc = hash_str(&h, t, a->metadata[i].value);
    }
    t++;
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->sse);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->storage_class);
    if (rc == 0) rc = hash_str(&h, t++, a->website_redirect_location);
    if (rc == 0) rc = hash_str(&h, t++, a->sse_kms_key_id);
    if (rc == 0) rc = hash_str(&h, t++, a->sse_kms_context);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->bucket_key_enabled);
    if (rc == 0) rc = hash_str(&h, t++, a->tagging);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->object_lock_mode);
    if (rc == 0) rc = hash_str(&h, t++, a->object_lock_retain_until);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)a->object_lock_legal_hold);
    /* SSE-C: the key's MD5 stands for the key (never hash the key itself into a file) */
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)p->sse_c.algorithm);
    if (rc == 0) rc = hash_str(&h, t++, p->sse_c.key_md5);
    if (rc == 0) rc = hash_num(&h, t++, (uint64_t)p->request_payer);
    if (rc == 0) rc = hash_str(&h, t++, p->expected_bucket_owner);
    if (rc == 0) rc = hash_bytes(&h, t++, u->cfg.shape, u->cfg.shape_len, 1);
    if (rc == 0) rc = s3l_sha256_finish(&h, d);
    s3l_sha256_wipe(&h);
    if (rc != 0) return S3L_ERR_HASH;
    memcpy(out, d, 16);
    return S3L_OK;
}

static int source_digest(const struct s3l_uploader *u, uint8_t out[16])
{
    uint8_t d[S3L_SHA256_LEN];
    if (s3l_sha256(u->cfg.source_id, u->cfg.source_id_len, d) != 0) return S3L_ERR_HASH;
    memcpy(out, d, 16);
    return S3L_OK;
}

/* ---- init -------------------------------------------------------------------------------- */

int s3l_uploader_init_abi(struct s3l_uploader *u, const struct s3l_uploader_config *cfg,
                          size_t app_size, uint32_t app_config)
{
    const struct s3l_create_mpu_params *p;
    uint32_t n;
    int rc;
    /* before anything is written: u may be smaller in the application than here */
    if (s3l_abi_check(app_size, app_config, sizeof *u) != S3L_OK) return S3L_ERR_ABI;
    if (u == NULL || cfg == NULL) return S3L_ERR_ARG;
    memset(u, 0, sizeof *u);
    p = cfg->create;
    if (cfg->client == NULL || p == NULL || p->bucket == NULL || p->key == NULL ||
        cfg->read_at == NULL || cfg->parts.list == NULL || cfg->parts.etags == NULL ||
        cfg->parts.cap == 0 || (cfg->source_id == NULL && cfg->source_id_len != 0) ||
        (cfg->shape == NULL && cfg->shape_len != 0)) {
        return S3L_ERR_ARG;
    }
    if (p->checksum_algorithm != S3L_CHECKSUM_NONE) {
        if (s3l_checksum_len(p->checksum_algorithm) == 0) return S3L_ERR_ENUM;
        if (cfg->parts.checksums == NULL) return S3L_ERR_ARG;
    }
    if (p->checksum_type != 0 && p->checksum_type != S3L_CHECKSUM_COMPOSITE &&
        p->checksum_type != S3L_CHECKSUM_FULL_OBJECT) {
        return S3L_ERR_ENUM;
    }
    if (p->checksum_type == S3L_CHECKSUM_FULL_OBJECT &&
        !s3l_checksum_is_crc(p->checksum_algorithm)) {
        return S3L_ERR_ENUM;
    }
    u->cfg = *cfg;
    if (u->cfg.complete_tries == 0) u->cfg.complete_tries = 3;
    if (u->cfg.list_page == 0) u->cfg.list_page = 1000;
    u->alg = p->checksum_algorithm;
    u->type = p->checksum_type != 0 ? p->checksum_type : S3L_CHECKSUM_COMPOSITE;
    rc = s3l_uploader_part_size(cfg->size_hint, cfg->part_size, cfg->allow_small_parts,
                                &u->part_size);
    if (rc != S3L_OK) return rc;
    if (cfg->size_hint != 0 && parts_of(u, cfg->size_hint) > cfg->parts.cap) {
        return S3L_ERR_TOO_MANY;
    }
    rc = target_digest(u, u->target_digest);
    if (rc == S3L_OK) rc = source_digest(u, u->source_digest);
    if (rc != S3L_OK) return rc;
    for (n = 0; n < cfg->parts.cap; n++) {
        u->cfg.parts.etags[n][0] = '\0';
        if (u->cfg.parts.checksums != NULL) u->cfg.parts.checksums[n][0] = '\0';
    }
    u->next_part = 1;
    u->phase = S3L_UPLOADER_CREATE;
    return S3L_OK;
}

void s3l_uploader_source(struct s3l_uploader *u, uint64_t available, unsigned closed)
{
    if (u == NULL) return;
    if (available > u->available || closed) u->available = available;
    u->closed = closed ? 1u : 0u;
}

/* ---- the state blob ------------------------------------------------------------------------- */

/* Serialise the state into u->blob; returns its length. */
static size_t state_write(struct s3l_uploader *u)
{
    uint8_t *b = u->blob;
    size_t id_len = strlen(u->upload_id), pos;
    unsigned ranges = 0;
    uint32_t n = 1, last = u->cfg.parts.cap < S3L_UPLOADER_PARTS_MAX ? u->cfg.parts.cap
                                                                     : S3L_UPLOADER_PARTS_MAX;
    uint8_t *rp;
    memcpy(b, MAGIC, 4);
    b[4] = S3L_UPLOADER_STATE_VERSION;
    b[5] = (uint8_t)((u->closed ? FLAG_CLOSED : 0u) | (u->complete_sent ? FLAG_COMPLETE_SENT : 0u) |
                     (u->create_sent_at != 0 ? FLAG_CREATE_SENT : 0u));
    memcpy(b + 8, u->target_digest, 16);
    memcpy(b + 24, u->source_digest, 16);
    put_le(b + 40, u->part_size, 8);
    put_le(b + 48, u->available, 8);
    put_le(b + 56, u->bytes_done, 8);
    put_le(b + AT_CREATE_TIME, (uint64_t)u->create_sent_at, 8);
    b[AT_ID_LEN] = (uint8_t)id_len;
    memcpy(b + AT_ID, u->upload_id, id_len);
    rp = b + AT_ID + id_len;
    /* runs of done parts; past S3L_UPLOADER_RANGES runs the rest is left to ListParts */
    while (n <= last && ranges < S3L_UPLOADER_RANGES) {
        uint32_t first;
        while (n <= last && !part_done(u, n)) n++;
        if (n > last) break;
        first = n;
        while (n <= last && part_done(u, n)) n++;
        put_le(rp, first, 2);
        put_le(rp + 2, n - first, 2);
        rp += 4;
        ranges++;
    }
    b[AT_RANGES] = (uint8_t)ranges;
    pos = (size_t)(rp - b);
    put_le(b + 6, pos + 4, 2);
    put_le(rp, s3l_crc32_update(0, b, pos), 4);
    return pos + 4;
}

static int save_state(struct s3l_uploader *u)
{
    size_t len;
    int rc;
    if (u->cfg.save == NULL) return S3L_OK;
    len = state_write(u);
    rc = u->cfg.save(u->cfg.ctx, u->blob, len);
    if (rc != S3L_OK) {
        u->failed_op = "saving the state";
        return rc < 0 ? rc : S3L_ERR_IO;
    }
    return S3L_OK;
}

/* Magic, length, CRC and version of a blob; the upload id's length on success. */
static int state_check(const uint8_t *b, size_t len, size_t *id_len)
{
    size_t ranges;
    if (b == NULL || len < S3L_UPLOADER_STATE_FIXED || len > S3L_UPLOADER_STATE_MAX ||
        memcmp(b, MAGIC, 4) != 0 || get_le(b + 6, 2) != len ||
        (uint32_t)get_le(b + len - 4, 4) != s3l_crc32_update(0, b, len - 4)) {
        return S3L_ERR_STATE_CORRUPT;
    }
    if (b[4] != S3L_UPLOADER_STATE_VERSION) return S3L_ERR_STATE_VERSION;
    *id_len = b[AT_ID_LEN];
    ranges = b[AT_RANGES];
    /* no upload id only while a Create's answer is awaited: no part can be done then */
    if ((*id_len == 0) != ((b[5] & FLAG_CREATE_SENT) != 0) || (*id_len == 0 && ranges != 0) ||
        *id_len >= S3L_UPLOAD_ID_MAX || ranges > S3L_UPLOADER_RANGES ||
        S3L_UPLOADER_STATE_FIXED + *id_len + 4 * ranges != len ||
        memchr(b + AT_ID, '\0', *id_len) != NULL) {
        return S3L_ERR_STATE_CORRUPT;
    }
    return S3L_OK;
}

int s3l_uploader_blob_upload_id(const uint8_t *blob, size_t len, char *out, size_t cap)
{
    size_t id_len;
    int rc = state_check(blob, len, &id_len);
    if (rc != S3L_OK) return rc;
    if (out == NULL || cap <= id_len) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(out, blob + AT_ID, id_len); /* "" when the Create's answer was never saved */
    out[id_len] = '\0';
    return S3L_OK;
}

int s3l_uploader_load(struct s3l_uploader *u, const uint8_t *b, size_t len)
{
    size_t id_len, i, ranges;
    uint32_t recorded = 0;
    int rc;
    if (u == NULL) return S3L_ERR_ARG;
    if (u->phase != S3L_UPLOADER_CREATE) return S3L_ERR_STATE;
    rc = state_check(b, len, &id_len);
    if (rc != S3L_OK) return rc;
    if (memcmp(b + 8, u->target_digest, 16) != 0 || get_le(b + 40, 8) != u->part_size) {
        return S3L_ERR_STATE_TARGET;
    }
    if (memcmp(b + 24, u->source_digest, 16) != 0) return S3L_ERR_STATE_SOURCE;
    /* a closed source cannot have changed size; one that was growing cannot have shrunk */
    if (u->closed && ((b[5] & FLAG_CLOSED) ? get_le(b + 48, 8) != u->available
                                          : get_le(b + 48, 8) > u->available)) {
        return S3L_ERR_STATE_SOURCE;
    }
    ranges = b[AT_RANGES];
    for (i = 0; i < ranges; i++) {
        const uint8_t *r = b + AT_ID + id_len + 4 * i;
        uint64_t first = get_le(r, 2), count = get_le(r + 2, 2);
        if (first == 0 || count == 0 || first + count - 1 > S3L_UPLOADER_PARTS_MAX) {
            return S3L_ERR_STATE_CORRUPT;
        }
        recorded += (uint32_t)count;
    }
    memcpy(u->upload_id, b + AT_ID, id_len);
    u->upload_id[id_len] = '\0';
    if (id_len == 0) {
        /* A Create went out and its answer was lost with the power: that upload may be open
         * on the server, unknown to us. Say since when (the caller may look for it with
         * ListMultipartUploads and abort it) and create anew; the next save forgets it. */
        u->create_sent_at = (int64_t)get_le(b + AT_CREATE_TIME, 8);
        u->loaded_size = get_le(b + 48, 8);
        u->loaded_closed = (b[5] & FLAG_CLOSED) != 0;
        return S3L_OK; /* phase stays CREATE */
    }
    u->loaded_size = get_le(b + 48, 8);
    u->loaded_closed = (b[5] & FLAG_CLOSED) != 0;
    u->complete_sent = (b[5] & FLAG_COMPLETE_SENT) != 0;
    u->parts_recorded = recorded;
    u->parts_done = recorded; /* until ListParts says */
    u->bytes_done = get_le(b + 56, 8);
    u->list_marker = 0;
    u->phase = S3L_UPLOADER_LIST;
    return S3L_OK;
}

/* ---- reading the source ------------------------------------------------------------------------ */

static long part_read(void *ctx, uint8_t *buf, size_t cap)
{
    struct s3l_uploader *u = ctx;
    size_t want = cap;
    long n;
    if (u->rd.pos >= u->rd.len) return 0;
    if ((uint64_t)want > u->rd.len - u->rd.pos) want = (size_t)(u->rd.len - u->rd.pos);
    n = u->cfg.read_at(u->cfg.ctx, u->rd.offset + u->rd.pos, buf, want);
    if (n <= 0 || (size_t)n > want) {
        /* the source ended before the part did, or failed */
        u->read_rc = n < 0 ? n : S3L_ERR_IO;
        return S3L_ERR_IO;
    }
    u->rd.pos += (uint64_t)n;
    return n;
}

static int part_rewind(void *ctx)
{
    struct s3l_uploader *u = ctx;
    u->rd.pos = 0;
    return S3L_OK;
}

static void part_open(struct s3l_uploader *u, uint32_t n, uint64_t len)
{
    u->rd.offset = (uint64_t)(n - 1) * u->part_size;
    u->rd.len = len;
    u->rd.pos = 0;
}

/* The engine of the upload's checksum algorithm: the one the client computes it with (its
 * cfg.checksums), so that the uploader links no engine the application did not name. NULL
 * when the client has none (its UploadPart would refuse the algorithm anyway). */
static const struct s3l_checksum_algo *engine(const struct s3l_uploader *u)
{
    return s3l_checksum_algo_find(u->cfg.client->cfg.checksums, u->alg);
}

/* The local checksum of part n (len bytes) as base64 into out, and its MD5 (what S3's ETag of
 * a part is, without SSE-KMS or SSE-C), in one read of the part. */
static int local_digests(struct s3l_uploader *u, uint32_t n, uint64_t len, char *out, size_t cap,
                         uint8_t md5[S3L_MD5_LEN])
{
    struct s3l_checksum ck;
    s3l_md5_ctx m;
    size_t got = 0;
    uint64_t guard;
    int rc = s3l_checksum_start_algo(&ck, engine(u));
    if (rc != S3L_OK) return rc;
    if (s3l_md5_start(&m) != 0) {
        s3l_checksum_wipe(&ck);
        return S3L_ERR_HASH;
    }
    part_open(u, n, len);
    /* each read returns at least one byte or ends the loop */
    for (guard = 0; rc == S3L_OK && guard <= len && u->rd.pos < len; guard++) {
        long k = part_read(u, u->buf, sizeof u->buf);
        if (k < 0) {
            rc = S3L_ERR_IO;
            break;
        }
        rc = s3l_checksum_update(&ck, u->buf, (size_t)k);
        if (rc == S3L_OK && s3l_md5_update(&m, u->buf, (size_t)k) != 0) rc = S3L_ERR_HASH;
    }
    if (rc == S3L_OK && s3l_md5_finish(&m, md5) != 0) rc = S3L_ERR_HASH;
    s3l_md5_wipe(&m);
    if (rc != S3L_OK) {
        s3l_checksum_wipe(&ck);
        return rc;
    }
    return s3l_checksum_finish_base64(&ck, out, cap, &got);
}

/* 1 when etag is the quoted (or bare) lower- or upper-case hex of md5. */
static int etag_is_md5(const char *etag, const uint8_t md5[S3L_MD5_LEN])
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(etag), i;
    if (len == 34 && etag[0] == '"' && etag[33] == '"') {
        etag++;
    } else if (len != 32) {
        return 0;
    }
    for (i = 0; i < 32; i++) {
        char c = etag[i];
        unsigned nib = (unsigned)(i % 2 == 0 ? md5[i / 2] >> 4 : md5[i / 2] & 15u);
        if (c >= 'A' && c <= 'F') c = (char)(c - 'A' + 'a');
        if (c != hex[nib]) return 0;
    }
    return 1;
}

/* ---- the steps ---------------------------------------------------------------------------------- */

/* A failure the same request may get past when repeated (a lost or 5xx answer). */
static int retryable(int rc, const struct s3l_s3_error *err)
{
    switch (rc) {
    case S3L_ERR_S3:
    case S3L_ERR_HTTP_STATUS: return err->retryable;
    case S3L_ERR_ARG:
    case S3L_ERR_BUF_TOO_SMALL:
    case S3L_ERR_BAD_CHAR:
    case S3L_ERR_RANGE:
    case S3L_ERR_ENUM:
    case S3L_ERR_TOO_MANY:
    case S3L_ERR_IO:
    case S3L_ERR_NOT_REWINDABLE:
    case S3L_ERR_HASH: return 0;
    default: return 1; /* transport, framing, a cut or odd body */
    }
}

/* The upload id is unknown to the server: NoSuchUpload (S3), NoSuchKey (RGW answers so for a
 * completed or aborted upload), or a bare 404. */
static int upload_gone(int rc, const struct s3l_s3_error *err)
{
    if (rc == S3L_ERR_S3) {
        return err->code_enum == S3L_S3_NO_SUCH_UPLOAD || err->code_enum == S3L_S3_NO_SUCH_KEY;
    }
    return rc == S3L_ERR_HTTP_STATUS && err->http_status == 404;
}

static int fail(struct s3l_uploader *u, int rc, const char *op, uint32_t part)
{
    u->failed_op = op;
    u->failed_part = part;
    return rc;
}

/* Now in Unix seconds as the client signs with: the platform's clock corrected by the
 * server's. */
static int64_t server_now(const struct s3l_uploader *u)
{
    const struct s3l_client *c = u->cfg.client;
    return c->cfg.platform->now(c->cfg.platform->ctx) + c->clock_offset;
}

static int step_create(struct s3l_uploader *u)
{
    struct s3l_create_mpu_result *res = &u->r.create;
    int rc;
    /* Record that a Create goes out before it does: if the power goes before its answer is
     * saved, the next run knows an upload may have been left open, and since when. */
    u->create_sent_at = server_now(u);
    if (u->create_sent_at <= 0) u->create_sent_at = 1;
    rc = save_state(u);
    if (rc != S3L_OK) return fail(u, rc, "saving the state", 0);
    memset(res, 0, sizeof *res);
    rc = s3l_client_create_mpu(u->cfg.client, u->cfg.create, res, &u->err);
    if (rc != S3L_OK) return fail(u, rc, "CreateMultipartUpload", 0);
    if ((res->truncated & S3L_TRUNC_UPLOAD_ID) || res->upload_id[0] == '\0') {
        /* an id we cannot keep cannot be used, nor aborted */
        return fail(u, S3L_ERR_BUF_TOO_SMALL, "CreateMultipartUpload", 0);
    }
    memcpy(u->upload_id, res->upload_id, sizeof u->upload_id);
    u->create_sent_at = 0;
    u->phase = S3L_UPLOADER_PARTS;
    rc = save_state(u);
    return rc != S3L_OK ? rc : S3L_PENDING;
}

/* ListParts item: keep a listed part when its size is right and its bytes exist here. */
static int on_listed_part(void *ctx, const void *item)
{
    struct s3l_uploader *u = ctx;
    const struct s3l_part_info *p = item;
    uint32_t n = p->part_number;
    uint64_t len;
    int ready;
    u->parts_listed++;
    if (n == 0 || n > S3L_UPLOADER_PARTS_MAX) return 0;
    if (n > u->cfg.parts.cap) return 0; /* beyond what this object needs or can hold */
    len = part_len(u, n, &ready);
    if (!ready || p->size != len || p->etag[0] == '\0' || (p->truncated & S3L_TRUNC_ETAG)) {
        return 0; /* resent later */
    }
    if (u->alg != S3L_CHECKSUM_NONE) {
        const char *v = checksum_field(&p->checksums, u->alg);
        size_t vl = str_len(v);
        if (vl > S3L_CHECKSUM_B64_MAX || (p->truncated & (S3L_TRUNC_CHECKSUM_CRC |
                                                           S3L_TRUNC_CHECKSUM_SHA))) {
            return 0;
        }
        /* "" when the server keeps no checksum (RGW 16): the ETag, an MD5, must prove it */
        memcpy(u->cfg.parts.checksums[n - 1], v, vl + 1);
    }
    memcpy(u->cfg.parts.etags[n - 1], p->etag, S3L_ETAG_MAX);
    return 0;
}

static int step_list(struct s3l_uploader *u)
{
    struct s3l_list_parts_params p;
    const struct s3l_create_mpu_params *c = u->cfg.create;
    uint32_t n;
    int rc;
    if (u->list_marker == 0) {
        /* ListParts is the truth: start from nothing */
        for (n = 1; n <= u->cfg.parts.cap; n++) forget_part(u, n);
        u->parts_listed = 0;
        u->next_part = 1;
    }
    memset(&p, 0, sizeof p);
    p.bucket = c->bucket;
    p.key = c->key;
    p.key_len = c->key_len;
    p.upload_id = u->upload_id;
    p.max_parts = u->cfg.list_page;
    p.part_number_marker = u->list_marker;
    p.request_payer = c->request_payer;
    p.expected_bucket_owner = c->expected_bucket_owner;
    p.sse_c = c->sse_c;
    memset(&u->r.list, 0, sizeof u->r.list);
    u->r.list.res.parts.items = &u->r.list.item;
    u->r.list.res.parts.cap = 1;
    u->r.list.res.parts.on_item = on_listed_part;
    u->r.list.res.parts.ctx = u;
    rc = s3l_client_list_parts(u->cfg.client, &p, &u->r.list.res, &u->err);
    if (upload_gone(rc, &u->err)) {
        if (u->complete_sent) {
            u->phase = S3L_UPLOADER_CHECK; /* completed, or gone: HeadObject says which */
            return S3L_PENDING;
        }
        return fail(u, S3L_ERR_UPLOAD_LOST, "ListParts", 0);
    }
    if (rc != S3L_OK) return fail(u, rc, "ListParts", 0);
    if (u->r.list.res.has_more && u->r.list.res.next_part_number_marker > u->list_marker) {
        u->list_marker = u->r.list.res.next_part_number_marker;
        return S3L_PENDING;
    }
    /* a server saying "more" without moving on would list forever: stop here */
    u->list_marker = 0;
    u->verify_part = 1;
    u->phase = u->alg != S3L_CHECKSUM_NONE ? S3L_UPLOADER_VERIFY : S3L_UPLOADER_PARTS;
    recount(u);
    u->parts_kept = u->parts_done;
    return S3L_PENDING;
}

/* Re-hash one listed part and compare it with what the server holds. */
static int step_verify(struct s3l_uploader *u)
{
    char mine[S3L_CHECKSUM_B64_MAX + 1];
    uint8_t md5[S3L_MD5_LEN];
    uint32_t n = u->verify_part;
    uint64_t len;
    int ready, rc;
    while (n <= u->cfg.parts.cap && !part_done(u, n)) n++;
    if (n > u->cfg.parts.cap) {
        recount(u);
        u->parts_kept = u->parts_done;
        u->phase = S3L_UPLOADER_PARTS;
        return S3L_PENDING;
    }
    len = part_len(u, n, &ready);
    rc = local_digests(u, n, len, mine, sizeof mine, md5);
    if (rc != S3L_OK) return fail(u, rc, "reading the source", n);
    if (u->cfg.parts.checksums[n - 1][0] != '\0') {
        if (strcmp(mine, u->cfg.parts.checksums[n - 1]) != 0) forget_part(u, n);
    } else if (etag_is_md5(u->cfg.parts.etags[n - 1], md5)) {
        memcpy(u->cfg.parts.checksums[n - 1], mine, sizeof mine); /* for Complete's list */
    } else {
        forget_part(u, n); /* nothing proves the server's bytes are these */
    }
    u->verify_part = n + 1;
    return S3L_PENDING;
}

static int step_part(struct s3l_uploader *u, uint32_t n, uint64_t len)
{
    const struct s3l_create_mpu_params *c = u->cfg.create;
    struct s3l_upload_part_params p;
    struct s3l_upload_part_result *res = &u->r.part;
    struct s3l_body body;
    int rc;
    memset(&p, 0, sizeof p);
    p.bucket = c->bucket;
    p.key = c->key;
    p.key_len = c->key_len;
    p.upload_id = u->upload_id;
    p.part_number = n;
    p.content_length = len;
    p.checksum_algorithm = u->alg;
    p.sse_c = c->sse_c;
    p.request_payer = c->request_payer;
    p.expected_bucket_owner = c->expected_bucket_owner;
    memset(&body, 0, sizeof body);
    body.reader.read = part_read;
    body.reader.rewind = part_rewind;
    body.reader.ctx = u;
    body.mode = u->cfg.mode;
    body.checksum = u->alg;
    body.expect = u->cfg.expect;
    part_open(u, n, len);
    u->read_rc = 0;
    memset(res, 0, sizeof *res);
    rc = s3l_client_upload_part(u->cfg.client, &p, &body, res, &u->err);
    if (rc != S3L_OK) return fail(u, rc, "UploadPart", n);
    if (res->etag[0] == '\0' || (res->truncated & S3L_TRUNC_ETAG)) {
        return fail(u, S3L_ERR_BUF_TOO_SMALL, "UploadPart", n);
    }
    if (u->alg != S3L_CHECKSUM_NONE) {
        if (body.checksum_b64[0] == '\0') return fail(u, S3L_ERR_CHECKSUM, "UploadPart", n);
        memcpy(u->cfg.parts.checksums[n - 1], body.checksum_b64, sizeof body.checksum_b64);
    }
    memcpy(u->cfg.parts.etags[n - 1], res->etag, S3L_ETAG_MAX);
    u->parts_sent++;
    u->parts_done++;
    u->bytes_done += len;
    rc = save_state(u);
    return rc != S3L_OK ? rc : S3L_PENDING;
}

/* The next part to send, or what to do instead. */
static int step_parts(struct s3l_uploader *u)
{
    uint32_t n = u->next_part, total;
    uint64_t len;
    int ready;
    if (u->available > S3L_UPLOADER_OBJECT_MAX) return fail(u, S3L_ERR_RANGE, "source", 0);
    while (n <= u->cfg.parts.cap && part_done(u, n)) n++;
    u->next_part = n;
    total = u->closed ? parts_of(u, u->available) : 0;
    if (u->closed && n > total) {
        u->phase = S3L_UPLOADER_COMPLETE;
        return S3L_PENDING;
    }
    if (n > S3L_UPLOADER_PARTS_MAX) return fail(u, S3L_ERR_RANGE, "source", n);
    len = part_len(u, n, &ready);
    if (!ready) return S3L_WAIT_SOURCE;
    if (n > u->cfg.parts.cap) return fail(u, S3L_ERR_TOO_MANY, "source", n);
    return step_part(u, n, len);
}

/* ---- parts sent by the caller ------------------------------------------------------------ */

int s3l_uploader_part_todo(const struct s3l_uploader *u, uint32_t n,
                           struct s3l_upload_part_params *params, uint64_t *offset,
                           uint64_t *len)
{
    const struct s3l_create_mpu_params *c;
    int ready;
    if (u == NULL || params == NULL || offset == NULL || len == NULL || n == 0) return S3L_ERR_ARG;
    if (u->phase != S3L_UPLOADER_PARTS) return S3L_ERR_STATE;
    if (u->available > S3L_UPLOADER_OBJECT_MAX) return S3L_ERR_RANGE;
    if (part_done(u, n)) return 0;
    if (u->closed && n > parts_of(u, u->available)) return 0;
    if (n > S3L_UPLOADER_PARTS_MAX) return S3L_ERR_RANGE;
    *len = part_len(u, n, &ready);
    if (!ready) return S3L_WAIT_SOURCE;
    if (n > u->cfg.parts.cap) return S3L_ERR_TOO_MANY;
    c = u->cfg.create;
    *offset = (uint64_t)(n - 1) * u->part_size;
    memset(params, 0, sizeof *params);
    params->bucket = c->bucket;
    params->key = c->key;
    params->key_len = c->key_len;
    params->upload_id = u->upload_id;
    params->part_number = n;
    params->content_length = *len;
    params->checksum_algorithm = u->alg;
    params->sse_c = c->sse_c;
    params->request_payer = c->request_payer;
    params->expected_bucket_owner = c->expected_bucket_owner;
    return 1;
}

int s3l_uploader_part_sent(struct s3l_uploader *u, uint32_t n, const char *etag,
                           const char *checksum_b64)
{
    struct s3l_upload_part_params p;
    uint64_t offset = 0, len = 0;
    size_t el, cl = 0;
    int rc;
    if (u == NULL || etag == NULL) return S3L_ERR_ARG;
    rc = s3l_uploader_part_todo(u, n, &p, &offset, &len);
    if (rc != 1) return rc < 0 ? rc : S3L_ERR_ARG;
    el = str_len(etag);
    if (el == 0 || el >= S3L_ETAG_MAX) return S3L_ERR_ARG;
    if (u->alg != S3L_CHECKSUM_NONE) {
        cl = str_len(checksum_b64);
        if (cl == 0 || cl > S3L_CHECKSUM_B64_MAX) return S3L_ERR_ARG;
        memcpy(u->cfg.parts.checksums[n - 1], checksum_b64, cl + 1);
    }
    memcpy(u->cfg.parts.etags[n - 1], etag, el + 1);
    u->parts_sent++;
    u->parts_done++;
    u->bytes_done += len;
    return save_state(u);
}

/* The whole-object checksum from the part checksums (COMPOSITE "b64-N", FULL_OBJECT "b64"). */
static int object_checksum(struct s3l_uploader *u, uint32_t total, char *out, size_t cap)
{
    struct s3l_checksum_mp mp;
    size_t got = 0;
    uint32_t n;
    int rc = s3l_checksum_mp_start_algo(&mp, engine(u), u->type);
    for (n = 1; rc == S3L_OK && n <= total; n++) {
        int ready;
        uint64_t len = part_len(u, n, &ready);
        const char *v = u->cfg.parts.checksums[n - 1];
        rc = s3l_checksum_mp_add_base64(&mp, v, strlen(v), len);
    }
    if (rc == S3L_OK) rc = s3l_checksum_mp_finish(&mp, out, cap, &got);
    s3l_checksum_mp_wipe(&mp);
    return rc;
}

static int step_complete(struct s3l_uploader *u)
{
    const struct s3l_create_mpu_params *c = u->cfg.create;
    struct s3l_complete_mpu_params p;
    char value[S3L_CHECKSUM_VALUE_MAX];
    uint32_t total = parts_of(u, u->available), n;
    unsigned tries;
    int rc = S3L_OK;
    for (n = 1; n <= total; n++) {
        struct s3l_complete_part *e = &u->cfg.parts.list[n - 1];
        e->part_number = n;
        e->etag = u->cfg.parts.etags[n - 1];
        e->checksum = u->alg != S3L_CHECKSUM_NONE ? u->cfg.parts.checksums[n - 1] : NULL;
    }
    memset(&p, 0, sizeof p);
    p.bucket = c->bucket;
    p.key = c->key;
    p.key_len = c->key_len;
    p.upload_id = u->upload_id;
    p.parts = u->cfg.parts.list;
    p.part_count = total;
    p.checksum_algorithm = u->alg;
    p.checksum_type = c->checksum_type;
    if (u->alg != S3L_CHECKSUM_NONE && u->type == S3L_CHECKSUM_FULL_OBJECT) {
        /* S3 checks the whole object's CRC; a COMPOSITE "-N" value is not sent */
        rc = object_checksum(u, total, value, sizeof value);
        if (rc != S3L_OK) return fail(u, rc, "combining part checksums", 0);
        p.checksum_value = value;
    }
    /* S3 checks the object's size against it; not through presigned URLs, which (as s3lite
     * presign and most backends make them) sign no header but Host. */
    p.mpu_object_size = u->cfg.client->cfg.presign == NULL ? u->available : 0;
    p.sse_c = c->sse_c;
    p.request_payer = c->request_payer;
    p.expected_bucket_owner = c->expected_bucket_owner;
    /* From here on the object may exist: say so before asking, so that nothing aborts it */
    u->complete_sent = 1;
    rc = save_state(u);
    if (rc != S3L_OK) return rc;
    for (tries = 0; tries < u->cfg.complete_tries; tries++) {
        memset(&u->r.complete, 0, sizeof u->r.complete);
        u->complete_attempts++;
        rc = s3l_client_complete_mpu(u->cfg.client, &p, &u->r.complete, &u->err);
        if (rc == S3L_OK) {
            u->phase = S3L_UPLOADER_DONE;
            return S3L_OK;
        }
        if (upload_gone(rc, &u->err)) {
            /* an earlier attempt (lost answer) may have completed it */
            u->phase = S3L_UPLOADER_CHECK;
            return S3L_PENDING;
        }
        if (!retryable(rc, &u->err)) break;
    }
    if (!retryable(rc, &u->err)) {
        /* a definite refusal (InvalidPart...): list again before the next Complete */
        u->phase = S3L_UPLOADER_LIST;
        u->list_marker = 0;
    }
    return fail(u, rc, "CompleteMultipartUpload", 0);
}

/* After NoSuchUpload: is the object there the one this upload makes? */
static int step_check(struct s3l_uploader *u)
{
    const struct s3l_create_mpu_params *c = u->cfg.create;
    struct s3l_head_object_params p;
    struct s3l_head_object_result *h = &u->r.head;
    char want[S3L_CHECKSUM_VALUE_MAX], suffix[16];
    uint32_t total = parts_of(u, u->available), n;
    const char *got;
    size_t el, sl;
    int have_sums = u->alg != S3L_CHECKSUM_NONE, rc;
    if (!u->closed) return S3L_WAIT_SOURCE;
    for (n = 1; have_sums && n <= total; n++) {
        if (u->cfg.parts.checksums[n - 1][0] == '\0') have_sums = 0; /* lost with a reboot */
    }
    if (have_sums && object_checksum(u, total, want, sizeof want) != S3L_OK) have_sums = 0;
    memset(&p, 0, sizeof p);
    p.bucket = c->bucket;
    p.key = c->key;
    p.key_len = c->key_len;
    p.sse_c = c->sse_c;
    p.request_payer = c->request_payer;
    p.expected_bucket_owner = c->expected_bucket_owner;
    p.checksum_mode = u->alg != S3L_CHECKSUM_NONE ? S3L_CHECKSUM_MODE_ENABLED : S3L_CHECKSUM_MODE_NONE;
    memset(h, 0, sizeof *h);
    rc = s3l_client_head_object(u->cfg.client, &p, h, &u->err);
    if (rc == S3L_ERR_S3 || rc == S3L_ERR_HTTP_STATUS) {
        if (u->err.http_status == 404) return fail(u, S3L_ERR_UPLOAD_LOST, "HeadObject", 0);
    }
    if (rc != S3L_OK) return fail(u, rc, "HeadObject", 0);
    if (h->content_length != u->available) return fail(u, S3L_ERR_UPLOAD_LOST, "HeadObject", 0);
    got = checksum_field(&h->checksums, u->alg);
    if (have_sums && got != NULL && got[0] != '\0') {
        /* the strongest proof there is: the object's own checksum */
        if (strcmp(got, want) != 0) return fail(u, S3L_ERR_UPLOAD_LOST, "HeadObject", 0);
    } else {
        /* a multipart object's ETag ends "-N" with N its part count */
        int k = 0;
        uint32_t t = total;
        char digits[12];
        do {
            digits[k++] = (char)('0' + t % 10u);
            t /= 10u;
        } while (t != 0 && k < 11);
        sl = 0;
        suffix[sl++] = '-';
        while (k > 0) suffix[sl++] = digits[--k];
        suffix[sl++] = '"';
        suffix[sl] = '\0';
        el = strlen(h->etag);
        if (el < sl || memcmp(h->etag + el - sl, suffix, sl) != 0) {
            return fail(u, S3L_ERR_UPLOAD_LOST, "HeadObject", 0);
        }
    }
    u->confirmed_by_head = 1;
    u->phase = S3L_UPLOADER_DONE;
    return S3L_OK;
}

/* AbortMultipartUpload; err may be NULL (then NoSuchUpload is not told apart). */
static int send_abort(struct s3l_uploader *u, struct s3l_s3_error *err)
{
    const struct s3l_create_mpu_params *c = u->cfg.create;
    struct s3l_abort_mpu_params p;
    int rc;
    memset(&p, 0, sizeof p);
    p.bucket = c->bucket;
    p.key = c->key;
    p.key_len = c->key_len;
    p.upload_id = u->upload_id;
    p.request_payer = c->request_payer;
    p.expected_bucket_owner = c->expected_bucket_owner;
    rc = s3l_client_abort_mpu(u->cfg.client, &p, err);
    if (err != NULL && upload_gone(rc, err)) rc = S3L_OK;
    if (rc == S3L_OK) u->phase = S3L_UPLOADER_ABORTED;
    return rc;
}

/* Abort after a failed step when asked to, or when the failure is definite and no state is
 * kept; never once a Complete may have succeeded. The failure's error document stays in
 * u->err for the caller. */
static void abort_after_failure(struct s3l_uploader *u, int rc)
{
    /* without a save hook nothing can resume it after a definite failure: abort it too */
    int definite_unkept = u->cfg.save == NULL && !retryable(rc, &u->err);
    if (u->complete_sent || u->upload_id[0] == '\0' || rc == S3L_ERR_UPLOAD_LOST) return;
    if (!u->cfg.abort_on_failure && !definite_unkept) return;
    if (send_abort(u, NULL) == S3L_OK) u->aborted = 1;
}

int s3l_uploader_step(struct s3l_uploader *u)
{
    int rc;
    if (u == NULL) return S3L_ERR_ARG;
    u->failed_op = NULL;
    u->failed_part = 0;
    if (u->closed && u->available > S3L_UPLOADER_OBJECT_MAX) {
        /* refused before anything is created when the size is known up front */
        rc = fail(u, S3L_ERR_RANGE, "source", 0);
        if (u->phase != S3L_UPLOADER_CREATE) abort_after_failure(u, rc);
        return rc;
    }
    switch (u->phase) {
    case S3L_UPLOADER_CREATE: rc = step_create(u); break;
    case S3L_UPLOADER_LIST: rc = step_list(u); break;
    case S3L_UPLOADER_VERIFY: rc = step_verify(u); break;
    case S3L_UPLOADER_PARTS: rc = step_parts(u); break;
    case S3L_UPLOADER_COMPLETE: rc = step_complete(u); break;
    case S3L_UPLOADER_CHECK: rc = step_check(u); break;
    default: return S3L_ERR_STATE;
    }
    if (rc < 0) abort_after_failure(u, rc);
    return rc;
}

int s3l_uploader_run(struct s3l_uploader *u)
{
    /* a step is one request: pages, re-hashes and parts are each bounded by 10,000, plus
     * Create, Complete and the check */
    uint32_t guard, limit = 4u * S3L_UPLOADER_PARTS_MAX + 16u;
    int rc = S3L_PENDING;
    for (guard = 0; guard < limit && rc == S3L_PENDING; guard++) rc = s3l_uploader_step(u);
    return rc == S3L_PENDING ? S3L_ERR_STATE : rc;
}

/* ---- the sweep after a lost Create answer -------------------------------------------------- */

/* ListMultipartUploads item: note an upload that the lost Create may have made. */
static int on_swept_upload(void *ctx, const void *item)
{
    struct s3l_uploader_sweep_mem *m = ctx;
    const struct s3l_upload_info *up = item;
    const struct s3l_uploader *u = m->u;
    const struct s3l_create_mpu_params *c = u->cfg.create;
    size_t key_len = c->key_len != 0 ? c->key_len : strlen(c->key);
    struct s3l_tm tm;
    int64_t t;
    if ((up->truncated & (S3L_TRUNC_KEY | S3L_TRUNC_UPLOAD_ID)) || strlen(up->key) != key_len ||
        memcmp(up->key, c->key, key_len) != 0 || up->upload_id[0] == '\0' ||
        m->nfound >= S3L_UPLOADER_SWEEP_IDS) {
        return 0;
    }
    if (s3l_date_parse(up->initiated, S3L_DATE_ISO, &tm, NULL) == S3L_OK &&
        s3l_date_to_unix(&tm, &t) == S3L_OK &&
        t < u->create_sent_at - S3L_UPLOADER_SWEEP_MARGIN_S) {
        return 0; /* older than the lost Create: someone else's, or an earlier run's */
    }
    memcpy(m->found[m->nfound++], up->upload_id, S3L_UPLOAD_ID_MAX);
    return 0;
}

/* One pass over the listing (bounded pages): collects up to S3L_UPLOADER_SWEEP_IDS ids. */
static int sweep_list(struct s3l_uploader *u, struct s3l_uploader_sweep_mem *m)
{
    const struct s3l_create_mpu_params *c = u->cfg.create;
    struct s3l_list_uploads_params p;
    unsigned page;
    m->nfound = 0;
    m->key_marker[0] = '\0';
    m->id_marker[0] = '\0';
    for (page = 0; page < 1000u; page++) {
        int rc;
        memset(&p, 0, sizeof p);
        p.bucket = c->bucket;
        p.prefix = m->prefix;
        p.key_marker = m->key_marker[0] != '\0' ? m->key_marker : NULL;
        p.upload_id_marker = m->id_marker[0] != '\0' ? m->id_marker : NULL;
        p.request_payer = c->request_payer;
        p.expected_bucket_owner = c->expected_bucket_owner;
        memset(&m->res, 0, sizeof m->res);
        m->res.uploads.items = &m->item;
        m->res.uploads.cap = 1;
        m->res.uploads.on_item = on_swept_upload;
        m->res.uploads.ctx = m;
        rc = s3l_client_list_uploads(u->cfg.client, &p, &m->res, &u->err);
        if (rc != S3L_OK) return fail(u, rc, "ListMultipartUploads", 0);
        if (!m->res.has_more || m->nfound >= S3L_UPLOADER_SWEEP_IDS ||
            (m->res.truncated & (S3L_TRUNC_KEY | S3L_TRUNC_UPLOAD_ID)) ||
            m->res.next_key_marker[0] == '\0' ||
            (strcmp(m->res.next_key_marker, m->key_marker) == 0 &&
             strcmp(m->res.next_upload_id_marker, m->id_marker) == 0)) {
            break; /* the end, enough to abort, or markers that would not move */
        }
        memcpy(m->key_marker, m->res.next_key_marker, sizeof m->key_marker);
        memcpy(m->id_marker, m->res.next_upload_id_marker, sizeof m->id_marker);
    }
    return S3L_OK;
}

int s3l_uploader_sweep(struct s3l_uploader *u, struct s3l_uploader_sweep_mem *m)
{
    const struct s3l_create_mpu_params *c;
    size_t key_len;
    unsigned round, i;
    if (u == NULL || m == NULL) return S3L_ERR_ARG;
    if (u->create_sent_at == 0) return S3L_OK;
    if (u->phase != S3L_UPLOADER_CREATE) return S3L_ERR_STATE;
    c = u->cfg.create;
    key_len = c->key_len != 0 ? c->key_len : strlen(c->key);
    if (key_len >= sizeof m->prefix) return S3L_ERR_RANGE;
    memcpy(m->prefix, c->key, key_len);
    m->prefix[key_len] = '\0';
    m->u = u;
    /* each round aborts what one pass found; a pass that found fewer than it can hold saw
     * everything (bounded: S3L_UPLOADER_SWEEP_IDS a round) */
    for (round = 0; round < 16u; round++) {
        int rc = sweep_list(u, m);
        if (rc != S3L_OK) return rc;
        for (i = 0; i < m->nfound; i++) {
            struct s3l_abort_mpu_params p;
            memset(&p, 0, sizeof p);
            p.bucket = c->bucket;
            p.key = c->key;
            p.key_len = c->key_len;
            p.upload_id = m->found[i];
            p.request_payer = c->request_payer;
            p.expected_bucket_owner = c->expected_bucket_owner;
            rc = s3l_client_abort_mpu(u->cfg.client, &p, &u->err);
            if (rc != S3L_OK && !upload_gone(rc, &u->err)) return fail(u, rc, "AbortMultipartUpload", 0);
            u->swept++;
        }
        if (m->nfound < S3L_UPLOADER_SWEEP_IDS) {
            u->create_sent_at = 0;
            return S3L_OK;
        }
    }
    return fail(u, S3L_ERR_TOO_MANY, "ListMultipartUploads", 0);
}

int s3l_uploader_abort(struct s3l_uploader *u)
{
    int rc;
    if (u == NULL) return S3L_ERR_ARG;
    if (u->upload_id[0] == '\0') return S3L_OK;
    rc = send_abort(u, &u->err);
    return rc == S3L_OK ? S3L_OK : fail(u, rc, "AbortMultipartUpload", 0);
}
