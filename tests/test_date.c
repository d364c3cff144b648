/* SPDX-License-Identifier: MIT */
/*
 * core/date against independent computations:
 *  - a day-by-day walk of the calendar (a month-length table and the leap rule, nothing shared
 *    with the module) over every day of 0000-01-01 .. 9999-12-31: parse, format (all three
 *    forms), to_unix, and from_unix from 1970 on, with a different time of day each day;
 *  - Python's datetime / email.utils (/usr/bin/python3 via popen) on random instants up to
 *    9999 (a fixed seed, printed; S3L_TEST_SEED=N for others);
 *  - every parse error path, out-of-range fields, bad arguments, guard bytes after buffers;
 *  - IMF-fixdate (S3L_DATE_HTTP) parsing: RFC 9110's example and extremes, each field out of
 *    range, names in the wrong case or misspelt, wrong separators, no "GMT", one byte short or
 *    long, the obsolete HTTP-date forms, any weekday name accepted on any date (documented:
 *    the date decides the day), strings in heap blocks of exactly their size.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "s3lite/date.h"

static const char *const k_wd[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const k_mo[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const int k_mlen[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_len(int y, int m)
{
    return m == 2 && is_leap(y) ? 29 : k_mlen[m - 1];
}

#define GUARD 0xA5
#define BUF 48

/* Format tm in form into a guarded buffer; checks the length, the guard and compares with want. */
static int fmt_is(const struct s3l_tm *tm, enum s3l_date_form form, const char *want)
{
    char buf[BUF];
    size_t n, i, len = strlen(want);
    memset(buf, GUARD, sizeof buf);
    n = s3l_date_format(tm, form, buf);
    if (n != len || memcmp(buf, want, len) != 0) return 0;
    for (i = len; i < sizeof buf; i++) {
        if ((unsigned char)buf[i] != GUARD) return 0;
    }
    return 1;
}

static int tm_is(const struct s3l_tm *tm, int y, int m, int d, int hh, int mm, int ss, int wd)
{
    return tm->year == y && tm->mon == m && tm->mday == d && tm->hour == hh && tm->min == mm &&
           tm->sec == ss && tm->wday == wd;
}

