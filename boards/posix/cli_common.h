/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the s3lite CLI (boards/posix): option parsing, configuration from the
 * environment and flags, s3:// and endpoint URL parsing, ISO 8601 / HTTP-date / amz-date
 * times, size suffixes, multipart part planning, the progress bar, and error reporting.
 *
 * The parsing layer is pure (no I/O, no globals) so tests/test_cli.c can check it; the few
 * functions that touch the OS (environment, clock, stderr, isatty) say so.
 * This is host code: it may use the heap and stdio (boards/ is not core/).
 */
#ifndef S3L_CLI_COMMON_H
#define S3L_CLI_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "s3lite/s3_request.h"

/* ---- limits ----------------------------------------------------------------------------- */

#define S3L_CLI_MIB ((uint64_t)1024 * 1024)
#define S3L_CLI_PART_MIN (5 * S3L_CLI_MIB)                 /* S3: every part but the last */
#define S3L_CLI_PART_MAX ((uint64_t)5 * 1024 * S3L_CLI_MIB) /* S3: 5 GiB per part */
#define S3L_CLI_PART_DEFAULT (8 * S3L_CLI_MIB)
#define S3L_CLI_PARTS_MAX 10000u                            /* S3: part numbers 1..10000 */
/* cp --concurrency: connections at once. The default, 4: on a host with a few cores (the
 * server often on the same ones) four requests in flight keep the link and both ends busy
 * while one waits for its answer; more adds a client (about 110 KB) and a socket each for
 * little. The most, 16, is what the uploader's state blob records exactly as runs of done
 * parts (S3L_UPLOADER_RANGES). */
#define S3L_CLI_CONCURRENCY_DEFAULT 4u
#define S3L_CLI_CONCURRENCY_MAX 16u
#define S3L_CLI_PUT_MAX ((uint64_t)5 * 1024 * S3L_CLI_MIB)  /* S3: PutObject up to 5 GiB */
#define S3L_CLI_OBJECT_MAX ((uint64_t)5 * 1024 * 1024 * S3L_CLI_MIB) /* S3: objects up to 5 TiB */
#define S3L_CLI_KEY_MAX 1024                                /* S3: key up to 1024 bytes */
#define S3L_CLI_BUCKET_MAX 255                              /* legacy names up to 255 */
#define S3L_CLI_HOST_MAX 255
#define S3L_CLI_METADATA_MAX 64                             /* --metadata given at most */
#define S3L_CLI_ERR_MAX 256                                 /* one error message */
#define S3L_CLI_PATH_MAX 1024                               /* a provider's path and query */

/* ---- option parsing --------------------------------------------------------------------- */

/* One long option of a command: "--name" or "--name VALUE" / "--name=VALUE". */
struct s3l_cli_opt {
    const char *name; /* without the leading "--" */
    int id;           /* > 0; returned by s3l_cli_next() */
    int has_value;    /* 1: takes a value; 0: a switch */
};

/* Walks argv[1..argc) (argv[0] is the command name). Caller-owned, no allocation. */
struct s3l_cli_args {
    int argc;
    char **argv;
    int i;                         /* next argv index */
    int only_positional;           /* after "--" */
    const struct s3l_cli_opt *opts;
    size_t nopts;
    char err[S3L_CLI_ERR_MAX];     /* message of the last S3L_CLI_ERROR */
};

#define S3L_CLI_END 0         /* no more arguments */
#define S3L_CLI_POSITIONAL -1 /* *value is a positional argument ("-" is one: stdin/stdout) */
#define S3L_CLI_ERROR -2      /* unknown option or missing value: see args->err */
#define S3L_CLI_HELP -3       /* -h or --help */

void s3l_cli_args_init(struct s3l_cli_args *a, int argc, char **argv,
                       const struct s3l_cli_opt *opts, size_t nopts);

/* Next argument: an option id (> 0) with *value set for options that take one (NULL for a
 * switch), S3L_CLI_POSITIONAL with *value, S3L_CLI_HELP, S3L_CLI_ERROR or S3L_CLI_END.
 * Options may come before, between or after positionals; "--" ends the options. A switch
 * given "=VALUE" is an error. Values are the argv strings themselves (not copied). */
int s3l_cli_next(struct s3l_cli_args *a, const char **value);

/* ---- configuration (awscli's names) ------------------------------------------------------ */

