/* SPDX-License-Identifier: MIT */
/*
 * An application of the library, compiled by tests/mk/abi.mk once per set of options
 * (ABI_APP names the entry point, ABI_OPTIONS says how it was compiled). It puts each struct
 * at the start of a guard area filled with one byte value, calls the struct's init function
 * and notes whether any byte of the area changed: an init that refuses a mismatched
 * application (S3L_ERR_ABI) must not have written anything.
 */
#include <string.h>

#include "s3lite.h"
#include "s3lite/port_posix.h"
#include "s3lite/port_tls.h"

#include "app.h"

#define GUARD 0xA5

/* Big enough for the largest struct (s3l_net, with its TLS contexts) plus a guard. */
static union {
    long double align_ld;
    uint64_t align_u64;
    void *align_ptr;
    unsigned char bytes[64 * 1024];
} area;

static void *fresh_area(void)
{
    memset(area.bytes, GUARD, sizeof area.bytes);
    return area.bytes;
}

static void note(struct abi_call *c, const char *name, int rc, size_t app_size)
{
    size_t i;
    c->name = name;
    c->rc = rc;
    c->app_size = app_size;
    c->wrote = c->wrote_past = 0;
    for (i = 0; i < sizeof area.bytes; i++) {
        if (area.bytes[i] != GUARD) {
            c->wrote = 1;
            if (i >= app_size) c->wrote_past = 1;
        }
    }
}

static int64_t fixed_now(void *ctx)
{
    (void)ctx;
    return 1700000000;
}

/* Also the JSON scanner's callback: both have this signature. */
static int on_xml(void *ctx, int event, const char *data, size_t len, unsigned depth)
{
    (void)ctx, (void)event, (void)data, (void)len, (void)depth;
    return 0;
}

void ABI_APP(struct abi_app_report *r)
{
    static const struct s3l_credentials creds = {"AKIDEXAMPLE", "secret", NULL};
    static const struct s3l_complete_part parts[1] = {{1, "\"etag\"", NULL}};
    static const struct s3l_tls_config tls_cfg = {.insecure_no_verify = 1};
    static char line[S3L_HTTP_LINE_MAX], scratch[S3L_XML_SCRATCH_SIZE];
    static const uint8_t data[4] = {1, 2, 3, 4};
    static struct s3l_temp_credentials temp_creds;
    static struct s3l_sigv4 sig;      /* a well-formed signer for s3l_chunked_init */
    struct s3l_client_config cfg;     /* empty: S3L_ERR_ARG once the ABI check passed */
    struct s3l_http_callbacks cb;
    struct s3l_transport lower, t;
    struct s3l_platform plat;
    struct s3l_reader reader;
    struct abi_call *c = r->calls;
    int rc;
    void *p;

    memset(&cfg, 0, sizeof cfg);
    memset(&cb, 0, sizeof cb);
    memset(&lower, 0, sizeof lower);
    memset(&plat, 0, sizeof plat);
    plat.now = fixed_now;
    r->options = ABI_OPTIONS;
    r->config = S3L_ABI_CONFIG;
    (void)s3l_sigv4_init(&sig, &creds, "us-east-1", "s3");

    p = fresh_area();
    note(c++, "s3l_client_init", s3l_client_init(p, &cfg), sizeof(struct s3l_client));
    p = fresh_area();
    note(c++, "s3l_sigv4_init", s3l_sigv4_init(p, &creds, "us-east-1", "s3"),
         sizeof(struct s3l_sigv4));
    p = fresh_area();
    note(c++, "s3l_chunked_init", s3l_chunked_init(p, S3L_PAYLOAD_MODE_STREAMING, &sig, NULL),
         sizeof(struct s3l_chunked));
    p = fresh_area();
    note(c++, "s3l_checksum_start", s3l_checksum_start(p, S3L_CHECKSUM_SHA256),
         sizeof(struct s3l_checksum));
    p = fresh_area();
    note(c++, "s3l_checksum_start_algo", s3l_checksum_start_algo(p, &s3l_checksum_sha256),
         sizeof(struct s3l_checksum));
    p = fresh_area();
    note(c++, "s3l_checksum_mp_start",
         s3l_checksum_mp_start(p, S3L_CHECKSUM_SHA256, S3L_CHECKSUM_COMPOSITE),
         sizeof(struct s3l_checksum_mp));
    p = fresh_area();
    note(c++, "s3l_checksum_mp_start_algo",
         s3l_checksum_mp_start_algo(p, &s3l_checksum_sha256, S3L_CHECKSUM_COMPOSITE),
         sizeof(struct s3l_checksum_mp));
    p = fresh_area();
    note(c++, "s3l_http_parser_init", s3l_http_parser_init(p, line, sizeof line, &cb, NULL, 0),
         sizeof(struct s3l_http_parser));
    p = fresh_area();
    note(c++, "s3l_xml_init", s3l_xml_init(p, scratch, sizeof scratch, on_xml, NULL),
         sizeof(struct s3l_xml));
    p = fresh_area();
    note(c++, "s3l_json_init", s3l_json_init(p, on_xml, NULL), sizeof(struct s3l_json));
    p = fresh_area();
    note(c++, "s3l_credentials_parser_init", s3l_credentials_parser_init(p, &temp_creds),
         sizeof(struct s3l_credentials_parser));
    p = fresh_area();
    note(c++, "s3l_response_init",
         s3l_response_init(p, S3L_OP_ABORT_MPU, NULL, NULL, scratch, sizeof scratch),
         sizeof(struct s3l_response));
    p = fresh_area();
    note(c++, "s3l_complete_body_init",
         s3l_complete_body_init(p, parts, 1, S3L_CHECKSUM_NONE), sizeof(struct s3l_complete_body));
    p = fresh_area();
    note(c++, "s3l_mem_reader_init", s3l_mem_reader_init(p, data, sizeof data, &reader),
         sizeof(struct s3l_mem_reader));
    p = fresh_area();
    note(c++, "s3l_posix_platform_init", s3l_posix_platform_init(p), sizeof(struct s3l_platform));
    p = fresh_area();
    rc = s3l_tls_init(p, &tls_cfg, &lower, &plat);
    note(c++, "s3l_tls_init", rc, sizeof(struct s3l_tls));
    if (rc == S3L_OK) s3l_tls_free(p);
    p = fresh_area();
    rc = s3l_posix_net_init(p, &t, NULL);
    note(c++, "s3l_posix_net_init", rc, sizeof(struct s3l_net));
    if (rc == S3L_OK) s3l_posix_net_free(p);
    {
        struct s3l_uploader_config ucfg; /* empty: S3L_ERR_ARG once the ABI check passed */
        memset(&ucfg, 0, sizeof ucfg);
        p = fresh_area();
        note(c++, "s3l_uploader_init", s3l_uploader_init(p, &ucfg), sizeof(struct s3l_uploader));
    }
}
