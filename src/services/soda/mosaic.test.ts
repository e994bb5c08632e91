/**
 * Mosaic cut-outs (mosaic.ts) on synthetic images: two images on one grid (a tract's patches)
 * are copied exactly; an image with another tangent point is resampled by nearest pixel. astropy
 * (oracle_mosaic.py) maps every mosaic pixel back onto each input and checks its value.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { hasPythonModules, oracleSkip, REPO_ROOT, runPython } from "../../../test/support/oracles.js";
import { mulberry32 } from "../../../test/support/random.js";
import { bufferSource, collectBytes, emptyPrimaryHdu, formatCard, imageHdu, writeFits } from "../../lib/fits/index.js";
import { circle } from "../../lib/sphere/index.js";
import { Wcs, wcsToCards } from "../../lib/wcs/index.js";
import type { SodaDataset } from "./service.js";
import { SodaService } from "./service.js";

const astropySkip = oracleSkip("astropy", hasPythonModules("astropy", "numpy"));

async function image(wcs: Wcs, size: number, seed: number): Promise<Uint8Array> {
  const rnd = mulberry32(seed);
  const data = Float32Array.from({ length: size * size }, () => rnd() * 1000);
  const cards = wcsToCards(wcs).map((c) => formatCard(c.keyword, c.value, c.comment));
  return collectBytes(writeFits([emptyPrimaryHdu([]), imageHdu({ data, shape: [size, size], primary: false, cards: [formatCard("EXTNAME", "IMAGE"), ...cards] })]));
}

function dataset(uuid: string, bytes: Uint8Array): SodaDataset {
  return { uuid, datasetType: "deep_coadd", dataId: { tract: 1 }, fileToken: uuid, open: async () => ({ ...bufferSource(bytes), close: async () => undefined }) };
}

test("a mosaic copies same-grid images exactly and resamples others by nearest pixel", { skip: astropySkip, timeout: 120_000 }, async () => {
  const scale = 0.2 / 3600;
  const tract = Wcs.celestial({ projection: "TAN", crvalDeg: [150, 2], crpix1: [500.5, 500.5], cdeltDeg: scale, imageSize: [1000, 1000] });
  // Two "patches" of the tract (windows at x0 = 0 and 380) and an image with its own tangent point.
  const p1 = tract.subimage([1, 1], [500, 500]);
  const p2 = tract.subimage([381, 1], [500, 500]);
  const [ra, dec] = tract.pixToWorld(760, 250);
  const other = Wcs.celestial({ projection: "TAN", crvalDeg: [ra, dec + 0.01], crpix1: [250.5, 250.5], cdeltDeg: scale * 1.1, imageSize: [500, 500] });
  const files = await Promise.all([image(p1, 500, 1), image(p2, 500, 2), image(other, 500, 3)]);
  const inputs = files.map((b, i) => dataset(`00000000-0000-4000-8000-00000000000${i + 1}`, b));
  const [cra, cdec] = tract.pixToWorld(480, 250);
  const shape = circle(cra, cdec, 300 * scale);
  const service = new SodaService({
    datasets: {
      resolve: async () => undefined,
      resolveMosaic: async () => ({ datasetType: "deep_coadd", label: "test mosaic", find: async () => inputs }),
    },
    version: "test",
  });
  const out = await service.sync(new Map([["ID", ["mosaic"]], ["CIRCLE", [`${cra} ${cdec} ${300 * scale}`]]]));
  assert.ok(out && out.body instanceof Uint8Array);
  const dir = mkdtempSync(join(tmpdir(), "skyport-mosaic-"));
  const paths = [out.body, ...files].map((b, i) => {
    const p = join(dir, `${i}.fits`);
    writeFileSync(p, b);
    return p;
  });
  const o = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_mosaic.py"), paths)) as {
    covered_by: number[];
    mismatched: number;
    uncovered_not_nan: number;
    offgrid: number[];
    from_each: number[];
    shape: number[];
  };
  assert.equal(o.mismatched, 0, "every mosaic pixel is the (nearest) pixel of an input covering it");
  assert.equal(o.uncovered_not_nan, 0);
  assert.ok(o.offgrid[0]! < 1e-6 && o.offgrid[1]! < 1e-6, `the patches share the mosaic's grid: ${o.offgrid}`);
  assert.ok(o.offgrid[2]! > 0.01, "the third image is on another grid");
  assert.ok(o.from_each.every((n) => n > 500), `every input contributes: ${o.from_each}`);
  assert.ok(shape.radiusDeg > 0);
});
