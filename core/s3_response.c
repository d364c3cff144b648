/*
 * S3 response parsers, table-driven: each operation has a table of the XML element paths
 * and a table of the headers it keeps, each entry an (offset, kind, size class) into its
 * result struct. Names are looked up by FNV-1a hashes folded to 24 bits (core/s3_names.h,
 * generated and checked by the tests): an element path is hashed as it opens, a header name
 * as it arrives. A hit is then confirmed against the name itself, kept once in a packed
 * blob (S3L_NAMES), so a name whose hash merely collides is no match: headers compared
 * case-insensitively in full; an element by its own name exactly, its parents having been
 * confirmed as they opened (an element that is no known path drops its whole subtree).
 * Unknown elements and headers are ignored.
 *
 * Strings are appended as the XML scanner delivers text, cut at the field's size; the
 * struct's first member (`unsigned truncated`) gets the size class's bit. Numbers and
 * booleans are collected in r->num and converted when their element closes.
 */
#include <string.h>

#include "s3_names.h"
#include "s3lite/s3_response.h"

/* ---- tables -------------------------------------------------------------------------------- */

struct fld {
    uint16_t lo;  /* name hash folded to 24 bits (see KEY24): bits 0..15 */
    uint8_t hi;   /* bits 16..23 */
    uint8_t kc;   /* kind << 5 | class. Class: K_STR size class (= truncation bit); K_ITEM
                     list kind; K_INC table */
    uint16_t off; /* offset of the field (or list, or included struct) in its struct */
    uint16_t nm;  /* offset of the name (of a path: its last component) in names[] */
};
#define KEY24(h) (((h) ^ ((h) >> 24)) & 0xFFFFFFu)
#define KEY(f) ((uint32_t)(f)->lo | (uint32_t)(f)->hi << 16)
#define KIND(f) ((unsigned)(f)->kc >> 5)
#define CLS(f) ((unsigned)(f)->kc & 31u)

/* K_NODE: an element with no value of its own whose children are fields. */
enum { K_ROOT, K_STR, K_U32, K_U64, K_BOOL, K_ITEM, K_INC, K_NODE };

static const char names[] = S3L_NAMES;

/* Size classes, in the order of the S3L_TRUNC_* bits. */
enum {
    C_BUCKET, C_KEY, C_UPLOAD_ID, C_ETAG, C_DATE, C_TOKEN, C_OWNER_ID, C_DISPLAY_NAME,
    C_CHECKSUM_CRC, C_CHECKSUM_SHA, C_URL, C_VERSION_ID, C_EXPIRATION, C_KMS_KEY_ID,
    C_SSE_CONTEXT, C_HEADER_VALUE, C_ERROR_CODE, C_ERROR_MESSAGE, C_REQUEST_ID, C_HOST_ID
};
#define SZ_BUCKET S3L_BUCKET_MAX
#define SZ_KEY S3L_KEY_MAX
#define SZ_UPLOAD_ID S3L_UPLOAD_ID_MAX
#define SZ_ETAG S3L_ETAG_MAX
#define SZ_DATE S3L_DATE_MAX
#define SZ_TOKEN S3L_TOKEN_MAX
#define SZ_OWNER_ID S3L_OWNER_ID_MAX
#define SZ_DISPLAY_NAME S3L_DISPLAY_NAME_MAX
#define SZ_CHECKSUM_CRC S3L_CHECKSUM_CRC_MAX
#define SZ_CHECKSUM_SHA S3L_CHECKSUM_SHA_MAX
#define SZ_URL S3L_URL_MAX
#define SZ_VERSION_ID S3L_VERSION_ID_MAX
#define SZ_EXPIRATION S3L_EXPIRATION_MAX
#define SZ_KMS_KEY_ID S3L_KMS_KEY_ID_MAX
#define SZ_SSE_CONTEXT S3L_SSE_CONTEXT_MAX
#define SZ_HEADER_VALUE S3L_HEADER_VALUE_MAX
#define SZ_ERROR_CODE S3L_ERROR_CODE_MAX
#define SZ_ERROR_MESSAGE S3L_ERROR_MESSAGE_MAX
#define SZ_REQUEST_ID S3L_REQUEST_ID_MAX
#define SZ_HOST_ID S3L_HOST_ID_MAX

static const uint16_t sizes[] = {
    SZ_BUCKET, SZ_KEY, SZ_UPLOAD_ID, SZ_ETAG, SZ_DATE, SZ_TOKEN, SZ_OWNER_ID, SZ_DISPLAY_NAME,
    SZ_CHECKSUM_CRC, SZ_CHECKSUM_SHA, SZ_URL, SZ_VERSION_ID, SZ_EXPIRATION, SZ_KMS_KEY_ID,
    SZ_SSE_CONTEXT, SZ_HEADER_VALUE, SZ_ERROR_CODE, SZ_ERROR_MESSAGE, SZ_REQUEST_ID, SZ_HOST_ID};

/* Compile-time checks: the bits agree with the classes, sizes fit the tables. */
typedef char s3l_chk_bits[(S3L_TRUNC_HOST_ID == 1u << C_HOST_ID &&
                           S3L_TRUNC_HEADER_VALUE == 1u << C_HEADER_VALUE &&
                           S3L_TRUNC_CHECKSUM_CRC == 1u << C_CHECKSUM_CRC &&
                           sizeof sizes / sizeof sizes[0] == C_HOST_ID + 1) ? 1 : -1];
typedef char s3l_chk_size[(sizeof(struct s3l_list_uploads_result) < 65536 &&
                           sizeof(struct s3l_head_object_result) < 65536 &&
                           sizeof(struct s3l_s3_error) < 65536 && S3L_KEY_MAX < 65536 &&
                           S3L_ERROR_MESSAGE_MAX < 65536) ? 1 : -1];

