/* SPDX-License-Identifier: MIT */
/*
 * `s3lite presign s3://bucket/key [--expires N] [--method GET|PUT|POST|DELETE] [--uploads]
 * [--upload-id ID [--part-number N]]`: print a presigned URL (query-string SigV4) for GetObject,
 * PutObject or a multipart step, so a device holding no key can upload through it. No network:
 * it only signs. S3L_FIXED_TIME fixes the signing time.
 */
#include <stdio.h>
#include <string.h>

#include "cli_common.h"
#include "cli_creds.h"
#include "s3lite/common.h"
#include "s3lite/s3_request.h"
#include "s3lite/sigv4.h"

enum { O_EXPIRES = 1, O_METHOD, O_UPLOADS, O_UPLOAD_ID, O_PART_NUMBER };

static const struct s3l_cli_opt presign_opts[] = {
    {"expires", O_EXPIRES, 1},
    {"method", O_METHOD, 1},
    {"uploads", O_UPLOADS, 0},
    {"upload-id", O_UPLOAD_ID, 1},
    {"part-number", O_PART_NUMBER, 1},
    S3L_CLI_COMMON_OPTS,
};

static void usage(FILE *f)
{
    fputs("usage: s3lite presign s3://BUCKET/KEY [--expires SECONDS] [--method GET|PUT]\n"
          "       s3lite presign s3://BUCKET/KEY --method POST --uploads\n"
          "       s3lite presign s3://BUCKET/KEY --method PUT --upload-id ID --part-number N\n"
          "       s3lite presign s3://BUCKET/KEY --method POST|DELETE --upload-id ID\n"
          "\n"
          "Prints a presigned URL (SigV4 in the query string); sends nothing.\n"
          "  --expires SECONDS   validity, 1..604800 (7 days); default 3600\n"
          "  --method M          the request the URL allows; default GET:\n"
          "                        GET: GetObject; PUT: PutObject or, with --upload-id and\n"
          "                        --part-number, UploadPart; POST --uploads:\n"
          "                        CreateMultipartUpload; POST --upload-id:\n"
          "                        CompleteMultipartUpload (the part list is the body);\n"
          "                        DELETE --upload-id: AbortMultipartUpload\n"
          "  --uploads           sign the ?uploads sub-resource (POST only)\n"
          "  --upload-id ID      sign uploadId=ID (PUT, POST or DELETE)\n"
          "  --part-number N     sign partNumber=N, 1..10000 (PUT with --upload-id)\n"
          "Env S3L_FIXED_TIME=YYYYMMDDTHHMMSSZ fixes the signing time (tests).\n"
          "\n",
          f);
    fputs(S3L_CLI_COMMON_HELP, f);
}

/* Parsed arguments (exposed for tests through the command's exit codes only). */
struct presign_args {
    struct s3l_cli_conf conf;
    const char *url;
    uint32_t expires;
    const char *method;
    int uploads;           /* --uploads given */
    const char *upload_id; /* NULL: not given */
    uint32_t part_number;  /* 0: not given */
};

/* Which sub-resources go with which method; 0 or -1 with err set. */
static int check_combination(const struct presign_args *pa, char *err, size_t cap)
{
    const char *m = pa->method;
    if (pa->uploads && strcmp(m, "POST") != 0) {
        snprintf(err, cap, "--uploads is for --method POST (CreateMultipartUpload)");
    } else if (pa->uploads && pa->upload_id != NULL) {
        snprintf(err, cap, "--uploads and --upload-id exclude each other");
    } else if (pa->upload_id != NULL && strcmp(m, "GET") == 0) {
        snprintf(err, cap, "--upload-id is for --method PUT, POST or DELETE");
    } else if (pa->part_number != 0 && (strcmp(m, "PUT") != 0 || pa->upload_id == NULL)) {
        snprintf(err, cap, "--part-number is for --method PUT with --upload-id (UploadPart)");
    } else if (strcmp(m, "PUT") == 0 && pa->upload_id != NULL && pa->part_number == 0) {
        snprintf(err, cap, "--method PUT --upload-id needs --part-number N (UploadPart)");
    } else if (strcmp(m, "POST") == 0 && !pa->uploads && pa->upload_id == NULL) {
        snprintf(err, cap, "--method POST needs --uploads (Create) or --upload-id ID (Complete)");
    } else if (strcmp(m, "DELETE") == 0 && pa->upload_id == NULL) {
        snprintf(err, cap, "--method DELETE needs --upload-id ID (AbortMultipartUpload)");
    } else {
        return 0;
    }
    return -1;
}

