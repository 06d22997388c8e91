/* The CUDA kernels compiled for the host: the same source, with emu_shim.h standing in for CUDA. */
#define VT_EMULATE 1
#include "vtf32_kernels.cu"
