# SPDX-License-Identifier: MIT
# The TLS port against mbedTLS 3.6 as well as Debian's 2.28.
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
	$(MAKE) --no-print-directory BUILD=$(MB3_BUILD) \
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
