# SPDX-License-Identifier: MIT
# The firmware uploader image on the emulated MCU (boards/qemu-mps2/upload_main.c): QEMU's
# mps2-an386 with its LAN9118, lwIP's raw API (NO_SYS=1, port/lwip/lwipopts.h) from Debian's
# source package (port/lwip/lwip.mk fetches it), the project's LAN9118 driver, the lwIP transport, the
# client and the resumable uploader, core/ and mbedTLS's digests as boards/qemu-mps2/qemu.mk builds them.
# Plain HTTP: no TLS in the image.
#
#   make qemu-upload FILE=PATH BUCKET=B KEY=K ENDPOINT=http://127.0.0.1:PORT
#        [PART_SIZE=BYTES] [PAYLOAD=signed|unsigned|streaming] [STATE=PATH]
#                    upload FILE with multipart from the emulated MCU to the S3 server at
#                    ENDPOINT (credentials and region from AWS_ACCESS_KEY_ID,
#                    AWS_SECRET_ACCESS_KEY, AWS_REGION; the bucket must exist). The guest's
#                    only network is QEMU's forward of 10.0.2.100:PORT to 127.0.0.1:PORT
#                    (restrict=on). STATE (default build/qemu/qemu-upload.state) is the device's
#                    flash page: a run killed mid-upload resumes from it. Exit 0 only when the
#                    object is complete; bounded by QEMU_UPLOAD_TIMEOUT seconds (600). FILE up
#                    to 2 GiB (semihosting's offsets are 32-bit) and 256 parts (the image's
#                    part list).
#   make test-qemu-net  a 3-part upload checked by SHA-256, then one killed after a part and
#                    resumed with the same STATE; uses the server in S3L_ENDPOINT & co. when set
#                    (CI), else starts its own on QNET_PORT (7820; the cluster takes up to
#                    +40) and stops it. Last line "N passed, N failed".
#   make qemu-net-image  the image only (build/qemu/an386-net/upload.elf, .map beside it)

QNET_DIR   := $(QEMU_DIR)/an386-net
QNET_ELF   := $(QNET_DIR)/upload.elf
QNET_RELAY := $(QEMU_DIR)/tcp_relay
QNET_STATE ?= $(BUILD)/qemu/qemu-upload.state
QEMU_UPLOAD_TIMEOUT ?= 600
QNET_PORT  ?= 7820

# lwIP for the Cortex-M4F, its own warnings (the bare-metal arch header: port/lwip/mcu).
QNET_LWIP_FLAGS := $(QEMU_CPU_an386) -Os -g -ffunction-sections -fdata-sections -DNO_SYS=1 \
                   -Iport/lwip -Iport/lwip/mcu -I$(LWIP_DIR)/src/include
QNET_LWIP_OBJ   := $(LWIP_CORE_FILES:%.c=$(QNET_DIR)/lwip/%.o)
$(QNET_DIR)/lwip/%.o: $(LWIP_OK) port/lwip/lwipopts.h port/lwip/mcu/arch/cc.h
	@mkdir -p $(dir $@)
	@echo '  CC an386 lwip/$*.c'
	@$(CROSS_CC) $(QNET_LWIP_FLAGS) -c $(LWIP_DIR)/src/$*.c -o $@

# The project's side under its warning set; lwIP's and mbedTLS's headers as system headers.
QNET_SRC := boards/qemu-mps2/upload_main.c boards/qemu-mps2/lan9118_netif.c \
            boards/qemu-mps2/semihost.c boards/qemu-mps2/tls_none.c \
            port/lwip/net_lwip.c port/lwip/net_lwip_raw.c
