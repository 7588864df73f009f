import { planFor, visibleScanCount, type Plan } from './render.ts';
import type { TrackerRecord } from './store.ts';

// Finds trackers whose scans have come due as the clock moves, without scanning every
// tracker: a min-heap keyed by each tracker's next scan time holds one entry per tracker.

export type OnScansDue = (record: TrackerRecord, previousStatus: string) => void;

interface Due {
  at: number;
  record: TrackerRecord;
}

export class ScanWatcher {
  readonly #heap: Due[] = [];
  readonly #onDue: OnScansDue;

  constructor(onDue: OnScansDue) {
    this.#onDue = onDue;
  }

  // Scans already visible when the tracker is created are not news.
  watch(record: TrackerRecord, now: number): void {
    const plan = planFor(record);
    record.announcedScans = visibleScanCount(plan, now);
    this.#scheduleNext(record, plan);
  }

  check(now: number): void {
    while (this.#heap.length > 0 && this.#heap[0].at <= now) {
      const { record } = this.#pop();
      const plan = planFor(record);
      const visible = visibleScanCount(plan, now);
      if (visible > record.announcedScans) {
        const previousStatus = record.announcedScans === 0 ? 'unknown' : plan.scans[record.announcedScans - 1].template.status;
        record.announcedScans = visible;
        this.#onDue(record, previousStatus);
      }
      this.#scheduleNext(record, plan);
    }
  }

  #scheduleNext(record: TrackerRecord, plan: Plan): void {
    const next = plan.scans[record.announcedScans];
    if (next) this.#push({ at: next.at, record });
  }

  #push(entry: Due): void {
    const heap = this.#heap;
    heap.push(entry);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= heap[i].at) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  #pop(): Due {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop() as Due;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const smallest = [left, left + 1].reduce((best, child) => (child < heap.length && heap[child].at < heap[best].at ? child : best), i);
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i], heap[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
