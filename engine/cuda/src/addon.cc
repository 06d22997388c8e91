/*
 * Node-API glue of the CUDA backend (engine/src/backend/cuda/). One VtCuda per JavaScript environment
 * (main thread or worker), created by open('cuda', fatbin) or open('emulator'). Tensors are integer handles;
 * every failure becomes a JavaScript Error whose `code` is the VtError's (CUDA_UNAVAILABLE, CUDA_ERROR,
 * OUT_OF_MEMORY, SHAPE_MISMATCH, INVALID_ARGUMENT, KERNEL_FAILED).
 */
#include <node_api.h>
#include <string.h>

#include <string>
#include <vector>

#include "device.h"
#include "vt_ops.h"

namespace {

struct State {
  VtCuda *vt = nullptr;
};

void throw_js(napi_env env, const char *code, const std::string &message) {
  napi_value msg, err, c;
  napi_create_string_utf8(env, message.c_str(), NAPI_AUTO_LENGTH, &msg);
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &c);
  napi_create_error(env, c, msg, &err);
  napi_throw(env, err);
}

State *state_of(napi_env env) {
  void *data = nullptr;
  napi_get_instance_data(env, &data);
  return (State *)data;
}

VtCuda &vt_of(napi_env env) {
  State *s = state_of(env);
  if (!s || !s->vt) throw VtError("INVALID_ARGUMENT", "the CUDA backend is not open (call open first)");
  return *s->vt;
}

struct Args {
  napi_value v[8];
  size_t n = 8;
  Args(napi_env env, napi_callback_info info) { napi_get_cb_info(env, info, &n, v, nullptr, nullptr); }
};

double num(napi_env env, napi_value v, const char *what) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok) throw VtError("INVALID_ARGUMENT", std::string(what) + ": expected a number");
  return d;
}

uint32_t handle(napi_env env, napi_value v, const char *what) {
  const double d = num(env, v, what);
  if (!(d >= 0) || d > 4294967295.0 || (double)(uint32_t)d != d) throw VtError("INVALID_ARGUMENT", std::string(what) + ": expected a tensor handle");
  return (uint32_t)d;
}

template <typename T>
T *typed(napi_env env, napi_value v, napi_typedarray_type want, size_t *length, const char *what) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  napi_typedarray_type type;
  void *data = nullptr;
  napi_value ab;
  size_t offset;
  if (!is || napi_get_typedarray_info(env, v, &type, length, &data, &ab, &offset) != napi_ok || type != want)
    throw VtError("INVALID_ARGUMENT", std::string(what) + ": expected a " + (want == napi_float32_array ? "Float32Array" : want == napi_int32_array ? "Int32Array" : "Float64Array"));
  return (T *)data;
}

napi_value number(napi_env env, double d) {
  napi_value r;
  napi_create_double(env, d, &r);
  return r;
}

napi_value undefined(napi_env env) {
  napi_value r;
  napi_get_undefined(env, &r);
  return r;
}

void set(napi_env env, napi_value obj, const char *key, napi_value v) { napi_set_named_property(env, obj, key, v); }
napi_value str(napi_env env, const std::string &s) {
  napi_value r;
  napi_create_string_utf8(env, s.c_str(), s.size(), &r);
  return r;
}

template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const VtError &e) {
    throw_js(env, e.code.c_str(), e.what());
  } catch (const std::bad_alloc &) {
    throw_js(env, "OUT_OF_MEMORY", "the CUDA backend ran out of host memory");
  } catch (const std::exception &e) {
    throw_js(env, "CUDA_ERROR", e.what());
  }
  return nullptr;
}

#define FN(name) napi_value name(napi_env env, napi_callback_info info)

/* probe() → { available, reason, device }: whether a CUDA device answers (no context is created). */
FN(js_probe) {
  return guarded(env, [&] {
    std::string name;
    const std::string why = vt_cuda_probe(&name);
    napi_value o, b;
    napi_create_object(env, &o);
    napi_get_boolean(env, why.empty(), &b);
    set(env, o, "available", b);
    set(env, o, "reason", str(env, why));
    set(env, o, "device", str(env, name));
    return o;
  });
}

/* open(mode 'cuda' | 'emulator', fatbin?: Uint8Array, ordinal?: number) → description */
FN(js_open) {
  Args a(env, info);
  return guarded(env, [&] {
    char mode[16] = {0};
    size_t len = 0;
    if (a.n < 1 || napi_get_value_string_utf8(env, a.v[0], mode, sizeof mode, &len) != napi_ok)
      throw VtError("INVALID_ARGUMENT", "open: expected 'cuda' or 'emulator'");
    State *s = state_of(env);
    if (s->vt) {
      delete s->vt;
      s->vt = nullptr;
    }
    Device *d;
    if (strcmp(mode, "emulator") == 0) {
      d = vt_create_emulator();
    } else if (strcmp(mode, "cuda") == 0) {
      size_t bytes = 0;
      if (a.n < 2) throw VtError("INVALID_ARGUMENT", "open('cuda'): the kernel image is missing");
      const uint8_t *image = typed<uint8_t>(env, a.v[1], napi_uint8_array, &bytes, "open: fatbin");
      const int ordinal = a.n >= 3 ? (int)num(env, a.v[2], "open: device") : 0;
      d = vt_create_cuda(image, bytes, ordinal);
    } else {
      throw VtError("INVALID_ARGUMENT", std::string("open: mode is ") + mode + "; expected 'cuda' or 'emulator'");
    }
    s->vt = new VtCuda(d);
    return str(env, d->describe());
  });
}

