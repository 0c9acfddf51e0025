// Snapshots of a ready topology: every guest's whole state saved at once (QMP migrate to a file)
// and the spec it was started from, so that any number of fresh labs can resume the topology
// exactly as it was when ready — new QEMUs, new segments, new hosts — in about half a second
// instead of a cold boot. Snapshots are keyed by image + topology + fixture version and shared
// between the workers of a run (a lock per key); a restored topology is checked before use.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SegmentName } from './lab.ts';
import { Lab } from './lab.ts';
import type { Segment } from '../net/segment.ts';
import type { Guest } from '../qemu/guest.ts';
import { loadImage } from '../qemu/image.ts';
import { profileNamed } from '../qemu/profiles.ts';
import { LIMINIX_SEGMENTS } from '../net/segment.ts';
import { NetrigError, retry } from '../util/wait.ts';
import { checkTopology, startHosts, startTopology, type RunningTopology, type StartOptions, type Topology } from './topology.ts';

interface SavedGuest {
  name: string;
  imageDir: string;
  profile: string;
  memory?: number;
  cmdline: string[];
  nics: Array<{ name: string; segment: string; mac: string }>;
  state: string;
}

export interface TopologySnapshot {
  key: string;
  dir: string;
  topology: Topology;
  guests: SavedGuest[];
  /** Seconds the cold boot to ready took, for comparisons. */
  coldSeconds: number;
}

/** Where a run's snapshots live (removed by `clearSnapshots`, e.g. at the end of the run). */
export function snapshotsDir(): string {
  return path.join(os.tmpdir(), `netrig-snapshots-${process.env.NETRIG_RUN_ID ?? 'adhoc'}`);
}

/** The key: topology value, image files' identity (path, size, mtime) and the harness version. */
export function snapshotKey(topology: Topology, opts: StartOptions): string {
  const id = (f?: string) => (f ? `${f}:${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}` : '');
  const images = [opts.image, opts.border].filter(Boolean).map((i) => [i!.kernel, i!.initrd].map(id).join('|'));
  return crypto.createHash('sha256').update(JSON.stringify({ topology, images, v: 1 })).digest('hex').slice(0, 16);
}

/** Saves every guest of a running topology (they are left paused: close the lab afterwards). */
export async function snapshotTopology(running: RunningTopology, dir: string, coldSeconds: number): Promise<TopologySnapshot> {
  fs.mkdirSync(dir, { recursive: true });
  const guests = Object.values(running.guests);
  // Pause everyone first so no guest runs on while another is being saved.
  await Promise.all(guests.map((g) => g.qmp.execute('stop')));
  const saved: SavedGuest[] = [];
  for (const g of guests) {
    const state = path.join(dir, `${g.name}.state`);
    await g.snapshot(state);
    saved.push({
      name: g.name,
      imageDir: g.image.source,
      profile: g.profile.name,
      memory: g.spec.memory,
      cmdline: g.spec.cmdline ?? [],
      nics: g.nics.map((n) => ({ name: n.name, segment: n.segment.name, mac: n.mac })),
      state,
    });
  }
  const snap: TopologySnapshot = { key: path.basename(dir), dir, topology: running.topology, guests: saved, coldSeconds };
  fs.writeFileSync(path.join(dir, 'snapshot.json'), JSON.stringify(snap, null, 2));
  return snap;
}

/**
 * The snapshot for this topology and these images: made once (cold boot, then save) by whichever
 * worker gets there first, found by the others.
 */
export async function ensureSnapshot(topology: Topology, opts: StartOptions, log: (l: string) => void = () => {}): Promise<TopologySnapshot> {
  const dir = path.join(snapshotsDir(), `${topology.name}-${snapshotKey(topology, opts)}`);
  const meta = path.join(dir, 'snapshot.json');
  const lock = `${dir}.lock`;
  if (!fs.existsSync(snapshotsDir())) {
    fs.mkdirSync(snapshotsDir(), { recursive: true });
    // The run's main process owns the snapshots; if it dies unannounced, the next lab sweeps them.
    fs.writeFileSync(path.join(snapshotsDir(), 'owner.pid'), String(process.ppid && process.env.VITEST ? process.ppid : process.pid));
  }
  await retry(
    () => {
      if (fs.existsSync(meta)) return true;
      try {
        fs.mkdirSync(lock);
        return true;
      } catch {
        return undefined;
      }
    },
    { timeout: 600_000, interval: 200, what: `the snapshot of ${topology.name} another worker is making` },
  );
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as TopologySnapshot;
  try {
    const lab = await Lab.open({ name: `snapshot-${topology.name}`, log });
    try {
      const t0 = performance.now();
      const running = await startTopology(lab, topology, opts);
      await settle(running);
      return await snapshotTopology(running, dir, (performance.now() - t0) / 1000);
    } finally {
      await lab.close();
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Every guest's shell answers before its state is saved. */
async function settle(running: RunningTopology): Promise<void> {
  for (const g of Object.values(running.guests)) await g.succeed('true');
}

/** Resumes a snapshot in `lab`: fresh segments and hosts, guests exactly as they were. */
export async function restoreTopology(lab: Lab, snap: TopologySnapshot): Promise<RunningTopology> {
  const topology = checkTopology(snap.topology);
  const segments = {} as Record<SegmentName, Segment>;
  for (const name of Object.keys(LIMINIX_SEGMENTS) as SegmentName[]) segments[name] = await lab.segment(name);
  const guests: Record<string, Guest> = {};
  await Promise.all(snap.guests.map(async (s) => (guests[s.name] = await resumeHealthy(lab, s, topology.name))));
  const hosts = await startHosts(topology, segments);
  const routerName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'router')!;
  const borderName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'border');
  return { lab, topology, segments, guests, router: guests[routerName], border: borderName ? guests[borderName] : undefined, hosts };
}

/**
 * Resumes one guest and checks it is healthy: its shell answers and its clock ticks (a 0.2 s
 * sleep returns promptly). Seen here: a mipsel malta guest sometimes resumes with its timer
 * interrupt lost until the 32-bit count register wraps (~20 s) — shell alive, daemons asleep.
 * Such a resume is discarded and done again (the lab's log says so); after three, it fails with
 * the evidence. Never a silent cold boot.
 */
async function resumeHealthy(lab: Lab, s: SavedGuest, topology: string): Promise<Guest> {
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const g = await lab.guest({
      name: s.name,
      image: loadImage(s.imageDir),
      profile: profileNamed(s.profile),
      memory: s.memory,
      cmdline: s.cmdline,
      nics: s.nics.map((n) => ({ name: n.name, segment: n.segment as SegmentName, mac: n.mac })),
      incoming: s.state,
    });
    const t0 = performance.now();
    const r = await g.exec('sleep 0.2', { timeout: 4000 }).catch((e: Error) => e);
    if (!(r instanceof Error) && r.code === 0 && performance.now() - t0 < 3000) return g;
    last = g.evidence();
    lab.log(`${s.name}: resumed with a stalled clock (attempt ${attempt}); resuming again`);
    await lab.dropGuest(s.name);
  }
  throw new NetrigError(`restored topology ${topology} is not healthy: ${s.name} resumed three times without a working clock`, last);
}

export function clearSnapshots(): void {
  fs.rmSync(snapshotsDir(), { recursive: true, force: true });
}
