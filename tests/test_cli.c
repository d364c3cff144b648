/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the s3lite CLI's parsing layer (boards/posix/cli_common.c, cmd_cp_opts.c):
 * option walking, every cp flag accepted and refused, ISO 8601, HTTP-date, size suffixes,
 * part planning, s3:// and endpoint URLs (IPv6), configuration from the environment, and
 * the progress line. The --dry-run heads are checked by running build/s3lite (see
 * test_dryrun() at the end).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cli_common.h"
#include "harness.h"
#include "s3lite/transport.h"
#include "util_file.h"

/* argv strings are mutable char * in C; literals are const under -Wwrite-strings. */
#define S(lit) ((char *)(uintptr_t)(lit))

/* ---- a fake environment ------------------------------------------------------------------ */

static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
    size_t n = strlen(name);
    const char *const *e;
    for (e = fake_env; e != NULL && *e != NULL; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
    }
    return NULL;
}

/* ---- option walking ------------------------------------------------------------------------- */

static void test_args(void)
{
    static const struct s3l_cli_opt opts[] = {{"name", 1, 1}, {"flag", 2, 0}, S3L_CLI_COMMON_OPTS};
    char *argv[] = {S("cmd"), S("a"), S("--name"), S("v1"), S("--flag"), S("--name=v=2"), S("-"), S("--"), S("--flag"),
                    NULL};
    struct s3l_cli_args a;
    const char *v;
    s3l_cli_args_init(&a, 9, argv, opts, sizeof opts / sizeof opts[0]);
    CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_POSITIONAL);
    CHECK_EQ_STR(v, "a");
    CHECK_EQ_INT(s3l_cli_next(&a, &v), 1);
    CHECK_EQ_STR(v, "v1");
    CHECK_EQ_INT(s3l_cli_next(&a, &v), 2);
    CHECK(v == NULL);
    CHECK_EQ_INT(s3l_cli_next(&a, &v), 1);
    CHECK_EQ_STR(v, "v=2");
    CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_POSITIONAL);
    CHECK_EQ_STR(v, "-");
    CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_POSITIONAL); /* "--" then "--flag" */
    CHECK_EQ_STR(v, "--flag");
    CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_END);

    {
        char *b1[] = {S("cmd"), S("--name"), NULL};
        s3l_cli_args_init(&a, 2, b1, opts, sizeof opts / sizeof opts[0]);
        CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_ERROR);
        CHECK(strstr(a.err, "--name needs a value") != NULL);
    }
    {
        char *b2[] = {S("cmd"), S("--flag=1"), NULL};
        s3l_cli_args_init(&a, 2, b2, opts, sizeof opts / sizeof opts[0]);
        CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_ERROR);
        CHECK(strstr(a.err, "--flag is a switch") != NULL);
    }
    {
        char *b3[] = {S("cmd"), S("--nope"), NULL};
        s3l_cli_args_init(&a, 2, b3, opts, sizeof opts / sizeof opts[0]);
        CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_ERROR);
        CHECK(strstr(a.err, "'--nope'") != NULL);
    }
    {
        char *b4[] = {S("cmd"), S("-x"), NULL};
        s3l_cli_args_init(&a, 2, b4, opts, sizeof opts / sizeof opts[0]);
        CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_ERROR);
    }
    {
        char *b5[] = {S("cmd"), S("-h"), NULL};
        s3l_cli_args_init(&a, 2, b5, opts, sizeof opts / sizeof opts[0]);
        CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_HELP);
    }
    {
        /* a prefix of an option name is not that option */
        char *b6[] = {S("cmd"), S("--nam"), S("x"), NULL};
        s3l_cli_args_init(&a, 3, b6, opts, sizeof opts / sizeof opts[0]);
        CHECK_EQ_INT(s3l_cli_next(&a, &v), S3L_CLI_ERROR);
    }
}

/* ---- configuration --------------------------------------------------------------------------- */

static void test_conf(void)
{
    struct s3l_cli_conf c;
    char err[S3L_CLI_ERR_MAX];
    static const char *const env1[] = {"AWS_ACCESS_KEY_ID=AK",
                                       "AWS_SECRET_ACCESS_KEY=SK",
                                       "AWS_SESSION_TOKEN=",
                                       "AWS_DEFAULT_REGION=eu-west-1",
                                       "AWS_ENDPOINT_URL=http://127.0.0.1:7480",
                                       "AWS_CA_BUNDLE=/tmp/ca.pem",
                                       NULL};
    static const char *const env2[] = {"AWS_REGION=us-west-2", "AWS_DEFAULT_REGION=eu-west-1",
                                       "AWS_SESSION_TOKEN=tok", NULL};
    static const char *const env3[] = {NULL};

    fake_env = env1;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK_EQ_STR(c.access_key_id, "AK");
    CHECK_EQ_STR(c.secret_access_key, "SK");
    CHECK(c.session_token == NULL); /* empty = unset */
    CHECK_EQ_STR(c.region, "eu-west-1");
    CHECK_EQ_STR(c.endpoint_url, "http://127.0.0.1:7480");
    CHECK_EQ_STR(c.ca_bundle, "/tmp/ca.pem");
    CHECK_EQ_INT(c.no_verify_ssl, 0);
    CHECK_EQ_INT(s3l_cli_conf_need_credentials(&c, err, sizeof err), 0);

    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_REGION, "ap-south-1", err, sizeof err), 1);
    CHECK_EQ_STR(c.region, "ap-south-1");
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_REGION, "bad region", err, sizeof err), -1);
    CHECK(strstr(err, "--region") != NULL);
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_ENDPOINT_URL, "ftp://x", err, sizeof err),
                 -1);
    CHECK(strstr(err, "http://") != NULL);
    CHECK_EQ_INT(
        s3l_cli_conf_option(&c, S3L_CLI_OPT_ENDPOINT_URL, "https://[::1]:9000", err, sizeof err),
        1);
    CHECK_EQ_STR(c.endpoint_url, "https://[::1]:9000");
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_NO_VERIFY_SSL, NULL, err, sizeof err), 1);
    CHECK_EQ_INT(c.no_verify_ssl, 1);
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_CA_BUNDLE, "/x.pem", err, sizeof err), 1);
    CHECK_EQ_STR(c.ca_bundle, "/x.pem");
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_CA_BUNDLE, "", err, sizeof err), -1);
    CHECK_EQ_INT(s3l_cli_conf_option(&c, 5, "x", err, sizeof err), 0);

    fake_env = env2;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK_EQ_STR(c.region, "us-west-2"); /* AWS_REGION wins over AWS_DEFAULT_REGION */
    CHECK_EQ_STR(c.session_token, "tok");
    CHECK(c.endpoint_url == NULL);
    CHECK_EQ_INT(s3l_cli_conf_need_credentials(&c, err, sizeof err), -1);
    CHECK(strstr(err, "AWS_ACCESS_KEY_ID") != NULL);

    fake_env = env3;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK_EQ_STR(c.region, "us-east-1");
    c.access_key_id = "AK";
    CHECK_EQ_INT(s3l_cli_conf_need_credentials(&c, err, sizeof err), -1);
    CHECK(strstr(err, "AWS_SECRET_ACCESS_KEY") != NULL);
}

/* The credentials chain: the IoT options (all or none), then the keys, then the container
 * endpoint; and the provider addresses. */
static void test_credentials_source(void)
{
    struct s3l_cli_conf c;
    struct s3l_cli_endpoint ep;
    char err[S3L_CLI_ERR_MAX], path[64];
    static const char *const env_keys_and_container[] = {
        "AWS_ACCESS_KEY_ID=AK", "AWS_SECRET_ACCESS_KEY=SK",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:7959/v2/credentials",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN=tok", NULL};
    static const char *const env_container[] = {
        "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:7959/v2/credentials", NULL};
    static const char *const env_remote_http[] = {
        "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials", NULL};
    static const char *const env_none[] = {NULL};
    static const struct {
        int id;
        const char *value;
    } iot[] = {{S3L_CLI_OPT_IOT_ENDPOINT, "x.credentials.iot.eu-west-1.amazonaws.com"},
               {S3L_CLI_OPT_ROLE_ALIAS, "s3-writer"},
               {S3L_CLI_OPT_THING_NAME, "sensor-17"},
               {S3L_CLI_OPT_CERT, "/d/device.crt"},
               {S3L_CLI_OPT_KEY, "/d/device.key"}};
    size_t i;

    fake_env = env_keys_and_container;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK_EQ_STR(c.container_uri, "http://127.0.0.1:7959/v2/credentials");
    CHECK_EQ_STR(c.container_token, "tok");
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), S3L_CLI_CREDS_ENV);
    /* each IoT option but the last: a usage error naming the next missing one */
    for (i = 0; i < sizeof iot / sizeof iot[0]; i++) {
        CHECK_EQ_INT(s3l_cli_conf_option(&c, iot[i].id, iot[i].value, err, sizeof err), 1);
        if (i + 1 < sizeof iot / sizeof iot[0]) {
            CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), -1);
            CHECK(strstr(err, "missing") != NULL);
            CHECK_EQ_INT(s3l_cli_conf_need_credentials(&c, err, sizeof err), -1);
        }
    }
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), S3L_CLI_CREDS_IOT);
    CHECK_EQ_INT(s3l_cli_conf_need_credentials(&c, err, sizeof err), 0);
    CHECK_EQ_STR(c.iot_key, "/d/device.key");
    c.iot_endpoint = NULL;
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), -1);
    CHECK(strstr(err, "--iot-credentials-endpoint is missing") != NULL);
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_IOT_ENDPOINT, "https://x", err, sizeof err),
                 -1);
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_IOT_ENDPOINT, "h:99999", err, sizeof err),
                 -1);
    CHECK_EQ_INT(s3l_cli_conf_option(&c, S3L_CLI_OPT_ROLE_ALIAS, "", err, sizeof err), -1);

    fake_env = env_container;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK(c.container_token == NULL);
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), S3L_CLI_CREDS_CONTAINER);
    fake_env = env_remote_http;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), -1);
    CHECK(strstr(err, "127.0.0.0/8") != NULL);
    fake_env = env_none;
    s3l_cli_conf_from_env(&c, fake_getenv);
    CHECK_EQ_INT(s3l_cli_conf_credentials_source(&c, err, sizeof err), -1);
    CHECK(strstr(err, "AWS_CONTAINER_CREDENTIALS_FULL_URI") != NULL);

    CHECK_EQ_INT(s3l_cli_parse_iot_endpoint("abc.iot.amazonaws.com", &ep, err, sizeof err), 0);
    CHECK_EQ_INT(ep.https, 1);
    CHECK_EQ_INT(ep.port, 443);
    CHECK_EQ_INT(s3l_cli_parse_iot_endpoint("127.0.0.1:7958", &ep, err, sizeof err), 0);
    CHECK_EQ_STR(ep.authority, "127.0.0.1:7958");
    CHECK_EQ_INT(s3l_cli_parse_iot_endpoint("h/x", &ep, err, sizeof err), -1);
    CHECK_EQ_INT(s3l_cli_parse_iot_endpoint("", &ep, err, sizeof err), -1);

    CHECK_EQ_INT(s3l_cli_parse_container_uri("http://127.0.0.1:7959/v2/credentials?a=1", &ep,
                                             path, sizeof path, err, sizeof err),
                 0);
    CHECK_EQ_STR(ep.host, "127.0.0.1");
    CHECK_EQ_INT(ep.port, 7959);
    CHECK_EQ_STR(path, "/v2/credentials?a=1");
    CHECK_EQ_INT(s3l_cli_parse_container_uri("http://127.255.0.9", &ep, path, sizeof path, err,
                                             sizeof err),
                 0);
    CHECK_EQ_STR(path, "/");
    CHECK_EQ_INT(s3l_cli_parse_container_uri("https://creds.example.com/x", &ep, path,
                                             sizeof path, err, sizeof err),
                 0);
    {
        static const char *const refused[] = {
            "http://128.0.0.1/x", "http://127.0.0.1.evil.com/x", "http://127.0.0/x",
            "http://127.0.0.256/x", "http://localhost/x", "http://[::1]/x",
            "ftp://127.0.0.1/x", "http://127.0.0.1/a b", "http://127.0.0.1/a#f", "127.0.0.1/x"};
        for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
            CHECK_EQ_INT(s3l_cli_parse_container_uri(refused[i], &ep, path, sizeof path, err,
                                                     sizeof err),
                         -1);
        }
    }
    CHECK_EQ_INT(s3l_cli_parse_container_uri("http://127.0.0.1/0123456789012345678901234567890"
                                             "123456789012345678901234567890123456789",
                                             &ep, path, sizeof path, err, sizeof err),
                 -1);
}

