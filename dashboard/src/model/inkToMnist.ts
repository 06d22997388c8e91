export const MNIST_SIDE = 28;
/** MNIST digits fit a 20×20 box inside the 28×28 image, centred by their centre of mass. */
const BOX = 20;

/**
 * Turns a drawing (ink intensity 0…255 per pixel, row-major `width`×`height`) into a 28×28 MNIST-style image:
 * the inked bounding box scaled (area-averaged) so its longer side is 20 pixels, then placed so its centre of
 * mass sits at the image centre, as the MNIST digits were prepared. A drawing without ink gives a blank image.
 */
export function inkToMnist(ink: ArrayLike<number>, width: number, height: number): Uint8Array {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  if (x1 < 0) return out;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.min(BOX, Math.round(bw * scale)));
  const th = Math.max(1, Math.min(BOX, Math.round(bh * scale)));
  const sum = new Float64Array(tw * th);
  const count = new Float64Array(tw * th);
  for (let y = y0; y <= y1; y++) {
    const ty = Math.min(th - 1, Math.floor((y - y0) * scale));
    for (let x = x0; x <= x1; x++) {
      const tx = Math.min(tw - 1, Math.floor((x - x0) * scale));
      const t = ty * tw + tx;
      sum[t] = sum[t]! + ink[y * width + x]!;
      count[t] = count[t]! + 1;
    }
  }
  const box = Array.from(sum, (s, i) => (count[i]! > 0 ? s / count[i]! : 0));
  let mass = 0;
  let mx = 0;
  let my = 0;
  box.forEach((v, i) => {
    mass += v;
    mx += v * (i % tw);
    my += v * Math.floor(i / tw);
  });
  const centre = (MNIST_SIDE - 1) / 2;
  const ox = Math.min(MNIST_SIDE - tw, Math.max(0, Math.round(centre - mx / mass)));
  const oy = Math.min(MNIST_SIDE - th, Math.max(0, Math.round(centre - my / mass)));
  box.forEach((v, i) => {
    out[(oy + Math.floor(i / tw)) * MNIST_SIDE + ox + (i % tw)] = Math.min(255, Math.round(v));
  });
  return out;
}
