/* SPDX-License-Identifier: MIT */
/*
 * s3lite checksum: print a checksum the way S3 reports it (a contract: scripts compare it):
 *
 *   s3lite checksum --algorithm CRC32|CRC32C|CRC64NVME|SHA1|SHA256
 *                   [--part-size N --type COMPOSITE|FULL_OBJECT] FILE|-
 *
 * The last line printed is the base64 value: of the whole content without --part-size; with
 * COMPOSITE the checksum of the concatenated binary part checksums, then "-N" (N parts); with
 * FULL_OBJECT the checksum of the whole content, computed here by combining the part CRCs as
 * S3 does (CRC algorithms only). The input is read through one fixed buffer: constant RAM
 * whatever its size.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_common.h"
#include "s3lite/checksum.h"

#define CKSUM_BUF (64 * 1024)

enum { OPT_ALGORITHM = 1, OPT_PART_SIZE, OPT_TYPE };

static const struct s3l_cli_opt checksum_opts[] = {
    {"algorithm", OPT_ALGORITHM, 1},
    {"part-size", OPT_PART_SIZE, 1},
    {"type", OPT_TYPE, 1},
};

static void checksum_usage(FILE *f)
{
    fprintf(f,
            "usage: s3lite checksum --algorithm CRC32|CRC32C|CRC64NVME|SHA1|SHA256\n"
            "                       [--part-size N --type COMPOSITE|FULL_OBJECT] FILE|-\n"
            "\n"
            "Prints, as its last line, the base64 checksum S3 reports for FILE (- for stdin):\n"
            "  without --part-size  the checksum of the whole content;\n"
            "  --type COMPOSITE     the checksum of the concatenated binary part checksums,\n"
            "                       followed by -N (N parts of --part-size bytes, the last\n"
            "                       one shorter; an empty input is one empty part);\n"
            "  --type FULL_OBJECT   the checksum of the whole content, combined from the part\n"
            "                       CRCs (CRC32, CRC32C, CRC64NVME only).\n"
            "--part-size takes bytes or a 1024-based suffix: 8388608, 8MiB, 8MB, 8M, 512KiB.\n"
            "Any part size is accepted (S3 itself wants 5 MiB..5 GiB, at most 10000 parts).\n"
            "Exit: 0 ok, 2 usage or input error.\n");
}

static int checksum_fail(const char *msg, const char *arg)
{
    if (arg != NULL)
        fprintf(stderr, "s3lite checksum: %s '%s'\n", msg, arg);
    else
        fprintf(stderr, "s3lite checksum: %s\n", msg);
    return S3L_EXIT_USAGE;
}

/* read() that retries on EINTR. Returns bytes read, 0 at EOF, -1 on error. */
static long checksum_read(int fd, unsigned char *buf, size_t cap)
{
    for (;;) {
        ssize_t n = read(fd, buf, cap);
        if (n >= 0) return (long)n;
        if (errno != EINTR) return -1;
    }
}

/* State of one run: the part being hashed and the multipart accumulator. */
struct checksum_run {
    enum s3l_checksum_alg alg;
    enum s3l_checksum_type type;
    uint64_t part_size; /* 0: whole content */
    struct s3l_checksum part;
    struct s3l_checksum_mp mp;
    uint64_t part_fill;
};

/* Close the current part: add its checksum to the accumulator and start the next one. */
static int checksum_end_part(struct checksum_run *r)
{
    uint8_t bin[S3L_CHECKSUM_MAX_LEN];
    size_t n = 0;
    int rc = s3l_checksum_finish(&r->part, bin, sizeof bin, &n);
    if (rc == S3L_OK) rc = s3l_checksum_mp_add(&r->mp, bin, n, r->part_fill);
    if (rc == S3L_OK) rc = s3l_checksum_start(&r->part, r->alg);
    r->part_fill = 0;
    return rc;
}

/* Feed buf[0..len), cutting parts at part_size boundaries. */
static int checksum_feed(struct checksum_run *r, const unsigned char *buf, size_t len)
{
    if (r->part_size == 0) return s3l_checksum_update(&r->part, buf, len);
    while (len > 0) {
        uint64_t room = r->part_size - r->part_fill;
        size_t take = room < (uint64_t)len ? (size_t)room : len;
        int rc = s3l_checksum_update(&r->part, buf, take);
        if (rc != S3L_OK) return rc;
        r->part_fill += take;
        buf += take;
        len -= take;
        if (r->part_fill == r->part_size) {
            rc = checksum_end_part(r);
            if (rc != S3L_OK) return rc;
        }
    }
    return S3L_OK;
}

