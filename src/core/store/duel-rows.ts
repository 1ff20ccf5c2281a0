/** The `duels`, `entries`, `drawing_facts` and `images` tables (DuelRows of the Store port), for both engines. */
import type { DrawingFacts, DuelRecord, EntryRecord, ImageKind } from '../model/records.js';
import type { Side } from '../model/types.js';
import type { DuelFilter, DuelRows } from './port.js';
import { encodeCount, encodeFlags, encodeText, FEATURE_COLUMNS, toClosedDuel, toDuel, toDrawingFacts, toEntry, toFeatures } from './row-codecs.js';
import { inSlices, placeholders, type Sql } from './sql.js';

/** The WHERE clause of a duel filter over the duels table aliased `alias`. */
export function duelWhere(f: DuelFilter, alias = 'd'): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.platform) (parts.push(`${alias}.platform = ?`), params.push(f.platform));
  if (f.community) (parts.push(`${alias}.community = ?`), params.push(f.community));
  if (f.channel) (parts.push(`${alias}.channel = ?`), params.push(f.channel));
  if (f.since !== undefined) (parts.push(`${alias}.created_at >= ?`), params.push(f.since));
  if (f.contender) (parts.push(`(${alias}.a_spec = ? OR ${alias}.b_spec = ?)`), params.push(f.contender, f.contender));
  if (f.statuses?.length) (parts.push(`${alias}.status IN (${f.statuses.map(() => '?').join(',')})`), params.push(...f.statuses));
  // Category names are [a-z-] only (core/categories): no LIKE wildcard can reach the pattern, and any other name matches nothing.
  if (f.category !== undefined) {
    if (/^[a-z][a-z-]*$/.test(f.category)) (parts.push(`(',' || ${alias}.categories || ',') LIKE ?`), params.push(`%,${f.category},%`));
    else parts.push('1 = 0');
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Lifecycle of a duel row: insert, find, move through generating → open → closed. */
function duelLifecycle(sql: Sql): Pick<DuelRows, 'insertDuel' | 'getDuel' | 'findByMessage' | 'setMessageRef' | 'finishGeneration' | 'markRevealed' | 'unrevealed' | 'markClosed'> {
  const one = async (text: string, ...params: unknown[]) => {
    const r = await sql.get(text, params);
    return r ? toDuel(r) : undefined;
  };
  return {
    insertDuel: async (d: DuelRecord) =>
      void (await sql.run(
        `INSERT INTO duels (id, platform, community, channel, message_ref, author, prompt, a_spec, b_spec, created_at, closes_at, closed_at, status, flags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [d.id, d.platform, d.community, d.channel, d.messageRef, d.author, d.prompt, d.aSpec, d.bSpec, d.createdAt, d.closesAt, d.closedAt, d.status, encodeFlags(d.flags)],
      )),
    getDuel: (id) => one('SELECT * FROM duels WHERE id = ?', id),
    findByMessage: (platform, ref) => one('SELECT * FROM duels WHERE platform = ? AND message_ref = ?', platform, ref),
    setMessageRef: async (id, ref) => void (await sql.run('UPDATE duels SET message_ref = ? WHERE id = ?', [ref, id])),
    // A no-contest duel is shown as such when posted: there is no later reveal to deliver.
    finishGeneration: async (id, status, closesAt, flags, closedAt) =>
      (await sql.run(`UPDATE duels SET status = ?, closes_at = ?, flags = ?, closed_at = ?, revealed_at = ? WHERE id = ? AND status = 'generating'`, [
        status,
        closesAt,
        encodeFlags(flags),
        closedAt,
        status === 'no-contest' ? closedAt : null,
        id,
      ])) === 1,
    markRevealed: async (id, at) => void (await sql.run('UPDATE duels SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL', [at, id])),
    unrevealed: async (platform) => (await sql.all(`SELECT * FROM duels WHERE platform = ? AND status = 'closed' AND revealed_at IS NULL ORDER BY closed_at`, [platform])).map(toDuel),
    // Never between a vote's read of the duel and its write (see runExclusive).
    markClosed: async (id, at) => (await sql.runExclusive(`UPDATE duels SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`, [at, id])) === 1,
  };
}

/**
 * Closed duels with their tallies. The votes are summed per duel in a subquery (not a GROUP BY
 * over the joined facts, which PostgreSQL refuses); the author's own early vote is looked up per duel.
 */
const CLOSED_DUELS = (where: string) => `
  SELECT d.id, d.a_spec, d.b_spec, d.closed_at, d.flags, d.status, d.categories,
    ${FEATURE_COLUMNS('fa', 'a_')}, ${FEATURE_COLUMNS('fb', 'b_')},
    COALESCE(t.a, 0) AS "A", COALESCE(t.b, 0) AS "B", COALESCE(t.tie, 0) AS tie, COALESCE(t.bad, 0) AS bad,
    CASE WHEN d.closed_at < d.closes_at
      AND NOT EXISTS (SELECT 1 FROM voter_flags f WHERE f.voter = d.author AND f.state = 'flagged')
      THEN (SELECT v.choice FROM votes v WHERE v.duel_id = d.id AND v.voter = d.author) END AS author_early
  FROM duels d
    LEFT JOIN (SELECT duel_id,
        SUM(CASE WHEN choice = 'A' THEN 1 ELSE 0 END) AS a, SUM(CASE WHEN choice = 'B' THEN 1 ELSE 0 END) AS b,
        SUM(CASE WHEN choice = 'tie' THEN 1 ELSE 0 END) AS tie, SUM(CASE WHEN choice = 'bad' THEN 1 ELSE 0 END) AS bad
      FROM votes GROUP BY duel_id) t ON t.duel_id = d.id
    LEFT JOIN drawing_facts fa ON fa.duel_id = d.id AND fa.side = 'A'
    LEFT JOIN drawing_facts fb ON fb.duel_id = d.id AND fb.side = 'B'
  ${where ? `${where} AND` : 'WHERE'} d.status IN ('closed', 'no-contest')
  ORDER BY d.closed_at, d.id`;

/** Questions asked of many duels: counts, lists, the closed ones with their tallies. */
function duelQueries(sql: Sql): Pick<DuelRows, 'countGenerating' | 'lastDuelBy' | 'openDuels' | 'listDuels' | 'closedDuels' | 'closedDuelPrompts' | 'pairCounts'> {
  return {
    countGenerating: async (platform, community) =>
      (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM duels WHERE status = 'generating' AND platform = ? AND community = ?`, [platform, community]))!.n,
    lastDuelBy: async (author) => {
      const r = await sql.get('SELECT * FROM duels WHERE author = ? ORDER BY created_at DESC LIMIT 1', [author]);
      return r ? toDuel(r) : undefined;
    },
    openDuels: async (platform) =>
      (platform
        ? await sql.all(`SELECT * FROM duels WHERE status = 'open' AND platform = ? ORDER BY closes_at`, [platform])
        : await sql.all(`SELECT * FROM duels WHERE status = 'open' ORDER BY closes_at`)
      ).map(toDuel),
    listDuels: async (f, limit, offset) => {
      const w = duelWhere(f);
      const total = (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM duels d ${w.sql}`, w.params))!.n;
      const rows = await sql.all(`SELECT * FROM duels d ${w.sql} ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`, [...w.params, limit, offset]);
      return { duels: rows.map(toDuel), total };
    },
    closedDuels: async (f) => {
      const w = duelWhere(f);
      return (await sql.all(CLOSED_DUELS(w.sql), w.params)).map(toClosedDuel);
    },
    closedDuelPrompts: async (ids) => {
      if (ids.length === 0) return [];
      const wanted = new Set(ids);
      const rows = await sql.all<{ id: string; platform: string; community: string; prompt: string }>(`SELECT id, platform, community, prompt FROM duels WHERE status = 'closed'`);
      return rows.filter((r) => wanted.has(r.id));
    },
    pairCounts: () => sql.all<{ a: string; b: string; n: number }>(`SELECT a_spec AS a, b_spec AS b, COUNT(*) AS n FROM duels WHERE status != 'no-contest' GROUP BY a_spec, b_spec`),
  };
}

/** An upsert of every column of a row with its key (INSERT OR REPLACE, in SQL both engines take). */
function upsert(table: string, key: readonly string[], columns: readonly string[]): string {
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)}) ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

const ENTRY_COLUMNS = ['duel_id', 'side', 'spec', 'label', 'raw_text', 'svg', 'ok', 'error', 'error_kind', 'ms', 'input_tokens', 'output_tokens'];
// frame_ms is listed so a replaced entry forgets the old drawing's measured frame time.
const FACT_COLUMNS = ['duel_id', 'side', 'ok', 'error', 'animated', 'width', 'height', 'bytes', 'elements', 'colors', 'text_chars', 'frame_ms'];

/** Each side's entry and the duel's images. */
function entryRows(sql: Sql): Pick<DuelRows, 'putEntry' | 'entries' | 'activity' | 'recentDraws' | 'putImage' | 'image'> {
  return {
    putEntry: (e: EntryRecord) =>
      sql.transaction(async () => {
        const ok = e.ok ? 1 : 0;
        const [rawText, svg, error] = [encodeText(e.rawText), encodeText(e.svg), encodeText(e.error)];
        await sql.run(upsert('entries', ['duel_id', 'side'], ENTRY_COLUMNS), [
          ...[e.duelId, e.side, e.spec, e.label, rawText, svg, ok, error, e.errorKind, e.ms],
          ...[encodeCount(e.tokens.input), encodeCount(e.tokens.output)],
        ]);
        const features = e.facts?.features;
        await sql.run(upsert('drawing_facts', ['duel_id', 'side'], FACT_COLUMNS), [
          ...[e.duelId, e.side, ok, error, e.facts?.animated ? 1 : 0, e.facts?.width ?? null, e.facts?.height ?? null],
          ...[svg === null ? 0 : Buffer.byteLength(svg), features?.elements ?? null, features?.colors ?? null, features?.text ?? null, null],
        ]);
      }),
    entries: async (duelId) => {
      const rows = (await sql.all('SELECT * FROM entries WHERE duel_id = ?', [duelId])).map(toEntry);
      const a = rows.find((e) => e.side === 'A');
      const b = rows.find((e) => e.side === 'B');
      return a && b ? { A: a, B: b } : undefined;
    },
    activity: async (f) => {
      const w = duelWhere({ ...f, statuses: ['closed', 'no-contest'] });
      // The token counts sit before raw_text and svg in an entries row: reading them never touches the drawing.
      const text = `SELECT e.spec, e.ok, e.ms, e.input_tokens, e.output_tokens, ${FEATURE_COLUMNS('f', '')}
        FROM entries e JOIN duels d ON d.id = e.duel_id
        LEFT JOIN drawing_facts f ON f.duel_id = e.duel_id AND f.side = e.side ${w.sql}`;
      return (await sql.all(text, w.params)).map((r) => ({
        spec: r.spec as string,
        ok: r.ok === 1,
        ms: (r.ms as number | null) ?? null,
        tokensIn: (r.input_tokens as number | null) ?? null,
        tokensOut: (r.output_tokens as number | null) ?? null,
        features: r.ok === 1 ? toFeatures(r, '') : null,
      }));
    },
    recentDraws: async (spec, limit) =>
      (
        await sql.all<{ ok: number; at: number }>(
          `SELECT e.ok AS ok, d.created_at AS at FROM entries e JOIN duels d ON d.id = e.duel_id
           WHERE e.spec = ? AND COALESCE(e.error_kind, '') != 'aborted'
           ORDER BY d.created_at DESC, d.id DESC LIMIT ?`,
          [spec, limit],
        )
      ).map((r) => ({ ok: r.ok === 1, at: r.at })),
    putImage: async (duelId, kind, data) => void (await sql.run(upsert('images', ['duel_id', 'kind'], ['duel_id', 'kind', 'png']), [duelId, kind, data])),
    image: async (duelId, kind) => (await sql.get<{ png: Buffer }>('SELECT png FROM images WHERE duel_id = ? AND kind = ?', [duelId, kind]))?.png,
  };
}

/** The facts kept beside each drawing: never the svg or raw_text columns, which may be megabytes. */
function drawingFactRows(sql: Sql): Pick<DuelRows, 'drawingFacts' | 'setFrameMs' | 'imageKinds'> {
  return {
    drawingFacts: async (duelIds) => {
      const facts = new Map<string, Record<Side, DrawingFacts>>();
      const rows = await inSlices(duelIds, (ids) =>
        sql.all(
          // spec and label come before raw_text and svg in an entries row: reading them never touches the drawing.
          `SELECT f.duel_id, f.side, e.spec, e.label, f.ok, f.error, f.animated, f.width, f.height, f.bytes, f.frame_ms
           FROM drawing_facts f JOIN entries e ON e.duel_id = f.duel_id AND e.side = f.side
           WHERE f.duel_id IN (${placeholders(ids.length)})`,
          ids,
        ),
      );
      const bySide = new Map<string, Partial<Record<Side, DrawingFacts>>>();
      for (const r of rows) {
        const f = toDrawingFacts(r);
        bySide.set(r.duel_id as string, { ...bySide.get(r.duel_id as string), [f.side]: f });
      }
      for (const [id, sides] of bySide) if (sides.A && sides.B) facts.set(id, { A: sides.A, B: sides.B });
      return facts;
    },
    imageKinds: async (duelId) => (await sql.all<{ kind: ImageKind }>('SELECT kind FROM images WHERE duel_id = ?', [duelId])).map((r) => r.kind),
    setFrameMs: async (duelId, ms) => void (await sql.run('UPDATE drawing_facts SET frame_ms = ? WHERE duel_id = ? AND animated = 1', [ms, duelId])),
  };
}

export function duelRows(sql: Sql): DuelRows {
  return { ...duelLifecycle(sql), ...duelQueries(sql), ...entryRows(sql), ...drawingFactRows(sql) };
}
