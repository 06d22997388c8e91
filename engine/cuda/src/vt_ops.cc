#include "vt_ops.h"

#include <math.h>
#include <string.h>

#include <algorithm>

#include "vt_cuda_args.h"

namespace {

constexpr size_t kRound = 512;
/* gridDim.x stays well inside every limit; the element kernels stride over what is left. */
constexpr size_t kMaxBlocks = 1u << 16;

size_t as_size(double v, const char *what) {
  if (!(v >= 0) || v > 9007199254740991.0 || floor(v) != v)
    throw VtError("INVALID_ARGUMENT", std::string(what) + " is " + std::to_string(v) + "; expected a non-negative integer");
  return (size_t)v;
}

vt_dim3 dim(size_t x, size_t y = 1, size_t z = 1) { return vt_dim3{(unsigned)x, (unsigned)y, (unsigned)z}; }

}  // namespace

VtCuda::~VtCuda() {
  for (Buf &b : bufs_)
    if (b.live) dev_->release(b.ptr);
  for (auto &c : cache_) dev_->release(c.second);
}

uint64_t VtCuda::raw_alloc(size_t bytes, size_t *capacity) {
  const size_t cap = std::max<size_t>(kRound, (bytes + kRound - 1) / kRound * kRound);
  auto it = cache_.find(cap);
  if (it != cache_.end()) {
    const uint64_t p = it->second;
    cache_.erase(it);
    stats_.cached_bytes -= cap;
    *capacity = cap;
    return p;
  }
  uint64_t p;
  try {
    p = dev_->alloc(cap);
  } catch (const VtError &e) {
    if (e.code != "OUT_OF_MEMORY" || cache_.empty()) throw;
    trim();
    p = dev_->alloc(cap);
  }
  *capacity = cap;
  return p;
}

void VtCuda::raw_free(uint64_t ptr, size_t capacity) {
  cache_.emplace(capacity, ptr);
  stats_.cached_bytes += capacity;
}

void VtCuda::trim() {
  for (auto &c : cache_) dev_->release(c.second);
  cache_.clear();
  stats_.cached_bytes = 0;
}

VtCuda::Scratch::Scratch(VtCuda *o, size_t bytes) : owner(o) { ptr = o->raw_alloc(bytes, &capacity); }
VtCuda::Scratch::~Scratch() { owner->raw_free(ptr, capacity); }

uint32_t VtCuda::create(size_t floats, bool zero) {
  size_t cap = 0;
  const uint64_t p = raw_alloc(floats * 4, &cap);
  if (zero) {
    try {
      dev_->zero(p, floats * 4);
    } catch (...) {
      raw_free(p, cap);
      throw;
    }
  }
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = (uint32_t)bufs_.size();
    bufs_.emplace_back();
  }
  Buf &b = bufs_[id];
  b.ptr = p;
  b.floats = floats;
  b.capacity = cap;
  b.live = true;
  stats_.live++;
  stats_.live_bytes += cap;
  stats_.peak_bytes = std::max(stats_.peak_bytes, stats_.live_bytes);
  return id;
}

uint32_t VtCuda::upload(const float *data, size_t floats) {
  const uint32_t id = create(floats, false);
  try {
    dev_->htod(bufs_[id].ptr, data, floats * 4);
  } catch (...) {
    release(id);
    throw;
  }
  stats_.uploaded_bytes += floats * 4;
  return id;
}

void VtCuda::write(uint32_t id, const float *data, size_t floats) {
  Buf &b = buf(id, floats, "write: tensor");
  if (b.floats != floats) throw VtError("SHAPE_MISMATCH", "write: tensor has " + std::to_string(b.floats) + " values, data " + std::to_string(floats));
  dev_->htod(b.ptr, data, floats * 4);
  stats_.uploaded_bytes += floats * 4;
}

void VtCuda::download(uint32_t id, float *out, size_t floats) {
  Buf &b = buf(id, 0, "download: tensor");
  if (b.floats != floats) throw VtError("SHAPE_MISMATCH", "download: tensor has " + std::to_string(b.floats) + " values, out " + std::to_string(floats));
  dev_->dtoh(out, b.ptr, floats * 4);
  stats_.downloaded_bytes += floats * 4;
}

void VtCuda::release(uint32_t id) {
  if (id >= bufs_.size() || !bufs_[id].live) throw VtError("INVALID_ARGUMENT", "release: tensor " + std::to_string(id) + " is not live");
  Buf &b = bufs_[id];
  raw_free(b.ptr, b.capacity);
  stats_.live--;
  stats_.live_bytes -= b.capacity;
  b = Buf();
  free_ids_.push_back(id);
}