struct s3l_cli_conf {
    const char *access_key_id;     /* AWS_ACCESS_KEY_ID */
    const char *secret_access_key; /* AWS_SECRET_ACCESS_KEY */
    const char *session_token;     /* AWS_SESSION_TOKEN, NULL when unset or empty */
    const char *region;            /* --region, AWS_REGION, AWS_DEFAULT_REGION, "us-east-1" */
    const char *endpoint_url;      /* --endpoint-url, AWS_ENDPOINT_URL; NULL = AWS default */
    const char *ca_bundle;         /* --ca-bundle, AWS_CA_BUNDLE; NULL = system store */
    int no_verify_ssl;             /* --no-verify-ssl */
    /* The IoT credentials provider (all five options, or none) */
    const char *iot_endpoint;      /* --iot-credentials-endpoint HOST[:PORT] (HTTPS) */
    const char *iot_role_alias;    /* --role-alias */
    const char *iot_thing_name;    /* --thing-name */
    const char *iot_cert;          /* --cert: the device certificate (PEM) */
    const char *iot_key;           /* --key: its private key (PEM) */
    /* Container credentials */
    const char *container_uri;     /* AWS_CONTAINER_CREDENTIALS_FULL_URI */
    const char *container_token;   /* AWS_CONTAINER_AUTHORIZATION_TOKEN */
};

/* Where the credentials come from, first match wins (s3l_cli_conf_credentials_source). */
enum s3l_cli_creds_source {
    S3L_CLI_CREDS_IOT = 1,    /* the --iot-credentials-endpoint options */
    S3L_CLI_CREDS_ENV,        /* AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN */
    S3L_CLI_CREDS_CONTAINER   /* AWS_CONTAINER_CREDENTIALS_FULL_URI */
};

/* Option ids of the common flags; command option ids must stay below this. */
#define S3L_CLI_OPT_ENDPOINT_URL 1001
#define S3L_CLI_OPT_REGION 1002
#define S3L_CLI_OPT_CA_BUNDLE 1003
#define S3L_CLI_OPT_NO_VERIFY_SSL 1004
#define S3L_CLI_OPT_IOT_ENDPOINT 1005
#define S3L_CLI_OPT_ROLE_ALIAS 1006
#define S3L_CLI_OPT_THING_NAME 1007
#define S3L_CLI_OPT_CERT 1008
#define S3L_CLI_OPT_KEY 1009
/* The entries to put in a command's option table (a macro so tables can stay const). */
#define S3L_CLI_COMMON_OPTS                                                                  \
    {"endpoint-url", S3L_CLI_OPT_ENDPOINT_URL, 1}, {"region", S3L_CLI_OPT_REGION, 1},         \
        {"ca-bundle", S3L_CLI_OPT_CA_BUNDLE, 1}, {"no-verify-ssl", S3L_CLI_OPT_NO_VERIFY_SSL, 0}, \
        {"iot-credentials-endpoint", S3L_CLI_OPT_IOT_ENDPOINT, 1},                            \
        {"role-alias", S3L_CLI_OPT_ROLE_ALIAS, 1}, {"thing-name", S3L_CLI_OPT_THING_NAME, 1},   \
        {"cert", S3L_CLI_OPT_CERT, 1}, {"key", S3L_CLI_OPT_KEY, 1}
#define S3L_CLI_COMMON_HELP                                                                  \
    "common options:\n"                                                                      \
    "  --endpoint-url URL   http:// or https:// endpoint (path-style addressing);\n"          \
    "                       default https://s3.REGION.amazonaws.com (virtual-hosted)\n"       \
    "  --region REGION      signing region (env AWS_REGION, AWS_DEFAULT_REGION;\n"            \
    "                       default us-east-1)\n"                                             \
    "  --ca-bundle FILE     PEM file of CAs to trust (env AWS_CA_BUNDLE)\n"                   \
    "  --no-verify-ssl      do not verify the server's certificate (unsafe)\n"                \
    "temporary credentials from an AWS IoT credentials provider (all five, HTTPS, mutual\n"  \
    "TLS; --ca-bundle is trusted for the provider too):\n"                                   \
    "  --iot-credentials-endpoint HOST[:PORT]  --role-alias ALIAS  --thing-name NAME\n"       \
    "  --cert FILE  --key FILE   the device's certificate and private key (PEM)\n"           \
    "credentials, first found: the IoT options; AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n"  \
    "  AWS_SESSION_TOKEN; AWS_CONTAINER_CREDENTIALS_FULL_URI (http://127.x.x.x or https,\n"  \
    "  with AWS_CONTAINER_AUTHORIZATION_TOKEN as its Authorization when set)\n"              \
    "environment: AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL, AWS_CA_BUNDLE\n"

