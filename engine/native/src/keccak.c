// keccak256 of 64-byte blocks: the nodes of a positional Merkle tree (engine/src/trace, docs/game.md), the
// same function as protocol/src/commitments/keccak256Of64.ts (tested equal in engine/test/trace/nativeHash.test.ts).
// Keccak-f[1600] (FIPS 202), one round unrolled over local lanes, with keccak256 padding of a 64-byte message:
// 0x01 after it (lane 8), 0x80 in the last byte of the 136-byte rate (top of lane 16).
#include <stddef.h>
#include <stdint.h>

#include "keccak.h"

static const uint64_t RC[24] = {0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL, 0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

#define ROL(v, n) (((v) << (n)) | ((v) >> (64 - (n))))

static inline uint64_t load64(const uint8_t *p) {
  uint64_t v = 0;
  for (int j = 7; j >= 0; j--) v = (v << 8) | p[j];
  return v;
}

void vt_keccak256_blocks64(const uint8_t *src, size_t blocks, uint8_t *dst) {
  for (size_t k = 0; k < blocks; k++, src += 64, dst += 32) {
    uint64_t a0 = load64(src + 0);
    uint64_t a1 = load64(src + 8);
    uint64_t a2 = load64(src + 16);
    uint64_t a3 = load64(src + 24);
    uint64_t a4 = load64(src + 32);
    uint64_t a5 = load64(src + 40);
    uint64_t a6 = load64(src + 48);
    uint64_t a7 = load64(src + 56);
    uint64_t a8 = 0x01;
    uint64_t a9 = 0;
    uint64_t a10 = 0;
    uint64_t a11 = 0;
    uint64_t a12 = 0;
    uint64_t a13 = 0;
    uint64_t a14 = 0;
    uint64_t a15 = 0;
    uint64_t a16 = 0x8000000000000000ULL;
    uint64_t a17 = 0;
    uint64_t a18 = 0;
    uint64_t a19 = 0;
    uint64_t a20 = 0;
    uint64_t a21 = 0;
    uint64_t a22 = 0;
    uint64_t a23 = 0;
    uint64_t a24 = 0;
    uint64_t c0, c1, c2, c3, c4, d, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15, b16, b17, b18, b19, b20, b21, b22, b23, b24;
    for (int r = 0; r < 24; r++) {
      c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
      c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
      c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
      c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
      c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
      d = c4 ^ ROL(c1, 1); a0 ^= d; a5 ^= d; a10 ^= d; a15 ^= d; a20 ^= d;
      d = c0 ^ ROL(c2, 1); a1 ^= d; a6 ^= d; a11 ^= d; a16 ^= d; a21 ^= d;
      d = c1 ^ ROL(c3, 1); a2 ^= d; a7 ^= d; a12 ^= d; a17 ^= d; a22 ^= d;
      d = c2 ^ ROL(c4, 1); a3 ^= d; a8 ^= d; a13 ^= d; a18 ^= d; a23 ^= d;
      d = c3 ^ ROL(c0, 1); a4 ^= d; a9 ^= d; a14 ^= d; a19 ^= d; a24 ^= d;
      b0 = a0;
      b16 = ROL(a5, 36);
      b7 = ROL(a10, 3);
      b23 = ROL(a15, 41);
      b14 = ROL(a20, 18);
      b10 = ROL(a1, 1);
      b1 = ROL(a6, 44);
      b17 = ROL(a11, 10);
      b8 = ROL(a16, 45);
      b24 = ROL(a21, 2);
      b20 = ROL(a2, 62);
      b11 = ROL(a7, 6);
      b2 = ROL(a12, 43);
      b18 = ROL(a17, 15);
      b9 = ROL(a22, 61);
      b5 = ROL(a3, 28);
      b21 = ROL(a8, 55);
      b12 = ROL(a13, 25);
      b3 = ROL(a18, 21);
      b19 = ROL(a23, 56);
      b15 = ROL(a4, 27);
      b6 = ROL(a9, 20);
      b22 = ROL(a14, 39);
      b13 = ROL(a19, 8);
      b4 = ROL(a24, 14);
      a0 = b0 ^ (~b1 & b2);
      a1 = b1 ^ (~b2 & b3);
      a2 = b2 ^ (~b3 & b4);
      a3 = b3 ^ (~b4 & b0);
      a4 = b4 ^ (~b0 & b1);
      a5 = b5 ^ (~b6 & b7);
      a6 = b6 ^ (~b7 & b8);
      a7 = b7 ^ (~b8 & b9);
      a8 = b8 ^ (~b9 & b5);
      a9 = b9 ^ (~b5 & b6);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
      a0 ^= RC[r];
    }
    const uint64_t out[4] = {a0, a1, a2, a3};
    for (int i = 0; i < 4; i++)
      for (int j = 0; j < 8; j++) dst[8 * i + j] = (uint8_t)(out[i] >> (8 * j));
  }
}