static int parse(int argc, char **argv, struct presign_args *pa, char *err, size_t cap)
{
    struct s3l_cli_args a;
    const char *v;
    int id, expires_given = 0;
    memset(pa, 0, sizeof *pa);
    s3l_cli_conf_from_env(&pa->conf, NULL);
    pa->expires = 3600;
    pa->method = "GET";
    s3l_cli_args_init(&a, argc, argv, presign_opts, sizeof presign_opts / sizeof presign_opts[0]);
    while ((id = s3l_cli_next(&a, &v)) != S3L_CLI_END) {
        int r;
        if (id == S3L_CLI_HELP) return 1;
        if (id == S3L_CLI_ERROR) {
            snprintf(err, cap, "%s", a.err);
            return -1;
        }
        if (id == S3L_CLI_POSITIONAL) {
            if (pa->url != NULL) {
                snprintf(err, cap, "too many arguments ('%s'): want one s3://BUCKET/KEY", v);
                return -1;
            }
            pa->url = v;
            continue;
        }
        r = s3l_cli_conf_option(&pa->conf, id, v, err, cap);
        if (r < 0) return -1;
        if (r > 0) continue;
        if (id == O_EXPIRES) {
            uint64_t n = 0;
            const char *p = v;
            if (expires_given) {
                snprintf(err, cap, "--expires given twice");
                return -1;
            }
            expires_given = 1;
            while (*p >= '0' && *p <= '9' && n <= 604800) n = n * 10 + (uint64_t)(*p++ - '0');
            if (p == v || *p != '\0' || n < 1 || n > 604800) {
                snprintf(err, cap, "--expires '%s': want seconds, 1..604800 (7 days)", v);
                return -1;
            }
            pa->expires = (uint32_t)n;
        } else if (id == O_METHOD) {
            if (strcmp(v, "GET") != 0 && strcmp(v, "PUT") != 0 && strcmp(v, "POST") != 0 &&
                strcmp(v, "DELETE") != 0) {
                snprintf(err, cap, "--method '%s': want GET, PUT, POST or DELETE", v);
                return -1;
            }
            pa->method = v;
        } else if (id == O_UPLOADS) {
            pa->uploads = 1;
        } else if (id == O_UPLOAD_ID) {
            if (v[0] == '\0') {
                snprintf(err, cap, "--upload-id: want a non-empty upload id");
                return -1;
            }
            pa->upload_id = v;
        } else if (id == O_PART_NUMBER) {
            uint32_t n = 0;
            const char *p = v;
            while (*p >= '0' && *p <= '9' && n <= 10000) n = n * 10 + (uint32_t)(*p++ - '0');
            if (p == v || *p != '\0' || n < 1 || n > 10000) {
                snprintf(err, cap, "--part-number '%s': want 1..10000", v);
                return -1;
            }
            pa->part_number = n;
        }
    }
    if (pa->url == NULL) {
        snprintf(err, cap, "want s3://BUCKET/KEY");
        return -1;
    }
    return check_combination(pa, err, cap);
}