/* Entry builders; each checks at compile time that the member has the size its kind says. */
#define CHK(T, m, n) (0 * sizeof(char[sizeof(((T *)0)->m) == (n) ? 1 : -1]))
#define E(k, nm, kind, c, o)                                                                  \
    {(uint16_t)((k) ^ ((k) >> 24)), (uint8_t)((k) >> 16), (uint8_t)((kind) << 5 | (c)),        \
     (uint16_t)(o), (uint16_t)(nm)}
#define ROOT(k) E(k, S3N_##k, K_ROOT, 0, 0)
#define NODE(k) E(k, S3N_##k, K_NODE, 0, 0)
#define STR(k, T, m, c) E(k, S3N_##k, K_STR, C_##c, offsetof(T, m) + CHK(T, m, SZ_##c))
#define U32(k, T, m) E(k, S3N_##k, K_U32, 0, offsetof(T, m) + CHK(T, m, 4))
#define U64(k, T, m) E(k, S3N_##k, K_U64, 0, offsetof(T, m) + CHK(T, m, 8))
#define BOOL(k, T, m) E(k, S3N_##k, K_BOOL, 0, offsetof(T, m) + CHK(T, m, 1))
#define ITEM(k, T, m, l)                                                                       \
    E(k, S3N_##k, K_ITEM, l, offsetof(T, m) + CHK(T, m, sizeof(struct s3l_list)))
#define INC(T, m, t) E(0u, 0u, K_INC, t, offsetof(T, m))
#define N(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))

typedef struct s3l_create_mpu_result CR;
typedef struct s3l_upload_part_result UR;
typedef struct s3l_complete_mpu_result CO;
typedef struct s3l_list_parts_result LP;
typedef struct s3l_part_info PI;
typedef struct s3l_list_uploads_result LU;
typedef struct s3l_upload_info UI;
typedef struct s3l_prefix_info PF;
typedef struct s3l_put_object_result PO;
typedef struct s3l_head_object_result HO;
typedef struct s3l_s3_error ER;

enum { L_PART, L_UPLOAD, L_PREFIX };
static const uint16_t item_size[] = {sizeof(PI), sizeof(UI), sizeof(PF)};

/* XML bodies. The root comes first. */
static const struct fld x_create[] = {
    ROOT(XP_InitiateMultipartUploadResult),
    STR(XP_InitiateMultipartUploadResult_Bucket, CR, bucket, BUCKET),
    STR(XP_InitiateMultipartUploadResult_Key, CR, key, KEY),
    STR(XP_InitiateMultipartUploadResult_UploadId, CR, upload_id, UPLOAD_ID),
};

static const struct fld x_complete[] = {
    ROOT(XP_CompleteMultipartUploadResult),
    STR(XP_CompleteMultipartUploadResult_Location, CO, location, URL),
    STR(XP_CompleteMultipartUploadResult_Bucket, CO, bucket, BUCKET),
    STR(XP_CompleteMultipartUploadResult_Key, CO, key, KEY),
    STR(XP_CompleteMultipartUploadResult_ETag, CO, etag, ETAG),
    STR(XP_CompleteMultipartUploadResult_ChecksumCRC32, CO, checksums.crc32, CHECKSUM_CRC),
    STR(XP_CompleteMultipartUploadResult_ChecksumCRC32C, CO, checksums.crc32c, CHECKSUM_CRC),
    STR(XP_CompleteMultipartUploadResult_ChecksumCRC64NVME, CO, checksums.crc64nvme,
        CHECKSUM_CRC),
    STR(XP_CompleteMultipartUploadResult_ChecksumSHA1, CO, checksums.sha1, CHECKSUM_SHA),
    STR(XP_CompleteMultipartUploadResult_ChecksumSHA256, CO, checksums.sha256, CHECKSUM_SHA),
    STR(XP_CompleteMultipartUploadResult_ChecksumType, CO, checksum_type, TOKEN),
};

static const struct fld x_list_parts[] = {
    ROOT(XP_ListPartsResult),
    STR(XP_ListPartsResult_Bucket, LP, bucket, BUCKET),
    STR(XP_ListPartsResult_Key, LP, key, KEY),
    STR(XP_ListPartsResult_UploadId, LP, upload_id, UPLOAD_ID),
    U32(XP_ListPartsResult_PartNumberMarker, LP, part_number_marker),
    U32(XP_ListPartsResult_NextPartNumberMarker, LP, next_part_number_marker),
    U32(XP_ListPartsResult_MaxParts, LP, max_parts),
    BOOL(XP_ListPartsResult_IsTruncated, LP, is_truncated),
    STR(XP_ListPartsResult_StorageClass, LP, storage_class, TOKEN),
    STR(XP_ListPartsResult_ChecksumAlgorithm, LP, checksum_algorithm, TOKEN),
    STR(XP_ListPartsResult_ChecksumType, LP, checksum_type, TOKEN),
    NODE(XP_ListPartsResult_Initiator),
    STR(XP_ListPartsResult_Initiator_ID, LP, initiator_id, OWNER_ID),
    STR(XP_ListPartsResult_Initiator_DisplayName, LP, initiator_name, DISPLAY_NAME),
    NODE(XP_ListPartsResult_Owner),
    STR(XP_ListPartsResult_Owner_ID, LP, owner_id, OWNER_ID),
    STR(XP_ListPartsResult_Owner_DisplayName, LP, owner_name, DISPLAY_NAME),
    ITEM(XP_ListPartsResult_Part, LP, parts, L_PART),
    U32(XP_ListPartsResult_Part_PartNumber, PI, part_number),
    U64(XP_ListPartsResult_Part_Size, PI, size),
    STR(XP_ListPartsResult_Part_ETag, PI, etag, ETAG),
    STR(XP_ListPartsResult_Part_LastModified, PI, last_modified, DATE),
    STR(XP_ListPartsResult_Part_ChecksumCRC32, PI, checksums.crc32, CHECKSUM_CRC),
    STR(XP_ListPartsResult_Part_ChecksumCRC32C, PI, checksums.crc32c, CHECKSUM_CRC),
    STR(XP_ListPartsResult_Part_ChecksumCRC64NVME, PI, checksums.crc64nvme, CHECKSUM_CRC),
    STR(XP_ListPartsResult_Part_ChecksumSHA1, PI, checksums.sha1, CHECKSUM_SHA),
    STR(XP_ListPartsResult_Part_ChecksumSHA256, PI, checksums.sha256, CHECKSUM_SHA),
};

static const struct fld x_list_uploads[] = {
    ROOT(XP_ListMultipartUploadsResult),
    STR(XP_ListMultipartUploadsResult_Bucket, LU, bucket, BUCKET),
    STR(XP_ListMultipartUploadsResult_KeyMarker, LU, key_marker, KEY),
    STR(XP_ListMultipartUploadsResult_UploadIdMarker, LU, upload_id_marker, UPLOAD_ID),
    STR(XP_ListMultipartUploadsResult_NextKeyMarker, LU, next_key_marker, KEY),
    STR(XP_ListMultipartUploadsResult_NextUploadIdMarker, LU, next_upload_id_marker, UPLOAD_ID),
    STR(XP_ListMultipartUploadsResult_Prefix, LU, prefix, KEY),
    STR(XP_ListMultipartUploadsResult_Delimiter, LU, delimiter, TOKEN),
    STR(XP_ListMultipartUploadsResult_EncodingType, LU, encoding_type, TOKEN),
    U32(XP_ListMultipartUploadsResult_MaxUploads, LU, max_uploads),
    BOOL(XP_ListMultipartUploadsResult_IsTruncated, LU, is_truncated),
    ITEM(XP_ListMultipartUploadsResult_Upload, LU, uploads, L_UPLOAD),
    STR(XP_ListMultipartUploadsResult_Upload_Key, UI, key, KEY),
    STR(XP_ListMultipartUploadsResult_Upload_UploadId, UI, upload_id, UPLOAD_ID),
    STR(XP_ListMultipartUploadsResult_Upload_Initiated, UI, initiated, DATE),
    STR(XP_ListMultipartUploadsResult_Upload_StorageClass, UI, storage_class, TOKEN),
    STR(XP_ListMultipartUploadsResult_Upload_ChecksumAlgorithm, UI, checksum_algorithm, TOKEN),
    STR(XP_ListMultipartUploadsResult_Upload_ChecksumType, UI, checksum_type, TOKEN),
    NODE(XP_ListMultipartUploadsResult_Upload_Initiator),
    STR(XP_ListMultipartUploadsResult_Upload_Initiator_ID, UI, initiator_id, OWNER_ID),
    STR(XP_ListMultipartUploadsResult_Upload_Initiator_DisplayName, UI, initiator_name,
        DISPLAY_NAME),
    NODE(XP_ListMultipartUploadsResult_Upload_Owner),
    STR(XP_ListMultipartUploadsResult_Upload_Owner_ID, UI, owner_id, OWNER_ID),
    STR(XP_ListMultipartUploadsResult_Upload_Owner_DisplayName, UI, owner_name, DISPLAY_NAME),
    ITEM(XP_ListMultipartUploadsResult_CommonPrefixes, LU, prefixes, L_PREFIX),
    STR(XP_ListMultipartUploadsResult_CommonPrefixes_Prefix, PF, prefix, KEY),
};

static const struct fld x_error[] = {
    ROOT(XP_Error),
    STR(XP_Error_Code, ER, code, ERROR_CODE),
    STR(XP_Error_Message, ER, message, ERROR_MESSAGE),
    STR(XP_Error_RequestId, ER, request_id, REQUEST_ID),
    STR(XP_Error_HostId, ER, host_id, HOST_ID),
    STR(XP_Error_Resource, ER, resource, URL),
    STR(XP_Error_Endpoint, ER, endpoint, URL),
    STR(XP_Error_Bucket, ER, bucket, BUCKET),
    STR(XP_Error_BucketName, ER, bucket, BUCKET),
    STR(XP_Error_ServerTime, ER, server_time, DATE),
    STR(XP_Error_RequestTime, ER, request_time, DATE),
    U32(XP_Error_MaxAllowedSkewMilliseconds, ER, max_skew_ms),
    STR(XP_Error_Region, ER, region, TOKEN),
    STR(XP_Error_Type, ER, type, TOKEN),
    U32(XP_Error_PartNumber, ER, part_number),
    STR(XP_Error_ETag, ER, etag, ETAG),
    STR(XP_Error_ArgumentName, ER, argument_name, TOKEN),
    STR(XP_Error_ArgumentValue, ER, argument_value, HEADER_VALUE),
};

/* Headers. K_INC entries splice in a shared table at the member's offset. */
enum { T_SSE, T_CK };

static const struct fld h_sse[] = {
    STR(HN_x_amz_server_side_encryption, struct s3l_sse_info, algorithm, TOKEN),
    STR(HN_x_amz_server_side_encryption_customer_algorithm, struct s3l_sse_info,
        customer_algorithm, TOKEN),
    STR(HN_x_amz_server_side_encryption_customer_key_md5, struct s3l_sse_info, customer_key_md5,
        TOKEN),
    STR(HN_x_amz_server_side_encryption_aws_kms_key_id, struct s3l_sse_info, kms_key_id,
        KMS_KEY_ID),
    STR(HN_x_amz_server_side_encryption_context, struct s3l_sse_info, kms_context, SSE_CONTEXT),
    BOOL(HN_x_amz_server_side_encryption_bucket_key_enabled, struct s3l_sse_info,
         bucket_key_enabled),
};

static const struct fld h_ck[] = {
    STR(HN_x_amz_checksum_crc32, struct s3l_checksums, crc32, CHECKSUM_CRC),
    STR(HN_x_amz_checksum_crc32c, struct s3l_checksums, crc32c, CHECKSUM_CRC),
    STR(HN_x_amz_checksum_crc64nvme, struct s3l_checksums, crc64nvme, CHECKSUM_CRC),
    STR(HN_x_amz_checksum_sha1, struct s3l_checksums, sha1, CHECKSUM_SHA),
    STR(HN_x_amz_checksum_sha256, struct s3l_checksums, sha256, CHECKSUM_SHA),
};

static const struct {
    const struct fld *t;
    uint8_t n;
} incs[] = {{h_sse, N(h_sse)}, {h_ck, N(h_ck)}};

static const struct fld h_create[] = {
    STR(HN_x_amz_abort_date, CR, abort_date, DATE),
    STR(HN_x_amz_abort_rule_id, CR, abort_rule_id, HEADER_VALUE),
    INC(CR, sse, T_SSE),
    STR(HN_x_amz_request_charged, CR, request_charged, TOKEN),
    STR(HN_x_amz_checksum_algorithm, CR, checksum_algorithm, TOKEN),
    STR(HN_x_amz_checksum_type, CR, checksum_type, TOKEN),
};

static const struct fld h_upload_part[] = {
    STR(HN_etag, UR, etag, ETAG),
    INC(UR, checksums, T_CK),
    INC(UR, sse, T_SSE),
    STR(HN_x_amz_request_charged, UR, request_charged, TOKEN),
};

static const struct fld h_complete[] = {
    STR(HN_x_amz_version_id, CO, version_id, VERSION_ID),
    STR(HN_x_amz_expiration, CO, expiration, EXPIRATION),
    INC(CO, sse, T_SSE),
    STR(HN_x_amz_request_charged, CO, request_charged, TOKEN),
};

static const struct fld h_list_parts[] = {
    STR(HN_x_amz_abort_date, LP, abort_date, DATE),
    STR(HN_x_amz_abort_rule_id, LP, abort_rule_id, HEADER_VALUE),
    STR(HN_x_amz_request_charged, LP, request_charged, TOKEN),
};

static const struct fld h_list_uploads[] = {
    STR(HN_x_amz_request_charged, LU, request_charged, TOKEN),
};

static const struct fld h_put[] = {
    STR(HN_etag, PO, etag, ETAG),
    INC(PO, checksums, T_CK),
    STR(HN_x_amz_checksum_type, PO, checksum_type, TOKEN),
    STR(HN_x_amz_version_id, PO, version_id, VERSION_ID),
    STR(HN_x_amz_expiration, PO, expiration, EXPIRATION),
    INC(PO, sse, T_SSE),
    STR(HN_x_amz_request_charged, PO, request_charged, TOKEN),
};

/* HeadObject; GetObject too (its head is at offset 0). */
static const struct fld h_head[] = {
    U64(HN_content_length, HO, content_length),
    STR(HN_etag, HO, etag, ETAG),
    STR(HN_content_type, HO, content_type, HEADER_VALUE),
    STR(HN_last_modified, HO, last_modified, DATE),
    STR(HN_cache_control, HO, cache_control, HEADER_VALUE),
    STR(HN_content_disposition, HO, content_disposition, HEADER_VALUE),
    STR(HN_content_encoding, HO, content_encoding, TOKEN),
    STR(HN_content_language, HO, content_language, TOKEN),
    STR(HN_content_range, HO, content_range, HEADER_VALUE),
    STR(HN_expires, HO, expires, DATE),
    STR(HN_x_amz_website_redirect_location, HO, website_redirect, URL),
    STR(HN_x_amz_storage_class, HO, storage_class, TOKEN),
    U32(HN_x_amz_mp_parts_count, HO, parts_count),
    U32(HN_x_amz_tagging_count, HO, tag_count),
    STR(HN_x_amz_object_lock_mode, HO, lock_mode, TOKEN),
    STR(HN_x_amz_object_lock_retain_until_date, HO, lock_retain_until, DATE),
    STR(HN_x_amz_object_lock_legal_hold, HO, lock_legal_hold, TOKEN),
    STR(HN_x_amz_replication_status, HO, replication_status, TOKEN),
    STR(HN_x_amz_restore, HO, restore, EXPIRATION),
    STR(HN_x_amz_version_id, HO, version_id, VERSION_ID),
    STR(HN_x_amz_expiration, HO, expiration, EXPIRATION),
    BOOL(HN_x_amz_delete_marker, HO, delete_marker),
    STR(HN_x_amz_checksum_type, HO, checksum_type, TOKEN),
    INC(HO, checksums, T_CK),
    INC(HO, sse, T_SSE),
    STR(HN_x_amz_request_charged, HO, request_charged, TOKEN),
};

/* Kept for every response, into struct s3l_s3_error. */
static const struct fld h_err[] = {
    STR(HN_x_amz_request_id, ER, request_id, REQUEST_ID),
    STR(HN_x_amz_id_2, ER, host_id, HOST_ID),
    STR(HN_date, ER, date, DATE),
};

/* Per operation: tables, and which bytes of the result init clears: [0, keep) and
 * [keep_end, size); the caller's inputs (lists, callbacks) live in [keep, keep_end). */
struct op {
    const struct fld *x, *h;
    uint8_t nx, nh;
    uint16_t keep, keep_end, size;
};

#define NOKEEP(T) sizeof(T), sizeof(T), sizeof(T)
static const struct op ops[] = {
    {x_create, h_create, N(x_create), N(h_create), NOKEEP(CR)},
    {NULL, h_upload_part, 0, N(h_upload_part), NOKEEP(UR)},
    {x_complete, h_complete, N(x_complete), N(h_complete), NOKEEP(CO)},
    {NULL, NULL, 0, 0, 0, 0, 0}, /* ABORT_MPU */
    {x_list_parts, h_list_parts, N(x_list_parts), N(h_list_parts), offsetof(LP, parts),
     offsetof(LP, parts) + sizeof(struct s3l_list), sizeof(LP)},
    {x_list_uploads, h_list_uploads, N(x_list_uploads), N(h_list_uploads),
     offsetof(LU, uploads), offsetof(LU, prefixes) + sizeof(struct s3l_list), sizeof(LU)},
    {NULL, h_put, 0, N(h_put), NOKEEP(PO)},
    {NULL, h_head, 0, N(h_head), offsetof(HO, on_meta), offsetof(HO, on_meta_ctx) + sizeof(void *),
     sizeof(HO)},
    {NULL, h_head, 0, N(h_head), offsetof(HO, on_meta), offsetof(HO, on_meta_ctx) + sizeof(void *),
     sizeof(HO)}, /* GET_OBJECT: the sink after the head is an input too */
    {NULL, NULL, 0, 0, 0, 0, 0}, /* CREATE_BUCKET */
    {NULL, NULL, 0, 0, 0, 0, 0}, /* GENERIC */
};
typedef char s3l_chk_ops[(N(ops) == S3L_OP_GENERIC + 1 &&
                          offsetof(struct s3l_get_object_result, head) == 0) ? 1 : -1];

/* Error codes: hash, then enum value | retryable << 7. */
#define CODES(X)                                                                             \
    X(EC_AccessDenied, S3L_S3_ACCESS_DENIED, 0)                                              \
    X(EC_NoSuchUpload, S3L_S3_NO_SUCH_UPLOAD, 0)                                             \
    X(EC_NoSuchKey, S3L_S3_NO_SUCH_KEY, 0)                                                   \
    X(EC_NoSuchBucket, S3L_S3_NO_SUCH_BUCKET, 0)                                             \
    X(EC_InvalidPart, S3L_S3_INVALID_PART, 0)                                                \
    X(EC_InvalidPartOrder, S3L_S3_INVALID_PART_ORDER, 0)                                     \
    X(EC_EntityTooSmall, S3L_S3_ENTITY_TOO_SMALL, 0)                                         \
    X(EC_EntityTooLarge, S3L_S3_ENTITY_TOO_LARGE, 0)                                         \
    X(EC_SignatureDoesNotMatch, S3L_S3_SIGNATURE_DOES_NOT_MATCH, 0)                          \
    X(EC_RequestTimeTooSkewed, S3L_S3_REQUEST_TIME_TOO_SKEWED, 1)                            \
    X(EC_InvalidAccessKeyId, S3L_S3_INVALID_ACCESS_KEY_ID, 0)                                \
    X(EC_ExpiredToken, S3L_S3_EXPIRED_TOKEN, 0)                                              \
    X(EC_TokenRefreshRequired, S3L_S3_EXPIRED_TOKEN, 0)                                      \
    X(EC_InvalidToken, S3L_S3_INVALID_TOKEN, 0)                                              \
    X(EC_AuthorizationHeaderMalformed, S3L_S3_AUTHORIZATION_HEADER_MALFORMED, 0)             \
    X(EC_InvalidArgument, S3L_S3_INVALID_ARGUMENT, 0)                                        \
    X(EC_InvalidRequest, S3L_S3_INVALID_REQUEST, 0)                                          \
    X(EC_InvalidBucketName, S3L_S3_INVALID_BUCKET_NAME, 0)                                   \
    X(EC_BucketAlreadyExists, S3L_S3_BUCKET_ALREADY_EXISTS, 0)                               \
    X(EC_BucketAlreadyOwnedByYou, S3L_S3_BUCKET_ALREADY_OWNED_BY_YOU, 0)                     \
    X(EC_PermanentRedirect, S3L_S3_PERMANENT_REDIRECT, 0)                                    \
    X(EC_TemporaryRedirect, S3L_S3_TEMPORARY_REDIRECT, 0)                                    \
    X(EC_BadDigest, S3L_S3_BAD_DIGEST, 0)                                                    \
    X(EC_InvalidDigest, S3L_S3_INVALID_DIGEST, 0)                                            \
    X(EC_XAmzContentSHA256Mismatch, S3L_S3_CONTENT_SHA256_MISMATCH, 0)                       \
    X(EC_MalformedXML, S3L_S3_MALFORMED_XML, 0)                                              \
    X(EC_PreconditionFailed, S3L_S3_PRECONDITION_FAILED, 0)                                  \
    X(EC_NotImplemented, S3L_S3_NOT_IMPLEMENTED, 0)                                          \
    X(EC_KeyTooLongError, S3L_S3_KEY_TOO_LONG, 0)                                            \
    X(EC_MissingContentLength, S3L_S3_MISSING_CONTENT_LENGTH, 0)                             \
    X(EC_InvalidObjectState, S3L_S3_INVALID_OBJECT_STATE, 0)                                 \
    X(EC_InvalidRange, S3L_S3_INVALID_RANGE, 0)                                              \
    X(EC_MethodNotAllowed, S3L_S3_METHOD_NOT_ALLOWED, 0)                                     \
    X(EC_IncompleteBody, S3L_S3_INCOMPLETE_BODY, 1)                                          \
    X(EC_RequestTimeout, S3L_S3_REQUEST_TIMEOUT, 1)                                          \
    X(EC_SlowDown, S3L_S3_SLOW_DOWN, 1)                                                      \
    X(EC_InternalError, S3L_S3_INTERNAL_ERROR, 1)                                            \
    X(EC_ServiceUnavailable, S3L_S3_SERVICE_UNAVAILABLE, 1)                                  \
    X(EC_Throttling, S3L_S3_THROTTLING, 1)                                                   \
    X(EC_ThrottlingException, S3L_S3_THROTTLING, 1)                                          \
    X(EC_RequestThrottled, S3L_S3_THROTTLING, 1)                                             \
    X(EC_TooManyRequests, S3L_S3_THROTTLING, 1)                                              \
    X(EC_TooManyRequestsException, S3L_S3_THROTTLING, 1)                                     \
    X(EC_RequestLimitExceeded, S3L_S3_THROTTLING, 1)                                         \
    X(EC_OperationAborted, S3L_S3_OPERATION_ABORTED, 1)                                      \
    X(EC_ConditionalRequestConflict, S3L_S3_CONDITIONAL_REQUEST_CONFLICT, 1)
#define CODE_KEY(k, v, r) k,
#define CODE_VAL(k, v, r) (uint8_t)((v) | (r) << 7),
static const uint32_t code_keys[] = {CODES(CODE_KEY)};
static const uint8_t code_vals[] = {CODES(CODE_VAL)};

/* ---- helpers ------------------------------------------------------------------------------- */

#define FNV_BASIS 0x811C9DC5u

enum { M_NONE, M_IGNORE, M_XML, M_SINK };
#define F_STOP 1u   /* a callback asked to stop: its error is r->rc */
#define F_FED 2u    /* body bytes went to the XML scanner */
#define F_ERRDOC 4u /* the root is <Error> */

static uint32_t fnv(uint32_t h, const char *s, size_t n, int lower)
{
    while (n-- > 0) {
        unsigned c = (unsigned char)*s++;
        if (lower && c - 'A' < 26u) c += 32;
        h = (h ^ c) * 0x01000193u;
    }
    return h;
}

/* Whether s[0..n) is the NUL-terminated t (lower: s compared case-insensitively, t being
 * lower-case); is_name: the name of entry f. */
static int is_text(const char *t, const char *s, size_t n, int lower)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        if (lower && c - 'A' < 26u) c += 32;
        if (t[i] == '\0' || (unsigned char)t[i] != c) return 0;
    }
    return t[n] == '\0';
}

