/* SPDX-License-Identifier: MIT */
/*
 * SigV4 conformance: every vector in $SHARED/vectors/sigv4/ (see its README.md).
 *   aws-c-auth/v4   38 cases, header and query signing (generic rules, flags per context.json)
 *   botocore        34 cases of the 2015 suite (generic rules, X-Amz-Date already in .req)
 *   s3-docs         7 S3 examples: header, presigned, aws-chunked seed/chunk/trailer signatures
 *   smithy-rs       1 recorded aws-chunked PutObject with a CRC32 trailer
 * Canonical request and string to sign are captured through the trace hook and compared byte
 * for byte with the expected files, then the signature, the Authorization value and the
 * signed request. Finally `s3lite sign` is run on the S3 and botocore requests (contract).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "reqtxt.h"
#include "s3lite/hash.h"
#include "s3lite/sigv4.h"
#include "s3lite/uri.h"
#include "util_file.h"
#include "util_trace.h"

#define MAXH 64

static char g_dir[4096];

/* ---- files and tiny JSON lookups ---------------------------------------------------------- */

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4400];
    int k = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (k < 0 || (size_t)k >= sizeof path) return NULL;
    return file_read_all(path, len);
}

/* Value after "key": in a flat-enough JSON text: a string (copied, no escapes expected except
 * \" and \\), true/false/number (copied as text). Empty string when absent. */
static void json_get(const char *js, const char *key, char *out, size_t cap)
{
    char pat[128];
    const char *p;
    size_t n = 0;
    out[0] = '\0';
    snprintf(pat, sizeof pat, "\"%s\"", key);
    p = strstr(js, pat);
    if (p == NULL) return;
    p = strchr(p + strlen(pat), ':');
    if (p == NULL) return;
    p++;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') p++;
    if (*p == '"') {
        for (p++; *p != '\0' && *p != '"' && n + 1 < cap; p++) {
            if (*p == '\\' && p[1] != '\0') p++;
            out[n++] = *p;
        }
    } else {
        while (*p != '\0' && *p != ',' && *p != '}' && *p != '\n' && n + 1 < cap) out[n++] = *p++;
    }
    out[n] = '\0';
}

/* "2015-08-30T12:36:00Z" or "20150830T123600Z" -> "20150830T123600Z" */
static void amz_date(const char *ts, char out[17])
{
    size_t n = 0;
    for (; *ts != '\0' && n < 16; ts++) {
        if (*ts != '-' && *ts != ':') out[n++] = *ts;
    }
    out[n] = '\0';
}

/* Compare got with the file's content; on mismatch show both. */
static int same_as_file(const char *case_name, const char *dir, const char *file, const char *got)
{
    char *want = slurp(dir, file, NULL);
    int ok;
    if (want == NULL) {
        CHECKF(0, "%s: cannot read %s", case_name, file);
        return 0;
    }
    /* s3-docs/smithy files end with '\n' in some places; the suites say "no trailing newline"
     * for canonical requests, strings to sign and signatures: accept one trailing '\n' */
    {
        size_t n = strlen(want);
        if (n > 0 && want[n - 1] == '\n' && (strlen(got) == 0 || got[strlen(got) - 1] != '\n')) {
            want[n - 1] = '\0';
        }
    }
    ok = strcmp(want, got) == 0;
    CHECKF(ok, "%s: %s differs\n--- want\n%s\n--- got\n%s\n---", case_name, file, want, got);
    free(want);
    return ok;
}

/* ---- one signer run --------------------------------------------------------------------- */

struct vcase {
    const char *name;
    char akid[128], secret[128], token[1024], region[64], service[64], date[17];
    unsigned flags;
    const char *payload;
};

static void body_hash(const char *body, size_t n, char hex[65])
{
    uint8_t d[32];
    CHECK(s3l_sha256(body, n, d) == S3L_OK);
    s3l_hex_lower(d, 32, hex);
    hex[64] = '\0';
}

