/**
 * VOSI availability and capabilities built from the services actually mounted (VOSI 1.1 §2-§3).
 * Each protocol service registers its capabilities and the probes of what it depends on; the
 * availability answer really probes them (VOSI-02) and says false while the server drains.
 */
import type { AvailabilityProbe, AvailabilityState, CapabilityDescription } from "./model.js";

/** How long one probe may take before it counts as failed, in milliseconds. */
const PROBE_TIMEOUT_MS = 2000;

export class VosiService {
  private readonly capabilities: CapabilityDescription[] = [];
  private readonly probes: AvailabilityProbe[] = [];
  private draining = false;

  constructor(private readonly upSince: Date = new Date()) {}

  /** Adds a mounted service's capabilities (order of registration is the document order). */
  registerCapabilities(...caps: readonly CapabilityDescription[]): void {
    for (const c of caps) {
      if (this.capabilities.some((x) => x.standardID === c.standardID && x.interfaces[0]?.path === c.interfaces[0]?.path)) {
        throw new Error(`capability ${c.standardID} registered twice`);
      }
      this.capabilities.push(c);
    }
  }

  /** Adds a dependency probe consulted by availability. */
  /** The probes registered so far (a service's own VOSI shares the server's). */
  listProbes(): readonly AvailabilityProbe[] {
    return [...this.probes];
  }

  registerProbe(probe: AvailabilityProbe): void {
    this.probes.push(probe);
  }

  /** Marks the server as shutting down: availability turns false at once. */
  startDraining(): void {
    this.draining = true;
  }

  listCapabilities(): readonly CapabilityDescription[] {
    return this.capabilities;
  }

  /** Probes every dependency (in parallel, each with a timeout). */
  async availability(): Promise<AvailabilityState> {
    const notes: string[] = [];
    if (this.draining) {
      return { available: false, upSince: this.upSince, notes: ["The service is shutting down."] };
    }
    const results = await Promise.all(
      this.probes.map(async (p) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            p.check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
            }),
          ]);
          return { name: p.name, ok: true as const };
        } catch (e) {
          return { name: p.name, ok: false as const, reason: e instanceof Error ? e.message : String(e) };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    for (const r of results) {
      notes.push(r.ok ? `${r.name}: ok` : `${r.name}: unavailable (${r.reason})`);
    }
    const available = results.every((r) => r.ok);
    if (available) notes.unshift("All services are operating normally.");
    return { available, upSince: this.upSince, notes };
  }
}

/** The capabilities VOSI itself contributes at a service root ("" for the server root). */
export function vosiCapabilities(rootPath: string): CapabilityDescription[] {
  return [
    {
      standardID: "ivo://ivoa.net/std/VOSI#capabilities",
      interfaces: [{ type: "vs:ParamHTTP", path: `${rootPath}/capabilities`, use: "full", queryTypes: ["GET"], resultType: "application/xml" }],
    },
    {
      standardID: "ivo://ivoa.net/std/VOSI#availability",
      interfaces: [{ type: "vs:ParamHTTP", path: `${rootPath}/availability`, use: "full", queryTypes: ["GET"], resultType: "application/xml" }],
    },
  ];
}
