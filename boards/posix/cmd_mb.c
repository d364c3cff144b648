/* SPDX-License-Identifier: MIT */
/*
 * `s3lite mb s3://bucket [--acl ACL]`: CreateBucket. Outside us-east-1 the region goes in the
 * LocationConstraint body (S3 refuses us-east-1 there, so it is left out for it).
 */
#include <stdio.h>
#include <string.h>

#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/client.h"

static const char CMD[] = "mb";

enum { O_ACL = 1, O_DRY_RUN };

static const struct s3l_cli_opt mb_opts[] = {
    {"acl", O_ACL, 1},
    {"dry-run", O_DRY_RUN, 0},
    S3L_CLI_COMMON_OPTS,
};

static const char *const bucket_acls[] = {"private", "public-read", "public-read-write",
                                          "authenticated-read", NULL};

struct mb_args {
    const char *acl;
    int dry_run;
};

static int mb_opt(void *ctx, int id, const char *v, char *err, size_t cap)
{
    struct mb_args *m = ctx;
    if (id == O_DRY_RUN) {
        m->dry_run = 1;
        return 0;
    }
    if (!s3l_cli_in_list(v, bucket_acls)) {
        snprintf(err, cap,
                 "--acl '%s': want one of private|public-read|public-read-write|"
                 "authenticated-read",
                 v);
        return -1;
    }
    m->acl = v;
    return 0;
}

int s3l_cmd_mb(int argc, char **argv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct mb_args m;
    struct s3l_cli_client *cc;
    struct s3l_create_bucket_params p;
    const char *u;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&m, 0, sizeof m);
    rc = s3l_cli_parse_one_url(argc, argv, mb_opts, sizeof mb_opts / sizeof mb_opts[0], NULL,
                               &conf, &u, mb_opt, &m, err, sizeof err);
    if (rc == 1) {
        printf("usage: s3lite mb s3://BUCKET [--acl private|public-read|public-read-write|"
               "authenticated-read] [--dry-run]\n\nCreates a bucket (in --region / AWS_REGION: "
               "sent as LocationConstraint unless us-east-1).\n\n%s",
               S3L_CLI_COMMON_HELP);
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(u, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && url.key_len != 0) {
        snprintf(err, sizeof err, "'%s': want s3://BUCKET without a key", u);
        rc = -1;
    }
    if (rc != 0) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    cc = s3l_cli_client_new(&conf, &url, m.dry_run, err, sizeof err);
    if (cc == NULL) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    if (m.dry_run) cc->dry.on_head = s3l_cli_print_head_stdout;
    memset(&p, 0, sizeof p);
    p.bucket = cc->target.bucket;
    if (m.acl != NULL) (void)s3l_parse_acl(m.acl, &p.acl);
    if (strcmp(conf.region, "us-east-1") != 0) p.location_constraint = conf.region;
    rc = s3l_client_create_bucket(&cc->c, &p, &cc->err);
    if (rc != S3L_OK) {
        rc = s3l_cli_report(CMD, cc, rc, "CreateBucket");
    } else {
        if (!m.dry_run) printf("make_bucket: %s\n", cc->target.bucket);
        rc = S3L_EXIT_OK;
    }
    s3l_cli_client_free(cc);
    return rc;
}
