// `npm run bench`: the figures the issues ask for, measured on this machine. With --json the
// last line is one JSON object (CI and the issues read that).
import fs from 'node:fs';
import { Lab } from '../lab/lab.ts';
import { FIXTURE_ARCHES, imageOf, resolveBorder, resolveImages, type FixtureArch, type ImageRef } from '../lab/images.ts';
import { clearSnapshots, ensureSnapshot, restoreTopology, wanReady, type TopologySnapshot } from '../lab/snapshot.ts';
import { startTopology, type Topology } from '../lab/topology.ts';
import { pppoe } from '../../topologies/pppoe.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { l2tp } from '../../topologies/l2tp.ts';
import type { Guest } from '../qemu/guest.ts';
import type { TimelineEvent } from '../lab/timeline.ts';
import { retry } from '../util/wait.ts';
import { lan } from '../../topologies/lan.ts';
import { Host } from '../host/host.ts';
import { benchCodecs } from '../packets/bench.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export async function benchCommand(opts: { json?: boolean; runs: string; suite?: boolean; suiteCompare?: boolean }): Promise<void> {
  const runs = Math.max(1, Number(opts.runs) || 3);
  const say = (l: string) => process.stderr.write(`bench: ${l}\n`);
  const result: Record<string, unknown> = {};

  // Fixture build with a warm cache: what every `npm test` pays before it starts.
  const { buildRouterImage } = await import('../../fixtures/build.ts');
  const t0 = performance.now();
  for (const arch of FIXTURE_ARCHES) await buildRouterImage(arch);
  result.fixture_build_warm_s = round((performance.now() - t0) / 1000);
  say(`fixture build, warm cache: ${result.fixture_build_warm_s} s`);

  // Cold boot to a console shell (NETRIG-READY then a command answered), median of `runs`.
  const refs = await resolveImages(FIXTURE_ARCHES.map((a) => `fixture:${a}`));
  const ready: Partial<Record<FixtureArch, number>> = {};
  for (const ref of refs) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const lab = await Lab.open({ name: `bench-${ref.label}`, log: () => {} });
      try {
        const t = performance.now();
        const { router } = await startTopology(lab, lan, { image: imageOf(ref) });
        await router.succeed('true');
        times.push((performance.now() - t) / 1000);
      } finally {
        await lab.close();
      }
    }
    ready[ref.label as FixtureArch] = round(median(times));
    say(`${ref.label}: boot to ready ${times.map((t) => t.toFixed(2)).join(', ')} s → median ${ready[ref.label as FixtureArch]} s`);
  }
  result.ready_s = ready;
  result.runs = runs;

  // Round trip from a LAN host (userspace, on a Port) to the router, mipsel, median of 20 pings.
  const mipsel = refs.find((r) => r.label === 'mipsel')!;
  const lab = await Lab.open({ name: 'bench-rtt', log: () => {} });
  try {
    const { segments } = await startTopology(lab, lan, { image: imageOf(mipsel) });
    const client = new Host(await segments.lan.attach('client'), 'client', '52:54:00:c1:00:01');
    await client.dhcp();
    await client.ping('192.168.1.1');
    const rtts: number[] = [];
    for (let i = 0; i < 20; i++) rtts.push((await client.ping('192.168.1.1')).rtt);
    result.rtt_ms = round(median(rtts), 3);
    say(`mipsel: LAN host → router ping RTT median ${result.rtt_ms} ms (min ${Math.min(...rtts).toFixed(2)}, max ${Math.max(...rtts).toFixed(2)})`);
  } finally {
    await lab.close();
  }

  // Per-case reset: a ready topology resumed from its snapshot, against a cold boot of the same.
  try {
    Object.assign(result, await benchReset(mipsel, say));
  } catch (e) {
    result.case_reset_error = (e as Error).message.split('\n')[0];
    say(`reset figures not measured: ${result.case_reset_error}`);
  } finally {
    clearSnapshots();
  }

  // Router + border cold start until the delegated prefix is on the router's lan, per WAN service.
  Object.assign(result, await benchTopologyReady(mipsel, runs, say));

  // Codecs: encode + decode of a mixed DHCP/RA/TCP set, one core.
  result.codec_mpps = round(benchCodecs(3000).mpps, 3);
  say(`codecs: ${result.codec_mpps} M frames/s (encode + decode)`);

  // The whole case suite over the three fixture images, as `netrig test` runs it.
  if (opts.suite !== false) {
    Object.assign(result, await benchSuite([], say));
    if (opts.suiteCompare) {
      const cold = await benchSuite(['--no-snapshot'], say);
      result.suite_no_snapshot_s = cold.suite_s;
      result.suite_no_snapshot_cpu_s = cold.suite_cpu_s;
      result.suite_no_snapshot_outcomes = cold.suite_outcomes;
    }
  }

  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/**
 * case_reset_s: restore of the mipsel pppoe topology (router + border) to healthy, median of 10;
 * cold_ready_s: a cold start of the same to the state a restore gives — the snapshot is saved
 * with the WAN up (PPP session, default routes, the delegated prefix on the LAN), so the cold
 * start is timed until the same check says so; cold_boot_s: the cold start to the guests' shell
 * prompts only. reset_speedup = cold_ready_s / case_reset_s. Falls back to the lan topology, and
 * says so, when the pppoe topology cannot start here.
 */
