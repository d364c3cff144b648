/* SPDX-License-Identifier: MIT */
/*
 * A plain main() for fuzz targets, for compilers without libFuzzer (gcc + ASan/UBSan):
 * runs LLVMFuzzerTestOneInput() once per input. Arguments are files, or directories whose
 * regular files (one level, names not starting with '.') are inputs; with no argument, one
 * input is read from standard input. Each input is copied into a heap block of exactly its
 * size, so a read past its end is caught by AddressSanitizer. Prints "replayed N inputs";
 * exits 1 when an argument cannot be read (a bug in the target aborts the program).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define INPUT_MAX (16u * 1024u * 1024u)

/* Read all of f into a heap block of exactly its size (at least 1 byte allocated). */
static int run_stream(FILE *f, const char *name)
{
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap), *exact;
    if (buf == NULL) return -1;
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
        if (n == cap) {
            unsigned char *nb;
            if (cap >= INPUT_MAX) {
                fprintf(stderr, "replay: %s: larger than %u bytes\n", name, INPUT_MAX);
                free(buf);
                return -1;
            }
            nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "replay: %s: read error\n", name);
        free(buf);
        return -1;
    }
    exact = malloc(n > 0 ? n : 1);
    if (exact == NULL) {
        free(buf);
        return -1;
    }
    if (n > 0) memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    int rc;
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    rc = run_stream(f, path);
    fclose(f);
    return rc;
}

static int run_path(const char *path, unsigned long *count)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    int rc = 0;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file or directory: %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (run_file(path) != 0) return -1;
        (*count)++;
        return 0;
    }
    d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "replay: cannot open directory %s\n", path);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        char sub[4096];
        if (e->d_name[0] == '.') continue;
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub) {
            rc = -1;
            continue;
        }
        if (stat(sub, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (run_file(sub) != 0) {
            rc = -1;
            continue;
        }
        (*count)++;
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned long count = 0;
    int i, rc = 0;
    if (argc < 2) {
        rc = run_stream(stdin, "stdin");
        count = rc == 0 ? 1u : 0u;
    }
    for (i = 1; i < argc; i++) {
        if (run_path(argv[i], &count) != 0) rc = -1;
    }
    printf("replayed %lu inputs\n", count);
    return rc == 0 ? 0 : 1;
}
