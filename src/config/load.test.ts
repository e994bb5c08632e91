import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ConfigError, configLeafPaths, envNameFor, loadConfig } from "./index.js";

const cwd = mkdtempSync(join(tmpdir(), "skyport-config-"));

function fails(env: Record<string, string>, file?: string): string {
  try {
    loadConfig({ env, cwd, file });
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.ok(!e.message.includes("\n"), `message must be one line: ${e.message}`);
    return e.message;
  }
  assert.fail("expected a ConfigError");
}

describe("loadConfig", () => {
  test("embedded defaults: SQLite, local files, in-process queue, 127.0.0.1:8080", () => {
    const { config, sources } = loadConfig({ env: {}, cwd });
    assert.equal(config.server.host, "127.0.0.1");
    assert.equal(config.server.port, 8080);
    assert.equal(config.registry.kind, "sqlite");
    assert.equal(config.datastore.kind, "file");
    assert.equal(config.jobs.queue, "in-process");
    assert.equal(config.dataDir, join(cwd, "skyport-data"));
    assert.equal(config.registry.sqlitePath, join(cwd, "skyport-data", "registry.sqlite3"));
    assert.equal(config.server.publicBaseUrl, null);
    assert.deepEqual(sources, {});
  });

  test("environment names follow the leaf paths", () => {
    assert.equal(envNameFor(["server", "publicBaseUrl"]), "SKYPORT_SERVER_PUBLIC_BASE_URL");
    const names = configLeafPaths().map(envNameFor);
    assert.ok(names.includes("SKYPORT_DATA_DIR"));
    assert.ok(names.includes("SKYPORT_REGISTRY_POSTGRES_URL"));
    assert.equal(new Set(names).size, names.length, "environment names are unique");
  });

  test("file then environment, environment wins, values are coerced", () => {
    const file = join(cwd, "a.yaml");
    writeFileSync(file, "server:\n  port: 9001\n  compression: false\nlog:\n  level: warn\n");
    const { config, sources } = loadConfig({
      file,
      env: { SKYPORT_SERVER_PORT: "9002", SKYPORT_SERVER_PUBLIC_BASE_URL: "https://data.example.org/sky/", PATH: "/bin" },
      cwd,
    });
    assert.equal(config.server.port, 9002);
    assert.equal(config.server.compression, false);
    assert.equal(config.log.level, "warn");
    assert.equal(config.server.publicBaseUrl, "https://data.example.org/sky");
    assert.equal(sources["server.port"], "SKYPORT_SERVER_PORT");
    assert.equal(sources["log.level"], file);
  });

  test("a wrong value names the key, its origin and what is allowed, in one line", () => {
    assert.equal(fails({ SKYPORT_SERVER_PORT: "eighty" }), "server.port (from SKYPORT_SERVER_PORT): expected an integer from 0 to 65535");
    assert.match(fails({ SKYPORT_REGISTRY_KIND: "mysql" }), /^registry\.kind .*expected "sqlite" or "postgres"$/);
    assert.match(fails({ SKYPORT_SERVER_TRUST_PROXY: "perhaps" }), /^server\.trustProxy .*expected a boolean/);
    assert.match(fails({ SKYPORT_SERVER_PUBLIC_BASE_URL: "ftp://x" }), /^server\.publicBaseUrl .*absolute http\(s\) URL/);
    assert.match(fails({ SKYPORT_REGISTRY_KIND: "postgres" }), /^registry\.postgresUrl: required when registry\.kind is "postgres"/);
  });

  test("unknown settings are errors with a suggestion", () => {
    assert.equal(fails({ SKYPORT_SERVR_PORT: "1" }), "SKYPORT_SERVR_PORT: unknown setting (did you mean SKYPORT_SERVER_PORT?)");
    const file = join(cwd, "b.yaml");
    writeFileSync(file, "server:\n  prot: 1\n");
    assert.match(fails({}, file), /^server\.prot: unknown setting \(did you mean server\.port\?\)/);
  });

  test("a broken or missing explicit file is one clear line", () => {
    const file = join(cwd, "c.yaml");
    writeFileSync(file, "server: [1, 2\n");
    assert.match(fails({}, file), /^config file .*c\.yaml: not valid YAML/);
    assert.match(fails({}, join(cwd, "missing.yaml")), /^config file .*missing\.yaml: cannot be read/);
  });
});
