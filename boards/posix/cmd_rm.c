/* SPDX-License-Identifier: MIT */
/*
 * `s3lite rm s3://bucket/key`: DeleteObject, and `delete: s3://bucket/key` as aws s3 rm
 * prints it. S3 answers 204 whether the key existed or not, so a missing key is no error.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/client.h"

static const char CMD[] = "rm";

enum { O_VERSION = 1, O_OWNER, O_PAYER, O_DRY_RUN };

static const struct s3l_cli_opt rm_opts[] = {
    {"version-id", O_VERSION, 1},
    {"expected-bucket-owner", O_OWNER, 1},
    {"request-payer", O_PAYER, 1},
    {"dry-run", O_DRY_RUN, 0},
    S3L_CLI_COMMON_OPTS,
};

struct rm_args {
    const char *version_id;
    const char *owner;
    int payer;
    int dry_run;
};

static int rm_opt(void *ctx, int id, const char *v, char *err, size_t cap)
{
    struct rm_args *a = ctx;
    switch (id) {
    case O_VERSION:
        if (v[0] == '\0') {
            snprintf(err, cap, "--version-id: want the object version's id");
            return -1;
        }
        a->version_id = v;
        return 0;
    case O_OWNER: a->owner = v; return 0;
    case O_PAYER:
        if (strcmp(v, "requester") != 0) {
            snprintf(err, cap, "--request-payer '%s': want requester", v);
            return -1;
        }
        a->payer = 1;
        return 0;
    default: a->dry_run = 1; return 0;
    }
}

int s3l_cmd_rm(int argc, char **argv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct rm_args a;
    struct s3l_cli_client *cc;
    struct s3l_delete_object_params p;
    struct s3l_delete_object_result res;
    const char *u;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&a, 0, sizeof a);
    rc = s3l_cli_parse_one_url(argc, argv, rm_opts, sizeof rm_opts / sizeof rm_opts[0], NULL,
                               &conf, &u, rm_opt, &a, err, sizeof err);
    if (rc == 1) {
        printf("usage: s3lite rm s3://BUCKET/KEY [--version-id ID] [--expected-bucket-owner ID]\n"
               "                 [--request-payer requester] [--dry-run]\n\n"
               "Deletes an object (DeleteObject) and prints 'delete: s3://BUCKET/KEY'. S3\n"
               "answers the same whether the key existed or not. --version-id deletes that\n"
               "version of a versioned object.\n\n%s",
               S3L_CLI_COMMON_HELP);
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(u, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && url.key_len == 0) {
        snprintf(err, sizeof err, "'%s': want s3://BUCKET/KEY", u);
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
    p.version_id = a.version_id;
    p.request_payer = a.payer ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
    p.expected_bucket_owner = a.owner;
    memset(&res, 0, sizeof res);
    rc = s3l_client_delete_object(&cc->c, &p, &res, &cc->err);
    if (rc != S3L_OK) {
        rc = s3l_cli_report(CMD, cc, rc, "DeleteObject");
    } else {
        if (!a.dry_run) printf("delete: s3://%s/%s\n", cc->target.bucket, url.key);
        rc = S3L_EXIT_OK;
    }
    s3l_cli_client_free(cc);
    return rc;
}
