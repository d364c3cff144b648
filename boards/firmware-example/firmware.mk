# SPDX-License-Identifier: MIT
# The firmware example (boards/firmware-example): the multipart flow through an S3 stub.
#
#   make firmware-example       cross-compile it for Cortex-M4 (arm-none-eabi-gcc, -Os,
#                               --gc-sections, newlib-nano) with core/ and mbedTLS 3.6 built
#                               from source under the example's mbedTLS config; prints the
#                               image's flash and RAM per component (the headline of make size)
#   make firmware-example-host  build and run the same program on the host (make test runs it)
#
# mbedTLS source: ../shared/third_party's 3.6 tarball, else Debian's source package
# (port/tls/mbedtls-src.sh); without either the cross build is skipped with a message.

FW_DIR      := boards/firmware-example
FW_SRC      := $(sort $(wildcard $(FW_DIR)/*.c))
FW_OUT      := $(BUILD)/firmware-m4
MBEDTLS_SRC ?= $(BUILD)/mbedtls-src
# The mbedTLS modules s3lite needs (see the example's s3lite_mbedtls_config.h).
FW_MBED_SRC ?= sha256.c platform_util.c
FW_CPU      := -mcpu=cortex-m4 -mthumb
# The example's own s3lite config and mbedTLS config, for core/ and the example alike.
FW_CONFIG   := -I$(FW_DIR) -DS3L_CONFIG_FILE='"s3lite_config.h"'
FW_CFLAGS    = $(WARN) -Os $(FW_CPU) -ffunction-sections -fdata-sections \
               -Iinclude $(FW_CONFIG) -I$(MBEDTLS_SRC)/include \
               -DMBEDTLS_CONFIG_FILE='"s3lite_mbedtls_config.h"' $(EXTRA_FW_FLAGS)
FW_LDFLAGS  := $(FW_CPU) --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections
# Worst stack of the flow in bytes (make size passes make stack's figure), added to its RAM.
FW_STACK    ?=

.PHONY: firmware-example firmware-example-host

# $(MBEDTLS_SRC)/.ok: the rule is in tests/mk/quality.mk (port/tls/mbedtls-src.sh).
# One recipe (not pattern rules): core/, the example and mbedTLS all depend on the config, so
# the whole image is rebuilt each time (about 10 s).
firmware-example: $(MBEDTLS_SRC)/.ok
	@if [ ! -f $(MBEDTLS_SRC)/library/sha256.c ]; then \
	  echo "firmware-example: SKIPPED: no mbedTLS source (put mbedtls-3.6.6.tar.xz in $(SHARED)/third_party or enable deb-src)"; exit 0; fi; \
	rm -rf $(FW_OUT) && mkdir -p $(FW_OUT)/core $(FW_OUT)/app $(FW_OUT)/mbedtls && \
	for f in $(CORE_SRC); do \
	  $(CROSS_CC) $(FW_CFLAGS) -c $$f -o $(FW_OUT)/core/$$(basename $$f .c).o || exit 1; done && \
	for f in $(FW_SRC); do \
	  $(CROSS_CC) $(FW_CFLAGS) -c $$f -o $(FW_OUT)/app/$$(basename $$f .c).o || exit 1; done && \
	for f in $(FW_MBED_SRC); do \
	  $(CROSS_CC) -Os $(FW_CPU) -ffunction-sections -fdata-sections -I$(FW_DIR) \
	    -I$(MBEDTLS_SRC)/include -I$(MBEDTLS_SRC)/library \
	    -DMBEDTLS_CONFIG_FILE='"s3lite_mbedtls_config.h"' $(EXTRA_FW_FLAGS) \
	    -c $(MBEDTLS_SRC)/library/$$f -o $(FW_OUT)/mbedtls/$$(basename $$f .c).o || exit 1; done && \
	$(CROSS_CC) $(FW_LDFLAGS) -Wl,-Map=$(FW_OUT)/example.map $(FW_OUT)/app/*.o \
	  $(FW_OUT)/core/*.o $(FW_OUT)/mbedtls/*.o -o $(FW_OUT)/example.elf && \
	echo "firmware example, Cortex-M4 -Os, --gc-sections, newlib-nano ($(FW_OUT)/example.elf):" && \
	$(PYTHON) tests/size/firmware_size.py $(FW_OUT)/example.map $(FW_STACK)

# The same program on the host: the same core/ and example sources under the same s3lite
# config, with the system's mbedTLS (Debian: 2.28) for SHA-256. It checks what the stub saw and
# ends with "N passed, N failed" like every test program.
FW_HOST := $(BUILD)/firmware-example/firmware_example_host
$(FW_HOST): $(CORE_SRC) $(FW_SRC) $(wildcard $(FW_DIR)/*.h include/s3lite/*.h core/*.h)
	@mkdir -p $(dir $@)
	$(CC) -Iinclude $(FW_CONFIG) -DS3L_EXAMPLE_HOST $(CFLAGS_HOST) -o $@ $(CORE_SRC) $(FW_SRC) \
	  -lmbedcrypto
TEST_BIN += $(FW_HOST)

firmware-example-host: $(FW_HOST)
	$(FW_HOST)
