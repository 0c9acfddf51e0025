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

/** Every take of a topology's snapshot resumed with a guest's clock stalled. */
export class UnhealthySnapshot extends NetrigError {}

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

/**
 * Saves every guest of a running topology (they are left paused: close the lab or `cont` them
 * afterwards). The states go to `<guest>.<tag>.state`; the snapshot is published (snapshot.json,
 * what other workers wait for) only when `publish` says so.
 */
export async function snapshotTopology(running: RunningTopology, dir: string, coldSeconds: number, opts: { tag?: string; publish?: boolean } = {}): Promise<TopologySnapshot> {
  fs.mkdirSync(dir, { recursive: true });
  const guests = Object.values(running.guests);
  // Pause everyone first so no guest runs on while another is being saved.
  await Promise.all(guests.map((g) => g.qmp.execute('stop')));
  const saved: SavedGuest[] = [];
  for (const g of guests) {
    const state = path.join(dir, `${g.name}.${opts.tag ?? 'saved'}.state`);
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
  if (opts.publish ?? true) publishSnapshot(snap);
  return snap;
}

/** Makes a snapshot visible to every worker (written whole, then renamed into place). */
function publishSnapshot(snap: TopologySnapshot): void {
  const meta = path.join(snap.dir, 'snapshot.json');
  fs.writeFileSync(`${meta}.tmp`, JSON.stringify(snap, null, 2));
  fs.renameSync(`${meta}.tmp`, meta);
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
      const coldSeconds = (performance.now() - t0) / 1000;
      // A saved state either always resumes with a working clock or never does (see
      // resumeHealthy): each one is resumed once before anyone relies on it — other workers see
      // it only then — and a bad one is retaken a moment later from the same running topology,
      // into files of its own (a worker may still be reading an earlier take's).
      for (const g of Object.values(running.guests)) await offMipsTimer(g, lab.log);
      let last: unknown;
      for (let take = 1; take <= SNAPSHOT_TAKES; take++) {
        await settle(running);
        const snap = await snapshotTopology(running, dir, coldSeconds, { tag: `take${take}`, publish: false });
        const problem = await probe(snap);
        if (!problem) {
          publishSnapshot(snap);
          return snap;
        }
        last = problem;
        lab.log(`snapshot of ${topology.name} (take ${take}) resumes unhealthy: ${problem.message.split('\n')[0]}; taking it again`);
        await Promise.all(Object.values(running.guests).map((g) => g.qmp.execute('cont')));
        // The running guests may carry the same lost timer; their clocks must tick again before
        // the next take (a stalled one comes back by itself within ~21 s).
        await Promise.all(Object.values(running.guests).map((g) => retry(async () => ((await clockTicks(g)) ? true : undefined), {
          timeout: 90_000, interval: 500, what: `${g.name}'s timer interrupts to come again after a snapshot`, evidence: () => g.evidence(),
        })));
      }
      throw new UnhealthySnapshot(`no healthy snapshot of ${topology.name} in ${SNAPSHOT_TAKES} takes (every one resumed with a guest's clock stalled); --no-snapshot cold-boots instead`, (last as Error)?.message);
    } finally {
      await lab.close();
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const SNAPSHOT_TAKES = 3;

/**
 * QEMU (7.2 and later) does not migrate a MIPS CPU's CP0 timer: its vmstate has Count and Compare
 * but not the host timer that raises the interrupt, so a resumed guest gets no timer interrupt
 * until its kernel happens to write Compare again — 18–21 s of a frozen system (every sleeping
 * process asleep), on most resumes (3 of 4 here). Seen in CI: a mipsel snapshot bad in 6 takes
 * out of 6. A guest whose tick device is the CP0 timer ("MIPS") is moved to another clockevent
 * device before its state is saved — on malta, the PIIX4's i8254 ("pit"), whose timer QEMU does
 * migrate; the CP0 Count stays the clocksource (it is migrated). Said in the log; a guest with
 * no other device keeps its timer and the health check decides.
 */
async function offMipsTimer(g: Guest, log: (line: string) => void): Promise<void> {
  const dev = '/sys/devices/system/clockevents/clockevent0';
  const r = await g.exec(`read -r d <${dev}/current_device || exit 0; [ "$d" = MIPS ] || exit 0; echo MIPS >${dev}/unbind_device; read -r d <${dev}/current_device; echo "tick device: $d"`, { timeout: 30_000 });
  const now = /tick device: (\S+)/.exec(r.output)?.[1];
  if (now && now !== 'MIPS') log(`${g.name}: tick device moved from the CP0 timer to '${now}' before the snapshot (QEMU does not migrate the CP0 timer)`);
  else if (now) log(`${g.name}: tick device is the CP0 timer and has no replacement; its snapshot may resume with the timer lost (the health check decides)`);
}

/** Resumes a fresh snapshot once in a scratch lab; the error if it is not healthy. */
async function probe(snap: TopologySnapshot): Promise<Error | undefined> {
  const lab = await Lab.open({ name: `snapshot-probe-${snap.topology.name}`, log: () => {} });
  try {
    await restoreTopology(lab, snap, { attempts: 1 });
    return undefined;
  } catch (e) {
    return e as Error;
  } finally {
    await lab.close();
  }
}

/** Every guest's shell answers before its state is saved. */
async function settle(running: RunningTopology): Promise<void> {
  for (const g of Object.values(running.guests)) await g.succeed('true');
}

/** Resumes a snapshot in `lab`: fresh segments and hosts, guests exactly as they were. */
export async function restoreTopology(lab: Lab, snap: TopologySnapshot, opts: { attempts?: number } = {}): Promise<RunningTopology> {
  const topology = checkTopology(snap.topology);
  const segments = {} as Record<SegmentName, Segment>;
  for (const name of Object.keys(LIMINIX_SEGMENTS) as SegmentName[]) segments[name] = await lab.segment(name);
  const guests: Record<string, Guest> = {};
  await Promise.all(snap.guests.map(async (s) => (guests[s.name] = await resumeHealthy(lab, s, topology.name, opts.attempts ?? 3))));
  const hosts = await startHosts(topology, segments);
  const routerName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'router')!;
  const borderName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'border');
  return { lab, topology, segments, guests, router: guests[routerName], border: borderName ? guests[borderName] : undefined, hosts };
}

