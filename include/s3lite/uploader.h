/* SPDX-License-Identifier: MIT */
/*
 * The uploader: a multipart upload of a source read at offsets (a file, a flash log, an SD
 * card, possibly still growing) over a struct s3l_client, resumable after a reboot from a
 * small versioned, CRC-protected state blob the caller persists. No heap, no OS calls, no
 * statics: the caller owns the struct, the ETag storage and where the blob goes.
 *
 *   static struct s3l_complete_part list[64];
 *   static char etags[64][S3L_ETAG_MAX];
 *   static struct s3l_uploader up;
 *   struct s3l_uploader_config cfg;
 *   memset(&cfg, 0, sizeof cfg);
 *   cfg.client = &client; cfg.create = &create_params;   (bucket, key, attrs, checksum)
 *   cfg.size_hint = log_size; cfg.read_at = flash_read_at; cfg.save = state_save; cfg.ctx = ...;
 *   cfg.parts.list = list; cfg.parts.etags = etags; cfg.parts.cap = 64;
 *   rc = s3l_uploader_init(&up, &cfg);
 *   s3l_uploader_source(&up, log_size, 1);                       (bytes there, closed)
 *   if (have_blob) rc = s3l_uploader_load(&up, blob, blob_len);  (else a new upload)
 *   rc = s3l_uploader_run(&up);                                  (S3L_OK: object complete)
 *
 * Flow, one request per s3l_uploader_step():
 *   new upload       CreateMultipartUpload, then UploadPart 1..N, then Complete
 *   after load       ListParts (page by page) says which parts the server holds; each listed
 *                    part whose size is right (and, with a checksum algorithm, whose
 *                    checksum equals the local bytes' re-read and hashed) is kept, every
 *                    other part is (re)sent; then Complete
 *   growing source   a part goes up as soon as all of its bytes exist (the caller reports
 *                    them with s3l_uploader_source()); the last, shorter one once the caller
 *                    says the source is closed. step() answers S3L_WAIT_SOURCE meanwhile.
 *   Complete         the state is saved with "Complete sent" first. A lost answer is retried
 *                    (complete_tries); NoSuchUpload on a retry (or on ListParts after a
 *                    reboot) means "completed or gone": HeadObject decides (size and the
 *                    multipart ETag's "-N", or the whole-object checksum when one is known).
 *                    Any 200 that is not an Error document is success.
 *   Abort            only s3l_uploader_abort() (the caller asks), or when a step fails
 *                    before any Complete was sent and either abort_on_failure is set or the
 *                    failure is definite (not a lost or 5xx answer) and no save hook keeps
 *                    the state.
 *   Create           the state is saved with "Create sent" (and when) before the Create goes
 *                    out. Power lost before its answer is saved leaves an upload the store
 *                    does not name: after s3l_uploader_load(), create_sent_at says since when,
 *                    so the caller can find it with ListMultipartUploads (same key,
 *                    Initiated at or after that time, less the clock's error) and abort it
 *                    before the new Create (s3lite cp --state does); a bucket lifecycle rule
 *                    (AbortIncompleteMultipartUpload) is the other way.
 *
 * The state blob (little-endian, S3L_UPLOADER_STATE_VERSION 2):
 *   magic "s3lU" (4), version (1), flags (1: source closed, Complete sent, Create sent
 *   before its answer was saved), length (2),
 *   target digest (16: SHA-256 of bucket, key, part size, payload mode, checksum algorithm
 *   and type, every CreateMultipartUpload parameter that shapes the object, and the
 *   caller's cfg.shape bytes), source digest (16: SHA-256 of cfg.source_id), part size (8),
 *   source size (8: final when closed, else bytes seen), bytes done (8), when the unsaved
 *   Create was sent (8: Unix seconds, 0 when none), upload id length (0 only with that
 *   Create)
 *   (1), number of done ranges (1), the upload id, the done parts as ranges (first, count:
 *   2 + 2 bytes each, up to S3L_UPLOADER_RANGES), CRC-32 of all before it (4).
 *   Size: 78 + upload id + 4 per run of consecutive done parts. A 3-part or a 10,000-part
 *   upload sent in order is one run: 82 + upload id bytes (115 with RGW's 33-byte ids, 210
 *   with a 128-byte one); the largest blob is S3L_UPLOADER_STATE_MAX (397 by default).
 *   RAM: sizeof(struct s3l_uploader) is about 5.3 KB on Cortex-M4 (one response's result
 *   struct, the S3 error document, the blob and the read buffer), plus cfg.parts.
 *   Parts done out of order beyond S3L_UPLOADER_RANGES runs are under-reported, never
 *   over-reported: ListParts, which is authoritative on resume, finds them again.
 *   ETags and part checksums are not in the blob: they live in cfg.parts (RAM) and come
 *   back from ListParts after a reboot.
 */
