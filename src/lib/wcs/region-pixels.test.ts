import assert from "node:assert/strict";
import { test } from "node:test";
import { circle, polygonFromFlat, range } from "../sphere/index.js";
import { type CutoutRegion, type PixelBox1, pixelsOutsideRegion, regionPixelBox } from "./region-pixels.js";
import { Wcs } from "./wcs.js";

const SIZE: [number, number] = [400, 300];
const wcs = Wcs.celestial({ projection: "TAN", crvalDeg: [60, -30], crpix1: [200.5, 150.5], cdeltDeg: 1 / 3600, imageSize: SIZE });

/** The box of pixels whose centres lie in the region, by brute force over every pixel. */
function centresBox(region: CutoutRegion): PixelBox1 | undefined {
  const out = pixelsOutsideRegion(wcs, region, { x1: 1, x2: SIZE[0], y1: 1, y2: SIZE[1] });
  let x1 = Infinity;
  let x2 = -Infinity;
  let y1 = Infinity;
  let y2 = -Infinity;
  for (let j = 0; j < SIZE[1]; j++) {
    for (let i = 0; i < SIZE[0]; i++) {
      if (out[j * SIZE[0] + i]) continue;
      x1 = Math.min(x1, i + 1);
      x2 = Math.max(x2, i + 1);
      y1 = Math.min(y1, j + 1);
      y2 = Math.max(y2, j + 1);
    }
  }
  return x1 > x2 ? undefined : { x1, x2, y1, y2 };
}

/** Whether any of 9×9 points spread over pixel (x, y), edges included, lies in the region. */
function touched(region: CutoutRegion, x: number, y: number): boolean {
  const box = { x1: 1, x2: 9, y1: 1, y2: 9 };
  const sub = Wcs.celestial({ projection: "TAN", crvalDeg: [60, -30], crpix1: [(200.5 - x + 0.5) * 8 + 1, (150.5 - y + 0.5) * 8 + 1], cdeltDeg: 1 / 3600 / 8, imageSize: [9, 9] });
  return pixelsOutsideRegion(sub, region, box).some((o) => o === 0);
}

/**
 * Our box holds every pixel whose centre is inside the region, and each of its edge rows and
 * columns (or the one next to it) has a pixel the region touches: the box is not too big.
 */
function assertTight(region: CutoutRegion, label: string): PixelBox1 | undefined {
  const box = regionPixelBox(wcs, region, SIZE);
  const ref = centresBox(region);
  if (!ref) return box;
  assert.ok(box, `${label}: a box`);
  assert.ok(box.x1 <= ref.x1 && box.x2 >= ref.x2 && box.y1 <= ref.y1 && box.y2 >= ref.y2, `${label}: ${JSON.stringify(box)} holds ${JSON.stringify(ref)}`);
  const col = (x: number) => Array.from({ length: box.y2 - box.y1 + 1 }, (_, j) => box.y1 + j).some((y) => touched(region, x, y));
  const row = (y: number) => Array.from({ length: box.x2 - box.x1 + 1 }, (_, i) => box.x1 + i).some((x) => touched(region, x, y));
  assert.ok(col(box.x1) || col(box.x1 + 1), `${label}: column ${box.x1} of ${JSON.stringify(box)} is touched`);
  assert.ok(col(box.x2) || col(box.x2 - 1), `${label}: column ${box.x2} of ${JSON.stringify(box)} is touched`);
  assert.ok(row(box.y1) || row(box.y1 + 1), `${label}: row ${box.y1} of ${JSON.stringify(box)} is touched`);
  assert.ok(row(box.y2) || row(box.y2 - 1), `${label}: row ${box.y2} of ${JSON.stringify(box)} is touched`);
  return box;
}

test("a 30 arcsec circle centred on pixel (200, 150) covers 61 pixels a side", () => {
  const [ra, dec] = wcs.pixToWorld(200, 150);
  const box = assertTight(circle(ra, dec, 30 / 3600), "centre circle");
  assert.deepEqual(box, { x1: 170, x2: 230, y1: 120, y2: 180 });
});

test("shapes partly off the image are clipped to it; shapes off it give no box", () => {
  const [ra, dec] = wcs.pixToWorld(5, 295);
  const box = assertTight(circle(ra, dec, 20 / 3600), "corner circle");
  assert.equal(box?.x1, 1);
  assert.equal(box?.y2, 300);
  const [ra2, dec2] = wcs.pixToWorld(-100, 150);
  assert.equal(regionPixelBox(wcs, circle(ra2, dec2, 20 / 3600), SIZE), undefined);
});

test("a region enclosing the whole image gives the whole image", () => {
  assert.deepEqual(regionPixelBox(wcs, circle(60, -30, 1), SIZE), { x1: 1, x2: 400, y1: 1, y2: 300 });
  assert.deepEqual(regionPixelBox(wcs, range(59, 61, -31, -29), SIZE), { x1: 1, x2: 400, y1: 1, y2: 300 });
});

test("random circles, polygons and ranges are tight boxes around their pixel centres", () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let k = 0; k < 60; k++) {
    const [ra, dec] = wcs.pixToWorld(-50 + rnd() * 500, -50 + rnd() * 400);
    const r = (5 + rnd() * 120) / 3600;
    assertTight(circle(ra, dec, r), `circle ${k}`);
    const verts: number[] = [];
    const n = 3 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      const rr = r * (0.6 + 0.4 * rnd());
      verts.push(ra + (rr * Math.cos(a)) / Math.cos((dec * Math.PI) / 180), dec + rr * Math.sin(a));
    }
    assertTight(polygonFromFlat(verts), `polygon ${k}`);
    assertTight(range(ra - r, ra + r * rnd(), dec - r * rnd(), dec + r), `range ${k}`);
  }
});
