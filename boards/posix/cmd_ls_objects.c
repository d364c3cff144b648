/* SPDX-License-Identifier: MIT */
/*
 * `s3lite ls s3://bucket[/prefix] [--recursive]` (ListObjectsV2, every page), printed as
 * `aws s3 ls` prints it, so scripts written for one read the other:
 *                              PRE name/                      (a common prefix: a "folder")
 *   2026-12-07 21:55:01    1048576 name                       (an object)
 * the date in local time (TZ), the size right-aligned in 10 columns. Without --recursive the
 * delimiter is "/" and names are the last path segment; with it every key under the prefix
 * is listed in full. Within a page aws-cli prints the prefixes first: S3 sends them after
 * the objects, so object lines wait in a temporary file until the page ends (memory stays
 * constant whatever the count). Like aws s3 ls, a prefix that matches nothing exits 1.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_client.h"
#include "cli_common.h"
#include "s3lite/client.h"

static const char CMD[] = "ls";

/* Pages are bounded so a server that keeps saying "truncated" cannot loop us forever:
 * 10^7 keys at 1000 a page. */
#define MAX_PAGES 10000

enum { O_RECURSIVE = 1, O_PAGE_SIZE, O_SUMMARIZE, O_OWNER, O_PAYER };

static const struct s3l_cli_opt ls_opts[] = {
    {"recursive", O_RECURSIVE, 0},
    {"page-size", O_PAGE_SIZE, 1},
    {"summarize", O_SUMMARIZE, 0},
    {"expected-bucket-owner", O_OWNER, 1},
    {"request-payer", O_PAYER, 1},
    S3L_CLI_COMMON_OPTS,
};

struct ls_args {
    int recursive;
    int summarize;
    uint32_t page_size; /* max-keys, 0 = S3's default (1000) */
    const char *owner;
    int payer;
    /* while listing */
    FILE *out;            /* where object lines go: stdout, or the page's temporary file */
    unsigned long objects, prefixes;
    uint64_t bytes;
    int cut;              /* a key or prefix did not fit its field: not printed */
};

static int ls_opt(void *ctx, int id, const char *v, char *err, size_t cap)
{
    struct ls_args *a = ctx;
    uint64_t n = 0;
    switch (id) {
    case O_RECURSIVE: a->recursive = 1; return 0;
    case O_SUMMARIZE: a->summarize = 1; return 0;
    case O_PAGE_SIZE:
        /* digits only: s3l_cli_parse_size would take "1k" */
        if (v[0] == '\0' || strspn(v, "0123456789") != strlen(v) || strlen(v) > 4 ||
            s3l_cli_parse_size(v, &n) != 0 || n < 1 || n > 1000) {
            snprintf(err, cap, "--page-size '%s': want 1..1000 keys a request", v);
            return -1;
        }
        a->page_size = (uint32_t)n;
        return 0;
    case O_OWNER: a->owner = v; return 0;
    default:
        if (strcmp(v, "requester") != 0) {
            snprintf(err, cap, "--request-payer '%s': want requester", v);
            return -1;
        }
        a->payer = 1;
        return 0;
    }
}

int s3l_cli_ls_print_object(FILE *f, const char *last_modified, uint64_t size, const char *key,
                            int basename)
{
    char when[S3L_DATE_MAX]; /* "YYYY-MM-DD HH:MM:SS", or the field as S3 sent it */
    int64_t t;
    const char *name = key, *slash;
    if (basename && (slash = strrchr(key, '/')) != NULL) name = slash + 1;
    if (s3l_cli_parse_iso8601(last_modified, &t) == 0) {
        time_t tt = (time_t)t;
        struct tm tm;
        if (localtime_r(&tt, &tm) == NULL || strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm) == 0)
            snprintf(when, sizeof when, "%s", last_modified);
    } else {
        snprintf(when, sizeof when, "%s", last_modified); /* not a date: shown as sent */
    }
    return fprintf(f, "%-19s %10llu %s\n", when, (unsigned long long)size, name) < 0 ? -1 : 0;
}

int s3l_cli_ls_print_prefix(FILE *f, const char *prefix)
{
    /* aws-cli prints the segment before the prefix's closing "/" */
    size_t n = strlen(prefix), start;
    if (n > 0 && prefix[n - 1] == '/') n--;
    for (start = n; start > 0 && prefix[start - 1] != '/'; start--) continue;
    return fprintf(f, "%30s %.*s/\n", "PRE", (int)(n - start), prefix + start) < 0 ? -1 : 0;
}

static int on_object(void *ctx, const void *item)
{
    struct ls_args *a = ctx;
    const struct s3l_object_info *o = item;
    if (o->truncated & S3L_TRUNC_KEY) {
        a->cut = 1; /* a cut key names another object: never print it */
        return 0;
    }
    a->objects++;
    a->bytes += o->size;
    (void)s3l_cli_ls_print_object(a->out, o->last_modified, o->size, o->key, !a->recursive);
    return 0;
}

static int on_prefix(void *ctx, const void *item)
{
    struct ls_args *a = ctx;
    const struct s3l_prefix_info *p = item;
    if (p->truncated & S3L_TRUNC_KEY) {
        a->cut = 1;
        return 0;
    }
    a->prefixes++;
    (void)s3l_cli_ls_print_prefix(stdout, p->prefix);
    return 0;
}

