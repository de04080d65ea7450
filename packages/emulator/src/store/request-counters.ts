/** What the Graph API endpoint received, for "1 request for 1000 events" style assertions. */
export interface RequestCount {
  /** Requests to `POST /:version/:pixelId/events`, whatever their outcome. */
  requests: number;
  /** Body bytes received. */
  bytes: number;
  /** Events in those requests' `data` arrays (when it parsed). */
  events: number;
  accepted: number;
  rejected: number;
  /** Answered by an injected fault. */
  faulted: number;
}

export type Outcome = 'accepted' | 'rejected' | 'faulted';

function zero(): RequestCount {
  return { requests: 0, bytes: 0, events: 0, accepted: 0, rejected: 0, faulted: 0 };
}

/** Pixel ids counted one by one; the path is the client's, so requests to further ids count in `total` only. */
export const MAX_COUNTED_PIXELS = 1000;

export class RequestCounters {
  private total = zero();
  private byPixel = new Map<string, RequestCount>();

  record(pixelId: string, bytes: number, events: number, outcome: Outcome): void {
    let perPixel = this.byPixel.get(pixelId);
    if (!perPixel && this.byPixel.size < MAX_COUNTED_PIXELS) this.byPixel.set(pixelId, (perPixel = zero()));
    for (const count of perPixel ? [this.total, perPixel] : [this.total]) {
      count.requests++;
      count.bytes += bytes;
      count.events += events;
      count[outcome]++;
    }
  }

  toJSON(): { total: RequestCount; pixels: Record<string, RequestCount> } {
    return { total: { ...this.total }, pixels: Object.fromEntries(this.byPixel) };
  }

  reset(): void {
    this.total = zero();
    this.byPixel.clear();
  }
}
