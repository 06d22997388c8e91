/* The baseline copy: SSE2 on x86-64 (always present), 16-byte vectors elsewhere (NEON on arm64). */
#define VT_ISA sse2
#define VT_VEC_BYTES 16
#include "vtf32_kernels.c"
#include "vt_table.h"
#if defined(__x86_64__) || defined(__i386__)
VT_DEFINE_TABLE("sse2");
#else
VT_DEFINE_TABLE("generic128");
#endif
