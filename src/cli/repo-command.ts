/**
 * `skyport repo …`: create, inspect and fill the repository from the command line — queries with
 * table, TSV or JSON output, butler-export import/export, raw ingest with progress, visit
 * definition, dataset types and collection chains.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { openRepository } from "../compose.js";
import type { LoadedConfig } from "../config/index.js";
import type { Butler } from "../repo/butler.js";
import { defineVisits } from "../repo/ingest/define-visits.js";
import { ingestRaws } from "../repo/ingest/raw-ingest.js";
import type { CollectionType, DataId } from "../repo/model/index.js";
import { exportYaml, importExport } from "../repo/transfer/yaml/index.js";
import { OUTPUT_FORMATS, type OutputFormat, printRows } from "./output.js";
import { ProgressBar } from "./progress.js";

type Load = () => LoadedConfig;

const formatOption = () => new Option("--format <format>", "output format").choices(OUTPUT_FORMATS as string[]).default("table");

/** Parses repeated `--data-id key=value` options; integers stay numbers. */
function parseDataId(pairs: readonly string[] = []): DataId {
  const out: Record<string, string | number> = {};
  for (const p of pairs) {
    const m = /^([a-z_][a-z0-9_]*)=(.*)$/.exec(p);
    if (!m) throw new Error(`--data-id ${p}: expected key=value`);
    out[m[1]!] = /^-?\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!;
  }
  return out;
}

const list = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : undefined);

async function withRepo<T>(load: Load, fn: (b: Butler) => Promise<T>, create = false): Promise<T> {
  const b = await openRepository(load().config, { create });
  try {
    return await fn(b);
  } finally {
    await b.close();
  }
}

