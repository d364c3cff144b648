/* SPDX-License-Identifier: MIT */
/*
 * `s3lite ls-uploads s3://bucket[/prefix]` (ListMultipartUploads) and
 * `s3lite ls-parts s3://bucket/key --upload-id ID` (ListParts): every page, one line per
 * item, tab-separated, printed as the XML passes (constant RAM whatever the count).
 *   ls-uploads: KEY <tab> UPLOAD_ID <tab> INITIATED
 *   ls-parts:   PART_NUMBER <tab> SIZE <tab> ETAG <tab> LAST_MODIFIED
 */
#include <stdio.h>
#include <string.h>

#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/client.h"

/* Pages are bounded so a server that keeps saying "truncated" cannot loop us forever:
 * 10000 pages of 1000 uploads, or 10000 parts at one part a page. */
#define MAX_PAGES 10001

enum { O_UPLOAD_ID = 1, O_OWNER, O_PAYER };

static const struct s3l_cli_opt ls_opts[] = {
    {"upload-id", O_UPLOAD_ID, 1},
    {"expected-bucket-owner", O_OWNER, 1},
    {"request-payer", O_PAYER, 1},
    S3L_CLI_COMMON_OPTS,
};

struct ls_args {
    int parts; /* ls-parts */
    const char *upload_id;
    const char *owner;
    int payer;
    unsigned long items;
};

static int ls_opt(void *ctx, int id, const char *v, char *err, size_t cap)
{
    struct ls_args *a = ctx;
    switch (id) {
    case O_UPLOAD_ID:
        if (!a->parts) {
            snprintf(err, cap, "--upload-id is an option of ls-parts");
            return -1;
        }
        if (v[0] == '\0' || !s3l_is_safe_value(v, strlen(v))) {
            snprintf(err, cap, "--upload-id: want the id CreateMultipartUpload returned");
            return -1;
        }
        a->upload_id = v;
        return 0;
    case O_OWNER:
        a->owner = v;
        return 0;
    default:
        if (strcmp(v, "requester") != 0) {
            snprintf(err, cap, "--request-payer '%s': want requester", v);
            return -1;
        }
        a->payer = 1;
        return 0;
    }
}

static int print_upload(void *ctx, const void *item)
{
    struct ls_args *a = ctx;
    const struct s3l_upload_info *u = item;
    printf("%s\t%s\t%s\n", u->key, u->upload_id, u->initiated);
    a->items++;
    return 0;
}

static int print_part(void *ctx, const void *item)
{
    struct ls_args *a = ctx;
    const struct s3l_part_info *p = item;
    printf("%u\t%llu\t%s\t%s\n", (unsigned)p->part_number, (unsigned long long)p->size, p->etag,
           p->last_modified);
    a->items++;
    return 0;
}

static int list_uploads(struct s3l_cli_client *cc, struct ls_args *a,
                        const struct s3l_cli_s3url *url)
{
    static struct s3l_list_uploads_result res; /* large (markers): not on the stack */
    static struct s3l_upload_info slot;
    char key_marker[S3L_KEY_MAX], id_marker[S3L_UPLOAD_ID_MAX];
    unsigned page;
    key_marker[0] = id_marker[0] = '\0';
    for (page = 0; page < MAX_PAGES; page++) {
        struct s3l_list_uploads_params p;
        int rc;
        memset(&p, 0, sizeof p);
        p.bucket = cc->target.bucket;
        p.prefix = url->key_len > 0 ? url->key : NULL;
        p.key_marker = key_marker[0] != '\0' ? key_marker : NULL;
        p.upload_id_marker = id_marker[0] != '\0' ? id_marker : NULL;
        p.request_payer = a->payer ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
        p.expected_bucket_owner = a->owner;
        memset(&res, 0, sizeof res);
        res.uploads.items = &slot;
        res.uploads.cap = 1;
        res.uploads.on_item = print_upload;
        res.uploads.ctx = a;
        rc = s3l_client_list_uploads(&cc->c, &p, &res, &cc->err);
        if (rc != S3L_OK) return s3l_cli_report("ls-uploads", cc, rc, "ListMultipartUploads");
        /* A long owner name or date is only cut in the listing; a cut key or upload id
         * would print something that names no upload. */
        if (res.truncated & (S3L_TRUNC_KEY | S3L_TRUNC_UPLOAD_ID)) {
            s3l_cli_errorf("ls-uploads", "a key or upload id is longer than its storage");
            return S3L_EXIT_S3;
        }
        if (!res.has_more) return S3L_EXIT_OK;
        if (res.next_key_marker[0] == '\0' ||
            (strcmp(res.next_key_marker, key_marker) == 0 &&
             strcmp(res.next_upload_id_marker, id_marker) == 0)) {
            s3l_cli_errorf("ls-uploads", "the listing is truncated but the markers do not "
                                         "advance; stopping");
            return S3L_EXIT_S3;
        }
        memcpy(key_marker, res.next_key_marker, sizeof key_marker);
        memcpy(id_marker, res.next_upload_id_marker, sizeof id_marker);
    }
    s3l_cli_errorf("ls-uploads", "more than %d pages; stopping", MAX_PAGES);
    return S3L_EXIT_S3;
}