static int is_name(const struct fld *f, const char *s, size_t n, int lower)
{
    return is_text(names + f->nm, s, n, lower);
}

/* The entry of t[0..n) with this 24-bit key and name s[0..len) (following K_INC splices:
 * *adj gets their offset); NULL if none. A key hit whose name differs is no match. */
static const struct fld *find(const struct fld *t, size_t n, uint32_t key, const char *s,
                              size_t len, int lower, size_t *adj)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        if (KIND(&t[i]) == K_INC) {
            const struct fld *sub = incs[CLS(&t[i])].t;
            for (j = 0; j < incs[CLS(&t[i])].n; j++) {
                if (KEY(&sub[j]) == key && is_name(&sub[j], s, len, lower)) {
                    *adj = t[i].off;
                    return &sub[j];
                }
            }
        } else if (KEY(&t[i]) == key && is_name(&t[i], s, len, lower)) {
            *adj = 0;
            return &t[i];
        }
    }
    return NULL;
}

/* Append s[0..n) to string field f of the struct at base (field at base + adj + off), whose
 * text so far is *len bytes; cut at the field's size and flag the struct. */
static void put_str(char *base, size_t adj, const struct fld *f, size_t *len, const char *s,
                    size_t n)
{
    char *d = base + adj + f->off;
    size_t room = sizes[CLS(f)] - 1u - *len;
    if (n > room) {
        n = room;
        *(unsigned *)(void *)base |= 1u << CLS(f);
    }
    memcpy(d + *len, s, n);
    *len += n;
    d[*len] = '\0';
}

