// `netrig test`: the case suite (vitest's system project) against the named images. Images are
// resolved (fixtures built or found, user directories checked) before vitest starts, so a bad
// --image fails at once with the file it is about; the exit code is 0 only if every case passed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { DEFAULT_IMAGES, resolveImages } from '../lab/images.ts';
import { runId } from '../lab/lab.ts';
import { topologyNamed } from '../../topologies/index.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestOptions {
  image?: string[];
  topology?: string;
  grep?: string;
  report?: string;
  junit?: string;
  shard?: string;
  /** --snapshot: resume per-case topologies from snapshots (opt-in); --no-snapshot forces cold boots. */
  snapshot?: boolean;
}

export async function testCommand(opts: TestOptions): Promise<number> {
  if (opts.shard && !/^\d+\/\d+$/.test(opts.shard)) throw new Error(`--shard wants i/n, e.g. 1/2; got "${opts.shard}"`);
  if (opts.topology) topologyNamed(opts.topology);
  const specs = (opts.image ?? DEFAULT_IMAGES).map((s) => (s.startsWith('fixture:') ? s : path.resolve(s)));
  await resolveImages(specs, (l) => process.stderr.write(`fixtures: ${l}\n`));
  const args = ['vitest', 'run', '--project', 'system'];
  if (opts.topology) args.push(`cases/${opts.topology}`);
  if (opts.grep) args.push('-t', opts.grep);
  if (opts.shard) args.push('--shard', opts.shard);
  const id = runId();
  const env: Record<string, string> = { NETRIG_IMAGES: specs.join(','), NETRIG_RUN_ID: id };
  if (opts.report) env.NETRIG_REPORT_DIR = path.resolve(opts.report);
  if (opts.junit) env.NETRIG_JUNIT = path.resolve(opts.junit);
  if (opts.snapshot === true) env.NETRIG_SNAPSHOT = '1';
  if (opts.snapshot === false) env.NETRIG_NO_SNAPSHOT = '1';
  const r = await execa('npx', args, { cwd: ROOT, env, stdio: 'inherit', reject: false });
  return r.exitCode ?? 1;
}
