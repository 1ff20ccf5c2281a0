/**
 * SQLite: owners and leases of duels being drawn, and claims on reveals (LeaseRows of the Store
 * port). Portable SQL on purpose (plain conditional UPDATEs, no SQLite-only syntax), so the
 * PostgreSQL adapter runs the same statements: each claim is one UPDATE whose WHERE decides who wins.
 */
import type { LeaseRows, Synchronous } from './port.js';
import type { SqliteConnection } from './sqlite-connection.js';

export function sqliteLeaseRows(sql: SqliteConnection): Synchronous<LeaseRows> {
  return {
    takeLease: (id, owner, until) =>
      void sql.stmt(`UPDATE duels SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'generating'`).run(owner, until, id),
    renewLeases: (owner, until) =>
      sql.stmt(`UPDATE duels SET lease_until = ? WHERE lease_owner = ? AND status = 'generating'`).run(until, owner).changes,
    abandonExpired: (at, filter) => {
      const platform = filter.platform ? 'AND platform = ?' : '';
      const params: unknown[] = [at, at, at, filter.createdBefore, ...(filter.platform ? [filter.platform] : [])];
      // A NULL lease is a row from before leases: the age rule. `lease_until < ?` is never true of NULL.
      return sql
        .stmt(
          `UPDATE duels SET status = 'no-contest', closed_at = ?, revealed_at = ?
           WHERE status = 'generating' AND (lease_until < ? OR (lease_until IS NULL AND created_at < ?)) ${platform}`,
        )
        .run(...params).changes;
    },
    claimReveal: (id, owner, at, until) =>
      sql
        .stmt(
          `UPDATE duels SET reveal_owner = ?, reveal_claim_until = ?
           WHERE id = ? AND status = 'closed' AND revealed_at IS NULL
             AND (reveal_owner IS NULL OR reveal_owner = ? OR reveal_claim_until < ?)`,
        )
        .run(owner, until, id, owner, at).changes === 1,
    releaseReveal: (id, owner) =>
      void sql.stmt(`UPDATE duels SET reveal_owner = NULL, reveal_claim_until = NULL WHERE id = ? AND reveal_owner = ?`).run(id, owner),
  };
}