static int setup(struct s3l_sigv4 *sig, struct s3l_credentials *cr, const struct vcase *vc,
                 struct cap *c)
{
    cr->access_key_id = vc->akid;
    cr->secret_access_key = vc->secret;
    cr->session_token = vc->token[0] != '\0' ? vc->token : NULL;
    if (s3l_sigv4_init(sig, cr, vc->region, vc->service) != S3L_OK) return -1;
    if (s3l_sigv4_set_time(sig, vc->date) != S3L_OK) return -1;
    sig->flags = vc->flags;
    sig->trace = cap_trace;
    sig->trace_ctx = c;
    cap_reset(c);
    return 0;
}

/* Multiset equality of "Name:value" header lists (values trimmed of blanks at both ends). */
static int same_header_set(const struct s3l_headers *a, const struct s3l_headers *b)
{
    size_t i, j;
    char used[256];
    if (a->count != b->count || a->count > sizeof used) return 0;
    memset(used, 0, sizeof used);
    for (i = 0; i < a->count; i++) {
        const struct s3l_header *x = &a->items[i];
        const char *xv = x->value;
        size_t xn = x->value_len;
        while (xn > 0 && *xv == ' ') xv++, xn--;
        for (j = 0; j < b->count; j++) {
            const struct s3l_header *y = &b->items[j];
            const char *yv = y->value;
            size_t yn = y->value_len;
            while (yn > 0 && *yv == ' ') yv++, yn--;
            if (used[j] || x->name_len != y->name_len || xn != yn ||
                memcmp(x->name, y->name, x->name_len) != 0 || memcmp(xv, yv, xn) != 0) {
                continue;
            }
            used[j] = 1;
            break;
        }
        if (j == b->count) {
            fprintf(stderr, "  header not expected: %.*s:%.*s\n", (int)x->name_len, x->name,
                    (int)x->value_len, x->value);
            return 0;
        }
    }
    return 1;
}

/* Multiset equality of '&'-separated parameter lists. */
static int same_params(const char *a, size_t an, const char *b, size_t bn)
{
    char x[8192], y[8192];
    char *px[64], *py[64], *s;
    size_t nx = 0, ny = 0, i, j;
    if (an >= sizeof x || bn >= sizeof y) return 0;
    memcpy(x, a, an);
    x[an] = '\0';
    memcpy(y, b, bn);
    y[bn] = '\0';
    for (s = strtok(x, "&"); s != NULL && nx < 64; s = strtok(NULL, "&")) px[nx++] = s;
    for (s = strtok(y, "&"); s != NULL && ny < 64; s = strtok(NULL, "&")) py[ny++] = s;
    if (nx != ny) return 0;
    for (i = 0; i < nx; i++) {
        for (j = 0; j < ny; j++) {
            if (py[j] != NULL && strcmp(px[i], py[j]) == 0) {
                py[j] = NULL;
                break;
            }
        }
        if (j == ny) return 0;
    }
    return 1;
}

/* ---- aws-c-auth ------------------------------------------------------------------------- */

