/* SPDX-License-Identifier: MIT */
/*
 * The S3 client: drives one request/response at a time over a struct s3l_transport, with all
 * state in a caller-owned struct s3l_client and caller work buffers (no heap, no statics, no
 * OS calls). It connects on demand and keeps the connection alive between requests, signs
 * each request (SigV4) at the platform's time corrected by the server's Date, adds the
 * payload headers of the chosen payload mode, sends "Expect: 100-continue" before large
 * bodies (so an auth error costs no body), streams the body from a caller reader through its
 * I/O buffer (aws-chunked streaming signs each chunk as it goes) and parses the response.
 *
 *   static uint8_t io[S3L_CLIENT_IO_MIN];
 *   static char line[S3L_CLIENT_LINE_MIN], xml[S3L_CLIENT_SCRATCH_MIN], work[S3L_CLIENT_WORK_MIN];
 *   static struct s3l_client c;
 *   struct s3l_client_config cfg;
 *   memset(&cfg, 0, sizeof cfg);
 *   cfg.transport = &transport; cfg.platform = &platform;
 *   cfg.endpoint.host = "127.0.0.1:7480";          (connects there; Host header; path-style)
 *   cfg.creds = &creds; cfg.region = "us-east-1";
 *   cfg.io_buf = io; cfg.io_cap = sizeof io; ... line, scratch, work likewise
 *   rc = s3l_client_init(&c, &cfg);
 *   rc = s3l_client_create_mpu(&c, &params, &result, &err);
 *   ...
 *   s3l_client_close(&c);                           (closes the connection, wipes the keys)
 *
 * Retries inside one call are bounded and transparent: a kept-alive connection found closed
 * before any response byte is reopened once (the body is replayed only when nothing of it
 * was read yet, or the reader can rewind), and a RequestTimeTooSkewed answer re-signs once
 * with the corrected clock. Full retry with backoff belongs to a later layer.
 */
#ifndef S3LITE_CLIENT_H
#define S3LITE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/aws_chunked.h"
#include "s3lite/checksum.h"
#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/hash.h"
#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "s3lite/s3_response.h"
#include "s3lite/sigv4.h"
#include "s3lite/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- work buffer minimums ---------------------------------------------------------------- */

/* I/O buffer: the request head, then body blocks (aws-chunked: one chunk with its framing and
 * the final chunk/trailer behind it), then the response bytes. Must hold
 * chunk_size + S3L_CLIENT_IO_OVERHEAD and the largest request head (about 600 bytes for an
 * UploadPart, up to ~6 KB for a CreateMultipartUpload with every parameter and a 1 KB key).
 * Bigger is faster for the plain modes (fewer send calls). */
#define S3L_CLIENT_IO_OVERHEAD (S3L_CHUNKED_HEAD_MAX + S3L_CHUNKED_TAIL_LEN + S3L_CHUNKED_FINAL_MAX)
#define S3L_CLIENT_IO_MIN (S3L_CHUNK_SIZE + S3L_CLIENT_IO_OVERHEAD)
/* Response line buffer (one status or header line). */
#define S3L_CLIENT_LINE_MIN 256
/* XML scratch for the response parsers (s3_response.h, xml.h). */
#define S3L_CLIENT_SCRATCH_MIN S3L_XML_SCRATCH_SIZE
/* Work arena: the builder's generated text (encoded path and query, dates, SSE-C values),
 * the Content-Length digits and the Authorization value (~200 bytes + the signed header
 * names). 2048 is enough for an UploadPart with a 256-byte key; give 4096 plus 3 bytes per
 * key byte for CreateMultipartUpload/PutObject with every parameter set. */
#define S3L_CLIENT_WORK_MIN 1024

/* ---- presigned requests ------------------------------------------------------------------ */

/*
 * What cfg.presign is asked to presign: the request the client is about to send. Slices are
 * valid during the call only. A backend signs method, path and query (s3l_sigv4_presign() over
 * the Host header and path/query as given) and hands back the URL.
 */