/* Store the number or boolean s[0..n) ("" is 0) into field f at d. */
static int put_num(char *d, unsigned kind, const char *s, size_t n)
{
    uint64_t v = 0;
    size_t i;
    if (kind == K_BOOL) {
        if (n == 4 && memcmp(s, "true", 4) == 0) {
            v = 1;
        } else if (n != 0 && !(n == 5 && memcmp(s, "false", 5) == 0)) {
            return S3L_ERR_RANGE;
        }
        *(uint8_t *)d = (uint8_t)v;
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i] - '0';
        /* v * 10 + c must fit (UINT64_MAX = 1844674407370955161 * 10 + 5); no division,
         * which would pull a 64-bit divide from libgcc into the firmware */
        if (c > 9u || v > 1844674407370955161u || (v == 1844674407370955161u && c > 5u)) {
            return S3L_ERR_RANGE;
        }
        v = v * 10u + c;
    }
    if (kind == K_U64) {
        *(uint64_t *)(void *)d = v;
    } else if (v > UINT32_MAX) {
        return S3L_ERR_RANGE;
    } else {
        *(uint32_t *)(void *)d = (uint32_t)v;
    }
    return 0;
}

static int stop(struct s3l_response *r, int rc)
{
    r->rc = rc;
    r->flags |= F_STOP;
    return rc;
}