static unsigned run_aws_c_auth(void)
{
    char dir[4700], base[4400], val[64];
    struct dirent *de;
    DIR *d;
    unsigned cases = 0;
    snprintf(base, sizeof base, "%s/sigv4/aws-c-auth/v4", g_dir);
    d = opendir(base);
    if (d == NULL) {
        SKIP(76, "aws-c-auth vectors not found");
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        struct vcase vc;
        struct s3l_sigv4 sig;
        struct s3l_credentials cr;
        struct s3l_reqtxt rt, exp_rt;
        struct s3l_header items[MAXH], exp_items[MAXH];
        struct s3l_sigv4_request req;
        static struct cap c;
        char *ctx, *rq, *exp, err[128], authz[1024], want_authz[1200], hex[65], q[8192];
        size_t rlen, elen, qlen = 0;
        int mode, sign_body;
        if (de->d_name[0] == '.') continue;
        snprintf(dir, sizeof dir, "%s/%s", base, de->d_name);
        ctx = slurp(dir, "context.json", NULL);
        if (ctx == NULL) continue;
        cases++;
        memset(&vc, 0, sizeof vc);
        vc.name = de->d_name;
        json_get(ctx, "access_key_id", vc.akid, sizeof vc.akid);
        json_get(ctx, "secret_access_key", vc.secret, sizeof vc.secret);
        json_get(ctx, "token", vc.token, sizeof vc.token);
        json_get(ctx, "region", vc.region, sizeof vc.region);
        json_get(ctx, "service", vc.service, sizeof vc.service);
        json_get(ctx, "timestamp", val, sizeof val);
        amz_date(val, vc.date);
        vc.flags = S3L_SIGV4_DOUBLE_ENCODE; /* aws-c-auth's runner always double-encodes */
        json_get(ctx, "normalize", val, sizeof val);
        if (strcmp(val, "true") == 0) vc.flags |= S3L_SIGV4_NORMALIZE_PATH;
        json_get(ctx, "omit_session_token", val, sizeof val);
        if (strcmp(val, "true") == 0) vc.flags |= S3L_SIGV4_UNSIGNED_TOKEN;
        json_get(ctx, "sign_body", val, sizeof val);
        sign_body = strcmp(val, "true") == 0;
        json_get(ctx, "expiration_in_seconds", val, sizeof val);
        CHECKF(strcmp(val, "3600") == 0, "%s: expiration %s", vc.name, val);
        free(ctx);

        for (mode = 0; mode < 2; mode++) { /* 0: header, 1: query */
            const char *pre = mode == 0 ? "header-" : "query-";
            char fname[64];
            rq = slurp(dir, "request.txt", &rlen);
            if (rq == NULL || s3l_reqtxt_parse(rq, rlen, &rt, items, MAXH, err, sizeof err) != 0) {
                CHECKF(0, "%s: request.txt: %s", vc.name, rq == NULL ? "unreadable" : err);
                free(rq);
                continue;
            }
            rt.headers.cap = MAXH;
            vc.payload = NULL;
            if (sign_body) {
                body_hash(rt.body, rt.body_len, hex);
                vc.payload = hex;
            }
            if (mode == 0 && !sign_body) vc.flags |= S3L_SIGV4_NO_CONTENT_SHA256;
            if (mode == 0 && sign_body) vc.flags &= ~S3L_SIGV4_NO_CONTENT_SHA256;
            if (setup(&sig, &cr, &vc, &c) != 0) {
                CHECKF(0, "%s: setup", vc.name);
                free(rq);
                continue;
            }
            memset(&req, 0, sizeof req);
            req.method = rt.method;
            req.path = rt.path;
            req.path_len = rt.path_len;
            req.query = rt.query;
            req.query_len = rt.query_len;
            req.headers = &rt.headers;
            req.payload_hash = vc.payload;
            if (mode == 0) {
                CHECKF(s3l_sigv4_sign_headers(&sig, &req, authz, sizeof authz) == S3L_OK, "%s",
                       vc.name);
            } else {
                CHECKF(s3l_sigv4_presign(&sig, &req, 3600, q, sizeof q, &qlen) == S3L_OK, "%s",
                       vc.name);
            }
            snprintf(fname, sizeof fname, "%scanonical-request.txt", pre);
            same_as_file(vc.name, dir, fname, c.buf[0]);
            snprintf(fname, sizeof fname, "%sstring-to-sign.txt", pre);
            same_as_file(vc.name, dir, fname, c.buf[1]);
            snprintf(fname, sizeof fname, "%ssignature.txt", pre);
            same_as_file(vc.name, dir, fname, sig.last_signature);

            /* the signed request: same headers (order is informative), same request line */
            snprintf(fname, sizeof fname, "%ssigned-request.txt", pre);
            exp = slurp(dir, fname, &elen);
            if (exp == NULL ||
                s3l_reqtxt_parse(exp, elen, &exp_rt, exp_items, MAXH, err, sizeof err) != 0) {
                CHECKF(0, "%s: %s unreadable", vc.name, fname);
            } else if (mode == 0) {
                const struct s3l_header *a = s3l_headers_find(&exp_rt.headers, "Authorization");
                snprintf(want_authz, sizeof want_authz, "%.*s", a ? (int)a->value_len : 0,
                         a ? a->value : "");
                CHECKF(strcmp(authz, want_authz) == 0, "%s: authz\n%s\n%s", vc.name, authz,
                       want_authz);
                CHECKF(same_header_set(&rt.headers, &exp_rt.headers), "%s: signed headers",
                       vc.name);
                CHECK(exp_rt.body_len == rt.body_len);
            } else {
                CHECKF(exp_rt.query != NULL &&
                           same_params(q, qlen, exp_rt.query, exp_rt.query_len),
                       "%s: presigned query\n%s\n%.*s", vc.name, q,
                       exp_rt.query ? (int)exp_rt.query_len : 0, exp_rt.query ? exp_rt.query : "");
                CHECKF(strlen(q) == qlen, "%s: out_len", vc.name);
                CHECKF(same_header_set(&rt.headers, &exp_rt.headers), "%s: headers untouched",
                       vc.name);
            }
            s3l_sigv4_wipe(&sig);
            free(exp);
            free(rq);
        }
    }
    closedir(d);
    CHECKF(cases == 38, "aws-c-auth: %u cases, want 38", cases);
    return cases;
}

