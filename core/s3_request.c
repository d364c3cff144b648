/* SPDX-License-Identifier: MIT */
/*
 * S3 request builders: parameters -> struct s3l_request (see include/s3lite/s3_request.h).
 *
 * Table-driven, for code size (http + xml + operations were budgeted at 6 KB on a
 * Cortex-M4): begin() checks the target and writes Host and the path, then every operation is
 * a run of 4-byte entries (query parameters, headers, checks, end; see s3_req_int.h) that one
 * loop, s3l_req_build(), walks. An entry names its header or parameter (a slice of the names
 * blob), says what kind of value it is, and where the value lives in the params struct. The
 * entries are in wire order and the walk stops at the first error, so the error is the one of
 * the first bad parameter on the wire; then the arena and the header array are rolled back.
 * CreateBucket and GetObject (not of the multipart family) have their runs and wrappers in
 * s3_req_bucket.c.
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/date.h"
#include "s3lite/hash.h"
#include "s3lite/s3_request.h"
#include "s3lite/uri.h"

#define NAME_INIT(f, s) s,
const struct s3l_req_names s3l_req_names = {S3L_REQ_NAMES(NAME_INIT, NAME_INIT)};
typedef char s3l_names_fit[sizeof(struct s3l_req_names) <= 1024 ? 1 : -1];

/* ---- the runs ------------------------------------------------------------------------- */

typedef struct s3l_req_ent ent;
#define CM(f) OFF(struct s3l_create_mpu_params, f)
#define UP(f) OFF(struct s3l_upload_part_params, f)
#define CO(f) OFF(struct s3l_complete_mpu_params, f)
#define AB(f) OFF(struct s3l_abort_mpu_params, f)
#define LP(f) OFF(struct s3l_list_parts_params, f)
#define LU(f) OFF(struct s3l_list_uploads_params, f)
#define PO(f) OFF(struct s3l_put_object_params, f)
#define HO(f) OFF(struct s3l_head_object_params, f)

/* POST /key?uploads */
static const ent run_create[] = {
    E(NM(m_post), K_BEGIN, F_OBJECT | F_BODY),
    E(NS(q_max_uploads, 4), K_Q_BARE, 0),
    E(0, K_ATTRS, 0),
    E(NM(ck_alg), EN(S3L_EK_CHECKSUM_ALG), CM(checksum_algorithm)),
    E(NM(ck_type), EN(S3L_EK_CHECKSUM_TYPE), CM(checksum_type)),
    E(0, K_END, 0)};

/* PUT /key */
static const ent run_put[] = {
    E(NM(m_put), K_BEGIN, F_OBJECT | F_BODY),
    E(0, K_ATTRS, 0),
    E(NM(md5), K_MD5, PO(content_md5)),
    E(0, K_CHECKSUM_SDK, PO(checksum_algorithm)),
    E(NM(if_match), K_STR, PO(if_match)),
    E(NM(if_none), K_STR, PO(if_none_match)),
    E(0, K_LEN, PO(content_length)),
    E(0, K_END, 0)};

/* PUT /key?partNumber=N&uploadId=ID */
static const ent run_part[] = {
    E(NM(m_put), K_BEGIN, F_OBJECT | F_BODY),
    E(NM(q_part), K_Q_PART, UP(part_number)),
    E(NM(q_upload_id), K_Q_UPLOAD, UP(upload_id)),
    E(NM(md5), K_MD5, UP(content_md5)),
    E(0, K_CHECKSUM_SDK, UP(checksum_algorithm)),
    E(0, K_SSEC, UP(sse_c)),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), UP(request_payer)),
    E(NM(owner), K_STR, UP(expected_bucket_owner)),
    E(0, K_LEN, UP(content_length)),
    E(0, K_END, 0)};

/* POST /key?uploadId=ID */
static const ent run_complete[] = {
    E(NM(m_post), K_BEGIN, F_OBJECT | F_BODY),
    E(NM(q_upload_id), K_Q_UPLOAD, CO(upload_id)),
    E(0, K_COMPLETE, 0),
    E(0, K_CHECKSUM, CO(checksum_algorithm)),
    E(NM(ck_type), EN(S3L_EK_CHECKSUM_TYPE), CO(checksum_type)),
    E(NM(mp_size), K_U64, CO(mpu_object_size)),
    E(0, K_SSEC, CO(sse_c)),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), CO(request_payer)),
    E(NM(owner), K_STR, CO(expected_bucket_owner)),
    E(NM(if_match), K_STR, CO(if_match)),
    E(NM(if_none), K_STR, CO(if_none_match)),
    E(0, K_END, 0)};

