/* SPDX-License-Identifier: MIT */
/*
 * `s3lite cp` options: the flag table, every value check, and --help. The flags and their
 * value syntax are a contract (scripts and awscli users rely on them); see cli_common.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_common.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"

const char *const s3l_cli_acl_names[] = {"private",
                                         "public-read",
                                         "public-read-write",
                                         "authenticated-read",
                                         "aws-exec-read",
                                         "bucket-owner-read",
                                         "bucket-owner-full-control",
                                         NULL};
const char *const s3l_cli_sse_names[] = {"AES256", "aws:fsx", "aws:kms", "aws:kms:dsse", NULL};
const char *const s3l_cli_storage_class_names[] = {
    "STANDARD",   "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
    "GLACIER",    "DEEP_ARCHIVE",       "OUTPOSTS",    "GLACIER_IR", "SNOW",
    "EXPRESS_ONEZONE", "FSX_OPENZFS",   "FSX_ONTAP",   NULL};
const char *const s3l_cli_lock_mode_names[] = {"GOVERNANCE", "COMPLIANCE", NULL};
const char *const s3l_cli_legal_hold_names[] = {"ON", "OFF", NULL};
const char *const s3l_cli_checksum_alg_names[] = {"CRC32", "CRC32C", "CRC64NVME", "SHA1",
                                                  "SHA256", NULL};
const char *const s3l_cli_checksum_type_names[] = {"COMPOSITE", "FULL_OBJECT", NULL};
const char *const s3l_cli_request_payer_names[] = {"requester", NULL};
/* Order matches enum s3l_cli_payload from SIGNED on. */
const char *const s3l_cli_payload_names[] = {"signed", "unsigned", "streaming",
                                             "streaming-trailer", "unsigned-trailer", NULL};