size_t VtCuda::length(uint32_t id) { return buf(id, 0, "tensor").floats; }

VtCuda::Buf &VtCuda::buf(double idv, size_t at_least, const char *what) {
  const size_t id = as_size(idv, what);
  if (id >= bufs_.size() || !bufs_[id].live)
    throw VtError("INVALID_ARGUMENT", std::string(what) + " " + std::to_string(id) + " is not a live tensor (released?)");
  Buf &b = bufs_[id];
  if (b.floats < at_least)
    throw VtError("SHAPE_MISMATCH", std::string(what) + " has " + std::to_string(b.floats) + " values; the call needs " + std::to_string(at_least));
  return b;
}

void VtCuda::launch(int kernel, vt_dim3 grid, vt_dim3 block, const void *args, size_t bytes) {
  if (grid.x == 0 || grid.y == 0 || grid.z == 0) return;
  dev_->launch(kernel, grid, block, args, bytes);
  stats_.launches++;
}

void VtCuda::launch_elements(int kernel, size_t n, const void *args, size_t bytes) {
  if (n == 0) return;
  launch(kernel, dim(std::min(kMaxBlocks, (n + VT_THREADS - 1) / VT_THREADS)), dim(VT_THREADS), args, bytes);
}

void VtCuda::launch_rows(int kernel, size_t rows, const void *args, size_t bytes) {
  if (rows == 0) return;
  launch(kernel, dim((rows + VT_THREADS - 1) / VT_THREADS), dim(VT_THREADS), args, bytes);
}

