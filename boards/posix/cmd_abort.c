/* SPDX-License-Identifier: MIT */
/*
 * `s3lite abort s3://bucket/key --upload-id ID`: AbortMultipartUpload.
 */
#include <stdio.h>
#include <string.h>

#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/client.h"

static const char CMD[] = "abort";

enum { O_UPLOAD_ID = 1, O_OWNER, O_PAYER, O_DRY_RUN };

static const struct s3l_cli_opt abort_opts[] = {
    {"upload-id", O_UPLOAD_ID, 1},
    {"expected-bucket-owner", O_OWNER, 1},
    {"request-payer", O_PAYER, 1},
    {"dry-run", O_DRY_RUN, 0},
    S3L_CLI_COMMON_OPTS,
};

struct abort_args {
    const char *upload_id;
    const char *owner;
    int payer;
    int dry_run;
};

static int abort_opt(void *ctx, int id, const char *v, char *err, size_t cap)
{
    struct abort_args *a = ctx;
    switch (id) {
    case O_UPLOAD_ID:
        if (v[0] == '\0' || !s3l_is_safe_value(v, strlen(v))) {
            snprintf(err, cap, "--upload-id: want the id CreateMultipartUpload returned");
            return -1;
        }
        a->upload_id = v;
        return 0;
    case O_OWNER:
        a->owner = v;
        return 0;
    case O_PAYER:
        if (strcmp(v, "requester") != 0) {
            snprintf(err, cap, "--request-payer '%s': want requester", v);
            return -1;
        }
        a->payer = 1;
        return 0;
    default:
        a->dry_run = 1;
        return 0;
    }
}

int s3l_cmd_abort(int argc, char **argv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct abort_args a;
    struct s3l_cli_client *cc;
    struct s3l_abort_mpu_params p;
    const char *u;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&a, 0, sizeof a);
    rc = s3l_cli_parse_one_url(argc, argv, abort_opts, sizeof abort_opts / sizeof abort_opts[0],
                               NULL, &conf, &u, abort_opt, &a, err, sizeof err);
    if (rc == 1) {
        printf("usage: s3lite abort s3://BUCKET/KEY --upload-id ID [--expected-bucket-owner ID]"
               " [--request-payer requester] [--dry-run]\n\nAborts a multipart upload (its "
               "parts are deleted).\n\n%s",
               S3L_CLI_COMMON_HELP);
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(u, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && url.key_len == 0) {
        snprintf(err, sizeof err, "'%s': want s3://BUCKET/KEY", u);
        rc = -1;
    }
    if (rc == 0 && a.upload_id == NULL) {
        snprintf(err, sizeof err, "--upload-id ID is required (s3lite ls-uploads lists them)");
        rc = -1;
    }
    if (rc != 0) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    cc = s3l_cli_client_new(&conf, &url, a.dry_run, err, sizeof err);
    if (cc == NULL) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    if (a.dry_run) cc->dry.on_head = s3l_cli_print_head_stdout;
    memset(&p, 0, sizeof p);
    p.bucket = cc->target.bucket;
    p.key = url.key;
    p.key_len = url.key_len;
    p.upload_id = a.upload_id;
    p.request_payer = a.payer ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
    p.expected_bucket_owner = a.owner;
    rc = s3l_client_abort_mpu(&cc->c, &p, &cc->err);
    if (rc != S3L_OK) {
        rc = s3l_cli_report(CMD, cc, rc, "AbortMultipartUpload");
    } else {
        if (!a.dry_run) printf("abort: s3://%s/%s upload %s\n", cc->target.bucket, url.key,
                               a.upload_id);
        rc = S3L_EXIT_OK;
    }
    s3l_cli_client_free(cc);
    return rc;
}
