/* SPDX-License-Identifier: MIT */
/*
 * Applications built with other options than the library get S3L_ERR_ABI from every init
 * function whose struct they see differently, and nothing is written to their memory.
 *
 * tests/abi/app.c is compiled four times (tests/mk/abi.mk): with this build's options ("same"),
 * with the plain source headers (no build_config.h: what `cc -Iinclude app.c` gives,
 * mbedTLS contexts), with S3L_KEY_MAX=512 (a size tunable), with an S3L_CONFIG_FILE the
 * library was not built with (tests/abi/small_config.h), and with a hash backend the library
 * was not built with (S3L_HASH_ALT -> tests/abi/fake_hash.h). This file is compiled
 * with the library's options, so its sizeof and S3L_ABI_CONFIG are the library's.
 */
#include <stdio.h>

#include "harness.h"
#include "s3lite.h"
#include "s3lite/port_posix.h"
#include "s3lite/port_tls.h"

#include "abi/app.h"

#define LIB_SIZE(fn, type) sizeof(type),
static const size_t lib_size[ABI_NINITS] = {ABI_INITS(LIB_SIZE)};
#define NAME(fn, type) #fn,
static const char *const init_name[ABI_NINITS] = {ABI_INITS(NAME)};

/* What each init returns with app.c's arguments once the ABI check passed: S3L_OK, except the
 * client's and the uploader's, whose configs are left empty on purpose (the check comes
 * before the argument checks, and the test should not depend on their configuration fields). */
static int expected_ok(size_t i)
{
    return strcmp(init_name[i], "s3l_client_init") == 0 ||
                   strcmp(init_name[i], "s3l_uploader_init") == 0
               ? S3L_ERR_ARG
               : S3L_OK;
}

/* Check one report; returns how many calls were refused with S3L_ERR_ABI. */
static unsigned check_report(const struct abi_app_report *r)
{
    unsigned refused = 0;
    size_t i;
    printf("app built with %s: S3L_ABI_CONFIG 0x%08lx (library 0x%08lx)\n", r->options,
           (unsigned long)r->config, (unsigned long)S3L_ABI_CONFIG);
    for (i = 0; i < ABI_NINITS; i++) {
        const struct abi_call *c = &r->calls[i];
        int mismatch = c->app_size != lib_size[i] || r->config != S3L_ABI_CONFIG;
        CHECK_EQ_STR(c->name, init_name[i]);
        if (mismatch) {
            refused++;
            CHECKF(c->rc == S3L_ERR_ABI, "%s: %s (%d) for a struct of %zu B (library %zu B)",
                   c->name, s3l_strerror(c->rc), c->rc, c->app_size, lib_size[i]);
            CHECKF(!c->wrote, "%s wrote into the application's memory", c->name);
        } else {
            CHECKF(c->rc == expected_ok(i), "%s: %d, want %d", c->name, c->rc, expected_ok(i));
            CHECKF(!c->wrote_past, "%s wrote past its struct", c->name);
        }
        if (c->app_size != lib_size[i] || c->rc == S3L_ERR_ABI)
            printf("  %-24s app %6zu B, library %6zu B: %s\n", c->name, c->app_size,
                   lib_size[i], c->rc == S3L_ERR_ABI ? "S3L_ERR_ABI" : "accepted");
    }
    return refused;
}

int main(void)
{
    static struct abi_app_report same, plain, keymax, cfgfile, fakehash;
    unsigned refused;

    abi_app_same(&same);
    CHECK_EQ_INT(check_report(&same), 0);

    /* The plain headers differ from this build only when it chose another hash or TLS
     * backend (either changes the fingerprint: every init refuses). */
    abi_app_plain(&plain);
    refused = check_report(&plain);
    if (strcmp(S3L_BUILD_HASH, "mbedtls") != 0 || strcmp(S3L_BUILD_TLS, "mbedtls") != 0)
        CHECKF(refused >= 4, "plain headers against a hash %s, tls %s build: %u refused",
               S3L_BUILD_HASH, S3L_BUILD_TLS, refused);

    /* A size tunable changes the fingerprint: every init refuses. */
    abi_app_keymax(&keymax);
    CHECK(keymax.config != S3L_ABI_CONFIG);
    CHECK_EQ_INT(check_report(&keymax), ABI_NINITS);

    /* An S3L_CONFIG_FILE is read (its sizes change the fingerprint), and refused likewise. */
    abi_app_cfgfile(&cfgfile);
    CHECK(cfgfile.config != S3L_ABI_CONFIG);
    CHECK_EQ_INT(check_report(&cfgfile), ABI_NINITS);

    /* Another hash backend: at least every struct holding a hash context is refused. */
    abi_app_fakehash(&fakehash);
    CHECK(fakehash.calls[0].app_size != lib_size[0]);
    refused = check_report(&fakehash);
    CHECKF(refused >= 4, "%u refused", refused);

    printf("S3L_ERR_ABI: %s\n", s3l_strerror(S3L_ERR_ABI));
    return th_summary();
}
