// `npm run bench`: the figures the issues ask for, measured on this machine. With --json the
// last line is one JSON object (CI and the issues read that).
import { Lab } from '../lab/lab.ts';
import { FIXTURE_ARCHES, imageOf, resolveBorder, resolveImages, type FixtureArch, type ImageRef } from '../lab/images.ts';
import { clearSnapshots, ensureSnapshot, restoreTopology, type TopologySnapshot } from '../lab/snapshot.ts';
import { startTopology, type Topology } from '../lab/topology.ts';
import { pppoe } from '../../topologies/pppoe.ts';
import { lan } from '../../topologies/lan.ts';
import { Host } from '../host/host.ts';
import { benchCodecs } from '../packets/bench.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export async function benchCommand(opts: { json?: boolean; runs: string }): Promise<void> {
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
  Object.assign(result, await benchReset(mipsel, say));

  // Codecs: encode + decode of a mixed DHCP/RA/TCP set, one core.
  result.codec_mpps = round(benchCodecs(3000).mpps, 3);
  say(`codecs: ${result.codec_mpps} M frames/s (encode + decode)`);

  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

/**
 * case_reset_s: restore of the mipsel pppoe topology (router + border) to healthy, median of 10;
 * cold_ready_s: a cold start of the same to ready. Falls back to the lan topology, and says so,
 * when the pppoe topology cannot start here.
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
  for (let i = 0; i < 3; i++) {
    const lab = await Lab.open({ name: `bench-cold-${topology.name}`, log: () => {} });
    try {
      const t = performance.now();
      const running = await startTopology(lab, topology, opts());
      await Promise.all(Object.values(running.guests).map((g) => g.succeed('true')));
      cold.push((performance.now() - t) / 1000);
    } finally {
      await lab.close();
    }
  }
  clearSnapshots();
  const r = round(median(resets));
  const c = round(median(cold));
  say(`${topology.name}: reset from snapshot ${r} s (median of 10), cold start ${c} s (median of 3): ${round(c / r, 1)}x`);
  return { case_reset_s: r, cold_ready_s: c, reset_speedup: round(c / r, 1), case_reset_topology: topology.name };
}
