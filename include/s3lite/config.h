/* SPDX-License-Identifier: MIT */
/*
 * s3lite configuration: every tunable with its default.
 *
 * Override any S3L_* macro by defining it on the compiler command line, or put
 * your overrides in a header and build with -DS3L_CONFIG_FILE='"my_s3lite_config.h"'
 * (the lwIP opt.h / lwipopts.h pattern). This file only supplies defaults.
 */
#ifndef S3LITE_CONFIG_H
#define S3LITE_CONFIG_H

/* The options the library was built with (hash backend, sizes...): the copy the build wrote
 * and installed, or include/s3lite/build_config.h (none) when core/ is compiled directly.
 * Angle brackets: only the include path decides, where the build's copy comes first. */
#include <s3lite/build_config.h>

#ifdef S3L_CONFIG_FILE
#include S3L_CONFIG_FILE
#endif

/* ---- limits of caller-visible fixed storage ------------------------------ */

/* Longest region name kept in the signing-key cache ("ap-southeast-2" is 14). */
#ifndef S3L_REGION_MAX
#define S3L_REGION_MAX 32
#endif

/* Longest service name kept in the signing-key cache ("s3"). */
#ifndef S3L_SERVICE_MAX
#define S3L_SERVICE_MAX 16
#endif

/* Longest HTTP response line (status line or one header line) the parser accepts. */
#ifndef S3L_HTTP_LINE_MAX
#define S3L_HTTP_LINE_MAX 1024
#endif

/* Most response headers the parser accepts before failing with S3L_ERR_HTTP_TOO_MANY_HEADERS. */
#ifndef S3L_HTTP_MAX_HEADERS
#define S3L_HTTP_MAX_HEADERS 64
#endif

/* Most interim (1xx) heads accepted before a final response: a server that keeps sending
 * "102 Processing" must not hold a call forever (S3L_ERR_HTTP_SYNTAX past this). */
#ifndef S3L_HTTP_MAX_INTERIM
#define S3L_HTTP_MAX_INTERIM 8
#endif

/* Deepest XML nesting the scanner accepts (S3 documents use 4). */
#ifndef S3L_XML_DEPTH_MAX
#define S3L_XML_DEPTH_MAX 16
#endif

/* Storage of fixed-size response fields (upload ids can be long on some servers). */
#ifndef S3L_UPLOAD_ID_MAX
#define S3L_UPLOAD_ID_MAX 256
#endif
#ifndef S3L_ETAG_MAX
#define S3L_ETAG_MAX 80
#endif
#ifndef S3L_ERROR_CODE_MAX
#define S3L_ERROR_CODE_MAX 64
#endif
#ifndef S3L_ERROR_MESSAGE_MAX
#define S3L_ERROR_MESSAGE_MAX 256
#endif

/* aws-chunked: bytes of payload per signed chunk (streaming uploads). */
#ifndef S3L_CHUNK_SIZE
#define S3L_CHUNK_SIZE 8192
#endif

/* CRC tables: 0 = bitwise (smallest), 1 = one 256-entry table per CRC (default: about 4 KB
 * of flash for all three), 8 = slice-by-8 (fastest, about 32 KB). The host build uses 8. */
#ifndef S3L_CRC_TABLES
#define S3L_CRC_TABLES 1
#endif

/* ---- response field storage (s3_response.h) ------------------------------ */
/* Each response field is a fixed char array of one of these sizes (NUL included). A longer
 * value is cut, and the result's `truncated` gets the S3L_TRUNC_* bit of that size. */

/* Object keys: the longest key S3 accepts, in bytes of UTF-8; the request builders refuse a
 * longer one (S3L_ERR_RANGE) and response fields hold this much. */
#ifndef S3L_KEY_MAX
#define S3L_KEY_MAX 1024
#endif
#ifndef S3L_BUCKET_MAX
#define S3L_BUCKET_MAX 64
#endif
/* ISO 8601 and HTTP dates ("Mon, 01 Nov 2010 20:34:56 GMT" is 29). */
#ifndef S3L_DATE_MAX
#define S3L_DATE_MAX 32
#endif
/* Short enumerated values: storage class, checksum algorithm/type, SSE algorithm, SSE-C key
 * MD5, request-charged, object lock mode and legal hold, Error Type/Region ... */
#ifndef S3L_TOKEN_MAX
#define S3L_TOKEN_MAX 32
#endif
/* Owner / Initiator ID (canonical id or IAM ARN) and DisplayName. */
#ifndef S3L_OWNER_ID_MAX
#define S3L_OWNER_ID_MAX 128
#endif
#ifndef S3L_DISPLAY_NAME_MAX
#define S3L_DISPLAY_NAME_MAX 64
#endif
/* Checksum values in base64, with room for a composite "-N" suffix: CRC32, CRC32C and
 * CRC64NVME; SHA1 and SHA256. */
