/** SQLite: the `duels`, `entries` and `images` tables (DuelRows of the Store port). */
import type { DrawingFacts, DuelRecord, EntryRecord, ImageKind } from '../model/records.js';
import type { Choice, DuelStatus, Side } from '../model/types.js';
import type { ClosedDuelRow, DuelFilter, DuelRows, Synchronous } from './port.js';
import { bothFeatures, decodeCategories, decodeFlags, encodeCount, encodeFlags, FEATURE_COLUMNS, toDuel, toDrawingFacts, toEntry, toFeatures, type Row } from './sqlite-codecs.js';
import type { SqliteConnection } from './sqlite-connection.js';

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
    else parts.push('0');
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Lifecycle of a duel row: insert, find, move through generating → open → closed. */
function duelLifecycle(sql: SqliteConnection): Pick<Synchronous<DuelRows>, 'insertDuel' | 'getDuel' | 'findByMessage' | 'setMessageRef' | 'finishGeneration' | 'markRevealed' | 'unrevealed' | 'markClosed' | 'abandonGenerating'> {
  const one = (text: string, ...params: unknown[]) => {
    const r = sql.stmt(text).get(...params) as Row | undefined;
    return r ? toDuel(r) : undefined;
  };
  return {
    insertDuel: (d: DuelRecord) =>
      void sql
        .stmt(
          `INSERT INTO duels (id, platform, community, channel, message_ref, author, prompt, a_spec, b_spec,
             created_at, closes_at, closed_at, status, flags)
           VALUES (@id, @platform, @community, @channel, @messageRef, @author, @prompt, @aSpec, @bSpec,
             @createdAt, @closesAt, @closedAt, @status, @flags)`,
        )
        .run({ ...d, flags: encodeFlags(d.flags) }),
    getDuel: (id) => one('SELECT * FROM duels WHERE id = ?', id),
    findByMessage: (platform, ref) => one('SELECT * FROM duels WHERE platform = ? AND message_ref = ?', platform, ref),
    setMessageRef: (id, ref) => void sql.stmt('UPDATE duels SET message_ref = ? WHERE id = ?').run(ref, id),
    // A no-contest duel is shown as such when posted: there is no later reveal to deliver.
    finishGeneration: (id, status, closesAt, flags, closedAt) =>
      sql
        .stmt(`UPDATE duels SET status = ?, closes_at = ?, flags = ?, closed_at = ?, revealed_at = ? WHERE id = ? AND status = 'generating'`)
        .run(status, closesAt, encodeFlags(flags), closedAt, status === 'no-contest' ? closedAt : null, id).changes === 1,
    markRevealed: (id, at) => void sql.stmt('UPDATE duels SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL').run(at, id),
    unrevealed: (platform) =>
      (sql.stmt(`SELECT * FROM duels WHERE platform = ? AND status = 'closed' AND revealed_at IS NULL ORDER BY closed_at`).all(platform) as Row[]).map(toDuel),
    markClosed: (id, at) => sql.stmt(`UPDATE duels SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`).run(at, id).changes === 1,
    abandonGenerating: (at, filter) => {
      const platform = filter.platform ? 'AND platform = ?' : '';
      const params: unknown[] = [at, at, filter.createdBefore, ...(filter.platform ? [filter.platform] : [])];
      return sql.stmt(`UPDATE duels SET status = 'no-contest', closed_at = ?, revealed_at = ? WHERE status = 'generating' AND created_at < ? ${platform}`).run(...params).changes;
    },
  };
}