/* DELETE /key?uploadId=ID */
static const ent run_abort[] = {
    E(NM(m_delete), K_BEGIN, F_OBJECT),
    E(NM(q_upload_id), K_Q_UPLOAD, AB(upload_id)),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), AB(request_payer)),
    E(NM(owner), K_STR, AB(expected_bucket_owner)),
    E(0, K_END, 0)};

/* GET /key?max-parts=N&part-number-marker=M&uploadId=ID */
static const ent run_lparts[] = {
    E(NM(m_get), K_BEGIN, F_OBJECT),
    E(NM(q_max_parts), K_Q_U32, LP(max_parts)),
    E(NM(q_marker), K_Q_U32, LP(part_number_marker)),
    E(NM(q_upload_id), K_Q_UPLOAD, LP(upload_id)),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), LP(request_payer)),
    E(NM(owner), K_STR, LP(expected_bucket_owner)),
    E(0, K_SSEC, LP(sse_c)),
    E(0, K_END, 0)};

/* GET /?...&uploads (sorted: '-' < 's' puts upload-id-marker first) */
static const ent run_luploads[] = {
    E(NM(m_get), K_BEGIN, 0),
    E(0, K_CHECK | EN(S3L_EK_ENCODING_TYPE), LU(encoding_type)),
    E(NM(q_delim), K_Q_STR, LU(delimiter)),
    E(NM(q_enc), K_Q_ENC, LU(encoding_type)),
    E(NM(q_key_marker), K_Q_STR, LU(key_marker)),
    E(NM(q_max_uploads), K_Q_U32, LU(max_uploads)),
    E(NM(q_prefix), K_Q_STR, LU(prefix)),
    E(NM(q_uid_marker), K_Q_STR, LU(upload_id_marker)),
    E(NS(q_max_uploads, 4), K_Q_BARE, 0),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), LU(request_payer)),
    E(NM(owner), K_STR, LU(expected_bucket_owner)),
    E(0, K_END, 0)};

/* HEAD /key?partNumber=N&versionId=V (GetObject, in s3_req_bucket.c, sends it as GET) */
static const ent run_head[] = {
    E(NM(m_head), K_BEGIN, F_OBJECT),
    E(NM(q_part), K_Q_PART0, HO(part_number)),
    E(NM(q_version), K_Q_STR, HO(version_id)),
    E(NM(if_match), K_STR, HO(if_match)),
    E(NM(if_mod), K_HTTPDATE, HO(if_modified_since)),
    E(NM(if_none), K_STR, HO(if_none_match)),
    E(NM(if_unmod), K_HTTPDATE, HO(if_unmodified_since)),
    E(NM(range), K_STR, HO(range)),
    E(0, K_SSEC, HO(sse_c)),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), HO(request_payer)),
    E(NM(owner), K_STR, HO(expected_bucket_owner)),
    E(NM(ck_mode), EN(S3L_EK_CHECKSUM_MODE), HO(checksum_mode)),
    E(0, K_END, 0)};

/* struct s3l_object_attrs and its neighbours, in the reference page's order
 * (CreateMultipartUpload's offsets; PutObject's are the same, checked below) */