FN(js_create) {
  Args a(env, info);
  return guarded(env, [&] {
    const double n = num(env, a.v[0], "create: length");
    bool zero = true;
    if (a.n >= 2) napi_get_value_bool(env, a.v[1], &zero);
    return number(env, vt_of(env).create((size_t)n, zero));
  });
}

FN(js_upload) {
  Args a(env, info);
  return guarded(env, [&] {
    size_t n = 0;
    const float *data = typed<float>(env, a.v[0], napi_float32_array, &n, "upload: data");
    return number(env, vt_of(env).upload(data, n));
  });
}

FN(js_write) {
  Args a(env, info);
  return guarded(env, [&] {
    size_t n = 0;
    const float *data = typed<float>(env, a.v[1], napi_float32_array, &n, "write: data");
    vt_of(env).write(handle(env, a.v[0], "write: tensor"), data, n);
    return undefined(env);
  });
}

FN(js_download) {
  Args a(env, info);
  return guarded(env, [&] {
    size_t n = 0;
    float *out = typed<float>(env, a.v[1], napi_float32_array, &n, "download: out");
    vt_of(env).download(handle(env, a.v[0], "download: tensor"), out, n);
    return undefined(env);
  });
}

FN(js_release) {
  Args a(env, info);
  return guarded(env, [&] {
    vt_of(env).release(handle(env, a.v[0], "release: tensor"));
    return undefined(env);
  });
}

/* op(code, Float64Array args) → number */
FN(js_op) {
  Args a(env, info);
  return guarded(env, [&] {
    const int code = (int)num(env, a.v[0], "op: code");
    size_t n = 0;
    const double *args = typed<double>(env, a.v[1], napi_float64_array, &n, "op: args");
    return number(env, vt_of(env).op(code, args, n));
  });
}

FN(js_gather) {
  Args a(env, info);
  return guarded(env, [&] {
    size_t count = 0;
    const int32_t *ids = typed<int32_t>(env, a.v[1], napi_int32_array, &count, "embeddingGather: ids");
    vt_of(env).gather(handle(env, a.v[0], "table"), ids, count, handle(env, a.v[2], "out"), (size_t)num(env, a.v[3], "dim"));
    return undefined(env);
  });
}

FN(js_scatter) {
  Args a(env, info);
  return guarded(env, [&] {
    size_t count = 0;
    const int32_t *ids = typed<int32_t>(env, a.v[1], napi_int32_array, &count, "embeddingScatterAdd: ids");
    vt_of(env).scatter(handle(env, a.v[0], "dOut"), ids, count, handle(env, a.v[2], "out"), (size_t)num(env, a.v[3], "vocab"),
                       (size_t)num(env, a.v[4], "dim"));
    return undefined(env);
  });
}

FN(js_cross_entropy) {
  Args a(env, info);
  return guarded(env, [&] {
    size_t rows = 0;
    const int32_t *targets = typed<int32_t>(env, a.v[1], napi_int32_array, &rows, "crossEntropy: targets");
    const size_t cols = (size_t)num(env, a.v[4], "cols");
    if ((size_t)num(env, a.v[3], "rows") != rows) throw VtError("SHAPE_MISMATCH", "crossEntropy: targets and rows differ");
    return number(env, vt_of(env).cross_entropy(handle(env, a.v[0], "logits"), targets, handle(env, a.v[2], "dlogits"), rows, cols));
  });
}

FN(js_sync) {
  return guarded(env, [&] {
    vt_of(env).sync();
    return undefined(env);
  });
}

FN(js_trim) {
  return guarded(env, [&] {
    vt_of(env).trim();
    return undefined(env);
  });
}

FN(js_stats) {
  return guarded(env, [&] {
    const VtStats s = vt_of(env).stats();
    napi_value o;
    napi_create_object(env, &o);
    set(env, o, "live", number(env, (double)s.live));
    set(env, o, "liveBytes", number(env, (double)s.live_bytes));
    set(env, o, "peakBytes", number(env, (double)s.peak_bytes));
    set(env, o, "cachedBytes", number(env, (double)s.cached_bytes));
    set(env, o, "launches", number(env, (double)s.launches));
    set(env, o, "uploadedBytes", number(env, (double)s.uploaded_bytes));
    set(env, o, "downloadedBytes", number(env, (double)s.downloaded_bytes));
    return o;
  });
}

void finalize_state(napi_env, void *data, void *) {
  State *s = (State *)data;
  delete s->vt;
  delete s;
}

}  // namespace

NAPI_MODULE_INIT() {
  State *s = new State();
  napi_set_instance_data(env, s, finalize_state, nullptr);
  const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {{"probe", js_probe},   {"open", js_open},         {"create", js_create},   {"upload", js_upload},
             {"write", js_write},   {"download", js_download}, {"release", js_release}, {"op", js_op},
             {"gather", js_gather}, {"scatter", js_scatter},   {"crossEntropy", js_cross_entropy},
             {"sync", js_sync},     {"trim", js_trim},         {"stats", js_stats}};
  for (const auto &f : fns) {
    napi_value v;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.fn, nullptr, &v);
    napi_set_named_property(env, exports, f.name, v);
  }
  return exports;
}
