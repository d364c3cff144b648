/* SPDX-License-Identifier: MIT */
/*
 * The s3lite command-line tool: one file per command (cmd_<name>.c), dispatched by main.c.
 * Exit codes (a contract): 0 ok, 1 S3 error, 2 usage, 3 network or TLS.
 */
#ifndef S3L_CLI_H
#define S3L_CLI_H

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

#endif
