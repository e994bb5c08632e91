/**
 * Space MOCs: set algebra, degrading, area; the shared MOC files (mocpy FITS, cds-moc-rust JSON,
 * MOC 2.0 ASCII) read to the same cells astropy + a numpy NUNIQ decode give; MOCs we write pass
 * fitsverify with 0 warnings/0 errors and read back (astropy) to our cells, with the MOC 2.0
 * keywords. mocpy is not installed, so the oracle decodes NUNIQ with numpy (fixtures script).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { hasCommand, hasPythonModules, oracleSkip, sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { bufferSource } from "../../fits/index.js";
import { circle, polygon, range } from "../../sphere/index.js";
import { oracleJson } from "../fixtures/oracle.js";
import { radec2pixBig } from "../index.js";
import {
  mocFromAscii,
  mocFromFits,
  mocFromJson,
  mocToAscii,
  mocToFits,
  mocToJson,
  Smoc,
  Tmoc,
  tmocFromAscii,
  tmocFromFits,
  tmocToAscii,
  tmocToFits,
} from "./index.js";

const astropySkip = () => oracleSkip("python3 with astropy and numpy", hasPythonModules("astropy", "numpy"));
const fitsverifySkip = () => oracleSkip("fitsverify", hasCommand("fitsverify"));

/** The numpy decode of NUNIQ values → Smoc, independent of our uniq decoding. */
function oracleDecode(uniq: readonly string[], maxOrder: number): Smoc {
  const byOrder = oracleJson<Record<string, number[] | string[]>>("mocdecode", { uniq });
  const cells = Object.entries(byOrder).flatMap(([o, list]) => list.map((ipix) => ({ order: Number(o), ipix: BigInt(ipix) })));
  return Smoc.fromCells(cells, maxOrder);
}

function readAstropy(path: string): { header: Record<string, string | number>; uniq: string[] } {
  return oracleJson("mocfits", undefined, [path]);
}

describe("Smoc algebra", () => {
  const a = Smoc.fromCells([{ order: 3, ipix: 10n }, { order: 5, ipix: 1000n }], 6);
  const b = Smoc.fromCells([{ order: 4, ipix: 40n }, { order: 4, ipix: 44n }], 6);
  it("union, intersection, difference, complement", () => {
    assert.equal(mocToAscii(a.intersection(b)), "4/40 6/");
    assert.equal(mocToAscii(a.difference(b)), "4/41-43 5/1000 6/");
    assert.ok(a.union(b).difference(a).equals(Smoc.fromCells([{ order: 4, ipix: 44n }], 6)));
    assert.ok(a.complement().complement().equals(a));
    assert.ok(Math.abs(a.union(a.complement()).skyFraction() - 1) === 0);
    assert.equal(Smoc.full(0).cells().length, 12);
  });
  it("sibling cells merge into their parent (canonical form) and degrade widens", () => {
    const four = Smoc.fromCells([0n, 1n, 2n, 3n].map((ipix) => ({ order: 1, ipix })));
    assert.deepEqual(four.cells(), [{ order: 0, ipix: 0n }]);
    assert.equal(four.maxOrder, 1);
    const fine = Smoc.fromCells([{ order: 10, ipix: 5n }]);
    assert.deepEqual(fine.degrade(8).cells(), [{ order: 8, ipix: 0n }]);
    assert.equal(fine.union(Smoc.empty(8)).maxOrder, 8); // MOC-09: the coarser resolution wins
  });
  it("area of a cone MOC converges to the cone area", () => {
    const cone = circle(45, 30, 2);
    const moc = Smoc.fromRegion(cone, 14, { inclusive: false });
    const want = 2 * Math.PI * (1 - Math.cos((2 * Math.PI) / 180));
    assert.ok(Math.abs(moc.areaSr() - want) / want < 2e-3);
    assert.ok(moc.contains(45, 30) && !moc.contains(45, 33));
    assert.ok(moc.containsCell(14, radec2pixBig(14, 45, 30)));
  });
  it("order-29 MOC of a 1-milliarcsecond cone holds its centre and not a point 2 mas away", () => {
    const mas = 1 / 3.6e6;
    const moc = Smoc.fromCone(123.456, -45.678, mas, 29);
    assert.equal(moc.maxOrder, 29);
    assert.ok(moc.contains(123.456, -45.678) && !moc.contains(123.456, -45.678 + 2 * mas));
    assert.ok(moc.ranges.some((v) => v > 2n ** 53n));
  });
  it("box, polygon and range MOCs", () => {
    for (const r of [polygon([{ raDeg: 350, decDeg: -5 }, { raDeg: 10, decDeg: -5 }, { raDeg: 0, decDeg: 5 }]), range(350, 10, 80, 90)]) {
      const m = Smoc.fromRegion(r, 9);
      assert.ok(m.contains(0, r.kind === "range" ? 89 : -4) && !m.contains(180, 0));
    }
  });
});

