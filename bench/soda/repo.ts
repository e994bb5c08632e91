/**
 * A fresh repository for bench/soda holding the three test images (bench/soda/images.ts) as
 * datasets with datastore records, so the real server resolves their publisher DIDs through the
 * registry and opens them through the file datastore as it would any dataset. No ObsCore rows:
 * the dataset type is not an ObsCore one, so band and time stay unknown (SODA needs them only
 * when BAND or TIME is asked, and the benchmark asks neither).
 */
import { loadConfig } from "../../src/config/index.js";
import { openRepository } from "../../src/compose.js";
import type { Butler } from "../../src/repo/butler.js";
import { DEFAULT_OBSCORE_CONFIG, publisherDids } from "../../src/repo/obscore/index.js";
import type { TestImages } from "./images.js";

export interface BenchDataset {
  readonly uuid: string;
  /** The publisher DID the server's SODA takes as ID. */
  readonly did: string;
  readonly path: string;
}

export interface BenchRepo {
  readonly butler: Butler;
  readonly plain: BenchDataset;
  readonly rice: BenchDataset;
  readonly riceRows: BenchDataset;
}

const INSTRUMENT = "BenchCam";
const DATASET_TYPE = "bench_image";

/** Creates the repository under `dataDir` (SKYPORT_DATA_DIR of the server started on it). */
export async function createBenchRepo(dataDir: string, images: TestImages): Promise<BenchRepo> {
  const { config } = loadConfig({ env: { SKYPORT_DATA_DIR: dataDir }, cwd: dataDir });
  const butler = await openRepository(config, { create: true });
  const r = butler.registry;
  await r.insertDimensionRecords("instrument", [{ name: INSTRUMENT, visit_max: 10, exposure_max: 10, detector_max: 10, class_name: "skyport.bench.BenchCam" }]);
  await r.registerDatasetType({ name: DATASET_TYPE, dimensions: ["instrument"], storageClass: "ImageF", isCalibration: false });
  const dids = publisherDids(DEFAULT_OBSCORE_CONFIG.obs_publisher_did_fmt);
  const put = async (kind: "plain" | "rice" | "riceRows", path: string): Promise<BenchDataset> => {
    const run = `${INSTRUMENT}/bench/soda/${kind}`;
    await r.registerRun(run);
    const [ref] = await butler.ingest([{ datasetType: DATASET_TYPE, run, dataId: { instrument: INSTRUMENT }, sourcePath: path }], "copy");
    return { uuid: ref!.id, did: dids.didOf(ref!.id), path };
  };
  return { butler, plain: await put("plain", images.plain), rice: await put("rice", images.rice), riceRows: await put("riceRows", images.riceRows) };
}