/* ---- URLs -------------------------------------------------------------------------------------- */

static void test_s3url(void)
{
    struct s3l_cli_s3url u;
    char err[S3L_CLI_ERR_MAX];
    char longkey[5 + 1 + 1 + 1025 + 1];
    static const struct {
        const char *url, *bucket, *key;
    } good[] = {
        {"s3://b/k", "b", "k"},
        {"s3://my-bucket/dir/file.txt", "my-bucket", "dir/file.txt"},
        {"s3://bkt/a key with  spaces", "bkt", "a key with  spaces"},
        {"s3://bkt/\xc3\xa9t\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac.log", "bkt",
         "\xc3\xa9t\xc3\xa9/\xe6\x97\xa5\xe6\x9c\xac.log"},
        {"s3://bkt/a%20b+c", "bkt", "a%20b+c"}, /* taken as given, not decoded */
        {"s3://bkt", "bkt", ""},
        {"s3://bkt/", "bkt", ""},
        {"s3://bkt//double", "bkt", "/double"},
        {"s3://Legacy_Bucket.1/k", "Legacy_Bucket.1", "k"},
        /* control bytes are key bytes (S3 accepts them; they travel URI-encoded) */
        {"s3://b/k\tx", "b", "k\tx"},
        {"s3://b/k\r\nX", "b", "k\r\nX"},
    };
    static const char *const bad[] = {
        "b/k", "S3://b/k", "s3:/b/k", "s3://", "s3:///k", "s3://b b/k", "s3://b\x01/k",
        "http://b/k", "s3://b:1/k",
    };
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECKF(s3l_cli_parse_s3url(good[i].url, &u, err, sizeof err) == 0, "%s: %s",
               good[i].url, err);
        CHECKF(u.bucket_len == strlen(good[i].bucket) &&
                   memcmp(u.bucket, good[i].bucket, u.bucket_len) == 0,
               "%s bucket", good[i].url);
        CHECKF(u.key_len == strlen(good[i].key) && strcmp(u.key, good[i].key) == 0, "%s key",
               good[i].url);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECKF(s3l_cli_parse_s3url(bad[i], &u, err, sizeof err) == -1, "%s accepted", bad[i]);
        CHECK(err[0] != '\0');
    }
    /* 1024-byte key ok, 1025 refused */
    memcpy(longkey, "s3://b/", 7);
    memset(longkey + 7, 'k', 1025);
    longkey[7 + 1025] = '\0';
    CHECK_EQ_INT(s3l_cli_parse_s3url(longkey, &u, err, sizeof err), -1);
    CHECK(strstr(err, "1024") != NULL);
    longkey[7 + 1024] = '\0';
    CHECK_EQ_INT(s3l_cli_parse_s3url(longkey, &u, err, sizeof err), 0);
    CHECK_EQ_INT(u.key_len, 1024);
}

static void test_endpoint(void)
{
    struct s3l_cli_endpoint e;
    struct s3l_cli_conf c;
    char err[S3L_CLI_ERR_MAX];
    static const struct {
        const char *url;
        int https, ipv6;
        const char *host;
        unsigned port;
        const char *authority;
    } good[] = {
        {"http://127.0.0.1:7480", 0, 0, "127.0.0.1", 7480, "127.0.0.1:7480"},
        {"http://127.0.0.1:7480/", 0, 0, "127.0.0.1", 7480, "127.0.0.1:7480"},
        {"https://s3.example.com", 1, 0, "s3.example.com", 443, "s3.example.com"},
        {"https://s3.example.com:443", 1, 0, "s3.example.com", 443, "s3.example.com"},
        {"http://localhost", 0, 0, "localhost", 80, "localhost"},
        {"http://localhost:80", 0, 0, "localhost", 80, "localhost"},
        {"https://minio:9000", 1, 0, "minio", 9000, "minio:9000"},
        {"http://[::1]:7480", 0, 1, "::1", 7480, "[::1]:7480"},
        {"https://[::1]", 1, 1, "::1", 443, "[::1]"},
        {"http://[fe80::1:2]:8080/", 0, 1, "fe80::1:2", 8080, "[fe80::1:2]:8080"},
        {"http://[::ffff:127.0.0.1]:81", 0, 1, "::ffff:127.0.0.1", 81, "[::ffff:127.0.0.1]:81"},
    };
    static const char *const bad[] = {
        "127.0.0.1:7480", "ftp://x", "http://", "http://:80", "http://h:0", "http://h:65536",
        "http://h:x", "http://h:80/path", "http://h?x=1", "http://[::1", "http://[]:80",
        "http://[1.2.3.4]:80", "http://[::1]x", "http://h o", "HTTP://h",
    };
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECKF(s3l_cli_parse_endpoint(good[i].url, &e, err, sizeof err) == 0, "%s: %s",
               good[i].url, err);
        CHECKF(e.https == good[i].https && e.ipv6 == good[i].ipv6 && e.port == good[i].port,
               "%s: https %d ipv6 %d port %u", good[i].url, e.https, e.ipv6, (unsigned)e.port);
        CHECK_EQ_STR(e.host, good[i].host);
        CHECK_EQ_STR(e.authority, good[i].authority);
        CHECK_EQ_INT(e.path_style, 1);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        CHECKF(s3l_cli_parse_endpoint(bad[i], &e, err, sizeof err) == -1, "%s accepted",
               bad[i]);
        CHECK(strstr(err, "endpoint") != NULL);
    }
    /* default AWS endpoint: virtual-hosted, region in the host */
    memset(&c, 0, sizeof c);
    c.region = "eu-central-1";
    CHECK_EQ_INT(s3l_cli_resolve_endpoint(&c, &e, err, sizeof err), 0);
    CHECK_EQ_STR(e.host, "s3.eu-central-1.amazonaws.com");
    CHECK_EQ_INT(e.path_style, 0);
    CHECK_EQ_INT(e.https, 1);
    CHECK_EQ_INT(e.port, 443);
    c.endpoint_url = "http://[::1]:7480";
    CHECK_EQ_INT(s3l_cli_resolve_endpoint(&c, &e, err, sizeof err), 0);
    CHECK_EQ_INT(e.path_style, 1);
    CHECK_EQ_STR(e.authority, "[::1]:7480");

    CHECK(s3l_cli_bucket_dns_ok("my-bucket", 9));
    CHECK(!s3l_cli_bucket_dns_ok("my.bucket", 9));
    CHECK(!s3l_cli_bucket_dns_ok("My-Bucket", 9));
    CHECK(!s3l_cli_bucket_dns_ok("ab", 2));
    CHECK(!s3l_cli_bucket_dns_ok("-ab", 3));
}

/* ---- times ------------------------------------------------------------------------------------- */

static void test_times(void)
{
    int64_t t = 0;
    char http[30], iso[21 + 1], amz[17 + 1];
    static const struct {
        const char *s;
        int64_t t;
    } good[] = {
        {"2030-01-10T00:04:06Z", 1894233846},
        {"2030-01-10T00:04:06.123Z", 1894233846},
        {"2030-01-10T00:04:06,5Z", 1894233846},
        {"2030-01-10T00:04Z", 1894233840},
        {"2030-01-10t00:04:06z", 1894233846},
        {"2030-01-10T02:04:06+02:00", 1894233846},
        {"2030-01-09T19:04:06-0500", 1894233846},
        {"20300110T000406Z", 1894233846},
        {"2030-01-10", 1894233600},
        {"1970-01-01T00:00:00Z", 0},
        {"2000-02-29T12:00:00Z", 951825600},
        {"2024-02-29T00:00:00Z", 1709164800},
        {"9999-12-31T23:59:59Z", 253402300799},
    };
    static const char *const bad[] = {
        "",
        "2030-01-10T00:04:06",   /* no zone */
        "2030-01-10 00:04:06Z",  /* space */
        "2030-1-10T00:04:06Z",
        "2030-13-10T00:04:06Z",
        "2030-00-10T00:04:06Z",
        "2030-02-29T00:00:00Z",  /* not a leap year */
        "1900-02-29T00:00:00Z",
        "2030-04-31T00:00:00Z",
        "2030-01-10T24:00:00Z",
        "2030-01-10T23:60:00Z",
        "2030-01-10T23:59:60Z",
        "2030-01-10T00:04:06Zjunk",
        "2030-01-10T00:04:06+2",
        "2030-01-10T00:04:06+24:00",
        "1969-12-31T23:59:59Z",
        "1970-01-01T00:30:00+01:00", /* before the epoch once converted */
        "2030-01-10T00:04:06.Z",
        "20300110T000406",
        "tomorrow",
    };
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        t = -1;
        CHECKF(s3l_cli_parse_iso8601(good[i].s, &t) == 0 && t == good[i].t, "%s -> %lld",
               good[i].s, (long long)t);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECKF(s3l_cli_parse_iso8601(bad[i], &t) == -1, "'%s' accepted", bad[i]);
    }
    memset(http, 'G', sizeof http);
    s3l_cli_format_http_date(1894233846, http);
    CHECK_EQ_STR(http, "Thu, 10 Jan 2030 00:04:06 GMT");
    s3l_cli_format_http_date(0, http);
    CHECK_EQ_STR(http, "Thu, 01 Jan 1970 00:00:00 GMT");
    s3l_cli_format_http_date(951825600, http);
    CHECK_EQ_STR(http, "Tue, 29 Feb 2000 12:00:00 GMT");
    s3l_cli_format_http_date(1784505600 + 86400 * 3, http); /* 2026-07-23 is a Thursday */
    CHECK_EQ_STR(http, "Thu, 23 Jul 2026 00:00:00 GMT");
    iso[21] = 'G';
    s3l_cli_format_iso8601(1894233846, iso);
    CHECK_EQ_STR(iso, "2030-01-10T00:04:06Z");
    CHECK(iso[21] == 'G');
    amz[17] = 'G';
    s3l_cli_format_amz_date(1894233846, amz);
    CHECK_EQ_STR(amz, "20300110T000406Z");
    CHECK(amz[17] == 'G');
    s3l_cli_format_iso8601(253402300799, iso);
    CHECK_EQ_STR(iso, "9999-12-31T23:59:59Z");
    /* round trip over a spread of days */
    for (i = 0; i < 4000; i++) {
        int64_t d = (int64_t)i * 977, y;
        unsigned m, dd;
        s3l_cli_civil_from_days(d, &y, &m, &dd);
        if (s3l_cli_days_from_civil(y, m, dd) != d) {
            CHECKF(0, "day %lld", (long long)d);
            break;
        }
    }
    CHECK(i == 4000);
}

/* ---- sizes and part planning ------------------------------------------------------------------- */

