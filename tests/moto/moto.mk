# SPDX-License-Identifier: MIT
# s3lite against a second S3 implementation, moto's server: it answers some requests unlike
# RGW (Complete's root element, the trailer modes RGW 16 refuses). RGW stays the main peer.
#
#   make test-moto   with the python3 on PATH, when it has moto and boto3 (else a visible SKIP
#                    line, exit 0): start moto.server on 127.0.0.1 (a free port; MOTO_PORT to
#                    choose), run build/tests/rgw_client_smoke against it (the client, every
#                    payload mode, the two trailer modes that RGW 16 refuses included), then
#                    s3lite cp in every payload mode x checksum algorithm x PutObject /
#                    multipart COMPOSITE / FULL_OBJECT, each object read back and its checksum
#                    as moto reports it compared with `s3lite checksum`; prints the table and
#                    "N passed, N failed, N skipped". Differences of moto from S3 are skips
#                    with their reason (tests/moto/suite.py lists them). About a minute.
#   MOTO_ONLY=cli|client   one half;  MOTO_TIMEOUT (600 s) bounds the run.

.PHONY: test-moto
test-moto: $(CLI) $(BUILD)/tests/rgw_client_smoke
	@S3LITE=$(abspath $(CLI)) SMOKE=$(abspath $(BUILD)/tests/rgw_client_smoke) bash tests/moto/run.sh
