/* SPDX-License-Identifier: MIT */
/* Unit tests for core/common.c and core/uri.c: headers, arena, URI encoding. */
#include "harness.h"
#include "s3lite/common.h"
#include "s3lite/hash.h"
#include "s3lite/uri.h"

static void test_headers(void)
{
    struct s3l_header items[2];
    struct s3l_headers h = {items, 0, 2};
    CHECK_EQ_INT(s3l_headers_add(&h, "Host", 4, "a", 1), S3L_OK);
    CHECK_EQ_INT(s3l_headers_add(&h, "Bad Name", 8, "a", 1), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(s3l_headers_add(&h, "X", 1, "a\r\nb", 4), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(s3l_headers_add(&h, "X", 1, "a\0b", 3), S3L_ERR_BAD_CHAR);
    CHECK_EQ_INT(h.count, 1);
    CHECK_EQ_INT(s3l_headers_add(&h, "X-A", 3, "", 0), S3L_OK);
    CHECK_EQ_INT(s3l_headers_add(&h, "X-B", 3, "b", 1), S3L_ERR_TOO_MANY);
    CHECK(s3l_headers_find(&h, "host") == &items[0]);
    CHECK(s3l_headers_find(&h, "x-a") == &items[1]);
    CHECK(s3l_headers_find(&h, "x-b") == NULL);
    CHECK(s3l_eq_ci("Chunked", 7, "chunked"));
    CHECK(!s3l_eq_ci("Chunke", 6, "chunked"));
    CHECK(!s3l_eq_ci("Chunkedx", 8, "chunked"));
    CHECK(s3l_eq_ci("", 0, ""));
}

static void test_arena(void)
{
    char buf[8 + 1];
    struct s3l_arena a = {buf, 8, 0};
    buf[8] = 'G';
    CHECK(s3l_arena_dup(&a, "abcde", 5) == buf);
    CHECK(s3l_arena_alloc(&a, 4) == NULL);
    CHECK_EQ_INT(a.used, 5);
    CHECK(s3l_arena_alloc(&a, 3) == buf + 5);
    CHECK(s3l_arena_alloc(&a, 1) == NULL);
    CHECK(buf[8] == 'G');
}

static void test_uri(void)
{
    char out[64 + 1];
    size_t n = 0;
    memset(out, 'G', sizeof out);
    CHECK_EQ_INT(s3l_uri_encode("a b/$~", 6, S3L_URI_KEEP_SLASH, out, 64, &n), S3L_OK);
    CHECK_EQ_INT(n, 10);
    CHECK(memcmp(out, "a%20b/%24~", 10) == 0);
    CHECK_EQ_INT(s3l_uri_encode("a/b", 3, 0, out, 64, &n), S3L_OK);
    CHECK(n == 5 && memcmp(out, "a%2Fb", 5) == 0);
    memset(out, 'G', sizeof out);
    CHECK_EQ_INT(s3l_uri_encode("\xe1\x88\xb4", 3, 0, out, 8, &n), S3L_ERR_BUF_TOO_SMALL);
    CHECK_EQ_INT(n, 9);
    CHECK(out[8] == 'G');
    CHECK_EQ_INT(s3l_uri_decode("%E1%88%B4+", 10, out, 64, &n), S3L_OK);
    CHECK(n == 4 && memcmp(out, "\xe1\x88\xb4+", 4) == 0);
    CHECK_EQ_INT(s3l_uri_decode("%E", 2, out, 64, &n), S3L_ERR_ARG);
    CHECK_EQ_INT(s3l_uri_decode("%zz", 3, out, 64, &n), S3L_ERR_ARG);
    CHECK(out[64] == 'G');
}

static void test_strerror(void)
{
    int e;
    for (e = -60; e <= 2; e++) CHECK(s3l_strerror(e) != NULL);
    CHECK_EQ_STR(s3l_strerror(S3L_ERR_BAD_CHAR),
                 "forbidden character (CR, LF, NUL or non-token byte)");
}

static void test_sha256(void)
{
    uint8_t d[32];
    char hex[65];
    CHECK_EQ_INT(s3l_sha256("abc", 3, d), S3L_OK);
    s3l_hex_lower(d, 32, hex);
    hex[64] = 0;
    CHECK_EQ_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

int main(void)
{
    test_headers();
    test_arena();
    test_uri();
    test_strerror();
    test_sha256();
    return th_summary();
}