static const char *const cp_help[] = {
    "usage: s3lite cp [OPTIONS] FILE|- s3://BUCKET/KEY     upload\n"
    "       s3lite cp [OPTIONS] s3://BUCKET/KEY FILE|-     download (GetObject)\n"
    "\n"
    "Uploads with one PutObject when the content fits in one part, else with a multipart\n"
    "upload (CreateMultipartUpload, UploadPart 1..N, CompleteMultipartUpload; the upload is\n"
    "aborted when a part fails). A FILE is read part by part with pread, never whole; stdin\n"
    "(\"-\") has no known length: it is always uploaded as multipart, and each part is held in\n"
    "RAM (--part-size bytes) because a part's length must be known before it is sent.\n"
    "A KEY ending in '/' (or empty) gets the FILE's base name appended.\n"
    "\n"
    "  --dry-run                  send nothing; print the request heads that would be sent\n"
    "                             (CreateMultipartUpload or PutObject first; for multipart\n"
    "                             then the first UploadPart, with upload id DRYRUN-UPLOAD-ID,\n"
    "                             and the CompleteMultipartUpload). Env S3L_FIXED_TIME=\n"
    "                             YYYYMMDDTHHMMSSZ fixes the signing time.\n"
    "  --part-size SIZE           bytes per part (default 8MiB); suffixes KB/KiB, MB/MiB,\n"
    "                             GB/GiB are all 1024-based (as awscli); 5MiB..5GiB (smaller\n"
    "                             only with env S3L_ALLOW_SMALL_PARTS=1, for tests)\n"
    "  --payload MODE             signed|unsigned|streaming|streaming-trailer|\n"
    "                             unsigned-trailer (default signed). signed hashes each part\n"
    "                             first (a second read of the file); streaming signs 8 KiB\n"
    "                             aws-chunked chunks as it sends (one read); the -trailer modes\n"
    "                             send the --checksum-algorithm value as a trailer\n"
    "  --concurrency N            connections at once (1..16; default 4, fewer when there\n"
    "                             are fewer parts): a FILE's parts go up over N connections,\n"
    "                             read with pread (never held in RAM); stdin holds up to N\n"
    "                             parts; a download is N ranged GETs written at their offsets\n"
    "                             (to a file; stdout gets one GET). 1: one connection, parts in\n"
    "                             order, as before. --dry-run uses 1\n"
    "  --no-progress              no progress bar (it is drawn only when stderr is a TTY)\n"
    "  --retries N                retries per request after the first attempt (0..100;\n"
    "                             default 3: S3L_CLIENT_ATTEMPTS - 1), after network errors,\n"
    "                             5xx, 429, SlowDown, InternalError, RequestTimeout, with\n"
    "                             capped exponential backoff; when they run out: exit 3\n"
    "                             (network) or 1 (S3), and with --state the upload is kept\n"
    "\n"
    "resumable uploads (a FILE, not stdin):\n"
    "  --state FILE               upload through a multipart upload whose progress is saved in\n"
    "                             FILE after each part; run the same command again after any\n"
    "                             interruption to resume it (parts the server holds are checked\n"
    "                             and kept); FILE is removed once the object is complete. On a\n"
    "                             failure or ^C the upload and FILE are kept. A changed SOURCE\n"
    "                             (size, mtime, inode) or a changed option that shapes the\n"
    "                             object (bucket, key, part size, payload, checksum, metadata,\n"
    "                             headers, endpoint) is refused (exit 2)\n"
    "  --restart                  with --state: abort the upload FILE records and start anew\n"
    "  --abort-on-failure         with --state: abort the upload on a failure instead of\n"
    "                             keeping it (FILE is removed)\n"
    "                             (--dry-run with --state neither reads nor writes FILE)\n"
    "\n",
    "object parameters (CreateMultipartUpload / PutObject), values sent as given:\n"
    "  --acl ACL                  private|public-read|public-read-write|authenticated-read|\n"
    "                             aws-exec-read|bucket-owner-read|bucket-owner-full-control\n"
    "  --grant-full-control G     grantees: id=\"...\", uri=\"...\", emailAddress=\"...\",\n"
    "  --grant-read G               comma-separated\n"
    "  --grant-read-acp G\n"
    "  --grant-write-acp G\n"
    "  --cache-control V\n"
    "  --content-type V\n"
    "  --content-disposition V\n"
    "  --content-encoding V\n"
    "  --content-language V\n"
    "  --expires TIME             ISO 8601 UTC, e.g. 2030-01-10T00:04:06Z (sent as HTTP-date)\n"
    "  --metadata KEY=VALUE       x-amz-meta-KEY (repeatable)\n"
    "  --tagging 'k1=v1&k2=v2'    sent as given (URL-encode keys and values yourself)\n"
    "  --sse ALG                  AES256|aws:fsx|aws:kms|aws:kms:dsse\n"
    "  --sse-kms-key-id ID        with --sse aws:kms or aws:kms:dsse\n"
    "  --sse-kms-context B64      base64 of the JSON encryption context, as given\n"
    "  --bucket-key-enabled       switch\n"
    "  --sse-c-key B64            SSE-C: the 32-byte key in base64 (AES256; key MD5 computed);\n"
    "                             sent on Create, every UploadPart and Complete (and GetObject)\n"
    "  --storage-class CLASS      STANDARD|REDUCED_REDUNDANCY|STANDARD_IA|ONEZONE_IA|\n"
    "                             INTELLIGENT_TIERING|GLACIER|DEEP_ARCHIVE|OUTPOSTS|\n"
    "                             GLACIER_IR|SNOW|EXPRESS_ONEZONE|FSX_OPENZFS|FSX_ONTAP\n"
    "  --website-redirect LOC     /path, http://... or https://...\n"
    "  --object-lock-mode MODE    GOVERNANCE|COMPLIANCE (with --object-lock-retain-until)\n"
    "  --object-lock-retain-until TIME   ISO 8601 UTC\n"
    "  --object-lock-legal-hold ON|OFF\n"
    "  --checksum-algorithm ALG   CRC32|CRC32C|CRC64NVME|SHA1|SHA256: every part carries its\n"
    "                             checksum; the Complete lists them\n"
    "  --checksum-type TYPE       COMPOSITE|FULL_OBJECT (multipart only; default COMPOSITE,\n"
    "                             FULL_OBJECT for CRC64NVME; FULL_OBJECT needs a CRC)\n"
    "  --expected-bucket-owner ID\n"
    "  --request-payer requester\n"
    "\n"
    "download options: --sse-c-key, --expected-bucket-owner, --request-payer, --dry-run\n"
    "\n",
    S3L_CLI_COMMON_HELP,
    "\nexit codes: 0 ok, 1 S3 error, 2 usage, 3 network or TLS\n",
    NULL};

