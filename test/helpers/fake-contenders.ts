/**
 * In-process contenders for engine tests that are about who meets whom, not about a provider's
 * protocol (the contract suite covers those against protocol fakes). Each draws a small pelican,
 * or fails with a ContenderError while `failing` is set, and counts its draws.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createDuelService, type DuelSettings } from '../../src/core/duel/duel-service.js';
import type { DuelApi } from '../../src/core/duel/duel-api.js';
import { ContenderError } from '../../src/core/model/errors.js';
import { openSqliteStore, type Store } from '../../src/core/store/sqlite-store.js';
import type { Clock, Contender, DrawResult, Random } from '../../src/core/model/types.js';
import { leaderboardChartSvg } from '../../src/render/leaderboard-chart.js';
import { createRenderer } from '../../src/render/renderer.js';
import { pelicanSvg } from '../fakes/fake-model-common.js';

export interface FakeContender extends Contender {
  failing: boolean;
  checkOk: boolean;
  draws: number;
}

export function fakeContender(spec: string, label: string, color = '#e07a5f'): FakeContender {
  const c: FakeContender = {
    spec,
    label,
    provider: spec.slice(0, spec.indexOf(':')),
    failing: false,
    checkOk: true,
    draws: 0,
    async draw(): Promise<DrawResult> {
      c.draws++;
      if (c.failing) throw new ContenderError(`${label} is unreachable: start its server and try again.`, spec, 'unreachable');
      return { text: pelicanSvg(color), ms: 5, tokens: { input: 20, output: 300 } };
    },
    async check() {
      return c.checkOk ? { ok: true, message: 'ready' } : { ok: false, message: `${label} does not answer` };
    },
  };
  return c;
}

export interface FakeArena {
  service: DuelApi;
  store: Store;
  close(): Promise<void>;
}

/** The real engine on a real SQLite temp file and the real sandboxed renderer, with fake contenders. */
export function fakeArena(contenders: Contender[], opts: { random?: Random; clock?: Clock; settings?: Partial<DuelSettings> } = {}): FakeArena {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-duel-arena-'));
  const store = openSqliteStore(join(dir, 'duels.db'));
  const renderer = createRenderer({ poolSize: 1, box: 64 });
  const service = createDuelService({
    store,
    renderer,
    contenders,
    logger: pino({ level: 'silent' }),
    settings: { cooldownMs: 0, box: 64, ...opts.settings },
    random: opts.random,
    clock: opts.clock,
    chartSvg: leaderboardChartSvg,
  });
  return {
    service,
    store,
    async close() {
      await service.stop();
      await renderer.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