#ifndef S3L_CHECKSUM_CRC_MAX
#define S3L_CHECKSUM_CRC_MAX 20
#endif
#ifndef S3L_CHECKSUM_SHA_MAX
#define S3L_CHECKSUM_SHA_MAX 52
#endif
/* URL-like values: Location, website redirect, Error Resource and Endpoint. */
#ifndef S3L_URL_MAX
#define S3L_URL_MAX 256
#endif
#ifndef S3L_VERSION_ID_MAX
#define S3L_VERSION_ID_MAX 64
#endif
/* x-amz-expiration and x-amz-restore (expiry-date="...", rule-id="..."). */
#ifndef S3L_EXPIRATION_MAX
#define S3L_EXPIRATION_MAX 128
#endif
#ifndef S3L_KMS_KEY_ID_MAX
#define S3L_KMS_KEY_ID_MAX 128
#endif
/* x-amz-server-side-encryption-context (base64 of a JSON object). */
#ifndef S3L_SSE_CONTEXT_MAX
#define S3L_SSE_CONTEXT_MAX 256
#endif
/* Other header values: Content-Type, Cache-Control, Content-Disposition, Content-Range,
 * x-amz-abort-rule-id, Error ArgumentValue. */
#ifndef S3L_HEADER_VALUE_MAX
#define S3L_HEADER_VALUE_MAX 128
#endif
/* x-amz-request-id / RequestId and x-amz-id-2 / HostId. */
#ifndef S3L_REQUEST_ID_MAX
#define S3L_REQUEST_ID_MAX 64
#endif
#ifndef S3L_HOST_ID_MAX
#define S3L_HOST_ID_MAX 128
#endif

/* ---- requests (s3_request.h) ----------------------------------------------------- */

/* Most bytes of user metadata (sum of names and values, as S3 counts them). */
#ifndef S3L_META_MAX
#define S3L_META_MAX 2048
#endif

/* ---- the client (client.h) -------------------------------------------------------- */

/* Longest host name the client keeps when it takes the connect address from the endpoint
 * (a DNS name is at most 253 bytes). */
#ifndef S3L_HOST_MAX
#define S3L_HOST_MAX 256
#endif

/* Header slots kept in the client for the convenience operations: a builder's worst case,
 * S3L_CLIENT_META_MAX metadata entries, and what the client and signer add (9). A device
 * that only uploads parts can define S3L_CLIENT_HEADERS as 16 (16 bytes a slot on 32-bit). */
#ifndef S3L_CLIENT_META_MAX
#define S3L_CLIENT_META_MAX 16
#endif
#ifndef S3L_CLIENT_HEADERS
#define S3L_CLIENT_HEADERS (S3L_REQ_HEADERS_MAX + S3L_CLIENT_META_MAX + 9)
#endif

/* Default timeouts (a config field of 0 selects these), in milliseconds. */
#ifndef S3L_CLIENT_CONNECT_TIMEOUT_MS
#define S3L_CLIENT_CONNECT_TIMEOUT_MS 10000u
#endif
#ifndef S3L_CLIENT_IO_TIMEOUT_MS
#define S3L_CLIENT_IO_TIMEOUT_MS 30000u
#endif
/* How long to wait for "100 Continue" before sending the body anyway (RFC 9110 10.1.1). */
#ifndef S3L_CLIENT_CONTINUE_TIMEOUT_MS
#define S3L_CLIENT_CONTINUE_TIMEOUT_MS 1000u
#endif
/* Bodies of at least this many bytes are sent with Expect: 100-continue (UploadPart: any
 * non-empty body). 0 in the config selects this default. */
#ifndef S3L_CLIENT_EXPECT_MIN
#define S3L_CLIENT_EXPECT_MIN 65536u
#endif
/* The clock is corrected from a response's Date when they differ by more than this. */
#ifndef S3L_CLIENT_SKEW_MAX_S
#define S3L_CLIENT_SKEW_MAX_S 120
#endif
/* Retries: attempts per call in all, and the backoff's base and cap (client.h says how they
 * are used). 4 attempts with 200 ms doubling ride out a few seconds of trouble; the cap keeps
 * a long outage from stretching one wait past 20 s. */
#ifndef S3L_CLIENT_ATTEMPTS
#define S3L_CLIENT_ATTEMPTS 4u
#endif
#ifndef S3L_CLIENT_BACKOFF_BASE_MS
#define S3L_CLIENT_BACKOFF_BASE_MS 200u
#endif
#ifndef S3L_CLIENT_BACKOFF_MAX_MS
#define S3L_CLIENT_BACKOFF_MAX_MS 20000u
#endif
/* The most one call may take in all (attempts, waits, backoff): 15 minutes, room for a 5 MiB
 * part at 6 KB/s. Raise it for big parts on slow links. */