void s3l_cli_cp_usage(FILE *f)
{
    size_t i;
    for (i = 0; cp_help[i] != NULL; i++) fputs(cp_help[i], f);
}

enum {
    O_DRY_RUN = 1,
    O_PART_SIZE,
    O_PAYLOAD,
    O_NO_PROGRESS,
    O_ACL,
    O_GRANT_FULL,
    O_GRANT_READ,
    O_GRANT_READ_ACP,
    O_GRANT_WRITE_ACP,
    O_CACHE_CONTROL,
    O_CONTENT_TYPE,
    O_CONTENT_DISPOSITION,
    O_CONTENT_ENCODING,
    O_CONTENT_LANGUAGE,
    O_EXPIRES,
    O_METADATA,
    O_TAGGING,
    O_SSE,
    O_SSE_KMS_KEY_ID,
    O_SSE_KMS_CONTEXT,
    O_BUCKET_KEY,
    O_SSE_C_KEY,
    O_STORAGE_CLASS,
    O_WEBSITE_REDIRECT,
    O_LOCK_MODE,
    O_LOCK_RETAIN,
    O_LEGAL_HOLD,
    O_CHECKSUM_ALG,
    O_CHECKSUM_TYPE,
    O_EXPECTED_OWNER,
    O_REQUEST_PAYER,
    O_STATE,
    O_RESTART,
    O_ABORT_ON_FAILURE,
    O_RETRIES,
    O_CONCURRENCY
};

static const struct s3l_cli_opt cp_opts[] = {
    {"dry-run", O_DRY_RUN, 0},
    {"part-size", O_PART_SIZE, 1},
    {"payload", O_PAYLOAD, 1},
    {"no-progress", O_NO_PROGRESS, 0},
    {"acl", O_ACL, 1},
    {"grant-full-control", O_GRANT_FULL, 1},
    {"grant-read", O_GRANT_READ, 1},
    {"grant-read-acp", O_GRANT_READ_ACP, 1},
    {"grant-write-acp", O_GRANT_WRITE_ACP, 1},
    {"cache-control", O_CACHE_CONTROL, 1},
    {"content-type", O_CONTENT_TYPE, 1},
    {"content-disposition", O_CONTENT_DISPOSITION, 1},
    {"content-encoding", O_CONTENT_ENCODING, 1},
    {"content-language", O_CONTENT_LANGUAGE, 1},
    {"expires", O_EXPIRES, 1},
    {"metadata", O_METADATA, 1},
    {"tagging", O_TAGGING, 1},
    {"sse", O_SSE, 1},
    {"sse-kms-key-id", O_SSE_KMS_KEY_ID, 1},
    {"sse-kms-context", O_SSE_KMS_CONTEXT, 1},
    {"bucket-key-enabled", O_BUCKET_KEY, 0},
    {"sse-c-key", O_SSE_C_KEY, 1},
    {"storage-class", O_STORAGE_CLASS, 1},
    {"website-redirect", O_WEBSITE_REDIRECT, 1},
    {"object-lock-mode", O_LOCK_MODE, 1},
    {"object-lock-retain-until", O_LOCK_RETAIN, 1},
    {"object-lock-legal-hold", O_LEGAL_HOLD, 1},
    {"checksum-algorithm", O_CHECKSUM_ALG, 1},
    {"checksum-type", O_CHECKSUM_TYPE, 1},
    {"expected-bucket-owner", O_EXPECTED_OWNER, 1},
    {"request-payer", O_REQUEST_PAYER, 1},
    {"state", O_STATE, 1},
    {"restart", O_RESTART, 0},
    {"abort-on-failure", O_ABORT_ON_FAILURE, 0},
    {"retries", O_RETRIES, 1},
    {"concurrency", O_CONCURRENCY, 1},
    S3L_CLI_COMMON_OPTS,
};

/* The option's name for messages. */
static const char *opt_name(int id)
{
    size_t i;
    for (i = 0; i < sizeof cp_opts / sizeof cp_opts[0]; i++) {
        if (cp_opts[i].id == id) return cp_opts[i].name;
    }
    return "?";
}

/* A header value from the command line: printable, tab allowed, nothing else below 0x20. */
static int value_ok(const char *v)
{
    for (; *v != '\0'; v++) {
        unsigned char c = (unsigned char)*v;
        if ((c < 0x20 && c != '\t') || c == 0x7f) return 0;
    }
    return 1;
}