static const ent run_attrs[] = {
    E(NM(acl), EN(S3L_EK_ACL), CM(attrs.acl)),
    E(NM(cache), K_STR, CM(attrs.cache_control)),
    E(NM(disp), K_STR, CM(attrs.content_disposition)),
    E(NM(cenc), K_STR, CM(attrs.content_encoding)),
    E(NM(lang), K_STR, CM(attrs.content_language)),
    E(NM(ctype), K_STR, CM(attrs.content_type)),
    E(NM(expires), K_HTTPDATE, CM(attrs.expires)),
    E(NM(grant_fc), K_GRANT, CM(attrs.grant_full_control)),
    E(NP(grant_racp, 16), K_GRANT, CM(attrs.grant_read)),
    E(NM(grant_racp), K_GRANT, CM(attrs.grant_read_acp)),
    E(NM(grant_wacp), K_GRANT, CM(attrs.grant_write_acp)),
    E(NM(meta), K_META, CM(attrs.metadata)),
    E(NP(ssec_md5, 28), EN(S3L_EK_SSE), CM(attrs.sse)),
    E(NM(storage), EN(S3L_EK_STORAGE_CLASS), CM(attrs.storage_class)),
    E(NM(redirect), K_REDIRECT, CM(attrs.website_redirect_location)),
    E(0, K_SSEC, CM(sse_c)),
    E(NM(kms_key), K_STR, CM(attrs.sse_kms_key_id)),
    E(NM(kms_ctx), K_STR, CM(attrs.sse_kms_context)),
    E(NM(bke), EN(S3L_EK_BOOL), CM(attrs.bucket_key_enabled)),
    E(NM(payer), EN(S3L_EK_REQUEST_PAYER), CM(request_payer)),
    E(NM(tagging), K_TAGGING, CM(attrs.tagging)),
    E(NM(lock_mode), EN(S3L_EK_LOCK_MODE), CM(attrs.object_lock_mode)),
    E(NM(lock_until), K_ISODATE, CM(attrs.object_lock_retain_until)),
    E(NM(lock_hold), EN(S3L_EK_LEGAL_HOLD), CM(attrs.object_lock_legal_hold)),
    E(NM(owner), K_STR, CM(expected_bucket_owner)),
    E(0, K_RET, 0)};

/* Layouts the table relies on. */
#define SAME(T, U, f) (offsetof(T, f) == offsetof(U, f))
#define OBJ_SAME(T)                                                                        \
    (SAME(T, struct s3l_abort_mpu_params, bucket) && SAME(T, struct s3l_abort_mpu_params, key) && \
     SAME(T, struct s3l_abort_mpu_params, key_len))
typedef char s3l_layouts[
    OBJ_SAME(struct s3l_create_mpu_params) && OBJ_SAME(struct s3l_upload_part_params) &&
    OBJ_SAME(struct s3l_complete_mpu_params) && OBJ_SAME(struct s3l_list_parts_params) &&
    OBJ_SAME(struct s3l_put_object_params) && OBJ_SAME(struct s3l_head_object_params) &&
    OBJ_SAME(struct s3l_get_object_params) && offsetof(struct s3l_list_uploads_params, bucket) == 0 &&
    offsetof(struct s3l_create_bucket_params, bucket) == 0 &&
    SAME(struct s3l_create_mpu_params, struct s3l_put_object_params, attrs) &&
    SAME(struct s3l_create_mpu_params, struct s3l_put_object_params, sse_c) &&
    SAME(struct s3l_create_mpu_params, struct s3l_put_object_params, request_payer) &&
    SAME(struct s3l_create_mpu_params, struct s3l_put_object_params, expected_bucket_owner) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, version_id) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, part_number) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, if_match) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, if_modified_since) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, if_none_match) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, if_unmodified_since) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, range) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, sse_c) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, request_payer) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, expected_bucket_owner) &&
    SAME(struct s3l_head_object_params, struct s3l_get_object_params, checksum_mode) &&
    offsetof(struct s3l_object_attrs, metadata_count) == offsetof(struct s3l_object_attrs, metadata) + sizeof(void *)
    ? 1 : -1];

/* The checksum value follows the algorithm the same way in the three structs that have both. */
#define CK_GAP(T) (offsetof(T, checksum_value) - offsetof(T, checksum_algorithm))
typedef char s3l_ck_gap[CK_GAP(struct s3l_upload_part_params) == CK_GAP(struct s3l_put_object_params) &&
                                CK_GAP(struct s3l_upload_part_params) == CK_GAP(struct s3l_complete_mpu_params)
                            ? 1 : -1];

/* Every enum field has one size (1 with -fshort-enums, else an int). */
typedef char s3l_enum_size[(sizeof(enum s3l_acl) == 1 || sizeof(enum s3l_acl) == sizeof(unsigned)) &&
                                   sizeof(enum s3l_sse) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_storage_class) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_bool) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_request_payer) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_lock_mode) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_legal_hold) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_checksum_alg) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_checksum_type) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_sse_c_alg) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_encoding_type) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_object_ownership) == sizeof(enum s3l_acl) &&
                                   sizeof(enum s3l_checksum_mode) == sizeof(enum s3l_acl)
                               ? 1 : -1];

static unsigned get_enum(const void *q)
{
    if (sizeof(enum s3l_acl) == 1) return *(const unsigned char *)q;
    return *(const unsigned *)q;
}

/* ---- the builder state ---------------------------------------------------------------- */

