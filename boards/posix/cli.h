/* SPDX-License-Identifier: MIT */
/*
 * The s3lite command-line tool: one file per command (cmd_<name>.c), dispatched by main.c.
 * Exit codes (a contract): 0 ok, 1 S3 error, 2 usage, 3 network or TLS.
 */
#ifndef S3L_CLI_H
#define S3L_CLI_H

#include <stdint.h>
#include <stdio.h>

#define S3L_EXIT_OK 0
#define S3L_EXIT_S3 1
#define S3L_EXIT_USAGE 2
#define S3L_EXIT_NET 3

/* Each command: argv[0] is the command name. Returns the process exit code. */
int s3l_cmd_sign(int argc, char **argv);
int s3l_cmd_checksum(int argc, char **argv);
int s3l_cmd_cp(int argc, char **argv);
int s3l_cmd_mb(int argc, char **argv);
int s3l_cmd_ls_uploads(int argc, char **argv);
int s3l_cmd_ls_parts(int argc, char **argv);
int s3l_cmd_abort(int argc, char **argv);
int s3l_cmd_head(int argc, char **argv);
int s3l_cmd_presign(int argc, char **argv);
int s3l_cmd_ls(int argc, char **argv);
int s3l_cmd_rm(int argc, char **argv);

/* `s3lite ls` lines, as aws s3 ls prints them (cmd_ls_objects.c). An object:
 * "YYYY-MM-DD HH:MM:SS" (last_modified, ISO 8601, in local time; shown as sent when it is no
 * date), the size right-aligned in 10, the key or, with basename, its last '/' segment. A
 * common prefix: "PRE" right-aligned in 30, then the segment before its closing '/'.
 * Return 0, or -1 when writing failed. */
int s3l_cli_ls_print_object(FILE *f, const char *last_modified, uint64_t size, const char *key,
                            int basename);
int s3l_cli_ls_print_prefix(FILE *f, const char *prefix);

#endif
