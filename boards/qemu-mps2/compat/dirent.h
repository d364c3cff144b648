/* SPDX-License-Identifier: MIT */
/*
 * <dirent.h> for test programs on the QEMU boards: newlib has none for bare metal, and
 * semihosting cannot list a directory. These read the listing the host wrote before the run
 * (list-dirs.sh; its path comes in S3L_LISTING, see startup.c), so the tests that walk
 * ../shared/vectors run unchanged.
 */
#ifndef S3L_BOARD_DIRENT_H
#define S3L_BOARD_DIRENT_H

#define BOARD_NAME_MAX 256

struct dirent {
    char d_name[BOARD_NAME_MAX];
};

typedef struct board_dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);

#endif
