/**
 * What a mounted service tells VOSI about itself (VOSI 1.1 §3, VOResource 1.1 Capability and
 * Interface). Paths are relative to the server's public base URL, so documents never carry a
 * hard-coded host (STYLE.md §6).
 */
import type { XmlElement } from "../../lib/xml/index.js";

/** One vs:ParamHTTP (or vr:WebBrowser) interface of a capability. */
export interface InterfaceDescription {
  /** xsi:type of the interface. */
  readonly type: "vs:ParamHTTP" | "vr:WebBrowser";
  /** Path below the public base URL, starting with "/". */
  readonly path: string;
  /** "full": the URL is the whole endpoint; "base": clients append standard sub-paths (TAP). */
  readonly use: "full" | "base";
  /** "std" when this is the interface the standard defines. */
  readonly role?: "std";
  /** Version of the standard the interface implements, e.g. "1.1". */
  readonly version?: string;
  /** HTTP methods accepted (vs:ParamHTTP queryType: GET and/or POST). */
  readonly queryTypes?: readonly ("GET" | "POST")[];
  /** MIME type of the response (vs:ParamHTTP resultType). */
  readonly resultType?: string;
}

/** One capability element of the VOSI capabilities document. */
export interface CapabilityDescription {
  /** The standard's IVOID, e.g. ivo://ivoa.net/std/VOSI#availability. */
  readonly standardID: string;
  /** xsi:type of the capability (e.g. "tr:TableAccess"), when a registry extension defines one. */
  readonly xsiType?: string;
  /** Namespace declarations the capability's extension elements need, prefix → URI. */
  readonly namespaces?: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly interfaces: readonly InterfaceDescription[];
  /** Extension elements after the interfaces (TAPRegExt language, outputFormat, limits ...). */
  readonly extensions?: (baseUrl: string) => readonly XmlElement[];
}

/** A dependency whose health decides VOSI availability (database, object store, queue ...). */
export interface AvailabilityProbe {
  readonly name: string;
  /** Resolves when healthy; rejects (with a user-safe reason) when not. */
  check(): Promise<void>;
}

/** The result of probing availability. */
export interface AvailabilityState {
  readonly available: boolean;
  readonly upSince: Date;
  readonly notes: readonly string[];
}
