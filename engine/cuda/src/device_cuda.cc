/*
 * A CUDA device through the driver API. libcuda is opened at run time (dlopen), so the addon needs no CUDA
 * toolkit to build and loads where no driver exists; the kernels come as the committed fatbin (SASS for
 * sm_80 and sm_90 plus PTX the driver compiles for newer GPUs). Only the driver entry points below are
 * used, with their stable _v2 ABI; the types are declared here as the driver's headers define them.
 */
#include <dlfcn.h>
#include <stdlib.h>

#include <string>

#include "device.h"
#include "vt_cuda_args.h"

namespace {

typedef int CUresult;
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef unsigned long long CUdeviceptr;
typedef struct CUstream_st *CUstream;

enum { ATTR_CC_MAJOR = 75, ATTR_CC_MINOR = 76 };

struct Driver {
  void *lib = nullptr;
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDriverGetVersion)(int *);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuCtxSynchronize)(void);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuMemsetD8)(CUdeviceptr, unsigned char, size_t);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
};

template <typename F>
bool bind(void *lib, const char *name, F *slot) {
  *slot = (F)dlsym(lib, name);
  return *slot != nullptr;
}

/* Opens libcuda once per process; "" or why not. */
std::string open_driver(Driver &d) {
  if (d.lib) return "";
  const char *override_path = getenv("VERITRAIN_CUDA_DRIVER");
  void *lib = dlopen(override_path && *override_path ? override_path : "libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *e = dlerror();
    return std::string("the CUDA driver library could not be loaded (") + (e ? e : "dlopen failed") + ")";
  }
  bool ok = bind(lib, "cuInit", &d.cuInit) && bind(lib, "cuDriverGetVersion", &d.cuDriverGetVersion) &&
            bind(lib, "cuDeviceGetCount", &d.cuDeviceGetCount) && bind(lib, "cuDeviceGet", &d.cuDeviceGet) &&
            bind(lib, "cuDeviceGetName", &d.cuDeviceGetName) && bind(lib, "cuDeviceGetAttribute", &d.cuDeviceGetAttribute) &&
            bind(lib, "cuDevicePrimaryCtxRetain", &d.cuDevicePrimaryCtxRetain) &&
            bind(lib, "cuCtxSetCurrent", &d.cuCtxSetCurrent) && bind(lib, "cuCtxSynchronize", &d.cuCtxSynchronize) &&
            bind(lib, "cuModuleLoadData", &d.cuModuleLoadData) && bind(lib, "cuModuleGetFunction", &d.cuModuleGetFunction) &&
            bind(lib, "cuMemAlloc_v2", &d.cuMemAlloc) && bind(lib, "cuMemFree_v2", &d.cuMemFree) &&
            bind(lib, "cuMemcpyHtoD_v2", &d.cuMemcpyHtoD) && bind(lib, "cuMemcpyDtoH_v2", &d.cuMemcpyDtoH) &&
            bind(lib, "cuMemsetD8_v2", &d.cuMemsetD8) && bind(lib, "cuLaunchKernel", &d.cuLaunchKernel) &&
            bind(lib, "cuGetErrorName", &d.cuGetErrorName) && bind(lib, "cuGetErrorString", &d.cuGetErrorString);
  if (!ok) {
    dlclose(lib);
    return "the CUDA driver library lacks a driver API entry point this backend needs (driver too old)";
  }
  d.lib = lib;
  return "";
}

Driver driver;

std::string describe_error(CUresult r) {
  const char *name = nullptr, *text = nullptr;
  if (driver.cuGetErrorName) driver.cuGetErrorName(r, &name);
  if (driver.cuGetErrorString) driver.cuGetErrorString(r, &text);
  return std::string(name ? name : "CUDA error") + " (" + std::to_string(r) + "): " + (text ? text : "no description");
}

void check(CUresult r, const char *what, const char *code = "CUDA_ERROR") {
  if (r != 0) throw VtError(code, std::string(what) + ": " + describe_error(r));
}

const char *kNames[K_COUNT] = {
#define VT_NAME(name, type, sync) #name,
    VT_KERNELS(VT_NAME)
#undef VT_NAME
};

struct Cuda : Device {
  CUcontext ctx = nullptr;
  CUmodule module = nullptr;
  CUfunction fns[K_COUNT] = {};
  std::string description;