/* ---- XML events ---------------------------------------------------------------------------- */

static int item_begin(struct s3l_response *r, const struct fld *f, unsigned depth)
{
    struct s3l_list *l = (struct s3l_list *)(void *)(r->doc + f->off);
    size_t i = l->on_item != NULL ? 0 : l->count;
    if (l->items == NULL || i >= l->cap) { /* full: drop the item */
        *(unsigned *)(void *)r->doc |= S3L_TRUNC_LIST;
        r->skip = (uint8_t)depth;
        return 0;
    }
    r->item = (char *)l->items + i * item_size[CLS(f)];
    memset(r->item, 0, item_size[CLS(f)]);
    r->list = l;
    r->item_depth = (uint8_t)depth;
    return 0;
}

static int item_end(struct s3l_response *r)
{
    struct s3l_list *l = r->list;
    const char *it = r->item;
    int rc;
    r->item = NULL;
    *(unsigned *)(void *)r->doc |= *(const unsigned *)(const void *)it;
    l->count++;
    if (l->on_item != NULL && (rc = l->on_item(l->ctx, it)) != 0) return stop(r, rc);
    return 0;
}

/* The root element decides what the body is: the operation's result (2xx only) or an
 * S3 Error document (any status). */
static int root(struct s3l_response *r, uint32_t key, const char *s, size_t n)
{
    const struct op *o = &ops[r->op];
    if (o->nx > 0 && key == KEY(o->x) && is_name(o->x, s, n, 0) && r->status / 100 == 2) {
        r->tab = o->x;
        r->ntab = o->nx;
        r->doc = r->result;
    } else if (key == KEY(x_error) && is_name(x_error, s, n, 0)) {
        r->tab = x_error;
        r->ntab = N(x_error);
        r->doc = (char *)r->err;
        r->flags |= F_ERRDOC;
    } else {
        return S3L_ERR_XML_ROOT;
    }
    if (r->doc == NULL) r->skip = 1; /* nowhere to keep the fields */
    return 0;
}

