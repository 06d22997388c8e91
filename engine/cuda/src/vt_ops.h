/*
 * The CUDA backend's host side: device buffers behind integer handles (what JavaScript holds), a caching
 * allocator (a step allocates the same sizes every time), and one function per Backend kernel that checks
 * its handles and launches. Shapes were checked in TypeScript (the ref backend's checks); this layer checks
 * that every handle is live and large enough, so a wrong call can fail but never write out of bounds.
 */
#ifndef VT_OPS_H
#define VT_OPS_H

#include <stddef.h>
#include <stdint.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "device.h"

enum VtOp {
  OP_GEMM = 0,
  OP_BINARY = 1,
  OP_SCALAR = 2,
  OP_UNARY = 3,
  OP_UNARY_BACKWARD = 4,
  OP_SGD = 5,
  OP_ADAMW = 6,
  OP_ADD_ROW_VECTOR = 7,
  OP_SOFTMAX = 8,
  OP_SOFTMAX_BACKWARD = 9,
  OP_LAYER_NORM = 10,
  OP_LAYER_NORM_BACKWARD = 11,
  OP_SUM_ROWS = 12,
  OP_SUM = 13,
  OP_TRANSPOSE = 14,
  OP_SWAP_AXES12 = 15,
  OP_COUNT_NONFINITE = 16,
  OP_PROBE = 17,
};

struct VtStats {
  size_t live = 0, live_bytes = 0, peak_bytes = 0, cached_bytes = 0;
  uint64_t launches = 0, uploaded_bytes = 0, downloaded_bytes = 0;
};

class VtCuda {
 public:
  explicit VtCuda(Device *device) : dev_(device) {}
  ~VtCuda();
  Device &device() { return *dev_; }

  uint32_t create(size_t floats, bool zero);
  uint32_t upload(const float *data, size_t floats);
  void write(uint32_t id, const float *data, size_t floats);
  void download(uint32_t id, float *out, size_t floats);
  void release(uint32_t id);
  size_t length(uint32_t id);
  /* Runs op with its numeric arguments; returns the op's scalar result (sum, loss, count) or 0. */
  double op(int code, const double *args, size_t count);
  void gather(uint32_t table, const int32_t *ids, size_t count, uint32_t out, size_t dim);
  void scatter(uint32_t d_out, const int32_t *ids, size_t count, uint32_t out, size_t vocab, size_t dim);
  double cross_entropy(uint32_t logits, const int32_t *targets, uint32_t dlogits, size_t rows, size_t cols);
  void sync() { dev_->sync(); }
  void trim();
  VtStats stats() const { return stats_; }

 private:
  struct Buf {
    uint64_t ptr = 0;
    size_t floats = 0;
    size_t capacity = 0;
    bool live = false;
  };
  /* A scratch device buffer returned to the cache when it goes out of scope. */
  struct Scratch {
    VtCuda *owner;
    uint64_t ptr;
    size_t capacity;
    Scratch(VtCuda *o, size_t bytes);
    ~Scratch();
  };

  uint64_t raw_alloc(size_t bytes, size_t *capacity);
  void raw_free(uint64_t ptr, size_t capacity);
  Buf &buf(double id, size_t at_least, const char *what);
  float *ptr(double id, size_t at_least, const char *what) { return (float *)(uintptr_t)buf(id, at_least, what).ptr; }
  void launch(int kernel, vt_dim3 grid, vt_dim3 block, const void *args, size_t bytes);
  void launch_elements(int kernel, size_t n, const void *args, size_t bytes);
  void launch_rows(int kernel, size_t rows, const void *args, size_t bytes);

  std::unique_ptr<Device> dev_;
  std::vector<Buf> bufs_;
  std::vector<uint32_t> free_ids_;
  std::multimap<size_t, uint64_t> cache_;
  VtStats stats_;
};

#endif
