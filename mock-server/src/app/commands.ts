/**
 * Commands and the journal. Whatever changes state (a real-API call that may mutate, an IAM token, a mutating control
 * call, a tenant's creation or deletion) runs as a command pinned to one real instant. With a state file each
 * command is journaled and fsync'ed before the answer leaves; replaying the journal through the same handlers over
 * the same seeded Worlds rebuilds the state exactly (app/state-file.ts keeps the files).
 */
import { fail, ok, type Result } from '../kernel/result.js';
import type { Site } from '../kernel/parties.js';
import type { World } from '../domain/world.js';
import { issueToken } from '../domain/tokens/index.js';
import { apiHandlerFor } from '../operations/api.js';
import type { ApiContext } from '../operations/context.js';
import { loadStateFile, openStateFile, type StateFile } from './state-file.js';
import type { TimeSource } from './time.js';
import type { LiveTenant, TenantRegistry, TenantSeed } from './tenants.js';
import { loadWorld, saveWorld, type SavedWorld } from './world-serial.js';

/** A command: what runs, for which tenant, at which real instant (epoch ms). */
export type Command =
  | {
      kind: 'api';
      tenant: string;
      at: number;
      operation: string;
      site: Site;
      partner: string;
      customer?: string;
      input: unknown;
    }
  /** An IAM sign-in. The password is not journaled: only successful sign-ins are, and replay uses the partner's. */
  | { kind: 'iam'; tenant: string; at: number; user: string; domain: string; password?: string }
  | { kind: 'control'; tenant: string; at: number; operation: string; input: unknown }
  | { kind: 'tenant'; tenant: string; at: number; seed: TenantSeed }
  | { kind: 'drop'; tenant: string; at: number };

/** A journal line: the command and its sequence number. */
export type JournalEntry = Command & { seq: number };

/** What a snapshot holds per tenant. */
interface SavedTenant {
  seed: TenantSeed;
  world: SavedWorld;
}

/** Runs a control operation for a tenant (the app's control runner, with its services and invariant check). */
export type ControlRunner = (tenant: LiveTenant, operation: string, input: unknown) => Result<unknown>;

/** Whether a command that ran must be journaled, given its tenant after it ran and its random state before. */
export type JournalPolicy = (tenant: LiveTenant | undefined, randomBefore: number) => boolean;
/** Journal always (a command that may mutate). */
export const alwaysJournal: JournalPolicy = () => true;
/** Journal never (a read). */
export const neverJournal: JournalPolicy = () => false;
/** Journal when the command drew random numbers (a read that made an id, a successful sign-in). */
export const whenRandomDrawn: JournalPolicy = (tenant, randomBefore) =>
  tenant !== undefined && tenant.world.random.state() !== randomBefore;

/** What loading the state file did. */
export interface Restored {
  snapshot: boolean;
  replayed: number;
  tornTail: boolean;
}

/** The command runner of one mock: live runs, journal, snapshots, restore. */
export class Commands {
  private seq = 0;
  private store: StateFile<JournalEntry> | undefined;
  /** execute, bound once (time.pinned takes it on every request). */
  private readonly exec = (cmd: Command) => this.execute(cmd);

  constructor(
    private readonly tenants: TenantRegistry,
    private readonly time: TimeSource,
    private readonly control: ControlRunner,
    private readonly snapshotEvery: number,
  ) {}

  /** Runs a command against the state; the same code runs live and on replay. */
  execute(cmd: Command): Result<unknown> {
    if (cmd.kind === 'tenant') {
      this.tenants.add(cmd.seed);
      return ok(undefined);
    }
    const tenant = this.tenants.get(cmd.tenant);
    if (!tenant) return fail('CBC.0100', `Unknown tenant ${cmd.tenant}.`);
    switch (cmd.kind) {
      case 'drop':
        this.tenants.delete(cmd.tenant);
        return ok(undefined);
      case 'iam':
        return issueToken(tenant.world, cmd.user, cmd.password ?? iamPassword(tenant.world, cmd), cmd.domain);
      case 'control':
        return this.control(tenant, cmd.operation, cmd.input);
      case 'api':
        return executeApi(tenant.world, cmd);
    }
  }

  /** Runs a command pinned to its instant without journaling it (state that is not persisted). */
  pinned(cmd: Command): Result<unknown> {
    return this.time.pinned(cmd.at, this.exec, cmd);
  }