/* Fill conf from a getenv-like function (NULL = getenv). Empty variables count as unset. */
void s3l_cli_conf_from_env(struct s3l_cli_conf *conf, const char *(*get)(const char *name));

/* Apply a common option seen by s3l_cli_next(). Returns 1 when id was a common option,
 * 0 when it is not one, -1 on a bad value (message in err). */
int s3l_cli_conf_option(struct s3l_cli_conf *conf, int id, const char *value, char *err,
                        size_t err_cap);

/* Check credentials are present (for commands that sign). 0 or -1 with a message. */
int s3l_cli_conf_need_credentials(const struct s3l_cli_conf *conf, char *err, size_t err_cap);

/* Where the credentials come from (enum s3l_cli_creds_source), or -1 with a message: a
 * partial set of the IoT options, AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY, a
 * container URI that is neither https nor http to 127.0.0.0/8, or none at all. */
int s3l_cli_conf_credentials_source(const struct s3l_cli_conf *conf, char *err, size_t err_cap);

/* Parse a command that takes one s3:// URL, the common options and its own: on_opt gets
 * each own option (return 0, or -1 with a message in err). conf is filled from the
 * environment first (getenv_fn NULL = getenv). Returns 0, 1 (--help) or -1 (message). */
int s3l_cli_parse_one_url(int argc, char **argv, const struct s3l_cli_opt *opts, size_t nopts,
                          const char *(*getenv_fn)(const char *), struct s3l_cli_conf *conf,
                          const char **url,
                          int (*on_opt)(void *ctx, int id, const char *value, char *err,
                                        size_t err_cap),
                          void *ctx, char *err, size_t err_cap);

/* --sse-c-key: decode the base64 key (must be 32 bytes) into raw and put base64(MD5(key)) in
 * md5_b64. 0, or -1 with a message naming the flag. */
int s3l_cli_sse_c_key(const char *b64, uint8_t raw[32], char md5_b64[25], char *err,
                      size_t err_cap);

/* ---- URLs --------------------------------------------------------------------------------- */

/* s3://bucket[/key]: bucket and key point into url (not copied, key NUL-terminated since it
 * runs to the end of url). The key is taken as given (no percent-decoding): spaces and UTF-8
 * are fine. key_len may be 0. Refused: wrong scheme, empty or malformed bucket (allowed
 * A-Z a-z 0-9 . - _, 1..255), a key longer than 1024 bytes. Control bytes are key bytes. */
struct s3l_cli_s3url {
    const char *bucket;
    size_t bucket_len;
    const char *key;
    size_t key_len;
};
int s3l_cli_parse_s3url(const char *url, struct s3l_cli_s3url *out, char *err, size_t err_cap);

/* An endpoint: http[s]://host[:port][/]. IPv6 literals in brackets: http://[::1]:7480. */
struct s3l_cli_endpoint {
    int https;
    int ipv6;                            /* host is an IPv6 literal (stored without brackets) */
    char host[S3L_CLI_HOST_MAX + 1];     /* to connect to and for TLS SNI / name check */
    uint16_t port;                       /* explicit or 80 / 443 */
    int port_given;                      /* the URL named the port */
    char authority[S3L_CLI_HOST_MAX + 9];/* Host header: host, [v6], plus :port if given and
                                            not the scheme's default */
    int path_style;                      /* 1 for custom endpoints */
};
int s3l_cli_parse_endpoint(const char *url, struct s3l_cli_endpoint *out, char *err,
                           size_t err_cap);

/* The endpoint to use: conf->endpoint_url parsed (path-style), or the AWS default
 * https://s3.REGION.amazonaws.com with virtual-hosted addressing. */
int s3l_cli_resolve_endpoint(const struct s3l_cli_conf *conf, struct s3l_cli_endpoint *out,
                             char *err, size_t err_cap);

/* A credentials provider's address: HTTPS host[:port] (IoT: "HOST[:PORT]") or a container
 * URI (http://127.x.x.x[:port]/path or https://host[:port]/path). path gets the path and
 * query ("/" when none). 0, or -1 with a message. */
int s3l_cli_parse_iot_endpoint(const char *hostport, struct s3l_cli_endpoint *out, char *err,
                               size_t err_cap);