static int on_xml(void *ctx, int ev, const char *s, size_t n, unsigned depth)
{
    struct s3l_response *r = ctx;
    const struct fld *f = r->leaf;
    char *base = r->item != NULL ? r->item : r->doc;
    uint32_t key;
    size_t adj;
    if (r->skip != 0) { /* inside a subtree being dropped */
        if (ev == S3L_XML_END && depth == r->skip) r->skip = 0;
        return 0;
    }
    if (ev == S3L_XML_TEXT) {
        if (f == NULL || depth != r->leaf_depth) return 0;
        if (KIND(f) == K_STR) {
            put_str(base, 0, f, &r->len, s, n);
        } else if (n > sizeof r->num - r->len) {
            return S3L_ERR_RANGE; /* longer than any number */
        } else {
            memcpy(r->num + r->len, s, n);
            r->len += n;
        }
        return 0;
    }
    if (ev == S3L_XML_END) {
        if (f != NULL && depth == r->leaf_depth) {
            r->leaf = NULL;
            return KIND(f) == K_STR ? 0 : put_num(base + f->off, KIND(f), r->num, r->len);
        }
        return (r->item != NULL && depth == r->item_depth) ? item_end(r) : 0;
    }
    if (depth > sizeof r->path / sizeof r->path[0]) return 0; /* deeper than any S3 field */
    key = fnv(depth == 1 ? FNV_BASIS : fnv(r->path[depth - 2], "/", 1, 0), s, n, 0);
    r->path[depth - 1] = key;
    key = KEY24(key);
    if (depth == 1) return root(r, key, s, n);
    if (f != NULL) return 0; /* an element inside a field's text: ignored */
    /* Its parents were confirmed as they opened, so a confirmed own name makes the whole
     * path the entry's (tests/gen_s3_names.py checks no other known parent + name folds
     * to the same key). No match: no path below it can be known either. */
    f = find(r->tab, r->ntab, key, s, n, 0, &adj);
    if (f == NULL) {
        r->skip = (uint8_t)depth;
        return 0;
    }
    if (KIND(f) == K_NODE) return 0;
    if (KIND(f) == K_ITEM) return item_begin(r, f, depth);
    r->leaf = f;
    r->leaf_depth = (uint8_t)depth;
    r->len = 0;
    if (KIND(f) == K_STR) base[f->off] = '\0'; /* a repeated element replaces the value */
    return 0;
}