/*
 * The first error ends the walk (a later one could not replace it), so helpers do not test
 * for an earlier error: they set b->err and return, and the walk stops after the entry.
 */
struct bld {
    struct s3l_request *req;
    struct s3l_arena *a;
    size_t used0, count0; /* rollback point */
    int err;              /* the error, 0 until one happens */
    size_t path, path_end, query_end; /* arena offsets; query_end 0 until a parameter is written */
    uint64_t body_len;
    const char *nm; /* the name of the header or query parameter at hand */
    size_t nl;
};

static void set_name(struct bld *b, const char *base, unsigned ref)
{
    b->nm = base + (ref & 1023u);
    b->nl = ref >> 10;
}

/* The same for a name known here: the first len bytes of field f. */
#define SET_NAME(b, f, len) ((b)->nm = s3l_req_names.f, (b)->nl = (len))

/* n bytes at the end of the arena; NULL (and the error set) when it is full. */
static char *alloc(struct bld *b, size_t n)
{
    char *p = s3l_arena_alloc(b->a, n);
    if (p == NULL) b->err = S3L_ERR_BUF_TOO_SMALL;
    return p;
}

/* Copy n bytes to the end of the arena. */
static char *put(struct bld *b, const char *s, size_t n)
{
    char *p = alloc(b, n);
    if (p != NULL) memcpy(p, s, n);
    return p;
}

/* One byte to the end of the arena. */
static char *put_c(struct bld *b, char c)
{
    char *p = alloc(b, 1);
    if (p != NULL) *p = c;
    return p;
}

/* URI-encode s[0..n) to the end of the arena ('/' kept when keep_slash). */
static char *put_enc(struct bld *b, const char *s, size_t n, unsigned keep_slash)
{
    size_t len = s3l_uri_encoded_len(s, n, keep_slash);
    char *p = alloc(b, len);
    if (p != NULL) (void)s3l_uri_encode(s, n, keep_slash, p, len, &len);
    return p;
}

/* sep, then s[0..n) URI-encoded, to the end of the arena. */
static char *put_seg(struct bld *b, char sep, const char *s, size_t n, unsigned keep_slash)
{
    return put_c(b, sep) != NULL ? put_enc(b, s, n, keep_slash) : NULL;
}

/* Decimal digits of v, ending just before end; returns the first one. */
static char *dec(uint64_t v, char *end)
{
    do {
        *--end = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v != 0);
    return end;
}

/* Append the header b->nm: v[0..n). */
static void add(struct bld *b, const char *v, size_t n)
{
    b->err = s3l_headers_add(&b->req->headers, b->nm, b->nl, v, n);
}

/* An optional string header: NULL is "not sent". */
static void add_str(struct bld *b, const char *v)
{
    if (v != NULL) add(b, v, strlen(v));
}

/* Generated text: into the arena, then the header. */
static void add_gen(struct bld *b, const char *v, size_t n)
{
    v = put(b, v, n);
    if (v != NULL) add(b, v, n);
}

/* An optional enum header of entry kind EN(ek) (with K_CHECK: only checked): 0 is "not
 * sent", an unknown value S3L_ERR_ENUM. */
static void add_enum(struct bld *b, unsigned kind, unsigned v)
{
    const char *s = s3l_enum_name((enum s3l_enum_kind)(kind & 31u), v);
    if (v == 0) return;
    if (s == NULL) b->err = S3L_ERR_ENUM;
    else if (!(kind & K_CHECK)) add_str(b, s);
}

/* ---- checked values ------------------------------------------------------------------- */

/* Grantee list: type=value[, type=value...], type id | uri | emailAddress, value "quoted"
 * or bare. S3L_ERR_ENUM for another type, S3L_ERR_ARG for other malformations. */
static int check_grant(const char *s)
{
    static const char types[3][13] = {"id", "uri", "emailAddress"};
    size_t n, t;
    for (;;) {
        while (*s == ' ') s++;
        n = strcspn(s, "=");
        if (s[n] != '=') return S3L_ERR_ARG;
        for (t = 0;; t++) {
            if (t == sizeof types / sizeof types[0]) return S3L_ERR_ENUM;
            if (strlen(types[t]) == n && memcmp(types[t], s, n) == 0) break;
        }
        s += n + 1;
        if (*s == '"') {
            n = strcspn(++s, "\"");
            if (n == 0 || s[n] != '"') return S3L_ERR_ARG;
            n++;
        } else {
            n = strcspn(s, ", \"");
            if (n == 0) return S3L_ERR_ARG;
        }
        for (s += n; *s == ' '; s++) continue;
        if (*s == '\0') return S3L_OK;
        if (*s++ != ',') return S3L_ERR_ARG;
    }
}

