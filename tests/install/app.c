/* SPDX-License-Identifier: MIT */
/*
 * A small application of s3lite, built by `make test-install` against what is installed
 * (pkg-config) and through CMake (host and Cortex-M4): it uses only the public headers, sets
 * up a client over a transport stub (the init checks that the application's structs are the
 * library's: S3L_ERR_ABI otherwise), and signs the AWS documentation's example request.
 * Exit 0 when both work.
 */
#include <stdio.h>
#include <string.h>

#include "s3lite.h"

/* What the library's build recorded (a build that wrote no build_config.h: the defaults). */
#ifdef S3L_BUILD_HASH
#define BUILT_WITH "hash: " S3L_BUILD_HASH ", port: " S3L_BUILD_PORT
#else
#define BUILT_WITH "config.h defaults"
#endif

static int stub_connect(struct s3l_net *net, const char *host, uint16_t port, uint32_t ms)
{
    (void)net, (void)host, (void)port, (void)ms;
    return S3L_ERR_CONNECT;
}

static long stub_send(struct s3l_net *net, const uint8_t *buf, size_t len, uint32_t ms)
{
    (void)net, (void)buf, (void)len, (void)ms;
    return S3L_ERR_NET;
}

static long stub_recv(struct s3l_net *net, uint8_t *buf, size_t len, uint32_t ms)
{
    (void)net, (void)buf, (void)len, (void)ms;
    return S3L_ERR_NET;
}

static void stub_close(struct s3l_net *net)
{
    (void)net;
}

static int64_t fixed_now(void *ctx)
{
    (void)ctx;
    return 1369353600; /* 2013-05-24T00:00:00Z */
}

/* Caller storage, static as on a device. */
static uint8_t io[S3L_CLIENT_IO_MIN];
static char line[S3L_HTTP_LINE_MAX], scratch[S3L_CLIENT_SCRATCH_MIN], work[S3L_CLIENT_WORK_MIN];
static struct s3l_client client;
static struct s3l_sigv4 sig;

static const struct s3l_credentials creds = {
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", NULL};

static int client_init(void)
{
    static struct s3l_transport tr;
    static struct s3l_platform plat;
    struct s3l_client_config cfg;
    memset(&cfg, 0, sizeof cfg);
    tr.connect = stub_connect;
    tr.send = stub_send;
    tr.recv = stub_recv;
    tr.close = stub_close;
    plat.now = fixed_now;
    cfg.transport = &tr;
    cfg.platform = &plat;
    cfg.endpoint.host = "s3.amazonaws.com";
    cfg.creds = &creds;
    cfg.region = "us-east-1";
    cfg.io_buf = io;
    cfg.io_cap = sizeof io;
    cfg.line_buf = line;
    cfg.line_cap = sizeof line;
    cfg.scratch = scratch;
    cfg.scratch_cap = sizeof scratch;
    cfg.work = work;
    cfg.work_cap = sizeof work;
    return s3l_client_init(&client, &cfg);
}

/* The GET example of the SigV4 documentation (Amazon S3 API reference, "Signature
 * Calculations for the Authorization Header"). */
static int sign_example(void)
{
    struct s3l_header items[8];
    struct s3l_headers hs = {items, 0, 8};
    struct s3l_sigv4_request req;
    char authz[300];
    int rc = s3l_sigv4_init(&sig, &creds, "us-east-1", "s3");
    if (rc == S3L_OK) rc = s3l_sigv4_set_time(&sig, "20130524T000000Z");
    if (rc == S3L_OK) rc = s3l_headers_add(&hs, "Host", 4, "examplebucket.s3.amazonaws.com", 30);
    if (rc == S3L_OK) rc = s3l_headers_add(&hs, "Range", 5, "bytes=0-9", 9);
    if (rc != S3L_OK) return rc;
    memset(&req, 0, sizeof req);
    req.method = "GET";
    req.path = "/test.txt";
    req.path_len = 9;
    req.headers = &hs;
    rc = s3l_sigv4_sign_headers(&sig, &req, authz, sizeof authz);
    if (rc != S3L_OK) return rc;
    return strcmp(sig.last_signature,
                  "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41") == 0
               ? S3L_OK
               : S3L_ERR_CHECKSUM;
}

int main(void)
{
    int init_rc = client_init();
    int sign_rc = sign_example();
    printf("s3lite %s (%s): s3l_client_init: %s; SigV4 documentation example: %s\n",
           S3L_VERSION_STRING, BUILT_WITH, s3l_strerror(init_rc), s3l_strerror(sign_rc));
    s3l_client_close(&client);
    return init_rc == S3L_OK && sign_rc == S3L_OK ? 0 : 1;
}
