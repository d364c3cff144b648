# SPDX-License-Identifier: MIT
# The lwIP port, built against a real lwIP: Debian's source package (apt-get source lwip,
# fetched into $(BUILD)/lwip-src when absent; it needs a deb-src line, see .ci/run), compiled
# with the project's port/lwip/lwipopts.h. Debian's liblwip-dev is not used: its pool pbufs
# are sized from glibc's TCP_MSS (512) and its TAP driver overflows them.
#
#   make lwip        build/s3lite-lwip: `s3lite cp` over lwIP's sockets API (NO_SYS=0) on a TAP
#                    device: s3lite-lwip --tap IF --ip ADDR/PREFIX --gw ADDR cp [opts] SRC DST
#   make test-lwip   a network namespace with a TAP device and the S3 server, then multipart
#                    uploads through lwIP (sockets API and raw API, plain TCP and TLS), each
#                    read back and checked by SHA-256 (tests/lwip/run.sh; needs root)
#   make bench-lwip  throughput (MB/s) of one 64 MiB upload through lwIP on the TAP (sockets and
#                    raw API, plain and TLS) beside the POSIX port on loopback, same server
#   LWIP_DIR=PATH    use an lwIP source tree (src/ and a unix port/) instead of fetching one

LWIP_FETCH := $(BUILD)/lwip-src
LWIP_DIR   ?= $(LWIP_FETCH)/lwip
LWIP_OK    := $(if $(filter $(LWIP_FETCH)/lwip,$(LWIP_DIR)),$(LWIP_FETCH)/.ok)

# Debian's source package unpacks to lwip-<version>/; lwip is a stable name for it.
$(LWIP_FETCH)/.ok:
	@rm -rf $(LWIP_FETCH) && mkdir -p $(LWIP_FETCH)
	@echo "fetching lwIP's Debian source package into $(LWIP_FETCH)"
	@cd $(LWIP_FETCH) && apt-get source -qq lwip >/dev/null 2>apt.log || { cat apt.log; \
	  echo "lwip: 'apt-get source lwip' failed; it needs dpkg-dev and a deb-src line (see .ci/run)"; \
	  exit 1; }
	@cd $(LWIP_FETCH) && ln -s "$$(ls -d lwip-*/ | head -n 1)" lwip && test -f lwip/src/core/tcp.c
	@touch $@

# lwIP's files s3lite needs: the core, IPv4, Ethernet/ARP, and for NO_SYS=0 the sequential API.
# The unix port's sys_arch.c gives sys_now() (and threads, semaphores, mailboxes for NO_SYS=0).
LWIP_CORE_FILES := core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c core/mem.c \
  core/memp.c core/netif.c core/pbuf.c core/raw.c core/stats.c core/sys.c core/tcp.c \
  core/tcp_in.c core/tcp_out.c core/timeouts.c core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c \
  core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c netif/ethernet.c
LWIP_API_FILES := api/api_lib.c api/api_msg.c api/err.c api/netbuf.c api/netdb.c \
  api/netifapi.c api/sockets.c api/tcpip.c

# Two builds of lwIP: sys (NO_SYS=0, sockets) and nosys (NO_SYS=1, raw API, polled).
LWIP_INC      = -Iport/lwip -I$(LWIP_DIR)/src/include -I$(LWIP_DIR)/port/include
LWIP_ISYSTEM  = -Iport/lwip -isystem $(LWIP_DIR)/src/include -isystem $(LWIP_DIR)/port/include
LWIP_CFLAGS  ?= -O2 -g
LWIP_SYS_OBJ   := $(addprefix $(BUILD)/lwip/sys/,$(LWIP_CORE_FILES:.c=.o) $(LWIP_API_FILES:.c=.o) sys_arch.o)
LWIP_NOSYS_OBJ := $(addprefix $(BUILD)/lwip/nosys/,$(LWIP_CORE_FILES:.c=.o) sys_arch.o)
LWIP_SYS_LIB   := $(BUILD)/lwip/liblwip_sys.a
LWIP_NOSYS_LIB := $(BUILD)/lwip/liblwip_nosys.a

# lwIP's own code is compiled with its own manners, not our warning set.
$(BUILD)/lwip/sys/sys_arch.o: $(LWIP_OK) port/lwip/lwipopts.h
	@mkdir -p $(dir $@)
	$(CC) $(LWIP_CFLAGS) -DNO_SYS=0 $(LWIP_INC) -c $(LWIP_DIR)/port/sys_arch.c -o $@
$(BUILD)/lwip/nosys/sys_arch.o: $(LWIP_OK) port/lwip/lwipopts.h
	@mkdir -p $(dir $@)
	$(CC) $(LWIP_CFLAGS) -DNO_SYS=1 $(LWIP_INC) -c $(LWIP_DIR)/port/sys_arch.c -o $@
$(BUILD)/lwip/sys/%.o: $(LWIP_OK) port/lwip/lwipopts.h
	@mkdir -p $(dir $@)
	$(CC) $(LWIP_CFLAGS) -DNO_SYS=0 $(LWIP_INC) -c $(LWIP_DIR)/src/$*.c -o $@
