# SPDX-License-Identifier: MIT
# XML scanner and S3 response parsers (core/xml.c, core/s3_response.c).
#
#   (The names the parsers match are in the field lists of include/s3lite/s3_response.h;
#   nothing is generated. make link-s3resp, tests/mk/diff_responses.mk, shows they link alone.)
#   make test-s3resp     build and run test_xml and test_s3_response
#   make test-s3resp-tiny  the same tests against a build with tiny field sizes (every
#                        field truncates: checks cutting and that nothing is overrun)
#   make size-s3resp     Cortex-M4 -Os text/data/bss and stack of the two modules

.PHONY: test-s3resp test-s3resp-tiny size-s3resp

test-s3resp: $(BUILD)/tests/test_xml $(BUILD)/tests/test_s3_response
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $^

# Every response field a few bytes long (and a shallow XML depth limit): the vector and
# field tests then run with nearly every value cut.
S3RESP_TINY := -DS3L_TEST_TINY=1 -DS3L_KEY_MAX=8 -DS3L_BUCKET_MAX=6 -DS3L_UPLOAD_ID_MAX=9 \
  -DS3L_ETAG_MAX=10 -DS3L_DATE_MAX=7 -DS3L_TOKEN_MAX=4 -DS3L_OWNER_ID_MAX=5 \
  -DS3L_DISPLAY_NAME_MAX=3 -DS3L_CHECKSUM_CRC_MAX=4 -DS3L_CHECKSUM_SHA_MAX=6 -DS3L_URL_MAX=11 \
  -DS3L_VERSION_ID_MAX=2 -DS3L_EXPIRATION_MAX=12 -DS3L_KMS_KEY_ID_MAX=13 \
  -DS3L_SSE_CONTEXT_MAX=14 -DS3L_HEADER_VALUE_MAX=15 -DS3L_ERROR_CODE_MAX=8 \
  -DS3L_ERROR_MESSAGE_MAX=16 -DS3L_REQUEST_ID_MAX=5 -DS3L_HOST_ID_MAX=7 -DS3L_XML_DEPTH_MAX=5
S3RESP_TINY_SRC := core/s3_response.c core/xml.c core/http.c core/common.c tests/util_file.c

$(BUILD)/tests-tiny/test_s3_response: tests/test_s3_response.c $(S3RESP_TINY_SRC) $(LIB) $(PORT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_HOST) $(S3RESP_TINY) $(CFLAGS_HOST) -o $@ tests/test_s3_response.c $(S3RESP_TINY_SRC) \
	  $(LIB) $(PORT_LIB) $(LIB) $(HOST_LIBS)

test-s3resp-tiny: $(BUILD)/tests-tiny/test_s3_response
	@SHARED=$(SHARED) BUILD=$(BUILD) sh tests/run.sh $^

# Flash and stack of the two modules alone (make size / make stack cover all of core/).
S3RESP_CROSS = arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections \
  -fstack-usage $(WARN) -Iinclude
size-s3resp:
	@mkdir -p $(BUILD)/s3resp-size
	@cd $(BUILD)/s3resp-size && for f in xml s3_response; do \
	  $(S3RESP_CROSS:-I%=-I$(CURDIR)/%) -c $(CURDIR)/core/$$f.c -o $$f.o || exit 1; done
	@arm-none-eabi-size $(BUILD)/s3resp-size/xml.o $(BUILD)/s3resp-size/s3_response.o
	@sed 's|.*/core/||' $(BUILD)/s3resp-size/*.su | awk '{printf "  %-44s %5s %s\n", $$1, $$2, $$3}'
