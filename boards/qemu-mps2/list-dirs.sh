#!/bin/sh
# SPDX-License-Identifier: MIT
# list-dirs.sh ROOT: every directory under ROOT with its entries, one line each:
# "d<TAB>DIR<TAB>NAME" for a directory entry, "f<TAB>DIR<TAB>NAME" for a file. The QEMU boards
# read it to answer opendir()/readdir()/stat() (semihosting opens files but lists nothing).
# Prints nothing when ROOT is absent (the tests then skip visibly).
set -u
root=$1
[ -d "$root" ] || exit 0
find "$root" -mindepth 1 \( -type d -printf 'd\t%h\t%f\n' \) -o -printf 'f\t%h\t%f\n' | LC_ALL=C sort -t "$(printf '\t')" -k2,2 -k3,3
