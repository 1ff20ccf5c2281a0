/**
 * Starts the real engine (fake model servers, temp SQLite, real renderer) and the web
 * arena on a free port. Model replies wait on a gate the test opens, so a test can look
 * at the live progress without racing the fakes.
 */
import pino from 'pino';
import { startWebServer, type WebConfig, type WebServer } from '../../../src/bots/web/index.js';
import { createTestEngine, type TestEngine, type TestEngineOptions } from '../../helpers/engine.js';
import { pelicanSvg } from '../../fakes/fake-ollama.js';

export interface Harness {
  engine: TestEngine;
  web: WebServer;
  /** Let every held model request answer (and all later ones answer at once). */
  release(): void;
  /** Hold later model requests until `release()` is called again. */
  hold(): void;
  close(): Promise<void>;
}

/** No per-address limits: most tests run many browsers from 127.0.0.1. Limit tests pass their own. */
export const NO_LIMITS = { votersPerHour: 0, votesPerHour: 0, duelsPerHour: 0 };

export async function startHarness(opts: TestEngineOptions & { held?: boolean; web?: Partial<WebConfig> } = {}): Promise<Harness> {
  let open!: () => void;
  let gate: Promise<void> = opts.held ? new Promise((r) => (open = r)) : Promise.resolve();
  const reply = (color: string, fenced: boolean) => async () => {
    await gate;
    const svg = pelicanSvg(color);
    return { text: fenced ? `\`\`\`svg\n${svg}\n\`\`\`` : `Here you go:\n${svg}`, chunkDelayMs: 5 };
  };
  const engine = await createTestEngine({
    ollamaBehaviour: reply('#e07a5f', false),
    anthropicBehaviour: reply('#3d5a80', true),
    ...opts,
  });
  const web = await startWebServer({
    service: engine.service,
    store: engine.engine.store,
    config: { port: 0, host: '127.0.0.1', limits: NO_LIMITS, ...opts.web },
    logger: pino({ level: 'silent' }),
  });
  return {
    engine,
    web,
    release: () => open?.(),
    hold: () => {
      gate = new Promise((r) => (open = r));
    },
    async close() {
      open?.();
      await web.stop();
      await engine.close();
    },
  };
}

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
