/* SPDX-License-Identifier: MIT */
/*
 * A firmware example: a device uploads one log file to S3 with s3lite's client, as a
 * multipart upload (CreateMultipartUpload, one streaming aws-chunked UploadPart read from a
 * reader, CompleteMultipartUpload; AbortMultipartUpload when something fails before Complete
 * was sent). It uses only the public headers (include/s3lite/) and the core/ sources.
 *
 *   upload.c    the upload task: every buffer and result in one struct, kept in static
 *               storage by main.c (nothing large on the stack)
 *   log_source.c  the reader: generated log lines (a device would read flash or an SD card)
 *   s3_stub.c   a transport that answers as S3 does (a device plugs in lwIP + TLS instead)
 *   main.c      wires them up; on the host it also checks what the stub saw
 *   s3lite_mbedtls_config.h   the mbedTLS config with only what s3lite needs
 */
#ifndef S3L_FIRMWARE_EXAMPLE_H
#define S3L_FIRMWARE_EXAMPLE_H

#include <stdint.h>

#include "s3lite/client.h"

/* ---- the upload task (upload.c) ------------------------------------------------------------ */

/* Line buffer: one response status or header line. S3's longest (x-amz-id-2) is about 80
 * bytes; 512 leaves room for a proxy's headers. */
#define UPLOAD_LINE_CAP 512
/* Work arena: request strings and the Authorization value. 1 KiB holds every request of this
 * flow for keys up to about 200 bytes (client.h: S3L_CLIENT_WORK_MIN and the advice there). */
#define UPLOAD_WORK_CAP S3L_CLIENT_WORK_MIN

/* Everything the upload needs, owned by the caller (main.c keeps it static). */
struct upload_task {
    struct s3l_client client;
    uint8_t io[S3L_CLIENT_IO_MIN];      /* one aws-chunked chunk (8 KiB) plus its framing */
    char line[UPLOAD_LINE_CAP];
    char scratch[S3L_CLIENT_SCRATCH_MIN];
    char work[UPLOAD_WORK_CAP];
    char upload_id[S3L_UPLOAD_ID_MAX];  /* kept from CreateMultipartUpload */
    char etag[S3L_ETAG_MAX];            /* kept from UploadPart */
    union {                             /* one operation at a time: the results share storage */
        struct s3l_create_mpu_result create;
        struct s3l_upload_part_result part;
        struct s3l_complete_mpu_result complete;
    } result;
    struct s3l_s3_error err;            /* the last S3 Error document */
    int failed_step;                    /* which step failed (enum upload_step), 0 = none */
    int aborted;                        /* 1: AbortMultipartUpload succeeded after a failure */
};

enum upload_step { STEP_NONE, STEP_INIT, STEP_CREATE, STEP_PART, STEP_COMPLETE };

/* Where the object goes and who signs. Strings are borrowed for the task's life. */
struct upload_target {
    const char *endpoint;      /* host[:port], e.g. "s3.eu-west-1.amazonaws.com" (port 443) */
    const char *region;
    const struct s3l_credentials *creds;
    const char *bucket;
    const char *key;
};

/* Set up the client over transport and platform. Returns 0 or an s3l_err. */
int upload_task_init(struct upload_task *t, const struct upload_target *target,
                     const struct s3l_transport *transport, const struct s3l_platform *platform);

/* Upload len bytes from src as a one-part multipart upload. Returns S3L_OK when the object
 * is complete; otherwise the failing step's s3l_err (t->failed_step says which step, t->err
 * holds S3's answer), after aborting the upload when the failure came before Complete. */
int upload_task_run(struct upload_task *t, const struct upload_target *target,
                    struct s3l_reader *src, uint64_t len);

/* ---- the log source (log_source.c) --------------------------------------------------------- */

struct log_source {
    uint64_t len;  /* bytes to produce */
    uint64_t pos;  /* bytes produced */
};

/* A reader over generated log lines: len bytes in all, rewindable. */
void log_source_init(struct log_source *s, uint64_t len, struct s3l_reader *out);

#endif /* S3L_FIRMWARE_EXAMPLE_H */
