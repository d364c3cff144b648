/* SPDX-License-Identifier: MIT */
/*
 * Semihosting file and clock calls for the QEMU boards (ARM's semihosting: `bkpt 0xab` with
 * the operation in r0 and its argument block in r1; QEMU runs them on the host with
 * -semihosting-config enable=on). The uploader image reads the log and keeps its state page
 * with these, as a device would read its flash; stdio (newlib's rdimon) uses the same calls.
 * Paths are the host's, relative to QEMU's working directory.
 */
#ifndef S3L_BOARD_SEMIHOST_H
#define S3L_BOARD_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

/* SYS_OPEN modes: the index of fopen()'s mode string in ARM's table. */
#define SH_MODE_RB 1 /* "rb" */
#define SH_MODE_WB 5 /* "wb": create or truncate */

/* A host file handle (>= 0), or -1. */
int sh_open(const char *path, int mode);
int sh_close(int fd);
/* Bytes read (0 at the end of the file), or -1. */
long sh_read(int fd, void *buf, size_t len);
/* 0 when all len bytes were written, else -1. */
int sh_write(int fd, const void *buf, size_t len);
/* Absolute position; 0 or -1. */
int sh_seek(int fd, uint32_t pos);
/* The file's length, or -1. */
long sh_flen(int fd);
/* 0 or -1. */
int sh_remove(const char *path);
int sh_rename(const char *from, const char *to);
/* The host's clock, Unix seconds. */
int64_t sh_time(void);

#endif