struct s3l_presign_request {
    enum s3l_op op;                 /* S3L_OP_CREATE_MPU, S3L_OP_UPLOAD_PART, ... */
    const char *method;             /* "POST", "PUT", "GET", "DELETE", "HEAD" */
    const char *host;               /* the Host header: the endpoint (bucket.endpoint when
                                       virtual-hosted) */
    size_t host_len;
    const char *path;               /* as sent: percent-encoded, "/bucket/key" path-style */
    size_t path_len;
    const char *query;              /* the request's own query, canonical order, no '?' (NULL
                                       when none): "uploads", "partNumber=2&uploadId=..." */
    size_t query_len;
    /* The target, from the operation's parameters (NULL / 0 through s3l_client_exec()). */
    const char *bucket;
    const char *key;                /* key_len bytes, not encoded */
    size_t key_len;
    const char *upload_id;          /* NULL when the operation has none */
    uint32_t part_number;           /* UploadPart's; else 0 */
    uint64_t content_length;        /* body bytes */
    /* Every header that will be sent (Host, the builder's, Content-Length, a checksum the
     * client computed; Expect may follow). A URL signing only host is enough unless an
     * x-amz-* header is among them: each of those must be signed (X-Amz-SignedHeaders). */
    const struct s3l_headers *headers;
    unsigned attempt;               /* 1 for a call's first attempt, 2, 3... for its retries */
    unsigned refused;               /* 1: the server refused the previous URL (403, e.g.
                                       expired): give a fresh one, not a cached one */
};

/* ---- configuration ------------------------------------------------------------------------ */