/* ---- botocore ----------------------------------------------------------------------------- */

static void token_from_aws_c_auth(const char *case_name, char *out, size_t cap)
{
    char dir[4400];
    char *ctx;
    snprintf(dir, sizeof dir, "%s/sigv4/aws-c-auth/v4/%s", g_dir, case_name);
    ctx = slurp(dir, "context.json", NULL);
    out[0] = '\0';
    if (ctx != NULL) json_get(ctx, "token", out, cap);
    free(ctx);
}

static unsigned botocore_case(const char *dir, const char *name)
{
    struct vcase vc;
    struct s3l_sigv4 sig;
    struct s3l_credentials cr;
    struct s3l_reqtxt rt, exp_rt;
    struct s3l_header items[MAXH], exp_items[MAXH];
    struct s3l_sigv4_request req;
    static struct cap c;
    char fname[300], *rq, *exp, err[128], authz[1024], hex[65];
    size_t rlen, elen;
    snprintf(fname, sizeof fname, "%s.req", name);
    rq = slurp(dir, fname, &rlen);
    if (rq == NULL) return 0;
    memset(&vc, 0, sizeof vc);
    vc.name = name;
    strcpy(vc.akid, "AKIDEXAMPLE");
    strcpy(vc.secret, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    strcpy(vc.region, "us-east-1");
    strcpy(vc.service, "service");
    strcpy(vc.date, "20150830T123600Z");
    vc.flags = S3L_SIGV4_NORMALIZE_PATH | S3L_SIGV4_DOUBLE_ENCODE | S3L_SIGV4_NO_CONTENT_SHA256;
    if (strcmp(name, "get-vanilla-with-session-token") == 0) {
        token_from_aws_c_auth(name, vc.token, sizeof vc.token);
    } else if (strcmp(name, "post-sts-header-after") == 0) { /* added after signing */
        token_from_aws_c_auth(name, vc.token, sizeof vc.token);
        vc.flags |= S3L_SIGV4_UNSIGNED_TOKEN;
    }
    if (s3l_reqtxt_parse(rq, rlen, &rt, items, MAXH, err, sizeof err) != 0 ||
        setup(&sig, &cr, &vc, &c) != 0) {
        CHECKF(0, "botocore %s: %s", name, err);
        free(rq);
        return 1;
    }
    rt.headers.cap = MAXH;
    body_hash(rt.body, rt.body_len, hex);
    memset(&req, 0, sizeof req);
    req.method = rt.method;
    req.path = rt.path;
    req.path_len = rt.path_len;
    req.query = rt.query;
    req.query_len = rt.query_len;
    req.headers = &rt.headers;
    req.payload_hash = hex;
    CHECKF(s3l_sigv4_sign_headers(&sig, &req, authz, sizeof authz) == S3L_OK, "botocore %s", name);
    snprintf(fname, sizeof fname, "%s.creq", name);
    same_as_file(name, dir, fname, c.buf[0]);
    snprintf(fname, sizeof fname, "%s.sts", name);
    same_as_file(name, dir, fname, c.buf[1]);
    snprintf(fname, sizeof fname, "%s.authz", name);
    same_as_file(name, dir, fname, authz);
    /* .sreq: same headers. Known upstream defect: get-vanilla-with-session-token.sreq carries
     * get-vanilla's signature (README); compare its headers except Authorization. */
    snprintf(fname, sizeof fname, "%s.sreq", name);
    exp = slurp(dir, fname, &elen);
    if (exp != NULL && s3l_reqtxt_parse(exp, elen, &exp_rt, exp_items, MAXH, err, sizeof err) == 0) {
        if (strcmp(name, "get-vanilla-with-session-token") == 0) {
            size_t i, j = 0;
            for (i = 0; i < exp_rt.headers.count; i++) {
                if (strncmp(exp_items[i].name, "Authorization", 13) != 0) {
                    exp_items[j++] = exp_items[i];
                }
            }
            exp_rt.headers.count = j;
            rt.headers.count--; /* our Authorization is last */
            printf("NOTE botocore %s: .sreq Authorization not compared (known upstream defect; "
                   ".authz checked)\n",
                   name);
        }
        CHECKF(same_header_set(&rt.headers, &exp_rt.headers), "botocore %s: .sreq headers", name);
    } else {
        CHECKF(0, "botocore %s: .sreq unreadable", name);
    }
    s3l_sigv4_wipe(&sig);
    free(exp);
    free(rq);
    return 1;
}

static unsigned run_botocore(void)
{
    static const char *const subdirs[] = {"", "/normalize-path", "/post-sts-token"};
    unsigned cases = 0;
    size_t s;
    for (s = 0; s < 3; s++) {
        char base[4400], dir[4700];
        struct dirent *de;
        DIR *d;
        snprintf(base, sizeof base, "%s/sigv4/botocore/aws4_testsuite%s", g_dir, subdirs[s]);
        d = opendir(base);
        if (d == NULL) {
            if (s == 0) {
                SKIP(34, "botocore vectors not found");
                return 0;
            }
            continue;
        }
        while ((de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.') continue;
            snprintf(dir, sizeof dir, "%s/%s", base, de->d_name);
            cases += botocore_case(dir, de->d_name);
        }
        closedir(d);
    }
    CHECKF(cases == 34, "botocore: %u cases, want 34", cases);
    return cases;
}

/* ---- s3-docs and smithy-rs ---------------------------------------------------------------- */

static int hex_to_bin(const char *h, uint8_t out[32])
{
    size_t i;
    for (i = 0; i < 32; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

/* Keep only the headers named in the ';'-list (the vectors' request.txt may carry unsigned
 * ones, e.g. smithy-rs's user-agent). */
static void keep_signed(struct s3l_headers *h, const char *list)
{
    size_t i, j = 0;
    for (i = 0; i < h->count; i++) {
        const char *p = list;
        int keep = 0;
        while (*p != '\0') {
            const char *e = strchr(p, ';');
            size_t n = e != NULL ? (size_t)(e - p) : strlen(p), k;
            if (n == h->items[i].name_len) {
                for (k = 0; k < n; k++) {
                    char c = h->items[i].name[k];
                    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
                    if (c != p[k]) break;
                }
                if (k == n) keep = 1;
            }
            p += n;
            if (*p == ';') p++;
        }
        if (keep) h->items[j++] = h->items[i];
    }
    h->count = j;
}

/* The docs write "a,b" where aws-c-auth and botocore write "a, b". */
static void strip_spaces_after_commas(char *s)
{
    char *o = s, prev = '\0';
    for (; *s != '\0'; s++) {
        char c = *s;
        if (!(c == ' ' && prev == ',')) *o++ = c;
        prev = c;
    }
    *o = '\0';
}

static unsigned s3_case(const char *dir, const char *name)
{
    struct vcase vc;
    struct s3l_sigv4 sig;
    struct s3l_credentials cr;
    struct s3l_reqtxt rt;
    struct s3l_header items[MAXH];
    struct s3l_sigv4_request req;
    static struct cap c;
    char *ctx, *rq, *f, err[128], authz[1024], q[4096], val[512], payload[128], signed_list[512];
    size_t rlen, qlen;
    int presign;
    ctx = slurp(dir, "context.json", NULL);
    if (ctx == NULL) return 0;
    memset(&vc, 0, sizeof vc);
    vc.name = name;
    json_get(ctx, "access_key_id", vc.akid, sizeof vc.akid);
    json_get(ctx, "secret_access_key", vc.secret, sizeof vc.secret);
    json_get(ctx, "region", vc.region, sizeof vc.region);
    json_get(ctx, "service", vc.service, sizeof vc.service);
    json_get(ctx, "timestamp", val, sizeof val);
    amz_date(val, vc.date);
    json_get(ctx, "payload_hash", payload, sizeof payload);
    json_get(ctx, "signed_headers", signed_list, sizeof signed_list);
    json_get(ctx, "normalize_path", val, sizeof val);
    CHECKF(strcmp(val, "false") == 0, "%s: normalize_path %s", name, val);
    json_get(ctx, "double_uri_encode", val, sizeof val);
    CHECKF(strcmp(val, "false") == 0, "%s: double_uri_encode %s", name, val);
    json_get(ctx, "signature_location", val, sizeof val);
    presign = strcmp(val, "query") == 0;
    vc.flags = 0; /* the S3 rules */
    rq = slurp(dir, "request.txt", &rlen);
    if (rq == NULL || s3l_reqtxt_parse(rq, rlen, &rt, items, MAXH, err, sizeof err) != 0 ||
        setup(&sig, &cr, &vc, &c) != 0) {
        CHECKF(0, "%s: request.txt/setup", name);
        free(rq);
        free(ctx);
        return 1;
    }
    CHECK(sig.flags == 0); /* init picks the S3 rules for "s3" */
    rt.headers.cap = MAXH;
    keep_signed(&rt.headers, signed_list);
    memset(&req, 0, sizeof req);
    req.method = rt.method;
    req.path = rt.path;
    req.path_len = rt.path_len;
    req.query = rt.query;
    req.query_len = rt.query_len;
    req.headers = &rt.headers;
    req.payload_hash = payload;
    if (presign) {
        json_get(ctx, "expires", val, sizeof val);
        CHECK(s3l_sigv4_presign(&sig, &req, (uint32_t)atoi(val), q, sizeof q, &qlen) == S3L_OK);
        f = slurp(dir, "presigned-url.txt", NULL);
        CHECKF(f != NULL && strchr(f, '?') != NULL && strncmp(strchr(f, '?') + 1, q, qlen) == 0 &&
                   (strchr(f, '?')[1 + qlen] == '\0' || strchr(f, '?')[1 + qlen] == '\n'),
               "%s: presigned URL\n%s\n%s", name, f ? f : "", q);
        free(f);
    } else {
        CHECK(s3l_sigv4_sign_headers(&sig, &req, authz, sizeof authz) == S3L_OK);
        f = slurp(dir, "authorization.txt", NULL);
        if (f != NULL) {
            char mine[1024];
            size_t n = strlen(f);
            if (n > 0 && f[n - 1] == '\n') f[n - 1] = '\0';
            strcpy(mine, authz);
            strip_spaces_after_commas(mine);
            strip_spaces_after_commas(f);
            CHECKF(strcmp(mine, f) == 0, "%s: authorization\n%s\n%s", name, mine, f);
        }
        free(f);
    }
    same_as_file(name, dir, "canonical-request.txt", c.buf[0]);
    same_as_file(name, dir, "string-to-sign.txt", c.buf[1]);
    same_as_file(name, dir, "signature.txt", sig.last_signature);

    /* body.bin: its SHA-256 is the payload hash */
    {
        size_t blen;
        char *body = slurp(dir, "body.bin", &blen), hex[65];
        if (body != NULL) {
            body_hash(body, blen, hex);
            CHECKF(strcmp(hex, payload) == 0, "%s: body.bin hash", name);
        }
        free(body);
    }

    /* aws-chunked: chunks.txt lines "i size hex byte sha256 signature", "trailer ..." */
    f = slurp(dir, "chunks.txt", NULL);
    if (f != NULL) {
        char *line, *save = NULL;
        unsigned n = 0;
        for (line = strtok_r(f, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
            unsigned idx;
            char size_dec[32], size_hex[32], byte[16], sha[80], want[80], out[65], fn[64];
            uint8_t d[32];
            if (line[0] == '#') continue;
            if (strncmp(line, "trailer ", 8) == 0) {
                char *tc = slurp(dir, "trailer-canonical.txt", NULL);
                const char *ts = strstr(line, "trailer-signature=");
                CHECKF(tc != NULL && ts != NULL, "%s: trailer data", name);
                if (tc == NULL || ts == NULL) {
                    free(tc);
                    continue;
                }
                CHECK(s3l_sha256(tc, strlen(tc), d) == S3L_OK);
                cap_reset(&c);
                CHECK(s3l_sigv4_sign_trailer(&sig, d, out) == S3L_OK);
                CHECKF(strncmp(out, ts + 18, 64) == 0, "%s: trailer signature %s", name, out);
                same_as_file(name, dir, "trailer-string-to-sign.txt", c.buf[1]);
                free(tc);
                n++;
                continue;
            }
            if (sscanf(line, "%u %31s %31s %15s %79s %79s", &idx, size_dec, size_hex, byte, sha,
                       want) != 6 ||
                hex_to_bin(sha, d) != 0) {
                CHECKF(0, "%s: chunks.txt line '%s'", name, line);
                continue;
            }
            cap_reset(&c);
            CHECK(s3l_sigv4_sign_chunk(&sig, d, out) == S3L_OK);
            CHECKF(strcmp(out, want) == 0, "%s: chunk %u signature %s", name, idx, out);
            CHECK(strcmp(sig.last_signature, out) == 0);
            snprintf(fn, sizeof fn, "chunk-%u-string-to-sign.txt", idx);
            same_as_file(name, dir, fn, c.buf[1]);
            n++;
        }
        CHECKF(n >= 3, "%s: %u chunk/trailer lines", name, n);
    }
    free(f);
    s3l_sigv4_wipe(&sig);
    free(rq);
    free(ctx);
    return 1;
}

static unsigned run_s3(const char *sub, unsigned want, const char *what)
{
    char base[4400], dir[4700];
    struct dirent *de;
    DIR *d;
    unsigned cases = 0;
    snprintf(base, sizeof base, "%s/sigv4/%s", g_dir, sub);
    d = opendir(base);
    if (d == NULL) {
        SKIP(want, what);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        if (de->d_name[0] == '.') continue;
        snprintf(dir, sizeof dir, "%s/%s", base, de->d_name);
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        cases += s3_case(dir, de->d_name);
    }
    closedir(d);
    CHECKF(cases == want, "%s: %u cases, want %u", sub, cases, want);
    return cases;
}

/* ---- `s3lite sign` on the same requests (the CLI contract) -------------------------------- */

static const char *cli_path(void)
{
    static char p[4200];
    const char *b = getenv("BUILD");
    snprintf(p, sizeof p, "%s/s3lite", b != NULL && b[0] != '\0' ? b : "build");
    return p;
}

/* Run `s3lite sign ARGS < dir/file`; returns its stdout (malloc'd) or NULL. */
static char *run_cli(const char *args, const char *dir, const char *file, int *status)
{
    char cmd[9000], *out;
    size_t n = 0, cap = 65536;
    FILE *p;
    snprintf(cmd, sizeof cmd, "'%s' sign %s < '%s/%s' 2>/dev/null", cli_path(), args, dir, file);
    p = popen(cmd, "r");
    if (p == NULL) return NULL;
    out = malloc(cap);
    if (out == NULL) {
        pclose(p);
        return NULL;
    }
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    *status = pclose(p);
    return out;
}

static void run_cli_vectors(void)
{
    char base[4400], dir[4700], *ctx, *out, *want;
    static const char *const s3[] = {"get-object", "put-object", "get-bucket-lifecycle",
                                     "list-objects", "presigned-get-object",
                                     "streaming-put-object", "streaming-put-object-trailer"};
    static const char *const boto[] = {"get-vanilla", "get-vanilla-query-order-key",
                                       "get-header-value-multiline", "post-x-www-form-urlencoded",
                                       "get-utf8", "get-space", "get-slashes",
                                       "get-vanilla-with-session-token"};
    size_t i;
    int st;
    if (access(cli_path(), X_OK) != 0) {
        SKIP(15, "build/s3lite not built: `make tests` builds it");
        return;
    }
    for (i = 0; i < sizeof s3 / sizeof s3[0]; i++) {
        char akid[64], secret[64], args[256], sig[80];
        snprintf(dir, sizeof dir, "%s/sigv4/s3-docs/%s", g_dir, s3[i]);
        ctx = slurp(dir, "context.json", NULL);
        want = slurp(dir, "signature.txt", NULL);
        if (ctx == NULL || want == NULL) {
            SKIP(1, "s3-docs vector missing");
            free(ctx);
            free(want);
            continue;
        }
        json_get(ctx, "access_key_id", akid, sizeof akid);
        json_get(ctx, "secret_access_key", secret, sizeof secret);
        setenv("AWS_ACCESS_KEY_ID", akid, 1);
        setenv("AWS_SECRET_ACCESS_KEY", secret, 1);
        unsetenv("AWS_SESSION_TOKEN");
        snprintf(args, sizeof args, "--date 20130524T000000Z%s",
                 strcmp(s3[i], "presigned-get-object") == 0 ? " --presign 86400" : "");
        out = run_cli(args, dir, "request.txt", &st);
        snprintf(sig, sizeof sig, "Signature=%.64s", want);
        CHECKF(out != NULL && st == 0 && strstr(out, sig) != NULL, "s3lite sign %s: %s", s3[i],
               out ? out : "(none)");
        free(out);
        free(ctx);
        free(want);
    }
    snprintf(base, sizeof base, "%s/sigv4/botocore/aws4_testsuite", g_dir);
    setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    for (i = 0; i < sizeof boto / sizeof boto[0]; i++) {
        char file[128], tok[256];
        const char *sub = strncmp(boto[i], "get-s", 5) == 0 ? "normalize-path/" : "";
        snprintf(dir, sizeof dir, "%s/%s%s", base, sub, boto[i]);
        snprintf(file, sizeof file, "%s.req", boto[i]);
        token_from_aws_c_auth(boto[i], tok, sizeof tok);
        if (tok[0] != '\0') {
            setenv("AWS_SESSION_TOKEN", tok, 1);
        } else {
            unsetenv("AWS_SESSION_TOKEN");
        }
        snprintf(file, sizeof file, "%s.authz", boto[i]);
        want = slurp(dir, file, NULL);
        snprintf(file, sizeof file, "%s.req", boto[i]);
        out = run_cli("--service service --region us-east-1 --date 20150830T123600Z", dir, file,
                      &st);
        CHECKF(want != NULL && out != NULL && st == 0 && strstr(out, want) != NULL,
               "s3lite sign botocore %s: %s", boto[i], out ? out : "(none)");
        free(out);
        free(want);
    }
    unsetenv("AWS_SESSION_TOKEN");
}

int main(void)
{
    char probe[4400];
    struct stat st;
    unsigned a, b, s, r;
    snprintf(g_dir, sizeof g_dir, "%s", th_vectors_dir());
    snprintf(probe, sizeof probe, "%s/sigv4", g_dir);
    if (stat(probe, &st) != 0) {
        SKIP(76 + 34 + 7 + 1, "no shared SigV4 vectors (set SHARED or check ../shared/vectors)");
        return th_summary();
    }
    a = run_aws_c_auth();
    b = run_botocore();
    s = run_s3("s3-docs", 7, "s3-docs vectors not found");
    r = run_s3("smithy-rs", 1, "smithy-rs vector not found");
    printf("vectors: aws-c-auth %u cases x 2 modes, botocore %u, s3-docs %u, smithy-rs %u\n", a, b,
           s, r);
    run_cli_vectors();
    return th_summary();
}
