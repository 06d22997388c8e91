/* The host emulator as a Device: host memory, kernels compiled for the host (emu_kernels.cc). */
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "emu_runtime.h"
#include "vt_cuda_args.h"

#define VT_DECLARE(name, type, sync) extern "C" void name(type);
VT_KERNELS(VT_DECLARE)
#undef VT_DECLARE

namespace {

#define VT_WRAP(name, type, sync) \
  void emu_##name(const void *p) { name(*(const type *)p); }
VT_KERNELS(VT_WRAP)
#undef VT_WRAP

struct KernelEntry {
  vt_emu_kernel fn;
  bool barriers;
};

const KernelEntry kKernels[K_COUNT] = {
#define VT_ENTRY(name, type, sync) {emu_##name, sync != 0},
    VT_KERNELS(VT_ENTRY)
#undef VT_ENTRY
};

struct Emulator : Device {
  uint64_t alloc(size_t bytes) override {
    void *p = aligned_alloc(256, (bytes + 255) / 256 * 256 + 256);
    if (!p) throw VtError("OUT_OF_MEMORY", "emulator: out of host memory for " + std::to_string(bytes) + " bytes");
    return (uint64_t)(uintptr_t)p;
  }
  void release(uint64_t ptr) override { free((void *)(uintptr_t)ptr); }
  void htod(uint64_t dst, const void *src, size_t bytes) override { memcpy((void *)(uintptr_t)dst, src, bytes); }
  void dtoh(void *dst, uint64_t src, size_t bytes) override { memcpy(dst, (const void *)(uintptr_t)src, bytes); }
  void zero(uint64_t dst, size_t bytes) override { memset((void *)(uintptr_t)dst, 0, bytes); }
  void launch(int kernel, vt_dim3 grid, vt_dim3 block, const void *args, size_t) override {
    const std::string error = vt_emu_launch(kKernels[kernel].fn, args, grid, block, kKernels[kernel].barriers);
    if (!error.empty()) throw VtError("KERNEL_FAILED", "emulator: " + error);
  }
  void sync() override {}
  std::string describe() override { return "emulator (kernels compiled for the host, threads as fibers)"; }
  bool emulated() override { return true; }
};

}  // namespace

Device *vt_create_emulator() { return new Emulator(); }