struct s3l_client_config {
    const struct s3l_transport *transport; /* required; borrowed for the client's life */
    const struct s3l_platform *platform;   /* required: now(); sleep_ms(), entropy() optional
                                            * (transport.h says when each is used) */
    /* The S3 endpoint, given once: host[:port] ("s3.eu-west-1.amazonaws.com",
     * "192.168.1.10:9000", "[::1]:7480") is the Host header and where the client connects;
     * without a port it connects to 443. Borrowed. */
    struct s3l_endpoint endpoint;
    /* Optional: connect somewhere else (a forwarder, a proxy, a gateway's address) while
     * Host stays the endpoint's. NULL: the endpoint's host. 0: the endpoint's port. */
    const char *connect_host;
    uint16_t connect_port;
    const struct s3l_credentials *creds;   /* borrowed; secret read while deriving keys */
    const char *region;                    /* e.g. "us-east-1" (copied) */
    uint32_t connect_timeout_ms;           /* 0: S3L_CLIENT_CONNECT_TIMEOUT_MS */
    uint32_t io_timeout_ms;                /* each send/recv; 0: S3L_CLIENT_IO_TIMEOUT_MS */
    uint32_t continue_timeout_ms;          /* 0: S3L_CLIENT_CONTINUE_TIMEOUT_MS */
    uint64_t expect_min;                   /* 0: S3L_CLIENT_EXPECT_MIN; UINT64_MAX: never */
    size_t chunk_size;                     /* aws-chunked payload bytes per chunk; 0: S3L_CHUNK_SIZE */
    uint8_t *io_buf;                       /* >= chunk_size + S3L_CLIENT_IO_OVERHEAD */
    size_t io_cap;
    char *line_buf;                        /* >= S3L_CLIENT_LINE_MIN (S3L_HTTP_LINE_MAX advised) */
    size_t line_cap;
    char *scratch;                         /* >= S3L_CLIENT_SCRATCH_MIN */
    size_t scratch_cap;
    char *work;                            /* >= S3L_CLIENT_WORK_MIN */
    size_t work_cap;
    /* Optional: called after each block of body bytes is handed to the transport, with the
     * payload bytes sent so far in this attempt (a retry starts again from 0). Not called for
     * the SIGNED pre-pass. For progress bars. */
    void (*progress)(void *ctx, uint64_t body_sent, uint64_t body_len);
    void *progress_ctx;
    /* Retries. A call is tried up to max_attempts times in all (0: S3L_CLIENT_ATTEMPTS; 1:
     * never retried) after network errors, 5xx, 429, 408 and the S3 codes marked retryable
     * (SlowDown, InternalError, RequestTimeout, a Complete's 200 with an Error body); not
     * after other 4xx. Each retry waits a capped exponential backoff with full jitter (a
     * random time up to min(backoff_max_ms, backoff_base_ms * 2^n), from platform->entropy)
     * with platform->sleep_ms (no sleep_ms: no retries), and needs a body that can be sent
     * again (not read yet, or a reader with rewind). A CreateMultipartUpload that may have
     * reached the server is not retried (a second upload would be left behind); it goes on
     * a fresh connection, where a drop is not a kept-alive one gone stale. Besides
     * these, a stale kept-alive connection is reopened once and a clock answer re-signed once. */
    unsigned max_attempts;
    uint32_t backoff_base_ms;              /* 0: S3L_CLIENT_BACKOFF_BASE_MS */
    uint32_t backoff_max_ms;               /* 0: S3L_CLIENT_BACKOFF_MAX_MS */
    /* The most one call may take in all: attempts, waits for the server and backoff (a server
     * that trickles a byte per I/O timeout meets it too). Measured with platform->monotonic_ms
     * when given, else platform->now. 0: S3L_CLIENT_DEADLINE_MS; S3L_NO_DEADLINE: none. */
    uint32_t deadline_ms;
    /* Optional: the checksum engines the client may compute (struct s3l_body's checksum),
     * NULL-terminated; NULL: none. Naming only the ones used keeps the others (SHA-1, CRC
     * tables) out of the image; s3l_checksum_algos_all allows every algorithm. */
    const struct s3l_checksum_algo *const *checksums;
    /* Optional: temporary credentials (an IoT credentials provider, a container endpoint,
     * STS). The client calls it between requests, never mid-body: before the first one, when
     * the credentials expire within S3L_CLIENT_REFRESH_MARGIN_S, and once more (then sends
     * the request again) after an answer that means a stale token: ExpiredToken,
     * TokenRefreshRequired, InvalidToken, or a 403 AccessDenied to a request that carried a
     * token (RGW's answer to an expired one). It sets *out to credentials in the caller's
     * storage, which must stay valid and unchanged until the next call (the caller may wipe
     * the old ones then), and *expires_at to their expiry in Unix seconds (0: never). 0 or an
     * s3l_err (the request then fails with it). With it, creds may be NULL. */
    int (*credentials)(void *ctx, const struct s3l_credentials **out, int64_t *expires_at);
    void *credentials_ctx;
    /* Presigned requests (set up with s3l_client_init_presigned(); NULL for
     * s3l_client_init()), for a device that holds no key at all (a backend presigns each
     * request: s3lite presign, botocore's generate_presigned_url). Then creds and
     * credentials must be NULL, region may be, and the client signs nothing: before each
     * attempt (retries included, since a URL may expire) it calls presign, which writes a
     * NUL-terminated URL into url[0..cap) (the work arena's free part: the URLs of an upload
     * to RGW were up to 395 bytes, 732 with a session token, and fit S3L_CLIENT_WORK_MIN with
     * short keys; give a long key 3 bytes per key byte more), either "/path?query" or
     * "http[s]://host/path?query" with the Host header's host. The request then goes to that
     * path and query with no Authorization, X-Amz-Date or x-amz-content-sha256 header (a
     * presigned URL is UNSIGNED-PAYLOAD: a SIGNED body is not hashed); aws-chunked bodies
     * (the STREAMING modes) need a signing key and are refused with S3L_ERR_PRESIGN. The URL
     * must be for this request: the same path (compared percent-decoded), every parameter of
     * the request's query (others may be added, but not uploads, uploadId or partNumber: that
     * would be another operation), every x-amz-* header the request carries named in
     * X-Amz-SignedHeaders (S3 refuses unsigned ones; Content-MD5 and Content-Type may go
     * unsigned), and every header named there sent. Else nothing is sent: S3L_ERR_PRESIGN,
     * and c->presign_error says what was wrong. After a 403 to a presigned request (an
     * expired URL, a bad signature or token) the client asks once more (refused = 1) and
     * sends again. The hook returns 0 or an s3l_err (the call fails with it); a URL that
     * does not fit (no NUL in url[0..cap)) is S3L_ERR_BUF_TOO_SMALL. */
    int (*presign)(void *ctx, const struct s3l_presign_request *r, char *url, size_t cap);
    void *presign_ctx;
};

#define S3L_NO_DEADLINE UINT32_MAX

/* ---- request bodies ---------------------------------------------------------------------- */

