export { startEmulator, type RunningEmulator } from './start-emulator.js';
export type { EmulatorOptions } from './options.js';
export { EmulatorError } from './errors.js';
export type { FaultSpec } from './faults/fault-spec.js';
export type {
  EventRecord,
  EventSource,
  EventStatus,
  DedupRule,
  RejectionRecord,
  RejectedEventSummary,
  MetaErrorBody,
} from './store/event-record.js';
export type { RequestCount } from './store/request-counters.js';
export type { RuleId } from './graph/violation.js';
