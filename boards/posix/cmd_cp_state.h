/* SPDX-License-Identifier: MIT */
/*
 * `s3lite cp --state FILE`: a resumable upload of a regular file through core/uploader, its
 * progress kept in FILE (cmd_cp_state.c). cmd_cp.c prepares the client and the object's
 * parameters and hands over here.
 *
 * FILE (the project's own format, not a contract; little-endian):
 *   "S3LCPST" (7), version 1 (1), bucket length (2), bucket, key length (2), key,
 *   uploader blob length (2), the uploader's state blob (uploader.h), CRC-32 of all before (4).
 * The bucket and key are kept so that --restart can abort the upload FILE records even when
 * the command now names another target. Written to FILE.tmp, synced, renamed over FILE.
 */
#ifndef S3L_CMD_CP_STATE_H
#define S3L_CMD_CP_STATE_H

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>

#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/s3_request.h"

#define S3L_CLI_STATE_VERSION 1

struct s3l_cli_state_job {
    const struct s3l_cli_cp *cp;
    struct s3l_cli_client *cc;
    int fd;                                     /* the source, open */
    uint64_t base;                              /* offset of the content in fd */
    struct stat st;                             /* fstat of fd */
    const char *src_name;
    const struct s3l_create_mpu_params *create; /* bucket, key and object parameters */
    enum s3l_payload_mode mode;
    volatile sig_atomic_t *interrupted;         /* set by the signal handler */
    unsigned concurrency;                       /* connections for the parts (>= 1) */
    int stream;                                 /* fd is stdin (a pipe): no --state; each
                                                   part is read into one of `concurrency`
                                                   buffers (needs concurrency > 1) */
};

/* Run (or resume) the upload; prints what happened; returns the exit code. Without
 * cp->state_file (a parallel upload that keeps no FILE) nothing is read or written and a
 * failure aborts the upload, as a plain multipart upload does. */
int s3l_cli_cp_state_upload(struct s3l_cli_state_job *job);

/* The FILE wrapper (pure; for tests): build into out[0..cap) (returns the length, 0 when it
 * does not fit), and parse (0, or -1 when damaged; -2 for another version). */
size_t s3l_cli_state_encode(const char *bucket, const char *key, size_t key_len,
                            const uint8_t *blob, size_t blob_len, uint8_t *out, size_t cap);
int s3l_cli_state_decode(const uint8_t *in, size_t len, const char **bucket, size_t *bucket_len,
                         const char **key, size_t *key_len, const uint8_t **blob,
                         size_t *blob_len);

#endif