static void test_sizes(void)
{
    uint64_t v = 0;
    char err[S3L_CLI_ERR_MAX];
    struct s3l_cli_plan p;
    static const struct {
        const char *s;
        uint64_t v;
    } good[] = {
        {"0", 0},
        {"5242880", 5242880},
        {"5MiB", 5242880},
        {"5MB", 5242880},
        {"5mb", 5242880},
        {"5M", 5242880},
        {"8MiB", 8388608},
        {"512KiB", 524288},
        {"512kb", 524288},
        {"512K", 524288},
        {"1GiB", 1073741824},
        {"1G", 1073741824},
        {"2TiB", (uint64_t)2 << 40},
        {"100B", 100},
        {"100b", 100},
        {"18446744073709551615", UINT64_MAX},
    };
    static const char *const bad[] = {"",   "MiB", "5 MiB", "5MiBs", "5Q",  "-5",
                                      "5.5MiB", "0x10", "18446744073709551616", "16777216TiB",
                                      " 5", "5Mi"};
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        v = 1;
        CHECKF(s3l_cli_parse_size(good[i].s, &v) == 0 && v == good[i].v, "%s -> %llu",
               good[i].s, (unsigned long long)v);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECKF(s3l_cli_parse_size(bad[i], &v) == -1, "'%s' accepted", bad[i]);
    }

    CHECK_EQ_INT(s3l_cli_check_part_size(5242880, 0, err, sizeof err), 0);
    CHECK_EQ_INT(s3l_cli_check_part_size(5242879, 0, err, sizeof err), -1);
    CHECK(strstr(err, "--part-size") != NULL && strstr(err, "S3L_ALLOW_SMALL_PARTS") != NULL);
    CHECK_EQ_INT(s3l_cli_check_part_size(5242879, 1, err, sizeof err), 0);
    CHECK_EQ_INT(s3l_cli_check_part_size(1, 1, err, sizeof err), 0);
    CHECK_EQ_INT(s3l_cli_check_part_size(0, 1, err, sizeof err), -1);
    CHECK_EQ_INT(s3l_cli_check_part_size((uint64_t)5 << 30, 0, err, sizeof err), 0);
    CHECK_EQ_INT(s3l_cli_check_part_size(((uint64_t)5 << 30) + 1, 0, err, sizeof err), -1);
    CHECK(strstr(err, "5 GiB") != NULL);

    /* one PutObject up to and including the part size */
    CHECK_EQ_INT(s3l_cli_plan_upload(0, 8 << 20, 0, &p, err, sizeof err), 0);
    CHECK(p.multipart == 0 && p.parts == 1 && p.last_part == 0);
    CHECK_EQ_INT(s3l_cli_plan_upload(8 << 20, 8 << 20, 0, &p, err, sizeof err), 0);
    CHECK(p.multipart == 0 && p.parts == 1 && p.last_part == (8 << 20));
    CHECK_EQ_INT(s3l_cli_plan_upload((8 << 20) + 1, 8 << 20, 0, &p, err, sizeof err), 0);
    CHECK(p.multipart == 1 && p.parts == 2 && p.last_part == 1 && p.part_size == (8 << 20));
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)64 << 20, 5 << 20, 1, &p, err, sizeof err), 0);
    CHECK(p.multipart == 1 && p.parts == 13 && p.last_part == ((uint64_t)4 << 20));
    /* 10000 parts exactly fit */
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)10000 * (5 << 20), 5 << 20, 1, &p, err,
                                     sizeof err),
                 0);
    CHECK(p.parts == 10000 && p.last_part == (5 << 20));
    /* one byte more: refused when --part-size was given, raised otherwise */
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)10000 * (5 << 20) + 1, 5 << 20, 1, &p, err,
                                     sizeof err),
                 -1);
    CHECK(strstr(err, "--part-size 6MiB") != NULL);
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)10000 * (5 << 20) + 1, 5 << 20, 0, &p, err,
                                     sizeof err),
                 0);
    CHECK(p.part_size == (6 << 20) && p.parts <= 10000 && p.multipart == 1);
    CHECK((uint64_t)(p.parts - 1) * p.part_size + p.last_part ==
          (uint64_t)10000 * (5 << 20) + 1);
    /* 1 TiB with the default 8 MiB part: raised to 105 MiB */
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)1 << 40, 8 << 20, 0, &p, err, sizeof err), 0);
    CHECK(p.part_size == ((uint64_t)105 << 20) && p.parts <= 10000);
    /* over 5 TiB: refused (6 TiB used to pass: the cap was 10000 x 5 GiB); 5 TiB is fine */
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)10000 * ((uint64_t)5 << 30) + 1, 8 << 20, 0, &p,
                                     err, sizeof err),
                 -1);
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)6 << 40, 8 << 20, 0, &p, err, sizeof err), -1);
    CHECK(strstr(err, "5 TiB") != NULL);
    CHECK_EQ_INT(s3l_cli_plan_upload(((uint64_t)5 << 40) + 1, 8 << 20, 0, &p, err, sizeof err), -1);
    CHECK_EQ_INT(s3l_cli_plan_upload((uint64_t)5 << 40, 8 << 20, 0, &p, err, sizeof err), 0);
    CHECK(p.parts <= 10000 && p.part_size <= ((uint64_t)5 << 30));
}

/* ---- cp options -------------------------------------------------------------------------------- */

#define KEY32_B64 "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" /* "0123456789abcdef" x2 */

/* The end of cp_parse's variadic list: a char pointer, as NULL alone may be an int 0. */
#define ARGS_END ((const char *)NULL)

static int cp_parse(struct s3l_cli_cp *cp, char *err, size_t cap, ...)
{
    char *argv[64];
    int argc = 0;
    va_list ap;
    const char *s;
    argv[argc++] = S("cp");
    va_start(ap, cap);
    while ((s = va_arg(ap, const char *)) != NULL && argc < 63) argv[argc++] = S(s);
    va_end(ap);
    argv[argc] = NULL;
    err[0] = '\0';
    return s3l_cli_cp_parse(argc, argv, fake_getenv, cp, err, cap);
}

/* Parse "cp FLAG VALUE file s3://b/k" and expect acceptance. */
static int cp_one(struct s3l_cli_cp *cp, const char *flag, const char *value)
{
    char err[S3L_CLI_ERR_MAX];
    int r = value != NULL ? cp_parse(cp, err, sizeof err, flag, value, "f", "s3://b/k", ARGS_END)
                          : cp_parse(cp, err, sizeof err, flag, "f", "s3://b/k", ARGS_END);
    if (r != 0) fprintf(stderr, "  %s %s: %s\n", flag, value != NULL ? value : "", err);
    return r;
}

/* Expect refusal and a message naming the flag. */
static void cp_bad(const char *flag, const char *value, const char *want_in_msg)
{
    struct s3l_cli_cp cp;
    char err[S3L_CLI_ERR_MAX];
    int r = cp_parse(&cp, err, sizeof err, flag, value, "f", "s3://b/k", ARGS_END);
    CHECKF(r == -1, "%s '%s' accepted", flag, value);
    CHECKF(strstr(err, want_in_msg) != NULL, "%s '%s': message '%s' lacks '%s'", flag, value,
           err, want_in_msg);
}

static void test_cp_enums(void)
{
    static const struct {
        const char *flag;
        const char *const *names;
    } enums[] = {
        {"--acl", s3l_cli_acl_names},
        {"--sse", s3l_cli_sse_names},
        {"--storage-class", s3l_cli_storage_class_names},
        {"--object-lock-legal-hold", s3l_cli_legal_hold_names},
        {"--request-payer", s3l_cli_request_payer_names},
        {"--payload", s3l_cli_payload_names},
    };
    struct s3l_cli_cp cp;
    size_t i, k;
    for (i = 0; i < sizeof enums / sizeof enums[0]; i++) {
        for (k = 0; enums[i].names[k] != NULL; k++) {
            const char *v = enums[i].names[k];
            int trailer = strstr(v, "trailer") != NULL;
            char err[S3L_CLI_ERR_MAX];
            int r = trailer ? cp_parse(&cp, err, sizeof err, enums[i].flag, v,
                                       "--checksum-algorithm", "CRC32", "f", "s3://b/k", ARGS_END)
                            : cp_one(&cp, enums[i].flag, v);
            CHECKF(r == 0, "%s %s refused", enums[i].flag, v);
        }
        /* wrong case and junk are refused, and the message lists the values */
        cp_bad(enums[i].flag, "nope", enums[i].flag);
        cp_bad(enums[i].flag, "", enums[i].names[0]);
    }
    cp_bad("--acl", "Private", "private|public-read");
    cp_bad("--sse", "aes256", "AES256|aws:fsx|aws:kms|aws:kms:dsse");
    cp_bad("--object-lock-legal-hold", "on", "ON|OFF");
    cp_bad("--storage-class", "standard", "STANDARD");
    cp_bad("--request-payer", "Requester", "requester");
    cp_bad("--payload", "SIGNED", "signed|unsigned|streaming|streaming-trailer|unsigned-trailer");

    /* --payload maps onto the enum */
    CHECK_EQ_INT(cp_one(&cp, "--payload", "unsigned"), 0);
    CHECK_EQ_INT(cp.payload, S3L_CLI_PAYLOAD_UNSIGNED);
    CHECK_EQ_INT(cp_one(&cp, "--payload", "streaming"), 0);
    CHECK_EQ_INT(cp.payload, S3L_CLI_PAYLOAD_STREAMING);
    CHECK_EQ_INT(cp_one(&cp, "--no-progress", NULL), 0);
    CHECK_EQ_INT(cp.payload, S3L_CLI_PAYLOAD_SIGNED); /* the default */
    CHECK_EQ_INT(cp.no_progress, 1);

    /* object lock mode needs its date and the reverse */
    {
        char err[S3L_CLI_ERR_MAX];
        CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--object-lock-mode", "GOVERNANCE",
                              "--object-lock-retain-until", "2030-01-10T00:04:06Z", "f",
                              "s3://b/k", ARGS_END),
                     0);
        CHECK_EQ_STR(cp.object_lock_mode, "GOVERNANCE");
        CHECK_EQ_STR(cp.retain_until_iso, "2030-01-10T00:04:06Z");
        CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--object-lock-mode", "COMPLIANCE",
                              "--object-lock-retain-until", "2030-01-10T02:04:06+02:00", "f",
                              "s3://b/k", ARGS_END),
                     0);
        CHECK_EQ_STR(cp.retain_until_iso, "2030-01-10T00:04:06Z"); /* normalised to UTC */
        CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--object-lock-mode", "GOVERNANCE", "f",
                              "s3://b/k", ARGS_END),
                     -1);
        CHECK(strstr(err, "--object-lock-retain-until") != NULL);
        CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--object-lock-retain-until",
                              "2030-01-10T00:04:06Z", "f", "s3://b/k", ARGS_END),
                     -1);
        CHECK(strstr(err, "--object-lock-mode") != NULL);
        CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--object-lock-mode", "governance",
                              "--object-lock-retain-until", "2030-01-10T00:04:06Z", "f",
                              "s3://b/k", ARGS_END),
                     -1);
        CHECK(strstr(err, "GOVERNANCE|COMPLIANCE") != NULL);
    }
}

static void test_cp_checksums(void)
{
    struct s3l_cli_cp cp;
    char err[S3L_CLI_ERR_MAX];
    size_t k;
    for (k = 0; s3l_cli_checksum_alg_names[k] != NULL; k++) {
        CHECK_EQ_INT(cp_one(&cp, "--checksum-algorithm", s3l_cli_checksum_alg_names[k]), 0);
        CHECK(cp.checksum_type == NULL);
        CHECK_EQ_INT(cp.full_object, strcmp(s3l_cli_checksum_alg_names[k], "CRC64NVME") == 0);
    }
    cp_bad("--checksum-algorithm", "crc32", "CRC32|CRC32C|CRC64NVME|SHA1|SHA256");
    cp_bad("--checksum-algorithm", "MD5", "--checksum-algorithm");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--checksum-algorithm", "CRC32",
                          "--checksum-type", "FULL_OBJECT", "f", "s3://b/k", ARGS_END),
                 0);
    CHECK_EQ_INT(cp.full_object, 1);
    CHECK_EQ_STR(cp.checksum_type, "FULL_OBJECT");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--checksum-algorithm", "CRC32C",
                          "--checksum-type", "COMPOSITE", "f", "s3://b/k", ARGS_END),
                 0);
    CHECK_EQ_INT(cp.full_object, 0);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--checksum-algorithm", "SHA256",
                          "--checksum-type", "FULL_OBJECT", "f", "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "FULL_OBJECT needs a CRC") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--checksum-algorithm", "CRC64NVME",
                          "--checksum-type", "COMPOSITE", "f", "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "CRC64NVME") != NULL);
    CHECK_EQ_INT(
        cp_parse(&cp, err, sizeof err, "--checksum-type", "COMPOSITE", "f", "s3://b/k", ARGS_END),
        -1);
    CHECK(strstr(err, "--checksum-type needs --checksum-algorithm") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--checksum-algorithm", "CRC32",
                          "--checksum-type", "full_object", "f", "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "COMPOSITE|FULL_OBJECT") != NULL);
    /* trailer modes need an algorithm */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--payload", "streaming-trailer", "f",
                          "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "--checksum-algorithm") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--payload", "unsigned-trailer",
                          "--checksum-algorithm", "CRC64NVME", "f", "s3://b/k", ARGS_END),
                 0);
    CHECK_EQ_INT(cp.payload, S3L_CLI_PAYLOAD_UNSIGNED_TRAILER);
}

