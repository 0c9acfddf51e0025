// An expect-style serial console: everything the guest prints is kept as a transcript (in memory
// and in a file), `waitFor` awaits text after the last match, and `exec` runs a shell command and
// returns its exit code and output, framed by markers so neither echo nor prompts confuse it.
import fs from 'node:fs';
import type { Duplex } from 'node:stream';
import { deadline, NetrigError, tail, type WaitOptions } from '../util/wait.ts';

export interface ExecResult {
  code: number;
  output: string;
}

type Waiter = { test: () => boolean };

export class Console {
  /** Everything the guest printed so far, as received (\r\n line ends and all). */
  private transcript = '';
  /** Where the next `waitFor` starts looking. */
  private cursor = 0;
  private stream?: Duplex;
  private readonly waiters = new Set<Waiter>();
  private readonly file?: fs.WriteStream;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private readonly viewers = new Set<(chunk: Buffer) => void>();

  constructor(
    readonly name: string,
    opts: { transcript?: string; signal?: AbortSignal } = {},
  ) {
    if (opts.transcript) this.file = fs.createWriteStream(opts.transcript, { flags: 'a' });
    this.signal = opts.signal;
  }
  private readonly signal?: AbortSignal;

  /** Connects the console to the guest's serial line. */
  attach(stream: Duplex): void {
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.feed(chunk));
    stream.on('error', () => {});
  }

  /** @internal also used by tests to play a recorded console. */
  feed(chunk: Buffer): void {
    this.transcript += chunk.toString('latin1');
    this.file?.write(chunk);
    for (const v of this.viewers) v(chunk);
    for (const w of [...this.waiters]) if (w.test()) this.waiters.delete(w);
  }

  /** Raw bytes as they arrive (for an interactive attach); returns the unsubscribe function. */
  view(viewer: (chunk: Buffer) => void): () => void {
    this.viewers.add(viewer);
    return () => this.viewers.delete(viewer);
  }

  get text(): string {
    return this.transcript;
  }

  /** The console's last lines, for errors. */
  tail(lines = 20): string {
    return tail(this.transcript, lines);
  }

  write(text: string): void {
    if (!this.stream) throw new NetrigError(`console of ${this.name} is not connected`);
    this.stream.write(text);
  }

  /**
   * Waits until `pattern` appears in what the guest prints after the previous match, and moves
   * past it. Fails after the timeout with the console's last lines.
   */
  waitFor(pattern: RegExp | string, opts: WaitOptions = {}): Promise<RegExpExecArray> {
    const re = typeof pattern === 'string' ? new RegExp(escapeRe(pattern)) : new RegExp(pattern.source, pattern.flags.replace('g', ''));
    let waiter: Waiter | undefined;
    const found = new Promise<RegExpExecArray>((resolve) => {
      waiter = {
        test: () => {
          const m = re.exec(this.transcript.slice(this.cursor));
          if (!m) return false;
          m.index += this.cursor;
          this.cursor = m.index + m[0].length;
          resolve(m);
          return true;
        },
      };
      if (!waiter.test()) this.waiters.add(waiter);
    });
    return deadline(found, {
      what: `${re} on the console of ${this.name}`,
      evidence: () => `${this.name} console, last lines:\n${this.tail()}`,
      signal: this.signal,
      ...opts,
      onGiveUp: () => waiter && this.waiters.delete(waiter),
    });
  }

  /**
   * Runs `command` in the guest's shell and returns its exit code and output (stdout and stderr
   * together). Commands run one at a time; stdin is /dev/null.
   */
  exec(command: string, opts: WaitOptions = {}): Promise<ExecResult> {
    const run = this.queue.then(async () => {
      const n = ++this.seq;
      // Quotes split the markers in what we type, so the echo of the command never matches.
      const begin = this.waitFor(new RegExp(`@@B${n}\\r?\\n`), { timeout: opts.timeout ?? 30_000, what: `command ${n} to start: ${command}` });
      const end = this.waitFor(new RegExp(`@@E${n} (\\d+)\\r?\\n`), {
        timeout: opts.timeout ?? 30_000,
        what: `\`${command}\` to finish`,
        ...opts,
      });
      this.write(`echo "@@""B${n}"; ( ${command}\n) </dev/null 2>&1; echo "@@""E${n} $?"\n`);
      const b = await begin;
      const e = await end;
      const output = this.transcript.slice(b.index + b[0].length, e.index).replace(/\r\n/g, '\n').replace(/\r/g, '');
      return { code: Number(e[1]), output: output.replace(/\n$/, '') };
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Runs `command` and returns its output; throws with the output if the exit code is not 0. */
  async succeed(command: string, opts: WaitOptions = {}): Promise<string> {
    const r = await this.exec(command, opts);
    if (r.code !== 0) throw new NetrigError(`\`${command}\` on ${this.name} exited with ${r.code}`, r.output || '(no output)');
    return r.output;
  }

  close(): void {
    this.stream?.destroy();
    this.file?.end();
    this.waiters.clear();
    this.viewers.clear();
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
