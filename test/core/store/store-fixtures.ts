/** Records the store tests write: a duel and an entry with every field set, changed per test by overrides. */
import type { DuelRecord, EntryRecord } from '../../../src/core/model/records.js';
import type { Side } from '../../../src/core/model/types.js';

export function duelRecord(id: string, over: Partial<DuelRecord> = {}): DuelRecord {
  return {
    id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:author', prompt: `prompt ${id}`,
    aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: 2, closedAt: null, status: 'open', flags: [], ...over,
  };
}

export function entryRecord(duelId: string, side: Side, over: Partial<EntryRecord> = {}): EntryRecord {
  return {
    duelId, side, spec: `x:${side.toLowerCase()}`, label: side, rawText: null, svg: `<svg id="${duelId}${side}"/>`, ok: true, error: null,
    errorKind: null, ms: 10, tokens: { input: 1, output: 2 }, facts: { animated: false, width: 10, height: 10 }, ...over,
  };
}

/** Lets the event loop turn once (queued database work gets its chance to run). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The store with a record of which of its members the tests reached: a contract test checks at its
 * end that it called every method of the part of the port it covers, so a method added to the port
 * fails the contract until a test calls it.
 */
export function tracked<S extends object>(store: S, called: Set<string>): S {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (typeof key === 'string') called.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}
