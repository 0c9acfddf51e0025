// `npm run bench`: the figures the issues ask for, measured on this machine. With --json the
// last line is one JSON object (CI and the issues read that).
import { Lab } from '../lab/lab.ts';
import { FIXTURE_ARCHES, imageOf, resolveImages, type FixtureArch } from '../lab/images.ts';
import { startTopology } from '../lab/topology.ts';
import { lan } from '../../topologies/lan.ts';

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

  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
