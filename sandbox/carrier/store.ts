import type { TestCode } from './codes.ts';
import type { ScenarioName } from './scenarios.ts';

// Trackers are kept as a few scalars each; everything else is computed when asked, so a
// sandbox can hold a hundred thousand of them cheaply.
export interface TrackerRecord {
  id: string;
  code: string;
  carrier: string;
  script: ScenarioName | TestCode;
  createdAt: number;
  seq: number;
  olderWithSameCode: TrackerRecord | undefined;
  // Scans already announced by webhook; only the automatic webhook watcher moves it.
  announcedScans: number;
}

export interface ListQuery {
  pageSize: number;
  beforeId?: string;
  afterId?: string;
  trackingCode?: string;
  carrier?: string;
}

export class TrackerStore {
  readonly #byId = new Map<string, TrackerRecord>();
  readonly #byRequest = new Map<string, TrackerRecord>();
  readonly #newestByCode = new Map<string, TrackerRecord>();
  readonly #inOrder: TrackerRecord[] = [];

  get size(): number {
    return this.#inOrder.length;
  }

  byId(id: string): TrackerRecord | undefined {
    return this.#byId.get(id);
  }

  newestByCode(code: string): TrackerRecord | undefined {
    return this.#newestByCode.get(code);
  }

  // EasyPost answers a repeated create for the same code and carrier with the tracker it has.
  findOrCreate(code: string, requestedCarrier: string, make: () => Omit<TrackerRecord, 'seq' | 'olderWithSameCode' | 'announcedScans'>) {
    const requestKey = `${code}\u0000${requestedCarrier}`;
    const existing = this.#byRequest.get(requestKey);
    if (existing) return { record: existing, created: false };
    const record: TrackerRecord = { ...make(), seq: this.#inOrder.length, olderWithSameCode: this.#newestByCode.get(code), announcedScans: 0 };
    this.#inOrder.push(record);
    this.#byId.set(record.id, record);
    this.#byRequest.set(requestKey, record);
    this.#newestByCode.set(code, record);
    return { record, created: true };
  }

  // Newest first. before_id pages towards older trackers, after_id towards newer ones.
  list(query: ListQuery): { records: TrackerRecord[]; hasMore: boolean } {
    const cursorId = query.beforeId ?? query.afterId;
    const cursor = cursorId === undefined ? undefined : this.#byId.get(cursorId);
    if (cursorId !== undefined && !cursor) return { records: [], hasMore: false };
    const towardsNewer = query.afterId !== undefined;
    const matches = (record: TrackerRecord) =>
      (query.carrier === undefined || record.carrier.toLowerCase() === query.carrier.toLowerCase()) &&
      (cursor === undefined || (towardsNewer ? record.seq > cursor.seq : record.seq < cursor.seq));
    const records: TrackerRecord[] = [];
    for (const record of this.#candidates(query.trackingCode, towardsNewer, cursor)) {
      if (!matches(record)) continue;
      if (records.length === query.pageSize) return { records: ordered(records, towardsNewer), hasMore: true };
      records.push(record);
    }
    return { records: ordered(records, towardsNewer), hasMore: false };
  }

  *#candidates(code: string | undefined, towardsNewer: boolean, cursor: TrackerRecord | undefined): Generator<TrackerRecord> {
    if (code !== undefined) {
      const sameCode: TrackerRecord[] = [];
      for (let record = this.#newestByCode.get(code); record; record = record.olderWithSameCode) sameCode.push(record);
      yield* towardsNewer ? sameCode.reverse() : sameCode;
      return;
    }
    if (towardsNewer) {
      for (let i = (cursor?.seq ?? -1) + 1; i < this.#inOrder.length; i++) yield this.#inOrder[i];
    } else {
      for (let i = (cursor?.seq ?? this.#inOrder.length) - 1; i >= 0; i--) yield this.#inOrder[i];
    }
  }
}

function ordered(records: TrackerRecord[], collectedOldestFirst: boolean): TrackerRecord[] {
  return collectedOldestFirst ? records.reverse() : records;
}
