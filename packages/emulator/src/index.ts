export { EmulatorError } from './errors.js';
export type { FaultSpec } from './faults/fault-spec.js';
export type { RuleId } from './graph/violation.js';
export type { EmulatorOptions } from './options.js';
export { type RunningEmulator, startEmulator } from './start-emulator.js';
export type {
  DedupRule,
  EventRecord,
  EventSource,
  EventStatus,
  MetaErrorBody,
  RejectedEventSummary,
  RejectionRecord,
} from './store/event-record.js';
export type { RequestCount } from './store/request-counters.js';
