# SPDX-License-Identifier: MIT
# Upload benchmark: s3lite's cost per upload beside other S3 clients and the hashing floor.
#
#   make bench-upload       BENCH_MB MiB (256) to the local Ceph RGW (started and stopped here,
#                           HTTP + HTTPS, port BENCH_PORT=7680): client CPU (user+sys), wall and
#                           peak RSS of s3lite cp for each payload mode (signed, unsigned,
#                           streaming) and hash backend ($(CLI): this build's, OpenSSL when
#                           accelerated; $(BENCH_PLAIN)/s3lite: ACCEL=0, mbedTLS), beside curl's
#                           unsigned PUT (the floor), every aws-cli found and s3cmd, and the
#                           SHA-256 cost of the same bytes per backend; one table with ratios to
#                           the best peer and to the floor, then the performance targets.
#   make bench-download     the same clients downloading one BENCH_MB object to a file
#                           (s3lite: one GET at --concurrency 1, ranged GETs at the default)
#   Both also run rclone and the AWS CRT S3 client (tests/bench/bench_crt.py; over http through a
#   forwarder on 127.0.0.1:80, root only), s3lite at --concurrency 1 and at its default, and
#   show radosgw's CPU beside each row. A manual target: CI does not run it.
#   BENCH_REPS=3 BENCH_TLS=1 BENCH_MB=256   see tests/bench/bench_upload.py
# Needs: curl, awscli, s3cmd, rclone, python3-awscrt (Debian), python3; the server script
# installs Ceph when root.

BENCH_PLAIN ?= build-plain
BENCH_PORT  ?= 7680

BENCH_RUSAGE := $(BUILD)/bench/bench_rusage

# The child-measuring helper (tests/bench/bench_rusage.c): POSIX + wait4, outside the project's
# auto-discovered sources.
$(BENCH_RUSAGE): tests/bench/bench_rusage.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O2 -D_DEFAULT_SOURCE -o $@ $<

.PHONY: bench-upload bench-download bench-upload-plain
bench-upload-plain:
	@$(MAKE) --no-print-directory ACCEL=0 BUILD=$(BENCH_PLAIN) $(BENCH_PLAIN)/s3lite >/dev/null

bench-upload: $(CLI) $(BENCH_RUSAGE) bench-upload-plain
	@S3L_RGW_PORT=$(BENCH_PORT) S3L_RGW_MEM_MB=$${S3L_RGW_MEM_MB:-16384} RGW_DEBUG=0 \
	  S3LITE=$(abspath $(CLI)) BENCH_RUSAGE=$(abspath $(BENCH_RUSAGE)) S3LITE_PLAIN=$(abspath $(BENCH_PLAIN))/s3lite \
	  timeout -k 30 $${BENCH_LIMIT:-1800} \
	  bash tests/server/s3-server-run.sh --tls -- $(PYTHON) -u tests/bench/bench_upload.py

bench-download: $(CLI) $(BENCH_RUSAGE) bench-upload-plain
	@S3L_RGW_PORT=$(BENCH_PORT) S3L_RGW_MEM_MB=$${S3L_RGW_MEM_MB:-16384} RGW_DEBUG=0 \
	  S3LITE=$(abspath $(CLI)) BENCH_RUSAGE=$(abspath $(BENCH_RUSAGE)) S3LITE_PLAIN=$(abspath $(BENCH_PLAIN))/s3lite \
	  BENCH_DIRECTION=download timeout -k 30 $${BENCH_LIMIT:-1800} \
	  bash tests/server/s3-server-run.sh --tls -- $(PYTHON) -u tests/bench/bench_upload.py
