/** Public surface of the VOSI service: capability registry, availability probes, documents. */
export type { AvailabilityProbe, AvailabilityState, CapabilityDescription, InterfaceDescription } from "./model.js";
export { NS as VOSI_NS, renderAvailability, renderCapabilities } from "./render.js";
export { VosiService, vosiCapabilities } from "./service.js";
