#!/bin/sh
# SPDX-License-Identifier: MIT
# qemu-run.sh IMAGE.elf: run one test image on the QEMU board its directory names (.../an386/
# -> mps2-an386, .../microbit/ -> microbit), bounded by S3L_QEMU_TIMEOUT seconds, without a
# network, with semihosting to the host (stdio, files relative to the current directory, the
# exit status). SHARED, S3L_LISTING and the NAME=VALUE words of S3L_QEMU_ENV reach the image
# as environment variables; S3L_QEMU_EXTRA adds QEMU options.
set -u
elf=$1
case $elf in
    */an386/*) machine=mps2-an386 ;;
    */microbit/*) machine=microbit ;;
    *) echo "qemu-run.sh: no board for $elf" >&2; exit 2 ;;
esac
# The an386's LAN9118 always exists; with no network it warns "has no peer": dropped here.
status=$(mktemp)
{
    timeout "${S3L_QEMU_TIMEOUT:-300}" "${S3L_QEMU:-qemu-system-arm}" -M "$machine" \
        -nographic -monitor none -serial null -nic none ${S3L_QEMU_EXTRA:-} \
        -semihosting-config enable=on,target=native \
        -append "SHARED=${SHARED:-../shared} S3L_LISTING=${S3L_LISTING:-/dev/null} ${S3L_QEMU_ENV:-}" \
        -kernel "$elf" </dev/null 2>&1
    echo $? > "$status"
} | grep -v 'nic lan9118.0 has no peer'
rc=$(cat "$status"); rm -f "$status"
exit "${rc:-1}"