/* ---- HTTP callbacks ------------------------------------------------------------------------ */

static int on_status(void *ctx, int status)
{
    struct s3l_response *r = ctx;
    r->status = status;
    if (r->err != NULL) r->err->http_status = status;
    if (status / 100 != 2) {
        r->mode = M_XML; /* an Error document, perhaps */
    } else if (r->op == S3L_OP_GET_OBJECT) {
        r->mode = M_SINK;
    } else {
        r->mode = ops[r->op].nx > 0 ? M_XML : M_IGNORE;
    }
    return r->rc;
}

/* Store header value v[0..n) into field f of the struct at base. */
static int put_header(char *base, size_t adj, const struct fld *f, const char *v, size_t n)
{
    size_t len = 0;
    if (KIND(f) != K_STR) return put_num(base + adj + f->off, KIND(f), v, n);
    put_str(base, adj, f, &len, v, n);
    return 0;
}

static int on_header(void *ctx, const char *name, size_t name_len, const char *value,
                     size_t value_len)
{
    struct s3l_response *r = ctx;
    const struct op *o = &ops[r->op];
    const struct fld *f;
    uint32_t key = KEY24(fnv(FNV_BASIS, name, name_len, 1));
    size_t adj;
    int rc;
    if (r->on_header != NULL &&
        (rc = r->on_header(r->on_header_ctx, name, name_len, value, value_len)) != 0) {
        return stop(r, rc);
    }
    if (r->err != NULL && (f = find(h_err, N(h_err), key, name, name_len, 1, &adj)) != NULL) {
        (void)put_header((char *)r->err, adj, f, value, value_len);
    }
    if (r->result == NULL || r->status / 100 != 2) return 0; /* error answers keep no result */
    f = find(o->h, o->nh, key, name, name_len, 1, &adj);
    if (f != NULL) {
        rc = put_header(r->result, adj, f, value, value_len);
        if (rc != 0 && r->rc == 0) r->rc = rc; /* reported by finish */
    } else if (o->h == h_head && name_len > 11 && fnv(FNV_BASIS, name, 11, 1) == HN_x_amz_meta_ &&
               is_text(names + S3N_HN_x_amz_meta_, name, 11, 1)) {
        struct s3l_head_object_result *h = r->result;
        h->meta_count++;
        if (h->on_meta != NULL &&
            (rc = h->on_meta(h->on_meta_ctx, name + 11, name_len - 11, value, value_len)) != 0) {
            return stop(r, rc);
        }
    }
    return 0;
}

