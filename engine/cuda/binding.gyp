{
  "targets": [
    {
      "target_name": "vtcuda",
      "sources": ["src/addon.cc", "src/vt_ops.cc", "src/device_cuda.cc", "src/device_emu.cc", "src/emu_runtime.cc", "src/emu_kernels.cc"],
      "cflags_cc": ["-std=c++17", "-O2", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc!": ["-fno-exceptions", "-O3", "-ffast-math", "-std=gnu++17"],
      "libraries": ["-ldl"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "OTHER_CPLUSPLUSFLAGS": ["-std=c++17", "-O2", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno"]
      }
    }
  ]
}