static void test_cp_values(void)
{
    struct s3l_cli_cp cp;
    char err[S3L_CLI_ERR_MAX];
    static const char *const env_small[] = {"S3L_ALLOW_SMALL_PARTS=1", NULL};
    static const char *const env_none[] = {NULL};
    fake_env = env_none;

    /* --concurrency: 1..16, once; 0 (the default) when not given */
    CHECK_EQ_INT(cp_one(&cp, "--concurrency", "1"), 0);
    CHECK_EQ_INT(cp.concurrency, 1);
    CHECK_EQ_INT(cp_one(&cp, "--concurrency", "16"), 0);
    CHECK_EQ_INT(cp.concurrency, 16);
    CHECK_EQ_INT(cp_one(&cp, "--no-progress", NULL), 0);
    CHECK_EQ_INT(cp.concurrency, 0);
    cp_bad("--concurrency", "0", "1..16");
    cp_bad("--concurrency", "17", "1..16");
    cp_bad("--concurrency", "4x", "--concurrency");
    cp_bad("--concurrency", "-2", "--concurrency");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--concurrency", "2", "--concurrency", "3", "f",
                          "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "twice") != NULL);

    /* grants */
    CHECK_EQ_INT(cp_one(&cp, "--grant-read", "id=\"11112222333\", id=\"444455556666\""), 0);
    CHECK_EQ_STR(cp.grant_read, "id=\"11112222333\", id=\"444455556666\"");
    CHECK_EQ_INT(
        cp_one(&cp, "--grant-full-control",
               "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""),
        0);
    CHECK_EQ_INT(cp_one(&cp, "--grant-read-acp", "emailAddress=\"a@example.com\""), 0);
    CHECK_EQ_INT(cp_one(&cp, "--grant-write-acp", "id=abc,uri=\"u\""), 0);
    cp_bad("--grant-read", "someone", "--grant-read");
    cp_bad("--grant-read", "id=\"x\",", "--grant-read");
    cp_bad("--grant-full-control", "ID=\"x\"", "--grant-full-control");
    cp_bad("--grant-write-acp", "id=\"unterminated", "--grant-write-acp");
    cp_bad("--grant-read-acp", "id=\"\"", "--grant-read-acp");
    cp_bad("--grant-read-acp", "", "--grant-read-acp");

    /* free-form headers */
    CHECK_EQ_INT(cp_one(&cp, "--cache-control", "max-age=60, public"), 0);
    CHECK_EQ_STR(cp.cache_control, "max-age=60, public");
    CHECK_EQ_INT(cp_one(&cp, "--content-type", "text/plain; charset=utf-8"), 0);
    CHECK_EQ_INT(cp_one(&cp, "--content-disposition", "attachment; filename=\"a b.txt\""), 0);
    CHECK_EQ_INT(cp_one(&cp, "--content-encoding", "gzip"), 0);
    CHECK_EQ_INT(cp_one(&cp, "--content-language", "de-CH"), 0);
    cp_bad("--content-type", "text/plain\r\nX-Evil: 1", "--content-type");
    cp_bad("--cache-control", "a\nb", "control character");
    cp_bad("--content-language", "a\x01", "--content-language");

    /* dates */
    CHECK_EQ_INT(cp_one(&cp, "--expires", "2030-01-10T00:04:06Z"), 0);
    CHECK_EQ_INT(cp.has_expires, 1);
    CHECK(cp.expires == 1894233846);
    CHECK_EQ_STR(cp.expires_iso, "2030-01-10T00:04:06Z");
    CHECK_EQ_INT(cp_one(&cp, "--expires", "2030-01-10"), 0); /* a date alone: midnight UTC */
    CHECK_EQ_STR(cp.expires_iso, "2030-01-10T00:00:00Z");
    cp_bad("--expires", "Thu, 10 Jan 2030 00:04:06 GMT", "ISO 8601");
    cp_bad("--expires", "2030-01-10T00:04:06", "--expires");
    cp_bad("--object-lock-retain-until", "soon", "--object-lock-retain-until");

    /* metadata: repeatable, KEY=VALUE, value may hold '=' and UTF-8 */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--metadata", "a=1", "--metadata",
                          "Bee=x=y", "--metadata", "empty=", "--metadata",
                          "u=\xc3\xa9t\xc3\xa9", "f", "s3://b/k", ARGS_END),
                 0);
    CHECK_EQ_INT(cp.metadata_count, 4);
    CHECK(cp.metadata[1].key_len == 3 && memcmp(cp.metadata[1].key, "Bee", 3) == 0);
    CHECK_EQ_STR(cp.metadata[1].value, "x=y");
    CHECK_EQ_STR(cp.metadata[2].value, "");
    cp_bad("--metadata", "novalue", "KEY=VALUE");
    cp_bad("--metadata", "=v", "KEY=VALUE");
    cp_bad("--metadata", "a b=v", "HTTP token");
    cp_bad("--metadata", "k=v\r\nX: y", "control character");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--metadata", "Key=1", "--metadata", "kEY=2",
                          "f", "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "given twice") != NULL);
    {
        /* 64 allowed, the 65th refused */
        char *argv[2 * 66 + 4];
        char keys[66][16];
        int argc = 0, i;
        argv[argc++] = S("cp");
        for (i = 0; i < 65; i++) {
            snprintf(keys[i], sizeof keys[i], "k%d=v", i);
            argv[argc++] = S("--metadata");
            argv[argc++] = keys[i];
        }
        argv[argc++] = S("f");
        argv[argc++] = S("s3://b/k");
        argv[argc] = NULL;
        CHECK_EQ_INT(s3l_cli_cp_parse(argc, argv, fake_getenv, &cp, err, sizeof err), -1);
        CHECK(strstr(err, "more than 64") != NULL);
        argv[2 * 64 + 1] = S("f");
        argv[2 * 64 + 2] = S("s3://b/k");
        CHECK_EQ_INT(s3l_cli_cp_parse(2 * 64 + 3, argv, fake_getenv, &cp, err, sizeof err), 0);
        CHECK_EQ_INT(cp.metadata_count, 64);
    }

    /* tagging */
    CHECK_EQ_INT(cp_one(&cp, "--tagging", "k1=v1&k2=v2"), 0);
    CHECK_EQ_STR(cp.tagging, "k1=v1&k2=v2");
    CHECK_EQ_INT(cp_one(&cp, "--tagging", "project=s3%20lite&empty="), 0);
    CHECK_EQ_INT(cp_one(&cp, "--tagging", "a+b=c~d.e_f-g"), 0);
    CHECK_EQ_INT(cp_one(&cp, "--tagging", "1=a&2=a&3=a&4=a&5=a&6=a&7=a&8=a&9=a&10=a"), 0);
    cp_bad("--tagging", "1=a&2=a&3=a&4=a&5=a&6=a&7=a&8=a&9=a&10=a&11=a", "at most 10");
    cp_bad("--tagging", "k=v w", "--tagging");
    cp_bad("--tagging", "=v", "--tagging");
    cp_bad("--tagging", "k=v&", "--tagging");
    cp_bad("--tagging", "k=%zz", "--tagging");
    cp_bad("--tagging", "", "--tagging");

    /* SSE */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--sse", "aws:kms", "--sse-kms-key-id",
                          "testkey-1", "--sse-kms-context", "eyJhIjoiYiJ9",
                          "--bucket-key-enabled", "f", "s3://b/k", ARGS_END),
                 0);
    CHECK_EQ_STR(cp.sse_kms_key_id, "testkey-1");
    CHECK_EQ_STR(cp.sse_kms_context, "eyJhIjoiYiJ9");
    CHECK_EQ_INT(cp.bucket_key_enabled, 1);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--sse-kms-key-id", "k", "f", "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "--sse aws:kms") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--sse", "AES256", "--sse-kms-key-id", "k", "f",
                          "s3://b/k", ARGS_END),
                 -1);
    cp_bad("--sse-kms-context", "not base64!", "--sse-kms-context");
    cp_bad("--sse-kms-context", "YWJj", "JSON"); /* "abc" */
    CHECK_EQ_INT(cp_one(&cp, "--sse-c-key", KEY32_B64), 0);
    CHECK_EQ_STR(cp.sse_c_key, KEY32_B64);
    /* base64(MD5(key)), computed with Python's hashlib */
    CHECK_EQ_STR(cp.sse_c_key_md5, "hRasmdxgYDKV3nvbahU1MA==");
    CHECK(memcmp(cp.sse_c_key_raw, "0123456789abcdef0123456789abcdef", 32) == 0);
    s3l_cli_cp_wipe(&cp);
    CHECK(cp.sse_c_key_raw[0] == 0 && cp.sse_c_key_raw[31] == 0);
    cp_bad("--sse-c-key", "c2hvcnQ=", "32-byte");            /* "short" */
    cp_bad("--sse-c-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWYx", "--sse-c-key");
    cp_bad("--sse-c-key", "****", "malformed base64");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--sse", "AES256", "--sse-c-key", KEY32_B64, "f",
                          "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "--sse-c-key and --sse") != NULL);

    /* redirect, owner */
    CHECK_EQ_INT(cp_one(&cp, "--website-redirect", "/other"), 0);
    CHECK_EQ_INT(cp_one(&cp, "--website-redirect", "https://example.com/x"), 0);
    cp_bad("--website-redirect", "example.com", "--website-redirect");
    CHECK_EQ_INT(cp_one(&cp, "--expected-bucket-owner", "111122223333"), 0);
    cp_bad("--expected-bucket-owner", "", "--expected-bucket-owner");

    /* part size */
    CHECK_EQ_INT(cp_one(&cp, "--part-size", "5MiB"), 0);
    CHECK(cp.part_size == 5242880 && cp.part_size_given == 1);
    CHECK_EQ_INT(cp_one(&cp, "--payload", "signed"), 0);
    CHECK(cp.part_size == 8388608 && cp.part_size_given == 0); /* default 8 MiB */
    cp_bad("--part-size", "1MiB", "5 MiB");
    cp_bad("--part-size", "8 MiB", "--part-size");
    cp_bad("--part-size", "6GiB", "5 GiB");
    cp_bad("--part-size", "0", "--part-size");
    fake_env = env_small;
    CHECK_EQ_INT(cp_one(&cp, "--part-size", "64KiB"), 0);
    CHECK(cp.part_size == 65536 && cp.allow_small_parts == 1);
    fake_env = env_none;

    /* each single-valued flag once */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--acl", "private", "--acl", "private", "f",
                          "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "--acl given twice") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--part-size", "5MiB", "--part-size=6MiB", "f",
                          "s3://b/k", ARGS_END),
                 -1);
    CHECK(strstr(err, "--part-size given twice") != NULL);
    /* --flag=value form */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--content-type=a/b", "--metadata=k=v", "f",
                          "s3://b/k", ARGS_END),
                 0);
    CHECK_EQ_STR(cp.content_type, "a/b");
    CHECK_EQ_STR(cp.metadata[0].value, "v");
}

