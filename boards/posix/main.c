/* SPDX-License-Identifier: MIT */
/*
 * s3lite: the host command-line tool. Dispatches to one cmd_<name>.c per command.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "s3lite/config.h"
#include "s3lite/port_tls.h"
#include "s3lite/version.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static void usage(FILE *f, const struct command *cmds, size_t n)
{
    size_t i;
    fprintf(f, "usage: s3lite COMMAND [ARGS] | --version\n\ncommands:\n");
    for (i = 0; i < n; i++) fprintf(f, "  %-11s %s\n", cmds[i].name, cmds[i].summary);
    fprintf(f, "\nexit codes: 0 ok, 1 S3 error, 2 usage, 3 network or TLS\n");
}

int main(int argc, char **argv)
{
    const struct command cmds[] = {
        {"cp", s3l_cmd_cp, "upload (multipart when large) or download an object"},
        {"mb", s3l_cmd_mb, "create a bucket"},
        {"ls", s3l_cmd_ls, "list objects and common prefixes, as aws s3 ls"},
        {"rm", s3l_cmd_rm, "delete an object"},
        {"ls-uploads", s3l_cmd_ls_uploads, "list multipart uploads in progress"},
        {"ls-parts", s3l_cmd_ls_parts, "list the parts of an upload"},
        {"abort", s3l_cmd_abort, "abort a multipart upload"},
        {"head", s3l_cmd_head, "show an object's metadata (HeadObject)"},
        {"presign", s3l_cmd_presign, "print a presigned GET URL"},
        {"sign", s3l_cmd_sign, "sign an HTTP request read on stdin (SigV4)"},
        {"checksum", s3l_cmd_checksum, "print a checksum the way S3 reports it"},
    };
    size_t i, n = sizeof cmds / sizeof cmds[0];
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout, cmds, n);
        return argc < 2 ? S3L_EXIT_USAGE : S3L_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("s3lite %s\n", S3L_VERSION_STRING);
        /* The build's choices (s3lite/build_config.h), never picked silently. */
        printf("hash: %s\ncrc: %s\ntls: %s\n", S3L_BUILD_HASH, S3L_BUILD_CRC, s3l_tls_version());
        return S3L_EXIT_OK;
    }
    for (i = 0; i < n; i++) {
        if (strcmp(argv[1], cmds[i].name) != 0) continue;
        return cmds[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "s3lite: unknown command '%s'\n\n", argv[1]);
    usage(stderr, cmds, n);
    return S3L_EXIT_USAGE;
}
