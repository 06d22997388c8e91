import { describe, expect, it } from 'vitest';
import { inkToMnist } from './inkToMnist';

function drawing(width: number, height: number, inked: (x: number, y: number) => boolean): Uint8Array {
  return Uint8Array.from({ length: width * height }, (_, i) => (inked(i % width, Math.floor(i / width)) ? 255 : 0));
}

const rowsOf = (img: Uint8Array) => Array.from({ length: 28 }, (_, y) => Array.from(img.subarray(y * 28, y * 28 + 28)));

describe('inkToMnist', () => {
  it('gives a blank image for a blank drawing', () => {
    expect(inkToMnist(new Uint8Array(280 * 280), 280, 280).every((v) => v === 0)).toBe(true);
  });

  it('scales a stroke in a corner to the 20-pixel box, centred by mass', () => {
    // A vertical bar 100 px tall, 20 px wide, in the top-left corner of a 280×280 pad.
    const img = inkToMnist(
      drawing(280, 280, (x, y) => x >= 10 && x < 30 && y >= 5 && y < 105),
      280,
      280,
    );
    const rows = rowsOf(img);
    const inkedRows = rows.map((r, y) => (r.some((v) => v > 0) ? y : -1)).filter((y) => y >= 0);
    const inkedCols = [...new Set(rows.flatMap((r) => r.map((v, x) => (v > 0 ? x : -1)).filter((x) => x >= 0)))];
    expect(inkedRows).toEqual(Array.from({ length: 20 }, (_, i) => 4 + i)); // 20 rows, centred
    expect(inkedCols).toEqual([12, 13, 14, 15]); // 20 × 0.2 = 4 columns around 13.5
    expect(Math.max(...img)).toBe(255);
  });
});