describe("shared MOC files", { skip: sharedSkip() }, () => {
  it("MOC 2.0 ASCII example", () => {
    const m = mocFromAscii(readFileSync(sharedData("moc", "mocpy", "smoc.ascii.txt"), "utf8"));
    assert.equal(mocToAscii(m), "3/3 10 4/16-18 22 5/19-20 17/222 28/123456789 29/");
    assert.equal(m.maxOrder, 29);
  });
  it("cds-moc-rust GLIMPSE JSON: the cells Python's json reads, and round trips", { skip: astropySkip() }, () => {
    const path = sharedData("moc", "cds-moc-rust", "glimpse.moc.json");
    const m = mocFromJson(readFileSync(path, "utf8"));
    const py = oracleJson<Record<string, string[]>>("mocjson", undefined, [path]);
    const cells = Object.entries(py).flatMap(([o, list]) => list.map((ipix) => ({ order: Number(o), ipix: BigInt(ipix) })));
    assert.ok(cells.length > 9000);
    assert.ok(m.equals(Smoc.fromCells(cells, 9)));
    assert.equal(m.maxOrder, 9);
    assert.ok(m.cells().length > 9000);
    assert.ok(mocFromJson(mocToJson(m)).equals(m) && mocFromAscii(mocToAscii(m)).equals(m));
  });
  const files = ["SMOC.fits", "P-SDSS9-r.fits", "CDS-I-125A-catalog_MOC.fits"];
  for (const f of files) {
    it(`${f} reads to the cells astropy + numpy decode`, { skip: astropySkip() }, async () => {
      const path = sharedData("moc", "mocpy", f);
      const ours = await mocFromFits(bufferSource(new Uint8Array(readFileSync(path))));
      const want = readAstropy(path);
      assert.ok(want.uniq.length > 0);
      assert.ok(ours.equals(oracleDecode(want.uniq, ours.maxOrder)), f);
    });
  }
  it("time MOCs are refused with a clear error", async () => {
    await assert.rejects(mocFromFits(bufferSource(new Uint8Array(readFileSync(sharedData("moc", "mocpy", "TMOC.fits"))))), /MOCDIM=TIME/);
  });
});

describe("MOC FITS we write", () => {
  const mocs: [string, Smoc][] = [
    ["cone order 10 (1J)", Smoc.fromCone(10, 20, 3, 10)],
    ["polygon order 18 (1K)", Smoc.fromRegion(polygon([{ raDeg: 10, decDeg: 10 }, { raDeg: 10.2, decDeg: 10 }, { raDeg: 10.1, decDeg: 10.15 }]), 18)],
    ["order-29 cells (1K, > 2^53)", Smoc.fromCells([{ order: 29, ipix: 3_000_000_000_000_000_000n }, { order: 3, ipix: 5n }], 29)],
    ["empty", Smoc.empty(5)],
  ];
  for (const [name, moc] of mocs) {
    it(`${name}: fitsverify clean, astropy reads the same cells`, { skip: fitsverifySkip() || astropySkip() }, async () => {
      const dir = mkdtempSync(join(tmpdir(), "skyport-moc-"));
      try {
        const bytes = await mocToFits(moc, { mocTool: "skyport", extname: "MOC" });
        const path = join(dir, "moc.fits");
        writeFileSync(path, bytes);
        const fv = spawnSync("fitsverify", [path], { encoding: "utf8" });
        assert.match(fv.stdout, /Verification found 0 warning\(s\) and 0 error\(s\)/, fv.stdout);
        const got = readAstropy(path);
        assert.equal(got.header.MOCVERS, "2.0");
        assert.equal(got.header.MOCDIM, "SPACE");
        assert.equal(got.header.ORDERING, "NUNIQ");
        assert.equal(got.header.COORDSYS, "C");
        assert.equal(got.header.MOCORD_S, moc.maxOrder);
        assert.equal(got.header.TFORM1, moc.maxOrder < 14 ? "1J" : "1K");
        assert.deepEqual(got.uniq, moc.uniq().map(String));
        assert.ok(oracleDecode(got.uniq, moc.maxOrder).equals(moc));
        assert.ok((await mocFromFits(bufferSource(bytes))).equals(moc));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("time MOCs", () => {
  it("the shared TMOC ASCII and FITS files hold the same coverage", { skip: sharedSkip() }, async () => {
    const a = tmocFromAscii(readFileSync(sharedData("moc", "mocpy", "tmoc.ascii.txt"), "utf8"));
    const f = await tmocFromFits(bufferSource(new Uint8Array(readFileSync(sharedData("moc", "mocpy", "TMOC.fits")))));
    assert.equal(tmocToAscii(a), "t31/1 32/4 35/");
    assert.ok(a.equals(f));
  });
  it("JD intervals, algebra, and a FITS file fitsverify and astropy accept", { skip: fitsverifySkip() || astropySkip() }, async () => {
    const t = Tmoc.fromJdRanges([[2460000.5, 2460001.25], [2460010, 2460010.5]], 40);
    assert.ok(t.containsJd(2460001) && !t.containsJd(2460005));
    assert.ok(t.union(t.complement()).complement().ranges.length === 0);
    assert.ok(tmocFromAscii(tmocToAscii(t)).equals(t));
    const dir = mkdtempSync(join(tmpdir(), "skyport-tmoc-"));
    try {
      const bytes = await tmocToFits(t, { mocTool: "skyport" });
      const path = join(dir, "tmoc.fits");
      writeFileSync(path, bytes);
      const fv = spawnSync("fitsverify", [path], { encoding: "utf8" });
      assert.match(fv.stdout, /Verification found 0 warning\(s\) and 0 error\(s\)/, fv.stdout);
      const got = readAstropy(path);
      assert.equal(got.header.MOCDIM, "TIME");
      assert.equal(got.header.ORDERING, "RANGE");
      assert.deepEqual(got.uniq, t.ranges.map(String));
      assert.ok((await tmocFromFits(bufferSource(bytes))).equals(t));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
