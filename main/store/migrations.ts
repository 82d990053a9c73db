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
];
