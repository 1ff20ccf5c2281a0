/** `duel export [--format csv|jsonl]`: every closed duel with its prompt and votes, for publishing. */
import { DRAWING_FEATURE_NAMES, type DrawingFeatures } from '../core/model/drawing-features.js';
import { shareOfA } from '../core/ratings/vote-share.js';
import type { Store } from '../core/store/port.js';
import { out, parse, UsageError } from './args.js';

const USAGE = 'duel export [--format csv|jsonl]';

/**
 * Control characters a terminal acts on (ESC sequences can set the window title, write the
 * clipboard with OSC 52, clear the screen; CR overwrites a line; C1 holds 8-bit CSI and OSC).
 * New prompts cannot hold them (core/duel/prompt-text.ts), but rows stored before that rule may:
 * the export writes each as its `\u001B` code, so nothing raw reaches the admin's terminal.
 * Tabs and line breaks stay (a CSV cell quotes them).
 */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

const escapedCode = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Text with every terminal control character written as its code. */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROL, escapedCode);
}

/** One JSON line: JSON already escapes C0 controls; DEL and C1 it leaves raw, so they are escaped too (still valid JSON). */
function jsonLine(row: unknown): string {
  return JSON.stringify(row).replace(/[\u007F-\u009F]/g, escapedCode);
}

function csvCell(v: unknown): string {
  let s = terminalSafe(v === null || v === undefined ? '' : String(v));
  // A prompt like `=HYPERLINK(...)` must not run as a formula when the export opens in a spreadsheet.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportRows(store: Store) {
  const closed = await store.closedDuels({});
  const full = await Promise.all(closed.map((d) => store.getDuel(d.id)));
  return closed.map((d, i) => {
    const { platform, community, channel, prompt } = full[i]!;
    return {
      id: d.id,
      platform,
      community,
      channel,
      prompt,
      a: d.aSpec,
      b: d.bSpec,
      votes: { A: d.A, B: d.B, tie: d.tie, bad: d.bad },
      outcome: d.status === 'closed' ? shareOfA(d) : null,
      status: d.status,
      flags: d.flags,
      categories: d.categories,
      closed_at: new Date(d.closedAt).toISOString(),
      // Each side's drawing features (style control reads them back from a_<name>/b_<name>); null while not measured.
      features: d.features,
    };
  });
}

export async function exportCommand(argv: string[], store: Store): Promise<number> {
  const { values } = parse(argv, { format: { type: 'string', default: 'jsonl' } }, USAGE);
  const rows = await exportRows(store);
  if (values.format === 'jsonl') {
    for (const r of rows) out(jsonLine(r));
  } else if (values.format === 'csv') {
    const featureColumns = (['a', 'b'] as const).flatMap((side) => DRAWING_FEATURE_NAMES.map((name) => `${side}_${name}`));
    out(['id,platform,community,channel,prompt,a,b,votes_a,votes_b,votes_tie,votes_bad,outcome,status,flags,categories,closed_at', ...featureColumns].join(','));
    const featureCells = (f: DrawingFeatures | undefined) => DRAWING_FEATURE_NAMES.map((name) => f?.[name] ?? null);
    for (const r of rows) {
      out(
        [r.id, r.platform, r.community, r.channel, r.prompt, r.a, r.b, r.votes.A, r.votes.B, r.votes.tie, r.votes.bad, r.outcome, r.status, r.flags.join(' '), r.categories.join(' '), r.closed_at]
          .concat(featureCells(r.features?.A), featureCells(r.features?.B))
          .map(csvCell)
          .join(','),
      );
    }
  } else {
    throw new UsageError(`--format is "${values.format}": use csv or jsonl\nusage: ${USAGE}`);
  }
  return 0;
}
