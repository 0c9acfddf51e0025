// A segment is one broadcast domain (Liminix names: access, lan, world): a multicast group on the
// lab's loopback where each UDP datagram is one Ethernet frame. The segment records every frame
// that crossed it, once, with its time and who sent it; Ports let TypeScript send and receive.
import { deadline, type WaitOptions } from '../util/wait.ts';

export interface SegmentSpec {
  name: string;
  group: string;
  port: number;
}

/** The Liminix conventions. */
export const LIMINIX_SEGMENTS: Record<'access' | 'lan' | 'world', SegmentSpec> = {
  access: { name: 'access', group: '230.0.0.1', port: 1234 },
  lan: { name: 'lan', group: '230.0.0.1', port: 1235 },
  world: { name: 'world', group: '230.0.0.1', port: 1236 },
};

export interface SeenFrame {
  /** The Ethernet frame, as sent (garbage included: nothing is decoded here). */
  data: Buffer;
  /** Milliseconds since the epoch, microsecond precision. */
  time: number;
  /** Name of the Port that sent it; `qemu` for guests (their socket is bound to the group's port). */
  from: string;
}

export type FrameListener = (f: SeenFrame) => void;

interface Wiring {
  openPort(name: string): Promise<{ id: number; srcport: number }>;
  send(portId: number, frame: Uint8Array): void;
  closePort(portId: number): void;
}

const MAX_KEPT = 200_000;

export class Segment {
  readonly name: string;
  readonly group: string;
  readonly port: number;
  /** Every frame seen on this segment, oldest first (the oldest are dropped past 200,000). */
  readonly frames: SeenFrame[] = [];
  private readonly listeners = new Set<FrameListener>();
  private readonly ports = new Map<number, Port>();

  constructor(spec: SegmentSpec, private readonly wiring: Wiring) {
    this.name = spec.name;
    this.group = spec.group;
    this.port = spec.port;
  }

  /** The QEMU `-netdev` value that puts a guest NIC on this segment. */
  netdev(id: string): string {
    return `socket,id=${id},mcast=${this.group}:${this.port},localaddr=127.0.0.1`;
  }

  /** A new attachment point for TypeScript: send raw frames, receive everyone else's. */
  async attach(name: string): Promise<Port> {
    const { id, srcport } = await this.wiring.openPort(name);
    const port = new Port(name, this, id, srcport, this.wiring);
    this.ports.set(srcport, port);
    return port;
  }

  /** Called for every frame that crosses the segment; returns the unsubscribe function. */
  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first frame, already seen or still to come, that satisfies `match`. */
  find(match: (f: SeenFrame) => boolean, opts: WaitOptions = {}): Promise<SeenFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return this.next(match, opts);
  }

  /** The next frame from now on that satisfies `match`. */
  next(match: (f: SeenFrame) => boolean, opts: WaitOptions = {}): Promise<SeenFrame> {
    return nextFrame((l) => this.onFrame(l), match, { what: `a matching frame on ${this.name}`, evidence: () => this.describeLast(), ...opts });
  }

  /** A few words on the last frames, for errors. `describe` turns a frame into a line. */
  describeLast(n = 8, describe: (f: SeenFrame) => string = hexLine): string {
    const last = this.frames.slice(-n);
    if (!last.length) return `no frame crossed ${this.name}`;
    return [`last ${last.length} of ${this.frames.length} frames on ${this.name}:`, ...last.map(describe)].join('\n');
  }

  /** @internal the namespace hands every datagram of this segment here. */
  deliver(data: Buffer, srcport: number, time: number): void {
    const sender = this.ports.get(srcport);
    const frame: SeenFrame = { data, time, from: sender?.name ?? (srcport === this.port ? 'qemu' : `udp:${srcport}`) };
    this.frames.push(frame);
    if (this.frames.length > MAX_KEPT) this.frames.splice(0, this.frames.length - MAX_KEPT);
    for (const l of this.listeners) {
      try {
        l(frame);
      } catch {
        /* a listener's bug must not stop the segment; listeners report their own errors */
      }
    }
    for (const p of this.ports.values()) if (p !== sender) p.deliver(frame);
  }

  /** @internal */
  forget(port: Port): void {
    this.ports.delete(port.srcport);
  }

  close(): void {
    for (const p of [...this.ports.values()]) p.close();
    this.listeners.clear();
  }
}

/** The first frame from now on that `subscribe` delivers and `match` accepts, within the deadline. */
function nextFrame(subscribe: (l: FrameListener) => () => void, match: (f: SeenFrame) => boolean, opts: WaitOptions): Promise<SeenFrame> {
  let off = () => {};
  const p = new Promise<SeenFrame>((resolve) => {
    off = subscribe((f) => {
      if (match(f)) {
        off();
        resolve(f);
      }
    });
  });
  return deadline(p, { ...opts, onGiveUp: off });
}

function hexLine(f: SeenFrame): string {
  const t = new Date(f.time).toISOString().slice(11, 23);
  return `${t} from ${f.from} ${f.data.length}B ${f.data.subarray(0, 34).toString('hex')}`;
}

/** One attachment of TypeScript to a segment. It never hears its own frames. */
export class Port implements AsyncIterable<SeenFrame> {
  private readonly listeners = new Set<FrameListener>();
  private closed = false;

  constructor(
    readonly name: string,
    readonly segment: Segment,
    private readonly id: number,
    readonly srcport: number,
    private readonly wiring: Wiring,
  ) {}

  /**
   * Puts one raw Ethernet frame on the segment: any bytes at all, runts and giants included, but
   * not none — QEMU's socket netdev takes a 0-byte datagram for the end of the connection and
   * stops receiving, so one empty frame would leave every guest NIC on the segment deaf.
   */
  send(frame: Uint8Array): void {
    if (this.closed) throw new Error(`port ${this.name} on ${this.segment.name} is closed`);
    if (frame.length === 0) throw new Error(`port ${this.name} on ${this.segment.name}: an empty frame is not sent (QEMU's socket netdev would take it for the end of the connection and its NICs on ${this.segment.name} would stop receiving)`);
    this.wiring.send(this.id, frame);
  }

  /** Frames others sent, from now on; returns the unsubscribe function. */
  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next frame from someone else that satisfies `match`. */
  next(match: (f: SeenFrame) => boolean = () => true, opts: WaitOptions = {}): Promise<SeenFrame> {
    return nextFrame((l) => this.onFrame(l), match, {
      what: `a matching frame at port ${this.name} on ${this.segment.name}`,
      evidence: () => this.segment.describeLast(),
      ...opts,
    });
  }

  /** Iterates the frames others send from now on (buffered up to 10,000 between reads). */
  async *[Symbol.asyncIterator](): AsyncIterator<SeenFrame> {
    const queue: SeenFrame[] = [];
    let wake: (() => void) | undefined;
    const off = this.onFrame((f) => {
      if (queue.length < 10_000) queue.push(f);
      wake?.();
    });
    try {
      while (!this.closed) {
        if (!queue.length) await new Promise<void>((r) => (wake = r));
        wake = undefined;
        while (queue.length) yield queue.shift()!;
      }
    } finally {
      off();
    }
  }

  /** @internal */
  deliver(frame: SeenFrame): void {
    for (const l of this.listeners) {
      try {
        l(frame);
      } catch {
        /* see Segment.deliver */
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wiring.closePort(this.id);
    this.segment.forget(this);
    this.listeners.clear();
  }
}
