# SPDX-License-Identifier: MIT
# Where the bytes and cycles of an upload go (which copies and passes over the data remain).
#
#   make profile-upload   start a throwaway RGW (port PROFILE_PORT), upload one PROFILE_MB MiB
#                         file (64) with s3lite cp in each payload mode, with this build
#                         ($(CLI)) and the mbedTLS-only one ($(BENCH_PLAIN)/s3lite), and print:
#                         bytes read/copied/hashed/sent per payload byte beside the minimum of
#                         the mode, instructions per MiB by bucket (callgrind) and CPU per MiB by
#                         bucket, user and kernel (perf record -e cpu-clock). ~1 min.
#   PROFILE_MB=256 PROFILE_MODES="signed"   see tests/bench/profile_upload.sh
# Needs: valgrind; perf (linux-perf) for the CPU table.

PROFILE_PORT ?= 7760
PROFILE_TOUCH := $(BUILD)/profile/profile_touch.so

# The LD_PRELOAD byte counter (tests/bench/profile_touch.c): a host tool, GNU C for dlsym.
$(PROFILE_TOUCH): tests/bench/profile_touch.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu99 -O2 -fPIC -shared -Wall -Wextra -Werror -o $@ $< -ldl

.PHONY: profile-upload
profile-upload: $(CLI) $(PROFILE_TOUCH) bench-upload-plain
	@S3L_RGW_PORT=$(PROFILE_PORT) S3LITE=$(abspath $(CLI)) \
	  S3LITE_PLAIN=$(abspath $(BENCH_PLAIN))/s3lite PROFILE_TOUCH=$(abspath $(PROFILE_TOUCH)) \
	  PROFILE_OUT=$(abspath $(BUILD))/profile PYTHON=$(PYTHON) \
	  timeout -k 30 $${PROFILE_LIMIT:-1200} \
	  bash tests/server/s3-server-run.sh --no-tls -- bash tests/bench/profile_upload.sh
