/**
 * PostgreSQL's schema, numbered as SQLite's (migrations.ts): the version a database is at means the
 * same tables on both engines, which test/core/store/schema-parity.test.ts checks column by column.
 * PostgreSQL starts at version 7 with the whole schema in one step: SQLite's first seven
 * migrations shipped before PostgreSQL was supported, and their history (a table rebuilt to widen a
 * CHECK, a backfill from SVG text) has no PostgreSQL database to upgrade. A later migration is
 * appended to both lists under the same number.
 *
 * Types: epoch milliseconds, counts and sizes are BIGINT; times measured in ms and a drawing's
 * width and height may be fractional, DOUBLE PRECISION (SQLite stores either in any column);
 * booleans stay 0/1 INTEGERs so both engines answer the same rows; pictures are BYTEA. Text
 * compares byte by byte (COLLATE "C"), as SQLite's does, whatever the database's locale: rows
 * with equal times are ordered by id the same way on both, so the online Elo's battle order, and
 * so the board, is the same after `duel db copy`.
 */
export const POSTGRES_MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 7,
    sql: `
      CREATE TABLE duels (
        id          TEXT COLLATE "C" PRIMARY KEY,
        platform    TEXT COLLATE "C" NOT NULL,
        community   TEXT COLLATE "C" NOT NULL,
        channel     TEXT COLLATE "C" NOT NULL,
        message_ref TEXT COLLATE "C",
        author      TEXT COLLATE "C" NOT NULL,
        prompt      TEXT COLLATE "C" NOT NULL,
        a_spec      TEXT COLLATE "C" NOT NULL,
        b_spec      TEXT COLLATE "C" NOT NULL,
        created_at  BIGINT NOT NULL,
        closes_at   BIGINT,
        closed_at   BIGINT,
        status      TEXT COLLATE "C" NOT NULL CHECK (status IN ('generating','open','closed','no-contest')),
        flags       TEXT COLLATE "C" NOT NULL DEFAULT '',
        revealed_at BIGINT,
        categories  TEXT COLLATE "C"
      );
      CREATE INDEX duels_status ON duels (status, platform);
      CREATE INDEX duels_created ON duels (created_at);
      CREATE UNIQUE INDEX duels_message ON duels (platform, message_ref) WHERE message_ref IS NOT NULL;
      CREATE INDEX duels_unrevealed ON duels (platform) WHERE revealed_at IS NULL AND status = 'closed';

      CREATE TABLE entries (
        duel_id       TEXT COLLATE "C" NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        side          TEXT COLLATE "C" NOT NULL CHECK (side IN ('A','B')),
        spec          TEXT COLLATE "C" NOT NULL,
        label         TEXT COLLATE "C" NOT NULL,
        raw_text      TEXT COLLATE "C",
        svg           TEXT COLLATE "C",
        ok            INTEGER NOT NULL,
        error         TEXT COLLATE "C",
        error_kind    TEXT COLLATE "C",
        ms            DOUBLE PRECISION,
        input_tokens  BIGINT,
        output_tokens BIGINT,
        PRIMARY KEY (duel_id, side)
      );
      CREATE INDEX entries_spec ON entries (spec);

      CREATE TABLE images (
        duel_id TEXT COLLATE "C" NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        kind    TEXT COLLATE "C" NOT NULL CHECK (kind IN ('A','B','composite','animated')),
        png     BYTEA NOT NULL,
        PRIMARY KEY (duel_id, kind)
      );

      CREATE TABLE votes (
        duel_id TEXT COLLATE "C" NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        voter   TEXT COLLATE "C" NOT NULL,
        choice  TEXT COLLATE "C" NOT NULL CHECK (choice IN ('A','B','tie','bad')),
        at      BIGINT NOT NULL,
        PRIMARY KEY (duel_id, voter)
      );
      CREATE INDEX votes_voter ON votes (voter, at);

      CREATE TABLE events (
        event_id TEXT COLLATE "C" PRIMARY KEY,
        at       BIGINT NOT NULL
      );

      CREATE TABLE settings (
        key   TEXT COLLATE "C" PRIMARY KEY,
        value TEXT COLLATE "C" NOT NULL
      );

      CREATE TABLE rate_tokens (
        kind    TEXT COLLATE "C" NOT NULL,
        subject TEXT COLLATE "C" NOT NULL,
        token   TEXT COLLATE "C" NOT NULL,
        at      BIGINT NOT NULL,
        PRIMARY KEY (kind, subject, token)
      );
      CREATE INDEX rate_tokens_at ON rate_tokens (at);

      CREATE TABLE voter_flags (
        voter      TEXT COLLATE "C" PRIMARY KEY,
        state      TEXT COLLATE "C" NOT NULL CHECK (state IN ('flagged', 'cleared')),
        votes      BIGINT NOT NULL,
        evidence   TEXT COLLATE "C" NOT NULL,
        flagged_at BIGINT NOT NULL,
        cleared_at BIGINT,
        cleared_by TEXT COLLATE "C"
      );

      CREATE TABLE drawing_facts (
        duel_id    TEXT COLLATE "C" NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        side       TEXT COLLATE "C" NOT NULL CHECK (side IN ('A','B')),
        ok         INTEGER NOT NULL,
        error      TEXT COLLATE "C",
        animated   INTEGER NOT NULL DEFAULT 0,
        width      DOUBLE PRECISION,
        height     DOUBLE PRECISION,
        bytes      BIGINT NOT NULL DEFAULT 0,
        frame_ms   DOUBLE PRECISION,
        elements   BIGINT,
        colors     BIGINT,
        text_chars BIGINT,
        PRIMARY KEY (duel_id, side)
      );
      CREATE INDEX drawing_facts_unmeasured ON drawing_facts (duel_id) WHERE ok = 1 AND elements IS NULL;

      CREATE TABLE prompt_categories (
        model      TEXT COLLATE "C" NOT NULL,
        prompt     TEXT COLLATE "C" NOT NULL,
        categories TEXT COLLATE "C" NOT NULL,
        at         BIGINT NOT NULL,
        PRIMARY KEY (model, prompt)
      );
    `,
  },
  {
    // Issue 20, several processes: the same columns as SQLite's migration 8 (read its comment there).
    version: 8,
    sql: `
      ALTER TABLE duels ADD COLUMN lease_owner TEXT COLLATE "C";
      ALTER TABLE duels ADD COLUMN lease_until BIGINT;
      ALTER TABLE duels ADD COLUMN reveal_owner TEXT COLLATE "C";
      ALTER TABLE duels ADD COLUMN reveal_claim_until BIGINT;
    `,
  },
];