$(BUILD)/lwip/nosys/%.o: $(LWIP_OK) port/lwip/lwipopts.h
	@mkdir -p $(dir $@)
	$(CC) $(LWIP_CFLAGS) -DNO_SYS=1 $(LWIP_INC) -c $(LWIP_DIR)/src/$*.c -o $@

$(LWIP_SYS_LIB): $(LWIP_SYS_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(LWIP_NOSYS_LIB): $(LWIP_NOSYS_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# s3lite's side: the transports (our warning set; lwIP's headers as system headers), the TAP
# driver, and the programs.
LWIP_HOST_CFLAGS = $(CPPFLAGS_HOST) $(LWIP_ISYSTEM) -Iboards/posix -Iboards/lwip-host $(CFLAGS_HOST)
$(BUILD)/lwip/s3l-sys/%.o: %.c $(LWIP_OK)
	@mkdir -p $(dir $@)
	$(CC) -DNO_SYS=0 $(LWIP_HOST_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/lwip/s3l-nosys/%.o: %.c $(LWIP_OK)
	@mkdir -p $(dir $@)
	$(CC) -DNO_SYS=1 $(LWIP_HOST_CFLAGS) -MMD -MP -c $< -o $@

# The contract binary: the CLI's objects except its main and its POSIX network glue.
LWIP_CLI       := $(BUILD)/s3lite-lwip
LWIP_HOST_SRC  := boards/lwip-host/tap_dev.c boards/lwip-host/tap_netif.c
LWIP_CLI_SRC   := boards/lwip-host/main.c boards/lwip-host/cli_net_lwip.c $(LWIP_HOST_SRC) \
                  port/lwip/net_lwip.c port/lwip/net_lwip_sockets.c
LWIP_CLI_OBJ   := $(LWIP_CLI_SRC:%.c=$(BUILD)/lwip/s3l-sys/%.o)
LWIP_CLI_REUSE := $(filter-out $(BUILD)/boards/posix/main.o $(BUILD)/boards/posix/cli_net_posix.o,$(CLI_OBJ))

$(LWIP_CLI): $(LWIP_CLI_OBJ) $(LWIP_CLI_REUSE) $(PORT_LIB) $(LIB) $(LWIP_SYS_LIB)
	$(CC) $(CFLAGS_HOST) -o $@ $(LWIP_CLI_OBJ) $(LWIP_CLI_REUSE) $(PORT_LIB) $(LIB) $(PORT_LIB) \
	  $(LWIP_SYS_LIB) $(CLI_LIBS) -lpthread

# The raw-API (NO_SYS=1) upload program of the test: polled lwIP on the TAP.
LWIP_RAW_TEST     := $(BUILD)/tests/lwip_raw_upload
LWIP_RAW_TEST_SRC := tests/lwip/lwip_raw_upload.c $(LWIP_HOST_SRC) port/lwip/net_lwip.c \
                     port/lwip/net_lwip_raw.c
LWIP_RAW_TEST_OBJ := $(LWIP_RAW_TEST_SRC:%.c=$(BUILD)/lwip/s3l-nosys/%.o)
$(LWIP_RAW_TEST): $(LWIP_RAW_TEST_OBJ) $(PORT_LIB) $(LIB) $(LWIP_NOSYS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_HOST) -o $@ $(LWIP_RAW_TEST_OBJ) $(PORT_LIB) $(LIB) $(PORT_LIB) \
	  $(LWIP_NOSYS_LIB) $(CLI_LIBS)

.PHONY: lwip test-lwip bench-lwip
lwip: $(LWIP_CLI)

# With mbedTLS 3.6's tarball (port/tls/tls.mk), the raw-API program is also built against it (in
# mbedTLS 3.6's build directory) and makes one more TLS upload: the TLS module over lwIP on
# both mbedTLS lines.
test-lwip: $(LWIP_CLI) $(LWIP_RAW_TEST) $(CLI)
	@mb3=; if [ -f $(MB3_TAR) ]; then \
	  $(MAKE) --no-print-directory $(MB3_LIB) >/dev/null && \
	  $(MAKE) --no-print-directory BUILD=$(MB3_BUILD) \
	    EXTRA_CPPFLAGS='-isystem $(CURDIR)/$(MB3_SRC)/include' MBEDTLS_LIBS='$(CURDIR)/$(MB3_LIB)' \
	    $(MB3_BUILD)/tests/lwip_raw_upload >/dev/null && mb3=$(CURDIR)/$(MB3_BUILD)/tests/lwip_raw_upload; \
	fi; \
	BUILD=$(BUILD) LWIP_RAW_MB3=$$mb3 bash tests/lwip/run.sh

bench-lwip: $(LWIP_CLI) $(LWIP_RAW_TEST) $(CLI)
	@BUILD=$(BUILD) LWIP_BENCH=1 bash tests/lwip/run.sh

# They see the build's configuration as the libraries do (a first build waits for it).
$(LWIP_CLI_OBJ) $(LWIP_RAW_TEST_OBJ): $(BUILD_CONFIG)

-include $(LWIP_CLI_OBJ:.o=.d) $(LWIP_RAW_TEST_OBJ:.o=.d)

# ---- make size-lwip: the firmware-sized build ------------------------------------------------
# core/ + port/lwip (raw API) + port/tls + lwIP (NO_SYS=1, DHCP, DNS) + mbedTLS 3.6 with
# port/tls/mbedtls_fw_config.h (TLS 1.2 client, one ECDHE-RSA suite, P-256), for Cortex-M4,
# -Os, linked with --gc-sections and newlib-nano around tests/size/size_lwip_fw.c; flash and RAM per
# component from the link map. Needs $(MB3_TAR) (mbedTLS 3.6, see port/tls/tls.mk).
FW       := $(BUILD)/size-lwip
# port/tls/tls.mk unpacks mbedTLS 3.6 there (its variables are set after this file is read).
FW_MB3   := $(BUILD)/mbedtls3/src
FW_CC    ?= arm-none-eabi-gcc
FW_ARCH  := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
FW_FLAGS := $(FW_ARCH) -Os -ffunction-sections -fdata-sections
FW_MBED  := -Iport/tls -DMBEDTLS_CONFIG_FILE='"mbedtls_fw_config.h"'
FW_LWIP  := -DNO_SYS=1 -Iport/lwip -Iport/lwip/mcu -I$(LWIP_DIR)/src/include
FW_S3L_SRC := $(CORE_SRC) port/tls/tls_mbedtls.c port/lwip/net_lwip.c port/lwip/net_lwip_raw.c \
              tests/size/size_lwip_fw.c
FW_S3L_OBJ := $(FW_S3L_SRC:%.c=$(FW)/s3l/%.o)
FW_LWIP_OBJ := $(LWIP_CORE_FILES:%.c=$(FW)/lwip/%.o)
FW_LWIP_LIB := $(FW)/liblwip_fw.a
FW_MBED_LIB := $(FW)/libmbedtls_fw.a

# mbedTLS's sources are known once unpacked: size-lwip unpacks first, then makes the image.
FW_MBED_OBJ := $(patsubst $(FW_MB3)/library/%.c,$(FW)/mbedtls/%.o,$(wildcard $(FW_MB3)/library/*.c))
$(FW)/mbedtls/%.o: $(FW_MB3)/library/%.c port/tls/mbedtls_fw_config.h
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_FLAGS) $(FW_MBED) -I$(FW_MB3)/include -I$(FW_MB3)/library -c $< -o $@
$(FW_MBED_LIB): $(FW_MBED_OBJ)
	@rm -f $@ && arm-none-eabi-ar rcs $@ $^

$(FW)/lwip/%.o: $(LWIP_OK) port/lwip/lwipopts.h port/lwip/mcu/arch/cc.h
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_FLAGS) $(FW_LWIP) -c $(LWIP_DIR)/src/$*.c -o $@
$(FW_LWIP_LIB): $(FW_LWIP_OBJ)
	@rm -f $@ && arm-none-eabi-ar rcs $@ $^

$(FW)/s3l/%.o: %.c $(LWIP_OK) $(FW_MB3)/.ok | $(GEN_FILES)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_FLAGS) $(WARN) -Iinclude $(FW_MBED) -isystem $(MB3_SRC)/include \
	  -DNO_SYS=1 -Iport/lwip -isystem port/lwip/mcu -isystem $(LWIP_DIR)/src/include \
	  -DS3L_TLS_CA_FILE_DEFAULT='""' -MMD -MP -c $< -o $@
-include $(FW_S3L_OBJ:.o=.d)

$(FW)/fw.elf: $(FW_S3L_OBJ) $(FW_LWIP_LIB) $(FW_MBED_LIB)
	$(FW_CC) $(FW_ARCH) --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections \
	  -Wl,-Map=$(FW)/fw.map -o $@ $(FW_S3L_OBJ) $(FW_LWIP_LIB) $(FW_MBED_LIB)

.PHONY: size-lwip
size-lwip:
	@if [ ! -f $(MB3_TAR) ]; then echo "size-lwip: skipped, no $(MB3_TAR)"; exit 0; fi; \
	$(MAKE) --no-print-directory $(FW_MB3)/.ok && \
	$(MAKE) --no-print-directory $(FW)/fw.elf >/dev/null && \
	echo "firmware image: s3lite multipart over HTTPS on lwIP (raw API), Cortex-M4 -Os, --gc-sections, newlib-nano:" && \
	$(PYTHON) tests/size/size_components.py $(FW)/fw.map \
	  "s3lite core=$(FW)/s3l/core/" "s3lite port (lwip+tls)=$(FW)/s3l/port/" \
	  "lwIP=liblwip_fw.a" "mbedTLS 3.6=libmbedtls_fw.a" "app: s3lite state, buffers=size_lwip_fw"