/* Store a single-valued string flag; refuses a second use and control bytes. */
static int set_once(const char **slot, int id, const char *v, char *err, size_t cap)
{
    if (*slot != NULL) {
        snprintf(err, cap, "--%s given twice", opt_name(id));
        return -1;
    }
    if (!value_ok(v)) {
        snprintf(err, cap, "--%s: the value holds a control character (CR, LF...)",
                 opt_name(id));
        return -1;
    }
    *slot = v;
    return 0;
}

static int set_enum(const char **slot, int id, const char *v, const char *const *names,
                    char *err, size_t cap)
{
    char list[256];
    if (set_once(slot, id, v, err, cap) != 0) return -1;
    if (!s3l_cli_in_list(v, names)) {
        s3l_cli_join_list(names, list, sizeof list);
        snprintf(err, cap, "--%s '%s': want one of %s", opt_name(id), v, list);
        return -1;
    }
    return 0;
}

static int set_time(int *has, int64_t *t, char iso[21], int id, const char *v, char *err,
                    size_t cap)
{
    if (*has) {
        snprintf(err, cap, "--%s given twice", opt_name(id));
        return -1;
    }
    if (s3l_cli_parse_iso8601(v, t) != 0) {
        snprintf(err, cap,
                 "--%s '%s': want an ISO 8601 UTC time such as 2030-01-10T00:04:06Z",
                 opt_name(id), v);
        return -1;
    }
    s3l_cli_format_iso8601(*t, iso);
    *has = 1;
    return 0;
}

static int add_metadata(struct s3l_cli_cp *cp, const char *v, char *err, size_t cap)
{
    const char *eq = strchr(v, '=');
    size_t klen, i;
    if (eq == NULL || eq == v) {
        snprintf(err, cap, "--metadata '%s': want KEY=VALUE", v);
        return -1;
    }
    klen = (size_t)(eq - v);
    if (!s3l_is_token(v, klen)) {
        snprintf(err, cap,
                 "--metadata '%s': the key must be an HTTP token (letters, digits, "
                 "!#$%%&'*+-.^_`|~)",
                 v);
        return -1;
    }
    if (!value_ok(eq + 1)) {
        snprintf(err, cap, "--metadata '%.*s': the value holds a control character", (int)klen,
                 v);
        return -1;
    }
    for (i = 0; i < cp->metadata_count; i++) {
        const struct s3l_cli_meta *m = &cp->metadata[i];
        if (m->key_len == klen && strncasecmp(m->key, v, klen) == 0) {
            snprintf(err, cap, "--metadata: key '%.*s' given twice (keys are case-insensitive)",
                     (int)klen, v);
            return -1;
        }
    }
    if (cp->metadata_count >= S3L_CLI_METADATA_MAX) {
        snprintf(err, cap, "--metadata given more than %d times", S3L_CLI_METADATA_MAX);
        return -1;
    }
    cp->metadata[cp->metadata_count].key = v;
    cp->metadata[cp->metadata_count].key_len = klen;
    cp->metadata[cp->metadata_count].value = eq + 1;
    cp->metadata_count++;
    return 0;
}

static int set_sse_c_key(struct s3l_cli_cp *cp, const char *v, char *err, size_t cap)
{
    if (set_once(&cp->sse_c_key, O_SSE_C_KEY, v, err, cap) != 0) return -1;
    return s3l_cli_sse_c_key(v, cp->sse_c_key_raw, cp->sse_c_key_md5, err, cap);
}

