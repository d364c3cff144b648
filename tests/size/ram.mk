# SPDX-License-Identifier: MIT
# RAM of a streaming part upload: caller structs, buffers and worst stack.
#
#   make ram   table of what a streaming UploadPart needs from its caller: sizeof of every
#              struct (kept for the client's life, per call), the work buffers at client.h's
#              minimums (io = chunk + framing, line, scratch, work) and the worst stack of
#              s3l_client_upload_part from `make stack`; the total. Sizes are the compilers'
#              own: tests/size/ram_report.c is compiled (never run) for Cortex-M4 (arm-none-eabi-gcc
#              -Os), for Cortex-M4 with S3L_CLIENT_HEADERS=16 (parts-only) and for the host,
#              and read back with nm -S (tests/size/ram_report.py prints the table).
# make client-rgw runs real streaming uploads through a client at exactly these buffer sizes.

RAM_DIR := $(BUILD)/ram
CROSS_NM ?= arm-none-eabi-nm
RAM_CFLAGS := $(WARN) -Os -fno-common -Iinclude

$(RAM_DIR)/m4.o: tests/size/ram_report.c $(wildcard include/s3lite/*.h) | $(BUILD)/cross-inc/mbedtls
	@mkdir -p $(dir $@)
	$(CROSS_CC) -mcpu=cortex-m4 -mthumb $(RAM_CFLAGS) -I$(BUILD)/cross-inc -c $< -o $@

$(RAM_DIR)/m4-parts.o: tests/size/ram_report.c $(wildcard include/s3lite/*.h) | $(BUILD)/cross-inc/mbedtls
	@mkdir -p $(dir $@)
	$(CROSS_CC) -mcpu=cortex-m4 -mthumb $(RAM_CFLAGS) -DS3L_CLIENT_HEADERS=16 -I$(BUILD)/cross-inc -c $< -o $@

$(RAM_DIR)/host.o: tests/size/ram_report.c $(wildcard include/s3lite/*.h) $(BUILD_CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(CONFIG_INC) $(RAM_CFLAGS) $(filter-out -Iinclude,$(CPPFLAGS_CORE)) -c $< -o $@

.PHONY: ram
ram: $(RAM_DIR)/m4.o $(RAM_DIR)/m4-parts.o $(RAM_DIR)/host.o
	@$(MAKE) --no-print-directory stack > $(RAM_DIR)/stack.txt
	@$(CROSS_NM) -S $(RAM_DIR)/m4.o > $(RAM_DIR)/m4.nm
	@$(CROSS_NM) -S $(RAM_DIR)/m4-parts.o > $(RAM_DIR)/m4-parts.nm
	@nm -S $(RAM_DIR)/host.o > $(RAM_DIR)/host.nm
	@$(PYTHON) tests/size/ram_report.py $(RAM_DIR)/m4.nm $(RAM_DIR)/m4-parts.nm $(RAM_DIR)/host.nm -- \
	  $(BUILD)/cross-cortex-m4 $(BUILD)/stack-mbedtls