/* Tagging: "k=v&k2=v2": no empty tag or key; bytes unreserved, '+' or %XX; at most 10 tags.
 * (An unreserved byte is one that URI-encoding keeps; s3l_uri_decode checks a %XX.) */
static int check_tagging(const char *s)
{
    unsigned tags = 1;
    size_t len = 0, n;
    int in_value = 0;
    for (;; s++) {
        char c = *s;
        if (c == '\0' || c == '&') {
            if (len == 0) return S3L_ERR_ARG;
            if (c == '\0') return tags <= 10 ? S3L_OK : S3L_ERR_RANGE;
            tags++;
            len = 0;
            in_value = 0;
        } else if (c == '=' && !in_value) {
            if (len == 0) return S3L_ERR_ARG;
            in_value = 1;
        } else if (c == '%' && s3l_uri_decode(s, 3, NULL, 0, &n) != S3L_ERR_ARG) {
            s += 2;
            len++;
        } else if (c == '+' || s3l_uri_encoded_len(s, 1, 0) == 1) {
            len++;
        } else {
            return S3L_ERR_ARG;
        }
    }
}

/* A checked header (NULL: not sent): no CR/LF/NUL, then the kind's syntax. */
static void add_checked(struct bld *b, unsigned kind, const char *s, size_t nbytes)
{
    int rc = S3L_OK;
    if (s == NULL) return;
    if (!s3l_is_safe_value(s, strlen(s))) rc = S3L_ERR_BAD_CHAR;
    else if (kind == K_GRANT) rc = check_grant(s);
    else if (kind == K_TAGGING) rc = check_tagging(s);
    else if (kind == K_REDIRECT) {
        if (s[0] != '/' && strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) rc = S3L_ERR_ARG;
    } else if (!s3l_req_b64_is(s, nbytes)) rc = S3L_ERR_BAD_BASE64;
    if (rc != S3L_OK) b->err = rc;
    else add_str(b, s);
}

/* ---- dates ----------------------------------------------------------------------------- */

/*
 * A date header: ISO 8601 "YYYY-MM-DDTHH:MM:SS[.f](Z|+00:00)" or decimal Unix seconds in,
 * an IMF-fixdate (http != 0) or ISO 8601 "YYYY-MM-DDTHH:MM:SS[.f]Z" out. Years 1970..9999.
 * The calendar is s3lite/date's; the text is formatted in place in the arena.
 */
static void add_date(struct bld *b, const char *s, int http)
{
    struct s3l_tm tm;
    size_t fl = 0, len, i;
    int64_t t = 0;
    int rc;
    char *o;
    /* at most 13 digits are read: < 10^13, no overflow */
    for (i = 0; i < 13 && s[i] >= '0' && s[i] <= '9'; i++) t = t * 10 + (s[i] - '0');
    if (i > 0 && i <= 12 && s[i] == '\0') {
        rc = s3l_date_from_unix(t, &tm); /* up to 9999-12-31T23:59:59Z */
    } else {
        rc = s3l_date_parse(s, S3L_DATE_ISO, &tm, &fl);
        if (rc == S3L_OK && tm.year < 1970) rc = S3L_ERR_BAD_DATE;
    }
    if (rc != S3L_OK) {
        b->err = S3L_ERR_BAD_DATE;
        return;
    }
    len = http ? S3L_DATE_HTTP_LEN : S3L_DATE_ISO_LEN + fl;
    o = alloc(b, len);
    if (o == NULL) return;
    s3l_date_format(&tm, http ? S3L_DATE_HTTP : S3L_DATE_ISO, o);
    if (!http) {
        memcpy(o + 19, s + 19, fl); /* the fraction, when an ISO input had one (fl <= 10) */
        o[19 + fl] = 'Z';
    }
    add(b, o, len);
}

/* ---- SSE-C and metadata ----------------------------------------------------------------- */

#define SSEC_KEY_LEN 32