/*
 * A request body: where its bytes come from and how they are sent. Its length is the
 * request's body_len (set by the builders from content_length).
 *
 * mode (a zeroed struct s3l_body is STREAMING):
 *   STREAMING   aws-chunked, each chunk signed as it is sent; constant RAM, one pass.
 *   SIGNED      x-amz-content-sha256 = hex SHA-256 of the body: sha256_hex when given, else
 *               the client reads the body once to hash it, rewinds, and sends it
 *               (reader.rewind required, else S3L_ERR_NOT_REWINDABLE).
 *   UNSIGNED    UNSIGNED-PAYLOAD (use over TLS).
 *   STREAMING_TRAILER / UNSIGNED_TRAILER
 *               aws-chunked ending with an x-amz-checksum-<alg> trailer (checksum required).
 *   An empty body is sent as a signed empty payload in every mode but UNSIGNED (nothing to
 *   hash, nothing to stream; RGW 16 also refuses an empty aws-chunked body): a checksum then
 *   goes in a header.
 *
 * checksum: S3L_CHECKSUM_NONE, or an algorithm (checksum.h) among the config's checksums
 * (else S3L_ERR_ENUM) whose value is computed and sent: in the
 * trailer (trailer modes, same single pass), else in an x-amz-checksum-<alg> header, which
 * needs the value before the body: the client computes it in the same pre-pass as the
 * SIGNED hash, or in a pre-pass of its own (reader.rewind required, else
 * S3L_ERR_NOT_REWINDABLE). A request that already
 * carries that header (the builder's checksum_value) is left as it is.
 * checksum_report_only = 1: compute it while the body is sent and report it, but send it
 * nowhere (outside the trailer modes): no pre-pass, for servers that ignore checksums.
 * The value (binary and base64) is reported in checksum_raw/checksum_b64 for the caller's
 * COMPOSITE / FULL_OBJECT bookkeeping.
 *
 * expect: S3L_EXPECT_AUTO (bodies >= expect_min, and every non-empty UploadPart),
 * S3L_EXPECT_ALWAYS (any non-empty body) or S3L_EXPECT_NEVER.
 */
enum s3l_expect { S3L_EXPECT_AUTO = 0, S3L_EXPECT_ALWAYS, S3L_EXPECT_NEVER };

struct s3l_body {
    struct s3l_reader reader;       /* the bytes (read is required when body_len > 0) */
    enum s3l_payload_mode mode;
    const char *sha256_hex;         /* SIGNED: 64 hex digits when known, else NULL */
    enum s3l_checksum_alg checksum;    /* see above */
    unsigned checksum_report_only;  /* see above */
    enum s3l_expect expect;
    /* out */
    uint8_t checksum_raw[S3L_CHECKSUM_MAX_LEN]; /* big-endian CRC / digest (s3l_checksum_finish) */
    size_t checksum_len;                     /* its length; 0 when none was computed */
    char checksum_b64[S3L_CHECKSUM_B64_MAX + 1];/* NUL-terminated base64, "" when none */
};

/* A reader over a memory block (for small bodies and tests). */
struct s3l_mem_reader {
    const uint8_t *data;
    size_t len;
    size_t pos;
};

/* Point r at data[0..len) and fill out with read/rewind functions over it. Returns S3L_OK
 * (or S3L_ERR_ABI, like every init function: see s3lite/abi.h). */
int s3l_mem_reader_init_abi(struct s3l_mem_reader *r, const void *data, size_t len,
                            struct s3l_reader *out,
                            size_t app_size, uint32_t app_config);
#define s3l_mem_reader_init(r, data, len, out) \
    s3l_mem_reader_init_abi((r), (data), (len), (out), \
                            sizeof(struct s3l_mem_reader), S3L_ABI_CONFIG)

/* ---- the client ---------------------------------------------------------------------------- */

/* Private: the call in progress and what s3l_client_exec() decided for it, shared by its
 * attempts (kept here, in the caller's struct, so that the functions on the signing path
 * need no locals and no stack arguments). */