async function benchReset(ref: ImageRef, say: (l: string) => void): Promise<Record<string, unknown>> {
  const border = await resolveBorder();
  let topology: Topology = pppoe;
  const opts = () => ({ image: imageOf(ref), border: imageOf(border) });
  let snap: TopologySnapshot;
  try {
    snap = await ensureSnapshot(topology, opts());
  } catch (e) {
    say(`pppoe topology did not start (${(e as Error).message.split('\n')[0]}); measuring reset on lan instead`);
    topology = lan;
    snap = await ensureSnapshot(topology, opts());
  }
  const resets: number[] = [];
  for (let i = 0; i < 10; i++) {
    const lab = await Lab.open({ name: `bench-reset-${topology.name}`, log: () => {} });
    try {
      const t = performance.now();
      await restoreTopology(lab, snap);
      resets.push((performance.now() - t) / 1000);
    } finally {
      await lab.close();
    }
  }
  const cold: number[] = [];
  const boot: number[] = [];
  for (let i = 0; i < 3; i++) {
    const lab = await Lab.open({ name: `bench-cold-${topology.name}`, log: () => {} });
    try {
      const t = performance.now();
      const running = await startTopology(lab, topology, opts());
      await Promise.all(Object.values(running.guests).map((g) => g.succeed('true')));
      boot.push((performance.now() - t) / 1000);
      if (!(await wanReady(running))) throw new Error(`the cold ${topology.name} topology's WAN did not come up`);
      cold.push((performance.now() - t) / 1000);
    } finally {
      await lab.close();
    }
  }
  clearSnapshots();
  const r = round(median(resets));
  const c = round(median(cold));
  const b = round(median(boot));
  say(`${topology.name}: reset from snapshot ${r} s (median of 10), cold start to the same state (WAN up) ${c} s, to the shell prompts ${b} s (medians of 3): ${round(c / r, 1)}x`);
  return { case_reset_s: r, cold_ready_s: c, cold_boot_s: b, reset_speedup: round(c / r, 1), case_reset_topology: topology.name };
}

/** The border's delegation pool (fixtures/border defaults: 3fff:100::/40) as /proc/net/if_inet6 writes it. */
const PD_POOL_HEX = '3fff0100';

/**
 * Whether the router's lan has an address from the delegated prefix. Shell builtins only (read,
 * case): no process is started in the guest, so polling does not slow the boot it measures.
 */
async function lanHasPd(router: Guest): Promise<boolean> {
  const r = await router.exec(`while read -r a i l s f n; do case "$n:$a" in lan:${PD_POOL_HEX}*) echo "$a"; break;; esac; done </proc/net/if_inet6`);
  return r.code === 0 && r.output.trim().length === 32;
}

/** Seconds from `t0` to the first timeline event of each phase (where the time of a cold start goes). */
export function phases(events: TimelineEvent[], t0: number): Record<string, number> {
  const first = (pred: (e: TimelineEvent) => boolean) => {
    const e = events.filter(pred).sort((a, b) => a.t - b.t)[0];
    return e ? round((e.t - t0) / 1000) : undefined;
  };
  const out: Record<string, number | undefined> = {
    border_ready: first((e) => e.source === 'border' && e.kind === 'ready'),
    router_ready: first((e) => e.source === 'router' && e.kind === 'ready'),
    first_pppoe_discovery: first((e) => e.kind === 'pppoe'),
    first_dhcp4: first((e) => e.kind === 'dhcp' && e.source === 'access'),
    ppp_ipcp_up: first((e) => e.kind === 'ppp' && /IPCP configure-ack/i.test(e.text)),
    dhcp6_reply: first((e) => (e.kind === 'dhcp6' || e.kind === 'pd') && e.source === 'access'),
  };
  return Object.fromEntries(Object.entries(out).filter((kv): kv is [string, number] => kv[1] !== undefined));
}

/**
 * topology_ready_s: cold start of the mipsel router and the border (booted in parallel) until the
 * router's lan carries an address from the delegated prefix, per WAN service, median of `runs`;
 * topology_ready_phases_s: the median time of each phase on the way (from the lab's timeline).
 */
