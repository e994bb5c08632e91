/**
 * The layering rule of STYLE.md §1 as code: each file belongs to a ring and may import only from
 * rings inside its own. Pure libraries may not use I/O modules or third-party packages at all.
 */
import { dirname, join, normalize, relative } from "node:path";

/** Rings, innermost first. Edges share a ring and may use each other (http ↔ config). */
export const RINGS = ["lib", "repo", "services", "edge", "compose", "cli"] as const;
export type Ring = (typeof RINGS)[number];

/** The ring of a path relative to the repository root, or undefined outside src/. */
export function ringOf(path: string): Ring | undefined {
  const p = path.replace(/\\/g, "/");
  if (!p.startsWith("src/")) return undefined;
  if (p.startsWith("src/lib/")) return "lib";
  if (p.startsWith("src/repo/")) return "repo";
  if (p.startsWith("src/jobs/worker/")) return "edge";
  if (p.startsWith("src/jobs/")) return "repo"; // queue and job-store interfaces sit beside the repository
  if (p.startsWith("src/services/")) return "services";
  if (p.startsWith("src/http/") || p.startsWith("src/portal/") || p.startsWith("src/config/")) return "edge";
  if (/^src\/compose\.(ts|js)$/.test(p)) return "compose";
  if (p.startsWith("src/cli/")) return "cli";
  return "edge";
}

/** Node built-ins a pure library must not touch (I/O, processes, network). */
const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|worker_threads|cluster|dgram|dns|tls|readline|repl|inspector|process|os)$/;

/** Import specifiers in a TypeScript source (static, dynamic and side-effect imports, re-exports). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push((m[1] ?? m[2])!);
  return out;
}

export interface Violation {
  readonly file: string;
  readonly spec: string;
  readonly reason: string;
}

/** Checks one file (path relative to the repository root) and its source. */
export function checkFile(file: string, source: string): Violation[] {
  const ring = ringOf(file);
  if (!ring) return [];
  const violations: Violation[] = [];
  const isTest = file.endsWith(".test.ts") || file.includes("/fixtures/");
  for (const spec of importsOf(source)) {
    if (spec.startsWith(".")) {
      const target = normalize(join(dirname(file), spec)).replace(/\\/g, "/");
      const targetRing = ringOf(target);
      if (!target.startsWith("src/")) {
        // Tests beside the code may use test/support; production code may not reach out of src/.
        if (!(isTest && target.startsWith("test/"))) violations.push({ file, spec, reason: `imports ${relative(".", target)} outside src/` });
        continue;
      }
      if (targetRing && RINGS.indexOf(targetRing) > RINGS.indexOf(ring)) {
        violations.push({ file, spec, reason: `${ring} ring imports the outer ${targetRing} ring (${target})` });
      }
    } else if (ring === "lib" && !isTest) {
      if (IO_MODULES.test(spec)) violations.push({ file, spec, reason: `pure library imports the I/O module ${spec}` });
      else if (!spec.startsWith("node:")) violations.push({ file, spec, reason: `pure library imports the package ${spec}` });
    }
  }
  return violations;
}
