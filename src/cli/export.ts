/** `duel export [--format csv|jsonl]`: every closed duel with its prompt and votes, for publishing. */
import { shareOfA } from '../core/ratings/vote-share.js';
import type { Store } from '../core/store/port.js';
import { out, parse, UsageError } from './args.js';

const USAGE = 'duel export [--format csv|jsonl]';

function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
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
      closed_at: new Date(d.closedAt).toISOString(),
    };
  });
}

export async function exportCommand(argv: string[], store: Store): Promise<number> {
  const { values } = parse(argv, { format: { type: 'string', default: 'jsonl' } }, USAGE);
  const rows = await exportRows(store);
  if (values.format === 'jsonl') {
    for (const r of rows) out(JSON.stringify(r));
  } else if (values.format === 'csv') {
    out('id,platform,community,channel,prompt,a,b,votes_a,votes_b,votes_tie,votes_bad,outcome,status,flags,closed_at');
    for (const r of rows) {
      out(
        [r.id, r.platform, r.community, r.channel, r.prompt, r.a, r.b, r.votes.A, r.votes.B, r.votes.tie, r.votes.bad, r.outcome, r.status, r.flags.join(' '), r.closed_at]
          .map(csvCell)
          .join(','),
      );
    }
  } else {
    throw new UsageError(`--format is "${values.format}": use csv or jsonl\nusage: ${USAGE}`);
  }
  return 0;
}
