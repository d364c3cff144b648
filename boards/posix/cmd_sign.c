/* SPDX-License-Identifier: MIT */
/*
 * `s3lite sign`: sign one HTTP request read on stdin (request.txt format, see reqtxt.h) with
 * SigV4 and print it signed, in the same format. A contract other tools rely on:
 *
 *   s3lite sign [--region R] [--service S] [--date YYYYMMDDTHHMMSSZ] [--presign SECONDS]
 *               [--payload signed|unsigned] [--debug] < request.txt
 *
 * Every header of the request is signed. Header signing adds X-Amz-Date, x-amz-content-sha256
 * (S3 rules), X-Amz-Security-Token (when AWS_SESSION_TOKEN is set) and Authorization;
 * --presign puts the X-Amz-* parameters, X-Amz-Signature last, into the request line's query.
 * Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN.
 * Exit 0 when signed, 2 on any usage or input error (the message says what is wrong).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "reqtxt.h"
#include "s3lite/hash.h"
#include "s3lite/sigv4.h"
#include "s3lite/uri.h"

#define SIGN_MAX_HEADERS 256
#define SIGN_MAX_INPUT (256u * 1024u * 1024u)

static void sign_usage(FILE *f)
{
    fprintf(f,
            "usage: s3lite sign [options] < request.txt\n"
            "Signs the HTTP request on stdin with AWS SigV4 and prints it signed.\n"
            "Input: 'METHOD PATH HTTP/1.1' (PATH as on the wire), 'Name:value' lines,\n"
            "an empty line, the body. Every header given is signed.\n"
            "options:\n"
            "  --region R          region (default us-east-1)\n"
            "  --service S         service (default s3: S3 rules; any other name: generic\n"
            "                      rules, with path normalisation and double encoding)\n"
            "  --date D            request time YYYYMMDDTHHMMSSZ (default: now)\n"
            "  --presign SECONDS   presigned URL (1..604800) instead of an Authorization header\n"
            "  --payload signed|unsigned\n"
            "                      payload hash: SHA-256 of the body (default) or UNSIGNED-PAYLOAD\n"
            "  --debug             canonical request and string to sign on stderr\n"
            "credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN\n");
}

struct debug_state {
    int channel;
};

static void debug_trace(void *ctx, int what, const char *data, size_t len)
{
    struct debug_state *d = ctx;
    if (d->channel != what) {
        fprintf(stderr, "%s---- %s\n", d->channel >= 0 ? "\n" : "",
                what == 0 ? "canonical request" : "string to sign");
        d->channel = what;
    }
    fwrite(data, 1, len, stderr);
}

static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1), *nb;
    if (buf == NULL) return NULL;
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
        if (n == cap) {
            if (cap >= SIGN_MAX_INPUT) break;
            cap *= 2;
            nb = realloc(buf, cap + 1);
            if (nb == NULL) {
                free(buf);
                return NULL;
            }
            buf = nb;
        }
    }
    if (ferror(f) || n >= SIGN_MAX_INPUT) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* "s3lite sign: <what><arg><tail>" on stderr; returns the usage exit code. */
static int fail(const char *what, const char *arg, const char *tail)
{
    fprintf(stderr, "s3lite sign: %s%s%s\n", what, arg, tail);
    return S3L_EXIT_USAGE;
}