/* The object lines the temporary file holds, to stdout; the file emptied for the next page. */
static int flush_page(FILE *tmp)
{
    char buf[4096];
    size_t n;
    if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0) return -1;
    while ((n = fread(buf, 1, sizeof buf, tmp)) > 0) {
        if (fwrite(buf, 1, n, stdout) != n) return -1;
    }
    if (ferror(tmp) || ftruncate(fileno(tmp), 0) != 0) return -1;
    return fseek(tmp, 0, SEEK_SET);
}

static int list(struct s3l_cli_client *cc, struct ls_args *a, const struct s3l_cli_s3url *url)
{
    static struct s3l_list_objects_result res; /* large (token, prefix): not on the stack */
    static struct s3l_object_info slot;
    static struct s3l_prefix_info pslot;
    static char token[sizeof res.next_continuation_token];
    unsigned page;
    token[0] = '\0';
    for (page = 0; page < MAX_PAGES; page++) {
        struct s3l_list_objects_params p;
        int rc;
        memset(&p, 0, sizeof p);
        p.bucket = cc->target.bucket;
        p.prefix = url->key_len > 0 ? url->key : NULL;
        p.delimiter = a->recursive ? NULL : "/";
        p.max_keys = a->page_size;
        p.continuation_token = token[0] != '\0' ? token : NULL;
        p.request_payer = a->payer ? S3L_PAYER_REQUESTER : S3L_PAYER_NONE;
        p.expected_bucket_owner = a->owner;
        memset(&res, 0, sizeof res);
        res.objects.items = &slot;
        res.objects.cap = 1;
        res.objects.on_item = on_object;
        res.objects.ctx = a;
        res.prefixes.items = &pslot;
        res.prefixes.cap = 1;
        res.prefixes.on_item = on_prefix;
        res.prefixes.ctx = a;
        rc = s3l_client_list_objects(&cc->c, &p, &res, &cc->err);
        if (rc != S3L_OK) return s3l_cli_report(CMD, cc, rc, "ListObjectsV2");
        if (a->out != stdout && flush_page(a->out) != 0) {
            s3l_cli_errorf(CMD, "the temporary file of a page failed");
            return S3L_EXIT_S3;
        }
        if (a->cut) {
            s3l_cli_errorf(CMD, "a key is longer than its storage (S3L_KEY_MAX); not listed");
            return S3L_EXIT_S3;
        }
        if (!res.has_more) return S3L_EXIT_OK;
        /* the items' cut keys were caught above: this bit is the token's (or the prefix's) */
        if (res.truncated & S3L_TRUNC_KEY) {
            s3l_cli_errorf(CMD, "the continuation token is longer than its storage "
                                "(S3L_KEY_MAX); stopping");
            return S3L_EXIT_S3;
        }
        if (res.next_continuation_token[0] == '\0' || strcmp(res.next_continuation_token, token) == 0) {
            s3l_cli_errorf(CMD, "the listing is truncated but the continuation token does not "
                                "advance; stopping");
            return S3L_EXIT_S3;
        }
        memcpy(token, res.next_continuation_token, sizeof token);
    }
    s3l_cli_errorf(CMD, "more than %d pages; stopping", MAX_PAGES);
    return S3L_EXIT_S3;
}

int s3l_cmd_ls(int argc, char **argv)
{
    struct s3l_cli_conf conf;
    struct s3l_cli_s3url url;
    struct ls_args a;
    struct s3l_cli_client *cc;
    const char *u;
    char err[S3L_CLI_ERR_MAX];
    int rc;
    memset(&a, 0, sizeof a);
    rc = s3l_cli_parse_one_url(argc, argv, ls_opts, sizeof ls_opts / sizeof ls_opts[0], NULL,
                               &conf, &u, ls_opt, &a, err, sizeof err);
    if (rc == 1) {
        printf("usage: s3lite ls s3://BUCKET[/PREFIX] [--recursive] [--page-size N] [--summarize]\n"
               "                 [--expected-bucket-owner ID] [--request-payer requester]\n\n"
               "Lists the objects under PREFIX (ListObjectsV2, every page) as aws s3 ls does:\n"
               "'PRE name/' for each common prefix, then 'YYYY-MM-DD HH:MM:SS SIZE name' per\n"
               "object (local time, size right-aligned in 10). Without --recursive the\n"
               "delimiter is '/' and names are the last segment; with it every key under the\n"
               "prefix, in full. --page-size: keys a request (1..1000, S3's default 1000).\n"
               "--summarize: then the total count and size. Exit 1 when a PREFIX was given and\n"
               "nothing matches it.\n\n%s",
               S3L_CLI_COMMON_HELP);
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(u, &url, err, sizeof err) != 0) rc = -1;
    if (rc != 0) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    cc = s3l_cli_client_new(&conf, &url, 0, err, sizeof err);
    if (cc == NULL) {
        s3l_cli_errorf(CMD, "%s", err);
        return S3L_EXIT_USAGE;
    }
    a.out = stdout;
    if (!a.recursive && (a.out = tmpfile()) == NULL) {
        s3l_cli_errorf(CMD, "cannot create a temporary file for the object lines");
        s3l_cli_client_free(cc);
        return S3L_EXIT_S3;
    }
    rc = list(cc, &a, &url);
    if (a.out != stdout) fclose(a.out);
    if (rc == S3L_EXIT_OK && a.summarize) {
        printf("\nTotal Objects: %lu\n   Total Size: %llu\n", a.objects, (unsigned long long)a.bytes);
    }
    /* as aws s3 ls: a prefix that matches nothing is a failure a script can test */
    if (rc == S3L_EXIT_OK && url.key_len > 0 && a.objects == 0 && a.prefixes == 0) rc = S3L_EXIT_S3;
    fflush(stdout);
    s3l_cli_client_free(cc);
    return rc;
}