int s3l_cmd_presign(int argc, char **argv)
{
    struct presign_args pa;
    struct s3l_cli_s3url url;
    struct s3l_cli_target t;
    struct s3l_credentials creds;
    struct s3l_cli_provider prov;
    int source;
    struct s3l_sigv4 sig;
    struct s3l_sigv4_request sreq;
    struct s3l_request req;
    struct s3l_header hv[S3L_REQ_HEADERS_MAX + 8];
    char mem[8192], query[8192], err[S3L_CLI_ERR_MAX];
    struct s3l_arena arena;
    const struct s3l_header *host;
    size_t qlen = 0;
    int64_t now;
    int rc;

    rc = parse(argc, argv, &pa, err, sizeof err);
    if (rc == 1) {
        usage(stdout);
        return S3L_EXIT_OK;
    }
    if (rc == 0 && s3l_cli_parse_s3url(pa.url, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && url.key_len == 0) {
        snprintf(err, sizeof err, "'%s': no key (want s3://BUCKET/KEY)", pa.url);
        rc = -1;
    }
    if (rc == 0 && s3l_cli_conf_need_credentials(&pa.conf, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && s3l_cli_target_init(&t, &pa.conf, &url, err, sizeof err) != 0) rc = -1;
    if (rc == 0 && s3l_cli_now(&now, err, sizeof err) != 0) rc = -1;
    if (rc != 0) {
        s3l_cli_errorf("presign", "%s", err);
        return S3L_EXIT_USAGE;
    }

    memset(&req, 0, sizeof req);
    req.headers.items = hv;
    req.headers.cap = sizeof hv / sizeof hv[0];
    arena.buf = mem;
    arena.cap = sizeof mem;
    arena.used = 0;
    if (pa.uploads) {
        struct s3l_create_mpu_params p;
        memset(&p, 0, sizeof p);
        p.bucket = t.bucket;
        p.key = url.key;
        p.key_len = url.key_len;
        rc = s3l_build_create_mpu(&req, &arena, &t.s3ep, &p);
    } else if (pa.part_number != 0) {
        struct s3l_upload_part_params p;
        memset(&p, 0, sizeof p);
        p.bucket = t.bucket;
        p.key = url.key;
        p.key_len = url.key_len;
        p.upload_id = pa.upload_id;
        p.part_number = pa.part_number;
        rc = s3l_build_upload_part(&req, &arena, &t.s3ep, &p);
    } else if (pa.upload_id != NULL) {
        /* Complete and Abort share the path and query (?uploadId=ID); Complete's part list is
         * the body the holder of the URL sends, so only the method differs here. */
        struct s3l_abort_mpu_params p;
        memset(&p, 0, sizeof p);
        p.bucket = t.bucket;
        p.key = url.key;
        p.key_len = url.key_len;
        p.upload_id = pa.upload_id;
        rc = s3l_build_abort_mpu(&req, &arena, &t.s3ep, &p);
        if (rc == S3L_OK) req.method = pa.method;
    } else if (strcmp(pa.method, "PUT") == 0) {
        struct s3l_put_object_params p;
        memset(&p, 0, sizeof p);
        p.bucket = t.bucket;
        p.key = url.key;
        p.key_len = url.key_len;
        rc = s3l_build_put_object(&req, &arena, &t.s3ep, &p);
    } else {
        struct s3l_get_object_params p;
        memset(&p, 0, sizeof p);
        p.bucket = t.bucket;
        p.key = url.key;
        p.key_len = url.key_len;
        rc = s3l_build_get_object(&req, &arena, &t.s3ep, &p);
    }
    if (rc != S3L_OK) {
        s3l_cli_errorf("presign", "cannot build the request: %s", s3l_strerror(rc));
        return s3l_cli_exit_code(rc);
    }
    /* A presigned URL signs Host only: the body and its headers are the user's. */
    host = s3l_headers_find(&req.headers, "Host");
    req.headers.count = 1;
    hv[0] = *host;
    host = &hv[0];

    creds.access_key_id = pa.conf.access_key_id;
    creds.secret_access_key = pa.conf.secret_access_key;
    creds.session_token = pa.conf.session_token;
    source = s3l_cli_conf_credentials_source(&pa.conf, err, sizeof err);
    memset(&prov, 0, sizeof prov);
    if (source != S3L_CLI_CREDS_ENV) {
        /* temporary credentials, fetched once: the URL carries their token and stops working
         * when they expire, whatever --expires says */
        if (s3l_cli_provider_init(&prov, &pa.conf, source, err, sizeof err) != 0) {
            s3l_cli_provider_free(&prov);
            s3l_cli_errorf("presign", "%s", err);
            return S3L_EXIT_USAGE;
        }
        rc = s3l_cli_provider_fetch(&prov, now);
        if (rc != S3L_OK) {
            int code = prov.error_exit;
            s3l_cli_errorf("presign", "no credentials: %s", prov.error);
            s3l_cli_provider_free(&prov);
            return code;
        }
        rc = s3l_sigv4_init(&sig, &prov.view, pa.conf.region, "s3");
    } else {
        rc = s3l_sigv4_init(&sig, &creds, pa.conf.region, "s3");
    }
    if (rc == S3L_OK) rc = s3l_sigv4_set_time_unix(&sig, now);
    if (rc == S3L_OK) {
        memset(&sreq, 0, sizeof sreq);
        sreq.method = req.method;
        sreq.path = req.path;
        sreq.path_len = req.path_len;
        sreq.query = req.query;
        sreq.query_len = req.query_len;
        sreq.headers = &req.headers;
        sreq.payload_hash = S3L_CONTENT_SHA256_UNSIGNED;
        rc = s3l_sigv4_presign(&sig, &sreq, pa.expires, query, sizeof query, &qlen);
    }
    s3l_sigv4_wipe(&sig);
    s3l_cli_provider_free(&prov); /* wipes the temporary credentials; NULL-safe when unused */
    if (rc != S3L_OK) {
        s3l_cli_errorf("presign", "cannot sign: %s", s3l_strerror(rc));
        return s3l_cli_exit_code(rc);
    }
    printf("%s://%.*s%.*s?%.*s\n", t.ep.https ? "https" : "http", (int)host->value_len,
           host->value, (int)req.path_len, req.path, (int)qlen, query);
    return S3L_EXIT_OK;
}