struct s3l_client_plan {
    struct s3l_request *req;    /* the call: request, body, response parser and outputs */
    struct s3l_body *body;      /* the caller's body, or NULL (none, or the client's own) */
    struct s3l_reader *rd;      /* where the body's bytes come from, NULL when none */
    enum s3l_op op;
    const void *params;         /* the operation's parameters (struct s3l_<op>_params), NULL
                                   through s3l_client_exec() */
    void *result;
    struct s3l_s3_error *err;
    uint64_t len;               /* decoded body length */
    uint64_t wire_len;          /* Content-Length */
    const char *payload_hash;   /* x-amz-content-sha256 */
    const char *ck_header;      /* x-amz-checksum-<alg> added by the client, or NULL */
    const char *trailer_name;   /* trailer modes */
    size_t mark;                /* arena position at entry */
    enum s3l_checksum_alg alg;     /* checksum computed while sending, or NONE */
    int streaming, trailer, expect, head;
    size_t prefix;              /* head bytes left in the I/O buffer for the first body block */
    unsigned tries;             /* attempts made */
    unsigned retried;           /* transparent retries used (reconnect, re-sign) */
    unsigned backoffs;          /* retries after a backoff */
    uint64_t deadline;          /* clock_ms() when the call must end; 0: none */
};

/* Everything is private; read-only fields are marked. */
struct s3l_client {
    struct s3l_client_config cfg;
    struct s3l_sigv4 sig;
    struct s3l_http_parser parser;
    struct s3l_http_callbacks hcb;   /* the client's parser callbacks (forward to resp) */
    struct s3l_response resp;
    struct s3l_arena arena;          /* over cfg.work */
    struct s3l_request req;          /* the convenience operations' request */
    struct s3l_sigv4_request sreq;   /* what is signed */
    struct s3l_client_plan plan;
    struct s3l_reader op_reader;     /* CompleteMultipartUpload / CreateBucket body reader */
    union {                          /* ... and what it reads */
        struct s3l_complete_body complete;
        struct s3l_mem_reader mem;
    } op_src;
    struct s3l_header hdr[S3L_CLIENT_HEADERS];
    struct s3l_chunked chunked;
    struct s3l_checksum ck;             /* body checksum while streaming */
    s3l_sha256_ctx payload_sha;      /* SIGNED pre-pass */
    char payload_hex[S3L_SIG_HEX_LEN + 1];
    char clen[24], dlen[24];         /* Content-Length, x-amz-decoded-content-length digits */
    const char *ce_orig;             /* Content-Encoding value before "aws-chunked," */
    size_t ce_orig_len;
    const char *ce_new;              /* the prefixed value in the arena, NULL when none */
    size_t chunk_size;
    size_t blk_start, blk_len;       /* aws-chunked: the block being sent, in io_buf, */
    size_t blk_fin;                  /* and the final chunk's length */
    int64_t clock_offset;            /* read-only: seconds added to platform->now() */
    int64_t signed_at;               /* read-only: signing time of the last attempt (Unix s) */
    int64_t server_date;             /* read-only: Date of the last response (Unix s), 0 none */
    int status;                      /* read-only: HTTP status of the last response */
    unsigned connected;              /* read-only: a connection is open */
    unsigned conn_uses;              /* read-only: responses read on this connection */
    unsigned flags;                  /* private per-attempt state */
    uint64_t body_sent;              /* read-only: payload bytes sent by the last attempt */
    /* statistics, read-only */
    unsigned long connects;          /* connections opened */
    unsigned long reconnects;        /* transparent reopen-and-resend after a stale connection */
    unsigned long resigns;           /* re-signed after RequestTimeTooSkewed */
    unsigned long retries;           /* attempts repeated after a backoff */
    unsigned long refreshes;         /* credentials fetched from cfg.credentials */
    int64_t creds_expire_at;         /* read-only: expiry of the current credentials (Unix s;
                                        0: never; -1: none yet) */
    unsigned long bodies_saved;      /* bodies not sent because a final answer came first */
    unsigned long presigned;         /* URLs taken from cfg.presign */
    /* read-only: why the last call's URL from cfg.presign was not used, or that the server
     * refused it (static text), else NULL */
    const char *presign_error;
    struct s3l_presign_request pre;  /* what cfg.presign is asked (the builder's path and query) */
    int (*presigner)(struct s3l_client *c); /* set by s3l_client_init_presigned() */
    /* read-only: after s3l_client_init() failed, which setting was wrong (static text such
     * as "cfg.io_buf is NULL"), else NULL. */
    const char *init_error;
    uint16_t port;                   /* read-only: the port the client connects to */
    char host[S3L_HOST_MAX];         /* the host it connects to, when taken from the endpoint */
};

