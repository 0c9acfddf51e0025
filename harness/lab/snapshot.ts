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
import { Lab, sweepStaleRunDirs, type LabGuestSpec } from './lab.ts';
import type { Segment } from '../net/segment.ts';
import type { Guest } from '../qemu/guest.ts';
import { loadImage } from '../qemu/image.ts';
import { profileNamed } from '../qemu/profiles.ts';
import { LIMINIX_SEGMENTS } from '../net/segment.ts';
import { NetrigError, retry } from '../util/wait.ts';
import { checkTopology, guestSpecs, startHosts, startTopology, type RunningTopology, type StartOptions, type Topology } from './topology.ts';

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

/** A file's identity for a key: path, size, mtime. */
const fileId = (f?: string) => (f ? `${f}:${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}` : '');

/** The key: topology value, image files' identity (path, size, mtime) and the harness version. */
export function snapshotKey(topology: Topology, opts: StartOptions): string {
  const images = [opts.image, opts.border].filter(Boolean).map((i) => [i!.kernel, i!.initrd].map(fileId).join('|'));
  return crypto.createHash('sha256').update(JSON.stringify({ topology, images, v: 1 })).digest('hex').slice(0, 16);
}

/**
 * Saves every guest of a running topology (they are left paused: close the lab or `cont` them
 * afterwards). The states go to `<guest>.<tag>.state`; `ensureSnapshot` publishes the snapshot
 * (snapshot.json, what other workers wait for) once it has resumed healthy.
 */
export async function snapshotTopology(running: RunningTopology, dir: string, coldSeconds: number, opts: { tag?: string } = {}): Promise<TopologySnapshot> {
  fs.mkdirSync(dir, { recursive: true });
  const guests = Object.values(running.guests);
  // Pause everyone first so no guest runs on while another is being saved.
  await Promise.all(guests.map((g) => g.qmp.execute('stop')));
  const saved: SavedGuest[] = [];
  for (const g of guests) saved.push(await saveGuest(g, path.join(dir, `${g.name}.${opts.tag ?? 'saved'}.state`)));
  const snap: TopologySnapshot = { key: path.basename(dir), dir, topology: running.topology, guests: saved, coldSeconds };
  return snap;
}

/** Saves a (paused) guest's state to `state`; what it takes to resume it. */
async function saveGuest(g: Guest, state: string): Promise<SavedGuest> {
  fs.mkdirSync(path.dirname(state), { recursive: true });
  await g.snapshot(state);
  return {
    name: g.name,
    imageDir: g.image.source,
    profile: g.profile.name,
    memory: g.spec.memory,
    cmdline: g.spec.cmdline ?? [],
    nics: g.nics.map((n) => ({ name: n.name, segment: n.segment.name, mac: n.mac })),
    state,
  };
}

/**
 * The snapshot for this topology and these images: made once (cold boot, then save) by whichever
 * worker gets there first, found by the others.
 */