#ifndef S3LITE_UPLOADER_H
#define S3LITE_UPLOADER_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/abi.h"
#include "s3lite/checksum.h"
#include "s3lite/client.h"
#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/s3_request.h"
#include "s3lite/s3_response.h"

#ifdef __cplusplus
extern "C" {
#endif

/* S3's multipart limits. */
#define S3L_UPLOADER_PART_MIN ((uint64_t)5 * 1024 * 1024)             /* all parts but the last */
#define S3L_UPLOADER_PART_MAX ((uint64_t)5 * 1024 * 1024 * 1024)      /* 5 GiB */
#define S3L_UPLOADER_OBJECT_MAX ((uint64_t)5 * 1024 * 1024 * 1024 * 1024) /* 5 TiB */
#define S3L_UPLOADER_PARTS_MAX 10000u

#define S3L_UPLOADER_STATE_VERSION 2
/* Blob bytes besides the upload id and the ranges. */
#define S3L_UPLOADER_STATE_FIXED 78u
/* The largest blob: save() never gets more. */
#define S3L_UPLOADER_STATE_MAX \
    (S3L_UPLOADER_STATE_FIXED + (S3L_UPLOAD_ID_MAX - 1) + 4u * S3L_UPLOADER_RANGES)

/* Caller storage for what Complete lists: the part list, each part's ETag and, when a
 * checksum algorithm is set, each part's base64 checksum; cap entries each, part n in
 * entry n - 1. cap must cover every part of the object (S3L_ERR_TOO_MANY when a part
 * would not fit). 10,000 parts take 10,000 x (12 + S3L_ETAG_MAX [+ 45]) bytes: a device
 * chooses a part size that keeps the count small. */
struct s3l_uploader_parts {
    struct s3l_complete_part *list;
    char (*etags)[S3L_ETAG_MAX];
    char (*checksums)[S3L_CHECKSUM_B64_MAX + 1]; /* required when a checksum algorithm is set */
    uint32_t cap;
};

struct s3l_uploader_config {
    struct s3l_client *client;                  /* required; borrowed; with a checksum
                                                   algorithm, its cfg.checksums must list it */
    /* Required: the target and the object's parameters (bucket, key, attrs, SSE-C, request
     * payer, expected owner, checksum algorithm and type); borrowed for the uploader's
     * life. The SSE-C, payer and owner fields are sent with every request of the upload. */
    const struct s3l_create_mpu_params *create;
    enum s3l_payload_mode mode;                 /* of the parts (0: STREAMING) */
    enum s3l_expect expect;                     /* of the parts (0: AUTO) */
    /* The part size: given, or 0 to choose one from size_hint (S3L_UPLOADER_PART_DEFAULT,
     * raised to the smallest whole MiB that keeps size_hint within 10,000 parts). */
    uint64_t part_size;
    uint64_t size_hint;                         /* expected source size, 0 when unknown */
    unsigned allow_small_parts;                 /* 1: parts under 5 MiB (tests; servers that
                                                 * take them; S3 refuses them at Complete) */
    unsigned abort_on_failure;                  /* 1: abort when any step fails before a
                                                 * Complete was sent (see the top) */
    unsigned complete_tries;                    /* Complete attempts per step; 0: 3 */
    uint32_t list_page;                         /* ListParts max-parts; 0: 1000 */
    /* Required: read len bytes of the source at offset into buf. Returns the count (> 0;
     * fewer than len is fine), 0 when the source ends there, or a negative s3l_err. */
    long (*read_at)(void *ctx, uint64_t offset, uint8_t *buf, size_t len);
    /* Optional: persist blob[0..len) (the whole state; replace the previous one). 0 or a
     * negative s3l_err. Called after Create, after each part, and before Complete. */
    int (*save)(void *ctx, const uint8_t *blob, size_t len);
    void *ctx;                                  /* for read_at and save */
    /* The source's identity (a file's device, inode, size and mtime; a log's id), hashed
     * into the blob: a blob of another source is refused. May be NULL (len 0). */
    const void *source_id;
    size_t source_id_len;
    /* More bytes that shape the object, hashed with the target (e.g. the endpoint). */
    const void *shape;
    size_t shape_len;
    struct s3l_uploader_parts parts;            /* required */
};

/* Where an uploader is; read-only for callers. */
enum s3l_uploader_phase {
    S3L_UPLOADER_CREATE = 0,  /* no upload yet: CreateMultipartUpload next */
    S3L_UPLOADER_LIST,        /* resumed: ListParts pages next */
    S3L_UPLOADER_VERIFY,      /* resumed with a checksum: re-hashing listed parts */
    S3L_UPLOADER_PARTS,       /* sending parts */
    S3L_UPLOADER_COMPLETE,    /* every part is there: Complete next */
    S3L_UPLOADER_CHECK,       /* a Complete may have succeeded: HeadObject next */
    S3L_UPLOADER_DONE,        /* the object is complete */
    S3L_UPLOADER_ABORTED      /* aborted; nothing more to do */
};

struct s3l_uploader {
    struct s3l_uploader_config cfg;
    enum s3l_uploader_phase phase;              /* read-only */
    uint64_t part_size;                         /* read-only: the part size in use */
    uint64_t available;                         /* source bytes that exist */
    unsigned closed;                            /* the source will not grow */
    unsigned complete_sent;                     /* read-only: a Complete may have succeeded */
    /* read-only: after s3l_uploader_load(), when the loaded state records a Create whose
     * answer was never saved, the Unix time (server-corrected) it was sent: an upload of this
     * key initiated since then may be open on the server (see the top); else 0. */
    int64_t create_sent_at;
    unsigned swept;                             /* read-only: uploads s3l_uploader_sweep() aborted */
    unsigned aborted;                           /* read-only: abort_on_failure aborted it */
    enum s3l_checksum_alg alg;                  /* from cfg.create */
    enum s3l_checksum_type type;                /* effective (COMPOSITE when not given) */
    char upload_id[S3L_UPLOAD_ID_MAX];          /* read-only; "" before Create */
    uint8_t target_digest[16];
    uint8_t source_digest[16];
    uint64_t loaded_size;                       /* source size recorded in a loaded blob */
    unsigned loaded_closed;
    uint32_t next_part;                         /* no part below it is missing */
    uint32_t list_marker;                       /* ListParts: next page's marker */
    uint32_t verify_part;                       /* VERIFY: next part to re-hash */
    /* statistics, read-only */
    uint64_t bytes_done;                        /* bytes of the parts done */
    uint32_t parts_done;                        /* parts done (sent or found) */
    uint32_t parts_sent;                        /* UploadPart calls that succeeded */
    uint32_t parts_listed;                      /* parts ListParts reported on resume */
    uint32_t parts_kept;                        /* ... and that were kept */
    uint32_t parts_recorded;                    /* parts the loaded blob said were done */
    uint32_t complete_attempts;                 /* Complete requests made */
    unsigned confirmed_by_head;                 /* DONE through HeadObject after NoSuchUpload */
    /* The last failure: which request ("UploadPart", "Complete"...; static text, NULL when
     * none), its part number (0 when none), and the S3 error document when there was one. */
    const char *failed_op;
    uint32_t failed_part;
    struct s3l_s3_error err;
    /* private */
    int list_rc;                                /* error met inside a ListParts callback */
    long read_rc;                               /* last read_at error */
    struct {                                    /* the part being read */
        uint64_t offset, len, pos;
    } rd;
    uint8_t buf[S3L_UPLOADER_READ_BUF];         /* re-hashing reads */
    uint8_t blob[S3L_UPLOADER_STATE_MAX];       /* what save() gets */
    union {                                     /* one request's result at a time */
        struct s3l_create_mpu_result create;
        struct s3l_upload_part_result part;
        struct {
            struct s3l_list_parts_result res;
            struct s3l_part_info item;
        } list;
        struct s3l_complete_mpu_result complete;
        struct s3l_head_object_result head;
    } r;
};

/*
 * Check cfg and choose the part size. Opens nothing, sends nothing; the uploader starts
 * as a new upload (or call s3l_uploader_load()). Errors: S3L_ERR_ARG (a required field
 * missing), S3L_ERR_RANGE (size_hint over 5 TiB; a given part size outside 5 MiB..5 GiB or
 * that needs over 10,000 parts for size_hint), S3L_ERR_ENUM (checksum algorithm/type),
 * S3L_ERR_TOO_MANY (parts.cap cannot hold size_hint's parts), S3L_ERR_HASH. S3L_ERR_ABI
 * (u untouched) when the application was compiled with other options than the library
 * (see s3lite/abi.h).
 */
int s3l_uploader_init_abi(struct s3l_uploader *u, const struct s3l_uploader_config *cfg,
                          size_t app_size, uint32_t app_config);
#define s3l_uploader_init(u, cfg) \
    s3l_uploader_init_abi((u), (cfg), sizeof(struct s3l_uploader), S3L_ABI_CONFIG)

/*
 * The part size init would choose for size_hint (0 unknown) and a requested part size
 * (0 none): S3L_ERR_RANGE as init, else 0 and *out.
 */
int s3l_uploader_part_size(uint64_t size_hint, uint64_t requested, unsigned allow_small,
                           uint64_t *out);

/*
 * Resume from a saved blob (after init and s3l_uploader_source(), before any step).
 * Checks, in this order, and
 * refuses with a distinct error, changing nothing:
 *   S3L_ERR_STATE_CORRUPT   wrong magic or length, bad CRC, malformed fields
 *   S3L_ERR_STATE_VERSION   a version this code does not read
 *   S3L_ERR_STATE_TARGET    another bucket, key, part size, payload mode, checksum or object
 *                           parameter than cfg gives
 *   S3L_ERR_STATE_SOURCE    another source identity (or, for a closed source, size)
 * On success the next step lists the parts (ListParts).
 */
int s3l_uploader_load(struct s3l_uploader *u, const uint8_t *blob, size_t len);

/* Read a blob's upload id without checking it against a config (for aborting the upload
 * a refused blob records): S3L_ERR_STATE_CORRUPT / _VERSION, S3L_ERR_BUF_TOO_SMALL. */
int s3l_uploader_blob_upload_id(const uint8_t *blob, size_t len, char *out, size_t cap);

/* The source now holds `available` bytes; closed = 1: it will not grow (available is its
 * size). A closed source over 5 TiB makes the next step fail with S3L_ERR_RANGE. */
void s3l_uploader_source(struct s3l_uploader *u, uint64_t available, unsigned closed);

/*
 * Do the next request. Returns
 *   S3L_PENDING       done one, more to do: call again
 *   S3L_WAIT_SOURCE   nothing to send until the source grows or is closed
 *   S3L_OK            the object is complete (also when HeadObject proved it)
 *   an error          the request's (client.h), S3L_ERR_IO (read_at failed or the source
 *                     ended early), S3L_ERR_RANGE (more than 10,000 parts or 5 TiB),
 *                     S3L_ERR_TOO_MANY (parts.cap), S3L_ERR_UPLOAD_LOST (the upload is gone
 *                     and the object there is not this one: start again),
 *                     S3L_ERR_STATE (aborted or done). failed_op, failed_part and err say
 *                     more. Calling step() again retries where it stopped.
 */
int s3l_uploader_step(struct s3l_uploader *u);

/* step() until it returns anything but S3L_PENDING (bounded by the number of parts). */
int s3l_uploader_run(struct s3l_uploader *u);

/*
 * Parts sent by the caller (several connections at once, e.g. one client per thread): in
 * phase S3L_UPLOADER_PARTS the caller may send UploadPart requests itself, over any client,
 * instead of letting step() send them one by one, and report each that succeeded. Parts may
 * finish in any order: the blob records exactly the parts reported (as runs of consecutive
 * parts; see the top). When every part is reported, step() sends Complete. Not thread-safe:
 * the caller serialises these calls with the others on u (one lock); the client it sends
 * part n over is its own.
 *
 * s3l_uploader_part_todo(): what UploadPart n must send. 1 with *params (its strings point
 * into u and cfg.create: valid for the uploader's life), *offset and *len (the bytes of the
 * source) when part n is still to send and all its bytes exist; 0 when part n is done or
 * beyond the closed source's last part; S3L_WAIT_SOURCE when its bytes do not all exist yet;
 * S3L_ERR_STATE outside S3L_UPLOADER_PARTS; S3L_ERR_RANGE / S3L_ERR_TOO_MANY as step().
 * The caller's body uses cfg.mode, cfg.expect and the checksum algorithm in *params.
 */
int s3l_uploader_part_todo(const struct s3l_uploader *u, uint32_t n,
                           struct s3l_upload_part_params *params, uint64_t *offset,
                           uint64_t *len);

/* Record part n as sent: its ETag and, with a checksum algorithm, its base64 checksum (the
 * body's checksum_b64); counts it and saves the state. S3L_OK, S3L_ERR_ARG (n not a part
 * still to send, an empty or too long ETag, a missing checksum), S3L_ERR_STATE outside
 * S3L_UPLOADER_PARTS, or save()'s error (failed_op says so; the part stays recorded in RAM). */
int s3l_uploader_part_sent(struct s3l_uploader *u, uint32_t n, const char *etag,
                           const char *checksum_b64);

/* Abort the upload on the server (the caller's decision; NoSuchUpload counts as done).
 * Nothing to abort before Create: S3L_OK. */
int s3l_uploader_abort(struct s3l_uploader *u);

/* Uploads one sweep pass collects before it aborts them. */
#define S3L_UPLOADER_SWEEP_IDS 4
/* An upload of the key initiated this many seconds before the recorded Create is still
 * taken for it (the device's clock and the server's differ by up to the client's skew
 * tolerance). */
#define S3L_UPLOADER_SWEEP_MARGIN_S 900

/* Storage for s3l_uploader_sweep(), needed only then (one ListMultipartUploads page and
 * its markers: about 6 KB; a static, a union with other buffers, or the stack of a task
 * that has it). */
struct s3l_uploader_sweep_mem {
    struct s3l_list_uploads_result res;
    struct s3l_upload_info item;
    char prefix[S3L_KEY_MAX + 1];
    char key_marker[S3L_KEY_MAX];
    char id_marker[S3L_UPLOAD_ID_MAX];
    char found[S3L_UPLOADER_SWEEP_IDS][S3L_UPLOAD_ID_MAX];
    unsigned nfound;
    const struct s3l_uploader *u;
};

/*
 * After s3l_uploader_load() set create_sent_at: find the uploads a lost Create answer left
 * open (ListMultipartUploads with the key as prefix, paginated: the same key, Initiated at
 * or after create_sent_at - S3L_UPLOADER_SWEEP_MARGIN_S, or without a readable Initiated)
 * and abort them, before the step that creates anew. Another writer's upload of the very
 * same key started in that window would be aborted too: the key is taken to be the
 * device's own. S3L_OK (create_sent_at is then 0; nothing to do when it was 0), or the
 * request's error (failed_op says which; call again to retry). swept counts the aborts.
 */
int s3l_uploader_sweep(struct s3l_uploader *u, struct s3l_uploader_sweep_mem *mem);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_UPLOADER_H */