/* Every day of years 0..9999, walked one day at a time. */
static void test_every_day(void)
{
    int y = 0, m = 1, d = 1, wd;
    int64_t day = -719528; /* 0000-01-01 in days since 1970-01-01 */
    unsigned long n = 0, bad_parse = 0, bad_fmt = 0, bad_to = 0, bad_from = 0, bad_iso = 0;
    unsigned long bad_http = 0;
    for (; y <= 9999; n++, day++) {
        struct s3l_tm tm, back;
        char amz[80], iso[80], http[96];
        int64_t secs = (int64_t)((n * 7919u) % 86400u), t, want = day * 86400 + secs;
        int hh = (int)(secs / 3600), mi = (int)(secs / 60 % 60), ss = (int)(secs % 60);
        size_t fl = 99;
        wd = (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
        snprintf(amz, sizeof amz, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, hh, mi, ss);
        snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mi, ss);
        snprintf(http, sizeof http, "%s, %02d %s %04d %02d:%02d:%02d GMT", k_wd[wd], d,
                 k_mo[m - 1], y, hh, mi, ss);
        if (s3l_date_parse(amz, S3L_DATE_AMZ, &tm, &fl) != S3L_OK || fl != 0 ||
            !tm_is(&tm, y, m, d, hh, mi, ss, wd)) {
            if (bad_parse++ < 3) printf("  parse %s\n", amz);
        }
        if (s3l_date_parse(iso, S3L_DATE_ISO, &back, NULL) != S3L_OK ||
            !tm_is(&back, y, m, d, hh, mi, ss, wd)) {
            if (bad_iso++ < 3) printf("  parse %s\n", iso);
        }
        memset(&back, 0x5a, sizeof back);
        fl = 99;
        if (s3l_date_parse(http, S3L_DATE_HTTP, &back, &fl) != S3L_OK || fl != 0 ||
            !tm_is(&back, y, m, d, hh, mi, ss, wd)) {
            if (bad_http++ < 3) printf("  parse %s\n", http);
        }
        tm.wday = 0; /* ignored by the readers */
        if (!fmt_is(&tm, S3L_DATE_AMZ, amz) || !fmt_is(&tm, S3L_DATE_ISO, iso) ||
            !fmt_is(&tm, S3L_DATE_HTTP, http)) {
            if (bad_fmt++ < 3) printf("  format %s\n", http);
        }
        if (s3l_date_to_unix(&tm, &t) != S3L_OK || t != want) {
            if (bad_to++ < 3) printf("  to_unix %s\n", amz);
        }
        if (day >= 0) {
            memset(&back, 0xff, sizeof back);
            if (s3l_date_from_unix(want, &back) != S3L_OK || !tm_is(&back, y, m, d, hh, mi, ss, wd)) {
                if (bad_from++ < 3) printf("  from_unix %" PRId64 "\n", want);
            }
        }
        if (++d > month_len(y, m)) {
            d = 1;
            if (++m > 12) m = 1, y++;
        }
    }
    CHECKF(n == 3652425u, "%lu days", n); /* 10000 years of 365.2425 days */
    CHECKF(bad_parse == 0, "%lu AMZ parses wrong", bad_parse);
    CHECKF(bad_iso == 0, "%lu ISO parses wrong", bad_iso);
    CHECKF(bad_http == 0, "%lu HTTP parses wrong", bad_http);
    CHECKF(bad_fmt == 0, "%lu formats wrong", bad_fmt);
    CHECKF(bad_to == 0, "%lu to_unix wrong", bad_to);
    CHECKF(bad_from == 0, "%lu from_unix wrong", bad_from);
    /* every second of two days: the time of day */
    {
        int64_t t;
        unsigned long bad = 0;
        for (t = 951782400 - 86400; t < 951782400 + 86400; t++) { /* 2000-02-28, 2000-02-29 */
            struct s3l_tm tm;
            int64_t s = t % 86400, back;
            if (s3l_date_from_unix(t, &tm) != S3L_OK || tm.hour != s / 3600 ||
                tm.min != s / 60 % 60 || tm.sec != s % 60 || tm.mday != 28 + (t >= 951782400) ||
                s3l_date_to_unix(&tm, &back) != S3L_OK || back != t) {
                bad++;
            }
        }
        CHECKF(bad == 0, "%lu seconds wrong", bad);
    }
}

/* Random instants against Python's datetime and email.utils. */
static void test_python(void)
{
    char cmd[1024], line[256];
    const char *s = getenv("S3L_TEST_SEED");
    unsigned seed = s != NULL && s[0] != '\0' ? (unsigned)strtoul(s, NULL, 0) : 20240611u;
    unsigned long n = 0, bad = 0;
    FILE *p;
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c '\n"
             "import random, datetime, email.utils\n"
             "r = random.Random(%u)\n"
             "e = datetime.datetime(1970, 1, 1)\n"
             "for i in range(20000):\n"
             "    t = r.choice([r.randrange(0, 253402300800), r.randrange(0, 4102444800)])\n"
             "    d = e + datetime.timedelta(seconds=t)\n"
             "    h = email.utils.format_datetime(d.replace(tzinfo=datetime.timezone.utc), usegmt=True)\n"
             "    print(t, d.strftime(\"%%Y%%m%%dT%%H%%M%%SZ\"), d.strftime(\"%%Y-%%m-%%dT%%H:%%M:%%SZ\"), h)\n"
             "' 2>/dev/null",
             seed);
    printf("python seed %u (S3L_TEST_SEED to change)\n", seed);
    p = popen(cmd, "r");
    if (p == NULL) {
        SKIP(1, "no /usr/bin/python3");
        return;
    }
    while (fgets(line, sizeof line, p) != NULL) {
        char amz[32], iso[32], *http;
        long long t;
        struct s3l_tm tm;
        int64_t back;
        if (sscanf(line, "%lld %31s %31s", &t, amz, iso) != 3) continue;
        http = strchr(strchr(strchr(line, ' ') + 1, ' ') + 1, ' ') + 1;
        http[strcspn(http, "\n")] = '\0';
        n++;
        if (s3l_date_from_unix(t, &tm) != S3L_OK || !fmt_is(&tm, S3L_DATE_AMZ, amz) ||
            !fmt_is(&tm, S3L_DATE_ISO, iso) || !fmt_is(&tm, S3L_DATE_HTTP, http) ||
            s3l_date_to_unix(&tm, &back) != S3L_OK || back != t ||
            s3l_date_parse(amz, S3L_DATE_AMZ, &tm, NULL) != S3L_OK ||
            s3l_date_to_unix(&tm, &back) != S3L_OK || back != t ||
            s3l_date_parse(http, S3L_DATE_HTTP, &tm, NULL) != S3L_OK ||
            s3l_date_to_unix(&tm, &back) != S3L_OK || back != t) {
            if (bad++ < 3) printf("  python: %s", line);
        }
    }
    if (pclose(p) != 0 || n == 0) {
        SKIP(1, "/usr/bin/python3 did not run");
        return;
    }
    CHECKF(n == 20000, "%lu lines from python", n);
    CHECKF(bad == 0, "%lu of %lu instants differ from python", bad, n);
}