export async function ensureSnapshot(topology: Topology, opts: StartOptions, log: (l: string) => void = () => {}): Promise<TopologySnapshot> {
  const dir = path.join(snapshotsDir(), `${topology.name}-${snapshotKey(topology, opts)}`);
  return madeOnce<TopologySnapshot>(dir, `the snapshot of ${topology.name} another worker is making`, async () => {
    const lab = await Lab.open({ name: `snapshot-${topology.name}`, log });
    try {
      const t0 = performance.now();
      const running = await startWithSavedBorder(lab, topology, opts);
      const coldSeconds = (performance.now() - t0) / 1000;
      await wanReady(running, lab.log);
      // A saved state may resume unhealthy (see resumeHealthy): each one is resumed once
      // before anyone relies on it — other workers see
      // it only then — and a bad one is retaken a moment later from the same running topology,
      // into files of its own (a worker may still be reading an earlier take's).
      for (const g of Object.values(running.guests)) await offMipsTimer(g, lab.log);
      let last: unknown;
      for (let take = 1; take <= SNAPSHOT_TAKES; take++) {
        await settle(running);
        const snap = await snapshotTopology(running, dir, coldSeconds, { tag: `take${take}` });
        const problem = await probe(snap);
        if (!problem) return snap;
        last = problem;
        lab.log(`snapshot of ${topology.name} (take ${take}) resumes unhealthy: ${problem.message.split('\n')[0]}; taking it again`);
        await Promise.all(Object.values(running.guests).map((g) => g.qmp.execute('cont')));
        // The running guests may carry the same lost timer; their clocks must tick again before
        // the next take (a stalled one comes back by itself within ~21 s).
        await Promise.all(Object.values(running.guests).map((g) => retry(async () => ((await clockTicks(g)) ? true : undefined), {
          timeout: 90_000, interval: 500, what: `${g.name}'s timer interrupts to come again after a snapshot`, evidence: () => g.evidence(),
        })));
      }
      throw new NetrigError(`no healthy snapshot of ${topology.name} in ${SNAPSHOT_TAKES} takes; --no-snapshot cold-boots instead`, (last as Error)?.message);
    } finally {
      await lab.close();
    }
  });
}

/**
 * What `make` makes into `dir` once per run, whichever worker gets there first; the others wait
 * for it (a lock directory beside it) and read it. `make` returns the value published as
 * `dir/snapshot.json` (written whole, then renamed into place).
 */
async function madeOnce<T>(dir: string, what: string, make: () => Promise<T>): Promise<T> {
  const meta = path.join(dir, 'snapshot.json');
  const lock = `${dir}.lock`;
  // Snapshots left by a run that died are swept first, not trusted (the next Lab.open would
  // remove their state files under us).
  sweepStaleRunDirs();
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
    { timeout: 600_000, interval: 200, what },
  );
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as T;
  try {
    const made = await make();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${meta}.tmp`, JSON.stringify(made, null, 2));
    fs.renameSync(`${meta}.tmp`, meta);
    return made;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `startTopology`, with the border resumed from the run's saved ready border instead of booted
 * (when the topology has one). The border is the ISP, not the image under test: it boots the same
 * way for every image (same service, same command line words, same MACs), so it is booted once
 * per run and border configuration (`ensureBorderSnapshot`) and resumed, checked, in ~0.5 s —
 * instead of 4–10 s of x86_64 under TCG competing with the router's boot for the CPU. The
 * router still boots cold beside it, so the lab's segments hold its whole boot (DHCP, PPPoE
 * discovery, PD) for the cases that assert on it. The resumed border comes up with no sessions,
 * leases or neighbours: as booted, a moment after NETRIG-READY.
 */
export async function startWithSavedBorder(lab: Lab, value: Topology, opts: StartOptions): Promise<RunningTopology> {
  const topology = checkTopology(value);
  const name = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'border');
  if (!name || !opts.border) return startTopology(lab, topology, opts);
  const spec = guestSpecs(topology, opts)[name];
  const saved = await ensureGuestSnapshot(spec, lab.log);
  const resume = async () => {
    const probes = await prober(lab, [...new Set(saved.nics.map((n) => n.segment as SegmentName))]);
    try {
      return await resumeHealthy(lab, saved, topology.name, 3, probes);
    } finally {
      probes.close();
    }
  };
  return startTopology(lab, topology, { ...opts, resume: { ...opts.resume, [name]: resume } });
}

/**
 * A guest booted alone to its ready line and saved, once per run and spec (image files, command
 * line, NICs and MACs): see `startWithSavedBorder`. Checked by resuming it once before anyone
 * relies on it; a bad take is taken again from the same guest.
 */
export async function ensureGuestSnapshot(spec: LabGuestSpec, log: (l: string) => void = () => {}): Promise<SavedGuest> {
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ name: spec.name, image: [spec.image.kernel, spec.image.initrd].map(fileId), cmdline: spec.cmdline, nics: spec.nics, memory: spec.memory, v: 1 }))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(snapshotsDir(), `guest-${spec.name}-${key}`);
  return madeOnce<SavedGuest>(dir, `the saved ${spec.name} another worker is making`, async () => {
    const lab = await Lab.open({ name: `snapshot-${spec.name}`, log });
    try {
      const g = await lab.guest(spec);
      await g.waitReady();
      await offMipsTimer(g, lab.log);
      let last = '';
      for (let take = 1; take <= SNAPSHOT_TAKES; take++) {
        await g.succeed('true');
        await g.qmp.execute('stop');
        const saved = await saveGuest(g, path.join(dir, `${g.name}.take${take}.state`));
        const problem = await probeGuest(saved);
        if (!problem) {
          lab.log(`${g.name}: saved ready (take ${take}), resumed instead of booted in this run's labs`);
          return saved;
        }
        last = problem;
        lab.log(`saved ${g.name} (take ${take}) resumes unhealthy: ${problem.split('\n')[0]}; taking it again`);
        await g.qmp.execute('cont');
        await retry(async () => ((await clockTicks(g)) ? true : undefined), {
          timeout: 90_000, interval: 500, what: `${g.name}'s timer interrupts to come again after a snapshot`, evidence: () => g.evidence(),
        });
      }
      throw new NetrigError(`no healthy saved ${spec.name} in ${SNAPSHOT_TAKES} takes; --no-snapshot boots it instead`, last);
    } finally {
      await lab.close();
    }
  });
}