static void test_cp_positionals(void)
{
    struct s3l_cli_cp cp;
    char err[S3L_CLI_ERR_MAX];
    static const char *const env[] = {"AWS_ACCESS_KEY_ID=AK", "AWS_SECRET_ACCESS_KEY=SK",
                                      "AWS_REGION=eu-west-3", NULL};
    fake_env = env;
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "file.bin", "s3://bkt/dir/a key", ARGS_END), 0);
    CHECK(cp.upload == 1 && cp.from_stdin == 0);
    CHECK_EQ_STR(cp.src, "file.bin");
    CHECK_EQ_STR(cp.url.key, "dir/a key");
    CHECK_EQ_STR(cp.conf.region, "eu-west-3");
    CHECK_EQ_STR(cp.conf.access_key_id, "AK");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "-", "s3://bkt/k", "--dry-run", ARGS_END), 0);
    CHECK(cp.upload == 1 && cp.from_stdin == 1 && cp.dry_run == 1);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "s3://bkt/k", "-", ARGS_END), 0);
    CHECK(cp.upload == 0);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "s3://bkt/k", "out.bin", "--sse-c-key",
                          KEY32_B64, "--request-payer", "requester", "--region", "us-east-2",
                          ARGS_END),
                 0);
    CHECK_EQ_STR(cp.conf.region, "us-east-2");
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "file", "s3://bkt/", ARGS_END), 0); /* basename */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "-", "s3://bkt/", ARGS_END), -1);
    CHECK(strstr(err, "stdin") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "s3://bkt/", "out", ARGS_END), -1);
    CHECK(strstr(err, "no key") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "a", "b", ARGS_END), -1);
    CHECK(strstr(err, "s3://") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "s3://a/b", "s3://c/d", ARGS_END), -1);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "a", ARGS_END), -1);
    CHECK(strstr(err, "SOURCE and DESTINATION") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "a", "s3://b/k", "c", ARGS_END), -1);
    CHECK(strstr(err, "too many") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "a", "s3://b b/k", ARGS_END), -1);
    CHECK(strstr(err, "bucket") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--bogus", "a", "s3://b/k", ARGS_END), -1);
    CHECK(strstr(err, "--bogus") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "--help", ARGS_END), 1);
    /* upload-only flags on a download are named */
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "s3://b/k", "out", "--content-type", "a/b",
                          ARGS_END),
                 -1);
    CHECK(strstr(err, "--content-type applies to uploads only") != NULL);
    CHECK_EQ_INT(
        cp_parse(&cp, err, sizeof err, "s3://b/k", "out", "--part-size", "8MiB", ARGS_END), -1);
    CHECK(strstr(err, "--part-size") != NULL);
    CHECK_EQ_INT(cp_parse(&cp, err, sizeof err, "s3://b/k", "out", "--metadata", "a=b", ARGS_END),
                 -1);
    CHECK(strstr(err, "--metadata") != NULL);
}

/* ---- misc helpers -------------------------------------------------------------------------------- */

static void test_misc(void)
{
    char out[128];
    uint8_t bin[40];
    size_t n;
    n = s3l_cli_progress_format(out, sizeof out, 12 * 1048576, 64 * 1048576, 2.0);
    CHECK(n == strlen(out));
    CHECK(strstr(out, "12.0 MiB") != NULL && strstr(out, "64.0 MiB") != NULL);
    CHECK(strstr(out, " 18%") != NULL);
    CHECK(strstr(out, "6.0 MiB/s") != NULL);
    CHECK(strstr(out, "ETA 0:09") != NULL); /* 52 MiB at 6 MiB/s = 8.7 s */
    s3l_cli_progress_format(out, sizeof out, 1000, 0, 1.0);
    CHECK(strstr(out, "1000 B") != NULL && strstr(out, "%") == NULL && strstr(out, "ETA") == NULL);
    s3l_cli_progress_format(out, sizeof out, 0, 100, 0.0);
    CHECK(strstr(out, "ETA --:--") != NULL);
    s3l_cli_progress_format(out, sizeof out, 1, (uint64_t)1 << 40, 1.0);
    CHECK(strstr(out, "ETA ") != NULL && strstr(out, ":") != NULL);
    memset(out, 'G', sizeof out);
    n = s3l_cli_progress_format(out, 10, 12 * 1048576, 64 * 1048576, 2.0);
    CHECK(n == 9 && out[9] == '\0' && out[10] == 'G');

    s3l_cli_format_size(0, out, sizeof out);
    CHECK_EQ_STR(out, "0 B");
    s3l_cli_format_size(1536, out, sizeof out);
    CHECK_EQ_STR(out, "1.5 KiB");
    s3l_cli_format_size((uint64_t)5 << 30, out, sizeof out);
    CHECK_EQ_STR(out, "5.0 GiB");

    CHECK_EQ_INT(s3l_cli_base64_decode("YWJj", bin, sizeof bin), 3);
    CHECK(memcmp(bin, "abc", 3) == 0);
    CHECK_EQ_INT(s3l_cli_base64_decode("YQ==", bin, sizeof bin), 1);
    CHECK_EQ_INT(s3l_cli_base64_decode("YWI=", bin, sizeof bin), 2);
    CHECK_EQ_INT(s3l_cli_base64_decode("YWJ", bin, sizeof bin), -1);
    CHECK_EQ_INT(s3l_cli_base64_decode("Y===", bin, sizeof bin), -1);
    CHECK_EQ_INT(s3l_cli_base64_decode("YQ=a", bin, sizeof bin), -1);
    CHECK_EQ_INT(s3l_cli_base64_decode("YWJj", bin, 2), -1);
    CHECK_EQ_INT(s3l_cli_base64_decode("", bin, sizeof bin), -1);
    n = s3l_cli_base64_encode((const uint8_t *)"ab", 2, out);
    CHECK(n == 4 && strcmp(out, "YWI=") == 0);
    n = s3l_cli_base64_encode((const uint8_t *)"abcd", 4, out);
    CHECK(n == 8 && strcmp(out, "YWJjZA==") == 0);

    CHECK_EQ_INT(s3l_cli_exit_code(0), 0);
    CHECK_EQ_INT(s3l_cli_exit_code(-40), 1);  /* S3L_ERR_S3 */
    CHECK_EQ_INT(s3l_cli_exit_code(-25), 1);  /* S3L_ERR_HTTP_STATUS */
    CHECK_EQ_INT(s3l_cli_exit_code(-1), 2);   /* S3L_ERR_ARG */
    CHECK_EQ_INT(s3l_cli_exit_code(-52), 3);  /* S3L_ERR_CONNECT */
    CHECK_EQ_INT(s3l_cli_exit_code(-56), 3);  /* S3L_ERR_TLS_VERIFY */

    CHECK_EQ_INT(s3l_cli_check_grants("id=\"a\""), 0);
    CHECK_EQ_INT(s3l_cli_check_grants(" id=\"a\" , uri=\"b\" "), 0);
    CHECK_EQ_INT(s3l_cli_check_grants("id=\"a\" uri=\"b\""), -1);
    CHECK_EQ_INT(s3l_cli_check_grants("id="), -1);
}

/* ---- the --dry-run transport ---------------------------------------------------------------------- */

struct seen {
    int heads;
    char last[512];
};

static void on_head_cb(void *ctx, const char *head, size_t len)
{
    struct seen *s = ctx;
    s->heads++;
    snprintf(s->last, sizeof s->last, "%.*s", (int)len, head);
}

static long recv_all(struct s3l_transport *t, char *buf, size_t cap)
{
    long got = 0, n;
    int i;
    for (i = 0; i < 100 && (size_t)got < cap - 1; i++) {
        n = t->recv(t->net, (uint8_t *)buf + got, cap - 1 - (size_t)got, 0);
        if (n <= 0) break;
        got += n;
    }
    buf[got] = '\0';
    return got;
}

static void test_dry_transport(void)
{
    static struct s3l_cli_dry d;
    struct s3l_transport t;
    struct seen seen;
    char buf[2048];
    static const char put[] = "PUT /b/k?partNumber=1&uploadId=X HTTP/1.1\r\nHost: h\r\n"
                              "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n";
    static const char create[] = "POST /b/k?uploads HTTP/1.1\r\nHost: h\r\n"
                                 "Content-Length: 0\r\n\r\n";
    static const char del[] = "DELETE /b/k?uploadId=X HTTP/1.1\r\nHost: h\r\n\r\n";
    size_t i;
    memset(&seen, 0, sizeof seen);
    s3l_cli_dry_init(&d, &t);
    d.on_head = on_head_cb;
    d.on_head_ctx = &seen;
    CHECK_EQ_INT(t.connect(t.net, "h", 80, 1000), 0);
    /* the head arrives byte by byte; nothing to read until it is complete */
    for (i = 0; i < sizeof put - 1; i++) {
        CHECK_EQ_INT(t.send(t.net, (const uint8_t *)put + i, 1, 0), 1);
        if (i + 1 < sizeof put - 1 && seen.heads != 0) break;
    }
    CHECK_EQ_INT(seen.heads, 1);
    CHECK_EQ_STR(seen.last, put);
    recv_all(&t, buf, sizeof buf);
    CHECK_EQ_STR(buf, "HTTP/1.1 100 Continue\r\n\r\n");
    CHECK_EQ_INT(t.recv(t.net, (uint8_t *)buf, sizeof buf, 0), S3L_ERR_AGAIN); /* body still expected */
    CHECK_EQ_INT(t.send(t.net, (const uint8_t *)"hel", 3, 0), 3);
    CHECK_EQ_INT(t.send(t.net, (const uint8_t *)"lo", 2, 0), 2);
    recv_all(&t, buf, sizeof buf);
    CHECK(strncmp(buf, "HTTP/1.1 200 OK\r\n", 17) == 0);
    CHECK(strstr(buf, "ETag: \"dryrun-etag-1\"\r\n") != NULL);
    CHECK(strstr(buf, "Content-Length: 0\r\n\r\n") != NULL);
    CHECK(d.body_bytes == 5);
    /* next request on the same connection: CreateMultipartUpload */
    CHECK_EQ_INT(t.send(t.net, (const uint8_t *)create, sizeof create - 1, 0),
                 (long)(sizeof create - 1));
    CHECK_EQ_INT(seen.heads, 2);
    recv_all(&t, buf, sizeof buf);
    CHECK(strstr(buf, "<UploadId>DRYRUN-UPLOAD-ID</UploadId>") != NULL);
    CHECK_EQ_INT(t.send(t.net, (const uint8_t *)del, sizeof del - 1, 0), (long)(sizeof del - 1));
    recv_all(&t, buf, sizeof buf);
    CHECK_EQ_STR(buf, "HTTP/1.1 204 No Content\r\n\r\n");
    /* idle kept-alive connection: nothing to read, and not closed */
    CHECK_EQ_INT(t.recv(t.net, (uint8_t *)buf, sizeof buf, 0), S3L_ERR_AGAIN);
    t.close(t.net);
    CHECK_EQ_INT(d.requests, 3);
}

/* ---- running build/s3lite ------------------------------------------------------------------------ */

/* Output of one run: stdout and stderr (NUL-terminated, cut at the buffer size). */
struct run {
    int code;            /* exit code, or -1 when it did not exit normally */
    char out[65536];
    char err[8192];
};

static const char *cli_path(void)
{
    static char path[512];
    const char *b = getenv("BUILD");
    snprintf(path, sizeof path, "%s/s3lite", b != NULL && b[0] != '\0' ? b : "build");
    return path;
}

/* Run s3lite with exactly the environment env (NULL-terminated "K=V" list; nothing of ours
 * leaks in) and argv (argv[0] is filled in), stdin from stdin_file (NULL: /dev/null; a name
 * starting with '|' is fed through a pipe, so its length is unknown to s3lite). */