int s3l_cli_parse_container_uri(const char *uri, struct s3l_cli_endpoint *out, char *path,
                                size_t path_cap, char *err, size_t err_cap);

/* 1 when the bucket can be put in a host name (virtual-hosted style over TLS): 3..63 of
 * a-z 0-9 -, starting and ending with a letter or digit, no dots. */
int s3l_cli_bucket_dns_ok(const char *bucket, size_t len);

/* Where requests for one bucket go: the endpoint, the host to connect to (and to verify by
 * TLS), and the builders' struct s3l_endpoint (path-style for custom endpoints and for bucket
 * names that cannot be a host label; virtual-hosted on the AWS default endpoint). The struct
 * points into itself: do not copy it after init. */
struct s3l_cli_target {
    struct s3l_cli_endpoint ep;
    char bucket[S3L_CLI_BUCKET_MAX + 1];
    char connect_host[S3L_CLI_BUCKET_MAX + 1 + S3L_CLI_HOST_MAX + 1];
    struct s3l_endpoint s3ep;
};
int s3l_cli_target_init(struct s3l_cli_target *t, const struct s3l_cli_conf *conf,
                        const struct s3l_cli_s3url *url, char *err, size_t err_cap);

/* ---- times -------------------------------------------------------------------------------- */

/* ISO 8601: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z or +HH:MM / -HH:MM
 * (converted to UTC; fraction dropped); also the basic form YYYYMMDDTHHMMSSZ. Years
 * 1970..9999. Returns 0 and *out (Unix seconds) or -1. */
int s3l_cli_parse_iso8601(const char *s, int64_t *out);

/* Unix seconds -> "Thu, 10 Jan 2030 00:04:06 GMT" (29 chars + NUL). */
void s3l_cli_format_http_date(int64_t t, char out[30]);
/* Unix seconds -> "2030-01-10T00:04:06Z" (20 chars + NUL). */
void s3l_cli_format_iso8601(int64_t t, char out[21]);
/* Unix seconds -> "20300110T000406Z" (16 chars + NUL). */
void s3l_cli_format_amz_date(int64_t t, char out[17]);
/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
int64_t s3l_cli_days_from_civil(int64_t y, unsigned m, unsigned d);
void s3l_cli_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* The time to sign with: S3L_FIXED_TIME (YYYYMMDDTHHMMSSZ, for tests) when set, else the
 * system clock. Reads the environment. Returns 0, or -1 with a message when S3L_FIXED_TIME
 * is malformed. */
int s3l_cli_now(int64_t *out, char *err, size_t err_cap);

/* ---- sizes and part planning ---------------------------------------------------------------- */

/* "8388608", "8MiB", "8MB", "512KiB", "1GiB", "5M"...: K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB
 * are all 1024-based (as awscli reads them), case-insensitive, an optional "B" for bytes.
 * Returns 0 and *out, or -1 (empty, junk, overflow). */
int s3l_cli_parse_size(const char *s, uint64_t *out);

/* Human-readable size: "12.3 MiB" (into out, NUL-terminated). */
void s3l_cli_format_size(uint64_t n, char *out, size_t cap);

/* Check a --part-size value against S3's limits: 5 MiB .. 5 GiB, smaller allowed only when
 * allow_small (env S3L_ALLOW_SMALL_PARTS=1, for tests). 0 or -1 with a message. */
int s3l_cli_check_part_size(uint64_t part_size, int allow_small, char *err, size_t err_cap);

/* A plan for an upload of known size. */
struct s3l_cli_plan {
    int multipart;          /* 0: one PutObject */
    uint64_t part_size;     /* possibly raised from the requested size (see below) */
    uint32_t parts;         /* number of parts (1 for PutObject) */
    uint64_t last_part;     /* bytes in the last part */
};

/* Plan an upload of size bytes (known: a file). Multipart when size > part_size. When the
 * object would need more than 10000 parts: if the part size was given explicitly, -1 with a
 * message naming --part-size and the smallest size that works; else the part size is raised
 * to the smallest multiple of 1 MiB that fits. Objects over S3's 5 TiB limit are refused
 * (before anything is sent: 10000 x 5 GiB parts would be 48.8 TiB, which S3 refuses only at
 * the end). */
int s3l_cli_plan_upload(uint64_t size, uint64_t part_size, int part_size_given,
                        struct s3l_cli_plan *plan, char *err, size_t err_cap);

