// What `netrig test` shows while it runs. Plain lines, each stamped with the time since the run
// started: a describe being set up, a case starting, a case's result (and the labs' own lines:
// which guest boots on which machine, when it is ready). On a terminal, also a status block kept
// under the scrolling lines and redrawn every second: the elapsed time and counts, what is booting
// (from the labs' lines), what is being set up and which cases run, each with its own elapsed time.
// Without a terminal (CI), the plain lines alone: no escape codes.
import type { Reporter, ReportedHookContext, TestCase, TestModule, TestSuite } from 'vitest/node';
import { failedAncestor } from '../report/reporter.ts';

interface Running {
  title: string;
  since: number;
}

export interface ProgressOptions {
  /** Draw the status block; default: stdout is a terminal and this is not CI. */
  tty?: boolean;
  /** Where lines go; default process.stdout. */
  write?: (s: string) => void;
}

const COLOUR = { pass: '\x1b[32m', fail: '\x1b[31m', xfail: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', off: '\x1b[0m' };

export class ProgressReporter implements Reporter {
  private t0 = Date.now();
  private readonly tty: boolean;
  private readonly counts = { pass: 0, fail: 0, xfail: 0, skip: 0 };
  private toRun = 0;
  private readonly cases = new Map<string, Running>();
  private undecided: TestCase[] = [];
  private readonly setups = new Map<string, Running>();
  private readonly labs = new Labs();
  private block?: StatusBlock;
  private readonly out: (s: string) => void;

  constructor(opts: ProgressOptions = {}) {
    this.tty = opts.tty ?? (!!process.stdout.isTTY && !process.env.CI && process.env.TERM !== 'dumb');
    this.out = opts.write ?? ((s) => void process.stdout.write(s));
  }

  onTestRunStart(): void {
    this.t0 = Date.now();
    if (this.tty) this.block = new StatusBlock(() => this.status(), (text) => this.labs.read(text));
  }

  onTestModuleCollected(m: TestModule): void {
    for (const t of m.children.allTests()) if (t.options.mode === 'run') this.toRun++;
  }

  onHookStart(hook: ReportedHookContext): void {
    if (hook.name !== 'beforeAll' || hook.entity.type !== 'suite') return;
    const title = `${hook.entity.fullName.replace(/ > /g, ' › ')} (${hook.entity.module.relativeModuleId})`;
    this.setups.set(hook.entity.id, { title, since: Date.now() });
    this.line(`setting up ${title}`);
  }

  onHookEnd(hook: ReportedHookContext): void {
    if (hook.name !== 'beforeAll' || hook.entity.type !== 'suite') return;
    this.setups.delete(hook.entity.id);
    if (!this.setups.size) this.labs.clear();
  }

  onTestCaseReady(t: TestCase): void {
    if (t.options.mode !== 'run') return;
    this.cases.set(t.id, { title: titleOf(t), since: Date.now() });
    this.line(`run  ${titleOf(t)}`);
  }

  onTestCaseResult(t: TestCase): void {
    const running = this.cases.get(t.id);
    this.cases.delete(t.id);
    // A guest that never said it was ready (its case boots per case and failed) is not booting now.
    if (!this.setups.size && !this.cases.size) this.labs.clear();
    const r = t.result();
    const took = t.diagnostic()?.duration ?? (running ? Date.now() - running.since : undefined);
    const time = took === undefined ? '' : ` (${seconds(took)})`;
    if (r.state === 'passed') {
      const xfail = !!t.options.fails;
      this.counts[xfail ? 'xfail' : 'pass']++;
      this.line(`${this.paint(xfail ? 'xfail' : 'pass', xfail ? 'xfail' : 'pass')} ${titleOf(t)}${time}`);
    } else if (r.state === 'failed') {
      this.counts.fail++;
      const why = String(r.errors?.[0]?.message ?? '').split('\n')[0];
      this.line(`${this.paint('fail', 'FAIL')} ${titleOf(t)}${time}${why ? `: ${why}` : ''}`);
    } else if (t.options.mode === 'run') {
      // Meant to run: either filtered out, or its describe's setup failed — which is known only
      // once the describe has finished (the hook's error travels with the describe's result).
      this.undecided.push(t);
    } else {
      this.counts.skip++;
    }
  }

  onTestSuiteResult(s: TestSuite): void {
    const why = s.errors()[0]?.message?.split('\n')[0];
    if (why) this.line(`${this.paint('fail', 'FAIL')} setting up ${s.fullName.replace(/ > /g, ' › ')}: ${why}`);
    this.decide();
  }

  onTestModuleEnd(m: TestModule): void {
    const why = m.errors()[0]?.message?.split('\n')[0];
    if (why) this.line(`${this.paint('fail', 'FAIL')} ${m.relativeModuleId}: ${why}`);
    this.decide(m);
  }

  /** Cases that did not run: failed if a hook of theirs failed, else (once their file ended) skipped. */
  private decide(ended?: TestModule): void {
    this.undecided = this.undecided.filter((t) => {
      const final = t.module.id === ended?.id;
      if (failedAncestor(t)) {
        this.counts.fail++;
        this.line(`${this.paint('fail', 'FAIL')} ${titleOf(t)}: did not run, the setup of its describe failed`);
        return false;
      }
      if (final) this.counts.skip++;
      return !final;
    });
  }

  onTestRunEnd(): void {
    this.block?.stop();
    this.block = undefined;
    const c = this.counts;
    this.line(`done: ${c.pass} passed, ${c.fail} failed${c.xfail ? `, ${c.xfail} expected-fail` : ''}${c.skip ? `, ${c.skip} skipped` : ''}`);
  }

  private line(text: string): void {
    this.out(`${this.tty ? COLOUR.dim : ''}[${clock(Date.now() - this.t0)}]${this.tty ? COLOUR.off : ''} ${text}\n`);
  }

  private paint(kind: 'pass' | 'fail' | 'xfail', text: string): string {
    return this.tty ? `${COLOUR[kind]}${text}${COLOUR.off}` : text;
  }

  /** The status block's lines (without colour; the block dims and truncates them). */
  private status(): string[] {
    const now = Date.now();
    const c = this.counts;
    const done = c.pass + c.fail + c.xfail;
    const head = [`netrig test ${clock(now - this.t0)}`, `${c.pass} passed`, `${c.fail} failed`];
    if (c.xfail) head.push(`${c.xfail} expected-fail`);
    head.push(`${done} of ${Math.max(this.toRun, done)} cases done`);
    const lines = [head.join(' · ')];
    for (const b of this.labs.booting(now)) lines.push(`  booting     ${b}`);
    for (const s of this.setups.values()) lines.push(`  setting up  ${s.title} ${seconds(now - s.since)}`);
    for (const r of this.cases.values()) lines.push(`  running     ${r.title} ${seconds(now - r.since)}`);
    return lines;
  }
}

function titleOf(t: TestCase): string {
  const names = [t.name];
  for (let p: TestSuite | TestModule = t.parent; p.type === 'suite'; p = p.parent) names.unshift(p.name);
  return names.join(' › ');
}

/** 0:07, 1:23, 12:05. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/**
 * Guests booting, from the lines labs print (harness/lab/lab.ts prefixes them with `[lab]`,
 * harness/qemu/guest.ts says `router: <image> on <machine>, <accel> (…)` when QEMU starts and
 * `router: ready in 9.9 s` once it has booted).
 */
export class Labs {
  private readonly guests = new Map<string, { what: string; since: number }>();
  private partial = '';

  read(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) {
      const m = /^\[([^\]\s]+)\] ([\w.-]+): (.*)$/.exec(l.replace(/\x1b\[[0-9;]*m/g, ''));
      if (!m) continue;
      const key = `${m[1]}: ${m[2]}`;
      const boot = /^(.+) on ([\w.-]+), (\w+)\b/.exec(m[3]);
      if (boot) this.guests.set(key, { what: `${key} (${boot[1]} on ${boot[2]}, ${boot[3]})`, since: Date.now() });
      else if (/^(ready in|resumed from snapshot in) /.test(m[3])) this.guests.delete(key);
    }
  }

  booting(now: number): string[] {
    return [...this.guests.values()].map((g) => `${g.what} ${seconds(now - g.since)}`);
  }

  clear(): void {
    this.guests.clear();
  }
}

/**
 * A few lines kept at the bottom of the terminal. Everything else written to stdout or stderr
 * (vitest's own output, the workers' lines) goes above it: the block is erased, the text written,
 * the block drawn again — only once the text has ended its line, so a half line is never split.
 */
class StatusBlock {
  private drawn = 0;
  private atLineStart = true;
  private readonly timer: NodeJS.Timeout;
  private readonly restore: Array<() => void> = [];
  private readonly write: (s: string) => boolean;

  constructor(
    private readonly lines: () => string[],
    private readonly seen: (text: string) => void,
  ) {
    this.write = process.stdout.write.bind(process.stdout) as (s: string) => boolean;
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        this.seen(text);
        this.erase();
        const r = (original as (c: string | Uint8Array, ...x: unknown[]) => boolean)(chunk, ...rest);
        if (text.length) this.atLineStart = text.endsWith('\n');
        this.draw();
        return r;
      }) as typeof stream.write;
      this.restore.push(() => (stream.write = original as typeof stream.write));
    }
    this.timer = setInterval(() => {
      this.erase();
      this.draw();
    }, 1000).unref();
    process.once('exit', () => this.stop());
    this.draw();
  }

  stop(): void {
    clearInterval(this.timer);
    this.erase();
    for (const r of this.restore.splice(0)) r();
  }

  private erase(): void {
    if (!this.drawn) return;
    // Up to the block's first row, then clear to the end of the screen.
    this.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    if (!this.atLineStart || this.drawn) return;
    const width = Math.max(20, (process.stdout.columns || 100) - 1);
    const lines = this.lines().map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
    this.write(lines.map((l, i) => (i === 0 ? `${COLOUR.bold}${l}${COLOUR.off}` : `${COLOUR.dim}${l}${COLOUR.off}`)).join('\n') + '\n');
    this.drawn = lines.length;
  }
}
