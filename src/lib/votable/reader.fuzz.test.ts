/**
 * Fuzzing the reader (issue 3 asks 100k malformed inputs across the FITS and VOTable readers;
 * this file runs ≥50k): mutations of real VOTables (shared corpus and our writer's output in all
 * three serialisations) plus fast-check generated XML-ish token soups, byte arrays and random
 * BINARY2 streams under valid headers. Every input must either parse or throw
 * VOTableFormatError — no other exception, no input taking more than MAX_MS_PER_INPUT, and bounded
 * heap growth. A failing input is printed as base64 so it can be pinned as an example.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { base64Encode } from "./base64.js";
import { KITCHEN_DOC, KITCHEN_MAX_ROWS, KITCHEN_ROWS } from "./fixtures/kitchen-sink.js";
import { type ReadLimits, readVOTable, VOTableFormatError, writeVOTableToString } from "./index.js";
import { mulberry32 } from "../../../test/support/random.js";

const LIMITS: ReadLimits = { maxBytes: 1 << 20, maxRows: 10_000, maxColumns: 500, maxDepth: 32 };
/** A generous per-input time bound (ms) that still catches hangs and quadratic blow-ups. */
const MAX_MS_PER_INPUT = 500;
const MUTATIONS = 36_000;
const FC_RUNS = 6_000; // per property, four properties
/** Heap growth allowed over the whole run (bytes). */
const MAX_HEAP_GROWTH = 256 * 1024 * 1024;

let checked = 0;
let parsed = 0;

function check(input: Uint8Array | string): void {
  const t0 = performance.now();
  try {
    readVOTable(input, LIMITS);
    parsed++;
  } catch (e) {
    if (!(e instanceof VOTableFormatError)) {
      const b64 = base64Encode(typeof input === "string" ? new TextEncoder().encode(input) : input);
      assert.fail(`non-VOTableFormatError ${String(e)} for input (base64) ${b64.slice(0, 4000)}`);
    }
  }
  const ms = performance.now() - t0;
  assert.ok(ms < MAX_MS_PER_INPUT, `input took ${ms.toFixed(0)} ms`);
  checked++;
}

const SNIPPETS = ["<", ">", "</TD>", "<TD>", "<TR>", "]]>", "<![CDATA[", "&", "&#0;", "&#x110000;", "&amp", '"', "=", "<!--", "-->", "\u0000", "\uFFFF", "<?", "xmlns:a='x'", "a:b", "AAAA", "////", "=", " arraysize=\"2x*\"", " datatype=\"bit\"", "9999999999"];

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const out = Array.from(src);
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(r() * (out.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: // flip a byte
        if (out.length > 0) out[pos % out.length] = Math.floor(r() * 256);
        break;
      case 1: // truncate
        out.length = pos;
        break;
      case 2: // delete a range
        out.splice(pos, Math.floor(r() * 64));
        break;
      case 3: // duplicate a range
        out.splice(pos, 0, ...out.slice(pos, pos + Math.floor(r() * 256)));
        break;
      case 4: // insert markup-significant text
        out.splice(pos, 0, ...new TextEncoder().encode(SNIPPETS[Math.floor(r() * SNIPPETS.length)]!));
        break;
      case 5: // change a digit (counts, sizes, values)
        for (let i = pos; i < out.length; i++) {
          if (out[i]! >= 48 && out[i]! <= 57) {
            out[i] = 48 + Math.floor(r() * 10);
            break;
          }
        }
        break;
      default: // swap two bytes
        if (out.length > 1) {
          const j = Math.floor(r() * out.length);
          const i = pos % out.length;
          [out[i], out[j]] = [out[j]!, out[i]!];
        }
    }
  }
  return Uint8Array.from(out);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

