/* SPDX-License-Identifier: MIT */
/*
 * The upload task: one log file as a one-part multipart upload, with every buffer and result
 * in the caller's struct upload_task. A real device would loop over parts (5 MiB each, the
 * last one shorter) and persist upload_id and the part ETags to resume after a reboot.
 */
#include <string.h>

#include "example.h"

int upload_task_init(struct upload_task *t, const struct upload_target *target,
                     const struct s3l_transport *transport, const struct s3l_platform *platform)
{
    struct s3l_client_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.transport = transport;
    cfg.platform = platform;
    cfg.endpoint.host = target->endpoint; /* Host header and where to connect */
    cfg.creds = target->creds;
    cfg.region = target->region;
    cfg.io_buf = t->io;
    cfg.io_cap = sizeof t->io;
    cfg.line_buf = t->line;
    cfg.line_cap = sizeof t->line;
    cfg.scratch = t->scratch;
    cfg.scratch_cap = sizeof t->scratch;
    cfg.work = t->work;
    cfg.work_cap = sizeof t->work;
    t->failed_step = STEP_NONE;
    t->aborted = 0;
    return s3l_client_init(&t->client, &cfg);
}

/* Copy a NUL-terminated result string into the task's own storage. */
static int keep(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n == 0 || n >= cap) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(dst, src, n + 1);
    return S3L_OK;
}

/* AbortMultipartUpload after a failure before Complete was sent: the parts stored so far
 * would otherwise be billed until a lifecycle rule removes them. */
static void abort_upload(struct upload_task *t, const struct upload_target *target)
{
    struct s3l_abort_mpu_params ap;
    memset(&ap, 0, sizeof ap);
    ap.bucket = target->bucket;
    ap.key = target->key;
    ap.upload_id = t->upload_id;
    /* t->err keeps the failure's Error document; Abort's own answer is not needed. */
    t->aborted = s3l_client_abort_mpu(&t->client, &ap, NULL) == S3L_OK;
}

static int fail(struct upload_task *t, const struct upload_target *target, int step, int rc)
{
    t->failed_step = step;
    if (step == STEP_PART) abort_upload(t, target);
    return rc;
}

int upload_task_run(struct upload_task *t, const struct upload_target *target,
                    struct s3l_reader *src, uint64_t len)
{
    struct s3l_create_mpu_params cp;
    struct s3l_upload_part_params up;
    struct s3l_body body;
    struct s3l_complete_part part;
    struct s3l_complete_mpu_params fp;
    int rc;

    t->failed_step = STEP_NONE;
    t->aborted = 0;

    memset(&cp, 0, sizeof cp);
    cp.bucket = target->bucket;
    cp.key = target->key;
    cp.attrs.content_type = "text/plain";
    /* A result's inputs are set before the call: here the optional storage for the echoed
     * Key stays NULL (we sent the key, no need to keep it again). */
    memset(&t->result, 0, sizeof t->result);
    rc = s3l_client_create_mpu(&t->client, &cp, &t->result.create, &t->err);
    if (rc == S3L_OK) rc = keep(t->upload_id, sizeof t->upload_id, t->result.create.upload_id);
    if (rc != S3L_OK) return fail(t, target, STEP_CREATE, rc); /* nothing to abort yet */

    memset(&up, 0, sizeof up);
    up.bucket = target->bucket;
    up.key = target->key;
    up.upload_id = t->upload_id;
    up.part_number = 1;
    up.content_length = len;
    memset(&body, 0, sizeof body);
    body.reader = *src;
    body.mode = S3L_PAYLOAD_MODE_STREAMING; /* each 8 KiB chunk signed as it is sent */
    rc = s3l_client_upload_part(&t->client, &up, &body, &t->result.part, &t->err);
    if (rc == S3L_OK) rc = keep(t->etag, sizeof t->etag, t->result.part.etag);
    if (rc != S3L_OK) return fail(t, target, STEP_PART, rc);

    part.part_number = 1;
    part.etag = t->etag;
    part.checksum = NULL;
    memset(&fp, 0, sizeof fp);
    fp.bucket = target->bucket;
    fp.key = target->key;
    fp.upload_id = t->upload_id;
    fp.parts = &part;
    fp.part_count = 1;
    /* Once Complete is sent, a failure is no longer definite (the object may exist): report
     * it and let the caller check (ListParts or HeadObject) instead of aborting. */
    memset(&t->result, 0, sizeof t->result); /* no Key storage, as above */
    rc = s3l_client_complete_mpu(&t->client, &fp, &t->result.complete, &t->err);
    if (rc != S3L_OK) return fail(t, target, STEP_COMPLETE, rc);
    s3l_client_close(&t->client);
    return S3L_OK;
}