/*
 * Set up a client. Copies cfg (the buffers, transport, platform, credentials and host
 * strings it points to are borrowed for the client's life); opens no connection.
 * Errors: S3L_ERR_ARG (a required pointer missing, an empty or malformed endpoint),
 * S3L_ERR_BUF_TOO_SMALL (a buffer under its minimum; io_buf must hold chunk_size +
 * S3L_CLIENT_IO_OVERHEAD), and the signer's errors (region too long). On any error
 * c->init_error names the setting (when c is not NULL). S3L_ERR_ABI (c untouched) when the
 * application was compiled with other options than the library (struct s3l_client holds hash
 * contexts: see s3lite/abi.h).
 */
int s3l_client_init_abi(struct s3l_client *c, const struct s3l_client_config *cfg,
                        size_t app_size, uint32_t app_config);
#define s3l_client_init(c, cfg) \
    s3l_client_init_abi((c), (cfg), \
                        sizeof(struct s3l_client), S3L_ABI_CONFIG)

/*
 * Set up a client for presigned requests (cfg.presign set; creds and credentials NULL): as
 * s3l_client_init(), whose own cfg.presign must be NULL. Apart so that a firmware that signs
 * links none of the URL handling (about 3.3 KB of a linked Cortex-M4 -Os firmware).
 */
int s3l_client_init_presigned_abi(struct s3l_client *c, const struct s3l_client_config *cfg,
                                  size_t app_size, uint32_t app_config);
#define s3l_client_init_presigned(c, cfg) \
    s3l_client_init_presigned_abi((c), (cfg), \
                                  sizeof(struct s3l_client), S3L_ABI_CONFIG)

/* Close the connection (if open) and wipe the signing key and the work and I/O buffers
 * (they held request heads: SSE-C key, session token). The client may be used again
 * (it reconnects); call s3l_client_init() again after changing credentials. */
void s3l_client_close(struct s3l_client *c);

/* The work arena, reset: build a request into it (s3l_build_*), then pass that request to
 * s3l_client_exec(). Valid until the next call on c. */
struct s3l_arena *s3l_client_arena(struct s3l_client *c);

/* The header array of the client, emptied, for a request built by the caller. */
struct s3l_headers s3l_client_headers(struct s3l_client *c);

/*
 * Send one request and read its response.
 * req: a built request (builders' output, strings alive until the call returns). Build it
 *   into s3l_client_arena(c) and s3l_client_headers(c) (or your own arena and header
 *   array): the client appends its strings (Content-Length digits, Authorization...) to its
 *   arena after what is already there, so reset it with s3l_client_arena() per request.
 *   The client adds Content-Length (has_body), x-amz-content-sha256, X-Amz-Date,
 *   [X-Amz-Security-Token], Authorization, Expect (unsigned), and for aws-chunked
 *   Content-Encoding (prefixed "aws-chunked," to an existing value),
 *   x-amz-decoded-content-length and x-amz-trailer, and x-amz-checksum-<alg> (see struct
 *   s3l_body): req->headers needs 9 free slots. Headers of those names already in req are
 *   replaced. req is left holding them (sorted by the signer) afterwards.
 * body: required when req->body_len > 0 (NULL: empty body, signed).
 * op, result, err: the response parser (s3_response.h) and where it writes (result's
 *   inputs, e.g. a GetObject sink, set beforehand); err may be NULL (then a skewed clock is
 *   recognised from a 403's Date header instead of its RequestTimeTooSkewed code).
 * Returns s3l_response_finish()'s verdict once a whole response was read: S3L_OK,
 *   S3L_ERR_S3 (an S3 Error document: *err; c->status has the HTTP status),
 *   S3L_ERR_HTTP_STATUS, S3L_ERR_XML_*; a success whose field did not fit is S3L_OK with
 *   the result's `truncated` bits set;
 * or, with no complete response: a transport error (S3L_ERR_CONNECT, S3L_ERR_DNS,
 *   S3L_ERR_NET, S3L_ERR_TIMEOUT, S3L_ERR_CLOSED, S3L_ERR_TLS...), an HTTP framing error
 *   (S3L_ERR_HTTP_*), S3L_ERR_IO (the reader failed, or ended before body_len bytes), or a
 *   request error found before anything was sent (S3L_ERR_ARG, S3L_ERR_TOO_MANY,
 *   S3L_ERR_BUF_TOO_SMALL: head larger than io_buf or arena full, S3L_ERR_BAD_CHAR,
 *   S3L_ERR_ENUM). Without a complete response the connection is closed; after one it is
 *   kept alive unless the server said close or the body was not sent (early answer).
 */
