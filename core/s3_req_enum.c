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

const char *s3l_enum_name(enum s3l_enum_kind kind, unsigned v)
{
    unsigned k = (unsigned)kind;
    if (k >= sizeof kinds / sizeof kinds[0] || v == 0 || v > kinds[k].count) return NULL;
    return kinds[k].names[v - 1];
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

int s3l_enum_parse(enum s3l_enum_kind kind, const char *s, unsigned *out)
{
    unsigned v;
    if (s == NULL || out == NULL) return S3L_ERR_ARG;
    v = s3l_enum_lookup(kind, s, strlen(s));
    if (v == 0) return S3L_ERR_ENUM;
    *out = v;
    return S3L_OK;
}

int s3l_req_b64_is(const char *s, size_t nbytes)
{
    uint8_t tmp[S3L_CKSUM_MAX_LEN];
    size_t n = 0;
    return s != NULL && nbytes <= sizeof tmp &&
           s3l_base64_decode(s, strlen(s), tmp, sizeof tmp, &n) == S3L_OK && n == nbytes;
}
