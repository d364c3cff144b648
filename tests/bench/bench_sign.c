/* SPDX-License-Identifier: MIT */
/*
 * bench_sign: the work measured by `make bench-sign` (under valgrind --tool=callgrind, which
 * counts the instructions of one call of the function named in --toggle-collect).
 *
 *   bench_sign cold     one UploadPart header signature with an empty signing-key cache
 *   bench_sign warm     the same request signed again: the signing key is cached
 *   bench_sign chunk    one aws-chunked chunk signature (warm)
 *   bench_sign presign  one presigned GET URL (warm)
 *
 * Each measured call is a separate non-inlined function (sign_cold, sign_warm, ...), so the
 * callgrind toggle covers exactly one signing call and nothing of the setup. Not a test: it
 * does not time anything itself and is not built by `make tests`.
 */
#include <stdio.h>
#include <string.h>

#include "s3lite/sigv4.h"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* A typical UploadPart: PUT /<key>?partNumber=N&uploadId=<AWS-length id>, signed payload. */
static const char k_path[] = "/logs/device-0042/2024/05/24/telemetry-000123.bin";
static const char k_query[] =
    "partNumber=7&uploadId=VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA."
    "Xk2mQ8vJ3pL9sR1tY6uW0zA4bC7dE5fG2hI8jK3lM9nO1pQ6rS0tU4vW7xY5zA2bC8dE3fG9hI1jK6lM0n";
static const char k_host[] = "examplebucket.s3.us-east-1.amazonaws.com";
static const char k_len[] = "8388608";
static const char k_md5[] = "1B2M2Y8AsgTpgAmY7PhCfg==";
static const char k_body_sha[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

static struct s3l_credentials g_creds = {"AKIAIOSFODNN7EXAMPLE",
                                         "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};
static struct s3l_sigv4 g_sig;
static struct s3l_header g_items[8];
static struct s3l_headers g_hs;
static struct s3l_sigv4_request g_req;
static char g_authz[512];
static int g_rc;

static void setup_request(void)
{
    g_hs.items = g_items;
    g_hs.count = 0;
    g_hs.cap = 8;
    s3l_headers_add(&g_hs, "Host", 4, k_host, sizeof k_host - 1);
    s3l_headers_add(&g_hs, "Content-Length", 14, k_len, sizeof k_len - 1);
    s3l_headers_add(&g_hs, "Content-MD5", 11, k_md5, sizeof k_md5 - 1);
    memset(&g_req, 0, sizeof g_req);
    g_req.method = "PUT";
    g_req.path = k_path;
    g_req.path_len = sizeof k_path - 1;
    g_req.query = k_query;
    g_req.query_len = sizeof k_query - 1;
    g_req.headers = &g_hs;
    g_req.payload_hash = k_body_sha;
}

NOINLINE static void sign_cold(void)
{
    g_rc |= s3l_sigv4_sign_headers(&g_sig, &g_req, g_authz, sizeof g_authz);
}

NOINLINE static void sign_warm(void)
{
    /* not the same body as sign_cold: identical functions may be folded into one */
    g_rc += s3l_sigv4_sign_headers(&g_sig, &g_req, g_authz, sizeof g_authz);
}

NOINLINE static void sign_chunk(void)
{
    static const uint8_t d[32] = {1, 2, 3};
    char out[S3L_SIG_HEX_LEN + 1];
    g_rc |= s3l_sigv4_sign_chunk(&g_sig, d, out);
}

NOINLINE static void sign_presign(void)
{
    static char q[1024];
    size_t n;
    g_rc |= s3l_sigv4_presign(&g_sig, &g_req, 3600, q, sizeof q, &n);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "warm";
    g_rc = s3l_sigv4_init(&g_sig, &g_creds, "us-east-1", "s3");
    g_rc |= s3l_sigv4_set_time(&g_sig, "20240524T120000Z");
    setup_request();
    if (strcmp(what, "cold") == 0) {
        sign_cold();
    } else {
        sign_cold(); /* fills the signing-key cache */
        setup_request();
        if (strcmp(what, "warm") == 0) {
            sign_warm();
        } else if (strcmp(what, "chunk") == 0) {
            sign_chunk();
        } else if (strcmp(what, "presign") == 0) {
            sign_presign();
        } else {
            fprintf(stderr, "usage: bench_sign cold|warm|chunk|presign\n");
            return 2;
        }
    }
    if (g_rc != 0) {
        fprintf(stderr, "bench_sign: signing failed (%d)\n", g_rc);
        return 1;
    }
    printf("%s\n", g_authz);
    return 0;
}
