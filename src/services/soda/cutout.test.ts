/**
 * SODA cut-outs of the real exposures in ../shared/data/fits against astropy (issue 10,
 * Done-when 1 and 2): random circles, polygons and ranges drawn each run (the seed is printed), on
 * an HSC afw exposure (TAN-SIP, float32, MASK/VARIANCE planes), M13 (int16, TAN) plain and
 * RICE_1-compressed, and an imSim eimage (gzip-wrapped, TAN). Every cut-out's pixels equal the
 * parent's over its box, its WCS puts every pixel where the parent's does to 1e-9°, the box holds
 * every pixel centre inside the shape, and fitsverify reports nothing.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { hasCommand, hasPythonModules, oracleSkip, REPO_ROOT, runPython, sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { mulberry32 } from "../../../test/support/random.js";
import { bufferSource, logicalHeader, readHduIndex } from "../../lib/fits/index.js";
import { COMPRESSION_HOOKS } from "../../lib/fits/compress/index.js";
import { pixelScaleDeg, Wcs } from "../../lib/wcs/index.js";
import { randomShapes } from "./fixtures/random-shapes.js";
import { findImagePlane } from "./cutout.js";
import { type SodaDataset, SodaService } from "./service.js";

const astropySkip = oracleSkip("astropy", hasPythonModules("astropy", "numpy"));
const fitsverifySkip = oracleSkip("fitsverify", hasCommand("fitsverify"));
const SEED = Number(process.env.SKYPORT_TEST_SEED ?? Date.now() % 1_000_000);

const FILES = [
  { name: "HSC-0908120-056-small.fits", path: ["fits", "exposures", "HSC-0908120-056-small.fits"] },
  { name: "m13.fits", path: ["fits", "compressed", "m13.fits"] },
  { name: "m13_rice.fits", path: ["fits", "compressed", "m13_rice.fits"] },
  { name: "eimage.fits.gz", path: ["fits", "exposures", "eimage_4000021706001_R22_S00_E000.fits.gz"] },
];

function bytesOf(path: string): Uint8Array {
  const raw = readFileSync(path);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

function serviceOver(bytes: Uint8Array): SodaService {
  const ds: SodaDataset = {
    uuid: "00000000-0000-4000-8000-000000000001",
    datasetType: "test_image",
    dataId: { instrument: "Test", detector: 1 },
    fileToken: "t",
    open: async () => ({ ...bufferSource(bytes), close: async () => undefined }),
  };
  return new SodaService({ datasets: { resolve: async (id) => (id === "ivo://test/image" ? ds : undefined) }, version: "skyport test" });
}

/** The bytes of an output, whole or streamed. */
async function bodyBytes(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  return Buffer.concat(parts);
}

const params = (entries: [string, string][]) => {
  const m = new Map<string, string[]>();
  for (const [k, v] of entries) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
};

