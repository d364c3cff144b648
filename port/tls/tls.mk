# SPDX-License-Identifier: MIT
# The TLS backend of the POSIX port, chosen at build time, and the TLS port against mbedTLS
# 3.6 as well as Debian's 2.28.
#
#   make TLS=openssl         port/tls/tls_openssl.c: the host's OpenSSL (libssl-dev)
#   make TLS=mbedtls         port/tls/tls_mbedtls.c: mbedTLS, as firmware and CMake builds use
#   make (TLS=auto)          openssl where the host has its headers, except with ACCEL=0 (the
#                            portable build keeps mbedTLS); else mbedtls
# The choice goes into $(BUILD)/include/s3lite/build_config.h (S3L_TLS_OPENSSL,
# S3L_BUILD_TLS) and into the ABI fingerprint: struct s3l_tls (and struct s3l_net, which
# holds it) differs per backend. `s3lite --version` prints it on its tls: line. Use one BUILD
# directory per configuration, as for ACCEL.
#
#   make test-tls-other      test_tls built against the backend this build did not choose
#                            ($(BUILD)/tests/test_tls_mbedtls or _openssl, made in
#                            $(BUILD)/tls-<backend>/); part of make test. Skipped visibly
#                            when that backend is OpenSSL and the host lacks it.
#
#   make test-tls-mbedtls3   unpack $(SHARED)/third_party/mbedtls-3.6.6.tar.xz under
#                            $(BUILD)/mbedtls3, build it, build the library, the ports and
#                            test_tls + test_port_posix against it (its headers as -isystem),
#                            and run those two tests. Skipped (exit 0, with a message) when the
#                            tarball is absent, e.g. in a user's clone.
#   make tls-cross           port/tls with arm-none-eabi-gcc (Cortex-M4 and M0+, -Os, our
#                            warning set) against mbedTLS 3.6's default config: proves the
#                            shared TLS module needs no socket header or OS call; prints sizes.
#                            (Debian's 2.28 config enables pthreads, which newlib lacks.)

TLS ?= auto

tls_hash := \#
tls_has_openssl := $(shell echo '$(tls_hash)include <openssl/ssl.h>' | $(CC) -E -x c - >/dev/null 2>&1 && echo y)

ifeq ($(TLS),auto)
TLS_BACKEND := $(if $(filter 0,$(ACCEL)),mbedtls,$(if $(tls_has_openssl),openssl,mbedtls))
else ifneq ($(filter $(TLS),openssl mbedtls),)
TLS_BACKEND := $(TLS)
else
$(error TLS must be auto, openssl or mbedtls (got '$(TLS)'))
endif
TLS_OTHER := $(if $(filter openssl,$(TLS_BACKEND)),mbedtls,openssl)

# The backend's source joins libs3lite_posix.a; the other one stays out of this build.
PORT_SRC := $(filter-out port/tls/tls_$(TLS_OTHER).c,$(PORT_SRC))
PORT_OBJ := $(PORT_SRC:%.c=$(BUILD)/%.o)
BUILD_TLS := $(TLS_BACKEND)
BUILD_NOTE := $(BUILD_NOTE); TLS=$(TLS): choose with make TLS=openssl or TLS=mbedtls
ifeq ($(TLS_BACKEND),openssl)
BUILD_DEFINES += S3L_TLS_OPENSSL
TLS_LIBS := -lssl -lcrypto
endif

# test_tls against the other backend: its own BUILD directory (the struct differs), same
# ACCEL, and only what test_tls links.
TLS_OTHER_BUILD := $(BUILD)/tls-$(TLS_OTHER)
TLS_OTHER_TEST  := $(BUILD)/tests/test_tls_$(TLS_OTHER)
TEST_BIN += $(TLS_OTHER_TEST)

