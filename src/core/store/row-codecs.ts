/** Rows to records and back: one encoding per column, written once (the flags list, booleans, JSON evidence). */
import type { DrawingFacts, DuelRecord, EntryRecord, VoterEvidence, VoterFlag } from '../model/records.js';
import type { Choice, DuelFlag, DuelStatus, Platform, Side } from '../model/types.js';
import type { DrawingFeatures } from '../model/drawing-features.js';
import type { ClosedDuelRow } from './port.js';
import type { Row } from './sql.js';

export type { Row };

/** The `flags` column: a comma-separated list, '' for none. */
export function encodeFlags(flags: readonly DuelFlag[]): string {
  return flags.join(',');
}

export function decodeFlags(column: unknown): DuelFlag[] {
  return column ? ((column as string).split(',') as DuelFlag[]) : [];
}

/** SQL that is true when the `flags` column of `alias` holds `flag`. */
export function hasFlagSql(alias: string, flag: DuelFlag): string {
  return `(',' || ${alias}.flags || ',') LIKE '%,${flag},%'`;
}

/**
 * A count column (`input_tokens`, `output_tokens`): a non-negative whole number, or NULL for
 * unknown. The contenders already check what a model sends; this is the store's own guard, so a
 * value of another type can never reach the driver (which throws on it and would sink the duel).
 */
export function encodeCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * Text from outside (a model's reply, its drawing, a provider's error message): PostgreSQL's TEXT
 * cannot hold U+0000, which SQLite's keeps, so a reply carrying one would fail its duel on
 * PostgreSQL only. Written as U+FFFD on both engines, so both keep the same text.
 */
export function encodeText(value: string | null): string | null {
  return value === null ? null : value.replace(/\u0000/g, '\uFFFD');
}

export function toDuel(r: Row): DuelRecord {
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
    flags: decodeFlags(r.flags),
  };
}

export function toEntry(r: Row): EntryRecord {
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

export function toDrawingFacts(r: Row): DrawingFacts {
  return {
    side: r.side as Side,
    spec: r.spec as string,
    label: r.label as string,
    ok: r.ok === 1,
    error: (r.error as string | null) ?? null,
    animated: r.animated === 1,
    width: (r.width as number | null) ?? null,
    height: (r.height as number | null) ?? null,
    bytes: (r.bytes as number | null) ?? 0,
    frameMs: (r.frame_ms as number | null) ?? null,
  };
}

export function toVoterFlag(r: Row): VoterFlag {
  return {
    voter: r.voter as string,
    state: r.state as VoterFlag['state'],
    votes: r.votes as number,
    evidence: JSON.parse(r.evidence as string) as VoterEvidence,
    flaggedAt: r.flagged_at as number,
    clearedAt: (r.cleared_at as number | null) ?? null,
    clearedBy: (r.cleared_by as string | null) ?? null,
  };
}

/** The `categories` column: NULL (not sorted yet) or '' for none, else a comma-separated list. */
export function encodeCategories(categories: readonly string[]): string {
  return [...new Set(categories)].sort().join(',');
}

export function decodeCategories(column: unknown): string[] {
  return column ? (column as string).split(',') : [];
}

/** The drawing_facts columns of the features, from the table aliased `alias`, named `<prefix><column>`. */
export function FEATURE_COLUMNS(alias: string, prefix: string): string {
  return ['bytes', 'elements', 'colors', 'animated', 'text_chars'].map((c) => `${alias}.${c} AS ${prefix}${c}`).join(', ');
}

/** A drawing's features from columns named by FEATURE_COLUMNS; null while not measured. */
export function toFeatures(r: Row, prefix: string): DrawingFeatures | null {
  const elements = r[`${prefix}elements`];
  if (elements === null || elements === undefined) return null;
  return {
    bytes: (r[`${prefix}bytes`] as number | null) ?? 0,
    elements: elements as number,
    colors: (r[`${prefix}colors`] as number | null) ?? 0,
    animated: r[`${prefix}animated`] === 1 ? 1 : 0,
    text: (r[`${prefix}text_chars`] as number | null) ?? 0,
  };
}

/** Both sides' features, or null unless both are measured. */
export function bothFeatures(r: Row): Record<Side, DrawingFeatures> | null {
  const A = toFeatures(r, 'a_');
  const B = toFeatures(r, 'b_');
  return A && B ? { A, B } : null;
}

/** A closed duel with its tallies, from the columns CLOSED_DUELS (duel-rows.ts) names. */
export function toClosedDuel(r: Row): ClosedDuelRow {
  return {
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
  };
}
