/**
 * PostgreSQL's change feed (LISTEN/NOTIFY): what one process publishes, every process hears (itself
 * included), ids only; anything else on the channel is ignored, however it is shaped.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { DuelChange } from '../../../src/core/store/port.js';
import { openPostgresChanges, parseChange, type PostgresChanges } from '../../../src/core/store/postgres-changes.js';
import { freshDatabase } from '../../helpers/postgres-cluster.js';
import { postgresMissing, postgresUrl } from '../../helpers/stores.js';

it('reads only well-formed changes from a payload', () => {
  expect(parseChange('{"kind":"closed","duelId":"abc","platform":"web"}')).toEqual({ kind: 'closed', duelId: 'abc', platform: 'web' });
  for (const bad of [undefined, '', 'null', '[]', '{"kind":"dropped","duelId":"a","platform":"web"}', '{"kind":"closed","duelId":"","platform":"web"}', '{"kind":"closed","duelId":7,"platform":"web"}', '{"kind":"closed","duelId":"a","platform":"irc"}', `{"kind":"closed","duelId":"${'x'.repeat(300)}","platform":"web"}`, '{"kind":']) {
    expect(parseChange(bad), String(bad)).toBeUndefined();
  }
  // Extra fields never reach a subscriber.
  expect(parseChange('{"kind":"opened","duelId":"d","platform":"slack","prompt":"secret"}')).toEqual({ kind: 'opened', duelId: 'd', platform: 'slack' });
});

const url = postgresUrl();
describe.skipIf(!url)(`LISTEN/NOTIFY between two processes' feeds${url ? '' : `: ${postgresMissing()}`}`, () => {
  const feeds: PostgresChanges[] = [];
  afterAll(async () => Promise.all(feeds.map((f) => f.close())));

  it('delivers a change to every feed on the database, and ignores foreign payloads', async () => {
    const db = await freshDatabase(url!);
    feeds.push(await openPostgresChanges(db), await openPostgresChanges(db));
    const [a, b] = feeds as [PostgresChanges, PostgresChanges];
    const heard: Record<'a' | 'b', DuelChange[]> = { a: [], b: [] };
    a.subscribe((e) => heard.a.push(e));
    const stop = b.subscribe((e) => heard.b.push(e));
    // A subscriber that throws stops nobody else.
    b.subscribe(() => {
      throw new Error('a broken subscriber');
    });

    const raw = new pg.Client({ connectionString: db });
    await raw.connect();
    await raw.query(`SELECT pg_notify('duel_changes', 'not json'), pg_notify('duel_changes', '{"kind":"closed","duelId":"x","platform":"nowhere"}')`);
    await raw.end();
    await a.publish({ kind: 'closed', duelId: 'd1', platform: 'discord' });

    for (let i = 0; i < 100 && (heard.a.length < 1 || heard.b.length < 1); i++) await new Promise((r) => setTimeout(r, 50));
    expect(heard.a).toEqual([{ kind: 'closed', duelId: 'd1', platform: 'discord' }]);
    expect(heard.b).toEqual([{ kind: 'closed', duelId: 'd1', platform: 'discord' }]);

    stop();
    await b.publish({ kind: 'revealed', duelId: 'd1', platform: 'discord' });
    for (let i = 0; i < 100 && heard.a.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(heard.a.map((e) => e.kind)).toEqual(['closed', 'revealed']);
    expect(heard.b).toHaveLength(1);
  });
});
