/* SPDX-License-Identifier: MIT */
/*
 * newlib's <sys/stat.h>, with stat() answered from the host-made listing for directories
 * (semihosting can only open files): see compat/dirent.h.
 */
#ifndef S3L_BOARD_SYS_STAT_H
#define S3L_BOARD_SYS_STAT_H

#pragma GCC system_header
#include_next <sys/stat.h>

int board_stat(const char *path, struct stat *st);
#define stat(path, st) board_stat(path, st)

#endif