test("cut-outs of the real exposures equal astropy's sections, pixel for pixel, with the parent's sky positions", { skip: sharedSkip() || astropySkip, timeout: 300_000 }, async (t) => {
  t.diagnostic(`seed ${SEED} (set SKYPORT_TEST_SEED to repeat)`);
  const rnd = mulberry32(SEED);
  const dir = mkdtempSync(join(tmpdir(), "skyport-soda-"));
  const cases: Record<string, unknown>[] = [];
  const labels: string[] = [];
  for (const f of FILES) {
    const path = sharedData(...f.path);
    const bytes = bytesOf(path);
    const parent = join(dir, `${f.name}.parent.fits`);
    writeFileSync(parent, bytes);
    const index = await readHduIndex(bufferSource(bytes), { compression: COMPRESSION_HOOKS });
    const image = findImagePlane(index);
    assert.ok(image, `${f.name}: an image plane`);
    const h = logicalHeader(image);
    const size: [number, number] = [Number(h.get("NAXIS1")), Number(h.get("NAXIS2"))];
    const wcs = Wcs.fromHeader((k) => h.get(k));
    const service = serviceOver(bytes);
    const shapes = randomShapes(wcs, size, rnd, 12, pixelScaleDeg(wcs, size));
    let made = 0;
    for (const [i, s] of shapes.entries()) {
      const out = await service.sync(params([["ID", "ivo://test/image"], [s.param[0], s.param[1]]]));
      if (!out) continue;
      const body = await bodyBytes(out.body);
      const file = join(dir, `${f.name}.${i}.fits`);
      writeFileSync(file, body);
      const cutIndex = await readHduIndex(bufferSource(body), { compression: COMPRESSION_HOOKS });
      const cutImage = findImagePlane(cutIndex);
      assert.ok(cutImage);
      cases.push({ parent, hdu: image.index, cutout: file, cut_hdu: cutImage.index, shape: s.oracle });
      labels.push(`${f.name} ${s.param.join("=")}`);
      made++;
    }
    assert.ok(made >= 6, `${f.name}: ${made} of 12 random shapes overlap the image`);
    // A PIXELS cut-out, and one clipped at the image's far corner.
    for (const px of [`[${Math.floor(size[0] / 4)}:${Math.floor(size[0] / 2)},${Math.floor(size[1] / 3)}:${size[1] - 5}]`, `[${size[0] - 9}:${size[0] + 50},${size[1] - 3}:${size[1] + 9}]`]) {
      const out = await service.sync(params([["ID", "ivo://test/image"], ["PIXELS", px]]));
      assert.ok(out, `${f.name} PIXELS=${px}`);
      const body = await bodyBytes(out.body);
      const file = join(dir, `${f.name}.px${cases.length}.fits`);
      writeFileSync(file, body);
      const cutImage = findImagePlane(await readHduIndex(bufferSource(body), { compression: COMPRESSION_HOOKS }))!;
      cases.push({ parent, hdu: image.index, cutout: file, cut_hdu: cutImage.index, shape: null });
      labels.push(`${f.name} PIXELS=${px}`);
    }
  }
  const results = JSON.parse(runPython(join(REPO_ROOT, "src", "services", "soda", "fixtures", "oracle_cutout.py"), [], JSON.stringify(cases))) as {
    pixels_equal: boolean;
    shape: number[];
    expected_shape: number[];
    box: number[];
    max_sky_err_deg?: number;
    centres_inside?: number;
    centres_missed?: number;
  }[];
  const insideByKind = new Map<string, number>();
  let inside = 0;
  results.forEach((r, i) => {
    const kind = String((cases[i]!.shape as { kind?: string } | null)?.kind ?? "pixels");
    insideByKind.set(kind, (insideByKind.get(kind) ?? 0) + (r.centres_inside ?? 0));
    assert.equal(r.pixels_equal, true, `${labels[i]}: pixels ${JSON.stringify(r.shape)} vs astropy ${JSON.stringify(r.expected_shape)} at box ${r.box}`);
    if (r.max_sky_err_deg !== undefined) assert.ok(r.max_sky_err_deg < 1e-9, `${labels[i]}: WCS off by ${r.max_sky_err_deg}°`);
    assert.equal(r.centres_missed ?? 0, 0, `${labels[i]}: pixel centres inside the shape left out of box ${r.box}`);
    inside += r.centres_inside ?? 0;
  });
  assert.ok(inside > 1000, `shapes covered ${inside} pixel centres in all`);
  // The oracle's own inside test must have found centres for every kind of shape (else its check is void).
  for (const kind of ["circle", "polygon", "range"]) assert.ok((insideByKind.get(kind) ?? 0) > 100, `${kind}: ${insideByKind.get(kind)} centres inside`);
  if (!fitsverifySkip) {
    for (const c of cases) {
      const r = spawnSync("fitsverify", ["-q", c.cutout as string], { encoding: "utf8" });
      assert.match(r.stdout, /verification OK/, `${c.cutout as string}: ${r.stdout}`);
    }
  }
});

