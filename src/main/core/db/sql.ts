import BetterSqlite3 from 'better-sqlite3';

export type SqlValue = string | number | bigint | Buffer | null;
type Bindable = SqlValue | boolean | undefined;

/** A statement and its bound values, built by the `sql` tag so values never reach the SQL text. */
export interface Sql {
  readonly text: string;
  readonly values: SqlValue[];
}

const toSqlValue = (v: Bindable): SqlValue => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);

export function sql(strings: TemplateStringsArray, ...values: Bindable[]): Sql {
  return { text: strings.join('?'), values: values.map(toSqlValue) };
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** The repository modules' only door to SQLite: cached prepared statements and synchronous transactions. */
export class Db {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly closing: Array<() => void> = [];

  constructor(
    readonly raw: BetterSqlite3.Database,
    /** The addon this connection was opened with, so a worker opens its own connection the same way (Electron's ABI). */
    readonly nativeBinding?: string,
  ) {}

  private prepare(text: string): BetterSqlite3.Statement {
    let stmt = this.statements.get(text);
    if (!stmt) {
      stmt = this.raw.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  get<T>(q: Sql): T | undefined {
    return this.prepare(q.text).get(...q.values) as T | undefined;
  }

  all<T>(q: Sql): T[] {
    return this.prepare(q.text).all(...q.values) as T[];
  }

  run(q: Sql): RunResult {
    return this.prepare(q.text).run(...q.values);
  }

  /**
   * Waits for another connection's write lock in steps of this many milliseconds instead of SQLite's busy handler
   * (which sleeps 1, 2, 5, 10… ms): a door's scan behind a sync apply of a millisecond waits that millisecond, not 3
   * or 8. Null: SQLite's own handler (busy_timeout).
   */
  private spin: { stepMs: number; limitMs: number } | null = null;

  /** Makes BEGIN IMMEDIATE retry every `stepMs` while another connection writes (up to `limitMs`), for a latency-critical connection. */
  spinOnBusy(stepMs: number, limitMs: number): void {
    this.raw.pragma('busy_timeout = 0');
    this.spin = { stepMs, limitMs };
  }

  /** Runs `fn` in one IMMEDIATE transaction; `fn` must be synchronous (no async work inside a transaction). */
  tx<T>(fn: () => T): T {
    const run = this.raw.transaction(fn);
    if (this.spin === null || this.raw.inTransaction) return run.immediate();
    const started = performance.now();
    for (;;) {
      try {
        return run.immediate();
      } catch (e) {
        // Only the BEGIN waits for the lock (a WAL commit needs no other): nothing of `fn` ran when it is busy.
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() - started > this.spin.limitMs) throw e;
        Atomics.wait(SLEEPER, 0, 0, this.spin.stepMs);
      }
    }
  }

  /** A prepared statement for hot loops such as bulk inserts. */
  statement(text: string): BetterSqlite3.Statement {
    return this.prepare(text);
  }

  /** Runs `fn` when this connection closes: a second connection to the same file closes with it. */
  whenClosed(fn: () => void): void {
    this.closing.push(fn);
  }

  close(): void {
    for (const fn of this.closing.splice(0)) fn();
    this.statements.clear();
    if (this.raw.open) this.raw.close();
  }
}
