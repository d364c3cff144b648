/* SPDX-License-Identifier: MIT */
/*
 * `s3lite cp s3://BUCKET/KEY FILE --concurrency N`: the object sized by HeadObject, then
 * fetched as ranged GETs (--part-size's default, 8 MiB, each) over N connections at once,
 * each range written at its offset with pwrite; every GET carries If-Match with the HEAD's
 * ETag, so an object replaced meanwhile fails (412) instead of mixing two versions.
 */
#ifndef S3L_CMD_CP_GET_H
#define S3L_CMD_CP_GET_H

#include <signal.h>
#include <stdint.h>

#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/s3_request.h"

struct s3l_cli_get_job {
    const struct s3l_cli_cp *cp;
    struct s3l_cli_client *cc;                  /* HEAD and the first range go over it */
    const struct s3l_get_object_params *params; /* the GET as one request would send it */
    int fd;                                     /* a regular file, empty */
    unsigned concurrency;                       /* > 1 */
    volatile sig_atomic_t *interrupted;
    struct s3l_cli_progress *prog;              /* started here with the object's size */
    int no_progress;
    /* out */
    uint64_t written;                           /* bytes written */
    int write_errno;                            /* a failed pwrite's errno, else 0 */
};

/* 1: the object fits one range, or HEAD failed or said nothing useful: the caller does one
 * GET (which says why it fails, with the error document).
 * S3L_OK: the object is in fd. Else the failing request's error, with its S3 error
 * document in cc->err (s3l_cli_report() says it). */
int s3l_cli_cp_parallel_get(struct s3l_cli_get_job *job);

#endif