test("cut-out detail: the image plane only, with its mask and variance, or every HDU", { skip: sharedSkip() }, async () => {
  const bytes = bytesOf(sharedData("fits", "exposures", "HSC-0908120-056-small.fits"));
  const service = serviceOver(bytes);
  const names = async (detail: string) => {
    const out = await service.sync(params([["ID", "ivo://test/image"], ["PIXELS", "[10:40,20:60]"], ["CUTOUTDETAIL", detail]]));
    assert.ok(out && out.body instanceof Uint8Array);
    return (await readHduIndex(bufferSource(out.body))).hdus.map((e) => `${e.name || e.header.get("EXTTYPE") || "PRIMARY"}:${e.layout.axes.join("x")}`);
  };
  const source = (await readHduIndex(bufferSource(bytes))).hdus;
  assert.deepEqual(await names("image"), ["PRIMARY:", "IMAGE:31x41"]);
  assert.deepEqual(await names("MaskedImage"), ["PRIMARY:", "IMAGE:31x41", "MASK:31x41", "VARIANCE:31x41"]);
  const full = await names("full");
  assert.equal(full.length, source.length, "every HDU of the source");
  assert.deepEqual(full.slice(0, 4), ["PRIMARY:", "IMAGE:31x41", "MASK:31x41", "VARIANCE:31x41"]);
  assert.deepEqual(full.slice(4), source.slice(4).map((e) => `${e.name || e.header.get("EXTTYPE") || "PRIMARY"}:${e.layout.axes.join("x")}`), "archive tables copied unchanged");
});

test("the provenance cards name the source, the stencil and the box", { skip: sharedSkip() }, async () => {
  const bytes = bytesOf(sharedData("fits", "compressed", "m13.fits"));
  const out = await serviceOver(bytes).sync(params([["ID", "ivo://test/image"], ["PIXELS", "[101:150,201:300]"]]));
  assert.ok(out && out.body instanceof Uint8Array);
  const h = (await readHduIndex(bufferSource(out.body))).hdus[0]!.header;
  assert.equal(h.get("BTLRUUID"), "00000000-0000-4000-8000-000000000001");
  assert.equal(h.get("BTLRNAME"), "test_image");
  assert.equal(h.get("BTLRK000"), "instrument");
  assert.equal(h.get("BTLRV001"), 1);
  assert.equal(h.get("ST_TYPE"), "PIXELS");
  assert.deepEqual(["CUT_X1", "CUT_X2", "CUT_Y1", "CUT_Y2"].map((k) => h.get(k)), [101, 150, 201, 300]);
  assert.equal(h.get("NAXIS1"), 50);
  assert.equal(h.get("NAXIS2"), 100);
  assert.equal(h.get("CUTVERS"), "skyport test");
});

