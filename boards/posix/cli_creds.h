/* SPDX-License-Identifier: MIT */
/*
 * Temporary credentials for the CLI from a credentials provider: the AWS IoT credentials
 * provider (HTTPS with the device's certificate: mutual TLS) or a container credentials
 * endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN). The
 * request and the parsing are core/credentials.c's; this file moves the bytes over the
 * CLI's network, one connection per fetch (a fetch happens once per set of credentials).
 * The client asks for them through its credentials hook (cli_client.c).
 */
#ifndef S3L_CLI_CREDS_H
#define S3L_CLI_CREDS_H

#include <stdint.h>

#include "cli_common.h"
#include "cli_net.h"
#include "s3lite/credentials.h"
#include "s3lite/sigv4.h"

struct s3l_cli_provider {
    int source;                          /* S3L_CLI_CREDS_IOT or S3L_CLI_CREDS_CONTAINER */
    struct s3l_cli_endpoint ep;
    char path[S3L_CLI_PATH_MAX];         /* container: the URI's path and query */
    const char *role_alias, *thing_name; /* IoT, borrowed from the conf */
    const char *authorization;           /* container: the token, borrowed, or NULL */
    struct s3l_tls_config tls;
    struct s3l_transport transport;
    struct s3l_net *net;
    struct s3l_temp_credentials current; /* what the client signs with; wiped when replaced */
    struct s3l_credentials view;         /* points into current */
    int have;                            /* current holds credentials */
    int64_t lifetime;                    /* seconds they were valid for when fetched */
    unsigned long fetches;               /* successful fetches */
    int last_rc;                         /* s3l_err of the last failed fetch, 0 after a success */
    int error_exit;                      /* the exit code for that failure */
    char error[512];                     /* what failed, "" after a success; never a secret */
};

/* Set up a provider for source (from s3l_cli_conf_credentials_source) and conf (borrowed
 * for the provider's life). Connects nowhere. 0, or -1 with a message (a usage problem:
 * an unreadable --cert or --key, a bad URI). */
int s3l_cli_provider_init(struct s3l_cli_provider *p, const struct s3l_cli_conf *conf,
                          int source, char *err, size_t err_cap);

/* Fetch new credentials into p->current (the old ones wiped) and p->view. now is the time
 * (Unix s) to measure their lifetime from. S3L_OK, or an s3l_err with p->error saying what
 * failed: the provider refused the certificate, the alias or the token, was unreachable,
 * or answered with something that is not credentials. */
int s3l_cli_provider_fetch(struct s3l_cli_provider *p, int64_t now);

/* What "provider" is in messages: "IoT credentials provider HOST:PORT" or "container
 * credentials endpoint HOST:PORT". */
void s3l_cli_provider_name(const struct s3l_cli_provider *p, char *out, size_t cap);

/* Close, wipe the credentials, free the network context. */
void s3l_cli_provider_free(struct s3l_cli_provider *p);

#endif /* S3L_CLI_CREDS_H */
