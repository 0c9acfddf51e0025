// The netrig command as a user meets it: spawned, with a real pseudo-terminal where one matters
// (console), and every bad-usage path answering with one line that names what is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pcapParser from 'pcap-parser';
import { decodeFrame } from '../../harness/packets/index.ts';
import { alive } from '../../harness/util/proc.ts';
import { retry } from '../../harness/util/wait.ts';
import { images } from '../../harness/vitest/topology.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BIN = path.join(ROOT, 'bin/netrig.mjs');
const netrig = (args: string[], opts: { input?: string; timeout?: number } = {}) =>
  execa('node', [BIN, ...args], { cwd: ROOT, reject: false, all: true, timeout: opts.timeout ?? 60_000, input: opts.input });

describe('usage', () => {
  test('--help documents every command', async () => {
    const r = await netrig(['--help']);
    expect(r.exitCode).toBe(0);
    for (const c of ['main', 'test', 'bench', 'up', 'console', 'exec', 'capture', 'fixtures', 'report']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });
  test.each([
    [['tset'], /unknown command 'tset'[\s\S]*Did you mean test\?/],
    [['up', 'pppoa'], /unknown topology "pppoa"; known: lan, pppoe, ipoe, l2tp/],
    [['test', '--shard', 'one'], /--shard wants i\/n, e\.g\. 1\/2; got "one"/],
    [['test', '--image', '/nonexistent/result'], /\/nonexistent\/result: the image directory does not exist/],
    [['test', '--image', 'fixture:ppc'], /unknown fixture "fixture:ppc"; known: fixture:mipsel, fixture:armhf, fixture:arm64/],
    [['exec'], /missing required argument 'node'/],
    [["fixtures", "build", "sparc"], /unknown (fixture|architecture) "sparc"; known: .*mipsel, .*armhf, .*arm64/],
    [['report', '/nonexistent'], /cannot render a report from \/nonexistent\/results\.json: it does not exist/],
  ])('netrig %j fails with a one-line reason', async (args, message) => {
    const r = await netrig(args);
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toMatch(message);
  });
});

describe(`a lab kept up, reached from other terminals (${images()[0].label})`, () => {
  let up: ResultPromise | undefined;
  let out = '';
  beforeAll(async () => {
    up = execa('node', [BIN, 'up', 'lan', '--image', images()[0].dir], { cwd: ROOT, reject: false, all: true, buffer: false });
    up.all!.on('data', (c: Buffer) => (out += c.toString()));
    await retry(() => (/Ctrl-C tears everything down/.test(out) ? true : undefined), { timeout: 120_000, what: 'netrig up to say the lab is up', evidence: () => out });
  });
  afterAll(async () => {
    if (up && up.exitCode === null) up.kill('SIGINT');
    await up;
  });

  test('up prints how to attach', () => {
    expect(out).toMatch(/lab "lan" is up in [\d.]+ s/);
    expect(out).toMatch(/netrig console router/);
  });

  test('exec runs a command on the router and exits with its code', async () => {
    const r = await netrig(['exec', 'router', 'ip', '-6', 'route']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/dev lan/);
    expect((await netrig(['exec', 'router', 'exit', '3'])).exitCode).toBe(3);
    expect((await netrig(['exec', 'nobody', 'true'])).all).toMatch(/no node "nobody" in this lab; nodes: router/);
  });

  test('capture prints one summary line per frame, and -w writes a pcap Wireshark opens', async () => {
    // Ask the router to speak on lan while we listen.
    const poke = setInterval(() => void netrig(['exec', 'router', 'ping -c 1 -W 1 192.168.1.99 >/dev/null 2>&1']), 1500);
    try {
      const r = await netrig(['capture', 'lan', '-c', '2'], { timeout: 60_000 });
      expect(r.exitCode).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(l).toMatch(/^\s*[\d.]+ \S+ > \S+ \S+/);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-cap-')), 'lan.pcap');
      const w = await netrig(['capture', 'lan', '-c', '3', '-w', file], { timeout: 60_000 });
      expect(w.all).toMatch(/3 frames written to/);
      const frames = await new Promise<Buffer[]>((resolve, reject) => {
        const got: Buffer[] = [];
        const p = pcapParser.parse(file);
        p.on('packet', (x: { data: Buffer }) => got.push(x.data));
        p.on('end', () => resolve(got));
        p.on('error', reject);
      });
      expect(frames).toHaveLength(3);
      expect(frames.every((f) => !decodeFrame(f).error)).toBe(true);
      const ts = await execa('tshark', ['-r', file], { reject: false });
      expect(ts.exitCode).toBe(0);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    } finally {
      clearInterval(poke);
    }
  });

  test('console attaches through a pseudo-terminal, runs what is typed, and Ctrl-] detaches', async () => {
    // util-linux `script` gives the command a real pty, as a terminal would.
    const session = execa('script', ['-qfec', `node ${BIN} console router`, '/dev/null'], { cwd: ROOT, reject: false, all: true, buffer: false, timeout: 30_000 });
    let text = '';
    session.all!.on('data', (c: Buffer) => (text += c.toString()));
    await retry(() => (/connected to router/.test(text) ? true : undefined), { timeout: 15_000, what: 'the console to connect', evidence: () => text });
    session.stdin!.write('echo tty-$((6*7))\r');
    await retry(() => (/tty-42/.test(text) ? true : undefined), { timeout: 15_000, what: 'the typed command to run', evidence: () => text });
    session.stdin!.write('\x1d');
    const done = await session;
    expect(done.exitCode).toBe(0);
    expect(text).toMatch(/detached/);
  });

  test('Ctrl-C tears everything down: no QEMU, no announcement left', async () => {
    const info = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), 'netrig-labs', 'lan.json'), 'utf8')) as { pid: number; socket: string };
    const qemus = (await execa('pgrep', ['-P', String(info.pid), '-f', 'qemu-system'], { reject: false })).stdout.split('\n').filter(Boolean).map(Number);
    up!.kill('SIGINT');
    await up;
    for (const pid of qemus) await retry(() => (alive(pid) ? undefined : true), { timeout: 10_000, what: `QEMU ${pid} to exit` });
    expect(fs.existsSync(path.join(os.tmpdir(), 'netrig-labs', 'lan.json'))).toBe(false);
    expect(fs.existsSync(info.socket)).toBe(false);
  });
});