static int run_cli(struct run *r, const char *const *env, const char *const *args,
                   const char *stdin_file)
{
    char outf[] = "/tmp/s3l_test_cli_outXXXXXX", errf[] = "/tmp/s3l_test_cli_errXXXXXX";
    int fo = mkstemp(outf), fe = mkstemp(errf), status = 0;
    pid_t pid;
    memset(r, 0, sizeof *r);
    r->code = -1;
    if (fo < 0 || fe < 0) return -1;
    pid = fork();
    if (pid == 0) {
        char *argv[64];
        int i = 0, fi;
        argv[i++] = S(cli_path());
        while (args[i - 1] != NULL && i < 63) {
            argv[i] = S(args[i - 1]);
            i++;
        }
        argv[i] = NULL;
        if (stdin_file != NULL && stdin_file[0] == '|') {
            int pfd[2];
            if (pipe(pfd) != 0) _exit(126);
            if (fork() == 0) { /* the feeder */
                char b[4096];
                ssize_t n;
                int src = open(stdin_file + 1, O_RDONLY);
                close(pfd[0]);
                while (src >= 0 && (n = read(src, b, sizeof b)) > 0) {
                    if (write(pfd[1], b, (size_t)n) != n) break;
                }
                _exit(0);
            }
            close(pfd[1]);
            fi = pfd[0];
        } else {
            fi = open(stdin_file != NULL ? stdin_file : "/dev/null", O_RDONLY);
        }
        if (fi < 0) _exit(126);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execve(argv[0], argv, (char *const *)(uintptr_t)env);
        _exit(127);
    }
    close(fo);
    close(fe);
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    r->code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    file_read_into(outf, r->out, sizeof r->out);
    file_read_into(errf, r->err, sizeof r->err);
    unlink(outf);
    unlink(errf);
    return 0;
}

static int have_cli(void)
{
    return access(cli_path(), X_OK) == 0;
}

#define EXAMPLE_ENV \
    "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", \
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", \
        "S3L_FIXED_TIME=20130524T000000Z"

/* presign: expected URLs computed by botocore 1.29's S3SigV4QueryAuth at the same time
 * (the same botocore reproduces the AWS documentation example aeeed9bb...). */
static void test_presign(void)
{
    static const char *const env[] = {EXAMPLE_ENV, NULL};
    static const char *const env_nokey[] = {"S3L_FIXED_TIME=20130524T000000Z", NULL};
    struct run r;
    if (!have_cli()) {
        SKIP(8, "build/s3lite not built");
        return;
    }
    {
        static const char *const a[] = {"presign", "s3://examplebucket/test.txt", "--expires",
                                        "86400", "--endpoint-url", "https://s3.amazonaws.com",
                                        NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out,
                     "https://s3.amazonaws.com/examplebucket/test.txt?X-Amz-Algorithm=AWS4-HMAC-"
                     "SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
                     "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-"
                     "SignedHeaders=host&X-Amz-Signature="
                     "733255ef022bec3f2a8701cd61d4b371f3f28c9f193a1f02279211d48d5193d7\n");
    }
    {
        static const char *const a[] = {"presign", "s3://bkt/a key/\xc3\xa9.txt", "--expires=86400",
                                        "--endpoint-url", "http://[::1]:7480", "--region",
                                        "eu-west-1", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out,
                     "http://[::1]:7480/bkt/a%20key/%C3%A9.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-"
                     "Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Feu-west-1%2Fs3%2Faws4_"
                     "request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-"
                     "SignedHeaders=host&X-Amz-Signature="
                     "c04d5d797a8279e64a4c797ceb6acc29f60ec24282f85d1e7de65663b1139abd\n");
    }
    {
        /* the default endpoint is virtual-hosted and regional */
        static const char *const a[] = {"presign", "s3://examplebucket/test.txt", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK(strncmp(r.out, "https://examplebucket.s3.us-east-1.amazonaws.com/test.txt?", 58) == 0);
        CHECK(strstr(r.out, "X-Amz-Expires=3600&") != NULL);
    }
    {
        static const char *const a[] = {"presign", "s3://b/k", "--expires", "604801", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 2);
        CHECK(strstr(r.err, "--expires '604801'") != NULL);
    }
    {
        static const char *const a[] = {"presign", "s3://b/k", NULL};
        run_cli(&r, env_nokey, a, NULL);
        CHECK_EQ_INT(r.code, 2);
        CHECK(strstr(r.err, "AWS_ACCESS_KEY_ID") != NULL);
    }
}

/* presign, multipart forms: each signature is the one botocore's generate_presigned_url gives
 * for the same operation, keys, time and endpoint (tests/presign_ref.py; botocore writes the
 * query in another order and "uploads=", which sign the same canonical query). */
static void test_presign_multipart(void)
{
    static const char *const env[] = {EXAMPLE_ENV, NULL};
#define PRE_EP "--endpoint-url", "http://127.0.0.1:7480"
#define PRE_URL "http://127.0.0.1:7480/bkt/k.bin?"
#define PRE_XA                                                                                     \
    "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-" \
    "1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders="  \
    "host&X-Amz-Signature="
    static const struct {
        const char *argv[12];
        const char *want;
    } ok[] = {
        {{"presign", "s3://bkt/k.bin", "--method", "POST", "--uploads", PRE_EP, NULL},
         PRE_URL "uploads&" PRE_XA
                 "5c724168e379a3ce36e6c34c308dcdd8b148f0638afe87f09e073f8d9e27d945\n"},
        {{"presign", "s3://bkt/k.bin", "--method", "PUT", "--upload-id", "a/b+c=", "--part-number",
          "7", PRE_EP},
         PRE_URL "partNumber=7&uploadId=a%2Fb%2Bc%3D&" PRE_XA
                 "2d3bd53fd2b8766aea4381287521d1ef262ce2735e954f2004a559a65ad8c667\n"},
        {{"presign", "s3://bkt/k.bin", "--method", "POST", "--upload-id", "abc", PRE_EP, NULL},
         PRE_URL "uploadId=abc&" PRE_XA
                 "a7563c8f67af8b2454f6e5e59ea568ad728399cd1f58b35a03dd59946e7e0905\n"},
        {{"presign", "s3://bkt/k.bin", "--method", "DELETE", "--upload-id", "abc", PRE_EP, NULL},
         PRE_URL "uploadId=abc&" PRE_XA
                 "5e0655e0a91ef2d3cd5621e8eda73c3c799c7056da73ca26ac404dba7b357174\n"},
    };
    static const struct {
        const char *argv[12];
        const char *msg;
    } bad[] = {
        {{"presign", "s3://b/k", "--uploads", NULL}, "--uploads is for --method POST"},
        {{"presign", "s3://b/k", "--method", "PUT", "--uploads", NULL},
         "--uploads is for --method POST"},
        {{"presign", "s3://b/k", "--method", "POST", "--uploads", "--upload-id", "x", NULL},
         "exclude each other"},
        {{"presign", "s3://b/k", "--method", "POST", NULL}, "needs --uploads"},
        {{"presign", "s3://b/k", "--method", "DELETE", NULL}, "needs --upload-id"},
        {{"presign", "s3://b/k", "--upload-id", "x", NULL}, "--upload-id is for"},
        {{"presign", "s3://b/k", "--method", "PUT", "--upload-id", "x", NULL},
         "needs --part-number"},
        {{"presign", "s3://b/k", "--method", "PUT", "--part-number", "3", NULL},
         "--part-number is for"},
        {{"presign", "s3://b/k", "--method", "POST", "--upload-id", "x", "--part-number", "3",
          NULL},
         "--part-number is for"},
        {{"presign", "s3://b/k", "--method", "PUT", "--upload-id", "x", "--part-number", "0",
          NULL},
         "--part-number '0': want 1..10000"},
        {{"presign", "s3://b/k", "--method", "PUT", "--upload-id", "x", "--part-number", "10001",
          NULL},
         "--part-number '10001': want 1..10000"},
        {{"presign", "s3://b/k", "--method", "PUT", "--upload-id", "x", "--part-number", "2x",
          NULL},
         "--part-number '2x'"},
        {{"presign", "s3://b/k", "--method", "POST", "--upload-id=", NULL}, "non-empty upload id"},
        {{"presign", "s3://b/k", "--method", "HEAD", NULL}, "want GET, PUT, POST or DELETE"},
    };
    struct run r;
    size_t i;
    char first[512];
    if (!have_cli()) {
        SKIP(2 * (int)(sizeof ok / sizeof ok[0]) + 2 * (int)(sizeof bad / sizeof bad[0]) + 3,
             "build/s3lite not built");
        return;
    }
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        run_cli(&r, env, ok[i].argv, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out, ok[i].want);
    }
    /* the upload id and part number are signed: another value, another signature */
    {
        static const char *const a[] = {"presign", "s3://bkt/k.bin", "--method", "PUT",
                                        "--upload-id", "a/b+c=", "--part-number", "8",
                                        PRE_EP, NULL};
        snprintf(first, sizeof first, "%s", ok[1].want);
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK(strstr(r.out, "partNumber=8&") != NULL);
        CHECK(strstr(r.out, "X-Amz-Signature=") != NULL &&
              strcmp(strstr(r.out, "X-Amz-Signature="), strstr(first, "X-Amz-Signature=")) != 0);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        run_cli(&r, env, bad[i].argv, NULL);
        CHECK_EQ_INT(r.code, 2);
        CHECK(strstr(r.err, bad[i].msg) != NULL);
    }
#undef PRE_EP
#undef PRE_URL
#undef PRE_XA
}

/* ---- cp --dry-run: hand-checked golden heads -------------------------------------------------------
 * Every line below was checked independently of s3lite: each Authorization by botocore 1.29's
 * S3SigV4Auth (tests/cli_sig_ref.py) at the same time and keys; x-amz-content-sha256, the
 * CRC32/CRC32C values and the CompleteMultipartUpload lengths (the XML part list, with the
 * dry-run transport's ETags "dryrun-etag-N") by Python's hashlib/zlib; the aws-chunked length
 * by hand (one 16-byte chunk: 85 + 16 + 2, final chunk 86 = 189); the rest against the S3 API
 * reference (Expires as an HTTP-date, SSE-C key MD5, path percent-encoding, IPv6 Host).
 * Files: a.txt = "hello\n"; forty.bin = 40 bytes (i * 7 + 3) mod 256. */

static const char golden_a[] =
    "PUT /bkt/dir/a%20b.txt HTTP/1.1\n"
    "Content-Length: 6\n"
    "Content-Type: text/plain\n"
    "Expires: Thu, 10 Jan 2030 00:04:06 GMT\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-acl: private\n"
    "x-amz-checksum-crc32: NjowIA==\n"
    "x-amz-meta-Project: s3lite\n"
    "x-amz-sdk-checksum-algorithm: CRC32\n"
    "x-amz-storage-class: STANDARD\n"
    "x-amz-tagging: a=1&b=2\n"
    "x-amz-content-sha256: 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-length;content-type;expires;host;x-amz-acl;x-amz-checksum-crc32;"
    "x-amz-content-sha256;x-amz-date;x-amz-meta-project;x-amz-sdk-checksum-algorithm;"
    "x-amz-storage-class;x-amz-tagging, "
    "Signature=2d10837379b98d820facc3a7eaa92abf575231a201a5423f250a6c04d5913a57\n"
    "\n";

static const char golden_b[] =
    "POST /bkt/k?uploads HTTP/1.1\n"
    "Content-Length: 0\n"
    "Host: [::1]:7480\n"
    "x-amz-server-side-encryption-customer-algorithm: AES256\n"
    "x-amz-server-side-encryption-customer-key: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
    "x-amz-server-side-encryption-customer-key-MD5: hRasmdxgYDKV3nvbahU1MA==\n"
    "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/eu-west-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date;"
    "x-amz-server-side-encryption-customer-algorithm;"
    "x-amz-server-side-encryption-customer-key;"
    "x-amz-server-side-encryption-customer-key-md5, "
    "Signature=9c3bb007b7e449a59642440e4990d6d3441b5198b61e1b6624a55b3fb7d71301\n"
    "\n"
    "PUT /bkt/k?partNumber=1&uploadId=DRYRUN-UPLOAD-ID HTTP/1.1\n"
    "Content-Length: 16\n"
    "Host: [::1]:7480\n"
    "x-amz-server-side-encryption-customer-algorithm: AES256\n"
    "x-amz-server-side-encryption-customer-key: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
    "x-amz-server-side-encryption-customer-key-MD5: hRasmdxgYDKV3nvbahU1MA==\n"
    "x-amz-content-sha256: 9c94926dfb94433e790f2c209e2633b2dd3e922b2741ac687e164d488d1ff67c\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/eu-west-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date;"
    "x-amz-server-side-encryption-customer-algorithm;"
    "x-amz-server-side-encryption-customer-key;"
    "x-amz-server-side-encryption-customer-key-md5, "
    "Signature=520811c7033a5b2288522a5262fb69a73d3424d014f680300bd50625d494de67\n"
    "Expect: 100-continue\n"
    "\n"
    "POST /bkt/k?uploadId=DRYRUN-UPLOAD-ID HTTP/1.1\n"
    "Content-Length: 300\n"
    "Host: [::1]:7480\n"
    "x-amz-mp-object-size: 40\n"
    "x-amz-server-side-encryption-customer-algorithm: AES256\n"
    "x-amz-server-side-encryption-customer-key: MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
    "x-amz-server-side-encryption-customer-key-MD5: hRasmdxgYDKV3nvbahU1MA==\n"
    "x-amz-content-sha256: 439faa384c7275ec5a6d06a9905b04807c5236e0bc3674d9041fa2557d96e287\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/eu-west-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date;"
    "x-amz-mp-object-size;x-amz-server-side-encryption-customer-algorithm;"
    "x-amz-server-side-encryption-customer-key;"
    "x-amz-server-side-encryption-customer-key-md5, "
    "Signature=4f8074b0b07f21d86c5564479266688f1ca8edb104d2e1fb55d2855bfb72a520\n"
    "\n";

