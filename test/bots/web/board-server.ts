/**
 * The real web server over a real engine (SQLite, renderer), whose boards come from the board
 * fixture: the style control, metrics, categories and personal boards are built by other parts
 * of issue 19, so the leaderboard routes are tested against their types here. Every call is
 * recorded, so a test can check which voter's board a page asked for.
 */
import pino from 'pino';
import { startWebServer, type WebServer } from '../../../src/bots/web/index.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import type { LeaderboardQuery } from '../../../src/core/model/board-types.js';
import { createTestEngine, type TestEngine } from '../../helpers/engine.js';
import { fixtureBoard, fixturePersonal } from './board-fixture.js';
import { NO_LIMITS } from './web-harness.js';

export interface BoardServer {
  url: string;
  engine: TestEngine;
  web: WebServer;
  boards: LeaderboardQuery[];
  personal: Array<{ voter: string; query: LeaderboardQuery }>;
  /** Votes of each voter (`web:<id>`); 0 for anyone else. */
  votes: Map<string, number>;
  /** Make personal boards fail, as a broken fit would. */
  failPersonal: boolean;
  close(): Promise<void>;
}

export async function startBoardServer(): Promise<BoardServer> {
  const engine = await createTestEngine();
  const state = { boards: [] as LeaderboardQuery[], personal: [] as BoardServer['personal'], votes: new Map<string, number>(), failPersonal: false };
  const service: DuelApi = {
    ...engine.service,
    leaderboard: async (query) => {
      state.boards.push(query);
      return fixtureBoard(query);
    },
    personalBoard: async (voter, query) => {
      state.personal.push({ voter, query });
      if (server.failPersonal) throw new Error('the personal fit failed');
      return fixturePersonal(voter, state.votes.get(voter) ?? 0, query);
    },
  };
  const web = await startWebServer({ service, store: engine.engine.store, config: { port: 0, host: '127.0.0.1', limits: NO_LIMITS }, logger: pino({ level: 'silent' }) });
  const server: BoardServer = {
    url: web.url,
    engine,
    web,
    ...state,
    async close() {
      await web.stop();
      await engine.close();
    },
  };
  return server;
}

/** The voter id inside a `duel_voter=<id>.<mac>` cookie. */
export function voterIdOf(cookie: string): string {
  return cookie.split('=')[1]!.split('.')[0]!;
}
