/* SPDX-License-Identifier: MIT */
/*
 * What test programs expect from a POSIX host, on the QEMU boards: opendir()/readdir()/stat()
 * over the listing the host wrote (compat/dirent.h), and processes that cannot start (popen
 * fails, access says no): the tests that need the CLI skip visibly.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_MAX_LEN 1024

struct board_dir {
    FILE *listing;
    char path[LINE_MAX_LEN];
    struct dirent entry;
};

/* Next listing line split into type, directory and name; 0 at the end. */
static int next_line(FILE *f, char line[LINE_MAX_LEN], char **type, char **dir, char **name)
{
    while (fgets(line, LINE_MAX_LEN, f) != NULL) {
        char *t1 = strchr(line, '\t'), *t2, *nl;
        if (t1 == NULL || (t2 = strchr(t1 + 1, '\t')) == NULL) continue;
        *t1 = *t2 = '\0';
        if ((nl = strchr(t2 + 1, '\n')) != NULL) *nl = '\0';
        *type = line;
        *dir = t1 + 1;
        *name = t2 + 1;
        return 1;
    }
    return 0;
}

/* The listing's path: S3L_LISTING, else the one compiled in (a libc without an environment). */
static FILE *open_listing(void)
{
    const char *p = getenv("S3L_LISTING");
#if defined(S3L_LISTING_PATH)
    if (p == NULL) p = S3L_LISTING_PATH;
#endif
    return p != NULL ? fopen(p, "r") : NULL;
}

/* Directory path without trailing slashes, into out. */
static void trim(const char *path, char *out, size_t cap)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    if (n >= cap) n = cap - 1;
    memcpy(out, path, n);
    out[n] = '\0';
}

/* The type ('d' or 'f') of path in the listing, or 0 when it is not there. */
static char listed_type(const char *path)
{
    char want[LINE_MAX_LEN], line[LINE_MAX_LEN], *type, *dir, *name;
    FILE *f = open_listing();
    char found = 0;
    trim(path, want, sizeof want);
    if (f == NULL) return 0;
    while (found == 0 && next_line(f, line, &type, &dir, &name)) {
        size_t dn = strlen(dir);
        if (strncmp(want, dir, dn) == 0 && want[dn] == '/' && strcmp(want + dn + 1, name) == 0)
            found = type[0];
    }
    fclose(f);
    return found;
}

DIR *opendir(const char *path)
{
    DIR *d;
    if (listed_type(path) != 'd') {
        errno = ENOENT;
        return NULL;
    }
    d = calloc(1, sizeof *d);
    if (d == NULL) return NULL;
    d->listing = open_listing();
    if (d->listing == NULL) {
        free(d);
        return NULL;
    }
    trim(path, d->path, sizeof d->path);
    return d;
}

struct dirent *readdir(DIR *d)
{
    char line[LINE_MAX_LEN], *type, *dir, *name;
    while (next_line(d->listing, line, &type, &dir, &name)) {
        if (strcmp(dir, d->path) == 0) {
            snprintf(d->entry.d_name, sizeof d->entry.d_name, "%s", name);
            return &d->entry;
        }
    }
    return NULL;
}

int closedir(DIR *d)
{
    fclose(d->listing);
    free(d);
    return 0;
}

#undef stat
int board_stat(const char *path, struct stat *st)
{
    FILE *f;
    memset(st, 0, sizeof *st);
    if (listed_type(path) == 'd') {
        st->st_mode = S_IFDIR | 0755;
        return 0;
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        errno = ENOENT;
        return -1;
    }
    fseek(f, 0, SEEK_END);
    st->st_size = (off_t)ftell(f);
    st->st_mode = S_IFREG | 0644;
    fclose(f);
    return 0;
}

/* No processes on a microcontroller. */
FILE *popen(const char *cmd, const char *mode)
{
    (void)cmd;
    (void)mode;
    errno = ENOSYS;
    return NULL;
}

int pclose(FILE *f)
{
    (void)f;
    return -1;
}

int access(const char *path, int mode)
{
    (void)path;
    (void)mode;
    errno = ENOSYS;
    return -1;
}