.PHONY: test-tls-other tls-other-force
tls-other-force:
$(TLS_OTHER_TEST): tls-other-force
	@mkdir -p $(dir $@)
	@if [ $(TLS_OTHER) = openssl ] && [ -z "$(tls_has_openssl)" ]; then \
	  printf '#!/bin/sh\necho "SKIP test_tls_openssl: no OpenSSL headers (libssl-dev)"\necho "0 passed, 0 failed, 1 skipped"\n' >$@; \
	  chmod +x $@; \
	else \
	  $(MAKE) --no-print-directory BUILD=$(TLS_OTHER_BUILD) TLS=$(TLS_OTHER) \
	    $(TLS_OTHER_BUILD)/tests/test_tls_only >$(TLS_OTHER_BUILD).log 2>&1 \
	    || { tail -n 20 $(TLS_OTHER_BUILD).log; exit 1; }; \
	  cp $(TLS_OTHER_BUILD)/tests/test_tls_only $@; \
	fi

$(BUILD)/tests/test_tls_only: $(BUILD)/tests/test_tls.o $(PORT_LIB) $(LIB)
	$(CC) $(CFLAGS_HOST) -o $@ $< $(PORT_LIB) $(LIB) $(PORT_LIB) $(HOST_LIBS)

test-tls-other: $(TLS_OTHER_TEST)
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $(TLS_OTHER_TEST)

MB3_TAR   := $(SHARED)/third_party/mbedtls-3.6.6.tar.xz
MB3_DIR   := $(BUILD)/mbedtls3
MB3_SRC   := $(MB3_DIR)/src
MB3_LIB   := $(MB3_DIR)/libmbedtls3.a
MB3_BUILD := $(MB3_DIR)/build
MB3_TESTS := test_tls test_port_posix
MB3_JOBS  ?= 4

$(MB3_SRC)/.ok:
	@rm -rf $(MB3_SRC) && mkdir -p $(MB3_SRC)
	tar -xJf $(MB3_TAR) -C $(MB3_SRC) --strip-components=1
	@touch $@

# mbedTLS's own code is built with its own defaults, not our warning set.
$(MB3_LIB): $(MB3_SRC)/.ok
	@rm -rf $(MB3_DIR)/lib && mkdir -p $(MB3_DIR)/lib
	@echo "building mbedTLS 3.6 into $@"
	@ls $(MB3_SRC)/library/*.c | xargs -P $(MB3_JOBS) -I{} sh -c \
	  '$(CC) -O2 -I$(MB3_SRC)/include -I$(MB3_SRC)/library -c {} -o $(MB3_DIR)/lib/$$(basename {} .c).o'
	@rm -f $@ && $(AR) rcs $@ $(MB3_DIR)/lib/*.o

.PHONY: test-tls-mbedtls3
test-tls-mbedtls3:
	@if [ ! -f $(MB3_TAR) ]; then echo "test-tls-mbedtls3: skipped, no $(MB3_TAR)"; exit 0; fi; \
	$(MAKE) --no-print-directory $(MB3_LIB) && \
	$(MAKE) --no-print-directory BUILD=$(MB3_BUILD) TLS=mbedtls \
	  EXTRA_CPPFLAGS='-isystem $(CURDIR)/$(MB3_SRC)/include' \
	  MBEDTLS_LIBS='$(CURDIR)/$(MB3_LIB)' \
	  $(MB3_TESTS:%=$(MB3_BUILD)/tests/%) && \
	SHARED=$(SHARED) BUILD=$(MB3_BUILD) sh tests/run.sh $(MB3_TESTS:%=$(MB3_BUILD)/tests/%)

.PHONY: tls-cross
tls-cross:
	@if [ ! -f $(MB3_TAR) ]; then echo "tls-cross: skipped, no $(MB3_TAR)"; exit 0; fi; \
	$(MAKE) --no-print-directory $(MB3_SRC)/.ok && mkdir -p $(MB3_DIR)/cross && \
	for cpu in cortex-m4 cortex-m0plus; do \
	  $(or $(CROSS_CC),arm-none-eabi-gcc) -mcpu=$$cpu -mthumb -Os -ffunction-sections \
	    -fdata-sections $(WARN) -Iinclude -isystem $(MB3_SRC)/include \
	    -c port/tls/tls_mbedtls.c -o $(MB3_DIR)/cross/tls_mbedtls-$$cpu.o || exit 1; \
	done; \
	$(or $(CROSS_SIZE),arm-none-eabi-size) $(MB3_DIR)/cross/*.o
