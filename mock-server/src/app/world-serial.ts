/**
 * World serialisation: a World as plain data (its clock and random generator reduced to their states) for
 * snapshots and for a scenario's rollback, and back; and a fingerprint to detect a change (tests only).
 */
import { deserialize, serialize } from 'node:v8';
import { createRandom } from '../kernel/random.js';
import type { World } from '../domain/world.js';
import { createStatefulClock, type ClockState, type StatefulClock, type TimeSource } from './time.js';

/** A World as data: V8-serialisable, no closures. */
export type SavedWorld = Omit<World, 'clock' | 'random'> & { clock: ClockState; random: number };

/** A deep copy of the World's data. */
export function saveWorld(world: World): SavedWorld {
  const { clock, random, ...rest } = world;
  return deserialize(
    serialize({ ...rest, clock: (clock as StatefulClock).state(), random: random.state() }),
  ) as SavedWorld;
}

/** A live World from saved data (copied, so the saved value can be loaded again). */
export function loadWorld(saved: SavedWorld, time: TimeSource): World {
  const copy = deserialize(serialize(saved)) as SavedWorld;
  return {
    ...copy,
    clock: createStatefulClock(time, { state: copy.clock }),
    random: createRandom(copy.random),
  } as World;
}

/** The World's data as bytes, to detect a change (the read-only check of `checkInvariants`). */
export function fingerprint(world: World): Buffer {
  const { clock, random: _random, ...rest } = world;
  return serialize({ ...rest, clock: (clock as StatefulClock).state() });
}
