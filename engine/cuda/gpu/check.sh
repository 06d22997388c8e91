#!/usr/bin/env bash
# The CUDA backend's check on a GPU machine (an H200 with CUDA 13 is the target), start to finish in a few
# minutes: the kernel image rebuilt with this machine's nvcc and compared with the committed one, the SASS
# audited, then engine/cuda/gpu/check.ts (goldens, polynomials, differential against native, bench, one
# kjv-gpt-10m step on cuda re-executed on native). Needs .gpu/ from engine/cuda/gpu/prepare.sh.
# Everything it measures lands in $OUT (gpu.txt, sass-audit.txt, gpu-check.json, check.log).
#   bash engine/cuda/gpu/check.sh
set -uo pipefail
cd "$(dirname "$0")/../../.."
work="$(mktemp -d)"
out="${OUT:-$work/out}"
mkdir -p "$out"
started=$SECONDS
status=0
[ -d .gpu ] || { echo "check: .gpu/ is missing: run engine/cuda/gpu/prepare.sh where npm install ran, and carry .gpu" >&2; exit 2; }
mkdir -p "$work/node/bin"
xz -dc .gpu/node.xz >"$work/node/bin/node" && chmod +x "$work/node/bin/node"
export PATH="$work/node/bin:$PATH"
mkdir -p node_modules && tar -C node_modules -xJf .gpu/node_modules.tar.xz
tar -xJf .gpu/addons.tar.xz
{
  date -u +%FT%TZ
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader
  nvcc --version | grep release
  node --version
} | tee "$out/gpu.txt"

# 1. The committed image against a rebuild with this nvcc (the same release rebuilds it byte for byte).
if node engine/scripts/buildCuda.mjs --out-dir "$work/cuda" >>"$out/gpu.txt" 2>&1; then
  if cmp -s "$work"/cuda/vtf32.fatbin engine/cuda/vtf32.fatbin; then echo "fatbin: rebuilt byte for byte" | tee -a "$out/gpu.txt"
  else echo "fatbin: this nvcc builds another image ($(grep release "$work"/cuda/vtf32.cuda.json))" | tee -a "$out/gpu.txt"; fi
else
  echo "fatbin: rebuild failed (see gpu.txt)"; status=1
fi

# 2. SASS: no FTZ anywhere; the product, the elementwise ops without division and the movement kernels
#    have no FFMA and no MUFU at all. Kernels with an IEEE division or square root (div.rn/sqrt.rn in the
#    PTX) contain ptxas's correctly rounded division and square-root routines, which use FFMA and
#    MUFU.RCP/RSQ internally and return the IEEE result: their counts are reported, not failed.
for arch in sm_80 sm_90; do cuobjdump --dump-sass -arch "$arch" engine/cuda/vtf32.fatbin >"$work/sass-$arch.txt" || status=1; done
python3 - "$out/sass-audit.txt" "$work/sass-sm_80.txt" "$work/sass-sm_90.txt" <<'PY' || status=1
import re, sys
strict = {"vt_gemm", "vt_sgd", "vt_add_row_vector", "vt_transpose", "vt_swap_axes12", "vt_gather", "vt_scatter_csr",
          "vt_sum_rows", "vt_count_nonfinite", "vt_probe"}
bad, lines = [], []
for path in sys.argv[2:]:
    fn = None
    counts = {}
    for line in open(path):
        m = re.search(r"Function : (\w+)", line)
        if m:
            fn = m.group(1); counts[fn] = {"FFMA": 0, "MUFU": 0, "FTZ": 0, "FMUL": 0, "FADD": 0, "FMNMX": 0}; continue
        if fn is None: continue
        for op in counts[fn]:
            if re.search(r"\b" + op + r"\b" if op != "FTZ" else r"\.FTZ\b", line): counts[fn][op] += 1
    for fn, c in sorted(counts.items()):
        lines.append(f"{path.split('-')[-1][:-4]} {fn}: {c}")
        if c["FTZ"] or c["FMNMX"]: bad.append(f"{fn}: FTZ/FMNMX {c}")
        if fn in strict and (c["FFMA"] or c["MUFU"]): bad.append(f"{fn}: FFMA/MUFU in a kernel without division {c}")
    if counts.get("vt_gemm", {}).get("FMUL", 0) == 0: bad.append("vt_gemm: no FMUL seen (audit blind?)")
open(sys.argv[1], "w").write("\n".join(lines + ["", "violations:"] + (bad or ["none"])) + "\n")
print("\n".join(bad) if bad else "sass: no FTZ or FMNMX anywhere; no FFMA or MUFU outside the IEEE div/sqrt routines")
sys.exit(1 if bad else 0)
PY

# 3. Goldens, polynomials, differential, bench, the 10M step re-executed on native.
node node_modules/tsx/dist/cli.mjs engine/cuda/gpu/check.ts --out "$out/gpu-check.json" 2>&1 | tee "$out/check.log"
[ "${PIPESTATUS[0]}" = 0 ] || status=1
echo "check: done in $((SECONDS - started)) s, exit $status" | tee -a "$out/gpu.txt"
exit $status