/**
 * Resumes one guest and checks it is healthy: its shell answers and its timer interrupts come
 * (clockTicks). Seen here with QEMU 7.2: some saved states of a mipsel malta guest resume with
 * the CP0 timer interrupt lost for 18–21 s — shell alive, every sleeping process asleep. Such a
 * state mostly does so on every resume (10 of 10 in a row), others hardly ever; `ensureSnapshot`
 * therefore probes each snapshot once and retakes bad ones, and a restore that still comes up
 * stalled is resumed again and, after `attempts`, fails with the evidence. Never a silent cold boot.
 */
async function resumeHealthy(lab: Lab, s: SavedGuest, topology: string, attempts: number): Promise<Guest> {
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const g = await lab.guest({
      name: s.name,
      image: loadImage(s.imageDir),
      profile: profileNamed(s.profile),
      memory: s.memory,
      cmdline: s.cmdline,
      nics: s.nics.map((n) => ({ name: n.name, segment: n.segment as SegmentName, mac: n.mac })),
      incoming: s.state,
    });
    if (await clockTicks(g).catch(() => false)) return g;
    last = g.evidence();
    lab.log(`${s.name}: resumed with a stalled clock (attempt ${attempt} of ${attempts})`);
    await lab.dropGuest(s.name);
  }
  throw new NetrigError(`restored topology ${topology} is not healthy: ${s.name} resumed ${attempts === 1 ? 'once' : `${attempts} times`} without a working clock`, last);
}

/**
 * Whether the guest's timer interrupts are being delivered: the count of every /proc/interrupts
 * line naming a timer (MIPS "timer", ARM "arch_timer", x86 "LOC"/"Local timer") grows while the
 * guest's shell keeps its CPU busy re-reading it. Unlike timing a sleep, this does not mistake a
 * starved guest on a loaded host for a stalled one. The CPU must be kept busy: a tickless idle
 * guest takes no timer interrupt between two commands at all (two separate reads in shell
 * builtins saw the same count on a healthy mipsel guest, every time).
 */
async function clockTicks(g: Guest): Promise<boolean> {
  const [a, b] = (await g.succeed(TIMER_TICKS, { timeout: 30_000 })).trim().split(/\s+/).slice(-2).map(Number);
  return Number.isFinite(a) && Number.isFinite(b) && b > a;
}

/**
 * Prints the timer interrupt count, then the count once it has changed (or after 400 more
 * reads, ~1 s of a mipsel guest's CPU under TCG and dozens of ticks at any HZ). Shell builtins
 * only: no process start (~50 ms on a mipsel guest) and one round trip on the console.
 */
const TIMER_TICKS = [
  'netrig_ticks() { n=0; while read -r l; do case "$l" in *timer*) set -- $l; shift; for x; do case "$x" in "" | *[!0-9]*) break ;; esac; n=$((n + x)); done ;; esac; done </proc/interrupts; }',
  'netrig_ticks; a=$n; i=0; while [ "$n" = "$a" ] && [ $i -lt 400 ]; do netrig_ticks; i=$((i + 1)); done; echo "$a $n"',
].join('; ');

export function clearSnapshots(): void {
  fs.rmSync(snapshotsDir(), { recursive: true, force: true });
}