  /** Runs a command live, pinned to its instant, and journals it when the policy says it may have changed state. */
  run(cmd: Command, policy: JournalPolicy = alwaysJournal): Result<unknown> {
    const tenant = this.tenants.get(cmd.tenant);
    const randomBefore = tenant ? tenant.world.random.state() : 0;
    const result = this.time.pinned(cmd.at, this.exec, cmd);
    if (this.store && policy(this.tenants.get(cmd.tenant), randomBefore)) {
      this.seq++;
      this.store.append(journalEntry(cmd, this.seq));
      if (this.store.pending >= this.snapshotEvery) this.snapshot();
    }
    return result;
  }

  /** Loads the state file (snapshot, then the journal replayed) and keeps it open for appending. */
  restore(path: string, fsync: boolean | undefined): Restored {
    const loaded = loadStateFile<SavedTenant[], JournalEntry | LegacyEntry>(path);
    if (loaded.snapshot) {
      this.seq = loaded.snapshot.seq;
      for (const saved of loaded.snapshot.data) this.tenants.add(saved.seed, loadWorld(saved.world, this.time));
    }
    for (const entry of loaded.entries) {
      const cmd = 'k' in entry ? fromLegacy(entry) : entry;
      this.pinned(cmd);
      this.seq = entry.seq;
    }
    this.store = openStateFile<JournalEntry>(path, { fsync });
    return { snapshot: Boolean(loaded.snapshot), replayed: loaded.entries.length, tornTail: loaded.tornTail };
  }

  /** Writes a snapshot now (with a state file). */
  snapshot(): void {
    if (!this.store) return;
    const data: SavedTenant[] = [...this.tenants.all.values()].map((t) => ({
      seed: t.seed,
      world: saveWorld(t.world),
    }));
    this.store.snapshot(this.seq, data);
  }

  /** Snapshots and closes the state file. */
  close(): void {
    if (!this.store) return;
    this.snapshot();
    this.store.close();
    this.store = undefined;
  }
}

function executeApi(world: World, cmd: Extract<Command, { kind: 'api' }>): Result<unknown> {
  const partner = world.partners.get(cmd.partner);
  const customer = cmd.customer === undefined ? undefined : world.customers.get(cmd.customer);
  if (!partner || (cmd.customer !== undefined && !customer)) return fail('CBC.0154', 'The caller no longer exists.');
  const ctx: ApiContext = { world, partner, input: cmd.input };
  if (customer) ctx.customer = customer;
  return apiHandlerFor(cmd.operation)!(ctx);
}

/** A replayed sign-in's password: the partner's (only successful sign-ins are journaled). */
function iamPassword(world: World, cmd: { user: string; domain: string }): string {
  for (const p of world.partners.values())
    if (p.iamUser === cmd.user && p.iamDomain === cmd.domain) return p.iamPassword;
  return '';
}

/** The journal line of a command: readable keys, no password. */
function journalEntry(cmd: Command, seq: number): JournalEntry {
  if (cmd.kind !== 'iam' || cmd.password === undefined) return { seq, ...cmd };
  const { password: _secret, ...rest } = cmd;
  return { seq, ...rest };
}

/** A journal line as the mock wrote it before the readable keys (state format 1, first release). */
type LegacyEntry = { seq: number; k: Command['kind']; t: string; at: number } & Record<string, unknown>;

/** Reads a line of the earlier journal format, so state files written by it still load. */
function fromLegacy(e: LegacyEntry): Command {
  const base = { tenant: e.t, at: e.at };
  switch (e.k) {
    case 'api':
      return {
        kind: 'api',
        ...base,
        operation: e.op as string,
        site: e.site as Site,
        partner: e.p as string,
        ...(e.c !== undefined ? { customer: e.c as string } : {}),
        input: e.i,
      };
    case 'iam':
      return { kind: 'iam', ...base, user: e.u as string, domain: e.d as string, password: e.pw as string };
    case 'control':
      return { kind: 'control', ...base, operation: e.op as string, input: e.i };
    case 'tenant':
      return { kind: 'tenant', ...base, seed: e.seed as TenantSeed };
    case 'drop':
      return { kind: 'drop', ...base };
  }
}