static void test_known(void)
{
    struct s3l_tm tm;
    CHECK(s3l_date_from_unix(1894233846, &tm) == S3L_OK);
    CHECK(fmt_is(&tm, S3L_DATE_HTTP, "Thu, 10 Jan 2030 00:04:06 GMT"));
    CHECK(fmt_is(&tm, S3L_DATE_ISO, "2030-01-10T00:04:06Z"));
    CHECK(fmt_is(&tm, S3L_DATE_AMZ, "20300110T000406Z"));
    CHECK(s3l_date_from_unix(0, &tm) == S3L_OK);
    CHECK(fmt_is(&tm, S3L_DATE_HTTP, "Thu, 01 Jan 1970 00:00:00 GMT"));
    CHECK(s3l_date_from_unix(S3L_DATE_UNIX_MAX, &tm) == S3L_OK);
    CHECK(fmt_is(&tm, S3L_DATE_HTTP, "Fri, 31 Dec 9999 23:59:59 GMT"));
    CHECK(s3l_date_from_unix(1369353600, &tm) == S3L_OK);
    CHECK(fmt_is(&tm, S3L_DATE_AMZ, "20130524T000000Z"));
    CHECK(s3l_date_parse("00000101T000000Z", S3L_DATE_AMZ, &tm, NULL) == S3L_OK);
    CHECK(tm_is(&tm, 0, 1, 1, 0, 0, 0, 6)); /* proleptic Gregorian: a Saturday */
    CHECK(fmt_is(&tm, S3L_DATE_HTTP, "Sat, 01 Jan 0000 00:00:00 GMT"));
    CHECK(s3l_date_parse("00000229T000000Z", S3L_DATE_AMZ, &tm, NULL) == S3L_OK); /* 0 is leap */
    CHECK_EQ_INT(S3L_DATE_AMZ_LEN, 16);
    CHECK_EQ_INT(S3L_DATE_ISO_LEN, 20);
    CHECK_EQ_INT(S3L_DATE_HTTP_LEN, 29);
}