static void add_ssec(struct bld *b, const struct s3l_sse_c *c)
{
    char *k;
    size_t n;
    if (c->algorithm == S3L_SSEC_NONE) {
        if (c->key != NULL || c->key_md5 != NULL) b->err = S3L_ERR_ARG; /* key without algorithm */
        return;
    }
    SET_NAME(b, ssec_alg, sizeof s3l_req_names.ssec_alg);
    add_enum(b, EN(S3L_EK_SSE_C_ALG), (unsigned)c->algorithm);
    if (b->err != S3L_OK) return;
    /* The key's MD5 comes from the caller (s3l_sse_c_key_md5()): MD5 is linked only into
     * images that use SSE-C. */
    if (c->key == NULL || c->key_md5 == NULL) b->err = S3L_ERR_ARG;
    else if (c->key_len != SSEC_KEY_LEN) b->err = S3L_ERR_RANGE;
    else if ((k = alloc(b, 44)) != NULL) {
        (void)s3l_base64_encode(c->key, SSEC_KEY_LEN, k, 44, &n);
        SET_NAME(b, ssec_md5, 41);
        add(b, k, 44);
        SET_NAME(b, ssec_md5, sizeof s3l_req_names.ssec_md5);
        if (b->err != S3L_OK) return;
        add_checked(b, K_MD5, c->key_md5, S3L_MD5_LEN);
    }
}

static void add_meta(struct bld *b, const struct s3l_meta *m, size_t count)
{
    size_t total = 0;
    if (m == NULL && count > 0) b->err = S3L_ERR_ARG;
    for (; count > 0 && b->err == S3L_OK; count--, m++) {
        size_t nl, vl;
        if (m->name == NULL || m->value == NULL) {
            b->err = S3L_ERR_ARG;
            return;
        }
        nl = strlen(m->name);
        vl = strlen(m->value);
        total += nl + vl;
        if (!s3l_is_token(m->name, nl) || !s3l_is_safe_value(m->value, vl)) b->err = S3L_ERR_BAD_CHAR;
        else if (total > S3L_META_MAX) b->err = S3L_ERR_RANGE;
        else if ((b->nm = put(b, s3l_req_names.meta, sizeof s3l_req_names.meta)) != NULL && put(b, m->name, nl) != NULL) {
            b->nl = sizeof s3l_req_names.meta + nl;
            add(b, m->value, vl);
        }
    }
}

/* How many bytes s starts with of a-z 0-9 - and also extra (a host name label's '.'). */
static size_t lower_span(const char *s, char extra)
{
    size_t n = 0;
    for (;; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == extra)) return n;
    }
}

/* ---- begin, query ------------------------------------------------------------------------ */

typedef const char *cstr;
typedef const struct s3l_meta *cmeta;
#define FIELD(p, off, type) (*(const type *)(const void *)((const char *)(p) + (off)))

/*
 * Check the target, write Host and the path. Path-style: /bucket[/key]; virtual-hosted:
 * Host bucket.host and /[key]. A bucket operation has key "" (object 0).
 */
static void begin(struct bld *b, struct s3l_request *req, struct s3l_arena *a,
                  const struct s3l_endpoint *ep, const void *p, unsigned object)
{
    size_t blen, hlen, klen = 0;
    const char *host, *bucket = FIELD(p, 0, cstr), *key = "";
    int err = S3L_ERR_ARG;
    memset(b, 0, sizeof *b);
    if (object) {
        key = FIELD(p, offsetof(struct s3l_abort_mpu_params, key), cstr);
        klen = FIELD(p, offsetof(struct s3l_abort_mpu_params, key_len), size_t);
    }
    if (req == NULL || a == NULL || a->buf == NULL || a->used > a->cap || ep == NULL ||
        ep->host == NULL || bucket == NULL || key == NULL) {
        goto out;
    }
    b->req = req;
    b->a = a;
    b->used0 = a->used;
    b->count0 = req->headers.count;
    host = ep->host;
    blen = strlen(bucket);
    hlen = strlen(host);
    if (klen == 0) klen = strlen(key);
    if (blen == 0 || hlen == 0 || (object && klen == 0) || memchr(bucket, '/', blen) != NULL) goto out;
    err = S3L_ERR_BAD_CHAR;
    /* A key may hold any byte but NUL (CR, LF, TAB included): it travels URI-encoded in the
     * path, where no byte of it can end a line. */
    if (!s3l_is_safe_value(bucket, blen) || !s3l_is_safe_value(host, hlen) ||
        memchr(key, '\0', klen) != NULL) {
        goto out;
    }
    err = S3L_ERR_RANGE;
    if (klen > S3L_KEY_MAX) goto out;
    err = S3L_ERR_ARG;
    if (ep->virtual_hosted) {
        /* the bucket becomes a host name label: a-z 0-9 - . (bucket holds no NUL) */
        if (lower_span(bucket, '.') != blen) goto out;
        host = put(b, bucket, blen);
        if (host == NULL || put_c(b, '.') == NULL || put(b, ep->host, hlen) == NULL) return;
        hlen += blen + 1;
    }
    b->path = a->used;
    if (!ep->virtual_hosted && put_seg(b, '/', bucket, blen, 0) == NULL) return;
    /* the key ("" for a bucket operation, which then has no path of its own when path-style) */
    if ((object || ep->virtual_hosted) && put_seg(b, '/', key, klen, S3L_URI_KEEP_SLASH) == NULL) return;
    b->path_end = a->used;
    SET_NAME(b, host, sizeof s3l_req_names.host);
    add(b, host, hlen);
    return;
out:
    b->err = err;
}

