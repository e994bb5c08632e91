/**
 * A private PostgreSQL cluster for tests: initdb into a temporary directory, started with pg_ctl on
 * a free loopback port, torn down after. Runs the server as the `postgres` user when we are root
 * (initdb refuses root). pgSphere comes from Debian's postgresql-15-pgsphere (installed by
 * scripts/install-system-deps.sh).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { oracleSkip } from "./oracles.js";

const PG_BIN = process.env.SKYPORT_PG_BIN ?? "/usr/lib/postgresql/15/bin";
const PGSPHERE_CONTROL = "/usr/share/postgresql/15/extension/pg_sphere.control";

export interface TestPostgres {
  readonly url: string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): string;
  stop(): void;
}

/** The skip option for tests needing PostgreSQL with pgSphere. */
export function postgresSkip(): false | string {
  return oracleSkip("PostgreSQL 15 with pgSphere", existsSync(join(PG_BIN, "initdb")) && existsSync(PGSPHERE_CONTROL));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

function run(cmd: string, args: readonly string[]): void {
  const full = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0] as string, full[1] as string[], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "skyport-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const port = await freePort();
  run(join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  run(join(PG_BIN, "pg_ctl"), [
    "-D", data, "-l", join(dir, "postgres.log"), "-w", "-t", "60",
    "-o", `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    "start",
  ]);
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const psql = (db: string, sql: string) => run(join(PG_BIN, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qc", sql]);
  return {
    url: `${base}/postgres`,
    createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      psql("postgres", `CREATE DATABASE ${name}`);
      psql(name, "CREATE EXTENSION IF NOT EXISTS pg_sphere");
      return `${base}/${name}`;
    },
    stop() {
      try {
        run(join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
