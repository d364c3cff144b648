/* SPDX-License-Identifier: MIT */
/*
 * Client setup shared by the s3lite commands that talk to S3: the POSIX transport (TCP, or
 * TLS through port/tls with the CA bundle / --no-verify-ssl), or the --dry-run transport; a
 * platform whose clock honours S3L_FIXED_TIME; the work buffers; and the one place where an
 * error becomes a message and an exit code.
 */
#ifndef S3L_CLI_CLIENT_H
#define S3L_CLI_CLIENT_H

#include <stdint.h>

#include "cli_common.h"
#include "cli_creds.h"
#include "cli_net.h"
#include "s3lite/client.h"

/* Buffer sizes of the CLI's client (host: generous, still a few hundred KB at most). */
#define S3L_CLI_CHUNK 65536                                   /* aws-chunked chunk */
#define S3L_CLI_IO (S3L_CLI_CHUNK + S3L_CLIENT_IO_OVERHEAD)  /* request/response I/O */
#define S3L_CLI_LINE 8192
#define S3L_CLI_SCRATCH 1024
#define S3L_CLI_WORK 32768
/* Header slots for requests built by the commands: a builder's worst case, every
 * --metadata, and what the client and signer add. */
#define S3L_CLI_HEADERS (S3L_REQ_HEADERS_MAX + S3L_CLI_METADATA_MAX + 16)

/* One client with everything it borrows. Large: allocate it (s3l_cli_client_new). */
struct s3l_cli_client {
    struct s3l_cli_target target;
    struct s3l_credentials creds;  /* long-term ones (AWS_ACCESS_KEY_ID...) */
    int has_provider;              /* else: temporary ones from provider, through the hook */
    struct s3l_cli_provider provider;
    struct s3l_tls_config tls;
    struct s3l_net *net;           /* cli_net.h: POSIX or lwIP, chosen at link time */
    struct s3l_cli_dry dry;
    struct s3l_transport transport;
    struct s3l_platform platform;
    struct s3l_platform posix;     /* the real hooks, wrapped by platform */
    int64_t fixed_time;            /* S3L_FIXED_TIME, when fixed */
    int fixed;
    int dry_run;
    struct s3l_client c;
    struct s3l_s3_error err;       /* error document of the last failed call */
    struct s3l_header hdr[S3L_CLI_HEADERS];
    uint8_t io[S3L_CLI_IO];
    char line[S3L_CLI_LINE];
    char scratch[S3L_CLI_SCRATCH];
    char work[S3L_CLI_WORK];
};

/*
 * Allocate and set up a client for the bucket of url. dry_run: the --dry-run transport
 * (nothing is sent to S3; heads go to on_head). Needs credentials: from the IoT options, the
 * environment's keys or the container endpoint (s3l_cli_conf_credentials_source); a provider
 * is asked through the client's credentials hook, before the first request, again shortly
 * before they expire, and once after S3 refused their token. On failure: NULL and a message
 * in err (a usage problem: exit 2).
 */
struct s3l_cli_client *s3l_cli_client_new(const struct s3l_cli_conf *conf,
                                          const struct s3l_cli_s3url *url, int dry_run,
                                          char *err, size_t err_cap);

/* Close the connection, wipe keys, free. NULL is fine. */
void s3l_cli_client_free(struct s3l_cli_client *cc);

/* Empty request whose headers live in cc->hdr (for s3l_build_* + s3l_client_exec). */
void s3l_cli_client_request(struct s3l_cli_client *cc, struct s3l_request *req);

/*
 * Print what went wrong with a call that returned rc (what: e.g. "UploadPart 3") to stderr
 * as "s3lite CMD: ..." and return the exit code: S3 errors with Code, Message (or the HTTP
 * status when the message is empty, as RGW sends) and RequestId -> 1; network and TLS
 * errors with the system's or TLS's reason -> 3; others by s3l_cli_exit_code().
 */
int s3l_cli_report(const char *cmd, struct s3l_cli_client *cc, int rc, const char *what);

/* "Not Found" for 404 ... ("" when unknown). */
const char *s3l_cli_http_reason(int status);

#endif /* S3L_CLI_CLIENT_H */
