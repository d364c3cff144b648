/* SPDX-License-Identifier: MIT */
/* Semihosting calls: see semihost.h. */
#include "semihost.h"

#include <string.h>

#define SYS_OPEN   0x01
#define SYS_CLOSE  0x02
#define SYS_WRITE  0x05
#define SYS_READ   0x06
#define SYS_SEEK   0x0A
#define SYS_FLEN   0x0C
#define SYS_REMOVE 0x0E
#define SYS_RENAME 0x0F
#define SYS_TIME   0x11

/* One call: QEMU reads the argument words at arg and answers in r0. */
static long call(int op, const void *arg)
{
    register long r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

int sh_open(const char *path, int mode)
{
    uintptr_t a[3] = {(uintptr_t)path, (uintptr_t)mode, (uintptr_t)strlen(path)};
    return (int)call(SYS_OPEN, a);
}

int sh_close(int fd)
{
    uintptr_t a[1] = {(uintptr_t)fd};
    return call(SYS_CLOSE, a) == 0 ? 0 : -1;
}

long sh_read(int fd, void *buf, size_t len)
{
    uintptr_t a[3] = {(uintptr_t)fd, (uintptr_t)buf, (uintptr_t)len};
    long left = call(SYS_READ, a); /* the count NOT read */
    if (left < 0 || (size_t)left > len) return -1;
    return (long)(len - (size_t)left);
}

int sh_write(int fd, const void *buf, size_t len)
{
    uintptr_t a[3] = {(uintptr_t)fd, (uintptr_t)buf, (uintptr_t)len};
    return call(SYS_WRITE, a) == 0 ? 0 : -1; /* the count NOT written */
}

int sh_seek(int fd, uint32_t pos)
{
    uintptr_t a[2] = {(uintptr_t)fd, (uintptr_t)pos};
    return call(SYS_SEEK, a) == 0 ? 0 : -1;
}

long sh_flen(int fd)
{
    uintptr_t a[1] = {(uintptr_t)fd};
    return call(SYS_FLEN, a);
}

int sh_remove(const char *path)
{
    uintptr_t a[2] = {(uintptr_t)path, (uintptr_t)strlen(path)};
    return call(SYS_REMOVE, a) == 0 ? 0 : -1;
}

int sh_rename(const char *from, const char *to)
{
    uintptr_t a[4] = {(uintptr_t)from, (uintptr_t)strlen(from), (uintptr_t)to,
                      (uintptr_t)strlen(to)};
    return call(SYS_RENAME, a) == 0 ? 0 : -1;
}

int64_t sh_time(void)
{
    return (int64_t)call(SYS_TIME, NULL);
}
