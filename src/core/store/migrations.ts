/**
 * Numbered schema migrations. Append only: a migration that has shipped is never edited,
 * so a database from any earlier version upgrades in order on open.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE duels (
        id          TEXT PRIMARY KEY,
        platform    TEXT NOT NULL,
        community   TEXT NOT NULL,
        channel     TEXT NOT NULL,
        message_ref TEXT,
        author      TEXT NOT NULL,
        prompt      TEXT NOT NULL,
        a_spec      TEXT NOT NULL,
        b_spec      TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        closes_at   INTEGER,
        closed_at   INTEGER,
        status      TEXT NOT NULL CHECK (status IN ('generating','open','closed','no-contest')),
        flags       TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX duels_status ON duels (status, platform);
      CREATE INDEX duels_created ON duels (created_at);
      CREATE UNIQUE INDEX duels_message ON duels (platform, message_ref) WHERE message_ref IS NOT NULL;

      CREATE TABLE entries (
        duel_id       TEXT NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        side          TEXT NOT NULL CHECK (side IN ('A','B')),
        spec          TEXT NOT NULL,
        label         TEXT NOT NULL,
        raw_text      TEXT,
        svg           TEXT,
        ok            INTEGER NOT NULL,
        error         TEXT,
        error_kind    TEXT,
        ms            INTEGER,
        input_tokens  INTEGER,
        output_tokens INTEGER,
        PRIMARY KEY (duel_id, side)
      );
      CREATE INDEX entries_spec ON entries (spec);

      CREATE TABLE images (
        duel_id TEXT NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        kind    TEXT NOT NULL CHECK (kind IN ('A','B','composite')),
        png     BLOB NOT NULL,
        PRIMARY KEY (duel_id, kind)
      );

      CREATE TABLE votes (
        duel_id TEXT NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        voter   TEXT NOT NULL,
        choice  TEXT NOT NULL CHECK (choice IN ('A','B','tie','bad')),
        at      INTEGER NOT NULL,
        PRIMARY KEY (duel_id, voter)
      );

      CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        at       INTEGER NOT NULL
      );
    `,
  },
  {
    // Reveals are delivered at least once: a duel closed while its platform was not running (or
    // just before a crash) is revealed when the platform next starts.
    version: 2,
    sql: `
      ALTER TABLE duels ADD COLUMN revealed_at INTEGER;
      UPDATE duels SET revealed_at = closed_at WHERE status IN ('closed', 'no-contest');
      CREATE INDEX duels_unrevealed ON duels (platform) WHERE revealed_at IS NULL AND status = 'closed';
    `,
  },
  {
    // Server secrets made once and kept (the web arena's voter-id signing key), and the web
    // arena's per-address limits, counted here so they hold across restarts and processes.
    version: 3,
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE rate_tokens (
        kind    TEXT NOT NULL,
        subject TEXT NOT NULL,
        token   TEXT NOT NULL,
        at      INTEGER NOT NULL,
        PRIMARY KEY (kind, subject, token)
      );
      CREATE INDEX rate_tokens_at ON rate_tokens (at);
    `,
  },
  {
    // Suspicious voters (src/core/votes/voter-flags.ts): the outlier test's verdict with its evidence, and an
    // admin's clearing, which holds until the voter votes again. Votes by time, for the daily cap.
    version: 4,
    sql: `
      CREATE TABLE voter_flags (
        voter        TEXT PRIMARY KEY,
        state        TEXT NOT NULL CHECK (state IN ('flagged', 'cleared')),
        votes        INTEGER NOT NULL,
        evidence     TEXT NOT NULL,
        flagged_at   INTEGER NOT NULL,
        cleared_at   INTEGER,
        cleared_by   TEXT
      );
      CREATE INDEX votes_voter ON votes (voter, at);
    `,
  },
  {
    // A duel whose drawing animates also keeps its animated composite (a GIF, kind 'animated').
    // SQLite cannot change a CHECK, so the table is rebuilt with its rows.
    version: 5,
    sql: `
      CREATE TABLE images_new (
        duel_id TEXT NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        kind    TEXT NOT NULL CHECK (kind IN ('A','B','composite','animated')),
        png     BLOB NOT NULL,
        PRIMARY KEY (duel_id, kind)
      );
      INSERT INTO images_new (duel_id, kind, png) SELECT duel_id, kind, png FROM images;
      DROP TABLE images;
      ALTER TABLE images_new RENAME TO images;
    `,
  },
  {
    // Drawing facts kept beside each entry (DrawingFacts in model/records.ts), so pages never read or
    // scan SVG text per request. Their own table, not columns on entries: a column added to entries
    // sits after `svg`, and SQLite reaches it only by walking the svg's overflow pages (megabytes
    // per row); `ok` and `error` are kept here for the same reason. Existing rows are backfilled once
    // from their svg: the byte count, and the animation test of src/render/animate/frame.ts written
    // as LIKE patterns (LIKE ignores ASCII case, so it may say "animated" of a few more drawings:
    // they are then shown as a GIF or PNG, never wrongly played). Width and height stay unknown for
    // old rows; frame_ms is measured when the server draws an animation.
    version: 6,
    sql: `
      CREATE TABLE drawing_facts (
        duel_id  TEXT NOT NULL REFERENCES duels(id) ON DELETE CASCADE,
        side     TEXT NOT NULL CHECK (side IN ('A','B')),
        ok       INTEGER NOT NULL,
        error    TEXT,
        animated INTEGER NOT NULL DEFAULT 0,
        width    INTEGER,
        height   INTEGER,
        bytes    INTEGER NOT NULL DEFAULT 0,
        frame_ms REAL,
        PRIMARY KEY (duel_id, side)
      );
      INSERT INTO drawing_facts (duel_id, side, ok, error, animated, bytes)
      SELECT duel_id, side, ok, error,
        CASE WHEN svg IS NOT NULL AND (
          svg LIKE '%<animate%' OR svg LIKE '%<set %' OR svg LIKE '%<set/%' OR svg LIKE '%<set>%'
          OR svg LIKE '%<set' || char(10) || '%' OR svg LIKE '%@keyframes%' OR svg LIKE '%@-webkit-keyframes%'
          OR svg LIKE '%animation:%' OR svg LIKE '%animation :%' OR svg LIKE '%animation-name%'
        ) THEN 1 ELSE 0 END,
        COALESCE(length(CAST(svg AS BLOB)), 0)
      FROM entries;
    `,
  },
  {
    // Issue 19, the board: each drawing's features (DrawingFeatures in model/types.ts) beside its
    // other facts, and each duel's prompt categories. Features need the SVG parsed, which SQL cannot
    // do: they stay NULL here and the engine measures stored drawings once at start, in the render
    // workers (core/board/backfill.ts). `categories` is NULL until the prompt is sorted, '' for none,
    // else a comma-separated list; the model's answers are cached per prompt (and per model).
    version: 7,
    sql: `
      ALTER TABLE drawing_facts ADD COLUMN elements INTEGER;
      ALTER TABLE drawing_facts ADD COLUMN colors INTEGER;
      ALTER TABLE drawing_facts ADD COLUMN text_chars INTEGER;
      CREATE INDEX drawing_facts_unmeasured ON drawing_facts (duel_id) WHERE ok = 1 AND elements IS NULL;
      ALTER TABLE duels ADD COLUMN categories TEXT;
      CREATE TABLE prompt_categories (
        model      TEXT NOT NULL,
        prompt     TEXT NOT NULL,
        categories TEXT NOT NULL,
        at         INTEGER NOT NULL,
        PRIMARY KEY (model, prompt)
      );
    `,
  },
  {
    // Issue 20, several processes on one database. A duel being drawn carries its drawing process
    // (lease_owner) and how long that process vouches for it (lease_until, renewed while it lives):
    // only a duel whose lease ran out is given up, never a live process's. A closed duel's reveal is
    // claimed by the process delivering it (reveal_owner until reveal_claim_until), so two processes
    // never both show it. Rows from before have NULL here and keep the older age rule.
    version: 8,
    sql: `
      ALTER TABLE duels ADD COLUMN lease_owner TEXT;
      ALTER TABLE duels ADD COLUMN lease_until INTEGER;
      ALTER TABLE duels ADD COLUMN reveal_owner TEXT;
      ALTER TABLE duels ADD COLUMN reveal_claim_until INTEGER;
    `,
  },
];