static void test_parse_errors(void)
{
    static const char *const bad_amz[] = {
        "", "2013", "20130524T000000", "20130524T000000Z0", "20130524 000000Z", "20130524T000000z",
        "2013052AT000000Z", "20130001T000000Z", "20131301T000000Z", "20130500T000000Z",
        "20130532T000000Z", "20130431T000000Z", "20130229T000000Z", "19000229T000000Z",
        "21000229T000000Z", "20130524T240000Z", "20130524T236000Z", "20130524T235960Z",
        "-0130524T000000Z", "2013-05-24T00:00:00Z", "20130524T000000+00:00",
        "20130524T000000.5Z", "20130624T99:999Z", "+2013524T000000Z", " 20130524T000000Z",
        "20130524T000000Z\n", "2013O524T000000Z", "20130524t000000Z", "99991232T000000Z"};
    static const char *const bad_iso[] = {
        "", "2013-05-24", "2013-05-24T00:00:00", "2013-05-24T00:00:00z", "2013-05-24 00:00:00Z",
        "2013-05-24T00:00:00.Z", "2013-05-24T00:00:00.1234567890Z", "2013-05-24T00:00:00+01:00",
        "2013-05-24T00:00:00+00:0", "2013-05-24T00:00:00+00:00Z", "2013-05-24T00:00:00-00:00",
        "2013-05-24T00:00:00ZZ", "2013-05-24T00:00:00.5", "2013-05-24T00:00:00.5+0000",
        "2013-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2013-00-10T00:00:00Z",
        "2013-13-10T00:00:00Z", "2013-05-00T00:00:00Z", "2013-06-31T00:00:00Z",
        "2013-05-24T24:00:00Z", "2013-05-24T23:60:00Z", "2013-05-24T23:59:60Z",
        "20130524T000000Z", "2013/05/24T00:00:00Z", "2013-5-24T00:00:00Z", "2013-05-24T0:00:00Z",
        "2013-05-24T00:00:00 Z", "2013-05-24T00:00:00.1a2Z", "-013-05-24T00:00:00Z",
        "2013-05-24T00:00:00.-1Z", "2013-05-24T00:00:00Z "};
    static const struct {
        const char *s;
        size_t fl;
        int sec;
    } good_iso[] = {{"2013-05-24T00:00:59Z", 0, 59},
                    {"2013-05-24T00:00:01+00:00", 0, 1},
                    {"2013-05-24T00:00:00.5Z", 2, 0},
                    {"2013-05-24T00:00:00.123456789Z", 10, 0},
                    {"2013-05-24T00:00:00.000+00:00", 4, 0},
                    {"2024-02-29T23:59:59.9Z", 2, 59}};
    struct s3l_tm tm, keep;
    size_t i, k, fl;
    memset(&keep, 0x5a, sizeof keep);
    for (i = 0; i < sizeof bad_amz / sizeof bad_amz[0]; i++) {
        tm = keep;
        fl = 77;
        CHECKF(s3l_date_parse(bad_amz[i], S3L_DATE_AMZ, &tm, &fl) == S3L_ERR_BAD_DATE,
               "AMZ '%s' accepted", bad_amz[i]);
        CHECK(memcmp(&tm, &keep, sizeof tm) == 0 && fl == 77);
    }
    for (i = 0; i < sizeof bad_iso / sizeof bad_iso[0]; i++) {
        tm = keep;
        fl = 77;
        CHECKF(s3l_date_parse(bad_iso[i], S3L_DATE_ISO, &tm, &fl) == S3L_ERR_BAD_DATE,
               "ISO '%s' accepted", bad_iso[i]);
        CHECK(memcmp(&tm, &keep, sizeof tm) == 0 && fl == 77);
    }
    for (i = 0; i < sizeof good_iso / sizeof good_iso[0]; i++) {
        fl = 77;
        CHECKF(s3l_date_parse(good_iso[i].s, S3L_DATE_ISO, &tm, &fl) == S3L_OK, "'%s' refused",
               good_iso[i].s);
        CHECK_EQ_INT(fl, good_iso[i].fl);
        CHECK_EQ_INT(tm.sec, good_iso[i].sec);
    }
    /* every proper prefix of a good date, and the date with any one byte replaced by 'x', is
     * refused */
    {
        static const char *const good[3] = {"20240229T235959Z", "2024-02-29T23:59:59.25Z",
                                            "Thu, 29 Feb 2024 23:59:59 GMT"};
        static const enum s3l_date_form form[3] = {S3L_DATE_AMZ, S3L_DATE_ISO, S3L_DATE_HTTP};
        unsigned long bad = 0;
        for (k = 0; k < 3; k++) {
            char s[40], *heap;
            size_t n = strlen(good[k]);
            enum s3l_date_form f = form[k];
            for (i = 0; i < n; i++) {
                /* the prefix in a heap block of exactly its size: valgrind/ASan see overreads */
                heap = malloc(i + 1);
                if (heap == NULL) continue;
                memcpy(heap, good[k], i);
                heap[i] = '\0';
                if (s3l_date_parse(heap, f, &tm, NULL) != S3L_ERR_BAD_DATE) bad++;
                free(heap);
                strcpy(s, good[k]);
                s[i] = 'x';
                if (s3l_date_parse(s, f, &tm, NULL) != S3L_ERR_BAD_DATE) bad++;
            }
        }
        CHECKF(bad == 0, "%lu prefixes or changed bytes accepted", bad);
    }
    /* arguments */
    CHECK(s3l_date_parse(NULL, S3L_DATE_AMZ, &tm, NULL) == S3L_ERR_ARG);
    CHECK(s3l_date_parse("20130524T000000Z", S3L_DATE_AMZ, NULL, NULL) == S3L_ERR_ARG);
    CHECK(s3l_date_parse("Fri, 24 May 2013 00:00:00 GMT", S3L_DATE_HTTP, NULL, NULL) == S3L_ERR_ARG);
    CHECK(s3l_date_parse(NULL, S3L_DATE_HTTP, &tm, NULL) == S3L_ERR_ARG);
    CHECK(s3l_date_parse("Fri, 24 May 2013 00:00:00 GMT", (enum s3l_date_form)3, &tm, NULL) ==
          S3L_ERR_ARG);
    CHECK(s3l_date_parse("20130524T000000Z", (enum s3l_date_form)7, &tm, NULL) == S3L_ERR_ARG);
}

