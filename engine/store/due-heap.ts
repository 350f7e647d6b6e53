/**
 * The memory store's timer index: which timers are claimable at a given time, without scanning
 * every timer of every call on each scheduler tick (10,000 held calls each keep a timer or two).
 */

/** A binary min-heap; `before(a, b)` is true when `a` must come out first. */
export class MinHeap<T> {
  private items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** In heap order, not sorted. */
  values(): readonly T[] {
    return this.items;
  }

  push(item: T): void {
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length && last !== undefined) {
      this.items[0] = last;
      this.down(0);
    }
    return top;
  }

  /** Keeps the items `keep` accepts and restores heap order in one O(n) pass. */
  retain(keep: (item: T) => boolean): void {
    this.items = this.items.filter(keep);
    for (let index = (this.items.length >> 1) - 1; index >= 0; index--) this.down(index);
  }

  private up(index: number): void {
    const { items } = this;
    const item = items[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(item, items[parent])) break;
      items[index] = items[parent];
      index = parent;
    }
    items[index] = item;
  }

  private down(index: number): void {
    const { items } = this;
    const item = items[index];
    for (;;) {
      let child = 2 * index + 1;
      if (child >= items.length) break;
      if (child + 1 < items.length && this.before(items[child + 1], items[child])) child++;
      if (!this.before(items[child], item)) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = item;
  }
}

interface Entry<T> {
  item: T;
  dueAt: number;
  /** When it becomes claimable: its due time, or the end of the claim on it. */
  at: number;
  /** Order of arming, so timers due at the same time come out in a stable order. */
  order: number;
}

const dueFirst = <T>(a: Entry<T>, b: Entry<T>) => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.order < b.order);

/**
 * Items (timers) by the time they become claimable, handed out in due order. Each item has at most
 * one live entry; re-arming, claiming or deleting it leaves the older entry in a heap, stale, to be
 * skipped when it surfaces. Stale entries are swept once they outnumber live ones two to one, so
 * memory stays proportional to the live items.
 */
export class DueIndex<T> {
  private readonly live = new Map<T, Entry<T>>();
  /** Entries by when they become claimable; a claim moves those claimable by its `now` to `ready`. */
  private readonly waiting = new MinHeap<Entry<T>>((a, b) => a.at < b.at || (a.at === b.at && dueFirst(a, b)));
  /**
   * Entries claimable at the last claim that its limit left over, most overdue first. Claimable
   * time and due order differ for a timer whose claim ran out (claimable late, due early), so the
   * claim moves everything claimable here before taking any.
   */
  private readonly ready = new MinHeap<Entry<T>>(dueFirst);
  private armed = 0;

  get size(): number {
    return this.live.size;
  }

  /** Entries in the heaps, live and stale: at most three times the live ones. */
  get held(): number {
    return this.waiting.size + this.ready.size;
  }

  /** Arms (or re-arms) `item`: claimable from `dueAt`, any claim on it forgotten. */
  set(item: T, dueAt: number): void {
    this.place(item, dueAt, dueAt, this.armed++);
    this.sweep();
  }

  delete(item: T): void {
    if (this.live.delete(item)) this.sweep();
  }

  /** Claimable items in due order, up to `limit`, each claimed until `now + leaseMs`. */
  claim(now: number, leaseMs: number, limit: number): T[] {
    for (let top = this.waiting.peek(); top && top.at <= now; top = this.waiting.peek()) {
      this.waiting.pop();
      if (this.isLive(top)) this.ready.push(top);
    }
    const claimed: T[] = [];
    while (claimed.length < limit) {
      const entry = this.ready.pop();
      if (!entry) break;
      if (!this.isLive(entry)) continue;
      // Moved here by a claim with a later `now` than this one (a clock set back): not claimable yet.
      if (entry.at > now) this.waiting.push(entry);
      else {
        claimed.push(entry.item);
        this.place(entry.item, entry.dueAt, now + leaseMs, entry.order);
      }
    }
    return claimed;
  }

  /** The earliest time an item is claimable, or undefined when there is none. */
  next(): number | undefined {
    while (this.waiting.size && !this.isLive(this.waiting.peek()!)) this.waiting.pop();
    let next = this.waiting.peek()?.at;
    // Empty unless a claim stopped at its limit, and the scheduler claims again at once then.
    for (const entry of this.ready.values()) if (this.isLive(entry) && (next === undefined || entry.at < next)) next = entry.at;
    return next;
  }

  private place(item: T, dueAt: number, at: number, order: number): void {
    const entry = { item, dueAt, at, order };
    this.live.set(item, entry);
    this.waiting.push(entry);
  }

  private isLive(entry: Entry<T>): boolean {
    return this.live.get(entry.item) === entry;
  }

  private sweep(): void {
    if (this.held - this.live.size <= 2 * this.live.size) return;
    const live = (entry: Entry<T>) => this.isLive(entry);
    this.waiting.retain(live);
    this.ready.retain(live);
  }
}
