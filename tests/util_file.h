/* SPDX-License-Identifier: MIT */
/* Whole-file reads for tests (vectors, golden files, captured output). */
#ifndef S3L_TEST_UTIL_FILE_H
#define S3L_TEST_UTIL_FILE_H

#include <stddef.h>

/* The whole file at path in a malloc'd buffer with a NUL after its bytes (caller frees);
 * its length in *len when len is not NULL. NULL when it cannot be opened, allocated or
 * read in full (*len untouched). */
char *file_read_all(const char *path, size_t *len);

/* At most cap - 1 bytes of the file at path into buf (cap > 0), NUL-terminated; a file that
 * cannot be opened reads as "". */
void file_read_into(const char *path, char *buf, size_t cap);

#endif
