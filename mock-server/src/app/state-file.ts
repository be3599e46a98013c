/**
 * Crash-safe state file. Two files:
 *
 *  - `<path>.journal`: one JSON line per acknowledged command, written and fsync'ed before the answer leaves. A
 *    command is what the engine executed (operation, caller, validated input, the instant it ran), so replaying the
 *    journal through the same handlers over the same seeded World gives the same state, ids included.
 *  - `<path>`: a snapshot (V8 serialisation of every tenant's World plus the sequence number of the last command it
 *    contains), written to `<path>.tmp`, fsync'ed and renamed over the old one, so it is either the old or the new
 *    file, never a torn one. After a snapshot the journal is truncated; commands at or below the snapshot's sequence
 *    number are skipped on replay, so a crash between the rename and the truncation replays nothing twice.
 *
 * A crash in the middle of a journal write leaves at most a torn last line (no newline): it was never acknowledged,
 * and loading ignores and cuts it.
 */
import {
  closeSync,
  existsSync,
  fchmodSync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** State files hold partners' secret keys and IAM accounts: readable and writable by their owner only. */
const PRIVATE = 0o600;

/** Bumped when the shape of snapshots or journal lines changes incompatibly (2: the console slice split by aggregate). */
export const STATE_FORMAT = 2;

export interface Snapshot<T> {
  format: number;
  /** Sequence number of the last command the snapshot contains. */
  seq: number;
  data: T;
}

export interface Loaded<T, E> {
  snapshot?: Snapshot<T>;
  /** Journal commands after the snapshot, in order. */
  entries: (E & { seq: number })[];
  /** Whether a torn last line was cut. */
  tornTail: boolean;
}

export interface StateFile<E> {
  readonly path: string;
  /** Appends one command and makes it durable before returning. */
  append(entry: E & { seq: number }): void;
  /** Commands appended since the last snapshot. */
  readonly pending: number;
  /** Writes a snapshot atomically and empties the journal. */
  snapshot(seq: number, data: unknown): void;
  close(): void;
}

/** Reads the snapshot and the journal tail at `path` (both may be absent). */
export function loadStateFile<T, E>(path: string): Loaded<T, E> {
  let snapshot: Snapshot<T> | undefined;
  if (existsSync(path)) {
    snapshot = deserialize(readFileSync(path)) as Snapshot<T>;
    if (snapshot?.format !== STATE_FORMAT)
      throw new Error(`${path}: state format ${snapshot?.format}, this mock reads ${STATE_FORMAT}`);
  }
  const journalPath = `${path}.journal`;
  const entries: (E & { seq: number })[] = [];
  let tornTail = false;
  if (existsSync(journalPath)) {
    const text = readFileSync(journalPath, 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop()!;
    if (tail !== '') tornTail = true;
    lines.forEach((line, i) => {
      let entry: E & { seq: number };
      try {
        entry = JSON.parse(line);
      } catch {
        throw new Error(
          `${journalPath}: line ${i + 1} is not valid JSON; only the last line can be torn, so the file is damaged`,
        );
      }
      if (!snapshot || entry.seq > snapshot.seq) entries.push(entry);
    });
    if (tornTail) {
      const fd = openSync(journalPath, 'r+');
      ftruncateSync(fd, Buffer.byteLength(text) - Buffer.byteLength(tail));
      fsyncSync(fd);
      closeSync(fd);
    }
  }
  return { ...(snapshot ? { snapshot } : {}), entries, tornTail };
}

/**
 * Takes `<path>.lock` for this process. Two live processes appending to one journal would interleave their
 * commands, so a lock held by another live process is refused; a stale one (its process gone) is taken over.
 */
function lock(path: string): () => void {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: PRIVATE });
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && alive(holder))
        throw new Error(`${path} is in use by process ${holder} (${lockPath})`);
      unlinkSync(lockPath);
    }
  }
  throw new Error(`cannot lock ${path}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Opens the state file for appending (creating the journal when absent), locked for this process. */
export function openStateFile<E>(path: string, options: { fsync?: boolean } = {}): StateFile<E> {
  const durable = options.fsync ?? true;
  const journalPath = `${path}.journal`;
  const unlock = lock(path);
  let fd = openSync(journalPath, 'a', PRIVATE);
  // A journal created before (or by a umask-less copy) is narrowed too.
  fchmodSync(fd, PRIVATE);
  let pending = 0;
  return {
    path,
    get pending() {
      return pending;
    },
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      if (durable) fdatasyncSync(fd);
      pending++;
    },
    snapshot(seq, data) {
      const tmp = `${path}.tmp`;
      const out = openSync(tmp, 'w', PRIVATE);
      fchmodSync(out, PRIVATE);
      try {
        writeSync(out, serialize({ format: STATE_FORMAT, seq, data } satisfies Snapshot<unknown>));
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
      renameSync(tmp, path);
      syncDir(dirname(path));
      ftruncateSync(fd, 0);
      if (durable) fsyncSync(fd);
      pending = 0;
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      unlock();
    },
  };
}

function syncDir(dir: string) {
  try {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}
