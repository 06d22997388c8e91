/* The AVX-512 copy (64-byte vectors): AVX-512F only, no FMA. */
#if defined(__x86_64__) || defined(__i386__)
#pragma GCC target("avx512f")
#define VT_ISA avx512
#define VT_VEC_BYTES 64
#include "vtf32_kernels.c"
#include "vt_table.h"
VT_DEFINE_TABLE("avx512");
#endif