QNET_OBJ := $(QNET_SRC:%.c=$(QNET_DIR)/s3l/%.o)
$(QNET_DIR)/s3l/%.o: %.c $(LWIP_OK) | $(MBEDTLS_SRC)/.ok
	@mkdir -p $(dir $@)
	@echo '  CC an386 $<'
	@$(CROSS_CC) $(QEMU_CPU_an386) $(WARN) -DNO_SYS=1 -Iport/lwip -isystem port/lwip/mcu \
	  -isystem $(LWIP_DIR)/src/include -isystem $(MBEDTLS_SRC)/include $(QEMU_CFLAGS) \
	  -fstack-usage -MMD -MP -c $< -o $@
-include $(QNET_OBJ:.o=.d)

# core/, mbedTLS's digests and the reset code as the test images have them (boards/qemu-mps2/qemu.mk);
# newlib-nano with rdimon (semihosting) as the C library.
QNET_REUSE := $(QEMU_CORE:%=$(QEMU_DIR)/an386/core/%.o) \
              $(QEMU_MBED_SRC:%.c=$(QEMU_DIR)/an386/mbedtls/%.o) \
              $(QEMU_DIR)/an386/board/startup.o $(QEMU_DIR)/an386/board/board.o
$(QNET_ELF): $(QNET_OBJ) $(QNET_LWIP_OBJ) $(QNET_REUSE) $(QEMU_BOARD)/an386.ld $(QEMU_BOARD)/common.ld
	@echo '  LD $@'
	@$(CROSS_CC) $(QEMU_CPU_an386) --specs=nano.specs $(QEMU_LDFLAGS) -T$(QEMU_BOARD)/an386.ld \
	  -Wl,-Map=$(@:.elf=.map) -o $@ $(QNET_OBJ) $(QNET_REUSE) $(QNET_LWIP_OBJ)

# The host side of the one forwarded port.
$(QNET_RELAY): $(QEMU_BOARD)/tcp_relay.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -o $@ $<

.PHONY: qemu-net-image qemu-upload test-qemu-net
qemu-net-image: $(QNET_ELF) $(QNET_RELAY)

qemu-upload: $(QNET_ELF) $(QNET_RELAY)
	@QU_FILE='$(FILE)' QU_BUCKET='$(BUCKET)' QU_KEY='$(KEY)' QU_ENDPOINT='$(ENDPOINT)' \
	  QU_PART_SIZE='$(PART_SIZE)' QU_PAYLOAD='$(PAYLOAD)' QU_STATE='$(or $(STATE),$(QNET_STATE))' \
	  QU_ELF=$(QNET_ELF) QU_RELAY=$(QNET_RELAY) QU_QEMU=$(QEMU_SYSTEM) \
	  QU_TIMEOUT=$(QEMU_UPLOAD_TIMEOUT) bash $(QEMU_BOARD)/qemu-upload.sh

test-qemu-net: $(QNET_ELF) $(QNET_RELAY) $(CLI)
	@BUILD=$(BUILD) S3LITE=$(CLI) QNET_PORT=$(QNET_PORT) bash tests/qemu/net_run.sh

# make size's row for this image: flash and RAM per component from its link map (static RAM:
# the 64 KiB stack of an386.ld and newlib's small stdio heap come on top).
QNET_COMPONENTS := "s3lite core=an386/core/" "s3lite lwIP port=s3l/port/lwip/" \
  "LAN9118 driver=lan9118_netif" "lwIP=an386-net/lwip/" "mbedTLS (digests)=an386/mbedtls/" \
  "libc (newlib-nano)=libc_nano.a" "semihosting (rdimon)=librdimon" \
  "uploader app, its buffers=s3l/boards/"
.PHONY: size-qemu-net
size-qemu-net: $(QNET_ELF)
	@echo "uploader image on the emulated MCU (make qemu-upload): mps2-an386 Cortex-M4F -Os, --gc-sections,"
	@echo "newlib-nano, plain HTTP (no TLS in the image); static RAM, the stack on top:"
	@$(PYTHON) tests/size/size_components.py $(QNET_DIR)/upload.map $(QNET_COMPONENTS)