test("≥50k malformed inputs give only VOTableFormatError, quickly, with bounded memory", { timeout: 120_000 }, async (t) => {
  const heap0 = process.memoryUsage().heapUsed;
  const seeds: Uint8Array[] = [];
  if (!sharedSkip()) {
    for (const f of walk(sharedData("votable-examples"))) {
      const b = readFileSync(f);
      if (b.length < 16_000) seeds.push(new Uint8Array(b));
    }
  }
  for (const serialization of ["TABLEDATA", "BINARY", "BINARY2"] as const) {
    const xml = await writeVOTableToString(KITCHEN_DOC, KITCHEN_ROWS, { serialization, maxRows: KITCHEN_MAX_ROWS });
    seeds.push(new TextEncoder().encode(xml));
  }
  assert.ok(seeds.length >= 10);
  for (const s of seeds) check(s);

  const r = mulberry32(20261124);
  for (let i = 0; i < MUTATIONS; i++) check(mutate(seeds[i % seeds.length]!, r));

  const token = fc.constantFrom(
    "<VOTABLE>", "</VOTABLE>", "<RESOURCE>", "</RESOURCE>", "<TABLE>", "</TABLE>", "<DATA>", "</DATA>",
    "<TABLEDATA>", "</TABLEDATA>", "<TR>", "</TR>", "<TD>", "</TD>", "<TD/>", '<FIELD name="a" datatype="int"/>',
    '<FIELD name="b" datatype="char" arraysize="*"/>', '<FIELD name="c" datatype="double" arraysize="3"/>',
    '<BINARY2><STREAM encoding="base64">', "</STREAM></BINARY2>", "AAAAAQ==", "1", "-2.5e3", "NaN", " ", "&lt;",
    "&#65;", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", '<PARAM name="p" datatype="int" value="1"/>', "<GROUP>", "</GROUP>",
    '<INFO name="QUERY_STATUS" value="OK"/>', "<", "&", "]]>",
  );
  fc.assert(fc.property(fc.array(token, { maxLength: 60 }), (toks) => check(toks.join(""))), { numRuns: FC_RUNS, seed: 1 });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => check(bytes)), { numRuns: FC_RUNS, seed: 2 });
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => check(`<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="char" arraysize="*"/><DATA><TABLEDATA><TR><TD>${s}</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`)), { numRuns: FC_RUNS, seed: 3 });
  const datatypes = ["boolean", "bit", "unsignedByte", "short", "int", "long", "char", "unicodeChar", "float", "double", "floatComplex", "doubleComplex"];
  const arraysizes = [undefined, "1", "3", "*", "2*", "2x*", "3x2", "100000000"];
  const column = fc.record({ dt: fc.constantFrom(...datatypes), as: fc.constantFrom(...arraysizes) });
  fc.assert(
    fc.property(fc.array(column, { minLength: 1, maxLength: 6 }), fc.uint8Array({ maxLength: 400 }), fc.boolean(), (cols, bytes, two) => {
      const fields = cols.map((c, i) => `<FIELD name="c${i}" datatype="${c.dt}"${c.as === undefined ? "" : ` arraysize="${c.as}"`}/>`).join("");
      const tag = two ? "BINARY2" : "BINARY";
      check(`<VOTABLE><RESOURCE><TABLE>${fields}<DATA><${tag}><STREAM encoding="base64">${base64Encode(bytes)}</STREAM></${tag}></DATA></TABLE></RESOURCE></VOTABLE>`);
    }),
    { numRuns: FC_RUNS, seed: 4 },
  );

  assert.ok(checked - parsed >= 50_000, `only ${checked - parsed} of ${checked} inputs were malformed`);
  assert.ok(parsed > 100, `some inputs still parse (${parsed})`);
  const growth = process.memoryUsage().heapUsed - heap0;
  t.diagnostic(`${checked} inputs, ${parsed} parsed, ${checked - parsed} rejected with VOTableFormatError, heap +${(growth / 2 ** 20).toFixed(0)} MiB`);
  assert.ok(growth < MAX_HEAP_GROWTH, `heap grew ${(growth / 2 ** 20).toFixed(0)} MiB`);
});