static int on_body(void *ctx, const uint8_t *data, size_t len)
{
    struct s3l_response *r = ctx;
    int rc;
    if (r->mode == M_SINK) {
        const struct s3l_get_object_result *g = r->result;
        if (g != NULL && g->sink.write != NULL && (rc = g->sink.write(g->sink.ctx, data, len)) != 0) {
            return stop(r, rc);
        }
    } else if (r->mode == M_XML) {
        r->flags |= F_FED;
        (void)s3l_xml_feed(&r->xml, data, len); /* errors stay in the scanner for finish */
        if (r->flags & F_STOP) return r->rc;
    }
    return 0;
}

/* ---- public -------------------------------------------------------------------------------- */

void s3l_response_init(struct s3l_response *r, enum s3l_op op, void *result,
                       struct s3l_s3_error *err, char *scratch, size_t scratch_cap)
{
    const struct op *o;
    char *b = result;
    size_t i;
    memset(r, 0, sizeof *r);
    r->cb.on_status = on_status;
    r->cb.on_header = on_header;
    r->cb.on_body = on_body;
    r->result = result;
    r->err = err;
    s3l_xml_init(&r->xml, scratch, scratch_cap, on_xml, r);
    if (err != NULL) memset(err, 0, sizeof *err);
    if ((unsigned)op > S3L_OP_GENERIC) { /* unknown op: every callback fails */
        r->rc = S3L_ERR_ARG;
        op = S3L_OP_GENERIC;
    }
    r->op = op;
    o = &ops[op];
    if (b == NULL) return;
    memset(b, 0, o->keep);
    memset(b + o->keep_end, 0, (size_t)(o->size - o->keep_end));
    for (i = 0; i < o->nx; i++) {
        if (KIND(&o->x[i]) == K_ITEM) ((struct s3l_list *)(void *)(b + o->x[i].off))->count = 0;
    }
}

int s3l_response_finish(struct s3l_response *r)
{
    struct s3l_s3_error *e = r->err;
    int ok = r->status / 100 == 2;
    int x = 0, retry = 0;
    int status_retry = r->status >= 500 || r->status == 408 || r->status == 429;
    if (r->flags & F_STOP) return r->rc;
    if (r->status == 0) return r->rc != 0 ? r->rc : S3L_ERR_STATE;
    if (r->mode == M_XML && (ok || (r->flags & F_FED))) x = s3l_xml_finish(&r->xml);
    if (x == 0 && (r->flags & F_ERRDOC)) {
        if (e != NULL) {
            e->code_enum = (enum s3l_s3_code)s3l_s3_code_from_string(e->code, strlen(e->code),
                                                                     &retry);
            if (e->truncated & S3L_TRUNC_ERROR_CODE) { /* a cut code is no known code */
                e->code_enum = S3L_S3_OTHER;
                retry = 0;
            }
            e->retryable = retry || status_retry;
        }
        return S3L_ERR_S3;
    }
    if (!ok) {
        if (e != NULL) {
            e->code[0] = '\0';
            e->message[0] = '\0';
            e->code_enum = S3L_S3_NONE;
            e->retryable = status_retry;
            e->body_error = x;
        }
        return S3L_ERR_HTTP_STATUS;
    }
    if (x != 0) return x;
    if (r->rc != 0) return r->rc;
    return (r->result != NULL && *(unsigned *)r->result != 0) ? S3L_ERR_TRUNCATED : S3L_OK;
}

int s3l_s3_code_from_string(const char *code, size_t len, int *retryable)
{
    uint32_t key;
    size_t i;
    int id = S3L_S3_NONE, retry = 0;
    if (code != NULL && len > 0) {
        id = S3L_S3_OTHER;
        key = fnv(FNV_BASIS, code, len, 0);
        for (i = 0; i < sizeof code_keys / sizeof code_keys[0]; i++) {
            if (code_keys[i] == key) {
                id = code_vals[i] & 0x7F;
                retry = code_vals[i] >> 7;
                break;
            }
        }
    }
    if (retryable != NULL) *retryable = retry;
    return id;
}
