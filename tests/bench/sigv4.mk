# SPDX-License-Identifier: MIT
# SigV4 signer extras.
#
#   make bench-sign   instructions (valgrind --tool=callgrind, Ir) of one UploadPart header
#                     signature with a warm and a cold signing-key cache, plus one aws-chunked
#                     chunk signature and one presigned URL, as a table. Two builds of the
#                     bench: with the mbedTLS digests (the firmware default, whatever ACCEL says)
#                     and with this build's digest backend (ACCEL, e.g. OpenSSL on a host).
#                     Columns split each total into the hash seam (s3l_sha256_*) and the
#                     signer's own work.

SIGV4_BENCH     := $(BUILD)/bench
SIGV4_BENCH_SRC := sigv4 hash_mbedtls uri common
SIGV4_BENCH_OBJ := $(SIGV4_BENCH_SRC:%=$(SIGV4_BENCH)/mbedtls/%.o)

# The mbedTLS build: the plain configuration (no build_config.h of this build), for the
# bench program too, or its structs would not match the signer's (S3L_ERR_ABI).
$(SIGV4_BENCH)/mbedtls/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out $(CONFIG_INC),$(CPPFLAGS_CORE)) $(WARN) $(O) -c $< -o $@

$(SIGV4_BENCH)/mbedtls/bench_sign.o: tests/bench/bench_sign.c
	@mkdir -p $(dir $@)
	$(CC) $(filter-out $(CONFIG_INC),$(CPPFLAGS_HOST)) $(CFLAGS_HOST) -c $< -o $@

$(SIGV4_BENCH)/bench_sign.o: tests/bench/bench_sign.c $(BUILD_CONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) $(CFLAGS_HOST) -c $< -o $@

$(SIGV4_BENCH)/bench_sign_mbedtls: $(SIGV4_BENCH)/mbedtls/bench_sign.o $(SIGV4_BENCH_OBJ)
	$(CC) $(CFLAGS_HOST) -o $@ $^ $(MBEDTLS_LIBS)

$(SIGV4_BENCH)/bench_sign_lib: $(SIGV4_BENCH)/bench_sign.o $(LIB) $(PORT_LIB)
	$(CC) $(CFLAGS_HOST) -o $@ $< $(LIB) $(PORT_LIB) $(LIB) $(HOST_LIBS)

.PHONY: bench-sign
bench-sign: $(SIGV4_BENCH)/bench_sign_mbedtls $(SIGV4_BENCH)/bench_sign_lib
	@sh tests/bench/bench_sign.sh $(SIGV4_BENCH) "$(firstword $(subst hash=, ,$(filter hash=%,$(ACCEL_ID))) mbedtls)"
