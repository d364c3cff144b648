/* SPDX-License-Identifier: MIT */
/*
 * profile_touch.so - an LD_PRELOAD byte counter for tests/bench/profile_upload.sh (make profile-upload):
 * how many bytes a process moves through pread/read (from files), send/write (to sockets),
 * recv, and memcpy/memmove (user-space copies, all sizes and those of >= 1 KiB). At exit it
 * writes one line to the file named by $S3L_TOUCH_OUT:
 *   pread=N read=N send=N recv=N write=N memcpy=N memcpy_bulk=N memmove=N memmove_bulk=N
 * Only calls that go through the dynamic symbol table are seen (glibc's internal calls and
 * copies the compiler inlined are not): the bulk counts are what matters, and a copy of the
 * payload between buffers would be a bulk memcpy/memmove of the CLI or a library it links.
 * A host tool: not part of any build of s3lite.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#define BULK 1024u

static uint64_t n_pread, n_read, n_send, n_recv, n_write, n_memcpy, n_memcpy_bulk, n_memmove,
    n_memmove_bulk;

static ssize_t (*real_pread)(int, void *, size_t, off_t);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_send)(int, const void *, size_t, int);
static ssize_t (*real_recv)(int, void *, size_t, int);
static ssize_t (*real_write)(int, const void *, size_t);
static void *(*real_memcpy)(void *, const void *, size_t);
static void *(*real_memmove)(void *, const void *, size_t);
static int resolving;

static void resolve(void)
{
    if (real_memmove != NULL || resolving) return;
    resolving = 1; /* dlsym may copy memory itself: use the byte loops meanwhile */
    real_pread = (ssize_t(*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread");
    real_read = (ssize_t(*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    real_send = (ssize_t(*)(int, const void *, size_t, int))dlsym(RTLD_NEXT, "send");
    real_recv = (ssize_t(*)(int, void *, size_t, int))dlsym(RTLD_NEXT, "recv");
    real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    real_memcpy = (void *(*)(void *, const void *, size_t))dlsym(RTLD_NEXT, "memcpy");
    real_memmove = (void *(*)(void *, const void *, size_t))dlsym(RTLD_NEXT, "memmove");
    resolving = 0;
}

void *memcpy(void *d, const void *s, size_t n)
{
    resolve();
    n_memcpy += n;
    if (n >= BULK) n_memcpy_bulk += n;
    if (real_memcpy == NULL) {
        unsigned char *dp = d;
        const unsigned char *sp = s;
        while (n--) *dp++ = *sp++;
        return d;
    }
    return real_memcpy(d, s, n);
}

void *memmove(void *d, const void *s, size_t n)
{
    resolve();
    n_memmove += n;
    if (n >= BULK) n_memmove_bulk += n;
    if (real_memmove == NULL) {
        unsigned char *dp = d;
        const unsigned char *sp = s;
        if (dp < sp) {
            while (n--) *dp++ = *sp++;
        } else {
            while (n--) dp[n] = sp[n];
        }
        return d;
    }
    return real_memmove(d, s, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    ssize_t r;
    resolve();
    r = real_pread(fd, buf, n, off);
    if (r > 0) n_pread += (uint64_t)r;
    return r;
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    return pread(fd, buf, n, off);
}

ssize_t read(int fd, void *buf, size_t n)
{
    ssize_t r;
    resolve();
    r = real_read(fd, buf, n);
    if (r > 0) n_read += (uint64_t)r;
    return r;
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
    ssize_t r;
    resolve();
    r = real_send(fd, buf, n, flags);
    if (r > 0) n_send += (uint64_t)r;
    return r;
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
    ssize_t r;
    resolve();
    r = real_recv(fd, buf, n, flags);
    if (r > 0) n_recv += (uint64_t)r;
    return r;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    ssize_t r;
    resolve();
    r = real_write(fd, buf, n);
    if (r > 0) n_write += (uint64_t)r;
    return r;
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("S3L_TOUCH_OUT");
    FILE *f;
    if (path == NULL || path[0] == '\0') return;
    f = fopen(path, "w");
    if (f == NULL) return;
    fprintf(f,
            "pread=%llu read=%llu send=%llu recv=%llu write=%llu memcpy=%llu memcpy_bulk=%llu "
            "memmove=%llu memmove_bulk=%llu\n",
            (unsigned long long)n_pread, (unsigned long long)n_read, (unsigned long long)n_send,
            (unsigned long long)n_recv, (unsigned long long)n_write, (unsigned long long)n_memcpy,
            (unsigned long long)n_memcpy_bulk, (unsigned long long)n_memmove,
            (unsigned long long)n_memmove_bulk);
    fclose(f);
}
