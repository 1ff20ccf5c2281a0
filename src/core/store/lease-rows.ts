/**
 * Owners and leases of duels being drawn, and claims on reveals (LeaseRows of the Store port), for
 * both engines: each claim is one conditional UPDATE whose WHERE decides who wins, so of two
 * processes claiming at once exactly one changes the row.
 *
 * Times are the processes' own clocks (epoch ms): processes on several machines need their clocks
 * kept within a few seconds of each other (NTP), well inside the 30 s lease.
 */
import type { LeaseRows } from './port.js';
import type { Sql } from './sql.js';

export function leaseRows(sql: Sql): LeaseRows {
  return {
    takeLease: async (id, owner, until) => void (await sql.run(`UPDATE duels SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'generating'`, [owner, until, id])),
    renewLeases: (owner, until) => sql.run(`UPDATE duels SET lease_until = ? WHERE lease_owner = ? AND status = 'generating'`, [until, owner]),
    abandonExpired: (at, filter) => {
      const platform = filter.platform ? 'AND platform = ?' : '';
      const params: unknown[] = [at, at, at, filter.createdBefore, ...(filter.platform ? [filter.platform] : [])];
      // A NULL lease is a row from before leases: the age rule. `lease_until < ?` is never true of NULL.
      return sql.run(
        `UPDATE duels SET status = 'no-contest', closed_at = ?, revealed_at = ?
         WHERE status = 'generating' AND (lease_until < ? OR (lease_until IS NULL AND created_at < ?)) ${platform}`,
        params,
      );
    },
    claimReveal: async (id, owner, at, until) =>
      (await sql.run(
        `UPDATE duels SET reveal_owner = ?, reveal_claim_until = ?
         WHERE id = ? AND status = 'closed' AND revealed_at IS NULL
           AND (reveal_owner IS NULL OR reveal_owner = ? OR reveal_claim_until < ?)`,
        [owner, until, id, owner, at],
      )) === 1,
    releaseReveal: async (id, owner) => void (await sql.run(`UPDATE duels SET reveal_owner = NULL, reveal_claim_until = NULL WHERE id = ? AND reveal_owner = ?`, [id, owner])),
  };
}