/* ---- progress bar (stderr, TTY only) ---------------------------------------------------------- */

struct s3l_cli_progress {
    int enabled;         /* draw at all (stderr is a TTY) */
    uint64_t total;      /* 0 when unknown */
    uint64_t done;
    double start;        /* monotonic seconds */
    double last_draw;
    int drawn;           /* something is on the line */
};

/* Starts a bar for total bytes (0 = unknown). Enabled when stderr is a TTY (isatty). */
void s3l_cli_progress_start(struct s3l_cli_progress *p, uint64_t total);
/* Add n bytes; redraws at most ~10 times a second. */
void s3l_cli_progress_add(struct s3l_cli_progress *p, uint64_t n);
/* Final draw and newline (when enabled). */
void s3l_cli_progress_finish(struct s3l_cli_progress *p);
/* Clear the line before printing an error (when enabled). */
void s3l_cli_progress_clear(struct s3l_cli_progress *p);
/* Pure formatter: "  12.0 MiB / 64.0 MiB  18%  45.2 MiB/s  ETA 0:01" (total 0: no % or
 * ETA). Returns the length written (NUL-terminated, truncated to cap-1). */
size_t s3l_cli_progress_format(char *out, size_t cap, uint64_t done, uint64_t total,
                               double elapsed);
/* Monotonic clock in seconds. */
double s3l_cli_monotonic(void);

/* ---- value checks shared by commands ----------------------------------------------------------- */

/* 1 when s is one of the NULL-terminated names. */
int s3l_cli_in_list(const char *s, const char *const *names);
/* "a|b|c" of the names into out. */
void s3l_cli_join_list(const char *const *names, char *out, size_t cap);

/* S3's grantee list: one or more of id="..." / uri="..." / emailAddress="..." separated by
 * commas (spaces allowed around). 0 or -1. */
int s3l_cli_check_grants(const char *s);

/* Base64 (standard alphabet, '=' padding). Returns the decoded length, or -1 when malformed
 * or when it does not fit in cap. */
long s3l_cli_base64_decode(const char *s, uint8_t *out, size_t cap);
/* Encode; out needs 4*ceil(len/3)+1 bytes. Returns the length written (NUL-terminated). */
size_t s3l_cli_base64_encode(const uint8_t *in, size_t len, char *out);

/* ---- cp: options ------------------------------------------------------------------------------- */

/* --payload values (mapped onto the client's payload modes by cmd_cp.c). */
enum s3l_cli_payload {
    S3L_CLI_PAYLOAD_DEFAULT = 0, /* not given: signed */
    S3L_CLI_PAYLOAD_SIGNED,
    S3L_CLI_PAYLOAD_UNSIGNED,
    S3L_CLI_PAYLOAD_STREAMING,
    S3L_CLI_PAYLOAD_STREAMING_TRAILER,
    S3L_CLI_PAYLOAD_UNSIGNED_TRAILER
};

struct s3l_cli_meta {
    const char *key; /* points into argv; not NUL-terminated at key_len */
    size_t key_len;
    const char *value; /* NUL-terminated (the rest of the argv string) */
};

/* Everything `s3lite cp` was told, checked. Strings point into argv (values as given). */
struct s3l_cli_cp {
    struct s3l_cli_conf conf;
    const char *src, *dst;
    int upload;                  /* 1: FILE|- -> s3://; 0: s3:// -> FILE|- */
    int from_stdin;              /* upload from "-" */
    struct s3l_cli_s3url url;    /* the s3:// side */
    int dry_run;
    int no_progress;
    /* CreateMultipartUpload / PutObject parameters */
    const char *acl;
    const char *grant_full_control, *grant_read, *grant_read_acp, *grant_write_acp;
    const char *cache_control, *content_type, *content_disposition, *content_encoding,
        *content_language;
    int has_expires;
    int64_t expires;             /* Unix seconds; sent as an HTTP-date */
    char expires_iso[21];        /* the same, normalised "YYYY-MM-DDTHH:MM:SSZ" */
    struct s3l_cli_meta metadata[S3L_CLI_METADATA_MAX];
    size_t metadata_count;
    const char *tagging;
    const char *sse, *sse_kms_key_id, *sse_kms_context;
    int bucket_key_enabled;
    const char *sse_c_key;       /* base64 of 32 bytes, as given */
    uint8_t sse_c_key_raw[32];   /* decoded key: wipe with s3l_cli_cp_wipe() */
    char sse_c_key_md5[25];      /* base64 of the key's MD5 */
    const char *storage_class, *website_redirect;
    const char *object_lock_mode;
    int has_retain_until;
    int64_t retain_until;        /* Unix seconds; sent as ISO 8601 */
    char retain_until_iso[21];   /* normalised "YYYY-MM-DDTHH:MM:SSZ" */
    const char *legal_hold;
    const char *checksum_algorithm; /* CRC32|CRC32C|CRC64NVME|SHA1|SHA256 or NULL */
    const char *checksum_type;      /* as given (sent only when given), or NULL */
    int full_object;                /* effective type: FULL_OBJECT (1) or COMPOSITE (0) */
    const char *expected_bucket_owner, *request_payer;
    uint64_t part_size;
    int part_size_given;
    int payload;                 /* enum s3l_cli_payload, never DEFAULT after parsing */
    int allow_small_parts;       /* env S3L_ALLOW_SMALL_PARTS=1 */
    int retries;                 /* --retries N, -1 when not given */
    unsigned concurrency;        /* --concurrency N, 0 when not given */
    /* resumable uploads */
    const char *state_file;      /* --state FILE, or NULL */
    int restart;                 /* --restart */
    int abort_on_failure;        /* --abort-on-failure */
};