/* s parsed from a heap block of exactly its size (valgrind/ASan see an overread) into a struct
 * followed by guard bytes; returns the result, *out gets the struct, *guard_ok whether the
 * guard survived and, on an error, whether the struct and frac_len were left alone. */
struct guarded_tm {
    struct s3l_tm tm;
    unsigned char guard[16];
};

static int parse_guarded(const char *s, enum s3l_date_form form, struct s3l_tm *out, size_t *fl,
                         int *guard_ok)
{
    struct guarded_tm g;
    size_t n = strlen(s), i, f = 77;
    char *heap = malloc(n + 1);
    int rc;
    *guard_ok = 0;
    memset(out, 0, sizeof *out);
    *fl = 0;
    if (heap == NULL) return 1000;
    memcpy(heap, s, n + 1);
    memset(&g, GUARD, sizeof g);
    rc = s3l_date_parse(heap, form, &g.tm, &f);
    free(heap);
    *guard_ok = 1;
    for (i = 0; i < sizeof g.guard; i++) *guard_ok &= g.guard[i] == GUARD;
    if (rc != S3L_OK) {
        for (i = 0; i < sizeof g.tm; i++) *guard_ok &= ((unsigned char *)&g.tm)[i] == GUARD;
        *guard_ok &= f == 77;
    }
    *out = g.tm;
    *fl = f;
    return rc;
}

