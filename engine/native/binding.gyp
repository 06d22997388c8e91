{
  "targets": [
    {
      "target_name": "vtf32",
      "sources": ["src/addon.c", "src/keccak.c", "src/pool.c", "src/isa_sse2.c", "src/isa_avx2.c", "src/isa_avx512.c"],
      "cflags": ["-std=gnu11", "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno", "-Wall", "-Wextra", "-Wno-unused-parameter", "-pthread"],
      "cflags!": ["-O2", "-ffast-math"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "OTHER_CFLAGS": ["-std=gnu11", "-O3", "-ffp-contract=off", "-fno-fast-math", "-fno-math-errno"]
      }
    }
  ]
}
