// A Lab is one isolated run: its own network namespace, scratch directory and artifacts
// directory, and one cleanup stack that always runs — after success, a failed test, Ctrl-C or
// SIGTERM; after SIGKILL the guests die with us through their parent-death signal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Netns } from '../net/netns.ts';
import { openPcap } from '../net/pcap.ts';
import { LIMINIX_SEGMENTS, type Segment, type SegmentSpec } from '../net/segment.ts';
import { Guest, type GuestSpec } from '../qemu/guest.ts';
import { alive } from '../util/proc.ts';
import { Timeline } from './timeline.ts';

export type SegmentName = keyof typeof LIMINIX_SEGMENTS;

export interface LabOptions {
  /** Names the artifacts directory: artifacts/<run>/<name>. */
  name?: string;
  /** Overrides where artifacts go. */
  artifacts?: string;
  log?: (line: string) => void;
}

export type LabGuestSpec = Omit<GuestSpec, 'nics'> & { nics: Array<{ name: string; segment: SegmentName | Segment; mac?: string }> };

const openLabs = new Set<Lab>();

/** The run's id: shared by every lab of one `netrig test` or vitest run (workers inherit it). */
export function runId(): string {
  process.env.NETRIG_RUN_ID ??= new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  return process.env.NETRIG_RUN_ID;
}

export function artifactsRoot(): string {
  return path.resolve(process.env.NETRIG_ARTIFACTS ?? 'artifacts', runId());
}

export class Lab {
  readonly guests = new Map<string, Guest>();
  private guestCount = 0;
  private readonly starting = new Set<string>();
  /** Boots, readiness, exits and protocol milestones; written to <artifacts>/timeline.json at close. */
  readonly timeline: Timeline;
  private readonly segments = new Map<string, Segment>();
  private readonly cleanups: Array<() => unknown> = [];
  private closing?: Promise<void>;

  private constructor(
    readonly name: string,
    readonly netns: Netns,
    /** Scratch: sockets, padded images. Removed at close. */
    readonly runDir: string,
    /** Console transcripts, pcaps, timeline: kept. */
    readonly artifacts: string,
    readonly log: (line: string) => void,
  ) {
    this.timeline = new Timeline(path.join(artifacts, 'timeline.json'));
  }

  static async open(opts: LabOptions = {}): Promise<Lab> {
    const name = sanitize(opts.name ?? 'lab');
    const artifacts = opts.artifacts ?? uniqueDir(path.join(artifactsRoot(), name));
    fs.mkdirSync(artifacts, { recursive: true });
    sweepStaleRunDirs();
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-'));
    fs.writeFileSync(path.join(runDir, 'owner.pid'), String(process.pid));
    let netns: Netns;
    try {
      netns = await Netns.open();
    } catch (e) {
      fs.rmSync(runDir, { recursive: true, force: true });
      throw e;
    }
    const log = opts.log ?? (process.env.NETRIG_QUIET ? () => {} : (l: string) => process.stderr.write(`[${name}] ${l}\n`));
    const lab = new Lab(name, netns, runDir, artifacts, log);
    openLabs.add(lab);
    guardProcess();
    return lab;
  }

  /** The segment of that name (Liminix conventions), opened on first use. */
  async segment(which: SegmentName | SegmentSpec): Promise<Segment> {
    const spec = typeof which === 'string' ? LIMINIX_SEGMENTS[which] : which;
    if (!spec) throw new Error(`unknown segment "${String(which)}"; known: ${Object.keys(LIMINIX_SEGMENTS).join(', ')}`);
    let seg = this.segments.get(spec.name);
    if (!seg) {
      seg = await this.netns.segment(spec);
      this.segments.set(spec.name, seg);
      this.capture(seg);
      this.defer(this.timeline.watch(seg));
    }
    return seg;
  }

  /** Starts a guest (QEMU running; await `waitReady()` for it to have booted). */
  async guest(spec: LabGuestSpec): Promise<Guest> {
    if (this.guests.has(spec.name) || this.starting.has(spec.name)) throw new Error(`lab ${this.name} already has a guest named ${spec.name}`);
    // Taken before any await: guests start in parallel and must not share MACs.
    const index = ++this.guestCount;
    this.starting.add(spec.name);
    const nics = await Promise.all(
      spec.nics.map(async (n, i) => ({
        name: n.name,
        segment: typeof n.segment === 'string' ? await this.segment(n.segment) : n.segment,
        mac: n.mac ?? guestMac(index, i),
      })),
    );
    for (const n of nics) this.timeline.name(n.mac, `${spec.name}.${n.name}`);
    const onEvent = (kind: 'boot' | 'ready' | 'exit', text: string) => this.timeline.add({ source: spec.name, kind, text });
    try {
      const guest = await Guest.start({ ...spec, nics }, { netns: this.netns, runDir: this.runDir, artifacts: this.artifacts, log: this.log, onEvent });
      this.guests.set(spec.name, guest);
      return guest;
    } finally {
      this.starting.delete(spec.name);
    }
  }

