/**
 * The SQLite store (better-sqlite3, WAL). Every write is a synchronous, committed
 * transaction, so a vote acknowledged to a platform is already on disk.
 * Ratings are never stored: they are recomputed from `votes` every time.
 *
 * Several processes may share one database file (`duel serve` and `duel vote`, say). A writer
 * waits for another one up to BUSY_TIMEOUT_MS instead of failing, and every transaction takes
 * the write lock when it begins (IMMEDIATE): a deferred one that reads and then writes cannot
 * wait for the lock once another process has written meanwhile, and SQLite fails it at once
 * with SQLITE_BUSY ("database is locked").
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import type { DuelRecord, EntryRecord, ImageKind } from '../model/records.js';
import type { Choice, DuelFlag, DuelStatus, Platform, Side } from '../model/types.js';

type Row = Record<string, unknown>;

/** How long a statement waits for another process's write lock before failing, in ms. */
export const BUSY_TIMEOUT_MS = 5_000;

function toDuel(r: Row): DuelRecord {
  return {
    id: r.id as string,
    platform: r.platform as Platform,
    community: r.community as string,
    channel: r.channel as string,
    messageRef: (r.message_ref as string | null) ?? null,
    author: r.author as string,
    prompt: r.prompt as string,
    aSpec: r.a_spec as string,
    bSpec: r.b_spec as string,
    createdAt: r.created_at as number,
    closesAt: (r.closes_at as number | null) ?? null,
    closedAt: (r.closed_at as number | null) ?? null,
    status: r.status as DuelStatus,
    flags: r.flags ? ((r.flags as string).split(',') as DuelFlag[]) : [],
  };
}

function toEntry(r: Row): EntryRecord {
  return {
    duelId: r.duel_id as string,
    side: r.side as Side,
    spec: r.spec as string,
    label: r.label as string,
    rawText: (r.raw_text as string | null) ?? null,
    svg: (r.svg as string | null) ?? null,
    ok: r.ok === 1,
    error: (r.error as string | null) ?? null,
    errorKind: (r.error_kind as string | null) ?? null,
    ms: (r.ms as number | null) ?? null,
    tokens: { input: (r.input_tokens as number | null) ?? null, output: (r.output_tokens as number | null) ?? null },
  };
}

/** A closed, rated-or-not duel with its vote counts, as the ratings need it. */
export interface ClosedDuelRow {
  id: string;
  aSpec: string;
  bSpec: string;
  closedAt: number;
  flags: DuelFlag[];
  status: DuelStatus;
  A: number;
  B: number;
  tie: number;
  bad: number;
}

export interface DuelFilter {
  platform?: Platform;
  community?: string;
  channel?: string;
  /** Epoch ms lower bound on created_at. */
  since?: number;
  contender?: string;
  statuses?: DuelStatus[];
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir never returns where mkdir answers
 * ENOENT for a parent that exists (under /proc it spins forever); here that error is thrown, as
 * is ENOTDIR when a parent is a file, with the failing path in the error.
 */
function ensureFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

export class Store {
  readonly db: Database.Database;
  /** Statements compiled once and reused, by SQL text (the filtered queries have a few shapes each). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string) {
    if (path !== ':memory:') ensureFolder(dirname(path));
    this.db = new Database(path);
    // First, so that even switching to WAL waits for a process that holds the database.
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    for (const m of MIGRATIONS) {
      // The version is read under the write lock: two processes starting at once on a new file
      // must not both apply a migration.
      this.db
        .transaction(() => {
          if ((this.db.pragma('user_version', { simple: true }) as number) >= m.version) return;
          this.db.exec(m.sql);
          this.db.pragma(`user_version = ${m.version}`);
        })
        .immediate();
    }
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Runs `fn` in one transaction that holds the write lock from its start (IMMEDIATE), so a
   * read-then-write waits for another process instead of failing. better-sqlite3 transactions
   * are synchronous; nested calls become savepoints.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  insertDuel(d: DuelRecord): void {
    this.stmt(
        `INSERT INTO duels (id, platform, community, channel, message_ref, author, prompt, a_spec, b_spec,
           created_at, closes_at, closed_at, status, flags)
         VALUES (@id, @platform, @community, @channel, @messageRef, @author, @prompt, @aSpec, @bSpec,
           @createdAt, @closesAt, @closedAt, @status, @flags)`,
      )
      .run({ ...d, flags: d.flags.join(',') });
  }

  getDuel(id: string): DuelRecord | undefined {
    const r = this.stmt('SELECT * FROM duels WHERE id = ?').get(id) as Row | undefined;
    return r ? toDuel(r) : undefined;
  }

  findByMessage(platform: Platform, ref: string): DuelRecord | undefined {
    const r = this.stmt('SELECT * FROM duels WHERE platform = ? AND message_ref = ?').get(platform, ref) as Row | undefined;
    return r ? toDuel(r) : undefined;
  }

  setMessageRef(id: string, ref: string): void {
    this.stmt('UPDATE duels SET message_ref = ? WHERE id = ?').run(ref, id);
  }

  /**
   * Moves a generating duel to open (with its close time) or no-contest. False when the duel was
   * no longer generating (given up as interrupted meanwhile): then nothing changes.
   */
  finishGeneration(id: string, status: 'open' | 'no-contest', closesAt: number | null, flags: DuelFlag[], closedAt: number | null): boolean {
    // A no-contest duel is shown as such when posted: there is no later reveal to deliver.
    return (
      this.stmt(`UPDATE duels SET status = ?, closes_at = ?, flags = ?, closed_at = ?, revealed_at = ? WHERE id = ? AND status = 'generating'`)
        .run(status, closesAt, flags.join(','), closedAt, status === 'no-contest' ? closedAt : null, id).changes === 1
    );
  }