/** Resumes a saved guest once in a scratch lab; what is wrong with it, if anything. */
async function probeGuest(saved: SavedGuest): Promise<string | undefined> {
  const lab = await Lab.open({ name: `snapshot-probe-${saved.name}`, log: () => {} });
  try {
    const probes = await prober(lab, [...new Set(saved.nics.map((n) => n.segment as SegmentName))]);
    try {
      await resumeHealthy(lab, saved, saved.name, 1, probes);
    } finally {
      probes.close();
    }
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await lab.close();
  }
}

const SNAPSHOT_TAKES = 3;

/** How long a snapshot waits for the router's WAN to be up before saving it as it is. */
const WAN_READY_S = 90;

/**
 * Waits (true once there, false after WAN_READY_S), before a topology is saved, until a router that dials a border has what its cases start
 * from: an IPv4 and an IPv6 default route and a global (not ULA) IPv6 address on its LAN side —
 * the delegated prefix. A snapshot taken at the guests' shell prompts caught the router halfway
 * (DHCPv4 and DHCPv6 still to come), so every restore did the WAN's DHCP again, and a case that
 * began at once raced it: seen on arm64, REC-1's LAN → world probe sent before the router had its
 * IPv6 default route. Said in the log; a router that never gets there (an image whose LAN side the
 * check cannot find) is saved as it is after WAN_READY_S, and said so.
 */
export async function wanReady(running: RunningTopology, log: (line: string) => void = () => {}): Promise<boolean> {
  const node = Object.values(running.topology.nodes).find((n) => n.role === 'router');
  if (node?.role !== 'router' || node.wan === 'none' || !running.border) return true;
  const lanMacs = running.router.nics.filter((n) => n.segment.name === 'lan').map((n) => n.mac.toLowerCase());
  if (!lanMacs.length) return true;
  const t0 = performance.now();
  let last = '';
  try {
    await retry(
      async () => {
        last = (await running.router.succeed(WAN_READY(lanMacs), { timeout: 30_000 })).trim().split('\n').at(-1) ?? '';
        return last === 'wan4=1 wan6=1 lan6=1' ? true : undefined;
      },
      { timeout: WAN_READY_S * 1000, interval: 250, what: `the ${node.wan} WAN of ${running.topology.name} up before its snapshot`, evidence: () => `last check: ${last}` },
    );
    log(`${running.topology.name}: WAN up (default routes, a delegated prefix on the LAN side) ${((performance.now() - t0) / 1000).toFixed(1)} s after the guests were ready`);
    return true;
  } catch {
    log(`${running.topology.name}: WAN not up within ${WAN_READY_S} s (${last}); saved as it is`);
    return false;
  }
}

