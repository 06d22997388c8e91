/* The AVX2 copy (32-byte vectors). AVX2 only: FMA is not enabled, and the build never contracts anyway. */
#if defined(__x86_64__) || defined(__i386__)
#pragma GCC target("avx2")
#define VT_ISA avx2
#define VT_VEC_BYTES 32
#include "vtf32_kernels.c"
#include "vt_table.h"
VT_DEFINE_TABLE("avx2");
#endif