int s3l_client_exec(struct s3l_client *c, struct s3l_request *req, struct s3l_body *body,
                    enum s3l_op op, void *result, struct s3l_s3_error *err);

/* ---- operations: build + exec ------------------------------------------------------------ */
/* Each builds its request in the client's arena and header array and runs it. Returns as
 * s3l_client_exec(), plus the builder's errors. err may be NULL. A result's inputs
 * (s3_response.h: lists, callbacks, storage for the echoed Key) are read, so set them, or
 * zero the result, before the call. */

/* CreateMultipartUpload and CompleteMultipartUpload drop the Key their answers echo (it is
 * the key the caller sent; out->key is set to no storage), so their results need no
 * initialising. To keep it, call s3l_client_exec() with out->key pointing at storage. */
int s3l_client_create_mpu(struct s3l_client *c, const struct s3l_create_mpu_params *p,
                          struct s3l_create_mpu_result *out, struct s3l_s3_error *err);

/* body: the part's bytes (p->content_length of them) and payload mode. When body->checksum
 * is NONE and p->checksum_algorithm is set without a checksum_value, the client computes
 * that algorithm (trailer or header, as struct s3l_body says). */
int s3l_client_upload_part(struct s3l_client *c, const struct s3l_upload_part_params *p,
                           struct s3l_body *body, struct s3l_upload_part_result *out,
                           struct s3l_s3_error *err);

/* The XML part list is streamed from p->parts (signed payload: hashed, then sent). */
int s3l_client_complete_mpu(struct s3l_client *c, const struct s3l_complete_mpu_params *p,
                            struct s3l_complete_mpu_result *out, struct s3l_s3_error *err);

int s3l_client_abort_mpu(struct s3l_client *c, const struct s3l_abort_mpu_params *p,
                         struct s3l_s3_error *err);

int s3l_client_list_parts(struct s3l_client *c, const struct s3l_list_parts_params *p,
                          struct s3l_list_parts_result *out, struct s3l_s3_error *err);

int s3l_client_list_uploads(struct s3l_client *c, const struct s3l_list_uploads_params *p,
                            struct s3l_list_uploads_result *out, struct s3l_s3_error *err);

/* body as for UploadPart (the object's bytes, p->content_length of them). */
int s3l_client_put_object(struct s3l_client *c, const struct s3l_put_object_params *p,
                          struct s3l_body *body, struct s3l_put_object_result *out,
                          struct s3l_s3_error *err);

int s3l_client_head_object(struct s3l_client *c, const struct s3l_head_object_params *p,
                           struct s3l_head_object_result *out, struct s3l_s3_error *err);

/* The object's bytes go to out->sink (set it before the call; see s3_response.h). */
int s3l_client_get_object(struct s3l_client *c, const struct s3l_get_object_params *p,
                          struct s3l_get_object_result *out, struct s3l_s3_error *err);

int s3l_client_create_bucket(struct s3l_client *c, const struct s3l_create_bucket_params *p,
                             struct s3l_s3_error *err);

/* One page of ListObjectsV2. Set out->objects and out->prefixes (s3_response.h: a caller
 * array, or one slot and an on_item callback: constant RAM whatever the page holds) before
 * the call; for the next page pass out->next_continuation_token as p->continuation_token
 * while out->has_more. */
int s3l_client_list_objects(struct s3l_client *c, const struct s3l_list_objects_params *p,
                            struct s3l_list_objects_result *out, struct s3l_s3_error *err);

/* S3 answers 204 whether the key existed or not. out may be NULL. */
int s3l_client_delete_object(struct s3l_client *c, const struct s3l_delete_object_params *p,
                             struct s3l_delete_object_result *out, struct s3l_s3_error *err);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_CLIENT_H */