/* Say which header is wrong, with the rule it breaks. */
static int check_headers(const struct s3l_headers *hs)
{
    size_t i, j;
    for (i = 0; i < hs->count; i++) {
        const struct s3l_header *h = &hs->items[i];
        if (!s3l_is_token(h->name, h->name_len)) {
            fprintf(stderr,
                    "s3lite sign: header %zu: name '%.*s' is not an HTTP token (letters, digits "
                    "and !#$%%&'*+-.^_`|~ only)\n",
                    i + 1, (int)h->name_len, h->name);
            return -1;
        }
        for (j = 0; j < h->value_len; j++) {
            char c = h->value[j];
            if (c == '\r' || c == '\n' || c == '\0') {
                fprintf(stderr, "s3lite sign: header '%.*s': value holds a %s byte at offset %zu\n",
                        (int)h->name_len, h->name, c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL", j);
                return -1;
            }
        }
    }
    if (s3l_headers_find(hs, "Host") == NULL) {
        fprintf(stderr, "s3lite sign: the request has no Host header (SigV4 signs it; add e.g. "
                        "'Host:bucket.s3.amazonaws.com')\n");
        return -1;
    }
    return 0;
}

static void put_slice(const char *p, size_t n)
{
    fwrite(p, 1, n, stdout);
}

int s3l_cmd_sign(int argc, char **argv)
{
    const char *region = "us-east-1", *service = "s3", *date = NULL, *payload_opt = NULL;
    long presign = 0;
    int debug = 0, i, rc, code = S3L_EXIT_USAGE;
    struct s3l_credentials creds;
    struct s3l_sigv4 sig;
    struct s3l_sigv4_request req;
    struct s3l_reqtxt rt;
    struct debug_state dbg;
    static struct s3l_header items[SIGN_MAX_HEADERS + 4];
    char err[160], body_hex[S3L_SIG_HEX_LEN + 1], authz[2048], *buf = NULL, *query = NULL;
    uint8_t digest[S3L_SHA256_LEN];
    size_t len = 0, qcap, qlen = 0, k;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            sign_usage(stdout);
            return S3L_EXIT_OK;
        } else if (strcmp(a, "--debug") == 0) {
            debug = 1;
        } else if (strcmp(a, "--region") == 0 && has_val) {
            region = argv[++i];
        } else if (strcmp(a, "--service") == 0 && has_val) {
            service = argv[++i];
        } else if (strcmp(a, "--date") == 0 && has_val) {
            date = argv[++i];
        } else if (strcmp(a, "--payload") == 0 && has_val) {
            payload_opt = argv[++i];
            if (strcmp(payload_opt, "signed") != 0 && strcmp(payload_opt, "unsigned") != 0) {
                return fail("--payload wants 'signed' or 'unsigned', not '", payload_opt, "'");
            }
        } else if (strcmp(a, "--presign") == 0 && has_val) {
            char *e;
            presign = strtol(argv[++i], &e, 10);
            if (*argv[i] == '\0' || *e != '\0' || presign < 1 || presign > 604800) {
                return fail("--presign wants a number of seconds in 1..604800, not '", argv[i],
                            "'");
            }
        } else {
            int valued = strcmp(a, "--region") == 0 || strcmp(a, "--service") == 0 ||
                         strcmp(a, "--date") == 0 || strcmp(a, "--payload") == 0 ||
                         strcmp(a, "--presign") == 0;
            fprintf(stderr, "s3lite sign: %s '%s'\n\n",
                    valued ? "missing value after" : "unknown argument", a);
            sign_usage(stderr);
            return S3L_EXIT_USAGE;
        }
    }

    creds.access_key_id = getenv("AWS_ACCESS_KEY_ID");
    creds.secret_access_key = getenv("AWS_SECRET_ACCESS_KEY");
    creds.session_token = getenv("AWS_SESSION_TOKEN");
    if (creds.session_token != NULL && creds.session_token[0] == '\0') creds.session_token = NULL;
    if (creds.access_key_id == NULL || creds.access_key_id[0] == '\0' ||
        creds.secret_access_key == NULL || creds.secret_access_key[0] == '\0') {
        return fail("missing credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", "",
                    " (and AWS_SESSION_TOKEN for temporary credentials)");
    }
    if (!s3l_is_token(creds.access_key_id, strlen(creds.access_key_id))) {
        return fail("AWS_ACCESS_KEY_ID holds characters an access key id cannot have", "",
                    " (space, '/', ',', '=', control bytes...)");
    }
    if (creds.session_token != NULL &&
        !s3l_is_safe_value(creds.session_token, strlen(creds.session_token))) {
        return fail("AWS_SESSION_TOKEN holds a CR or LF byte", "", "");
    }
    if (s3l_sigv4_init(&sig, &creds, region, service) != S3L_OK) {
        fprintf(stderr,
                "s3lite sign: bad --region '%s' or --service '%s' (letters, digits, '-', '_', "
                "'.'; region up to %d, service up to %d characters)\n",
                region, service, S3L_REGION_MAX, S3L_SERVICE_MAX);
        return S3L_EXIT_USAGE;
    }
    if (date != NULL) {
        if (s3l_sigv4_set_time(&sig, date) != S3L_OK) {
            return fail("bad --date '", date,
                        "': want YYYYMMDDTHHMMSSZ, a real UTC date and time, "
                        "e.g. 20130524T000000Z");
        }
    } else if (s3l_sigv4_set_time_unix(&sig, (int64_t)time(NULL)) != S3L_OK) {
        return fail("the system clock is out of range", "", "");
    }

    buf = read_all(stdin, &len);
    if (buf == NULL) return fail("cannot read the request on stdin", "", "");
    if (s3l_reqtxt_parse(buf, len, &rt, items, SIGN_MAX_HEADERS, err, sizeof err) != 0) {
        fprintf(stderr, "s3lite sign: stdin %s\n", err);
        goto out;
    }
    rt.headers.cap = SIGN_MAX_HEADERS + 4; /* room for the signer's own headers */
    if (check_headers(&rt.headers) != 0) goto out;

    memset(&req, 0, sizeof req);
    req.method = rt.method;
    req.path = rt.path;
    req.path_len = rt.path_len;
    req.query = rt.query;
    req.query_len = rt.query_len;
    req.headers = &rt.headers;
    if (payload_opt != NULL && strcmp(payload_opt, "unsigned") == 0) {
        req.payload_hash = S3L_CONTENT_SHA256_UNSIGNED;
    } else if (payload_opt != NULL ||
               (presign == 0 && s3l_headers_find(&rt.headers, "x-amz-content-sha256") == NULL) ||
               (presign != 0 && strcmp(service, "s3") != 0)) {
        /* default: SHA-256 of the body; a request that carries its own x-amz-content-sha256
         * keeps it, and an S3 presigned URL uses UNSIGNED-PAYLOAD */
        if (s3l_sha256(rt.body, rt.body_len, digest) != S3L_OK) {
            fprintf(stderr, "s3lite sign: SHA-256 of the body failed\n");
            goto out;
        }
        s3l_hex_lower(digest, sizeof digest, body_hex);
        body_hex[S3L_SIG_HEX_LEN] = '\0';
        req.payload_hash = body_hex;
    }
    if (debug) {
        dbg.channel = -1;
        sig.trace = debug_trace;
        sig.trace_ctx = &dbg;
    }

    if (presign == 0) {
        rc = s3l_sigv4_sign_headers(&sig, &req, authz, sizeof authz);
    } else {
        qcap = rt.query_len + 2 * strlen(creds.access_key_id) + 3 * rt.headers.count * 64 +
               3 * (creds.session_token != NULL ? strlen(creds.session_token) : 0) + 1024;
        for (k = 0; k < rt.headers.count; k++) qcap += 3 * rt.headers.items[k].name_len;
        query = malloc(qcap);
        if (query == NULL) {
            fprintf(stderr, "s3lite sign: out of memory\n");
            goto out;
        }
        rc = s3l_sigv4_presign(&sig, &req, (uint32_t)presign, query, qcap, &qlen);
    }
    if (debug) fprintf(stderr, "\n----\n");
    if (rc != S3L_OK) {
        fprintf(stderr, "s3lite sign: cannot sign: %s\n", s3l_strerror(rc));
        goto out;
    }

    printf("%s ", rt.method);
    put_slice(rt.path, rt.path_len);
    if (presign != 0) {
        putchar('?');
        put_slice(query, qlen);
    } else if (rt.query != NULL) {
        putchar('?');
        put_slice(rt.query, rt.query_len);
    }
    printf(" %s\n", rt.version);
    for (k = 0; k < rt.headers.count; k++) {
        const struct s3l_header *h = &rt.headers.items[k];
        put_slice(h->name, h->name_len);
        putchar(':');
        put_slice(h->value, h->value_len);
        putchar('\n');
    }
    putchar('\n');
    put_slice(rt.body, rt.body_len);
    code = fflush(stdout) == 0 ? S3L_EXIT_OK : S3L_EXIT_USAGE;
out:
    s3l_sigv4_wipe(&sig);
    free(query);
    free(buf);
    return code;
}
