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
  // The events kept are `events` from `head` on. Dropping the oldest only moves `head`; the array is cut once
  // `head` reaches maxEvents (or when listed): one copy per maxEvents events, not one per event once full
  // (a splice of 10 000 slots for every event was most of the emulator's CPU under load).
  private events: EventRecord[] = [];
  private head = 0;
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
    while (this.events.length - this.head > this.maxEvents) {
      this.dedup.forget(this.events[this.head]!);
      this.events[this.head++] = undefined as unknown as EventRecord;
      this.droppedEvents++;
    }
    if (this.head >= this.maxEvents) this.compact();
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
    this.compact();
    return this.events;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.events.splice(0, this.head);
    this.head = 0;
  }

  listRejections(): readonly RejectionRecord[] {
    return this.rejections;
  }

  /** Forgets events, rejections, request counts and dedup memory. */
  reset(): void {
    this.events = [];
    this.head = 0;
    this.rejections = [];
    this.dedup = new DedupEngine();
    this.droppedEvents = 0;
    this.droppedRejections = 0;
    this.requests.reset();
  }
}