/* The allowed values, NULL-terminated (also used by --help). */
extern const char *const s3l_cli_acl_names[];
extern const char *const s3l_cli_sse_names[];
extern const char *const s3l_cli_storage_class_names[];
extern const char *const s3l_cli_lock_mode_names[];
extern const char *const s3l_cli_legal_hold_names[];
extern const char *const s3l_cli_checksum_alg_names[];
extern const char *const s3l_cli_checksum_type_names[];
extern const char *const s3l_cli_request_payer_names[];
extern const char *const s3l_cli_payload_names[];

/* Parse `cp` arguments (argv[0] = "cp") with the given environment lookup (NULL = getenv).
 * Returns 0 (ready), 1 (--help was asked), -1 (usage error, message in err naming the flag
 * and the value). */
int s3l_cli_cp_parse(int argc, char **argv, const char *(*getenv_fn)(const char *),
                     struct s3l_cli_cp *cp, char *err, size_t err_cap);

/* Wipe the key material a parsed cp holds. */
void s3l_cli_cp_wipe(struct s3l_cli_cp *cp);

/* S3's tagging form: "k1=v1&k2=v2" with non-empty keys, bytes A-Z a-z 0-9 - . _ ~, %XX and
 * '+' only, at most 10 tags. 0 or -1. */
int s3l_cli_check_tagging(const char *s);

/* Print the --help text of cp. */
void s3l_cli_cp_usage(FILE *f);

/* ---- --dry-run transport (cli_dryrun.c) ------------------------------------------------------- */

/* A transport that sends nothing: it records each request head, swallows the body and answers
 * like S3 (upload id DRYRUN-UPLOAD-ID). on_head (optional) sees every head as sent (CRLF). */
struct s3l_cli_dry {
    int state;                 /* 0 head, 1 body, 2 answered */
    char head[16384 + 1];
    size_t head_len;
    uint64_t body_left;
    uint64_t body_bytes;       /* body bytes swallowed in all */
    char resp[2048];
    size_t resp_len, resp_pos;
    unsigned long requests;    /* requests answered */
    unsigned long connects;
    void (*on_head)(void *ctx, const char *head, size_t len);
    void *on_head_ctx;
};
struct s3l_transport;
void s3l_cli_dry_init(struct s3l_cli_dry *d, struct s3l_transport *t);

/* Print a request head as text: CRLF -> LF (request line, headers, empty line). */
void s3l_cli_print_head(FILE *f, const char *head, size_t len);
/* The same on stdout, as a struct s3l_cli_dry on_head (ctx unused): --dry-run prints every
 * head sent. */
void s3l_cli_print_head_stdout(void *ctx, const char *head, size_t len);

/* ---- errors ------------------------------------------------------------------------------------ */

/* The process exit code for an s3l_err: S3L_ERR_S3 / HTTP status -> 1, transport and TLS
 * -> 3, argument errors -> 2, anything else (I/O, parse) -> 3. */
int s3l_cli_exit_code(int err);

/* Print "s3lite CMD: message" to stderr (printf-style). */
void s3l_cli_errorf(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif /* S3L_CLI_COMMON_H */