#ifndef S3L_CLIENT_DEADLINE_MS
#define S3L_CLIENT_DEADLINE_MS 900000u
#endif
/* Temporary credentials are refreshed when they expire within this many seconds: room for
 * one request's signing and sending on a slow link. */
#ifndef S3L_CLIENT_REFRESH_MARGIN_S
#define S3L_CLIENT_REFRESH_MARGIN_S 300
#endif
/* A transport answering S3L_ERR_AGAIN is polled every this many ms (with sleep_ms). */
#ifndef S3L_CLIENT_POLL_MS
#define S3L_CLIENT_POLL_MS 10u
#endif

/* ---- the uploader (uploader.h) ---------------------------------------------------- */

/* Part size chosen when neither the caller nor the size hint asks for more. */
#ifndef S3L_UPLOADER_PART_DEFAULT
#define S3L_UPLOADER_PART_DEFAULT ((uint64_t)8 * 1024 * 1024)
#endif
/* Runs of consecutive done parts the state blob records (4 bytes each). */
#ifndef S3L_UPLOADER_RANGES
#define S3L_UPLOADER_RANGES 16
#endif
/* Bytes read at a time when a resumed part is re-hashed (kept in struct s3l_uploader). */
#ifndef S3L_UPLOADER_READ_BUF
#define S3L_UPLOADER_READ_BUF 512
#endif

/* ---- XML (xml.h) ---------------------------------------------------------------- */

/* A scratch size that holds every S3 document's open names with room to spare (the
 * deepest S3 path, ListMultipartUploadsResult/Upload/Initiator/DisplayName, needs 56). */
#ifndef S3L_XML_SCRATCH_SIZE
#define S3L_XML_SCRATCH_SIZE 128
#endif

/* ---- JSON (json.h) and temporary credentials (credentials.h) -------------------- */

/* Deepest JSON nesting the scanner accepts (1..32; credentials documents use 2). */
#ifndef S3L_JSON_DEPTH_MAX
#define S3L_JSON_DEPTH_MAX 16
#endif
/* Bytes of a member name the scanner keeps (1..255): longer names are reported cut to this
 * length. The credentials parser's longest name is "secretAccessKey" (15). */
#ifndef S3L_JSON_KEY_MAX
#define S3L_JSON_KEY_MAX 32
#endif
/* Temporary credentials (struct s3l_temp_credentials), NUL included. AWS allows access key
 * ids of 16..128 characters (20 in practice); secret keys are 40 in practice (AWS and RGW).
 * Session tokens have no documented maximum: AWS STS tokens seen are 700..1300 characters and
 * grow with session policies and tags; RGW's are up to 320. A longer one is refused
 * (S3L_ERR_BUF_TOO_SMALL), never cut. */
#ifndef S3L_ACCESS_KEY_ID_MAX
#define S3L_ACCESS_KEY_ID_MAX 129
#endif
#ifndef S3L_SECRET_KEY_MAX
#define S3L_SECRET_KEY_MAX 129
#endif
#ifndef S3L_SESSION_TOKEN_MAX
#define S3L_SESSION_TOKEN_MAX 2048
#endif

/* ---- TLS port (port_tls.h) ------------------------------------------------------ */

/* The system CA bundle used when the config names no CA (Debian/Ubuntu/Alpine path).
 * Define it empty ("") on a target without a file system: then a CA must be given. */
#ifndef S3L_TLS_CA_FILE_DEFAULT
#define S3L_TLS_CA_FILE_DEFAULT "/etc/ssl/certs/ca-certificates.crt"
#endif

/* Upper bound of mbedtls_ssl_handshake() calls per connect that end in "want read/write"
 * because the lower layer said "try again" (S3L_ERR_AGAIN) instead of waiting: the handshake
 * then fails with S3L_ERR_TIMEOUT. A lower layer that waits up to its timeout never gets near it. */
#ifndef S3L_TLS_HANDSHAKE_SPINS
#define S3L_TLS_HANDSHAKE_SPINS 10000
#endif

/* ---- logging: compiled out unless the user defines these ----------------- */
/* Each takes a printf format and its arguments, e.g. in your config header:
 *   #define S3L_LOG_INFO(...) printf(__VA_ARGS__), printf("\n")
 * The client logs: ERROR when a request fails (its s3l_err, HTTP status and S3 error code),
 * WARN on a reconnect after a stale connection and on a clock correction, INFO on each
 * connect, DEBUG on each response's status. Never a key, a signature or a token. */
#ifndef S3L_LOG_ERROR
#define S3L_LOG_ERROR(...) ((void)0)
#endif
#ifndef S3L_LOG_WARN
#define S3L_LOG_WARN(...) ((void)0)
#endif
#ifndef S3L_LOG_INFO
#define S3L_LOG_INFO(...) ((void)0)
#endif
#ifndef S3L_LOG_DEBUG
#define S3L_LOG_DEBUG(...) ((void)0)
#endif

#endif /* S3LITE_CONFIG_H */
