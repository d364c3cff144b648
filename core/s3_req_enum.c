/*
 * The S3 enumerations of the request builders: name tables, string <-> enum, and the
 * base64 shape check the builders share.
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/checksum.h"
#include "s3lite/s3_request.h"

/* Index i of each table is the spelling of enum value i + 1 (0 is "not set"). */
static const char *const acl_names[] = {
    "private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read",
    "bucket-owner-read", "bucket-owner-full-control"};
static const char *const sse_names[] = {"AES256", "aws:fsx", "aws:kms", "aws:kms:dsse"};
static const char *const storage_names[] = {
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
    "FSX_OPENZFS", "FSX_ONTAP"};
static const char *const bool_names[] = {"true", "false"};
static const char *const payer_names[] = {"requester"};
static const char *const lock_names[] = {"GOVERNANCE", "COMPLIANCE"};
static const char *const hold_names[] = {"ON", "OFF"};
/* in enum s3l_cksum_alg order (include/s3lite/checksum.h) */
static const char *const cksum_names[] = {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"};
static const char *const cktype_names[] = {"COMPOSITE", "FULL_OBJECT"};
static const char *const ssec_names[] = {"AES256"};
static const char *const encoding_names[] = {"url"};
static const char *const ownership_names[] = {"BucketOwnerPreferred", "ObjectWriter",
                                              "BucketOwnerEnforced"};
static const char *const ckmode_names[] = {"ENABLED"};

#define KIND(t) {t, sizeof t / sizeof t[0]}
static const struct {
    const char *const *names;
    unsigned count;
} kinds[] = {
    /* in enum s3l_enum_kind order */
    KIND(acl_names),    KIND(sse_names),     KIND(storage_names),  KIND(bool_names),
    KIND(payer_names),  KIND(lock_names),    KIND(hold_names),     KIND(cksum_names),
    KIND(cktype_names), KIND(ssec_names),    KIND(encoding_names), KIND(ownership_names),
    KIND(ckmode_names)};

const char *s3l_req_enum_name(unsigned kind, unsigned v)
{
    if (kind >= sizeof kinds / sizeof kinds[0] || v == 0 || v > kinds[kind].count) return NULL;
    return kinds[kind].names[v - 1];
}

unsigned s3l_enum_lookup(enum s3l_enum_kind kind, const char *s, size_t len)
{
    unsigned i, k = (unsigned)kind;
    if (k >= sizeof kinds / sizeof kinds[0] || s == NULL) return 0;
    for (i = 0; i < kinds[k].count; i++) {
        const char *n = kinds[k].names[i];
        if (strlen(n) == len && memcmp(n, s, len) == 0) return i + 1;
    }
    return 0;
}

static int parse(enum s3l_enum_kind kind, const char *s, unsigned *v)
{
    if (s == NULL) return S3L_ERR_ARG;
    *v = s3l_enum_lookup(kind, s, strlen(s));
    return *v != 0 ? S3L_OK : S3L_ERR_ENUM;
}

/* One parser per enum type: the shared lookup, then a store of the right type. */
#define PARSER(fn, type, kind)                                                             \
    int fn(const char *s, type *out)                                                       \
    {                                                                                      \
        unsigned v = 0;                                                                    \
        int rc = out != NULL ? parse(kind, s, &v) : S3L_ERR_ARG;                           \
        if (rc == S3L_OK) *out = (type)v;                                                  \
        return rc;                                                                         \
    }
PARSER(s3l_parse_acl, enum s3l_acl, S3L_EK_ACL)
PARSER(s3l_parse_sse, enum s3l_sse, S3L_EK_SSE)
PARSER(s3l_parse_storage_class, enum s3l_storage_class, S3L_EK_STORAGE_CLASS)
PARSER(s3l_parse_bool, enum s3l_bool, S3L_EK_BOOL)
PARSER(s3l_parse_request_payer, enum s3l_request_payer, S3L_EK_REQUEST_PAYER)
PARSER(s3l_parse_lock_mode, enum s3l_lock_mode, S3L_EK_LOCK_MODE)
PARSER(s3l_parse_legal_hold, enum s3l_legal_hold, S3L_EK_LEGAL_HOLD)
PARSER(s3l_parse_checksum_algorithm, enum s3l_cksum_alg, S3L_EK_CHECKSUM_ALG)
PARSER(s3l_parse_checksum_type, enum s3l_cksum_type, S3L_EK_CHECKSUM_TYPE)
PARSER(s3l_parse_sse_c_algorithm, enum s3l_sse_c_alg, S3L_EK_SSE_C_ALG)
PARSER(s3l_parse_encoding_type, enum s3l_encoding_type, S3L_EK_ENCODING_TYPE)
PARSER(s3l_parse_object_ownership, enum s3l_object_ownership, S3L_EK_OBJECT_OWNERSHIP)
PARSER(s3l_parse_checksum_mode, enum s3l_checksum_mode, S3L_EK_CHECKSUM_MODE)

const char *s3l_acl_name(enum s3l_acl v)
{
    return s3l_req_enum_name(S3L_EK_ACL, (unsigned)v);
}

const char *s3l_sse_name(enum s3l_sse v)
{
    return s3l_req_enum_name(S3L_EK_SSE, (unsigned)v);
}

const char *s3l_storage_class_name(enum s3l_storage_class v)
{
    return s3l_req_enum_name(S3L_EK_STORAGE_CLASS, (unsigned)v);
}

int s3l_req_b64_is(const char *s, size_t nbytes)
{
    uint8_t tmp[S3L_CKSUM_MAX_LEN];
    size_t n = 0;
    return s != NULL && nbytes <= sizeof tmp &&
           s3l_base64_decode(s, strlen(s), tmp, sizeof tmp, &n) == S3L_OK && n == nbytes;
}
