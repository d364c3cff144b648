/* SPDX-License-Identifier: MIT */
/*
 * ram_report.c - the sizes behind `make ram` (tests/size/ram.mk, tests/size/ram_report.py): RAM that a
 * streaming UploadPart needs from its caller. Never run: it is only compiled (for Cortex-M4
 * with arm-none-eabi-gcc, and for the host), and each size is read back from the object file
 * as the size of a zero-filled array (`nm -S`): the sizes are the compiler's own for that
 * target, with the project's headers and configuration.
 *
 * Each array is named ram_<group>__<name>; the groups are:
 *   keep   caller structs that live as long as the client (struct s3l_client and what it
 *          points to)
 *   call   per-call structs of s3l_client_upload_part (the caller's, usually on its stack)
 *   init   needed only during s3l_client_init (copied into the client)
 *   buf    the work buffers at their client.h minimums (compile-time constants)
 *   member members of struct s3l_client, to show where its size goes
 */
#include "s3lite/client.h"

#define RAM(group, name, size) unsigned char ram_##group##__##name[size]
#define MEMBER(m) RAM(member, m, sizeof(((struct s3l_client *)0)->m))

RAM(keep, s3l_client, sizeof(struct s3l_client));
RAM(keep, s3l_credentials, sizeof(struct s3l_credentials));
RAM(keep, s3l_transport, sizeof(struct s3l_transport));
RAM(keep, s3l_platform, sizeof(struct s3l_platform));

RAM(call, s3l_upload_part_params, sizeof(struct s3l_upload_part_params));
RAM(call, s3l_body, sizeof(struct s3l_body));
RAM(call, s3l_upload_part_result, sizeof(struct s3l_upload_part_result));
RAM(call, s3l_s3_error, sizeof(struct s3l_s3_error));

RAM(init, s3l_client_config, sizeof(struct s3l_client_config));

RAM(buf, io, S3L_CLIENT_IO_MIN);
RAM(buf, io_chunk, S3L_CHUNK_SIZE);
RAM(buf, io_overhead, S3L_CLIENT_IO_OVERHEAD);
RAM(buf, line, S3L_CLIENT_LINE_MIN);
RAM(buf, line_advised, S3L_HTTP_LINE_MAX);
RAM(buf, scratch, S3L_CLIENT_SCRATCH_MIN);
RAM(buf, work, S3L_CLIENT_WORK_MIN);

MEMBER(cfg);
MEMBER(sig);
MEMBER(parser);
MEMBER(hcb);
MEMBER(resp);
MEMBER(arena);
MEMBER(req);
MEMBER(sreq);
MEMBER(plan);
MEMBER(hdr);
MEMBER(chunked);
MEMBER(ck);
MEMBER(payload_sha);
MEMBER(payload_hex);
MEMBER(clen);
MEMBER(dlen);
RAM(member, headers_slots, S3L_CLIENT_HEADERS);
