#!/bin/sh
# Builds the independent C implementation of VT-F32 (vtf32.c) with strict IEEE flags and checks its output
# against the committed op goldens. Needs a C compiler; run from anywhere: sh engine/test/golden/ops-c/check.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -O2 -ffp-contract=off -fno-fast-math -o "$tmp/vtf32" "$here/vtf32.c" -lm
"$tmp/vtf32" > "$tmp/out.bin"
npx tsx "$here/compare.ts" < "$tmp/out.bin"
