# SPDX-License-Identifier: MIT
# make demo: s3lite end to end on this machine. The README's first command.
#
# As root on Debian it installs what is missing (build tools, mbedTLS/OpenSSL/ISA-L headers,
# Ceph's monitor/OSD/RADOS Gateway, curl) and says what; then builds build/s3lite, starts the
# local S3 server on 127.0.0.1 (tests/server/s3-server-up.sh, in build/demo/rgw), uploads a
# generated 64 MiB log as a multipart upload with the progress bar, interrupts a second upload
# and lists/aborts it, reads the object back and compares SHA-256, and stops the server.
# Without make yet: `bash tests/server/demo.sh` does the same. DEMO_MB, DEMO_PORT: tests/server/demo.sh.

.PHONY: demo
demo:
	@bash tests/server/demo.sh