double VtCuda::op(int code, const double *a, size_t count) {
  static const size_t kArity[] = {18, 5, 5, 4, 5, 7, 14, 5, 5, 5, 9, 10, 4, 2, 4, 6, 2, 3};
  if (code < 0 || code > OP_PROBE) throw VtError("INVALID_ARGUMENT", "unknown op " + std::to_string(code));
  if (count != kArity[code])
    throw VtError("INVALID_ARGUMENT", "op " + std::to_string(code) + " takes " + std::to_string(kArity[code]) + " arguments, got " + std::to_string(count));
  switch (code) {
    case OP_GEMM: {
      const size_t m = as_size(a[3], "m"), k = as_size(a[4], "k"), n = as_size(a[5], "n");
      const int layout = (int)a[6];
      const size_t batch = as_size(a[7], "count"), group = std::max<size_t>(1, as_size(a[8], "group"));
      GemmArgs g;
      g.m = (vt_i64)m;
      g.k = (vt_i64)k;
      g.n = (vt_i64)n;
      /* layout 0 = a·b, 2 = a·bᵀ (b stored [n×k]), 1 = aᵀ·b (a stored [k×m]) */
      g.sai = layout == 1 ? 1 : (vt_i64)k;
      g.sap = layout == 1 ? (vt_i64)m : 1;
      g.sbp = layout == 2 ? 1 : (vt_i64)n;
      g.sbj = layout == 2 ? (vt_i64)k : 1;
      size_t off[9];
      for (int i = 0; i < 9; i++) off[i] = as_size(a[9 + i], "block stride");
      g.a_off = (vt_i64)off[0], g.a_outer = (vt_i64)off[1], g.a_inner = (vt_i64)off[2];
      g.b_off = (vt_i64)off[3], g.b_outer = (vt_i64)off[4], g.b_inner = (vt_i64)off[5];
      g.o_off = (vt_i64)off[6], g.o_outer = (vt_i64)off[7], g.o_inner = (vt_i64)off[8];
      g.group = (vt_i64)group;
      if (batch == 0 || m == 0 || n == 0) return 0;
      const size_t last_o = (batch - 1) / group, last_i = std::min(group, batch) - 1;
      g.a = ptr(a[0], off[0] + last_o * off[1] + last_i * off[2] + m * k, "matmul: a");
      g.b = ptr(a[1], off[3] + last_o * off[4] + last_i * off[5] + k * n, "matmul: b");
      g.out = ptr(a[2], off[6] + last_o * off[7] + last_i * off[8] + m * n, "matmul: out");
      const size_t gx = (n + GEMM_BN - 1) / GEMM_BN, gy = (m + GEMM_BM - 1) / GEMM_BM;
      if (gy > 65535) throw VtError("INVALID_ARGUMENT", "matmul: m = " + std::to_string(m) + " is past this backend's 8,388,480 rows");
      for (size_t g0 = 0; g0 < batch; g0 += 65535) {
        g.g0 = (vt_i64)g0;
        launch(K_vt_gemm, dim(gx, gy, std::min<size_t>(65535, batch - g0)), dim(GEMM_THREADS), &g, sizeof g);
      }
      return 0;
    }
    case OP_BINARY:
    case OP_SCALAR:
    case OP_UNARY:
    case OP_UNARY_BACKWARD: {
      EwArgs e = {};
      e.op = (int)a[0];
      const bool two = code == OP_BINARY || code == OP_UNARY_BACKWARD;
      e.n = (vt_i64)as_size(a[code == OP_UNARY ? 3 : 4], "n");
      const size_t n = (size_t)e.n;
      e.a = ptr(a[1], n, "elementwise: a");
      if (two) e.b = ptr(a[2], n, "elementwise: b");
      if (code == OP_SCALAR) e.s = (float)a[2];
      e.out = ptr(a[code == OP_UNARY ? 2 : 3], n, "elementwise: out");
      const int kernel = code == OP_BINARY ? K_vt_binary : code == OP_SCALAR ? K_vt_scalar : code == OP_UNARY ? K_vt_unary : K_vt_unary_backward;
      launch_elements(kernel, n, &e, sizeof e);
      return 0;
    }
    case OP_SGD:
    case OP_ADAMW: {
      OptArgs o = {};
      const bool adam = code == OP_ADAMW;
      const size_t n = as_size(a[adam ? 4 : 3], "n");
      o.n = (vt_i64)n;
      o.param = ptr(a[0], n, "optimizer: param");
      o.grad = ptr(a[1], n, "optimizer: grad");
      o.m = ptr(a[2], n, "optimizer: state");
      if (adam) o.v = ptr(a[3], n, "optimizer: v");
      const size_t first = adam ? 5 : 4, scalars = adam ? 9 : 3;
      for (size_t i = 0; i < scalars; i++) o.sc[i] = (float)a[first + i];
      launch_elements(adam ? K_vt_adamw : K_vt_sgd, n, &o, sizeof o);
      return 0;
    }
    case OP_ADD_ROW_VECTOR: {
      const size_t rows = as_size(a[3], "rows"), cols = as_size(a[4], "cols");
      RowArgs r = {};
      r.rows = (vt_i64)rows, r.cols = (vt_i64)cols;
      r.x = ptr(a[0], rows * cols, "addRowVector: a");
      r.y = ptr(a[1], cols, "addRowVector: v");
      r.o1 = ptr(a[2], rows * cols, "addRowVector: out");
      launch_elements(K_vt_add_row_vector, rows * cols, &r, sizeof r);
      return 0;
    }
    case OP_SOFTMAX:
    case OP_SOFTMAX_BACKWARD: {
      const bool fwd = code == OP_SOFTMAX;
      const size_t rows = as_size(a[fwd ? 2 : 3], "rows"), cols = as_size(a[fwd ? 3 : 4], "cols");
      if (rows == 0 || cols == 0) return 0;
      RowArgs r = {};
      r.rows = (vt_i64)rows, r.cols = (vt_i64)cols;
      r.x = ptr(a[0], rows * cols, "softmax: x");
      if (fwd) {
        r.o1 = ptr(a[1], rows * cols, "softmax: out");
        r.flag = a[4] != 0;
      } else {
        r.y = ptr(a[1], rows * cols, "softmax: dy");
        r.o1 = ptr(a[2], rows * cols, "softmax: out");
      }
      launch_rows(fwd ? K_vt_softmax_rows : K_vt_softmax_rows_backward, rows, &r, sizeof r);
      return 0;
    }
    case OP_LAYER_NORM: {
      const size_t rows = as_size(a[6], "rows"), cols = as_size(a[7], "cols");
      RowArgs r = {};
      r.rows = (vt_i64)rows, r.cols = (vt_i64)cols;
      r.x = ptr(a[0], rows * cols, "layerNorm: x");
      r.y = ptr(a[1], cols, "layerNorm: gamma");
      r.z = ptr(a[2], cols, "layerNorm: beta");
      r.o1 = ptr(a[3], rows * cols, "layerNorm: y");
      r.o2 = ptr(a[4], rows, "layerNorm: mean");
      r.o3 = ptr(a[5], rows, "layerNorm: rstd");
      r.eps = (float)a[8];
      launch_rows(K_vt_layer_norm, rows, &r, sizeof r);
      return 0;
    }
    case OP_LAYER_NORM_BACKWARD: {
      const size_t rows = as_size(a[8], "rows"), cols = as_size(a[9], "cols");
      RowArgs r = {};
      r.rows = (vt_i64)rows, r.cols = (vt_i64)cols;
      r.x = ptr(a[0], rows * cols, "layerNormBackward: x");
      r.y = ptr(a[1], cols, "layerNormBackward: gamma");
      r.z = ptr(a[2], rows, "layerNormBackward: mean");
      r.w = ptr(a[3], rows, "layerNormBackward: rstd");
      float *dy = ptr(a[4], rows * cols, "layerNormBackward: dy");
      r.o2 = dy;
      r.o1 = ptr(a[5], rows * cols, "layerNormBackward: dx");
      launch_rows(K_vt_layer_norm_backward_dx, rows, &r, sizeof r);
      RowArgs p = {};
      p.rows = (vt_i64)rows, p.cols = (vt_i64)cols;
      p.x = r.x, p.z = r.z, p.w = r.w, p.y = dy;
      p.o1 = ptr(a[6], cols, "layerNormBackward: dgamma");
      p.o2 = ptr(a[7], cols, "layerNormBackward: dbeta");
      launch_rows(K_vt_layer_norm_backward_params, cols, &p, sizeof p);
      return 0;
    }
    case OP_SUM_ROWS: {
      const size_t rows = as_size(a[2], "rows"), cols = as_size(a[3], "cols");
      RowArgs r = {};
      r.rows = (vt_i64)rows, r.cols = (vt_i64)cols;
      r.x = ptr(a[0], rows * cols, "sumRows: a");
      r.o1 = ptr(a[1], cols, "sumRows: out");
      launch_rows(K_vt_sum_rows, cols, &r, sizeof r);
      return 0;
    }
    case OP_SUM: {
      const size_t n = as_size(a[1], "n");
      SumArgs s = {};
      s.x = ptr(a[0], n, "sum: a");
      s.n = (vt_i64)n;
      Scratch out(this, 4);
      s.out = (float *)(uintptr_t)out.ptr;
      if (n == 0) return 0;
      launch(K_vt_sum_ordered, dim(1), dim(1), &s, sizeof s);
      float v = 0;
      dev_->dtoh(&v, out.ptr, 4);
      return v;
    }
    case OP_TRANSPOSE:
    case OP_SWAP_AXES12: {
      MoveArgs m = {};
      size_t total;
      if (code == OP_TRANSPOSE) {
        m.d0 = (vt_i64)as_size(a[2], "rows"), m.d1 = (vt_i64)as_size(a[3], "cols");
        total = (size_t)(m.d0 * m.d1);
      } else {
        m.d0 = (vt_i64)as_size(a[2], "d0"), m.d1 = (vt_i64)as_size(a[3], "d1");
        m.d2 = (vt_i64)as_size(a[4], "d2"), m.d3 = (vt_i64)as_size(a[5], "d3");
        total = (size_t)(m.d0 * m.d1 * m.d2 * m.d3);
      }
      m.x = ptr(a[0], total, "movement: x");
      m.out = ptr(a[1], total, "movement: out");
      launch_elements(code == OP_TRANSPOSE ? K_vt_transpose : K_vt_swap_axes12, total, &m, sizeof m);
      return 0;
    }
    case OP_COUNT_NONFINITE: {
      const size_t n = as_size(a[1], "n");
      if (n == 0) return 0;
      SumArgs s = {};
      s.x = ptr(a[0], n, "allFinite: a");
      s.n = (vt_i64)n;
      const size_t blocks = std::min<size_t>(VT_COUNT_BLOCKS, (n + VT_THREADS - 1) / VT_THREADS);
      Scratch counts(this, blocks * 4);
      s.counts = (int32_t *)(uintptr_t)counts.ptr;
      launch(K_vt_count_nonfinite, dim(blocks), dim(VT_THREADS), &s, sizeof s);
      std::vector<int32_t> host(blocks);
      dev_->dtoh(host.data(), counts.ptr, blocks * 4);
      double total = 0;
      for (int32_t c : host) total += c;
      return total;
    }
    case OP_PROBE: {
      ProbeArgs p = {};
      Scratch out(this, 4);
      p.out = (float *)(uintptr_t)out.ptr;
      p.iterations = (vt_i64)as_size(a[0], "iterations");
      p.seed = (float)a[2];
      launch(K_vt_probe, dim(as_size(a[1], "blocks")), dim(VT_THREADS), &p, sizeof p);
      dev_->sync();
      return 0;
    }
  }
  return 0;
}