static int list_parts(struct s3l_cli_client *cc, struct ls_args *a,
                      const struct s3l_cli_s3url *url)
{
    static struct s3l_list_parts_result res;
    static struct s3l_part_info slot;
    uint32_t marker = 0;
    unsigned page;
    for (page = 0; page < MAX_PAGES; page++) {
        struct s3l_list_parts_params p;
        int rc;
        memset(&p, 0, sizeof p);
        p.bucket = cc->target.bucket;
        p.key = url->key;
        p.key_len = url->key_len;
        p.upload_id = a->upload_id;
        p.part_number_marker = marker;
        p.request_payer = a->payer ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
        p.expected_bucket_owner = a->owner;
        memset(&res, 0, sizeof res);
        res.parts.items = &slot;
        res.parts.cap = 1;
        res.parts.on_item = print_part;
        res.parts.ctx = a;
        rc = s3l_client_list_parts(&cc->c, &p, &res, &cc->err);
        if (rc != S3L_OK) return s3l_cli_report("ls-parts", cc, rc, "ListParts");
        if (res.truncated & S3L_TRUNC_ETAG) {
            s3l_cli_errorf("ls-parts", "an ETag is longer than its storage");
            return S3L_EXIT_S3;
        }
        if (!res.has_more) return S3L_EXIT_OK;
        if (res.next_part_number_marker <= marker) {
            s3l_cli_errorf("ls-parts", "the listing is truncated but the part marker does not "
                                       "advance; stopping");
            return S3L_EXIT_S3;
        }
        marker = res.next_part_number_marker;
    }
    s3l_cli_errorf("ls-parts", "more than %d pages; stopping", MAX_PAGES);
    return S3L_EXIT_S3;
}

static int run(int argc, char **argv, int parts)
{
    const char *cmd = parts ? "ls-parts" : "ls-uploads";
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct ls_args a;
    struct s3l_cli_client *cc;
    const char *u;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&a, 0, sizeof a);
    a.parts = parts;
    rc = s3l_cli_parse_one_url(argc, argv, ls_opts, sizeof ls_opts / sizeof ls_opts[0], NULL,
                               &conf, &u, ls_opt, &a, err, sizeof err);
    if (rc == 1) {
        if (parts) {
            printf("usage: s3lite ls-parts s3://BUCKET/KEY --upload-id ID "
                   "[--expected-bucket-owner ID] [--request-payer requester]\n\n"
                   "Lists the parts of a multipart upload, every page: one line per part,\n"
                   "PART_NUMBER<tab>SIZE<tab>ETAG<tab>LAST_MODIFIED.\n\n%s",
                   S3L_CLI_COMMON_HELP);
        } else {
            printf("usage: s3lite ls-uploads s3://BUCKET[/PREFIX] [--expected-bucket-owner ID]"
                   " [--request-payer requester]\n\n"
                   "Lists the multipart uploads in progress, every page: one line per upload,\n"
                   "KEY<tab>UPLOAD_ID<tab>INITIATED.\n\n%s",
                   S3L_CLI_COMMON_HELP);
        }
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(u, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && parts && url.key_len == 0) {
        snprintf(err, sizeof err, "'%s': want s3://BUCKET/KEY", u);
        rc = -1;
    }
    if (rc == 0 && parts && a.upload_id == NULL) {
        snprintf(err, sizeof err, "--upload-id ID is required (s3lite ls-uploads lists them)");
        rc = -1;
    }
    if (rc != 0) {
        s3l_cli_errorf(cmd, "%s", err);
        return S3L_EXIT_USAGE;
    }
    cc = s3l_cli_client_new(&conf, &url, 0, err, sizeof err);
    if (cc == NULL) {
        s3l_cli_errorf(cmd, "%s", err);
        return S3L_EXIT_USAGE;
    }
    rc = parts ? list_parts(cc, &a, &url) : list_uploads(cc, &a, &url);
    fflush(stdout);
    s3l_cli_client_free(cc);
    return rc;
}

int s3l_cmd_ls_uploads(int argc, char **argv)
{
    return run(argc, argv, 0);
}

int s3l_cmd_ls_parts(int argc, char **argv)
{
    return run(argc, argv, 1);
}