int s3l_cmd_checksum(int argc, char **argv)
{
    struct s3l_cli_args args;
    struct checksum_run run;
    const char *alg_s = NULL, *type_s = NULL, *size_s = NULL, *path = NULL, *v = NULL;
    unsigned char buf[CKSUM_BUF];
    char out[S3L_CHECKSUM_VALUE_MAX];
    size_t out_len = 0;
    int id, fd, rc;

    s3l_cli_args_init(&args, argc, argv, checksum_opts, sizeof checksum_opts / sizeof checksum_opts[0]);
    while ((id = s3l_cli_next(&args, &v)) != S3L_CLI_END) {
        switch (id) {
        case OPT_ALGORITHM: alg_s = v; break;
        case OPT_PART_SIZE: size_s = v; break;
        case OPT_TYPE: type_s = v; break;
        case S3L_CLI_POSITIONAL:
            if (path != NULL) return checksum_fail("more than one input given; extra:", v);
            path = v;
            break;
        case S3L_CLI_HELP: checksum_usage(stdout); return S3L_EXIT_OK;
        default:
            fprintf(stderr, "s3lite checksum: %s\n\n", args.err);
            checksum_usage(stderr);
            return S3L_EXIT_USAGE;
        }
    }

    memset(&run, 0, sizeof run);
    if (alg_s == NULL) return checksum_fail("--algorithm is required", NULL);
    if (s3l_checksum_alg_parse(alg_s, strlen(alg_s), &run.alg) != S3L_OK)
        return checksum_fail("unknown --algorithm (CRC32, CRC32C, CRC64NVME, SHA1, SHA256):",
                          alg_s);
    if ((size_s == NULL) != (type_s == NULL))
        return checksum_fail("--part-size and --type go together", NULL);
    if (size_s != NULL) {
        if (s3l_cli_parse_size(size_s, &run.part_size) != 0 || run.part_size == 0)
            return checksum_fail("bad --part-size (bytes, or with KiB/MiB/GiB):", size_s);
        if (s3l_checksum_type_parse(type_s, strlen(type_s), &run.type) != S3L_OK)
            return checksum_fail("unknown --type (COMPOSITE, FULL_OBJECT):", type_s);
        if (run.type == S3L_CHECKSUM_FULL_OBJECT && !s3l_checksum_is_crc(run.alg))
            return checksum_fail("--type FULL_OBJECT takes a CRC algorithm (CRC32, CRC32C, "
                              "CRC64NVME): S3 offers SHA1 and SHA256 as COMPOSITE only; got",
                              s3l_checksum_alg_name(run.alg));
    }
    if (path == NULL) return checksum_fail("no input: give FILE, or - for stdin", NULL);

    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
    } else {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "s3lite checksum: cannot open '%s': %s\n", path, strerror(errno));
            return S3L_EXIT_USAGE;
        }
    }

    rc = s3l_checksum_start(&run.part, run.alg);
    if (rc == S3L_OK && run.part_size != 0) rc = s3l_checksum_mp_start(&run.mp, run.alg, run.type);
    while (rc == S3L_OK) {
        long n = checksum_read(fd, buf, sizeof buf);
        if (n < 0) {
            fprintf(stderr, "s3lite checksum: reading '%s': %s\n", path, strerror(errno));
            rc = S3L_ERR_IO;
            break;
        }
        if (n == 0) break;
        rc = checksum_feed(&run, buf, (size_t)n);
    }
    if (fd != STDIN_FILENO) close(fd);

    if (rc == S3L_OK) {
        if (run.part_size == 0) {
            rc = s3l_checksum_finish_base64(&run.part, out, sizeof out, &out_len);
        } else {
            /* The last, shorter part; or the single empty part of an empty input. */
            if (run.part_fill > 0 || run.mp.parts == 0) rc = checksum_end_part(&run);
            if (rc == S3L_OK) rc = s3l_checksum_mp_finish(&run.mp, out, sizeof out, &out_len);
        }
    }
    s3l_checksum_wipe(&run.part);
    s3l_checksum_mp_wipe(&run.mp);
    if (rc == S3L_ERR_TOO_MANY)
        return checksum_fail("more than 10000 parts (S3's limit): use a larger --part-size", NULL);
    if (rc == S3L_ERR_IO) return S3L_EXIT_USAGE;
    if (rc != S3L_OK) return checksum_fail(s3l_strerror(rc), NULL);
    printf("%s\n", out);
    if (fflush(stdout) != 0) return checksum_fail("cannot write the result", NULL);
    return S3L_EXIT_OK;
}