static int option(struct s3l_cli_cp *cp, int id, const char *v, char *err, size_t cap)
{
    switch (id) {
    case O_DRY_RUN: cp->dry_run = 1; return 0;
    case O_NO_PROGRESS: cp->no_progress = 1; return 0;
    case O_BUCKET_KEY: cp->bucket_key_enabled = 1; return 0;
    case O_RESTART: cp->restart = 1; return 0;
    case O_ABORT_ON_FAILURE: cp->abort_on_failure = 1; return 0;
    case O_STATE:
        if (set_once(&cp->state_file, id, v, err, cap) != 0) return -1;
        if (v[0] == '\0') {
            snprintf(err, cap, "--state: empty file name");
            return -1;
        }
        return 0;
    case O_CONCURRENCY: {
        char *end = NULL;
        unsigned long n;
        if (cp->concurrency > 0) {
            snprintf(err, cap, "--concurrency given twice");
            return -1;
        }
        n = strtoul(v, &end, 10);
        if (v[0] < '1' || v[0] > '9' || end == NULL || *end != '\0' || n < 1 ||
            n > S3L_CLI_CONCURRENCY_MAX) {
            snprintf(err, cap, "--concurrency '%s': want a number 1..%u", v,
                     S3L_CLI_CONCURRENCY_MAX);
            return -1;
        }
        cp->concurrency = (unsigned)n;
        return 0;
    }
    case O_RETRIES: {
        char *end = NULL;
        unsigned long n;
        if (cp->retries >= 0) {
            snprintf(err, cap, "--retries given twice");
            return -1;
        }
        n = strtoul(v, &end, 10);
        if (v[0] < '0' || v[0] > '9' || end == NULL || *end != '\0' || n > 100) {
            snprintf(err, cap, "--retries '%s': want a number 0..100", v);
            return -1;
        }
        cp->retries = (int)n;
        return 0;
    }
    case O_PART_SIZE:
        if (cp->part_size_given) {
            snprintf(err, cap, "--part-size given twice");
            return -1;
        }
        if (s3l_cli_parse_size(v, &cp->part_size) != 0) {
            snprintf(err, cap,
                     "--part-size '%s': want bytes, optionally with a suffix (8MiB, 8MB, 5242880)",
                     v);
            return -1;
        }
        cp->part_size_given = 1;
        return s3l_cli_check_part_size(cp->part_size, cp->allow_small_parts, err, cap);
    case O_PAYLOAD: {
        const char *p = NULL;
        size_t i;
        if (cp->payload != S3L_CLI_PAYLOAD_DEFAULT) {
            snprintf(err, cap, "--payload given twice");
            return -1;
        }
        if (set_enum(&p, id, v, s3l_cli_payload_names, err, cap) != 0) return -1;
        for (i = 0; s3l_cli_payload_names[i] != NULL; i++) {
            if (strcmp(v, s3l_cli_payload_names[i]) == 0) {
                cp->payload = S3L_CLI_PAYLOAD_SIGNED + (int)i;
            }
        }
        return 0;
    }
    case O_ACL: return set_enum(&cp->acl, id, v, s3l_cli_acl_names, err, cap);
    case O_GRANT_FULL:
    case O_GRANT_READ:
    case O_GRANT_READ_ACP:
    case O_GRANT_WRITE_ACP: {
        const char **slot = id == O_GRANT_FULL       ? &cp->grant_full_control
                            : id == O_GRANT_READ     ? &cp->grant_read
                            : id == O_GRANT_READ_ACP ? &cp->grant_read_acp
                                                     : &cp->grant_write_acp;
        if (set_once(slot, id, v, err, cap) != 0) return -1;
        if (s3l_cli_check_grants(v) != 0) {
            snprintf(err, cap,
                     "--%s '%s': want grantees such as id=\"ID\", uri=\"URI\" or "
                     "emailAddress=\"ADDR\", comma-separated",
                     opt_name(id), v);
            return -1;
        }
        return 0;
    }
    case O_CACHE_CONTROL: return set_once(&cp->cache_control, id, v, err, cap);
    case O_CONTENT_TYPE: return set_once(&cp->content_type, id, v, err, cap);
    case O_CONTENT_DISPOSITION: return set_once(&cp->content_disposition, id, v, err, cap);
    case O_CONTENT_ENCODING: return set_once(&cp->content_encoding, id, v, err, cap);
    case O_CONTENT_LANGUAGE: return set_once(&cp->content_language, id, v, err, cap);
    case O_EXPIRES: return set_time(&cp->has_expires, &cp->expires, cp->expires_iso, id, v, err, cap);
    case O_METADATA: return add_metadata(cp, v, err, cap);
    case O_TAGGING:
        if (set_once(&cp->tagging, id, v, err, cap) != 0) return -1;
        if (s3l_cli_check_tagging(v) != 0) {
            snprintf(err, cap,
                     "--tagging '%s': want k1=v1&k2=v2, URL-encoded (A-Z a-z 0-9 - . _ ~, %%XX, "
                     "+), at most 10 tags",
                     v);
            return -1;
        }
        return 0;
    case O_SSE: return set_enum(&cp->sse, id, v, s3l_cli_sse_names, err, cap);
    case O_SSE_KMS_KEY_ID:
        if (set_once(&cp->sse_kms_key_id, id, v, err, cap) != 0) return -1;
        if (v[0] == '\0') {
            snprintf(err, cap, "--sse-kms-key-id: empty");
            return -1;
        }
        return 0;
    case O_SSE_KMS_CONTEXT: {
        uint8_t tmp[2048];
        if (set_once(&cp->sse_kms_context, id, v, err, cap) != 0) return -1;
        if (s3l_cli_base64_decode(v, tmp, sizeof tmp) < 0) {
            snprintf(err, cap, "--sse-kms-context: want base64 of a JSON object (up to 2 KiB)");
            return -1;
        }
        if (tmp[0] != '{') {
            snprintf(err, cap,
                     "--sse-kms-context: the decoded value is not a JSON object (want "
                     "base64 of {\"k\":\"v\"})");
            return -1;
        }
        return 0;
    }
    case O_SSE_C_KEY: return set_sse_c_key(cp, v, err, cap);
    case O_STORAGE_CLASS:
        return set_enum(&cp->storage_class, id, v, s3l_cli_storage_class_names, err, cap);
    case O_WEBSITE_REDIRECT:
        if (set_once(&cp->website_redirect, id, v, err, cap) != 0) return -1;
        if (!(v[0] == '/' || strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0)) {
            snprintf(err, cap,
                     "--website-redirect '%s': want a location starting with /, http:// or "
                     "https://",
                     v);
            return -1;
        }
        return 0;
    case O_LOCK_MODE:
        return set_enum(&cp->object_lock_mode, id, v, s3l_cli_lock_mode_names, err, cap);
    case O_LOCK_RETAIN:
        return set_time(&cp->has_retain_until, &cp->retain_until, cp->retain_until_iso, id, v, err, cap);
    case O_LEGAL_HOLD:
        return set_enum(&cp->legal_hold, id, v, s3l_cli_legal_hold_names, err, cap);
    case O_CHECKSUM_ALG:
        return set_enum(&cp->checksum_algorithm, id, v, s3l_cli_checksum_alg_names, err, cap);
    case O_CHECKSUM_TYPE:
        return set_enum(&cp->checksum_type, id, v, s3l_cli_checksum_type_names, err, cap);
    case O_EXPECTED_OWNER:
        if (set_once(&cp->expected_bucket_owner, id, v, err, cap) != 0) return -1;
        if (v[0] == '\0') {
            snprintf(err, cap, "--expected-bucket-owner: empty");
            return -1;
        }
        return 0;
    case O_REQUEST_PAYER:
        return set_enum(&cp->request_payer, id, v, s3l_cli_request_payer_names, err, cap);
    default:
        snprintf(err, cap, "internal: option %d", id);
        return -1;
    }
}

