/*
 * Where the kernels run: a CUDA device through the driver API (device_cuda.cc, libcuda loaded at run time,
 * so the addon builds and loads on machines without CUDA), or the host emulator (device_emu.cc). Both take
 * the same launches; every failure is a VtError naming what failed and the driver's reason.
 */
#ifndef VT_DEVICE_H
#define VT_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include <stdexcept>
#include <string>

#include "emu_shim.h"

struct VtError : std::runtime_error {
  std::string code;
  VtError(const std::string &c, const std::string &m) : std::runtime_error(m), code(c) {}
};

struct Device {
  virtual ~Device() {}
  /* Returns a device address (the emulator's are host addresses). */
  virtual uint64_t alloc(size_t bytes) = 0;
  virtual void release(uint64_t ptr) = 0;
  virtual void htod(uint64_t dst, const void *src, size_t bytes) = 0;
  virtual void dtoh(void *dst, uint64_t src, size_t bytes) = 0;
  virtual void zero(uint64_t dst, size_t bytes) = 0;
  virtual void launch(int kernel, vt_dim3 grid, vt_dim3 block, const void *args, size_t arg_bytes) = 0;
  virtual void sync() = 0;
  /* "NVIDIA H200 (sm_90, driver 13000)" or "emulator (host fibers)". */
  virtual std::string describe() = 0;
  virtual bool emulated() = 0;
};

Device *vt_create_emulator();
/* Loads libcuda, picks device `ordinal`, loads the fatbin image; throws VtError("CUDA_UNAVAILABLE", …). */
Device *vt_create_cuda(const void *fatbin, size_t fatbin_bytes, int ordinal);
/* Whether a CUDA device answers, without creating a context: "" when one does, else the reason; name out. */
std::string vt_cuda_probe(std::string *name);

#endif