  void current() { check(driver.cuCtxSetCurrent(ctx), "cuCtxSetCurrent"); }
  uint64_t alloc(size_t bytes) override {
    current();
    CUdeviceptr p = 0;
    const CUresult r = driver.cuMemAlloc(&p, bytes == 0 ? 256 : bytes);
    if (r == 2 /* CUDA_ERROR_OUT_OF_MEMORY */)
      throw VtError("OUT_OF_MEMORY", "cuMemAlloc of " + std::to_string(bytes) + " bytes: " + describe_error(r));
    check(r, "cuMemAlloc");
    return p;
  }
  void release(uint64_t ptr) override {
    if (driver.cuCtxSetCurrent(ctx) == 0) driver.cuMemFree(ptr);
  }
  void htod(uint64_t dst, const void *src, size_t bytes) override {
    if (bytes == 0) return;
    current();
    check(driver.cuMemcpyHtoD(dst, src, bytes), "cuMemcpyHtoD");
  }
  void dtoh(void *dst, uint64_t src, size_t bytes) override {
    if (bytes == 0) return;
    current();
    check(driver.cuMemcpyDtoH(dst, src, bytes), "cuMemcpyDtoH (a kernel before it may have failed)");
  }
  void zero(uint64_t dst, size_t bytes) override {
    if (bytes == 0) return;
    current();
    check(driver.cuMemsetD8(dst, 0, bytes), "cuMemsetD8");
  }
  void launch(int kernel, vt_dim3 grid, vt_dim3 block, const void *args, size_t) override {
    current();
    void *params[1] = {const_cast<void *>(args)};
    check(driver.cuLaunchKernel(fns[kernel], grid.x, grid.y, grid.z, block.x, block.y, block.z, 0, nullptr, params, nullptr),
          kNames[kernel]);
  }
  void sync() override {
    current();
    check(driver.cuCtxSynchronize(), "cuCtxSynchronize (a kernel failed)");
  }
  std::string describe() override { return description; }
  bool emulated() override { return false; }
};

/* Device `ordinal` after cuInit, or the reason there is none. */
std::string find_device(int ordinal, CUdevice *dev) {
  std::string why = open_driver(driver);
  if (!why.empty()) return why;
  CUresult r = driver.cuInit(0);
  if (r != 0) return "cuInit failed: " + describe_error(r);
  int count = 0;
  r = driver.cuDeviceGetCount(&count);
  if (r != 0) return "cuDeviceGetCount failed: " + describe_error(r);
  if (count == 0) return "the CUDA driver reports no device";
  if (ordinal < 0 || ordinal >= count)
    return "device " + std::to_string(ordinal) + " was asked for; the driver reports " + std::to_string(count);
  r = driver.cuDeviceGet(dev, ordinal);
  if (r != 0) return "cuDeviceGet failed: " + describe_error(r);
  return "";
}

std::string device_name(CUdevice dev) {
  char name[256] = {0};
  driver.cuDeviceGetName(name, (int)sizeof name - 1, dev);
  int major = 0, minor = 0, version = 0;
  driver.cuDeviceGetAttribute(&major, ATTR_CC_MAJOR, dev);
  driver.cuDeviceGetAttribute(&minor, ATTR_CC_MINOR, dev);
  driver.cuDriverGetVersion(&version);
  return std::string(name) + " (sm_" + std::to_string(major) + std::to_string(minor) + ", driver " +
         std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10) + ")";
}

}  // namespace

std::string vt_cuda_probe(std::string *name) {
  CUdevice dev = 0;
  const std::string why = find_device(0, &dev);
  if (why.empty() && name) *name = device_name(dev);
  return why;
}

Device *vt_create_cuda(const void *fatbin, size_t fatbin_bytes, int ordinal) {
  CUdevice dev = 0;
  const std::string why = find_device(ordinal, &dev);
  if (!why.empty()) throw VtError("CUDA_UNAVAILABLE", why);
  if (fatbin_bytes == 0) throw VtError("CUDA_UNAVAILABLE", "the kernel image (vtf32.fatbin) is empty");
  Cuda *c = new Cuda();
  try {
    check(driver.cuDevicePrimaryCtxRetain(&c->ctx, dev), "cuDevicePrimaryCtxRetain", "CUDA_UNAVAILABLE");
    c->current();
    check(driver.cuModuleLoadData(&c->module, fatbin), "cuModuleLoadData (loading vtf32.fatbin)", "CUDA_UNAVAILABLE");
    for (int k = 0; k < K_COUNT; k++) check(driver.cuModuleGetFunction(&c->fns[k], c->module, kNames[k]), kNames[k], "CUDA_UNAVAILABLE");
    c->description = device_name(dev);
  } catch (...) {
    delete c;
    throw;
  }
  return c;
}