/**
 * Prints `wan4=1 wan6=1 lan6=1` when the router has an IPv4 default route, an IPv6 default route
 * (not the kernel's unreachable ones on lo) and a global, non-ULA IPv6 address on an interface with
 * one of `lanMacs` (a bridge over the LAN NIC shares its MAC); each is empty when missing. /proc
 * and /sys only, shell builtins: no process start.
 */
const WAN_READY = (lanMacs: string[]) =>
  [
    'w4=; while read -r i d r; do [ "$d" = 00000000 ] && w4=1; done </proc/net/route',
    'w6=; while read -r d dl s sl h m rc u f dev; do [ "$d$dl" = 0000000000000000000000000000000000 ] && [ "$dev" != lo ] && w6=1; done </proc/net/ipv6_route',
    `lans=; for x in /sys/class/net/*; do read -r a <$x/address && case " ${lanMacs.join(' ')} " in *" $a "*) lans="$lans \${x##*/} " ;; esac; done`,
    'l6=; while read -r a i l sc f n; do [ "$sc" = 00 ] && case "$lans" in *" $n "*) case "$a" in f[cd]*) ;; *) l6=1 ;; esac ;; esac; done </proc/net/if_inet6',
    'echo "wan4=$w4 wan6=$w6 lan6=$l6"',
  ].join('; ');

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
  // Every guest's state is loaded side by side, each QEMU left paused; then they run one after
  // the other, the router first, and are checked together. A frame that reaches a mipsel guest's
  // virtio NIC while its QEMU is still loading now and then leaves that NIC without interrupts:
  // QEMU's own RARP self-announce after a load set it off (loaded side by side with the announce
  // on, 2 of 6 pppoe resets; with it off, see Guest.resume, 0 of 26); the cause underneath was
  // malta's NICs sharing one edge-triggered interrupt line (see Profile.nicSlots, now a line
  // each). Nobody runs, so nobody sends, until every state is in.
  const order = [...snap.guests].sort((a, b) => Number(topology.nodes[b.name]?.role === 'router') - Number(topology.nodes[a.name]?.role === 'router'));
  const loaded = await Promise.all(order.map((s) => resumeGuest(lab, s, { paused: true })));
  for (const g of loaded) await g.cont();
  const probes = await prober(lab, [...new Set(snap.guests.flatMap((s) => s.nics.map((n) => n.segment as SegmentName)))]);
  try {
    await Promise.all(order.map(async (s, i) => (guests[s.name] = await resumeHealthy(lab, s, topology.name, opts.attempts ?? 3, probes, loaded[i]))));
  } finally {
    probes.close();
  }
  const hosts = await startHosts(topology, segments);
  const routerName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'router')!;
  const borderName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'border');
  return { lab, topology, segments, guests, router: guests[routerName], border: borderName ? guests[borderName] : undefined, hosts };
}

function resumeGuest(lab: Lab, s: SavedGuest, opts: { paused?: boolean } = {}): Promise<Guest> {
  return lab.guest({
    name: s.name,
    image: loadImage(s.imageDir),
    profile: profileNamed(s.profile),
    memory: s.memory,
    cmdline: s.cmdline,
    nics: s.nics.map((n) => ({ name: n.name, segment: n.segment as SegmentName, mac: n.mac })),
    incoming: s.state,
    paused: opts.paused,
  });
}

/**
 * Checks a resumed guest (`resumed`, or one resumed here) is healthy — its shell answers, its
 * timer interrupts come and every NIC receives (`unhealthy`) — and resumes it again when not;
 * after `attempts`, fails with the evidence. Never a silent cold boot. The MIPS CP0 timer is
 * handled before saving (offMipsTimer); what is left is rare and random per resume.
 */