test("RESPONSEFORMAT image/png and image/jpeg give a quick look of the cut image plane at its size", { skip: sharedSkip() }, async () => {
  const service = serviceOver(bytesOf(sharedData("fits", "exposures", "HSC-0908120-056-small.fits")));
  const png = await service.sync(params([["ID", "ivo://test/image"], ["PIXELS", "[11:130,21:100]"], ["RESPONSEFORMAT", "image/png"]]));
  assert.ok(png && png.body instanceof Uint8Array);
  assert.equal(png.contentType, "image/png");
  assert.deepEqual([...png.body.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = new DataView(png.body.buffer, png.body.byteOffset + 16, 8);
  assert.deepEqual([ihdr.getUint32(0), ihdr.getUint32(4)], [120, 80], "one PNG pixel per cut-out pixel");
  const jpg = await service.sync(params([["ID", "ivo://test/image"], ["PIXELS", "[11:130,21:100]"], ["RESPONSEFORMAT", "jpeg"]]));
  assert.ok(jpg && jpg.body instanceof Uint8Array);
  assert.equal(jpg.contentType, "image/jpeg");
  assert.deepEqual([...jpg.body.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  assert.deepEqual([...jpg.body.subarray(-2)], [0xff, 0xd9]);
  await assert.rejects(service.sync(params([["ID", "ivo://test/image"], ["RESPONSEFORMAT", "image/png"], ["CUTOUTDETAIL", "full"]])), /needs RESPONSEFORMAT=application\/fits/);
});

test("BAND and TIME select by the dataset's ranges; without ranges they select nothing", { skip: sharedSkip() }, async () => {
  const bytes = bytesOf(sharedData("fits", "compressed", "m13.fits"));
  const ds: SodaDataset = {
    uuid: "u",
    datasetType: "t",
    dataId: {},
    fileToken: "t",
    ranges: async () => ({ band: [5.5e-7, 6.9e-7], time: [60000.1, 60000.2] }),
    open: async () => ({ ...bufferSource(bytes), close: async () => undefined }),
  };
  const service = new SodaService({ datasets: { resolve: async () => ds }, version: "v" });
  const ask = (extra: [string, string][]) => service.sync(params([["ID", "x"], ["PIXELS", "[1:10,1:10]"], ...extra]));
  assert.ok(await ask([["BAND", "6e-7 6.1e-7"]]));
  assert.ok(await ask([["BAND", "6e-7 +Inf"], ["TIME", "60000.15 60001"]]));
  assert.equal(await ask([["BAND", "7e-7 8e-7"]]), undefined);
  assert.equal(await ask([["TIME", "59000 59999"]]), undefined);
  const bare = serviceOver(bytes);
  assert.equal(await bare.sync(params([["ID", "ivo://test/image"], ["BAND", "6e-7 6.1e-7"]])), undefined, "no known band: BAND selects nothing");
});

test("no overlap is no content; bad parameters and unknown IDs are SODA errors", { skip: sharedSkip() }, async () => {
  const service = serviceOver(bytesOf(sharedData("fits", "compressed", "m13.fits")));
  assert.equal(await service.sync(params([["ID", "ivo://test/image"], ["CIRCLE", "10 10 0.01"]])), undefined);
  assert.equal(await service.sync(params([["ID", "ivo://test/image"], ["PIXELS", "[400:500,1:10]"]])), undefined);
  assert.equal(await service.sync(params([["ID", "ivo://test/image"], ["POL", "I"]])), undefined, "no polarisation axis: POL selects nothing");
  await assert.rejects(service.sync(params([["ID", "ivo://nope"]])), (e: Error & { code?: string }) => e.code === "NotFound");
  await assert.rejects(service.sync(params([["ID", "ivo://test/image"], ["CIRCLE", "1 2"]])), /CIRCLE/);
  await assert.rejects(service.sync(params([["ID", "ivo://test/image"], ["CUTOUTDETAIL", "everything"]])), /CUTOUTDETAIL/);
  await assert.rejects(service.sync(params([["ID", "ivo://test/image"], ["RESPONSEFORMAT", "text/csv"]])), /RESPONSEFORMAT/);
  await assert.rejects(service.sync(params([["ID", "ivo://test/image"], ["CIRCLE", "1 2 3"], ["CIRCLE", "1 2 4"]])), /MultiValuedParamNotSupported/);
  const small = new SodaService({ datasets: { resolve: async () => ({ uuid: "u", datasetType: "t", dataId: {}, fileToken: "t", open: async () => ({ ...bufferSource(bytesOf(sharedData("fits", "compressed", "m13.fits"))), close: async () => undefined }) }) }, version: "v", limits: { maxPixels: 1000 } });
  await assert.rejects(small.sync(params([["ID", "x"], ["PIXELS", "[1:100,1:100]"]])), /at most 1000 are allowed/);
});