/** Registers `skyport repo`; returns the command so other groups (convert) can add to it. */
export function registerRepoCommands(program: Command, load: Load): Command {
  const repo = program.command("repo").description("the Butler-style data repository (registry and datastore)");

  repo
    .command("create")
    .description("create an empty repository (registry schema and datastore) where the configuration says")
    .option("--universe <file>", "dimension universe configuration (dimensions.yaml layout)")
    .action(async (opts: { universe?: string }) => {
      const universeConfig = opts.universe ? parseYaml(readFileSync(opts.universe, "utf8")) : undefined;
      const { config } = load();
      const b = await openRepository(config, { create: true, universeConfig });
      process.stdout.write(`repository ready: registry ${config.registry.kind === "sqlite" ? config.registry.sqlitePath : "(postgres)"}, datastore ${config.datastore.root}\n`);
      await b.close();
    });

  repo
    .command("query-datasets")
    .description("list datasets of a type (or '*') found in collections")
    .argument("<dataset-type>")
    .requiredOption("--collections <list>", "comma-separated collections, searched in order")
    .option("--where <expression>", "Butler expression, e.g. \"visit.exposure_time > 20 AND band = 'r'\"")
    .option("--data-id <key=value...>", "exact dimension values")
    .option("--limit <n>", "at most this many rows", Number)
    .option("--all", "every match, not only the first per data ID in collection order")
    .addOption(formatOption())
    .action((type: string, opts: { collections: string; where?: string; dataId?: string[]; limit?: number; all?: boolean; format: OutputFormat }) =>
      withRepo(load, async (b) => {
        const refs = await b.registry.queryDatasets(type, {
          collections: list(opts.collections)!,
          dataId: parseDataId(opts.dataId),
          findFirst: !opts.all,
          ...(opts.where ? { where: opts.where } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        });
        const dims = [...new Set(refs.flatMap((r) => Object.keys(r.dataId)))];
        printRows(["type", "run", "id", ...dims], refs.map((r) => ({ type: r.datasetType, run: r.run, id: r.id, ...r.dataId })), opts.format);
      }),
    );

  repo
    .command("query-dimension-records")
    .description("list the records of a dimension element")
    .argument("<element>")
    .option("--where <expression>", "Butler expression")
    .option("--data-id <key=value...>", "exact dimension values")
    .option("--limit <n>", "at most this many rows", Number)
    .addOption(formatOption())
    .action((element: string, opts: { where?: string; dataId?: string[]; limit?: number; format: OutputFormat }) =>
      withRepo(load, async (b) => {
        const recs = await b.registry.queryDimensionRecords(element, {
          dataId: parseDataId(opts.dataId),
          ...(opts.where ? { where: opts.where } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        });
        const cols = [...new Set(recs.flatMap((r) => Object.keys(r)))];
        printRows(cols, recs as Record<string, unknown>[], opts.format);
      }),
    );

  repo
    .command("query-collections")
    .description("list collections")
    .argument("[glob]", "name pattern with * and ?")
    .addOption(new Option("--type <type...>", "only these types").choices(["RUN", "TAGGED", "CHAINED", "CALIBRATION"]))
    .addOption(formatOption())
    .action((glob: string | undefined, opts: { type?: CollectionType[]; format: OutputFormat }) =>
      withRepo(load, async (b) => {
        const colls = await b.registry.queryCollections(glob, opts.type);
        printRows(["name", "type", "children", "doc"], colls.map((c) => ({ ...c, children: c.children?.join(",") ?? "" })), opts.format);
      }),
    );

  repo
    .command("register-dataset-type")
    .description("define a dataset type")
    .argument("<name>")
    .argument("<dimensions...>")
    .requiredOption("--storage-class <class>", "e.g. ExposureF")
    .option("--calibration", "looked up through CALIBRATION collections with a validity time")
    .action((name: string, dims: string[], opts: { storageClass: string; calibration?: boolean }) =>
      withRepo(load, async (b) => {
        const created = await b.registry.registerDatasetType({ name, dimensions: dims, storageClass: opts.storageClass, isCalibration: Boolean(opts.calibration) });
        process.stdout.write(created ? `registered ${name}\n` : `${name} already exists with the same definition\n`);
      }),
    );

  repo
    .command("collection-chain")
    .description("create or change a CHAINED collection")
    .argument("<parent>")
    .argument("[children...]")
    .addOption(new Option("--mode <mode>", "how children are applied").choices(["redefine", "extend", "prepend", "remove"]).default("redefine"))
    .option("--doc <text>", "documentation for a new chain")
    .action((parent: string, children: string[], opts: { mode: "redefine" | "extend" | "prepend" | "remove"; doc?: string }) =>
      withRepo(load, async (b) => {
        await b.registry.registerCollection(parent, "CHAINED", opts.doc ?? null);
        const current = (await b.registry.getCollection(parent))?.children ?? [];
        const next =
          opts.mode === "redefine" ? children : opts.mode === "extend" ? [...current, ...children] : opts.mode === "prepend" ? [...children, ...current] : current.filter((c) => !children.includes(c));
        await b.registry.setCollectionChain(parent, [...new Set(next)]);
        process.stdout.write(`${parent} = [${next.join(", ")}]\n`);
      }),
    );

  repo
    .command("import")
    .description("import butler-export YAML files (one transaction per file)")
    .argument("<files...>")
    .action((files: string[]) =>
      withRepo(load, async (b) => {
        for (const f of files) {
          const rep = await importExport(b.registry, readFileSync(f, "utf8"));
          const recs = Object.values(rep.records).reduce((a, x) => a + x, 0);
          const ds = Object.values(rep.datasets).reduce((a, x) => a + x, 0);
          process.stdout.write(`${f}: ${recs} records, ${rep.collections} collections, ${rep.datasetTypes} dataset types, ${ds} datasets, ${rep.associations} associations\n`);
          for (const [field, n] of Object.entries(rep.droppedFields)) process.stdout.write(`  dropped ${field} (${n}× — not in this universe)\n`);
        }
      }),
    );

  repo
    .command("export")
    .description("export the repository (or some collections) as butler-export YAML")
    .option("-o, --output <file>", "write here instead of standard output")
    .option("--collections <list>", "comma-separated collections (chains bring their children)")
    .action((opts: { output?: string; collections?: string }) =>
      withRepo(load, async (b) => {
        const text = await exportYaml(b.registry, { ...(opts.collections ? { collections: list(opts.collections)! } : {}) });
        if (opts.output) writeFileSync(opts.output, text);
        else process.stdout.write(text);
      }),
    );

  repo
    .command("ingest-raws")
    .description("ingest raw FITS files: translate headers, add exposure/detector records, store files")
    .argument("<files...>")
    .option("--run <run>", "RUN collection (default <instrument>/raw/all)")
    .addOption(new Option("--transfer <mode>", "how files enter the datastore").choices(["copy", "hardlink", "symlink", "move"]).default("copy"))
    .action((files: string[], opts: { run?: string; transfer: "copy" | "hardlink" | "symlink" | "move" }) =>
      withRepo(load, async (b) => {
        const bars = { read: new ProgressBar("reading headers", files.length), ingest: new ProgressBar("ingesting", files.length) };
        const refs = await ingestRaws(b, files, { transfer: opts.transfer, ...(opts.run ? { run: opts.run } : {}), onProgress: (stage, done, total) => bars[stage].update(done, `of ${total}`) });
        bars.ingest.done(`ingested ${refs.length} raw${refs.length === 1 ? "" : "s"}`);
      }),
    );

  repo
    .command("define-visits")
    .description("define one-to-one visits from an instrument's science exposures")
    .argument("<instrument>")
    .option("--collections <list>", "where the raws are (default <instrument>/raw/all)")
    .action((instrument: string, opts: { collections?: string }) =>
      withRepo(load, async (b) => {
        const rep = await defineVisits(b, instrument, list(opts.collections));
        process.stdout.write(`defined ${rep.visits} visits with ${rep.regions} detector regions\n`);
        if (rep.withoutWcs.length) process.stdout.write(`${rep.withoutWcs.length} raws have no usable WCS, so their detectors have no region\n`);
      }),
    );
  return repo;
}
