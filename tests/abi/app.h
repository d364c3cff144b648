/* SPDX-License-Identifier: MIT */
/*
 * The application side of test_abi: tests/abi/app.c is compiled several times, each time
 * with other s3lite options (tests/mk/abi.mk), and linked into one program with the library.
 * Each copy calls every public init function the way an application built with those
 * options would, and reports what happened in plain types that do not depend on options.
 */
#ifndef S3L_TEST_ABI_APP_H
#define S3L_TEST_ABI_APP_H

#include <stddef.h>
#include <stdint.h>

/* Every init function that takes a caller struct, with that struct, in call order. */
#define ABI_INITS(X)                                                                       \
    X(s3l_client_init, struct s3l_client)                                                  \
    X(s3l_sigv4_init, struct s3l_sigv4)                                                    \
    X(s3l_chunked_init, struct s3l_chunked)                                                \
    X(s3l_checksum_start, struct s3l_checksum)                                             \
    X(s3l_checksum_start_algo, struct s3l_checksum)                                        \
    X(s3l_checksum_mp_start, struct s3l_checksum_mp)                                       \
    X(s3l_checksum_mp_start_algo, struct s3l_checksum_mp)                                  \
    X(s3l_http_parser_init, struct s3l_http_parser)                                        \
    X(s3l_xml_init, struct s3l_xml)                                                        \
    X(s3l_json_init, struct s3l_json)                                                      \
    X(s3l_credentials_parser_init, struct s3l_credentials_parser)                          \
    X(s3l_response_init, struct s3l_response)                                              \
    X(s3l_complete_body_init, struct s3l_complete_body)                                    \
    X(s3l_mem_reader_init, struct s3l_mem_reader)                                          \
    X(s3l_posix_platform_init, struct s3l_platform)                                        \
    X(s3l_tls_init, struct s3l_tls)                                                        \
    X(s3l_posix_net_init, struct s3l_net)                                                  \
    X(s3l_uploader_init, struct s3l_uploader)
#define ABI_COUNT_ONE(fn, type) +1
#define ABI_NINITS (0 ABI_INITS(ABI_COUNT_ONE))

struct abi_call {
    const char *name;   /* the init function */
    int rc;             /* what it returned */
    size_t app_size;    /* sizeof its struct as this application sees it */
    int wrote;          /* 1: some byte of the struct or the guard after it changed */
    int wrote_past;     /* 1: some byte after the struct (app_size on) changed */
};

struct abi_app_report {
    const char *options;  /* how this copy was compiled */
    uint32_t config;      /* S3L_ABI_CONFIG as this copy computes it */
    struct abi_call calls[ABI_NINITS];
};

/* One per copy of app.c (ABI_APP names it when compiling). */
void abi_app_same(struct abi_app_report *r);
void abi_app_plain(struct abi_app_report *r);
void abi_app_keymax(struct abi_app_report *r);
void abi_app_cfgfile(struct abi_app_report *r);
void abi_app_fakehash(struct abi_app_report *r);

#endif /* S3L_TEST_ABI_APP_H */
