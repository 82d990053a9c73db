/**
 * Numbered schema migrations, applied in order at open, each in its own transaction.
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'meta',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'drift runs',
    sql: `
      CREATE TABLE drift_runs (
        id            INTEGER PRIMARY KEY,
        created_at    INTEGER NOT NULL,
        reference     TEXT NOT NULL,
        current       TEXT NOT NULL,
        feature_count INTEGER NOT NULL,
        drifted_count INTEGER NOT NULL,
        level         TEXT NOT NULL,
        report        TEXT NOT NULL
      ) STRICT;
      CREATE TABLE drift_results (
        run_id  INTEGER NOT NULL REFERENCES drift_runs (id) ON DELETE CASCADE,
        feature TEXT NOT NULL,
        kind    TEXT NOT NULL,
        level   TEXT NOT NULL,
        psi     REAL,
        p_value REAL,
        PRIMARY KEY (run_id, feature)
      ) STRICT;
      CREATE INDEX drift_runs_created ON drift_runs (created_at);
    `,
  },
  {
    version: 3,
    name: 'metric tiers',
    sql: `
      CREATE TABLE metric_series (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE TABLE metric_raw (
        series INTEGER NOT NULL,
        at     INTEGER NOT NULL,
        value  REAL NOT NULL,
        PRIMARY KEY (series, at)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE metric_minute (
        series INTEGER NOT NULL,
        at     INTEGER NOT NULL,
        min    REAL NOT NULL,
        max    REAL NOT NULL,
        sum    REAL NOT NULL,
        count  INTEGER NOT NULL,
        PRIMARY KEY (series, at)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE metric_hour (
        series INTEGER NOT NULL,
        at     INTEGER NOT NULL,
        min    REAL NOT NULL,
        max    REAL NOT NULL,
        sum    REAL NOT NULL,
        count  INTEGER NOT NULL,
        PRIMARY KEY (series, at)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'alerts and outbox',
    sql: `
      CREATE TABLE alerts (
        id                INTEGER PRIMARY KEY,
        identity          TEXT NOT NULL,
        rule              TEXT NOT NULL,
        resource          TEXT,
        severity          TEXT NOT NULL,
        state             TEXT NOT NULL,
        value             REAL,
        threshold         REAL,
        summary           TEXT NOT NULL,
        started_at        INTEGER NOT NULL,
        fired_at          INTEGER,
        resolved_at       INTEGER,
        acknowledged_at   INTEGER,
        acknowledged_until INTEGER,
        escalated_at      INTEGER,
        notified_at       INTEGER
      ) STRICT;
      CREATE UNIQUE INDEX alerts_one_open ON alerts (identity) WHERE state != 'resolved';
      CREATE INDEX alerts_started ON alerts (started_at);
      CREATE TABLE alert_transitions (
        alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        at       INTEGER NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        severity TEXT NOT NULL,
        value    REAL,
        reason   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX alert_transitions_at ON alert_transitions (at);
      CREATE TABLE alert_silences (
        id       INTEGER PRIMARY KEY,
        rule     TEXT,
        resource TEXT,
        until    INTEGER NOT NULL,
        comment  TEXT NOT NULL
      ) STRICT;
      CREATE TABLE alert_outbox (
        id              INTEGER PRIMARY KEY,
        channel         TEXT NOT NULL,
        dedupe_key      TEXT NOT NULL UNIQUE,
        payload         TEXT NOT NULL,
        summary         TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at    INTEGER,
        failed_at       INTEGER,
        last_error      TEXT
      ) STRICT;
      CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
    `,
  },
  {
    version: 5,
    name: 'alert actions',
    sql: `
      CREATE TABLE alert_actions (
        id        INTEGER PRIMARY KEY,
        alert_id  INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        action    TEXT NOT NULL,
        trigger   TEXT NOT NULL,
        at        INTEGER NOT NULL,
        ok        INTEGER NOT NULL,
        output    TEXT NOT NULL,
        UNIQUE (alert_id, action, trigger)
      ) STRICT;
      CREATE INDEX alert_actions_at ON alert_actions (action, at);
    `,
  },
  {
    version: 6,
    name: 'backup catalog',
    sql: `
      CREATE TABLE backup_archives (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,
        kind          TEXT NOT NULL,
        parent_id     INTEGER REFERENCES backup_archives (id),
        status        TEXT NOT NULL,
        archive_path  TEXT,
        manifest_path TEXT,
        sha256        TEXT,
        bytes         INTEGER,
        files         INTEGER,
        created_at    INTEGER NOT NULL,
        finished_at   INTEGER,
        error         TEXT
      ) STRICT;
      CREATE INDEX backup_archives_source ON backup_archives (source, status, id);
      CREATE TABLE backup_files (
        archive_id INTEGER NOT NULL REFERENCES backup_archives (id) ON DELETE CASCADE,
        path       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        sha256     TEXT,
        PRIMARY KEY (archive_id, path)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'drift watches',
    sql: `
      CREATE TABLE drift_watches (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        name             TEXT NOT NULL UNIQUE,
        spec             TEXT NOT NULL,
        created_at       INTEGER NOT NULL,
        last_check_at    INTEGER,
        error_at         INTEGER,
        error            TEXT
      ) STRICT;
      ALTER TABLE drift_runs ADD COLUMN watch_id INTEGER;
      ALTER TABLE drift_runs ADD COLUMN drifted_share REAL;
      CREATE INDEX drift_runs_watch ON drift_runs (watch_id, created_at);
    `,
  },
  {
    version: 8,
    name: 'metric staging',
    sql: `
      CREATE TABLE metric_staging_0 (
        series INTEGER NOT NULL,
        at     INTEGER NOT NULL,
        value  REAL NOT NULL
      ) STRICT;
      CREATE TABLE metric_staging_1 (
        series INTEGER NOT NULL,
        at     INTEGER NOT NULL,
        value  REAL NOT NULL
      ) STRICT;
    `,
  },
];