static const char golden_c[] =
    "POST /bkt/k?uploads HTTP/1.1\n"
    "Content-Length: 0\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-checksum-algorithm: CRC32C\n"
    "x-amz-checksum-type: FULL_OBJECT\n"
    "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-checksum-algorithm;x-amz-checksum-type;"
    "x-amz-content-sha256;x-amz-date, "
    "Signature=231fcda4bcfa61f7eb65146598a7c9806c0e2337ea17faf8a5879c2f25287748\n"
    "\n"
    "PUT /bkt/k?partNumber=1&uploadId=DRYRUN-UPLOAD-ID HTTP/1.1\n"
    "Content-Encoding: aws-chunked\n"
    "Content-Length: 189\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-checksum-crc32c: ayS94Q==\n"
    "x-amz-decoded-content-length: 16\n"
    "x-amz-sdk-checksum-algorithm: CRC32C\n"
    "x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-encoding;content-length;host;x-amz-checksum-crc32c;"
    "x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
    "x-amz-sdk-checksum-algorithm, "
    "Signature=5dc455ef95c4b140522de95617794cbabb3f0cb2320d95c63e1de0b007d4246d\n"
    "Expect: 100-continue\n"
    "\n"
    "POST /bkt/k?uploadId=DRYRUN-UPLOAD-ID HTTP/1.1\n"
    "Content-Length: 423\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-checksum-crc32c: qxGwdQ==\n"
    "x-amz-checksum-type: FULL_OBJECT\n"
    "x-amz-mp-object-size: 40\n"
    "x-amz-content-sha256: e307a9c17f127c641566988ba4819a280c401a1d18f0262dc68f69979c10a576\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-checksum-crc32c;x-amz-checksum-type;"
    "x-amz-content-sha256;x-amz-date;x-amz-mp-object-size, "
    "Signature=5c72c4fa2bddb5b33c514a38e2d6a103dfd1300210210837e071d01605c3d56a\n"
    "\n";

static const char golden_d[] =
    "POST /bkt/stream.log?uploads HTTP/1.1\n"
    "Content-Length: 0\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date, "
    "Signature=ff89403e8d939d5bb571a1f8b56edbae5b07b7ed582e3fe876404754f6acfab2\n"
    "\n"
    "PUT /bkt/stream.log?partNumber=1&uploadId=DRYRUN-UPLOAD-ID HTTP/1.1\n"
    "Content-Length: 32\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-content-sha256: UNSIGNED-PAYLOAD\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date, "
    "Signature=c75b3789928f3687be7b7fa4d2ab372cc2897d4f18f9cc3ec5474cd128bba7b4\n"
    "Expect: 100-continue\n"
    "\n"
    "POST /bkt/stream.log?uploadId=DRYRUN-UPLOAD-ID HTTP/1.1\n"
    "Content-Length: 233\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-content-sha256: 9966169193c1b4591050dc2f0c9b3c82450cb460cb2c5e1717472627567bc232\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=content-length;host;x-amz-content-sha256;x-amz-date, "
    "Signature=560b5bd0f18c51b39d4e8755a77606df1dbb23e4e501dadd7b75fbf8a0929377\n"
    "\n";

static const char golden_e[] =
    "GET /bkt/dir/a.txt HTTP/1.1\n"
    "Host: 127.0.0.1:7480\n"
    "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "X-Amz-Date: 20300110T000406Z\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20300110/us-east-1/s3/aws4_request, "
    "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
    "Signature=523ae37b0e24998423a3976e27e5b9dfe2d9f78fc2b7a356bdfe04968c04cc74\n"
    "\n";


static int cp_built(void)
{
    static const char *const env[] = {NULL};
    static const char *const a[] = {"cp", "--help", NULL};
    struct run r;
    return have_cli() && run_cli(&r, env, a, NULL) == 0 && r.code == 0 &&
           strstr(r.out, "--dry-run") != NULL;
}

static void write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

/* More parts than the CLI's first allocation of its part arrays (64): the part list handed
 * to CompleteMultipartUpload must still name every part's ETag. The Complete request's
 * payload hash is compared with the SHA-256 of the body built here from the dry-run
 * transport's ETags ("dryrun-etag-N", N the request's number), so a stale or dangling entry
 * shows. */
