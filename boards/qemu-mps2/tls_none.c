/* SPDX-License-Identifier: MIT */
/*
 * The uploader image speaks plain HTTP (its endpoint is the host's S3 server through QEMU's
 * one forwarded port), so it is linked without TLS. The lwIP port's shared file refers to
 * port/tls's entry points for its TLS mode; these stand in for them: asking for TLS fails at
 * s3l_lwip_net_init with S3L_ERR_TLS, and nothing of mbedTLS's TLS is in the image.
 */
#include "s3lite/port_tls.h"

int s3l_tls_init_abi(struct s3l_tls *tls, const struct s3l_tls_config *cfg,
                     const struct s3l_transport *lower, const struct s3l_platform *platform,
                     size_t app_size, uint32_t app_config)
{
    (void)tls, (void)cfg, (void)lower, (void)platform, (void)app_size, (void)app_config;
    return S3L_ERR_TLS;
}

int s3l_tls_connect(struct s3l_tls *tls, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)tls, (void)host, (void)port, (void)timeout_ms;
    return S3L_ERR_TLS;
}

long s3l_tls_send(struct s3l_tls *tls, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)tls, (void)buf, (void)len, (void)timeout_ms;
    return S3L_ERR_TLS;
}

long s3l_tls_recv(struct s3l_tls *tls, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    (void)tls, (void)buf, (void)len, (void)timeout_ms;
    return S3L_ERR_TLS;
}

void s3l_tls_close(struct s3l_tls *tls)
{
    (void)tls;
}

void s3l_tls_free(struct s3l_tls *tls)
{
    (void)tls;
}

int s3l_tls_verify_info(const struct s3l_tls *tls, char *buf, size_t cap)
{
    (void)tls;
    if (buf == NULL || cap == 0) return S3L_ERR_ARG;
    buf[0] = '\0';
    return 0;
}

int s3l_tls_last_error(const struct s3l_tls *tls)
{
    (void)tls;
    return 0;
}

int s3l_tls_error_text(const struct s3l_tls *tls, char *buf, size_t cap)
{
    (void)tls;
    if (buf == NULL || cap == 0) return S3L_ERR_ARG;
    buf[0] = '\0';
    return 0;
}