export async function benchTopologyReady(ref: ImageRef, runs: number, say: (l: string) => void, topologies = [pppoe, ipoe, l2tp]): Promise<Record<string, unknown>> {
  const border = await resolveBorder();
  const ready: Record<string, number> = {};
  const breakdown: Record<string, Record<string, number>> = {};
  for (const topology of topologies) {
    const times: number[] = [];
    const runsPhases: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const lab = await Lab.open({ name: `bench-ready-${topology.name}`, log: () => {} });
      try {
        const t0 = Date.now();
        const { router } = await startTopology(lab, topology, { image: imageOf(ref), border: imageOf(border) });
        await retry(async () => ((await lanHasPd(router)) ? true : undefined), { timeout: 120_000, interval: 100, what: `a delegated prefix on the lan of ${ref.label} (${topology.name})`, evidence: () => router.evidence() });
        const total = (Date.now() - t0) / 1000;
        times.push(total);
        runsPhases.push({ ...phases(lab.timeline.events, t0), lan_pd: round(total) });
      } finally {
        await lab.close();
      }
    }
    ready[topology.name] = round(median(times));
    const keys = [...new Set(runsPhases.flatMap((p) => Object.keys(p)))];
    breakdown[topology.name] = Object.fromEntries(keys.map((k) => [k, round(median(runsPhases.map((p) => p[k]).filter((v) => v !== undefined)))]));
    say(`${ref.label} ${topology.name}: ready with PD on lan ${times.map((t) => t.toFixed(2)).join(', ')} s → median ${ready[topology.name]} s; phases ${JSON.stringify(breakdown[topology.name])}`);
  }
  return { topology_ready_s: ready, topology_ready_phases_s: breakdown };
}

/**
 * CPU seconds (user + system) used by this process's children that have been waited for, and
 * theirs in turn (/proc/self/stat cutime + cstime, in USER_HZ ticks: 100 a second on Linux).
 * `netrig test` waits for vitest, vitest for its workers, a worker for its QEMUs: so the
 * difference around a suite run is the CPU the whole suite used, guests included.
 */
export function childrenCpuSeconds(stat = fs.readFileSync('/proc/self/stat', 'utf8')): number {
  // Fields after the command name in parentheses (which may hold spaces): state is field 3, so
  // cutime (field 16) and cstime (field 17) are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * suite_s: wall time of `netrig test` (every case file, three fixture images) on this machine;
 * suite_cpu_s: the CPU time it used, QEMU guests included, and suite_cores_busy that over the
 * wall time (this machine has os.availableParallelism() cores: where the time goes, measured);
 * cases: how many cases ran (pass, fail, expected fail); suite_outcomes: the tally. A suite that
 * fails is still timed, and says so in its tally.
 */
async function benchSuite(extra: string[], say: (l: string) => void): Promise<{ suite_s: number; suite_cpu_s: number; suite_cores_busy: number; cases: number; suite_outcomes: Record<string, number> }> {
  const { execa } = await import('execa');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-bench-suite-'));
  try {
    const t = performance.now();
    const cpu0 = childrenCpuSeconds();
    const run = await execa(process.execPath, [path.resolve('bin/netrig.mjs'), 'test', '--report', dir, ...extra], { reject: false, stdout: 'ignore', stderr: 'ignore', env: { NETRIG_QUIET: '1' } });
    const suite_s = round((performance.now() - t) / 1000, 1);
    const suite_cpu_s = round(childrenCpuSeconds() - cpu0, 1);
    const suite_cores_busy = round(suite_cpu_s / suite_s);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as {
      cases: Array<{ project: string; outcome: string; file: string; path: string[]; errors?: Array<{ message?: string }> }>;
    };
    const mine = results.cases.filter((c) => c.project === 'system');
    const suite_outcomes: Record<string, number> = {};
    for (const c of mine) suite_outcomes[c.outcome] = (suite_outcomes[c.outcome] ?? 0) + 1;
    const cases = mine.filter((c) => c.outcome !== 'skip').length;
    say(`suite${extra.length ? ` (${extra.join(' ')})` : ''}: ${suite_s} s, ${cases} cases ${JSON.stringify(suite_outcomes)}, exit ${run.exitCode}; CPU ${suite_cpu_s} s (${suite_cores_busy} of ${os.availableParallelism()} cores busy on average)`);
    // The report goes with the scratch dir: what failed is said here, or it is lost.
    for (const c of mine.filter((x) => x.outcome === 'fail')) {
      say(`  failed: ${c.file} > ${c.path.join(' > ')}: ${(c.errors?.[0]?.message ?? '').split('\n')[0]}`);
    }
    return { suite_s, suite_cpu_s, suite_cores_busy, cases, suite_outcomes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
