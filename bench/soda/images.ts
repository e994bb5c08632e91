/**
 * The test images of bench/soda: a 4096×4096 float32 sky (flat background, Gaussian-like noise,
 * a few hundred stars; mulberry32 seed 10) with a TAN WCS at 0.2″/px centred on (60°, −30°), written
 * once per machine into the OS temp folder as a plain FITS file (the image in the primary HDU) and
 * two RICE_1 tile-compressed ones (empty primary, then the compressed image: quantize level 16,
 * SUBTRACTIVE_DITHER_1), one with 128×128 tiles (a cut-out archive's choice: a cut-out decodes
 * only the tiles it touches; the demo release writes these too) and one with tiles of whole rows × 16
 * (fpack's row-wise habit, and the demo's layout before session 3).
 */
import { existsSync, renameSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compressImage } from "../../src/lib/fits/compress/index.js";
import { type Card, collectBytes, FitsHeader, emptyPrimaryHdu, formatCard, imageHdu, writeFits } from "../../src/lib/fits/index.js";
import { Wcs } from "../../src/lib/wcs/index.js";
import { mulberry32 } from "../../test/support/random.js";

export const SIDE = 4096;
/** Pixel scale, arcsec. */
export const SCALE_ARCSEC = 0.2;
export const CENTRE_DEG: readonly [number, number] = [60, -30];
/** Rows per compression tile of the row-tiled file (whole rows × 16). */
export const TILE_ROWS = 16;
/** Side of the square tiles of the other compressed file. */
export const TILE_SQUARE = 128;

export function wcsCards(): Card[] {
  const cd = SCALE_ARCSEC / 3600;
  return [
    formatCard("WCSAXES", 2),
    formatCard("CTYPE1", "RA---TAN"),
    formatCard("CTYPE2", "DEC--TAN"),
    formatCard("CUNIT1", "deg"),
    formatCard("CUNIT2", "deg"),
    formatCard("CRPIX1", (SIDE + 1) / 2, "", { float: true }),
    formatCard("CRPIX2", (SIDE + 1) / 2, "", { float: true }),
    formatCard("CRVAL1", CENTRE_DEG[0], "", { float: true }),
    formatCard("CRVAL2", CENTRE_DEG[1], "", { float: true }),
    formatCard("CD1_1", -cd, "", { float: true }),
    formatCard("CD1_2", 0, "", { float: true }),
    formatCard("CD2_1", 0, "", { float: true }),
    formatCard("CD2_2", cd, "", { float: true }),
    formatCard("RADESYS", "ICRS"),
    formatCard("BUNIT", "nJy"),
  ];
}

/** The image's WCS (the same cards the files carry). */
export function imageWcs(): Wcs {
  const h = new FitsHeader(wcsCards());
  return Wcs.fromHeader((k) => h.get(k));
}

function makeImage(): Float32Array {
  const rand = mulberry32(10);
  const a = new Float32Array(SIDE * SIDE);
  for (let i = 0; i < a.length; i++) a[i] = 100 + 10 * (rand() + rand() + rand() + rand() - 2) * 1.732;
  for (let s = 0; s < 400; s++) {
    const cx = rand() * SIDE;
    const cy = rand() * SIDE;
    const flux = 200 + 5000 * rand() ** 3;
    const sigma = 2 + rand();
    const r = Math.ceil(4 * sigma);
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(SIDE, cy + r); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(SIDE, cx + r); x++) {
        const d2 = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2;
        const k = y * SIDE + x;
        a[k] = (a[k] ?? 0) + flux * Math.exp(-d2 / (2 * sigma * sigma));
      }
    }
  }
  return a;
}

export interface TestImages {
  readonly plain: string;
  /** RICE_1, 128×128 tiles. */
  readonly rice: string;
  /** RICE_1, whole rows × 16 tiles. */
  readonly riceRows: string;
}

/** Paths of the two files, written when missing (a few seconds, once per machine). */
export async function testImages(log: (s: string) => void): Promise<TestImages> {
  const plain = join(tmpdir(), `skyport-bench-soda-${SIDE}-f32.fits`);
  const rice = join(tmpdir(), `skyport-bench-soda-${SIDE}-f32-rice${TILE_SQUARE}.fits`);
  const riceRows = join(tmpdir(), `skyport-bench-soda-${SIDE}-f32-rice.fits`);
  if (existsSync(plain) && existsSync(rice) && existsSync(riceRows)) return { plain, rice, riceRows };
  log(`writing the ${SIDE}×${SIDE} float32 test images into ${tmpdir()}`);
  const data = makeImage();
  const write = async (path: string, bytes: Uint8Array) => {
    await writeFile(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
  };
  const primary = [formatCard("ORIGIN", "skyport bench/soda"), formatCard("OBJECT", "synthetic 4k float32 sky")];
  await write(plain, await collectBytes(writeFits([imageHdu({ data, shape: [SIDE, SIDE], primary: true, cards: [...primary, ...wcsCards()] })], { checksum: true })));
  const ext = imageHdu({ data, shape: [SIDE, SIDE], primary: false, cards: [formatCard("EXTNAME", "IMAGE"), ...wcsCards()] });
  for (const [path, tile] of [
    [rice, [TILE_SQUARE, TILE_SQUARE]],
    [riceRows, [SIDE, TILE_ROWS]],
  ] as const) {
    const compressed = compressImage({ header: ext.header, data }, { algorithm: "RICE_1", quantizeLevel: 16, quantizeMethod: "SUBTRACTIVE_DITHER_1", zdither0: 17, tile: [...tile] });
    await write(path, await collectBytes(writeFits([emptyPrimaryHdu(primary), compressed], { checksum: true })));
  }
  return { plain, rice, riceRows };
}
