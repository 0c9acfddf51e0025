// The netrig command as a user meets it: spawned, with a real pseudo-terminal where one matters
// (test's progress, console), every bad-usage path answering with one line that names what is
// wrong, and the CI recipe run for real: two shards of `netrig test`, then their merge.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pcapParser from 'pcap-parser';
import { resolveImages } from '../../harness/lab/images.ts';
import { artifactsRoot, runId } from '../../harness/lab/lab.ts';
import type { LabInfo } from '../../harness/lab/control.ts';
import { openPcap } from '../../harness/net/pcap.ts';
import { arpRequest, echoRequest4 } from '../../harness/packets/build.ts';
import { decodeFrame, encodeFrame } from '../../harness/packets/index.ts';
import type { ReportData } from '../../harness/report/model.ts';
import { alive } from '../../harness/util/proc.ts';
import { retry } from '../../harness/util/wait.ts';
import { images } from '../../harness/vitest/topology.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BIN = path.join(ROOT, 'bin/netrig.mjs');
const SHARDS = path.join(ROOT, 'harness/report/fixture-shards');

/**
 * The environment of a netrig started from here as from a user's shell: none of this vitest
 * run's own variables (its run id, images, worker ids), and not marked as CI.
 */
function userEnv(more: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(VITEST|NETRIG_(RUN_ID|IMAGES|REPORT_DIR|JUNIT|ARTIFACTS|QUIET|SNAPSHOT|NO_SNAPSHOT)$|CI$|FORCE_COLOR$|NO_COLOR$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...more };
}

const netrig = (args: string[], opts: { input?: string; timeout?: number; env?: Record<string, string> } = {}) =>
  execa('node', [BIN, ...args], { cwd: ROOT, reject: false, all: true, timeout: opts.timeout ?? 60_000, input: opts.input, env: opts.env ?? userEnv(), extendEnv: false });

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** netrig in a pseudo-terminal (util-linux `script`), as from an interactive shell. */
const inPty = (args: string[], opts: { timeout: number; env: Record<string, string> }) =>
  execa('script', ['-qfec', ['node', BIN, ...args].map(shellQuote).join(' '), '/dev/null'], { cwd: ROOT, reject: false, all: true, timeout: opts.timeout, env: opts.env, extendEnv: false });