/** Questions asked of many duels: counts, lists, the closed ones with their tallies. */
function duelQueries(sql: SqliteConnection): Pick<Synchronous<DuelRows>, 'countGenerating' | 'lastDuelBy' | 'openDuels' | 'listDuels' | 'closedDuels' | 'closedDuelPrompts' | 'pairCounts'> {
  return {
    countGenerating: (platform, community) =>
      (sql.stmt(`SELECT COUNT(*) AS n FROM duels WHERE status = 'generating' AND platform = ? AND community = ?`).get(platform, community) as { n: number }).n,
    lastDuelBy: (author) => {
      const r = sql.stmt('SELECT * FROM duels WHERE author = ? ORDER BY created_at DESC LIMIT 1').get(author) as Row | undefined;
      return r ? toDuel(r) : undefined;
    },
    openDuels: (platform) =>
      ((platform
        ? sql.stmt(`SELECT * FROM duels WHERE status = 'open' AND platform = ? ORDER BY closes_at`).all(platform)
        : sql.stmt(`SELECT * FROM duels WHERE status = 'open' ORDER BY closes_at`).all()) as Row[]).map(toDuel),
    listDuels: (f, limit, offset) => {
      const w = duelWhere(f);
      const total = (sql.stmt(`SELECT COUNT(*) AS n FROM duels d ${w.sql}`).get(...w.params) as { n: number }).n;
      const rows = sql.stmt(`SELECT * FROM duels d ${w.sql} ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as Row[];
      return { duels: rows.map(toDuel), total };
    },
    closedDuels: (f) => {
      const w = duelWhere(f);
      const text = `
        SELECT d.id, d.a_spec, d.b_spec, d.closed_at, d.flags, d.status, d.categories,
          ${FEATURE_COLUMNS('fa', 'a_')}, ${FEATURE_COLUMNS('fb', 'b_')},
          COALESCE(SUM(v.choice = 'A'), 0) AS A, COALESCE(SUM(v.choice = 'B'), 0) AS B,
          COALESCE(SUM(v.choice = 'tie'), 0) AS tie, COALESCE(SUM(v.choice = 'bad'), 0) AS bad,
          MAX(CASE WHEN v.voter = d.author AND d.closed_at < d.closes_at
            AND NOT EXISTS (SELECT 1 FROM voter_flags f WHERE f.voter = d.author AND f.state = 'flagged')
            THEN v.choice END) AS author_early
        FROM duels d LEFT JOIN votes v ON v.duel_id = d.id
          LEFT JOIN drawing_facts fa ON fa.duel_id = d.id AND fa.side = 'A'
          LEFT JOIN drawing_facts fb ON fb.duel_id = d.id AND fb.side = 'B'
        ${w.sql ? `${w.sql} AND` : 'WHERE'} d.status IN ('closed', 'no-contest')
        GROUP BY d.id ORDER BY d.closed_at, d.id`;
      return (sql.stmt(text).all(...w.params) as Row[]).map(
        (r): ClosedDuelRow => ({
          id: r.id as string,
          aSpec: r.a_spec as string,
          bSpec: r.b_spec as string,
          closedAt: r.closed_at as number,
          flags: decodeFlags(r.flags),
          status: r.status as DuelStatus,
          A: r.A as number,
          B: r.B as number,
          tie: r.tie as number,
          bad: r.bad as number,
          authorEarlyVote: (r.author_early as Choice | null) ?? null,
          features: bothFeatures(r),
          categories: decodeCategories(r.categories),
        }),
      );
    },
    closedDuelPrompts: (ids) => {
      if (ids.length === 0) return [];
      const wanted = new Set(ids);
      const rows = sql.stmt(`SELECT id, platform, community, prompt FROM duels WHERE status = 'closed'`).all() as Array<{ id: string; platform: string; community: string; prompt: string }>;
      return rows.filter((r) => wanted.has(r.id));
    },
    pairCounts: () =>
      sql.stmt(`SELECT a_spec AS a, b_spec AS b, COUNT(*) AS n FROM duels WHERE status != 'no-contest' GROUP BY a_spec, b_spec`).all() as Array<{ a: string; b: string; n: number }>,
  };
}

/** Each side's entry and the duel's images. */
function entryRows(sql: SqliteConnection): Pick<Synchronous<DuelRows>, 'putEntry' | 'entries' | 'activity' | 'recentDraws' | 'putImage' | 'image'> {
  return {
    putEntry: (e: EntryRecord) => {
      sql
        .stmt(
          `INSERT OR REPLACE INTO entries (duel_id, side, spec, label, raw_text, svg, ok, error, error_kind, ms, input_tokens, output_tokens)
           VALUES (@duelId, @side, @spec, @label, @rawText, @svg, @ok, @error, @errorKind, @ms, @input, @output)`,
        )
        .run({ ...e, ok: e.ok ? 1 : 0, input: encodeCount(e.tokens.input), output: encodeCount(e.tokens.output) });
      sql
        .stmt(
          `INSERT OR REPLACE INTO drawing_facts (duel_id, side, ok, error, animated, width, height, bytes, elements, colors, text_chars)
           VALUES (@duelId, @side, @ok, @error, @animated, @width, @height, @bytes, @elements, @colors, @text)`,
        )
        .run({
          duelId: e.duelId,
          side: e.side,
          ok: e.ok ? 1 : 0,
          error: e.error,
          animated: e.facts?.animated ? 1 : 0,
          width: e.facts?.width ?? null,
          height: e.facts?.height ?? null,
          bytes: e.svg === null ? 0 : Buffer.byteLength(e.svg),
          elements: e.facts?.features?.elements ?? null,
          colors: e.facts?.features?.colors ?? null,
          text: e.facts?.features?.text ?? null,
        });
    },
    entries: (duelId) => {
      const rows = (sql.stmt('SELECT * FROM entries WHERE duel_id = ?').all(duelId) as Row[]).map(toEntry);
      const a = rows.find((e) => e.side === 'A');
      const b = rows.find((e) => e.side === 'B');
      return a && b ? { A: a, B: b } : undefined;
    },
    activity: (f) => {
      const w = duelWhere({ ...f, statuses: ['closed', 'no-contest'] });
      // The token counts sit before raw_text and svg in an entries row: reading them never touches the drawing.
      const text = `SELECT e.spec, e.ok, e.ms, e.input_tokens, e.output_tokens, ${FEATURE_COLUMNS('f', '')}
        FROM entries e JOIN duels d ON d.id = e.duel_id
        LEFT JOIN drawing_facts f ON f.duel_id = e.duel_id AND f.side = e.side ${w.sql}`;
      return (sql.stmt(text).all(...w.params) as Row[]).map((r) => ({
        spec: r.spec as string,
        ok: r.ok === 1,
        ms: (r.ms as number | null) ?? null,
        tokensIn: (r.input_tokens as number | null) ?? null,
        tokensOut: (r.output_tokens as number | null) ?? null,
        features: r.ok === 1 ? toFeatures(r, '') : null,
      }));
    },
    recentDraws: (spec, limit) =>
      (
        sql
          .stmt(
            `SELECT e.ok AS ok, d.created_at AS at FROM entries e JOIN duels d ON d.id = e.duel_id
             WHERE e.spec = ? AND COALESCE(e.error_kind, '') != 'aborted'
             ORDER BY d.created_at DESC, d.id DESC LIMIT ?`,
          )
          .all(spec, limit) as Array<{ ok: number; at: number }>
      ).map((r) => ({ ok: r.ok === 1, at: r.at })),
    putImage: (duelId, kind, data) => void sql.stmt('INSERT OR REPLACE INTO images (duel_id, kind, png) VALUES (?, ?, ?)').run(duelId, kind, data),
    image: (duelId, kind) => (sql.stmt('SELECT png FROM images WHERE duel_id = ? AND kind = ?').get(duelId, kind) as { png: Buffer } | undefined)?.png,
  };
}

/** The facts kept beside each drawing: never the svg or raw_text columns, which may be megabytes. */
function drawingFactRows(sql: SqliteConnection): Pick<Synchronous<DuelRows>, 'drawingFacts' | 'setFrameMs' | 'imageKinds'> {
  return {
    drawingFacts: (duelIds) => {
      const facts = new Map<string, Record<Side, DrawingFacts>>();
      if (duelIds.length === 0) return facts;
      const rows = sql
        .stmt(
          // spec and label come before raw_text and svg in an entries row: reading them never touches the drawing.
          `SELECT f.duel_id, f.side, e.spec, e.label, f.ok, f.error, f.animated, f.width, f.height, f.bytes, f.frame_ms
           FROM drawing_facts f JOIN entries e ON e.duel_id = f.duel_id AND e.side = f.side
           WHERE f.duel_id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(duelIds)) as Row[];
      const bySide = new Map<string, Partial<Record<Side, DrawingFacts>>>();
      for (const r of rows) {
        const f = toDrawingFacts(r);
        bySide.set(r.duel_id as string, { ...bySide.get(r.duel_id as string), [f.side]: f });
      }
      for (const [id, sides] of bySide) if (sides.A && sides.B) facts.set(id, { A: sides.A, B: sides.B });
      return facts;
    },
    imageKinds: (duelId) => (sql.stmt('SELECT kind FROM images WHERE duel_id = ?').all(duelId) as Array<{ kind: ImageKind }>).map((r) => r.kind),
    setFrameMs: (duelId, ms) => void sql.stmt('UPDATE drawing_facts SET frame_ms = ? WHERE duel_id = ? AND animated = 1').run(ms, duelId),
  };
}

export function sqliteDuelRows(sql: SqliteConnection): Synchronous<DuelRows> {
  return { ...duelLifecycle(sql), ...duelQueries(sql), ...entryRows(sql), ...drawingFactRows(sql) };
}