  /** Stops a guest and forgets it, so that one of the same name can be started again. */
  async dropGuest(name: string): Promise<void> {
    const g = this.guests.get(name);
    this.guests.delete(name);
    await g?.stop();
  }

  /**
   * Writes every frame of the segment to <artifacts>/<segment>.pcap as it crosses. Written
   * synchronously, record by record, so the file is whole whenever it is read — even after the
   * runner was killed.
   */
  private capture(seg: Segment): void {
    const pcap = openPcap(path.join(this.artifacts, `${seg.name}.pcap`));
    const off = seg.onFrame((f) => pcap.write(f.data, f.time));
    this.defer(() => {
      off();
      pcap.close();
    });
  }

  /**
   * Adds a step to the cleanup stack (run last-in first-out at close). A `sync` step also runs
   * on the exit path (a signal), where nothing asynchronous can.
   */
  defer(fn: () => unknown, opts: { sync?: boolean } = {}): void {
    this.cleanups.push(fn);
    if (opts.sync) this.syncCleanups.push(fn);
  }
  private readonly syncCleanups: Array<() => unknown> = [];

  /** Tears everything down; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.teardown();
    return this.closing;
  }

  private async teardown(): Promise<void> {
    const errors: unknown[] = [];
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        errors.push(e);
      }
    }
    await Promise.all([...this.guests.values()].map((g) => g.stop().catch((e: unknown) => errors.push(e))));
    await this.netns.close().catch((e: unknown) => errors.push(e));
    fs.rmSync(this.runDir, { recursive: true, force: true });
    try {
      this.timeline.flush();
    } catch (e) {
      errors.push(e);
    }
    openLabs.delete(this);
    if (errors.length) throw new AggregateError(errors, `lab ${this.name}: ${errors.length} cleanup step(s) failed`);
  }

  /** The exit path: kill everything now, synchronously. */
  killSync(): void {
    for (const fn of this.syncCleanups.splice(0).reverse()) {
      try {
        fn();
      } catch {
        /* best effort on the way out */
      }
    }
    for (const g of this.guests.values()) g.killSync();
    this.netns.killSync();
    fs.rmSync(this.runDir, { recursive: true, force: true });
    try {
      this.timeline.flush();
    } catch {
      /* the exit path goes on: the timeline is a convenience, the kill is not */
    }
    openLabs.delete(this);
  }
}

/** Locally administered, unique within a lab: 52:54:00:<guest>:<nic>:01. */
export function guestMac(guest: number, nic: number): string {
  const h = (n: number) => n.toString(16).padStart(2, '0');
  return `52:54:00:${h(guest)}:${h(nic)}:01`;
}

function sanitize(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'lab';
}

function uniqueDir(base: string): string {
  let dir = base;
  for (let i = 2; fs.existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

/**
 * A runner killed with SIGKILL cannot remove its scratch directory (its guests and namespace die
 * with it, but files stay): the next lab removes directories whose owner is gone.
 */
export function sweepStaleRunDirs(): string[] {
  const swept: string[] = [];
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith('netrig-') || entry.startsWith('netrig-accel-')) continue;
    const dir = path.join(os.tmpdir(), entry);
    let owner: number;
    try {
      owner = Number(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (owner && !alive(owner)) {
      fs.rmSync(dir, { recursive: true, force: true });
      swept.push(dir);
    }
  }
  return swept;
}


let guarded = false;
/** Once per process: on exit or a fatal signal, kill every open lab's processes synchronously. */
function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', () => {
    for (const lab of [...openLabs]) lab.killSync();
  });
  // A fatal signal ends the process as it would have without us (exit status 128 + signal), but
  // only after every lab's processes and files are gone. Loaders (tsx) listen for signals too,
  // so "nobody else listens" cannot be the test for taking over.
  for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.on(sig, () => {
      for (const lab of [...openLabs]) lab.killSync();
      process.exit(128 + n);
    });
  }
}