async function resumeHealthy(lab: Lab, s: SavedGuest, topology: string, attempts: number, probes: Prober, resumed?: Guest): Promise<Guest> {
  let last = '';
  let problem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const g = attempt === 1 && resumed ? resumed : await resumeGuest(lab, s);
    problem = (await probes.during(() => unhealthy(g, s)).catch((e: Error) => `with its console not answering (${e.message.split('\n')[0]})`)) ?? '';
    if (!problem) return g;
    last = g.evidence();
    lab.log(`${s.name}: resumed ${problem} (attempt ${attempt} of ${attempts})`);
    await lab.dropGuest(s.name);
  }
  throw new NetrigError(`restored topology ${topology} is not healthy: ${s.name} resumed ${attempts === 1 ? 'once' : `${attempts} times`}, last ${problem}`, last);
}

/**
 * What is wrong with a resumed guest, or undefined when it is healthy: its timer interrupts come
 * (TIMER_TICKS) and every NIC receives. Seen here with QEMU 7.2 on mipsel malta, about 1 resume in
 * 25: a virtio NIC whose interrupt never comes again (its RX counters frozen, every frame to it
 * lost: a LAN host's DHCP unanswered for the case's 30 s). The cause, found later: malta's two
 * NICs shared one edge-triggered 8259 line (IRQ 10), where an interrupt can be lost for good;
 * they now have a line each (Profile.nicSlots) and the check stays as the proof. One console round trip — the first
 * after a resume costs 0.1–0.2 s under TCG, each further one ~50 ms —: the guest counts its
 * timer interrupts until they move, then the rx_packets of each NIC (by MAC, over the interfaces
 * that are up: a bridge or VLAN may share it) until every count has moved, while the prober puts
 * a frame on each of the guest's segments every 20 ms.
 */
async function unhealthy(g: Guest, s: SavedGuest): Promise<string | undefined> {
  const macs = s.nics.map((n) => n.mac.toLowerCase());
  const out = await g.succeed(`${TIMER_TICKS}; ${RX_MOVED(macs)}`, { timeout: 30_000 });
  if (!ticksMoved(out)) return 'with a stalled clock (no timer interrupt between two reads)';
  const deaf = deafOf(out, s.nics);
  if (deaf.length) return `with ${deaf.join(', ')} receiving nothing (probe frames on its segment never counted: a lost NIC interrupt)`;
  return undefined;
}

/** The NICs (`name (mac)`) whose counts RX_MOVED's output shows not moving. */
function deafOf(out: string, nics: Array<{ name: string; mac: string }>): string[] {
  const [before, after] = (/^rx(.*) \/(.*)$/m.exec(out) ?? []).slice(1).map((l) => l.split(' ').filter(Boolean));
  if (!before || !after) throw new Error(`unexpected answer to the NIC check: ${out.trim().slice(-200)}`);
  return nics.filter((_, i) => before[i] !== '-' && !(Number(after[i]) > Number(before[i]))).map((n) => `${n.name} (${n.mac})`);
}

/**
 * The NICs of a running guest of `lab` that count none of the probe frames put on their segments
 * meanwhile (`name (mac)`; none: every NIC that is up receives). For a guest booted again inside a
 * running topology, where the emulator may lose a NIC's interrupt as it does after a resume.
 */
export async function deafNics(lab: Lab, g: Guest): Promise<string[]> {
  const probes = await prober(lab, [...new Set(g.nics.map((n) => n.segment.name as SegmentName))]);
  try {
    const out = await probes.during(() => g.succeed(RX_MOVED(g.nics.map((n) => n.mac.toLowerCase())), { timeout: 30_000 }));
    return deafOf(out, g.nics);
  } finally {
    probes.close();
  }
}

interface Prober {
  /** Runs `check` with a probe frame on every segment every 20 ms while any check runs. */
  during<T>(check: () => Promise<T>): Promise<T>;
  close(): void;
}

/**
 * Puts PROBE_FRAME on `segments` every 20 ms while a check runs (and only then: a frame reaching
 * a guest that is being loaded again can leave its NIC deaf).
 */