/* Rules between flags, checked once all are known. */
static int cross_checks(struct s3l_cli_cp *cp, char *err, size_t cap)
{
    int is_crc = cp->checksum_algorithm != NULL && strncmp(cp->checksum_algorithm, "CRC", 3) == 0;
    if (cp->checksum_type != NULL && cp->checksum_algorithm == NULL) {
        snprintf(err, cap, "--checksum-type needs --checksum-algorithm");
        return -1;
    }
    if (cp->checksum_algorithm != NULL) {
        if (cp->checksum_type != NULL) {
            cp->full_object = strcmp(cp->checksum_type, "FULL_OBJECT") == 0;
        } else {
            cp->full_object = strcmp(cp->checksum_algorithm, "CRC64NVME") == 0;
        }
        if (cp->full_object && !is_crc) {
            snprintf(err, cap,
                     "--checksum-type FULL_OBJECT needs a CRC (CRC32, CRC32C, CRC64NVME), "
                     "not %s",
                     cp->checksum_algorithm);
            return -1;
        }
        if (!cp->full_object && strcmp(cp->checksum_algorithm, "CRC64NVME") == 0) {
            snprintf(err, cap, "--checksum-algorithm CRC64NVME works only with FULL_OBJECT");
            return -1;
        }
    }
    if ((cp->payload == S3L_CLI_PAYLOAD_STREAMING_TRAILER ||
         cp->payload == S3L_CLI_PAYLOAD_UNSIGNED_TRAILER) &&
        cp->checksum_algorithm == NULL) {
        snprintf(err, cap, "--payload %s needs --checksum-algorithm (the trailer carries it)",
                 s3l_cli_payload_names[cp->payload - S3L_CLI_PAYLOAD_SIGNED]);
        return -1;
    }
    if ((cp->sse_kms_key_id != NULL || cp->sse_kms_context != NULL) &&
        (cp->sse == NULL || strncmp(cp->sse, "aws:kms", 7) != 0)) {
        snprintf(err, cap, "--sse-kms-key-id and --sse-kms-context need --sse aws:kms or "
                           "aws:kms:dsse");
        return -1;
    }
    if (cp->sse_c_key != NULL && cp->sse != NULL) {
        snprintf(err, cap, "--sse-c-key and --sse exclude each other (SSE-C or SSE-S3/KMS)");
        return -1;
    }
    if ((cp->object_lock_mode != NULL) != (cp->has_retain_until != 0)) {
        snprintf(err, cap,
                 "--object-lock-mode and --object-lock-retain-until go together (S3 needs both)");
        return -1;
    }
    if ((cp->restart || cp->abort_on_failure) && cp->state_file == NULL) {
        snprintf(err, cap, "--%s needs --state FILE", cp->restart ? "restart" : "abort-on-failure");
        return -1;
    }
    if (cp->state_file != NULL && !cp->upload) {
        snprintf(err, cap, "--state applies to uploads only (this cp is a download)");
        return -1;
    }
    if (cp->state_file != NULL && cp->from_stdin) {
        snprintf(err, cap, "--state needs a FILE: stdin (a pipe) cannot be read again to resume");
        return -1;
    }
    if (!cp->upload) {
        /* Flags that only shape a new object make no sense for a download: say so. */
        static const int upload_only[] = {
            O_PART_SIZE,      O_PAYLOAD,        O_ACL,           O_GRANT_FULL,
            O_GRANT_READ,     O_GRANT_READ_ACP, O_GRANT_WRITE_ACP, O_CACHE_CONTROL,
            O_CONTENT_TYPE,   O_CONTENT_DISPOSITION, O_CONTENT_ENCODING, O_CONTENT_LANGUAGE,
            O_EXPIRES,        O_METADATA,       O_TAGGING,       O_SSE,
            O_SSE_KMS_KEY_ID, O_SSE_KMS_CONTEXT, O_BUCKET_KEY,   O_STORAGE_CLASS,
            O_WEBSITE_REDIRECT, O_LOCK_MODE,    O_LOCK_RETAIN,   O_LEGAL_HOLD,
            O_CHECKSUM_ALG,   O_CHECKSUM_TYPE};
        int given[sizeof upload_only / sizeof upload_only[0]];
        size_t i;
        given[0] = cp->part_size_given;
        given[1] = cp->payload != S3L_CLI_PAYLOAD_DEFAULT;
        given[2] = cp->acl != NULL;
        given[3] = cp->grant_full_control != NULL;
        given[4] = cp->grant_read != NULL;
        given[5] = cp->grant_read_acp != NULL;
        given[6] = cp->grant_write_acp != NULL;
        given[7] = cp->cache_control != NULL;
        given[8] = cp->content_type != NULL;
        given[9] = cp->content_disposition != NULL;
        given[10] = cp->content_encoding != NULL;
        given[11] = cp->content_language != NULL;
        given[12] = cp->has_expires;
        given[13] = cp->metadata_count > 0;
        given[14] = cp->tagging != NULL;
        given[15] = cp->sse != NULL;
        given[16] = cp->sse_kms_key_id != NULL;
        given[17] = cp->sse_kms_context != NULL;
        given[18] = cp->bucket_key_enabled;
        given[19] = cp->storage_class != NULL;
        given[20] = cp->website_redirect != NULL;
        given[21] = cp->object_lock_mode != NULL;
        given[22] = cp->has_retain_until;
        given[23] = cp->legal_hold != NULL;
        given[24] = cp->checksum_algorithm != NULL;
        given[25] = cp->checksum_type != NULL;
        for (i = 0; i < sizeof given / sizeof given[0]; i++) {
            if (given[i]) {
                snprintf(err, cap, "--%s applies to uploads only (this cp is a download)",
                         opt_name(upload_only[i]));
                return -1;
            }
        }
    }
    return 0;
}

