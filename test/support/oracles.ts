/**
 * Where the shared test data and the independent oracle tools are, for every test.
 *
 * Tests compare our results against astropy, healpy, fitsverify and STILTS (STYLE.md §7). Those
 * tools are installed by `npm run test:all` (../shared/tools/install-oracles.sh). When they are
 * missing, a plain `npm test` skips oracle tests with a reason; with SKYPORT_REQUIRE_ORACLES=1
 * (set by test:all and CI) a missing tool fails the test instead, so CI can never pass silently.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** ../shared beside the checkout, or SKYPORT_SHARED. */
export const SHARED_DIR = process.env.SKYPORT_SHARED ?? resolve(REPO_ROOT, "..", "shared");

/** A file under ../shared/data. */
export function sharedData(...parts: string[]): string {
  return join(SHARED_DIR, "data", ...parts);
}

/** Debian's Python, which has astropy/healpy/pyvo (a python3 earlier on PATH lacks them). */
export const ORACLE_PYTHON = process.env.SKYPORT_ORACLE_PYTHON ?? "/usr/bin/python3";

const REQUIRE = process.env.SKYPORT_REQUIRE_ORACLES === "1";

const cache = new Map<string, boolean>();

function probe(key: string, run: () => boolean): boolean {
  let ok = cache.get(key);
  if (ok === undefined) {
    ok = run();
    cache.set(key, ok);
  }
  return ok;
}

/** True when Debian's Python can import every named module. */
export function hasPythonModules(...modules: string[]): boolean {
  return probe(`py:${modules.join(",")}`, () => {
    const r = spawnSync(ORACLE_PYTHON, ["-c", modules.map((m) => `import ${m}`).join(";")], {
      stdio: "ignore",
    });
    return r.status === 0;
  });
}

/** True when an executable is on PATH. */
export function hasCommand(cmd: string): boolean {
  return probe(`cmd:${cmd}`, () => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0);
}

/**
 * The `skip` option for node:test: false when the oracle is present; a reason string when it is
 * absent (plain `npm test`); throws when it is absent and oracles are required (test:all, CI).
 */
export function oracleSkip(what: string, present: boolean): false | string {
  if (present) return false;
  if (REQUIRE) throw new Error(`oracle missing but required (SKYPORT_REQUIRE_ORACLES=1): ${what}`);
  return `oracle not installed: ${what} (run npm run test:all to install)`;
}

/** The skip option for tests that read ../shared/data. */
export function sharedSkip(): false | string {
  if (existsSync(join(SHARED_DIR, "data"))) return false;
  if (REQUIRE) throw new Error(`shared data missing at ${SHARED_DIR}`);
  return `shared data not found at ${SHARED_DIR}`;
}

/** Runs a Python oracle script with arguments; returns stdout, throwing on a non-zero exit. */
export function runPython(script: string, args: readonly string[] = [], input?: string): string {
  const r = spawnSync(ORACLE_PYTHON, [script, ...args], {
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) {
    throw new Error(`${script} exited ${r.status}: ${r.stderr}`);
  }
  return r.stdout;
}