static void test_http(void)
{
    /* expected Unix times from Python's calendar.timegm(email.utils.parsedate(s)) */
    static const struct {
        const char *s;
        int64_t t;
        int wday;
    } good[] = {{"Sun, 06 Nov 1994 08:49:37 GMT", INT64_C(784111777), 0}, /* RFC 9110 5.6.7 */
                {"Thu, 10 Jan 2030 00:04:06 GMT", INT64_C(1894233846), 4},
                {"Thu, 29 Feb 2024 23:59:59 GMT", INT64_C(1709251199), 4},
                {"Tue, 29 Feb 2000 12:00:00 GMT", INT64_C(951825600), 2},
                {"Thu, 01 Jan 1970 00:00:00 GMT", 0, 4},
                {"Wed, 31 Dec 1969 23:59:59 GMT", -1, 3},
                {"Sat, 01 Jan 0000 00:00:00 GMT", INT64_C(-62167219200), 6},
                {"Fri, 31 Dec 9999 23:59:59 GMT", S3L_DATE_UNIX_MAX, 5}};
    static const char *const bad[] = {
        /* each field out of range */
        "Thu, 00 Jan 2030 00:04:06 GMT", "Thu, 32 Jan 2030 00:04:06 GMT",
        "Thu, 31 Apr 2030 00:04:06 GMT", "Thu, 29 Feb 2030 00:04:06 GMT",
        "Thu, 29 Feb 1900 00:04:06 GMT", "Thu, 30 Feb 2000 00:04:06 GMT",
        "Thu, 99 Dec 2030 00:04:06 GMT", "Thu, 10 Jan 2030 24:04:06 GMT",
        "Thu, 10 Jan 2030 99:04:06 GMT", "Thu, 10 Jan 2030 00:60:06 GMT",
        "Thu, 10 Jan 2030 00:04:60 GMT", "Thu, 10 Jan 2030 00:04:99 GMT",
        /* names: unknown, misspelt, wrong case (RFC 9110 spells them case-sensitive) */
        "Thx, 10 Jan 2030 00:04:06 GMT", "thu, 10 Jan 2030 00:04:06 GMT",
        "THU, 10 Jan 2030 00:04:06 GMT", "Jan, 10 Jan 2030 00:04:06 GMT",
        "Thu, 10 Jam 2030 00:04:06 GMT", "Thu, 10 jan 2030 00:04:06 GMT",
        "Thu, 10 JAN 2030 00:04:06 GMT", "Thu, 10 Thu 2030 00:04:06 GMT",
        "Thu, 10 Foo 2030 00:04:06 GMT", "Thu, 10 01 2030 00:04:06 GMT",
        /* separators */
        "Thu 10 Jan 2030 00:04:06 GMT", "Thu,,10 Jan 2030 00:04:06 GMT",
        "Thu; 10 Jan 2030 00:04:06 GMT", "Thu,10 Jan 2030 00:04:06 GMT ",
        "Thu, 10-Jan-2030 00:04:06 GMT", "Thu, 10 Jan 2030T00:04:06 GMT",
        "Thu, 10 Jan 2030 00.04.06 GMT", "Thu, 10 Jan 2030 00:04-06 GMT",
        "Thu,  10 Jan 2030 00:04:06 GMT", "Thu, 10 Jan  2030 00:04:06 GMT",
        "Thu, 10 Jan 2030  00:04:06 GMT", "Thu, 10 Jan 2030 00:04:06  GMT",
        "Thu, 10\tJan 2030 00:04:06 GMT", "Thu, 10 Jan 2030 00:04:06\tGMT",
        /* the zone: missing, another name, an offset, wrong case, trailing bytes */
        "Thu, 10 Jan 2030 00:04:06", "Thu, 10 Jan 2030 00:04:06 ", "Thu, 10 Jan 2030 00:04:06 UTC",
        "Thu, 10 Jan 2030 00:04:06 gmt", "Thu, 10 Jan 2030 00:04:06 Gmt",
        "Thu, 10 Jan 2030 00:04:06 +0000", "Thu, 10 Jan 2030 00:04:06 Z",
        "Thu, 10 Jan 2030 00:04:06 GMT+0", "Thu, 10 Jan 2030 00:04:06 GMT\r\n",
        /* one byte short or long */
        "Thu, 10 Jan 2030 00:04:06 GM", "hu, 10 Jan 2030 00:04:06 GMT",
        "Thu, 1 Jan 2030 00:04:06 GMT", "Thu, 10 Jan 203 00:04:06 GMT",
        "Thu, 10 Jan 2030 0:04:06 GMT", "Thu, 10 Jan 2030 00:04:6 GMT",
        "Thu, 10 Jan 2030 00:04:06 GMTT", " Thu, 10 Jan 2030 00:04:06 GMT",
        "Thu, 010 Jan 2030 00:04:06 GMT", "Thu, 10 Jan 02030 00:04:06 GMT",
        "Thu, 10 Jan 2030 00:04:006 GMT", "Thu, 10 Janu 2030 00:04:06 GMT",
        "Thur, 10 Jan 2030 00:04:06 GMT",
        /* non-digits where digits go */
        "Thu, 1O Jan 2030 00:04:06 GMT", "Thu, 10 Jan 2O30 00:04:06 GMT",
        "Thu, +1 Jan 2030 00:04:06 GMT", "Thu, 10 Jan -030 00:04:06 GMT",
        "Thu, 10 Jan 2030 0 :04:06 GMT",
        /* the obsolete HTTP-date forms and the other forms of this module */
        "Thursday, 10-Jan-30 00:04:06 GMT", "Thu Jan 10 00:04:06 2030", "Thu Jan  1 00:04:06 2030",
        "Thu, 10 Jan 30 00:04:06 GMT", "2030-01-10T00:04:06Z", "20300110T000406Z", "", "Thu, "};
    static const char *const wd[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    struct s3l_tm tm;
    int64_t t;
    size_t i, fl;
    int ok = 0;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECKF(parse_guarded(good[i].s, S3L_DATE_HTTP, &tm, &fl, &ok) == S3L_OK, "'%s' refused",
               good[i].s);
        CHECKF(ok && fl == 0, "'%s': guard or frac_len", good[i].s);
        CHECKF(s3l_date_to_unix(&tm, &t) == S3L_OK && t == good[i].t && tm.wday == good[i].wday,
               "'%s' -> %" PRId64 ", wday %d", good[i].s, t, tm.wday);
        CHECKF(fmt_is(&tm, S3L_DATE_HTTP, good[i].s), "'%s' does not format back", good[i].s);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECKF(parse_guarded(bad[i], S3L_DATE_HTTP, &tm, &fl, &ok) == S3L_ERR_BAD_DATE,
               "'%s' accepted", bad[i]);
        CHECKF(ok, "'%s': output or guard touched", bad[i]);
    }
    /* The weekday name is not compared with the date (date.h): any of the seven is taken, and
     * wday comes from the date (2030-01-10 is a Thursday). */
    for (i = 0; i < 7; i++) {
        char s[40];
        snprintf(s, sizeof s, "%s, 10 Jan 2030 00:04:06 GMT", wd[i]);
        CHECKF(parse_guarded(s, S3L_DATE_HTTP, &tm, &fl, &ok) == S3L_OK && ok, "'%s'", s);
        CHECKF(tm_is(&tm, 2030, 1, 10, 0, 4, 6, 4), "'%s': wday %d", s, tm.wday);
    }
    /* every month name, each on its own month's last day */
    for (i = 0; i < 12; i++) {
        char s[40];
        int last = month_len(2023, (int)i + 1);
        snprintf(s, sizeof s, "Mon, %02d %s 2023 12:00:00 GMT", last, k_mo[i]);
        CHECKF(parse_guarded(s, S3L_DATE_HTTP, &tm, &fl, &ok) == S3L_OK && ok &&
                   tm.mon == i + 1 && tm.mday == last,
               "'%s'", s);
        snprintf(s, sizeof s, "Mon, %02d %s 2023 12:00:00 GMT", last + 1, k_mo[i]);
        CHECKF(parse_guarded(s, S3L_DATE_HTTP, &tm, &fl, &ok) == S3L_ERR_BAD_DATE && ok,
               "'%s' accepted", s);
    }
    /* each letter of a good date with its case flipped */
    {
        static const char g[] = "Sun, 06 Nov 1994 08:49:37 GMT";
        unsigned long accepted = 0, letters = 0;
        char s[sizeof g];
        for (i = 0; i < sizeof g - 1; i++) {
            char c = g[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) continue;
            memcpy(s, g, sizeof g);
            s[i] = (char)(c ^ 0x20);
            letters++;
            if (parse_guarded(s, S3L_DATE_HTTP, &tm, &fl, &ok) != S3L_ERR_BAD_DATE || !ok)
                accepted++;
        }
        CHECKF(letters == 9 && accepted == 0, "%lu of %lu case flips accepted", accepted, letters);
    }
}

