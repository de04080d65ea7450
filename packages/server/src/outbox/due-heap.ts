/** What a {@link DueHeap} orders: an item whose `seq` names its one live entry (any other is stale). */
export interface Scheduled {
  seq: number;
}

/**
 * A min-heap of `(at, seq)` entries with lazy deletion: rescheduling or removing an item leaves its old entry
 * in place, stale (its seq no longer the item's), to be skipped when it reaches the top; the heap is rebuilt
 * when stale entries outnumber live ones. `seq` only grows, so equal times keep their order of scheduling.
 * Push, pop and peek are O(log n) amortized. Kept as parallel arrays: no object per entry.
 */
export class DueHeap<T extends Scheduled> {
  private at: number[] = [];
  private seq: number[] = [];
  private items: T[] = [];
  private stale = 0;

  push(at: number, seq: number, item: T): void {
    this.at.push(at);
    this.seq.push(seq);
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  /** The item of the earliest live entry (stale entries on top are dropped), or `undefined`. */
  peek(): T | undefined {
    while (this.items.length > 0 && !this.live(0)) {
      this.stale--;
      this.pop();
    }
    return this.items[0];
  }

  /** Removes the top entry (call after `peek()`). */
  pop(): void {
    const last = this.items.length - 1;
    if (last < 0) return;
    this.move(last, 0);
    this.at.pop();
    this.seq.pop();
    this.items.pop();
    if (last > 0) this.down(0);
  }

  /** Tells the heap that one of its entries went stale; rebuilds it when they are the majority. */
  invalidate(): void {
    if (++this.stale * 2 <= this.items.length) return;
    const keep = this.items.flatMap((_item, i) => (this.live(i) ? [i] : []));
    this.at = keep.map((i) => this.at[i]!);
    this.seq = keep.map((i) => this.seq[i]!);
    this.items = keep.map((i) => this.items[i]!);
    this.stale = 0;
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private live(i: number): boolean {
    return this.items[i]!.seq === this.seq[i];
  }

  private less(i: number, j: number): boolean {
    return this.at[i]! < this.at[j]! || (this.at[i] === this.at[j] && this.seq[i]! < this.seq[j]!);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      let smallest = i;
      if (left < this.items.length && this.less(left, smallest)) smallest = left;
      if (left + 1 < this.items.length && this.less(left + 1, smallest)) smallest = left + 1;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(i: number, j: number): void {
    const at = this.at[i]!;
    const seq = this.seq[i]!;
    const item = this.items[i]!;
    this.move(j, i);
    this.at[j] = at;
    this.seq[j] = seq;
    this.items[j] = item;
  }

  private move(from: number, to: number): void {
    this.at[to] = this.at[from]!;
    this.seq[to] = this.seq[from]!;
    this.items[to] = this.items[from]!;
  }
}