static void test_dryrun_many_parts(void)
{
    static const char *const env_small[] = {
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "S3L_FIXED_TIME=20300110T000406Z", "S3L_ALLOW_SMALL_PARTS=1", NULL};
    enum { NPARTS = 200 };
    static struct s3l_complete_part parts[NPARTS];
    static char etags[NPARTS][24];
    static uint8_t body[32768];
    char dir[] = "/tmp/s3l_test_cli_XXXXXX", file[64], piped[72], want[96], hex[65];
    uint8_t data[NPARTS], digest[S3L_SHA256_LEN];
    struct s3l_complete_body w;
    struct run r;
    size_t i, len = 0;
    long n;
    int pass;
    if (!cp_built()) {
        SKIP(8, "s3lite cp is not built into build/s3lite yet");
        return;
    }
    if (mkdtemp(dir) == NULL) {
        CHECK(0);
        return;
    }
    snprintf(file, sizeof file, "%s/parts.bin", dir);
    snprintf(piped, sizeof piped, "|%s", file);
    for (i = 0; i < NPARTS; i++) data[i] = (uint8_t)(i * 13 + 1);
    write_file(file, data, sizeof data);
    for (i = 0; i < NPARTS; i++) {
        /* the transport numbers its requests: CreateMultipartUpload is the first */
        snprintf(etags[i], sizeof etags[i], "\"dryrun-etag-%u\"", (unsigned)(i + 2));
        parts[i].part_number = (uint32_t)(i + 1);
        parts[i].etag = etags[i];
    }
    CHECK_EQ_INT(s3l_complete_body_init(&w, parts, NPARTS, S3L_CHECKSUM_NONE), 0);
    while ((n = s3l_complete_body_read(&w, body + len, sizeof body - len)) > 0) len += (size_t)n;
    CHECK(n == 0 && len < sizeof body);
    CHECK_EQ_INT(s3l_sha256(body, len, digest), 0);
    for (i = 0; i < sizeof digest; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    snprintf(want, sizeof want, "x-amz-content-sha256: %s\n", hex); /* heads printed with LF */
    for (pass = 0; pass < 2; pass++) { /* from a file, then from a pipe (unknown length) */
        const char *const a[] = {"cp", "--dry-run", pass == 0 ? file : "-", "s3://bkt/k",
                                 "--endpoint-url", "http://127.0.0.1:7480", "--part-size", "1",
                                 NULL};
        run_cli(&r, env_small, a, pass == 0 ? NULL : piped);
        CHECKF(r.code == 0, "%u parts (%s): exit %d, %s", (unsigned)NPARTS,
               pass == 0 ? "file" : "pipe", r.code, r.err);
        CHECKF(strstr(r.out, want) != NULL, "%s: the Complete body is not the list of all %u parts",
               pass == 0 ? "file" : "pipe", (unsigned)NPARTS);
        if (pass == 0) CHECK(strstr(r.out, "x-amz-mp-object-size: 200\n") != NULL);
    }
    (void)unlink(file);
    (void)rmdir(dir);
}

static void test_dryrun(void)
{
    static const char *const env[] = {"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
                                      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                      "S3L_FIXED_TIME=20300110T000406Z", NULL};
    static const char *const env_small[] = {
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "S3L_FIXED_TIME=20300110T000406Z", "S3L_ALLOW_SMALL_PARTS=1", NULL};
    char dir[] = "/tmp/s3l_test_cli_XXXXXX", a_txt[64], forty[64], pipe_forty[72], out[64];
    uint8_t data[40];
    struct run r;
    size_t i;
    if (!cp_built()) {
        SKIP(16, "s3lite cp is not built into build/s3lite yet");
        return;
    }
    if (mkdtemp(dir) == NULL) {
        CHECK(0);
        return;
    }
    snprintf(a_txt, sizeof a_txt, "%s/a.txt", dir);
    snprintf(forty, sizeof forty, "%s/forty.bin", dir);
    snprintf(pipe_forty, sizeof pipe_forty, "|%s", forty);
    snprintf(out, sizeof out, "%s/out.bin", dir);
    write_file(a_txt, (const uint8_t *)"hello\n", 6);
    for (i = 0; i < sizeof data; i++) data[i] = (uint8_t)((i * 7 + 3) % 256);
    write_file(forty, data, sizeof data);
    {
        /* PutObject with object parameters and a CRC32 header */
        const char *const a[] = {"cp", "--dry-run", a_txt, "s3://bkt/dir/a b.txt",
                                 "--endpoint-url", "http://127.0.0.1:7480",
                                 "--content-type", "text/plain", "--metadata", "Project=s3lite",
                                 "--acl", "private", "--expires", "2030-01-10T00:04:06Z",
                                 "--tagging", "a=1&b=2", "--storage-class", "STANDARD",
                                 "--checksum-algorithm", "CRC32", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out, golden_a);
    }
    {
        /* multipart, SSE-C on every request, IPv6 endpoint, another region, signed parts */
        const char *const a[] = {"cp", "--dry-run", forty, "s3://bkt/k", "--endpoint-url",
                                 "http://[::1]:7480", "--part-size", "16", "--sse-c-key",
                                 "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "--region",
                                 "eu-west-1", NULL};
        run_cli(&r, env_small, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out, golden_b);
        CHECK_EQ_STR(r.err, "");
    }
    {
        /* aws-chunked parts with CRC32C, FULL_OBJECT value on Complete */
        const char *const a[] = {"cp", "--dry-run", forty, "s3://bkt/k", "--endpoint-url",
                                 "http://127.0.0.1:7480", "--part-size", "16", "--payload",
                                 "streaming", "--checksum-algorithm", "CRC32C",
                                 "--checksum-type", "FULL_OBJECT", NULL};
        run_cli(&r, env_small, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out, golden_c);
    }
    {
        /* stdin through a pipe: unknown length, multipart, unsigned parts */
        const char *const a[] = {"cp", "--dry-run", "-", "s3://bkt/stream.log",
                                 "--endpoint-url", "http://127.0.0.1:7480", "--part-size", "32",
                                 "--payload", "unsigned", NULL};
        run_cli(&r, env_small, a, pipe_forty);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out, golden_d);
    }
    {
        /* download: the GetObject head; no file is written */
        const char *const a[] = {"cp", "--dry-run", "s3://bkt/dir/a.txt", out, "--endpoint-url",
                                 "http://127.0.0.1:7480", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK_EQ_STR(r.out, golden_e);
        CHECK(access(out, F_OK) != 0);
    }
    {
        /* the same upload as a regular file on stdin: its length is known, one PutObject */
        const char *const a[] = {"cp", "--dry-run", "-", "s3://bkt/dir/a b.txt",
                                 "--endpoint-url", "http://127.0.0.1:7480", NULL};
        run_cli(&r, env, a, a_txt);
        CHECK_EQ_INT(r.code, 0);
        CHECK(strncmp(r.out, "PUT /bkt/dir/a%20b.txt HTTP/1.1\n", 32) == 0);
    }
    {
        /* usage errors: exit 2 and the flag named; nothing printed on stdout */
        const char *const a[] = {"cp", "--dry-run", a_txt, "s3://bkt/k", "--part-size", "1MiB",
                                 NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 2);
        CHECK(strstr(r.err, "--part-size") != NULL);
        CHECK_EQ_STR(r.out, "");
    }
    {
        const char *const a[] = {"cp", "--dry-run", "/nonexistent/file", "s3://bkt/k", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 2);
        CHECK(strstr(r.err, "/nonexistent/file") != NULL);
    }
    {
        /* the default AWS endpoint: virtual-hosted for a DNS-safe bucket (signature checked
         * by botocore: ee1bf152...), path-style for a dotted one (7806dfbc...) */
        const char *const a[] = {"cp", "--dry-run", a_txt, "s3://bkt/k", "--payload", "unsigned",
                                 "--region", "eu-west-1", NULL};
        const char *const b[] = {"cp", "--dry-run", a_txt, "s3://my.bkt/k", "--payload",
                                 "unsigned", "--region", "eu-west-1", NULL};
        run_cli(&r, env, a, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK(strncmp(r.out, "PUT /k HTTP/1.1\nContent-Length: 6\n"
                             "Host: bkt.s3.eu-west-1.amazonaws.com\n", 71) == 0);
        CHECK(strstr(r.out, "Signature=ee1bf15229633f4cc094a5e0a5d381f646aba32bb7836e16abd15813"
                            "61b4cc0b\n") != NULL);
        run_cli(&r, env, b, NULL);
        CHECK_EQ_INT(r.code, 0);
        CHECK(strncmp(r.out, "PUT /my.bkt/k HTTP/1.1\nContent-Length: 6\n"
                             "Host: s3.eu-west-1.amazonaws.com\n", 74) == 0);
        CHECK(strstr(r.out, "Signature=7806dfbc584b286c0aa09079d1730a6f69db19e52ee7f66ecb9bec09"
                            "42e7d753\n") != NULL);
    }
    unlink(a_txt);
    unlink(forty);
    rmdir(dir);
}

/* The other commands: usage errors name the problem and exit 2; --help exits 0; a refused
 * connection exits 3 (nothing listens on 127.0.0.1:1). */
static void test_commands(void)
{
    static const char *const env[] = {"AWS_ACCESS_KEY_ID=AK", "AWS_SECRET_ACCESS_KEY=SK",
                                      NULL};
    static const char *const env_badtime[] = {"AWS_ACCESS_KEY_ID=AK", "AWS_SECRET_ACCESS_KEY=SK",
                                              "S3L_FIXED_TIME=2030-01-10", NULL};
    static const struct {
        const char *args[8];
        int code;
        const char *in_err; /* NULL: check stdout has "usage" */
    } cases[] = {
        {{"mb", "--help"}, 0, NULL},
        {{"ls-uploads", "--help"}, 0, NULL},
        {{"ls-parts", "--help"}, 0, NULL},
        {{"abort", "--help"}, 0, NULL},
        {{"head", "--help"}, 0, NULL},
        {{"presign", "--help"}, 0, NULL},
        {{"cp", "--help"}, 0, NULL},
        {{"mb", "s3://bkt/key"}, 2, "without a key"},
        {{"mb", "s3://b b"}, 2, "bucket name"},
        {{"mb", "s3://bkt", "--acl", "bucket-owner-read"}, 2, "--acl 'bucket-owner-read'"},
        {{"mb"}, 2, "s3:// URL"},
        {{"mb", "s3://a", "s3://b"}, 2, "too many arguments"},
        {{"abort", "s3://bkt/key"}, 2, "--upload-id ID is required"},
        {{"abort", "s3://bkt", "--upload-id", "X"}, 2, "s3://BUCKET/KEY"},
        {{"abort", "s3://bkt/k", "--upload-id", ""}, 2, "--upload-id"},
        {{"ls-parts", "s3://bkt/key"}, 2, "--upload-id ID is required"},
        {{"ls-uploads", "s3://bkt", "--upload-id", "X"}, 2, "--upload-id is an option of ls-parts"},
        {{"ls-uploads", "bkt"}, 2, "not an s3:// URL"},
        {{"head", "s3://bkt/k", "--part-number", "0"}, 2, "--part-number '0'"},
        {{"head", "s3://bkt/k", "--sse-c-key", "c2hvcnQ="}, 2, "--sse-c-key"},
        {{"head", "s3://bkt/"}, 2, "s3://BUCKET/KEY"},
        {{"head", "s3://bkt/k", "--endpoint-url", "ftp://x"}, 2, "http://"},
        {{"head", "s3://bkt/k", "--region"}, 2, "--region needs a value"},
        {{"head", "s3://bkt/k", "--bogus"}, 2, "'--bogus'"},
        {{"head", "s3://bkt/k", "--endpoint-url", "http://127.0.0.1:1"}, 3, "127.0.0.1:1"},
        {{"mb", "s3://bkt", "--endpoint-url", "http://[::1]:1"}, 3, "::1"},
        {{"ls-uploads", "s3://bkt", "--endpoint-url", "http://127.0.0.1:1"}, 3, "refused"},
        {{"ls", "--help"}, 0, NULL},
        {{"rm", "--help"}, 0, NULL},
        {{"ls"}, 2, "s3:// URL"},
        {{"ls", "bkt"}, 2, "not an s3:// URL"},
        {{"ls", "s3://bkt", "s3://other"}, 2, "too many arguments"},
        {{"ls", "s3://bkt", "--page-size", "0"}, 2, "--page-size '0': want 1..1000"},
        {{"ls", "s3://bkt", "--page-size", "1001"}, 2, "--page-size '1001'"},
        {{"ls", "s3://bkt", "--page-size", "1k"}, 2, "--page-size '1k'"},
        {{"ls", "s3://bkt", "--page-size", "-1"}, 2, "--page-size '-1'"},
        {{"ls", "s3://bkt", "--request-payer", "me"}, 2, "--request-payer 'me'"},
        {{"ls", "s3://bkt", "--upload-id", "X"}, 2, "'--upload-id'"},
        {{"ls", "s3://bkt/p", "--endpoint-url", "http://127.0.0.1:1"}, 3, "refused"},
        {{"rm", "s3://bkt"}, 2, "want s3://BUCKET/KEY"},
        {{"rm", "s3://bkt/"}, 2, "want s3://BUCKET/KEY"},
        {{"rm", "s3://bkt/k", "--version-id", ""}, 2, "--version-id"},
        {{"rm", "s3://bkt/k", "--recursive"}, 2, "'--recursive'"},
        {{"rm", "s3://bkt/k", "--endpoint-url", "http://127.0.0.1:1"}, 3, "refused"},
    };
    struct run r;
    size_t i;
    if (!cp_built()) {
        SKIP(2 * sizeof cases / sizeof cases[0] + 2, "the commands are not built yet");
        return;
    }
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_cli(&r, env, cases[i].args, NULL);
        CHECKF(r.code == cases[i].code, "%s %s: exit %d, want %d (%s)", cases[i].args[0],
               cases[i].args[1] != NULL ? cases[i].args[1] : "", r.code, cases[i].code, r.err);
        if (cases[i].in_err != NULL) {
            CHECKF(strstr(r.err, cases[i].in_err) != NULL, "%s %s: stderr '%s' lacks '%s'",
                   cases[i].args[0], cases[i].args[1] != NULL ? cases[i].args[1] : "", r.err,
                   cases[i].in_err);
        } else {
            CHECKF(strstr(r.out, "usage: s3lite") != NULL, "%s --help: '%s'", cases[i].args[0],
                   r.out);
        }
    }
    {
        static const char *const a[] = {"presign", "s3://b/k", NULL};
        run_cli(&r, env_badtime, a, NULL);
        CHECK_EQ_INT(r.code, 2);
        CHECK(strstr(r.err, "S3L_FIXED_TIME") != NULL);
    }
}

/* ---- `s3lite ls` lines (cmd_ls_objects.c), as aws s3 ls prints them --------------------- */

/* What f holds, as a string (at most cap - 1 bytes). */
static const char *file_text(FILE *f, char *buf, size_t cap)
{
    size_t n;
    rewind(f);
    n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    rewind(f);
    if (ftruncate(fileno(f), 0) != 0) buf[0] = '?';
    return buf;
}

static void test_ls_lines(void)
{
    /* expected lines written from aws-cli's ListCommand: date ljust(19), size rjust(10),
     * "PRE" rjust(30), the name after the last '/' (objects) or before the closing '/' */
    static const struct {
        const char *tz, *when;
        uint64_t size;
        const char *key;
        int basename;
        const char *want;
    } objs[] = {
        {"UTC0", "2026-12-07T21:55:01.000Z", 1048576, "photos/2026/a.jpg", 1,
         "2026-12-07 21:55:01    1048576 a.jpg\n"},
        {"UTC0", "2026-12-07T21:55:01.000Z", 1048576, "photos/2026/a.jpg", 0,
         "2026-12-07 21:55:01    1048576 photos/2026/a.jpg\n"},
        {"UTC0", "2009-10-12T17:50:30Z", 0, "top", 1, "2009-10-12 17:50:30          0 top\n"},
        {"UTC0", "2009-10-12T17:50:30Z", 18446744073709551615u, "d/", 1,
         "2009-10-12 17:50:30 18446744073709551615 \n"},
        /* local time, as aws-cli shows it: POSIX "XXX-02" is two hours east of UTC */
        {"XXX-02", "2026-12-31T23:30:00.500Z", 7, "a b/c", 1, "2027-01-01 01:30:00          7 c\n"},
        {"XXX+05", "2026-03-01T02:00:00Z", 12345, "k", 0, "2026-02-28 21:00:00      12345 k\n"},
        /* not a date: shown as sent */
        {"UTC0", "yesterday", 1, "k", 0, "yesterday                    1 k\n"},
    };
    static const struct {
        const char *prefix, *want;
    } pres[] = {
        {"photos/2026/", "                           PRE 2026/\n"},
        {"photos/", "                           PRE photos/\n"},
        {"a//", "                           PRE /\n"},
        {"a b&c/", "                           PRE a b&c/\n"},
    };
    char buf[256];
    const char *tz0 = getenv("TZ");
    char *saved = tz0 != NULL ? strdup(tz0) : NULL;
    FILE *f = tmpfile();
    size_t i;
    if (f == NULL) {
        CHECK(f != NULL);
        free(saved);
        return;
    }
    for (i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        setenv("TZ", objs[i].tz, 1);
        tzset();
        CHECK_EQ_INT(s3l_cli_ls_print_object(f, objs[i].when, objs[i].size, objs[i].key,
                                             objs[i].basename), 0);
        CHECK_EQ_STR(file_text(f, buf, sizeof buf), objs[i].want);
    }
    for (i = 0; i < sizeof pres / sizeof pres[0]; i++) {
        CHECK_EQ_INT(s3l_cli_ls_print_prefix(f, pres[i].prefix), 0);
        CHECK_EQ_STR(file_text(f, buf, sizeof buf), pres[i].want);
    }
    fclose(f);
    if (saved != NULL) setenv("TZ", saved, 1);
    else unsetenv("TZ");
    tzset();
    free(saved);
}

int main(void)
{
    test_args();
    test_conf();
    test_credentials_source();
    test_s3url();
    test_endpoint();
    test_times();
    test_sizes();
    test_cp_enums();
    test_cp_checksums();
    test_cp_values();
    test_cp_positionals();
    test_misc();
    test_dry_transport();
    test_presign();
    test_presign_multipart();
    test_dryrun();
    test_dryrun_many_parts();
    test_commands();
    test_ls_lines();
    return th_summary();
}