static void test_ranges(void)
{
    static const struct s3l_tm bad[] = {
        {10000, 1, 1, 0, 0, 0, 0}, {2013, 0, 1, 0, 0, 0, 0},   {2013, 13, 1, 0, 0, 0, 0},
        {2013, 5, 0, 0, 0, 0, 0},  {2013, 5, 32, 0, 0, 0, 0},  {2013, 4, 31, 0, 0, 0, 0},
        {2013, 2, 29, 0, 0, 0, 0}, {2100, 2, 29, 0, 0, 0, 0},  {2013, 5, 24, 24, 0, 0, 0},
        {2013, 5, 24, 0, 60, 0, 0}, {2013, 5, 24, 0, 0, 60, 0}, {2013, 5, 255, 0, 0, 0, 0},
        {65535, 12, 31, 0, 0, 0, 0}, {2013, 255, 1, 0, 0, 0, 0}, {2013, 12, 31, 255, 0, 0, 0}};
    struct s3l_tm tm, keep;
    int64_t t;
    char buf[BUF];
    size_t i, j;
    unsigned long guard_bad = 0;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 12345;
        CHECKF(s3l_date_to_unix(&bad[i], &t) == S3L_ERR_BAD_DATE && t == 12345, "case %zu", i);
        memset(buf, GUARD, sizeof buf);
        CHECK(s3l_date_format(&bad[i], S3L_DATE_HTTP, buf) == 0);
        for (j = 0; j < sizeof buf; j++) guard_bad += (unsigned char)buf[j] != GUARD;
    }
    CHECKF(guard_bad == 0, "%lu bytes written by refused formats", guard_bad);
    CHECK(s3l_date_to_unix(NULL, &t) == S3L_ERR_ARG);
    CHECK(s3l_date_to_unix(&bad[0], NULL) == S3L_ERR_ARG);
    CHECK(s3l_date_from_unix(0, &tm) == S3L_OK);
    CHECK(s3l_date_format(NULL, S3L_DATE_AMZ, buf) == 0);
    CHECK(s3l_date_format(&tm, S3L_DATE_AMZ, NULL) == 0);
    CHECK(s3l_date_format(&tm, (enum s3l_date_form)3, buf) == 0);
    memset(&keep, 0x5a, sizeof keep);
    tm = keep;
    CHECK(s3l_date_from_unix(-1, &tm) == S3L_ERR_RANGE);
    CHECK(s3l_date_from_unix(S3L_DATE_UNIX_MAX + 1, &tm) == S3L_ERR_RANGE);
    CHECK(s3l_date_from_unix(INT64_MIN, &tm) == S3L_ERR_RANGE);
    CHECK(s3l_date_from_unix(INT64_MAX, &tm) == S3L_ERR_RANGE);
    CHECK(s3l_date_from_unix(INT64_C(1) << 38, &tm) == S3L_ERR_RANGE);
    CHECK(memcmp(&tm, &keep, sizeof tm) == 0);
    CHECK(s3l_date_from_unix(0, NULL) == S3L_ERR_ARG);
    /* the extremes of to_unix */
    {
        struct s3l_tm lo = {0, 1, 1, 0, 0, 0, 0}, hi = {9999, 12, 31, 23, 59, 59, 0};
        CHECK(s3l_date_to_unix(&lo, &t) == S3L_OK && t == INT64_C(-62167219200));
        CHECK(s3l_date_to_unix(&hi, &t) == S3L_OK && t == S3L_DATE_UNIX_MAX);
    }
}

int main(void)
{
    test_known();
    test_parse_errors();
    test_http();
    test_ranges();
    test_every_day();
    test_python();
    return th_summary();
}