async function prober(lab: Lab, segments: SegmentName[]): Promise<Prober> {
  const ports = await Promise.all(segments.map(async (seg) => (await lab.segment(seg)).attach('restore-probe')));
  let running = 0;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    for (const p of ports) p.send(PROBE_FRAME);
  };
  return {
    async during(check) {
      if (running++ === 0) {
        send();
        timer = setInterval(send, 20);
      }
      try {
        return await check();
      } finally {
        if (--running === 0) clearInterval(timer);
      }
    },
    close() {
      clearInterval(timer);
      for (const p of ports) p.close();
    },
  };
}

/** Broadcast, locally administered source, EtherType 0x88b5 (IEEE local experimental): no stack answers it. */
const PROBE_FRAME = Buffer.concat([Buffer.from('ffffffffffff02000000fe0188b5', 'hex'), Buffer.from('netrig restore probe'.padEnd(46, '.'))]);

/**
 * Prints `rx <counts> / <counts>`: per MAC of `macs`, the rx_packets summed over the interfaces
 * with that address that are up (`-` when none is), first, then once every count has moved or
 * after 400 rounds (~1 s of a mipsel guest under TCG). Shell builtins only.
 */
const RX_MOVED = (macs: string[]) =>
  [
    `netrig_rx() { r=; for m in ${macs.join(' ')}; do n=-; for d in /sys/class/net/*; do read -r a <$d/address && [ "$a" = "$m" ] && read -r f <$d/flags && [ $((f & 1)) = 1 ] && read -r p <$d/statistics/rx_packets && n=$((\${n#-} + p)); done; r="$r $n"; done; }`,
    'netrig_moved() { set -- $base; all=1; for n in $r; do [ "$1" = - ] || { [ "$n" != - ] && [ "$n" -gt "$1" ]; } || all=; shift; done; }',
    'netrig_rx; base=$r; i=0; all=; while [ -z "$all" ] && [ $i -lt 400 ]; do netrig_rx; netrig_moved; i=$((i + 1)); done; echo "rx$base /$r"',
  ].join('; ');

/**
 * Prints `ticks <count> <count>`: the timer interrupt count (every /proc/interrupts line naming a
 * timer: MIPS "timer", malta's i8254 "timer", ARM "arch_timer", x86 "Local timer"), then the count
 * once it has changed while the shell keeps the CPU busy re-reading it (or after 400 reads, ~1 s
 * of a mipsel guest under TCG and dozens of ticks at any HZ). The CPU must be kept busy: a
 * tickless idle guest takes no timer interrupt between two commands at all. Unlike timing a
 * sleep, this does not mistake a starved guest on a loaded host for a stalled one. Builtins only:
 * no process start (~50 ms on a mipsel guest).
 */
const TIMER_TICKS = [
  'netrig_ticks() { n=0; while read -r l; do case "$l" in *timer*) set -- $l; shift; for x; do case "$x" in "" | *[!0-9]*) break ;; esac; n=$((n + x)); done ;; esac; done </proc/interrupts; }',
  'netrig_ticks; a=$n; i=0; while [ "$n" = "$a" ] && [ $i -lt 400 ]; do netrig_ticks; i=$((i + 1)); done; echo "ticks $a $n"',
].join('; ');

/** Whether the guest's timer interrupts are being delivered (see TIMER_TICKS). */
async function clockTicks(g: Guest): Promise<boolean> {
  return ticksMoved(await g.succeed(TIMER_TICKS, { timeout: 30_000 }));
}

/** Whether TIMER_TICKS's output shows the count moving. */
function ticksMoved(output: string): boolean {
  const [a, b] = (/^ticks (\d+) (\d+)$/m.exec(output) ?? []).slice(1).map(Number);
  return b > a;
}

export function clearSnapshots(): void {
  fs.rmSync(snapshotsDir(), { recursive: true, force: true });
}
