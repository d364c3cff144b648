/* SPDX-License-Identifier: MIT */
/*
 * The lists that must name every field, checked against the public headers by
 * tests/check_tables.py (run here with /usr/bin/python3): every member of a response result
 * struct has a row in core/s3_response.c's parser tables (or a stated reason to have none),
 * and every CreateMultipartUpload parameter is set for the golden request
 * tests/golden/create_mpu_all.http. One check per "ok:" or "FAIL:" line of the script; the
 * script exiting non-zero without a FAIL line is a failure too. SKIP without python3.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define PY "/usr/bin/python3"
#define SCRIPT "tests/check_tables.py"

int main(void)
{
    char line[1024];
    unsigned fails = 0, lines = 0;
    FILE *p;
    int status;

    if (access(PY, X_OK) != 0) {
        SKIP(1, "tests/check_tables.py needs " PY " (apt-get install python3)");
        return th_summary();
    }
    if (access(SCRIPT, R_OK) != 0) {
        CHECKF(0, "%s not found: run from the project root", SCRIPT);
        return th_summary();
    }
    p = popen(PY " " SCRIPT " 2>&1", "r");
    if (p == NULL) {
        CHECKF(0, "cannot run %s", SCRIPT);
        return th_summary();
    }
    while (fgets(line, (int)sizeof line, p) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        lines++;
        if (strncmp(line, "ok: ", 4) == 0) {
            printf("PASS %s\n", line + 4);
            CHECK(1);
        } else {
            fails += strncmp(line, "FAIL: ", 6) == 0;
            CHECKF(0, "%s", line);
        }
    }
    status = pclose(p);
    CHECKF(lines > 0, "%s printed nothing", SCRIPT);
    CHECKF(status == 0 || fails > 0, "%s exited with status %d and no FAIL line", SCRIPT, status);
    return th_summary();
}
