// Writes the body of src/commitments/keccak256Of64.ts (an unrolled Keccak-f[1600] for one 64-byte message) to stdout.
const rot = Array.from({ length: 25 }, () => 0);
{
  let x = 1,
    y = 0;
  for (let t = 0; t < 24; t++) {
    rot[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
}
const rc = [];
{
  let r = 1;
  const bit = () => {
    const out = r & 1;
    r = (r << 1) ^ (r & 0x80 ? 0x71 : 0);
    r &= 0xff;
    return out;
  };
  for (let i = 0; i < 24; i++) {
    let lo = 0,
      hi = 0;
    for (let j = 0; j < 7; j++) {
      const b = bit();
      const pos = (1 << j) - 1;
      if (b) {
        if (pos < 32) lo |= 1 << pos;
        else hi |= 1 << (pos - 32);
      }
    }
    rc.push(lo | 0, hi | 0);
  }
}
const L = [];
const a = (i) => [`a${i}l`, `a${i}h`];
L.push(`const RC = Int32Array.from([${rc.join(', ')}]);`);
L.push('');
L.push('/** keccak256 of the 64 bytes src[srcOff … srcOff+63], written to dst[dstOff … dstOff+31]. */');
L.push('export function keccak256Of64(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {');
const w = (k) =>
  `(src[srcOff + ${k}]! | (src[srcOff + ${k + 1}]! << 8) | (src[srcOff + ${k + 2}]! << 16) | (src[srcOff + ${k + 3}]! << 24))`;
for (let i = 0; i < 25; i++) {
  let lo = '0',
    hi = '0';
  if (i < 8) {
    lo = w(8 * i);
    hi = w(8 * i + 4);
  }
  if (i === 8) lo = '1';
  if (i === 16) hi = '-2147483648';
  L.push(`  let a${i}l = ${lo}, a${i}h = ${hi};`);
}
L.push(
  '  let c0l = 0, c0h = 0, c1l = 0, c1h = 0, c2l = 0, c2h = 0, c3l = 0, c3h = 0, c4l = 0, c4h = 0, dl = 0, dh = 0;',
);
L.push(`  let ${Array.from({ length: 25 }, (_, i) => `b${i}l = 0, b${i}h = 0`).join(', ')};`);
L.push('  for (let r = 0; r < 48; r += 2) {');
for (let x = 0; x < 5; x++)
  L.push(
    `    c${x}l = a${x}l ^ a${x + 5}l ^ a${x + 10}l ^ a${x + 15}l ^ a${x + 20}l; c${x}h = a${x}h ^ a${x + 5}h ^ a${x + 10}h ^ a${x + 15}h ^ a${x + 20}h;`,
  );
for (let x = 0; x < 5; x++) {
  const p = (x + 4) % 5,
    n = (x + 1) % 5;
  L.push(`    dl = c${p}l ^ ((c${n}l << 1) | (c${n}h >>> 31)); dh = c${p}h ^ ((c${n}h << 1) | (c${n}l >>> 31));`);
  L.push(`    ${[0, 1, 2, 3, 4].map((y) => `a${x + 5 * y}l ^= dl; a${x + 5 * y}h ^= dh;`).join(' ')}`);
}
for (let x = 0; x < 5; x++)
  for (let y = 0; y < 5; y++) {
    const i = x + 5 * y,
      j = y + 5 * ((2 * x + 3 * y) % 5),
      n = rot[i];
    const [al, ah] = a(i);
    let lo, hi;
    if (n === 0) {
      lo = al;
      hi = ah;
    } else if (n < 32) {
      lo = `(${al} << ${n}) | (${ah} >>> ${32 - n})`;
      hi = `(${ah} << ${n}) | (${al} >>> ${32 - n})`;
    } else if (n === 32) {
      lo = ah;
      hi = al;
    } else {
      const m = n - 32;
      lo = `(${ah} << ${m}) | (${al} >>> ${32 - m})`;
      hi = `(${al} << ${m}) | (${ah} >>> ${32 - m})`;
    }
    L.push(`    b${j}l = ${lo}; b${j}h = ${hi};`);
  }
for (let y = 0; y < 5; y++)
  for (let x = 0; x < 5; x++) {
    const i = x + 5 * y,
      i1 = ((x + 1) % 5) + 5 * y,
      i2 = ((x + 2) % 5) + 5 * y;
    L.push(`    a${i}l = b${i}l ^ (~b${i1}l & b${i2}l); a${i}h = b${i}h ^ (~b${i1}h & b${i2}h);`);
  }
L.push('    a0l ^= RC[r]!; a0h ^= RC[r + 1]!;');
L.push('  }');
for (let i = 0; i < 4; i++)
  for (const [half, k] of [
    ['l', 0],
    ['h', 4],
  ]) {
    const v = `a${i}${half}`,
      o = 8 * i + k;
    L.push(
      `  dst[dstOff + ${o}] = ${v}; dst[dstOff + ${o + 1}] = ${v} >>> 8; dst[dstOff + ${o + 2}] = ${v} >>> 16; dst[dstOff + ${o + 3}] = ${v} >>> 24;`,
    );
  }
L.push('}');
process.stdout.write(`${L.join('\n')}\n`);