  markRevealed(id: string, at: number): void {
    this.stmt('UPDATE duels SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL').run(at, id);
  }

  /** Closed duels of a platform whose reveal was never shown (closed elsewhere, or a crash in between). */
  unrevealed(platform: Platform): DuelRecord[] {
    const rows = this.stmt(`SELECT * FROM duels WHERE platform = ? AND status = 'closed' AND revealed_at IS NULL ORDER BY closed_at`).all(platform);
    return (rows as Row[]).map(toDuel);
  }

  /** Marks a duel closed; returns false when it was not open (so nothing closes twice). */
  markClosed(id: string, at: number): boolean {
    return this.stmt(`UPDATE duels SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`).run(at, id).changes === 1;
  }

  /**
   * Duels left 'generating' by a crash can never finish: they become no contest. Only those
   * created before `createdBefore` (and of `platform`, when given), so another live process's
   * duels are left alone.
   */
  abandonGenerating(at: number, filter: { createdBefore: number; platform?: string }): number {
    const platform = filter.platform ? 'AND platform = ?' : '';
    const params: unknown[] = [at, at, filter.createdBefore, ...(filter.platform ? [filter.platform] : [])];
    return this.stmt(`UPDATE duels SET status = 'no-contest', closed_at = ?, revealed_at = ? WHERE status = 'generating' AND created_at < ? ${platform}`)
      .run(...params).changes;
  }

  countGenerating(platform: Platform, community: string): number {
    const r = this.stmt(`SELECT COUNT(*) AS n FROM duels WHERE status = 'generating' AND platform = ? AND community = ?`)
      .get(platform, community) as { n: number };
    return r.n;
  }

  lastDuelBy(author: string): DuelRecord | undefined {
    const r = this.stmt('SELECT * FROM duels WHERE author = ? ORDER BY created_at DESC LIMIT 1').get(author) as Row | undefined;
    return r ? toDuel(r) : undefined;
  }

  openDuels(platform?: Platform): DuelRecord[] {
    const rows = platform
      ? this.stmt(`SELECT * FROM duels WHERE status = 'open' AND platform = ? ORDER BY closes_at`).all(platform)
      : this.stmt(`SELECT * FROM duels WHERE status = 'open' ORDER BY closes_at`).all();
    return (rows as Row[]).map(toDuel);
  }

  putEntry(e: EntryRecord): void {
    this.stmt(
        `INSERT OR REPLACE INTO entries (duel_id, side, spec, label, raw_text, svg, ok, error, error_kind, ms, input_tokens, output_tokens)
         VALUES (@duelId, @side, @spec, @label, @rawText, @svg, @ok, @error, @errorKind, @ms, @input, @output)`,
      )
      .run({ ...e, ok: e.ok ? 1 : 0, input: e.tokens.input, output: e.tokens.output });
  }