void VtCuda::gather(uint32_t table, const int32_t *ids, size_t count, uint32_t out, size_t dim_) {
  if (count == 0 || dim_ == 0) return;
  MoveArgs m = {};
  m.x = ptr(table, 0, "embeddingGather: table");
  m.out = ptr(out, count * dim_, "embeddingGather: out");
  const size_t vocab = buf(table, 0, "embeddingGather: table").floats / dim_;
  for (size_t r = 0; r < count; r++)
    if (ids[r] < 0 || (size_t)ids[r] >= vocab) throw VtError("INVALID_ARGUMENT", "embeddingGather: ids[" + std::to_string(r) + "] is out of range");
  Scratch dev_ids(this, count * 4);
  dev_->htod(dev_ids.ptr, ids, count * 4);
  m.ids = (const int32_t *)(uintptr_t)dev_ids.ptr;
  m.d0 = (vt_i64)count, m.d1 = (vt_i64)dim_;
  launch_elements(K_vt_gather, count * dim_, &m, sizeof m);
}

void VtCuda::scatter(uint32_t d_out, const int32_t *ids, size_t count, uint32_t out, size_t vocab, size_t dim_) {
  MoveArgs m = {};
  m.x = ptr(d_out, count * dim_, "embeddingScatterAdd: dOut");
  m.out = ptr(out, vocab * dim_, "embeddingScatterAdd: out");
  if (vocab == 0 || dim_ == 0) return;
  /* Counting sort of the row numbers by id: rows of one id stay in ascending order. */
  std::vector<int32_t> off(vocab + 1, 0), rows(count);
  for (size_t r = 0; r < count; r++) {
    if (ids[r] < 0 || (size_t)ids[r] >= vocab) throw VtError("INVALID_ARGUMENT", "embeddingScatterAdd: ids[" + std::to_string(r) + "] is out of range");
    off[(size_t)ids[r] + 1]++;
  }
  for (size_t v = 0; v < vocab; v++) off[v + 1] += off[v];
  std::vector<int32_t> next(off.begin(), off.end() - 1);
  for (size_t r = 0; r < count; r++) rows[(size_t)next[(size_t)ids[r]]++] = (int32_t)r;
  Scratch dev_off(this, off.size() * 4), dev_rows(this, std::max<size_t>(1, count) * 4);
  dev_->htod(dev_off.ptr, off.data(), off.size() * 4);
  dev_->htod(dev_rows.ptr, rows.data(), count * 4);
  m.off = (const int32_t *)(uintptr_t)dev_off.ptr;
  m.ids = (const int32_t *)(uintptr_t)dev_rows.ptr;
  m.d0 = (vt_i64)vocab, m.d1 = (vt_i64)dim_;
  launch_elements(K_vt_scatter_csr, vocab * dim_, &m, sizeof m);
}

