// keccak256 of 64-byte blocks: the nodes of a positional Merkle tree (engine/src/trace, docs/game.md), the
// same function as protocol/src/commitments/keccak256Of64.ts (tested equal). Keccak-f[1600] (FIPS 202) with
// keccak256 padding of a 64-byte message: 0x01 after it, 0x80 in the last byte of the 136-byte rate.
#include <stddef.h>
#include <stdint.h>

#include "keccak.h"

static const uint64_t RC[24] = {0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL, 0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
/* Rotation of lane i (x + 5y) and where rho-pi moves it. */
static const unsigned ROT[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14};
static const unsigned PI[25] = {0, 10, 20, 5, 15, 16, 1, 11, 21, 6, 7, 17, 2, 12, 22, 23, 8, 18, 3, 13, 14, 24, 9, 19, 4};

static inline uint64_t rol(uint64_t v, unsigned n) { return n ? (v << n) | (v >> (64 - n)) : v; }

static void keccak_f1600(uint64_t a[25]) {
  uint64_t b[25], c[5], d;
  for (int r = 0; r < 24; r++) {
    for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; x++) {
      d = c[(x + 4) % 5] ^ rol(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[x + y] ^= d;
    }
    for (int i = 0; i < 25; i++) b[PI[i]] = rol(a[i], ROT[i]);
    for (int y = 0; y < 25; y += 5)
      for (int x = 0; x < 5; x++) a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
    a[0] ^= RC[r];
  }
}

void vt_keccak256_blocks64(const uint8_t *src, size_t blocks, uint8_t *dst) {
  for (size_t k = 0; k < blocks; k++, src += 64, dst += 32) {
    uint64_t a[25] = {0};
    for (int i = 0; i < 8; i++) {
      uint64_t v = 0;
      for (int j = 7; j >= 0; j--) v = (v << 8) | src[8 * i + j];
      a[i] = v;
    }
    a[8] = 0x01;
    a[16] = 0x8000000000000000ULL;
    keccak_f1600(a);
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 8; j++) dst[8 * i + j] = (uint8_t)(a[i] >> (8 * j));
  }
}