void s3l_cli_cp_wipe(struct s3l_cli_cp *cp)
{
    s3l_wipe(cp->sse_c_key_raw, sizeof cp->sse_c_key_raw);
}

static int hexd(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int s3l_cli_check_tagging(const char *s)
{
    unsigned tags = 0;
    const char *p = s;
    for (;;) {
        size_t klen = 0;
        int in_value = 0;
        tags++;
        while (*p != '\0' && *p != '&') {
            char c = *p;
            if (c == '=' && !in_value) {
                in_value = 1;
                p++;
                continue;
            }
            if (c == '%') {
                if (!hexd(p[1]) || !hexd(p[2])) return -1;
                p += 3;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '+') {
                p++;
            } else {
                return -1;
            }
            if (!in_value) klen++;
        }
        if (klen == 0 || tags > 10) return -1;
        if (*p == '\0') return 0;
        p++; /* '&' */
    }
}

int s3l_cli_cp_parse(int argc, char **argv, const char *(*getenv_fn)(const char *),
                     struct s3l_cli_cp *cp, char *err, size_t err_cap)
{
    struct s3l_cli_args a;
    const char *v, *pos[2];
    const char *small;
    int npos = 0, id;
    memset(cp, 0, sizeof *cp);
    s3l_cli_conf_from_env(&cp->conf, getenv_fn);
    small = getenv_fn != NULL ? getenv_fn("S3L_ALLOW_SMALL_PARTS")
                              : getenv("S3L_ALLOW_SMALL_PARTS");
    cp->allow_small_parts = small != NULL && strcmp(small, "1") == 0;
    cp->part_size = S3L_CLI_PART_DEFAULT;
    cp->retries = -1;
    s3l_cli_args_init(&a, argc, argv, cp_opts, sizeof cp_opts / sizeof cp_opts[0]);
    while ((id = s3l_cli_next(&a, &v)) != S3L_CLI_END) {
        int r;
        if (id == S3L_CLI_HELP) return 1;
        if (id == S3L_CLI_ERROR) {
            snprintf(err, err_cap, "%s", a.err);
            return -1;
        }
        if (id == S3L_CLI_POSITIONAL) {
            if (npos == 2) {
                snprintf(err, err_cap, "too many arguments ('%s'): want SOURCE DESTINATION", v);
                return -1;
            }
            pos[npos++] = v;
            continue;
        }
        r = s3l_cli_conf_option(&cp->conf, id, v, err, err_cap);
        if (r < 0) return -1;
        if (r > 0) continue;
        if (option(cp, id, v, err, err_cap) != 0) return -1;
    }
    if (npos < 2) {
        snprintf(err, err_cap, "want SOURCE and DESTINATION: cp FILE|- s3://BUCKET/KEY or "
                               "cp s3://BUCKET/KEY FILE|-");
        return -1;
    }
    cp->src = pos[0];
    cp->dst = pos[1];
    {
        int s3src = strncmp(cp->src, "s3://", 5) == 0, s3dst = strncmp(cp->dst, "s3://", 5) == 0;
        if (s3src == s3dst) {
            snprintf(err, err_cap,
                     s3src ? "copying between two s3:// URLs is not supported"
                           : "one of SOURCE and DESTINATION must be an s3:// URL");
            return -1;
        }
        cp->upload = s3dst;
        if (s3l_cli_parse_s3url(cp->upload ? cp->dst : cp->src, &cp->url, err, err_cap) != 0) {
            return -1;
        }
        if (cp->upload) {
            cp->from_stdin = strcmp(cp->src, "-") == 0;
            if (cp->from_stdin && (cp->url.key_len == 0 || cp->url.key[cp->url.key_len - 1] == '/')) {
                snprintf(err, err_cap, "'%s': uploading stdin needs a full key (s3://BUCKET/KEY)",
                         cp->dst);
                return -1;
            }
        } else if (cp->url.key_len == 0) {
            snprintf(err, err_cap, "'%s': no key to download", cp->src);
            return -1;
        }
        if (cp->src[0] == '\0' || cp->dst[0] == '\0') {
            snprintf(err, err_cap, "empty file name");
            return -1;
        }
    }
    if (cross_checks(cp, err, err_cap) != 0) return -1;
    if (cp->payload == S3L_CLI_PAYLOAD_DEFAULT) cp->payload = S3L_CLI_PAYLOAD_SIGNED;
    return 0;
}