double VtCuda::cross_entropy(uint32_t logits, const int32_t *targets, uint32_t dlogits, size_t rows, size_t cols) {
  RowArgs r = {};
  r.rows = (vt_i64)rows, r.cols = (vt_i64)cols;
  r.x = ptr(logits, rows * cols, "crossEntropy: logits");
  r.o1 = ptr(dlogits, rows * cols, "crossEntropy: dlogits");
  for (size_t i = 0; i < rows; i++)
    if (targets[i] < 0 || (size_t)targets[i] >= cols) throw VtError("INVALID_ARGUMENT", "crossEntropy: targets[" + std::to_string(i) + "] is out of range");
  Scratch dev_targets(this, std::max<size_t>(1, rows) * 4), row_loss(this, std::max<size_t>(1, rows) * 4), out(this, 4);
  dev_->htod(dev_targets.ptr, targets, rows * 4);
  r.ids = (const int32_t *)(uintptr_t)dev_targets.ptr;
  r.o2 = (float *)(uintptr_t)row_loss.ptr;
  launch_rows(K_vt_cross_entropy_rows, rows, &r, sizeof r);
  SumArgs s = {};
  s.x = r.o2;
  s.out = (float *)(uintptr_t)out.ptr;
  s.n = (vt_i64)rows;
  s.div = (float)rows;
  launch(K_vt_sum_ordered, dim(1), dim(1), &s, sizeof s);
  float v = 0;
  dev_->dtoh(&v, out.ptr, 4);
  return v;
}
