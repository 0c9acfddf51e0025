// `netrig test`: the case suite (vitest's system project) against the named images. Options and
// images are checked (fixtures built or found, user directories read) before vitest starts, so
// bad usage fails at once naming the flag; the exit code is 0 only if every case passed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
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
  /** --no-snapshot forces cold boots (snapshots are on by default; --snapshot says so explicitly). */
  snapshot?: boolean;
}

/** Checks the options that need no image; throws a one-line error naming the flag and the fix. */
export function checkTestOptions(opts: TestOptions): void {
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard);
    if (!m) throw new Error(`--shard wants i/n, e.g. 1/2; got "${opts.shard}"`);
    const [i, n] = [Number(m[1]), Number(m[2])];
    if (n < 1 || i < 1 || i > n) throw new Error(`--shard ${opts.shard}: i must be between 1 and n (n ≥ 1), e.g. 1/2 and 2/2`);
  }
  if (opts.topology) topologyNamed(opts.topology);
  if (opts.grep !== undefined) {
    try {
      new RegExp(opts.grep);
    } catch (e) {
      throw new Error(`--grep "${opts.grep}" is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')}); put a backslash before ( ) [ ] * + ? to match them literally`);
    }
  }
  if (opts.report !== undefined && fs.existsSync(opts.report) && !fs.statSync(opts.report).isDirectory()) {
    throw new Error(`--report ${opts.report} is a file; name a directory (it is created if missing)`);
  }
  if (opts.junit !== undefined && fs.existsSync(opts.junit) && fs.statSync(opts.junit).isDirectory()) {
    throw new Error(`--junit ${opts.junit} is a directory; name the XML file to write, e.g. ${path.join(opts.junit, 'junit.xml')}`);
  }
}

/**
 * Checks that every `--image` that is not a fixture names something that exists; the image's
 * own checks (a kernel, its architecture) come when it is read.
 */
export function checkImageSpecs(specs: string[]): void {
  for (const spec of specs) {
    if (spec.startsWith('fixture:') || fs.existsSync(spec)) continue;
    throw new Error(`--image ${spec}: no such directory; give a Liminix vmroot output or a kernel+initrd directory, or one of ${DEFAULT_IMAGES.join(', ')}`);
  }
}

/** The case files that boot `topology`: those that import it from topologies/. */
export function caseFilesUsing(topology: string, casesDir = path.join(ROOT, 'cases')): string[] {
  const uses = new RegExp(String.raw`from\s+['"](?:\.\.?/)+topologies/${topology}(?:\.ts)?['"]`);
  return (fs.readdirSync(casesDir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.test.ts') && uses.test(fs.readFileSync(path.join(casesDir, f), 'utf8')))
    .map((f) => path.relative(ROOT, path.join(casesDir, f)))
    .sort();
}

export async function testCommand(opts: TestOptions): Promise<number> {
  checkTestOptions(opts);
  checkImageSpecs(opts.image ?? []);
  const specs = (opts.image ?? DEFAULT_IMAGES).map((s) => (s.startsWith('fixture:') ? s : path.resolve(s)));
  await resolveImages(specs, (l) => process.stderr.write(`fixtures: ${l}\n`));
  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const args = [vitest, 'run', '--config', path.join(ROOT, 'harness/cli/test-config.ts'), '--project', 'system'];
  if (opts.topology) {
    const files = caseFilesUsing(opts.topology);
    if (!files.length) throw new Error(`--topology ${opts.topology}: no case file under cases/ boots it`);
    args.push(...files);
  }
  if (opts.grep) args.push('-t', opts.grep);
  // A shard may get no file at all (more shards than files): that is not a failure.
  if (opts.shard) args.push('--shard', opts.shard, '--passWithNoTests');
  const id = runId();
  const env: Record<string, string> = { NETRIG_IMAGES: specs.join(','), NETRIG_RUN_ID: id };
  if (opts.report) env.NETRIG_REPORT_DIR = path.resolve(opts.report);
  if (opts.junit) env.NETRIG_JUNIT = path.resolve(opts.junit);
  if (opts.snapshot === true) env.NETRIG_SNAPSHOT = '1';
  if (opts.snapshot === false) env.NETRIG_NO_SNAPSHOT = '1';
  // vitest colours its output even into a pipe; a CI log wants plain text.
  if (!process.stdout.isTTY && process.env.FORCE_COLOR === undefined) env.NO_COLOR = '1';
  const r = await execa(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit', reject: false });
  return r.exitCode ?? 1;
}
