/*
 * A stand-in for libcuda.so.1 for the tests of the CUDA backend's driver layer (device_cuda.cc) on machines
 * without a GPU: the driver entry points that layer binds, over host memory, launching the kernels compiled
 * for the host (the emulator's). It lets the tests drive the real dlopen / symbol binding / context /
 * module / launch / copy path end to end, and the failures a real driver cannot be made to produce on
 * demand (FAKE_CUDA_FAIL=init|nodevice|module|oom|launch). It says nothing about a GPU's arithmetic: the GPU
 * check (engine/cuda/gpu/check.sh) does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <string>

#include "../src/emu_runtime.h"
#include "../src/vt_cuda_args.h"

#define VT_DECLARE(name, type, sync) extern "C" void name(type);
VT_KERNELS(VT_DECLARE)
#undef VT_DECLARE

namespace {
#define VT_WRAP(name, type, sync) \
  void fake_##name(const void *p) { name(*(const type *)p); }
VT_KERNELS(VT_WRAP)
#undef VT_WRAP

struct Fn {
  const char *name;
  vt_emu_kernel fn;
  bool barriers;
};
const Fn kFns[] = {
#define VT_ENTRY(name, type, sync) {#name, fake_##name, sync != 0},
    VT_KERNELS(VT_ENTRY)
#undef VT_ENTRY
};

bool fail(const char *what) {
  const char *f = getenv("FAKE_CUDA_FAIL");
  return f && strcmp(f, what) == 0;
}
int allocations = 0;
}  // namespace

extern "C" {
typedef int CUresult;
enum { OK = 0, ERR_OOM = 2, ERR_NOT_INIT = 3, ERR_NO_DEVICE = 100, ERR_INVALID_IMAGE = 200, ERR_LAUNCH = 719, ERR_NOT_FOUND = 500 };

CUresult cuInit(unsigned) { return fail("init") ? 999 : OK; }
CUresult cuDriverGetVersion(int *v) { *v = 13000; return OK; }
CUresult cuDeviceGetCount(int *n) { *n = fail("nodevice") ? 0 : 1; return OK; }
CUresult cuDeviceGet(int *d, int ordinal) { *d = ordinal; return OK; }
CUresult cuDeviceGetName(char *name, int len, int) { strncpy(name, "Fake GPU (host emulator)", (size_t)len); return OK; }
CUresult cuDeviceGetAttribute(int *v, int attr, int) { *v = attr == 75 ? 9 : 0; return OK; }
CUresult cuDevicePrimaryCtxRetain(void **ctx, int) { *ctx = (void *)0x1; return OK; }
CUresult cuCtxSetCurrent(void *ctx) { return ctx == (void *)0x1 ? OK : ERR_NOT_INIT; }
CUresult cuCtxSynchronize(void) { return OK; }
CUresult cuModuleLoadData(void **module, const void *image) {
  /* A fatbin starts with the fatbin magic 0xba55ed50. */
  uint32_t magic;
  memcpy(&magic, image, 4);
  if (fail("module") || magic != 0xba55ed50u) return ERR_INVALID_IMAGE;
  *module = (void *)0x2;
  return OK;
}
CUresult cuModuleGetFunction(void **fn, void *, const char *name) {
  for (const Fn &f : kFns)
    if (strcmp(f.name, name) == 0) {
      *fn = (void *)&f;
      return OK;
    }
  return ERR_NOT_FOUND;
}
CUresult cuMemAlloc_v2(unsigned long long *p, size_t bytes) {
  if (fail("oom") && ++allocations > 8) return ERR_OOM;
  void *m = aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!m) return ERR_OOM;
  *p = (unsigned long long)(uintptr_t)m;
  return OK;
}
CUresult cuMemFree_v2(unsigned long long p) { free((void *)(uintptr_t)p); return OK; }
CUresult cuMemcpyHtoD_v2(unsigned long long d, const void *s, size_t n) { memcpy((void *)(uintptr_t)d, s, n); return OK; }
CUresult cuMemcpyDtoH_v2(void *d, unsigned long long s, size_t n) { memcpy(d, (const void *)(uintptr_t)s, n); return OK; }
CUresult cuMemsetD8_v2(unsigned long long d, unsigned char v, size_t n) { memset((void *)(uintptr_t)d, v, n); return OK; }
CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared, void *stream,
                        void **params, void **extra) {
  if (fail("launch") || shared != 0 || stream != nullptr || extra != nullptr || params == nullptr) return ERR_LAUNCH;
  const Fn *fn = (const Fn *)f;
  const std::string error = vt_emu_launch(fn->fn, params[0], vt_dim3{gx, gy, gz}, vt_dim3{bx, by, bz}, fn->barriers);
  return error.empty() ? OK : ERR_LAUNCH;
}
CUresult cuGetErrorName(CUresult r, const char **s) {
  *s = r == 999 ? "FAKE_INIT_FAILED" : r == ERR_OOM ? "CUDA_ERROR_OUT_OF_MEMORY" : r == ERR_INVALID_IMAGE ? "CUDA_ERROR_INVALID_IMAGE" : r == ERR_LAUNCH ? "CUDA_ERROR_LAUNCH_FAILED" : "CUDA_ERROR";
  return OK;
}
CUresult cuGetErrorString(CUresult r, const char **s) {
  *s = r == 999 ? "the fake driver was told to fail cuInit" : "fake driver error";
  return OK;
}
}
