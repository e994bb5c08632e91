/**
 * Memory stays flat while streaming: 1.2M ObsCore-like rows written as BINARY2 from a generator,
 * chunks consumed and dropped, with heapUsed sampled throughout. Retained memory would show as
 * steady growth; we allow only a small band for V8's young generation and the 64 KiB chunks.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Cell, type Field, writeVOTable } from "./index.js";

const ROWS = 1_200_000;
/** Allowed heap above the starting level at any sample (bytes). */
const MAX_HEAP_GROWTH = 48 * 1024 * 1024;

const FIELDS: Field[] = [
  { name: "obs_id", datatype: "char", arraysize: "*" },
  { name: "s_ra", datatype: "double" },
  { name: "s_dec", datatype: "double" },
  { name: "t_min", datatype: "double" },
  { name: "calib_level", datatype: "short" },
  { name: "t_exptime", datatype: "double" },
  { name: "s_region", datatype: "double", arraysize: "*", xtype: "polygon" },
  { name: "dataproduct_type", datatype: "char", arraysize: "*" },
];

function* rows(): Generator<Cell[]> {
  const poly = [10, 10, 11, 10, 11, 11, 10, 11];
  for (let i = 0; i < ROWS; i++) {
    yield [`obs-${i}`, (i % 360) + 0.5, (i % 180) - 89.5, 60000 + i / 86400, i % 4, i % 7 === 0 ? null : 30, poly, "image"];
  }
}

test(`writing ${ROWS} rows BINARY2 keeps heap growth under ${MAX_HEAP_GROWTH / 2 ** 20} MiB`, { timeout: 120_000 }, async (t) => {
  const doc = { resources: [{ type: "results" as const, tables: [{ fields: FIELDS }] }] };
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  let bytes = 0;
  let n = 0;
  for await (const chunk of writeVOTable(doc, rows(), { serialization: "BINARY2" })) {
    bytes += chunk.length;
    if (++n % 64 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const growth = peak - start;
  t.diagnostic(`${ROWS} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB written, peak heap growth ${(growth / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(bytes > ROWS * 100, `wrote ${bytes} bytes`);
  assert.ok(growth < MAX_HEAP_GROWTH, `heap grew ${(growth / 2 ** 20).toFixed(1)} MiB`);
});
