// A small QMP client: QEMU connects to a socket we listen on, we negotiate capabilities, then
// commands are JSON requests matched to replies by id; events go to listeners.
import type net from 'node:net';
import { deadline, NetrigError } from '../util/wait.ts';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; command: string };

export class Qmp {
  private buf = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: QmpEvent) => void>();
  private greeted!: Promise<void>;

  constructor(
    readonly guest: string,
    private readonly socket: net.Socket,
  ) {
    let greet!: () => void;
    this.greeted = new Promise((r) => (greet = r));
    socket.on('data', (c: Buffer) => {
      this.buf += c.toString();
      let nl: number;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl).trim();
        this.buf = this.buf.slice(nl + 1);
        if (line) this.handle(JSON.parse(line) as Record<string, unknown>, greet);
      }
    });
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new NetrigError(`QMP of ${guest} closed before \`${p.command}\` answered`));
      this.pending.clear();
    });
    socket.on('error', () => {});
  }

  /** Waits for the greeting and leaves capabilities negotiation mode. */
  async negotiate(): Promise<void> {
    await deadline(this.greeted, { timeout: 10_000, what: `the QMP greeting of ${this.guest}` });
    await this.execute('qmp_capabilities');
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>, timeout = 30_000): Promise<T> {
    const id = this.nextId++;
    const p = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, command });
    });
    this.socket.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id }) + '\n');
    return deadline(p, { timeout, what: `QMP ${command} on ${this.guest}`, onGiveUp: () => this.pending.delete(id) });
  }

  onEvent(listener: (e: QmpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private handle(msg: Record<string, unknown>, greet: () => void): void {
    if ('QMP' in msg) return greet();
    if ('event' in msg) {
      for (const l of this.listeners) l(msg as unknown as QmpEvent);
      return;
    }
    const id = msg.id as number;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if ('error' in msg) {
      const e = msg.error as { class: string; desc: string };
      p.reject(new NetrigError(`QMP ${p.command} on ${this.guest} failed: ${e.class}: ${e.desc}`));
    } else p.resolve(msg.return);
  }

  close(): void {
    this.socket.destroy();
  }
}
