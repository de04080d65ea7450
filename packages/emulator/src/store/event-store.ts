import { DedupEngine } from '../dedup/dedup-engine.js';
import type { EventRecord, RejectionRecord } from './event-record.js';
import { RequestCounters } from './request-counters.js';

export type NewEvent = Omit<EventRecord, 'seq' | 'status'>;
export type NewRejection = Omit<RejectionRecord, 'seq'>;

/** Rejected requests kept for the page, past which the oldest are dropped. */
const MAX_REJECTIONS = 500;

/**
 * Everything the emulator remembers, in memory and bounded: past `maxEvents` the oldest events are dropped
 * (and counted, so the page can say so). Runs every arriving event through the dedup engine.
 */
export class EventStore {
  private events: EventRecord[] = [];
  private rejections: RejectionRecord[] = [];
  private dedup = new DedupEngine();
  private nextSeq = 1;
  droppedEvents = 0;
  droppedRejections = 0;
  readonly requests = new RequestCounters();

  constructor(readonly maxEvents: number) {}

  add(event: NewEvent): EventRecord {
    const record: EventRecord = { seq: this.nextSeq++, ...event, status: 'kept' };
    this.dedup.add(record);
    this.events.push(record);
    const overflow = this.events.length - this.maxEvents;
    if (overflow > 0) {
      for (const old of this.events.splice(0, overflow)) this.dedup.forget(old);
      this.droppedEvents += overflow;
    }
    return record;
  }

  reject(rejection: NewRejection): RejectionRecord {
    const record: RejectionRecord = { seq: this.nextSeq++, ...rejection };
    this.rejections.push(record);
    if (this.rejections.length > MAX_REJECTIONS) {
      this.rejections.shift();
      this.droppedRejections++;
    }
    return record;
  }

  listEvents(): readonly EventRecord[] {
    return this.events;
  }

  listRejections(): readonly RejectionRecord[] {
    return this.rejections;
  }

  /** Forgets events, rejections, request counts and dedup memory. */
  reset(): void {
    this.events = [];
    this.rejections = [];
    this.dedup = new DedupEngine();
    this.droppedEvents = 0;
    this.droppedRejections = 0;
    this.requests.reset();
  }
}
