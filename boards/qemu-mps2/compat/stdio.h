/* SPDX-License-Identifier: MIT */
/*
 * newlib's <stdio.h> for test programs on the QEMU boards. Debian's newlib is built without
 * C99's %zu (it prints "zu"): the printf family goes through wrappers that drop the z (size_t
 * is unsigned int on these 32-bit targets), so the tests' messages and the text they format
 * for comparison come out as on the host.
 */
#ifndef S3L_BOARD_STDIO_H
#define S3L_BOARD_STDIO_H

#pragma GCC system_header
#include_next <stdio.h>
#include <stdarg.h>

#define BOARD_PRINTF(f, a) __attribute__((format(printf, f, a)))
int board_printf(const char *fmt, ...) BOARD_PRINTF(1, 2);
int board_fprintf(FILE *f, const char *fmt, ...) BOARD_PRINTF(2, 3);
int board_sprintf(char *buf, const char *fmt, ...) BOARD_PRINTF(2, 3);
int board_snprintf(char *buf, size_t cap, const char *fmt, ...) BOARD_PRINTF(3, 4);
int board_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap) BOARD_PRINTF(3, 0);
int board_vfprintf(FILE *f, const char *fmt, va_list ap) BOARD_PRINTF(2, 0);

/* Processes: none on a board (compat.c's popen fails); picolibc does not even declare them. */
FILE *popen(const char *cmd, const char *mode);
int pclose(FILE *f);

#if !defined(BOARD_STDIO_IMPL)
#define printf board_printf
#define fprintf board_fprintf
#define sprintf board_sprintf
#define snprintf board_snprintf
#define vsnprintf board_vsnprintf
#define vfprintf board_vfprintf
#endif

#endif
