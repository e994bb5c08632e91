import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { checkFile, importsOf, ringOf } from "./layers.js";
import { REPO_ROOT } from "./support/oracles.js";

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (name.endsWith(".ts")) out.push(full);
  }
  return out;
}

describe("layering (STYLE.md §1)", () => {
  test("the checker sees every import form", () => {
    const src = `import a from "./a.js";\nimport type { B } from "../b.js";\nexport * from "./c.js";\nimport "./d.js";\nconst e = await import("./e.js");\nexport { f } from './f.js';`;
    assert.deepEqual(importsOf(src), ["./a.js", "../b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
  });

  test("the checker flags inner rings importing outer ones, and I/O in pure libraries", () => {
    assert.equal(ringOf("src/lib/fits/card.ts"), "lib");
    assert.equal(ringOf("src/jobs/worker/main.ts"), "edge");
    const bad = [
      checkFile("src/lib/fits/reader.ts", `import { x } from "../../repo/registry/index.js";`),
      checkFile("src/services/tap/service.ts", `import { y } from "../../http/app.js";`),
      checkFile("src/repo/registry/sqlite.ts", `import { z } from "../../services/tap/index.js";`),
      checkFile("src/http/app.ts", `import { compose } from "../compose.js";`),
      checkFile("src/lib/wcs/index.ts", `import { readFileSync } from "node:fs";`),
      checkFile("src/lib/wcs/index.ts", `import fastify from "fastify";`),
      checkFile("src/services/tap/x.ts", `import { a } from "../../../test/support/oracles.js";`),
    ];
    for (const v of bad) assert.equal(v.length, 1, JSON.stringify(v));
    assert.deepEqual(checkFile("src/services/tap/x.ts", `import { a } from "../../lib/adql/index.js"; import { b } from "../../repo/registry/index.js";`), []);
    assert.deepEqual(checkFile("src/lib/fits/x.test.ts", `import { a } from "../../../test/support/oracles.js"; import { readFileSync } from "node:fs";`), []);
  });

  test("no file in src/ breaks the layering", () => {
    const files = sources(join(REPO_ROOT, "src"));
    assert.ok(files.length > 10, `found only ${files.length} source files`);
    const violations = files.flatMap((f) => checkFile(relative(REPO_ROOT, f), readFileSync(f, "utf8")));
    assert.deepEqual(violations, []);
  });
});