describe.concurrent('usage', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-usage-'));
  const foreign = path.join(scratch, 'foreign');
  fs.mkdirSync(foreign);
  fs.writeFileSync(path.join(foreign, 'results.json'), '{"format":"jest/1"}');
  const noJunit = path.join(scratch, 'no-junit');
  fs.mkdirSync(noJunit);
  fs.copyFileSync(path.join(SHARDS, 'shard-1/results.json'), path.join(noJunit, 'results.json'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('--help documents every command', async () => {
    const r = await netrig(['--help']);
    expect(r.exitCode).toBe(0);
    for (const c of ['main', 'test', 'bench', 'up', 'console', 'exec', 'capture', 'replay', 'fixtures', 'report']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const report = await netrig(['report', '--help']);
    expect(report.stdout).toMatch(/--out <dir>\s+merge the directories into this one/);
  });

  test.each([
    // the command itself
    [[], /^netrig: no command given; name one of main, report, test, bench, up, console, exec, capture, replay, fixtures \(see netrig --help\)$/],
    [['tset'], /^netrig: unknown command 'tset' — did you mean test\? \(see netrig --help\)$/],
    [['main', 'extra'], /^netrig main: too many arguments for 'main'\. Expected 0 arguments but got 1\. \(see netrig main --help\)$/],
    // test
    [['test', '--grp', 'x'], /^netrig test: unknown option '--grp' — did you mean --grep\? \(see netrig test --help\)$/],
    [['test', '--image'], /^netrig test: option '--image <spec\.\.\.>' argument missing/],
    [['test', '--shard', 'one'], /--shard wants i\/n, e\.g\. 1\/2; got "one"/],
    [['test', '--shard', '3/2'], /--shard 3\/2: i must be between 1 and n \(n ≥ 1\), e\.g\. 1\/2 and 2\/2/],
    [['test', '--topology', 'lann'], /unknown topology "lann"; known: lan, pppoe, ipoe, l2tp/],
    [['test', '--grep', 'WPD-1('], /--grep "WPD-1\(" is not a valid regular expression \(.*\); put a backslash before/],
    [['test', '--report', 'package.json'], /--report package\.json is a file; name a directory/],
    [['test', '--junit', 'cases'], /--junit cases is a directory; name the XML file to write, e\.g\. cases\/junit\.xml/],
    [['test', '--image', '/nonexistent/result'], /--image \/nonexistent\/result: no such directory; give a Liminix vmroot output or a kernel\+initrd directory, or one of fixture:mipsel, fixture:armhf, fixture:arm64/],
    [['test', '--image', 'fixture:ppc'], /unknown fixture "fixture:ppc"; known: fixture:mipsel, fixture:armhf, fixture:arm64/],
    [['test', '--image', 'topologies'], /\/topologies: no kernel found \(looked for vmlinux.*\) — name a Liminix vmroot output, a fixture, or a directory with a kernel and initrd/],
    // bench
    [['bench', '--runs', 'many'], /--runs wants a whole number ≥ 1 \(cold boots per architecture, e\.g\. 3\); got "many"/],
    // up
    [['up'], /^netrig up: missing required argument 'topology'/],
    [['up', 'pppoa'], /unknown topology "pppoa"; known: lan, pppoe, ipoe, l2tp/],
    [['up', 'lan', '--image', 'fixture:ppc'], /unknown fixture "fixture:ppc"; known: fixture:mipsel, fixture:armhf, fixture:arm64/],
    [['up', 'lan', '--image', '/nonexistent/result'], /--image \/nonexistent\/result: no such directory; .* or one of fixture:mipsel/],
    // console, exec, capture (a lab that is not up; other labs may be)
    [['console'], /^netrig console: missing required argument 'node'/],
    [['console', 'router', '--lab', 'no-such-lab'], /no lab is up; start one with: netrig up <topology>|no running lab "no-such-lab"; running: /],
    [['exec'], /^netrig exec: missing required argument 'node'/],
    [['exec', 'router'], /^netrig exec: missing required argument 'command'/],
    [['exec', '--lab', 'no-such-lab', 'router', 'true'], /no lab is up; start one with: netrig up <topology>|no running lab "no-such-lab"; running: /],
    [['capture'], /^netrig capture: missing required argument 'segment'/],
    [['capture', 'wan'], /unknown segment "wan"; known: access, lan, world/],
    [['capture', 'lan', '-c', 'x'], /--count wants a whole number ≥ 1 \(frames to capture before stopping, e\.g\. 10\); got "x"/],
    [['replay'], /^netrig replay: missing required argument 'segment'/],
    [['replay', 'lan'], /^netrig replay: missing required argument 'file'/],
    [['replay', 'wan', 'x.pcap'], /unknown segment "wan"; known: access, lan, world/],
    [['replay', 'lan', '/no/such/file.pcap'], /cannot read \/no\/such\/file\.pcap: no such file/],
    [['capture', 'lan', '--lab', 'no-such-lab'], /no lab is up; start one with: netrig up <topology>|no running lab "no-such-lab"; running: /],
    // fixtures
    [['fixtures'], /^netrig fixtures: no command given; name one of build, list, clean/],
    [['fixtures', 'bild'], /^netrig fixtures: unknown command 'bild' — did you mean build\?/],
    [['fixtures', 'build', 'sparc'], /unknown (fixture|architecture) "sparc"; known: .*mipsel, .*armhf, .*arm64/],
    // report
    [['report'], /^netrig report: missing required argument 'dir'/],
    [['report', '/nonexistent'], /cannot render a report from \/nonexistent\/results\.json: it does not exist; give the report directory of a run/],
    [['report', foreign], /results\.json is not a netrig results file \(format "jest\/1", want netrig-results\/1\); give the report directory of a run/],
    [['report', 'a', 'b'], /2 report directories given: merging them needs --out DIR/],
    [['report', 'a', '--junit', 'j.xml'], /--junit names where a merged JUnit goes: use it with --out DIR/],
    [['report', `${SHARDS}/shard-1`, `${SHARDS}/shard-2`, '--out', `${SHARDS}/shard-2`], /--out .*shard-2 is also one of the report directories to merge; name a new directory/],
    [['report', `${SHARDS}/shard-1`, `${SHARDS}/shard-1`, '--out', path.join(scratch, 'twice')], /hold the same run \(s1\); give each shard's report directory once/],
    [['report', noJunit, `${SHARDS}/shard-2`, '--out', path.join(scratch, 'merged')], /no-junit has no junit\.xml of run s1; run netrig test with --report DIR/],
  ])('netrig %j fails with a one-line reason', async (args, message) => {
    const r = await netrig(args as string[]);
    expect(r.exitCode).toBe(1);
    expect(r.all.trim().split('\n'), r.all).toHaveLength(1);
    expect(r.all.trim()).toMatch(message);
  });
});

/** Every <testcase> of a JUnit file, as `suite › classname › name`. */
function testcases(xml: string): string[] {
  const out: string[] = [];
  for (const s of xml.matchAll(/<testsuite\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
    for (const t of s[2].matchAll(/<testcase\b[^>]*\bclassname="([^"]*)"[^>]*\bname="([^"]*)"/g)) out.push(`${s[1]} › ${t[1]} › ${t[2]}`);
  }
  return out;
}

// The CI recipe, locally: the lan case files split in two shards, each run as its own job would
// (the first in a terminal, to see its progress; the second into a pipe, as CI logs it), a third
// run on a broken image (its initrd is garbage: the router panics), then the merges.
const SPEC = images().find((i) => i.spec.startsWith('fixture:'))?.spec ?? 'fixture:mipsel';
describe(`netrig test in two shards on ${SPEC}, merged as the CI recipe does`, () => {
  const BOOTS = 'the router boots and its shell reports the architecture of the image';
  const ROGUE = 'both servers offer; the client is bound to whichever answered first, gateway and all';
  const GREP = 'the router boots and its shell reports|both servers offer; the client is bound';
  const work = path.join(artifactsRoot(), 'cli-shards');
  const at = (f: string) => path.join(work, f);
  const runs = {} as Record<'tty' | 'plain' | 'broken', { exitCode?: number; all: string }>;
  const env = (name: string) => userEnv({ NETRIG_ARTIFACTS: at('artifacts'), NETRIG_RUN_ID: `${runId()}-${name}` });

  beforeAll(async () => {
    fs.mkdirSync(work, { recursive: true });
    const [fixture] = await resolveImages([SPEC]);
    const broken = at('broken-router');
    fs.mkdirSync(broken, { recursive: true });
    const meta = JSON.parse(fs.readFileSync(path.join(fixture.dir, 'image.json'), 'utf8')) as { name: string; kernel: string; initrd: string };
    fs.writeFileSync(path.join(broken, 'image.json'), JSON.stringify({ ...meta, name: 'broken-router' }));
    fs.rmSync(path.join(broken, meta.kernel), { force: true });
    fs.symlinkSync(path.join(fixture.dir, meta.kernel), path.join(broken, meta.kernel));
    fs.writeFileSync(path.join(broken, meta.initrd), crypto.randomBytes(4096));

    // Cold boots: the shards' cases then depend on no snapshot of the run (a per-case topology
    // would otherwise first snapshot the lan topology), as a plain CI job's would.
    const lan = ['test', '--image', SPEC, '--topology', 'lan', '--grep', GREP, '--no-snapshot'];
    const [tty, plain, bad] = await Promise.all([
      inPty([...lan, '--shard', '1/2', '--report', at('report-1'), '--junit', at('junit-1.xml')], { timeout: 240_000, env: env('shard-1') }),
      netrig([...lan, '--shard', '2/2', '--report', at('report-2'), '--junit', at('junit-2.xml')], { timeout: 240_000, env: env('shard-2') }),
      netrig(['test', '--image', broken, '--topology', 'lan', '--grep', 'the router boots and its shell reports', '--no-snapshot', '--report', at('report-broken')], { timeout: 240_000, env: env('broken') }),
    ]);
    Object.assign(runs, { tty: { exitCode: tty.exitCode, all: tty.all }, plain: { exitCode: plain.exitCode, all: plain.all }, broken: { exitCode: bad.exitCode, all: bad.all } });
    for (const [name, r] of Object.entries(runs)) fs.writeFileSync(at(`${name}.out`), r.all);
  }, 300_000);

  const passed = (dir: string) => (JSON.parse(fs.readFileSync(at(`${dir}/results.json`), 'utf8')) as ReportData).cases.filter((c) => c.outcome === 'pass').map((c) => c.path.at(-1));

  test('each shard runs its share of the cases and exits 0', () => {
    expect(runs.tty.exitCode, runs.tty.all).toBe(0);
    expect(runs.plain.exitCode, runs.plain.all).toBe(0);
    // boot.test.ts sorts first and rogue-dhcp4.test.ts last among the lan files, so each shard has one.
    expect(passed('report-1')).toEqual([BOOTS]);
    expect(passed('report-2')).toEqual([ROGUE]);
  });

  test('on a terminal, progress shows what is booting, which case runs, and the time', () => {
    const raw = runs.tty.all;
    expect(raw).toMatch(/\x1b\[\d+F\x1b\[J/); // the status block is redrawn in place
    const text = stripVTControlCharacters(raw).replace(/\r/g, '');
    const clocks = new Set([...text.matchAll(/^netrig test (\d+:\d\d) · \d+ passed · \d+ failed/gm)].map((m) => m[1]));
    expect(clocks.size, text).toBeGreaterThan(2); // ticking while the router boots
    expect(text).toMatch(/^ {2}booting {5}lan-\S+: router \(.+ on [\w-]+, (TCG|KVM)\) \d+\.\d s$/m);
    expect(text).toMatch(/^ {2}setting up {2}lab core on .* \(cases\/lab\/boot\.test\.ts\) \d+\.\d s$/m);
    expect(text).toMatch(/^ {2}running {5}lab core on .* › the router boots and its shell reports/m);
    expect(text).toMatch(/^\[\d+:\d\d\] pass lab core on .* › the router boots and its shell reports the architecture of the image \([\d.]+ s\)$/m);
    expect(text).toMatch(/^\[\d+:\d\d\] done: 1 passed, 0 failed/m);
  });

  test('without a terminal, progress is plain lines with the time: no escape codes', () => {
    const text = runs.plain.all;
    expect(text).not.toMatch(/\x1b/);
    expect(text).toMatch(/^\[\d+:\d\d\] setting up a rogue DHCPv4 server on the LAN of .* \(cases\/dhcp\/rogue-dhcp4\.test\.ts\)$/m);
    expect(text).toMatch(/^\[\d+:\d\d\] run {2}a rogue DHCPv4 server on the LAN of .* › both servers offer/m);
    expect(text).toMatch(/^\[lan-\S+\] router: .+ on [\w-]+, (TCG|KVM) \(/m); // what boots, as the lab says it
    expect(text).toMatch(/^\[lan-\S+\] router: ready in [\d.]+ s$/m);
    expect(text).toMatch(/^\[\d+:\d\d\] pass a rogue DHCPv4 server .* › both servers offer; .* \([\d.]+ s\)$/m);
  });

  test('a router that does not boot fails its case, and netrig test exits 1', () => {
    const text = runs.broken.all;
    expect(runs.broken.exitCode, text).toBe(1);
    expect(text).toMatch(/^\[\d+:\d\d\] FAIL lab core on .*broken-router.* › the router boots and its shell reports .*: did not run, the setup of its describe failed$/m);
    expect(text).toMatch(/gave up waiting for router to boot/);
    const data = JSON.parse(fs.readFileSync(at('report-broken/results.json'), 'utf8')) as ReportData;
    expect(data.cases.filter((c) => c.outcome === 'fail').map((c) => c.path.at(-1))).toEqual([BOOTS]);
  });

  test('netrig report merges the shards: one report and one JUnit, each case once, a suite per image', async () => {
    const out = at('merged');
    const r = await netrig(['report', at('report-1'), at('report-2'), '--out', out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^merged 2 runs: 2 passed, 0 failed/m);

    const data = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as ReportData;
    expect(passed('merged').sort()).toEqual([BOOTS, ROGUE].sort());
    const shardCases = ['report-1', 'report-2'].flatMap((d) => (JSON.parse(fs.readFileSync(at(`${d}/results.json`), 'utf8')) as ReportData).cases);
    const key = (c: ReportData['cases'][number]) => [c.image, c.file, ...c.path].join(' › ');
    expect(data.cases.map(key).sort()).toEqual(shardCases.map(key).sort());
    expect(new Set(data.cases.map(key)).size).toBe(data.cases.length);
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const title of [BOOTS, ROGUE]) expect(html.split(title).length - 1, title).toBeGreaterThan(0);
    for (const lab of data.labs) for (const p of lab.pcaps) expect(fs.existsSync(path.join(out, p.file)), p.file).toBe(true);

    const xml = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
    const merged = testcases(xml);
    const each = [at('junit-1.xml'), at('junit-2.xml')].flatMap((f) => testcases(fs.readFileSync(f, 'utf8')));
    expect(merged.sort()).toEqual(each.sort());
    expect(new Set(merged).size).toBe(merged.length);
    const label = SPEC.slice('fixture:'.length);
    expect(xml.match(new RegExp(`<testsuite name="${label}"`, 'g'))).toHaveLength(1);
    expect(merged.filter((t) => t.startsWith(`${label} › `) && (t.endsWith(BOOTS) || t.endsWith(ROGUE)))).toHaveLength(2);
  });

  test('a merge that takes in a failed run exits 1, and its JUnit counts the failure', async () => {
    const out = at('merged-all');
    const r = await netrig(['report', at('report-1'), at('report-2'), at('report-broken'), '--out', out, '--junit', at('merged-all.xml')]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toMatch(/^merged 3 runs: 2 passed, 1 failed/m);
    const root = /<testsuites [^>]*failures="(\d+)"/.exec(fs.readFileSync(at('merged-all.xml'), 'utf8'));
    expect(Number(root?.[1])).toBeGreaterThanOrEqual(1);
  });
});

// The README's walkthrough on the lan topology (the pppoe one adds a border boot and waits for
// a delegated prefix: see `netrig up pppoe` in the README): up, the router's console,
// `ip -6 route`, `netrig capture lan` showing RAs, Ctrl-C leaving nothing.
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

  test('capture lan shows the router advertising its LAN prefix', async () => {
    // dnsmasq's steady RA interval is minutes; bringing the router's lan down and up makes it
    // advertise at once, as a host's RS would.
    const cap = execa('node', [BIN, 'capture', 'lan'], { cwd: ROOT, reject: false, all: true, buffer: false, timeout: 90_000 });
    let text = '';
    cap.all!.on('data', (c: Buffer) => (text += c.toString()));
    try {
      await retry(() => (/capturing lan of lab lan; Ctrl-C stops/.test(text) ? true : undefined), { timeout: 30_000, what: 'capture to say it is listening', evidence: () => text });
      await netrig(['exec', 'router', 'ip link set lan down; ip link set lan up']);
      await retry(() => (/ICMPv6 RA .*prefix fd00:1::\/64/.test(text) ? true : undefined), {
        timeout: 60_000,
        what: 'an RA with the LAN prefix in netrig capture lan',
        evidence: () => text.split('\n').slice(-10).join('\n'),
      });
    } finally {
      cap.kill('SIGINT');
      await cap;
    }
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

  test('replay puts a pcap\'s frames on lan at their recorded pace: the router answers the replayed ARP request and echo request on the wire', async () => {
    const info = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), 'netrig-labs', 'lan.json'), 'utf8')) as LabInfo;
    const routerMac = info.nodes.router.nics.lan.mac;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-replay-'));
    const file = path.join(scratch, 'ask.pcap');
    const mac = '52:54:00:7e:91:01';
    // A capture as a user brings it: taken long ago, two frames 1.5 s apart, and an empty record
    // (which would stop QEMU's socket netdev: skipped, and said so).
    const w = openPcap(file);
    w.write(encodeFrame(arpRequest({ mac, ip: '192.168.1.77', target: '192.168.1.1' })), 1_700_000_000_000);
    w.write(new Uint8Array(0), 1_700_000_000_100);
    w.write(encodeFrame(echoRequest4({ mac, dstMac: routerMac, src: '192.168.1.77', dst: '192.168.1.1', id: 0x7e91, seq: 1 })), 1_700_000_001_500);
    w.close();
    const cap = execa('node', [BIN, 'capture', 'lan'], { cwd: ROOT, reject: false, all: true, buffer: false, timeout: 90_000 });
    let seen = '';
    cap.all!.on('data', (c: Buffer) => (seen += c.toString()));
    try {
      await retry(() => (/capturing lan of lab lan; Ctrl-C stops/.test(seen) ? true : undefined), { timeout: 30_000, what: 'capture to say it is listening', evidence: () => seen });
      const r = await netrig(['replay', 'lan', file], { timeout: 60_000 });
      expect(r.exitCode, r.all).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^\s*[\d.]+ 52:54:00:7e:91:01 > ff:ff:ff:ff:ff:ff ARP who has 192\.168\.1\.1\? tell 192\.168\.1\.77$/);
      expect(lines[1]).toMatch(/^\s*[\d.]+ 192\.168\.1\.77 > 192\.168\.1\.1 ICMP Echo request id 0x7e91 seq 1$/);
      // At the capture's pace: the echo request went 1.5 s after the ARP request.
      expect(Number(lines[1].trim().split(' ')[0]) - Number(lines[0].trim().split(' ')[0])).toBeGreaterThanOrEqual(1.4);
      expect(r.stderr).toMatch(/^2 of 3 frames sent to lan of lab lan in [\d.]+ s \(1 empty skipped\)$/m);
      // From the wire: the router answered both.
      await retry(() => (new RegExp(`ARP 192\\.168\\.1\\.1 is at ${routerMac}`).test(seen) && /192\.168\.1\.1 > 192\.168\.1\.77 ICMP Echo reply id 0x7e91 seq 1/.test(seen) ? true : undefined), {
        timeout: 15_000,
        what: 'the router\'s ARP reply and echo reply in netrig capture lan',
        evidence: () => seen.split('\n').slice(-12).join('\n'),
      });
      // A file that is not a capture fails before the lab is touched, naming the file.
      fs.writeFileSync(path.join(scratch, 'notes.txt'), 'these are notes, not a capture of frames\n');
      const bad = await netrig(['replay', 'lan', path.join(scratch, 'notes.txt')]);
      expect(bad.exitCode).toBe(1);
      expect(bad.all).toMatch(/notes\.txt: not a pcap file \(magic 0x73656874\)/);
    } finally {
      cap.kill('SIGINT');
      await cap;
      fs.rmSync(scratch, { recursive: true, force: true });
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
