// A lab's private network: a network namespace whose loopback carries the lab's multicast
// segments, so its frames never reach the machine's real interfaces and two labs never hear
// each other. The namespace is held open by the frame relay (relay.mjs), which every other
// process of the lab joins with nsenter; it dies with its last process.
import { execa, type ResultPromise } from 'execa';
import { fileURLToPath } from 'node:url';
import { NetrigError, deadline, tail } from '../util/wait.ts';
import { Segment, type SegmentSpec } from './segment.ts';

const RELAY = fileURLToPath(new URL('./relay.mjs', import.meta.url));

/** Prefix that makes a spawned process die when the process that spawned it dies. */
export const PDEATHSIG = ['setpriv', '--pdeathsig', 'KILL', '--'];

type Reply = { type: number; body: Buffer };
const RELAY_OPTIONS = { buffer: false, stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', encoding: 'buffer', reject: false, cleanup: true } as const;

export class Netns {
  private constructor(
    private readonly relay: ResultPromise<typeof RELAY_OPTIONS>,
    readonly rootless: boolean,
  ) {}

  /** PID of the relay, the process that holds the namespace; others join it with nsenter. */
  get pid(): number {
    return this.relay.pid!;
  }

  private readonly segments = new Map<number, Segment>();
  private readonly waiters: Array<{ match: (r: Reply) => boolean; resolve: (r: Reply) => void }> = [];
  private stderr = '';
  private closed = false;
  private nextPortId = 1;

  /** Creates the namespace (root: `unshare -n`; otherwise `unshare -rn`, a user namespace). */
  static async open(): Promise<Netns> {
    const rootless = process.getuid?.() !== 0;
    const setup = 'ip link set lo up multicast on && ip route add 224.0.0.0/4 dev lo && exec "$0" "$1"';
    const argv = ['unshare', rootless ? '-rn' : '-n', '--', ...PDEATHSIG, 'sh', '-c', setup, process.execPath, RELAY];
    const relay = execa(argv[0], argv.slice(1), RELAY_OPTIONS);
    const ns = new Netns(relay, rootless);
    relay.stderr.on('data', (c: Buffer) => (ns.stderr = (ns.stderr + c.toString()).slice(-4000)));
    ns.listen();
    const exited = relay.then((r) => {
      throw new NetrigError(
        `could not create the lab's network namespace (\`${argv.slice(0, 3).join(' ')}\` exited with ${r.exitCode ?? r.signal})` +
          (rootless
            ? ': as non-root netrig needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or kernel.apparmor_restrict_unprivileged_userns=0), or run as root'
            : ''),
        tail(ns.stderr, 10) || undefined,
      );
    });
    await Promise.race([ns.reply((r) => r.type === 100, 'the frame relay to start'), exited]);
    exited.catch(() => {});
    return ns;
  }

  /** argv that runs `argv` inside the namespace, dying with this process. */
  wrap(argv: string[]): string[] {
    const userns = this.rootless ? ['-U', '--preserve-credentials'] : [];
    return ['nsenter', '-t', String(this.pid), '-n', ...userns, '--', ...PDEATHSIG, ...argv];
  }

  /** Runs a short command inside the namespace and returns its result (never throws on exit code). */
  async run(argv: string[], opts: { timeout?: number } = {}) {
    const full = this.wrap(argv);
    return execa(full[0], full.slice(1), { reject: false, timeout: opts.timeout ?? 10_000, all: true });
  }

  /** Opens a multicast segment (a broadcast domain) on the namespace's loopback. */
  async segment(spec: SegmentSpec): Promise<Segment> {
    const id = this.segments.size;
    const seg = new Segment(spec, {
      openPort: (name) => this.openPort(id, name),
      send: (portId, frame) => this.send(3, portIdBody(portId, frame)),
      closePort: (portId) => this.send(4, portIdBody(portId)),
    });
    this.segments.set(id, seg);
    const body = Buffer.alloc(7);
    body.writeUInt8(id, 0);
    body.writeUInt16BE(spec.port, 1);
    spec.group.split('.').forEach((o, i) => body.writeUInt8(Number(o), 3 + i));
    this.send(1, body);
    await this.reply((r) => r.type === 101 && r.body[0] === id, `segment ${spec.name} to open`);
    return seg;
  }

  private async openPort(seg: number, name: string): Promise<{ id: number; srcport: number }> {
    const id = this.nextPortId++;
    const body = Buffer.alloc(3);
    body.writeUInt16BE(id, 0);
    body.writeUInt8(seg, 2);
    this.send(2, body);
    const r = await this.reply((r) => r.type === 102 && r.body.readUInt16BE(0) === id, `port ${name} to open`);
    return { id, srcport: r.body.readUInt16BE(2) };
  }

  private send(type: number, body: Buffer): void {
    if (this.closed) return;
    const head = Buffer.allocUnsafe(5);
    head.writeUInt32BE(body.length + 1, 0);
    head.writeUInt8(type, 4);
    this.relay.stdin.write(Buffer.concat([head, body]));
  }

  private reply(match: (r: Reply) => boolean, what: string): Promise<Reply> {
    return deadline(new Promise<Reply>((resolve) => this.waiters.push({ match, resolve })), {
      timeout: 10_000,
      what,
      evidence: () => tail(this.stderr, 10),
    });
  }

  private listen(): void {
    let pending: Buffer = Buffer.alloc(0);
    this.relay.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const len = pending.readUInt32BE(0);
        if (pending.length < 4 + len) break;
        this.dispatch(pending[4], pending.subarray(5, 4 + len));
        pending = pending.subarray(4 + len);
      }
    });
  }

  private dispatch(type: number, body: Buffer): void {
    if (type === 110) {
      this.segments.get(body[0])?.deliver(Buffer.from(body.subarray(11)), body.readUInt16BE(1), body.readDoubleBE(3));
      return;
    }
    if (type === 199) this.stderr += `relay: ${body.toString()}\n`;
    const i = this.waiters.findIndex((w) => w.match({ type, body }));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve({ type, body });
  }

  /** Ends the namespace: the relay exits, and with its last process the namespace is gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.segments.values()) s.close();
    this.relay.stdin.end();
    const timer = setTimeout(() => this.relay.kill('SIGKILL'), 2000);
    await this.relay;
    clearTimeout(timer);
  }

  /** For process-exit paths, where nothing asynchronous runs any more. */
  killSync(): void {
    this.closed = true;
    try {
      this.relay.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

function portIdBody(id: number, frame?: Uint8Array): Buffer {
  const b = Buffer.allocUnsafe(2 + (frame?.length ?? 0));
  b.writeUInt16BE(id, 0);
  if (frame) b.set(frame, 2);
  return b;
}
