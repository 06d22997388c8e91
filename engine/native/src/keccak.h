#ifndef VT_KECCAK_H
#define VT_KECCAK_H
#include <stddef.h>
#include <stdint.h>

/* dst[32k … 32k+31] = keccak256(src[64k … 64k+63]) for k < blocks. */
void vt_keccak256_blocks64(const uint8_t *src, size_t blocks, uint8_t *dst);

#endif