/* Append one query parameter (name[=encoded value]); v NULL writes the bare name. They are
 * written one after the other right behind the path. */
static void query(struct bld *b, const char *v, size_t n)
{
    if (v != NULL && !s3l_is_safe_value(v, n)) {
        b->err = S3L_ERR_BAD_CHAR;
        return;
    }
    if ((b->query_end != 0 && put_c(b, '&') == NULL) || put(b, b->nm, b->nl) == NULL) return;
    if (v != NULL && put_seg(b, '=', v, n, 0) == NULL) return;
    b->query_end = b->a->used;
}

/* ---- the walk --------------------------------------------------------------------------- */

int s3l_req_build(struct s3l_request *req, struct s3l_arena *a, const struct s3l_endpoint *ep,
                  const void *p, const ent *run)
{
    struct bld b;
    const ent *e, *next, *ret = NULL;
    if (p == NULL) return S3L_ERR_ARG;
    begin(&b, req, a, ep, p, run->off & F_OBJECT);
    for (e = run + 1; b.err == S3L_OK; e = next) {
        const char *q, *s;
        char d[20];
        unsigned kind;
        next = e + 1;
        kind = e->kind;
        if (kind == K_END) break;
        q = (const char *)p + e->off * S3L_REQ_OFF_UNIT;
        set_name(&b, kind & K_LOCAL ? (const char *)run : (const char *)&s3l_req_names, e->name);
        kind &= ~(unsigned)K_LOCAL;
        if (kind >= K_ENUM) {
            add_enum(&b, kind, get_enum(q));
            continue;
        }
        switch (kind) {
        case K_ATTRS: ret = next; next = run_attrs; break;
        case K_RET: /* only run_attrs ends so, and only K_ATTRS enters it */
            if (ret != NULL) next = ret;
            else b.err = S3L_ERR_ARG;
            break;
        case K_Q_BARE:
        case K_Q_PART:
        case K_Q_PART0:
        case K_Q_U32:
        case K_U64:
        case K_Q_ENC:
        case K_Q_STR:
        case K_Q_UPLOAD: {
            /* a query parameter, or the one generated number header */
            size_t n = 0;
            s = NULL;
            if (kind <= K_U64 && kind != K_Q_BARE) {
                uint64_t v = kind == K_U64 ? FIELD(q, 0, uint64_t) : FIELD(q, 0, uint32_t);
                if (kind < K_Q_U32 && (v > 10000 || (v == 0 && kind == K_Q_PART))) {
                    b.err = S3L_ERR_RANGE;
                    break;
                }
                if (v != 0) {
                    s = dec(v, d + sizeof d);
                    n = (size_t)(d + sizeof d - s);
                }
            } else if (kind != K_Q_BARE) {
                s = kind == K_Q_ENC ? s3l_enum_name(S3L_EK_ENCODING_TYPE, get_enum(q)) : FIELD(q, 0, cstr);
                if (kind == K_Q_UPLOAD && (s == NULL || s[0] == '\0')) {
                    b.err = S3L_ERR_ARG;
                    break;
                }
                if (s != NULL) n = strlen(s);
            }
            if (kind == K_U64) {
                if (s != NULL) add_gen(&b, s, n);
            } else if (s != NULL || kind == K_Q_BARE) {
                query(&b, s, n);
            }
            break;
        }
        case K_LEN: b.body_len = FIELD(q, 0, uint64_t); break;
        case K_COMPLETE: {
            const struct s3l_complete_mpu_params *c = p;
            struct s3l_complete_body w;
            b.err = s3l_complete_body_init(&w, c->parts, c->part_count, c->checksum_algorithm);
            if (b.err == S3L_OK) b.body_len = w.len;
            break;
        }
        case K_BUCKET: {
            const struct s3l_create_bucket_params *c = p;
            size_t n = 0;
            s = c->location_constraint;
            if (s != NULL && (n = s3l_req_region_len(s)) == 0) b.err = S3L_ERR_ARG;
            /* the canned ACLs S3 accepts for a bucket are the first four */
            else if (c->acl > S3L_ACL_AUTHENTICATED_READ) b.err = S3L_ERR_ENUM;
            if (n != 0) b.body_len = S3L_REQ_CB_LEN(n);
            break;
        }
        case K_SSEC: add_ssec(&b, (const struct s3l_sse_c *)(const void *)q); break;
        case K_META:
            add_meta(&b, FIELD(q, 0, cmeta), FIELD(q, sizeof(void *), size_t));
            break;
        case K_CHECKSUM:
        case K_CHECKSUM_SDK: {
            unsigned alg = get_enum(q);
            size_t len = s3l_checksum_len((enum s3l_checksum_alg)alg);
            s = FIELD(q, CK_GAP(struct s3l_put_object_params), cstr);
            if (s == NULL && (kind == K_CHECKSUM || alg == 0)) break;
            if (len == 0) {
                b.err = alg == 0 ? S3L_ERR_ARG : S3L_ERR_ENUM;
                break;
            }
            if (kind == K_CHECKSUM_SDK) {
                SET_NAME(&b, sdk_alg, sizeof s3l_req_names.sdk_alg);
                add_enum(&b, EN(S3L_EK_CHECKSUM_ALG), alg);
                if (b.err != S3L_OK) break;
            }
            b.nm = s3l_checksum_header_name((enum s3l_checksum_alg)alg);
            b.nl = strlen(b.nm);
            add_checked(&b, K_CHECKSUM, s, len);
            break;
        }
        case K_STR: add_str(&b, FIELD(q, 0, cstr)); break;
        case K_HTTPDATE:
        case K_ISODATE:
            s = FIELD(q, 0, cstr);
            if (s != NULL) add_date(&b, s, kind == K_HTTPDATE);
            break;
        default: add_checked(&b, kind, FIELD(q, 0, cstr), S3L_MD5_LEN); break;
        }
    }
    if (b.err != S3L_OK) {
        if (b.req != NULL) {
            /* the bytes may hold an SSE-C key: wipe, then give them back */
            s3l_wipe(a->buf + b.used0, a->used - b.used0);
            a->used = b.used0;
            req->headers.count = b.count0;
        }
        return b.err;
    }
    req->method = (const char *)&s3l_req_names + (run->name & 1023u);
    req->path = a->buf + b.path;
    req->path_len = b.path_end - b.path;
    req->query = b.query_end != 0 ? a->buf + b.path_end : NULL;
    req->query_len = b.query_end != 0 ? b.query_end - b.path_end : 0;
    req->body_len = b.body_len;
    req->has_body = run->off & F_BODY;
    return S3L_OK;
}


/* ---- the public builders ------------------------------------------------------------------ */

int s3l_build_create_mpu(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                         const struct s3l_create_mpu_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_create);
}

int s3l_build_put_object(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                         const struct s3l_put_object_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_put);
}

int s3l_build_upload_part(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                          const struct s3l_upload_part_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_part);
}

int s3l_build_complete_mpu(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                           const struct s3l_complete_mpu_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_complete);
}

int s3l_build_abort_mpu(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                        const struct s3l_abort_mpu_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_abort);
}

int s3l_build_list_parts(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                         const struct s3l_list_parts_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_lparts);
}

int s3l_build_list_uploads(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                           const struct s3l_list_uploads_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_luploads);
}

int s3l_build_head_object(struct s3l_request *req, struct s3l_arena *arena, const struct s3l_endpoint *ep,
                          const struct s3l_head_object_params *p)
{
    return s3l_req_build(req, arena, ep, p, run_head);
}

/* ---- shared with s3_req_bucket.c ---------------------------------------------------------- */

size_t s3l_req_region_len(const char *r)
{
    size_t n = lower_span(r, '-');
    return r[n] == '\0' ? n : 0;
}
