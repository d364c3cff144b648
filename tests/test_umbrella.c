/* SPDX-License-Identifier: MIT */
/* The umbrella header compiles on its own with every public module, and the README's
 * library example builds and runs against a server that is not there (a clean network error). */
#include "harness.h"
#include "s3lite.h"
#include "s3lite/port_posix.h"

static uint8_t io[S3L_CLIENT_IO_MIN + 8192];
static char line[S3L_HTTP_LINE_MAX], scratch[S3L_CLIENT_SCRATCH_MIN], work[4096];
static struct s3l_client client;
static struct s3l_net net;

/* The README example, verbatim but for the port: 1 on 127.0.0.1 is closed (refused). */
static int upload_log(struct s3l_s3_error *err)
{
    struct s3l_transport tr;
    struct s3l_platform plat;
    struct s3l_credentials creds = {"AKIDEXAMPLE", "secret", NULL};
    struct s3l_client_config cfg;
    struct s3l_create_mpu_params cp;
    struct s3l_create_mpu_result cr;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    memset(&cp, 0, sizeof cp);
    memset(&cr, 0, sizeof cr); /* inputs: no storage for the echoed Key */
    s3l_posix_net_init(&net, &tr, NULL);
    s3l_posix_platform_init(&plat);
    cfg.transport = &tr; cfg.platform = &plat;
    cfg.endpoint.host = "127.0.0.1:1";
    cfg.creds = &creds; cfg.region = "us-east-1";
    cfg.connect_timeout_ms = 2000; cfg.io_timeout_ms = 2000;
    cfg.io_buf = io; cfg.io_cap = sizeof io; cfg.line_buf = line; cfg.line_cap = sizeof line;
    cfg.scratch = scratch; cfg.scratch_cap = sizeof scratch;
    cfg.work = work; cfg.work_cap = sizeof work;
    if ((rc = s3l_client_init(&client, &cfg)) != S3L_OK) return rc;
    cp.bucket = "logs"; cp.key = "device-7/boot.log"; cp.attrs.content_type = "text/plain";
    rc = s3l_client_create_mpu(&client, &cp, &cr, err);
    memset(io, 'K', sizeof io);            /* as if a request head with a key were left there */
    memset(work, 'K', sizeof work);
    s3l_client_close(&client);
    s3l_posix_net_free(&net);
    return rc;
}

int main(void)
{
    struct s3l_s3_error err;
    int rc = upload_log(&err);
    CHECKF(rc == S3L_ERR_CONNECT, "rc=%d (%s)", rc, s3l_strerror(rc));
    CHECK(client.connected == 0);
    {
        size_t i, left = 0;
        for (i = 0; i < sizeof io; i++) left += io[i] != 0;
        for (i = 0; i < sizeof work; i++) left += work[i] != 0;
        CHECKF(left == 0, "%zu bytes of the I/O and work buffers survive s3l_client_close", left);
    }
    return th_summary();
}