  entries(duelId: string): Record<Side, EntryRecord> | undefined {
    const rows = (this.stmt('SELECT * FROM entries WHERE duel_id = ?').all(duelId) as Row[]).map(toEntry);
    const a = rows.find((e) => e.side === 'A');
    const b = rows.find((e) => e.side === 'B');
    return a && b ? { A: a, B: b } : undefined;
  }

  /** Store an image of a duel: the sides' PNGs, the composite PNG, or the animated composite GIF ('animated'). */
  putImage(duelId: string, kind: ImageKind, png: Buffer): void {
    this.stmt('INSERT OR REPLACE INTO images (duel_id, kind, png) VALUES (?, ?, ?)').run(duelId, kind, png);
  }

  image(duelId: string, kind: ImageKind): Buffer | undefined {
    const r = this.stmt('SELECT png FROM images WHERE duel_id = ? AND kind = ?').get(duelId, kind) as { png: Buffer } | undefined;
    return r?.png;
  }

  getVote(duelId: string, voter: string): Choice | null {
    const r = this.stmt('SELECT choice FROM votes WHERE duel_id = ? AND voter = ?').get(duelId, voter) as { choice: Choice } | undefined;
    return r?.choice ?? null;
  }

  /** When each voter's stored vote was last set. */
  voteTimes(duelId: string): Map<string, number> {
    const rows = this.stmt('SELECT voter, at FROM votes WHERE duel_id = ?').all(duelId) as Array<{ voter: string; at: number }>;
    return new Map(rows.map((r) => [r.voter, r.at]));
  }

  /** A cheap fingerprint of everything a leaderboard depends on; changes whenever a vote or a close does. */
  ratingsVersion(): string {
    const v = this.stmt('SELECT COUNT(*) AS n, COALESCE(MAX(at), 0) AS at FROM votes').get() as { n: number; at: number };
    const d = this.stmt(`SELECT COUNT(*) AS n, COALESCE(MAX(closed_at), 0) AS at FROM duels WHERE status IN ('closed', 'no-contest')`).get() as { n: number; at: number };
    return `${v.n}:${v.at}:${d.n}:${d.at}`;
  }

  /** Forgets processed event ids older than `before` (platforms redeliver within minutes, not days). */
  pruneEvents(before: number): number {
    return this.stmt('DELETE FROM events WHERE at < ?').run(before).changes;
  }

  setVote(duelId: string, voter: string, choice: Choice, at: number): void {
    this.stmt('INSERT INTO votes (duel_id, voter, choice, at) VALUES (?, ?, ?, ?) ON CONFLICT (duel_id, voter) DO UPDATE SET choice = excluded.choice, at = excluded.at')
      .run(duelId, voter, choice, at);
  }

  deleteVote(duelId: string, voter: string): void {
    this.stmt('DELETE FROM votes WHERE duel_id = ? AND voter = ?').run(duelId, voter);
  }

  votes(duelId: string): Map<string, Choice> {
    const rows = this.stmt('SELECT voter, choice FROM votes WHERE duel_id = ?').all(duelId) as Array<{ voter: string; choice: Choice }>;
    return new Map(rows.map((r) => [r.voter, r.choice]));
  }

  /** Records an event id; false when it was seen before (a redelivery). */
  recordEvent(eventId: string, at: number): boolean {
    return this.stmt('INSERT OR IGNORE INTO events (event_id, at) VALUES (?, ?)').run(eventId, at).changes === 1;
  }

  private where(f: DuelFilter, alias = 'd'): { sql: string; params: unknown[] } {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (f.platform) (parts.push(`${alias}.platform = ?`), params.push(f.platform));
    if (f.community) (parts.push(`${alias}.community = ?`), params.push(f.community));
    if (f.channel) (parts.push(`${alias}.channel = ?`), params.push(f.channel));
    if (f.since !== undefined) (parts.push(`${alias}.created_at >= ?`), params.push(f.since));
    if (f.contender) (parts.push(`(${alias}.a_spec = ? OR ${alias}.b_spec = ?)`), params.push(f.contender, f.contender));
    if (f.statuses?.length) (parts.push(`${alias}.status IN (${f.statuses.map(() => '?').join(',')})`), params.push(...f.statuses));
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }

  /** Closed duels in scope with their vote counts, oldest first (the battle order for online Elo). */
  closedDuels(f: DuelFilter): ClosedDuelRow[] {
    const w = this.where(f);
    const sql = `
      SELECT d.id, d.a_spec, d.b_spec, d.closed_at, d.flags, d.status,
        COALESCE(SUM(v.choice = 'A'), 0) AS A, COALESCE(SUM(v.choice = 'B'), 0) AS B,
        COALESCE(SUM(v.choice = 'tie'), 0) AS tie, COALESCE(SUM(v.choice = 'bad'), 0) AS bad
      FROM duels d LEFT JOIN votes v ON v.duel_id = d.id
      ${w.sql ? `${w.sql} AND` : 'WHERE'} d.status IN ('closed', 'no-contest')
      GROUP BY d.id ORDER BY d.closed_at, d.id`;
    return (this.stmt(sql).all(...w.params) as Row[]).map((r) => ({
      id: r.id as string,
      aSpec: r.a_spec as string,
      bSpec: r.b_spec as string,
      closedAt: r.closed_at as number,
      flags: r.flags ? ((r.flags as string).split(',') as DuelFlag[]) : [],
      status: r.status as DuelStatus,
      A: r.A as number,
      B: r.B as number,
      tie: r.tie as number,
      bad: r.bad as number,
    }));
  }

  /**
   * Per-contender generation activity in scope: attempts, failures, latencies. Revealed duels
   * only: an open duel's latencies would hint at who drew which side.
   */
  activity(f: DuelFilter): Array<{ spec: string; ok: boolean; ms: number | null }> {
    const w = this.where({ ...f, statuses: ['closed', 'no-contest'] });
    const sql = `SELECT e.spec, e.ok, e.ms FROM entries e JOIN duels d ON d.id = e.duel_id ${w.sql}`;
    return (this.stmt(sql).all(...w.params) as Row[]).map((r) => ({ spec: r.spec as string, ok: r.ok === 1, ms: (r.ms as number | null) ?? null }));
  }

  listDuels(f: DuelFilter, limit: number, offset: number): { duels: DuelRecord[]; total: number } {
    const w = this.where(f);
    const total = (this.stmt(`SELECT COUNT(*) AS n FROM duels d ${w.sql}`).get(...w.params) as { n: number }).n;
    const rows = this.stmt(`SELECT * FROM duels d ${w.sql} ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`).all(...w.params, limit, offset) as Row[];
    return { duels: rows.map(toDuel), total };
  }

  /**
   * A server setting made once and kept (e.g. a signing secret): the stored value, or `create()`
   * stored now. Safe when two processes race: the first insert wins and both read it.
   */
  setting(key: string, create: () => string): string {
    this.stmt('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, create());
    return (this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
  }

  /**
   * Rate limiting: records `token` for (kind, subject) unless `limit` distinct tokens already
   * exist since `since`. A token already recorded is free (voting twice on one duel is one vote).
   * True when the action may go ahead. Counting and recording are one transaction.
   */
  takeRateToken(kind: string, subject: string, token: string, limit: number, since: number, at: number): boolean {
    return this.transaction(() => {
      const seen = this.stmt('SELECT 1 FROM rate_tokens WHERE kind = ? AND subject = ? AND token = ? AND at >= ?').get(kind, subject, token, since);
      if (seen) return true;
      const { n } = this.stmt('SELECT COUNT(*) AS n FROM rate_tokens WHERE kind = ? AND subject = ? AND at >= ?').get(kind, subject, since) as { n: number };
      if (n >= limit) return false;
      this.stmt('INSERT OR REPLACE INTO rate_tokens (kind, subject, token, at) VALUES (?, ?, ?, ?)').run(kind, subject, token, at);
      return true;
    });
  }

  /** Gives a token back (the action it paid for did not happen after all). */
  releaseRateToken(kind: string, subject: string, token: string): void {
    this.stmt('DELETE FROM rate_tokens WHERE kind = ? AND subject = ? AND token = ?').run(kind, subject, token);
  }

  /** Forgets rate tokens older than `before`. */
  pruneRateTokens(before: number): number {
    return this.stmt('DELETE FROM rate_tokens WHERE at < ?').run(before).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
