// The netrig command line. Each command is a thin layer over the lab: parsing, then one call.
// Commands load what they need when they run, so bad usage is answered without loading the lab.
import { Command, CommanderError } from 'commander';
import { fixturesCommand } from './fixtures.ts';
import type { TestOptions } from './test-command.ts';

const testCommand = async (opts: TestOptions) => (await import('./test-command.ts')).testCommand(opts);
const lab = () => import('./lab-commands.ts');

const program = new Command('netrig').description(
  'A test rig for router firmware: boots images as QEMU guests on emulated networks and asserts, from the wire, that they route, delegate and firewall.',
);

program
  .command('main')
  .description('the main job: the case suite over the three fixture images, with the HTML report and the coverage summary')
  .action(async () => {
    process.exitCode = await testCommand({});
  });

program
  .command('report')
  .description("re-render a run's report (coverage and HTML) from its results.json, or merge the reports of several runs (CI shards) into one")
  .argument('<dir...>', 'report directories: artifacts/<run>/report, or what netrig test --report DIR wrote')
  .option('--out <dir>', 'merge the directories into this one: one HTML report, coverage, results.json and junit.xml (a suite per image); exits 1 if a merged case failed')
  .option('--junit <file>', 'with --out: write the merged JUnit here instead of <out>/junit.xml')
  .action(async (dirs: string[], opts: { out?: string; junit?: string }) => {
    const { coverageSummary, tally } = await import('../report/model.ts');
    if (!opts.out) {
      if (dirs.length > 1) throw new Error(`${dirs.length} report directories given: merging them needs --out DIR, the directory the merged report goes to`);
      if (opts.junit) throw new Error('--junit names where a merged JUnit goes: use it with --out DIR');
      const { renderReport } = await import('../report/render.ts');
      const cov = renderReport(dirs[0]);
      process.stdout.write(`${coverageSummary(cov)}\nreport: ${dirs[0]}/index.html\n`);
      return;
    }
    const { mergeReports } = await import('../report/merge.ts');
    const { data, coverage, junit } = mergeReports(dirs, opts.out, { junit: opts.junit });
    const t = tally(data.cases);
    process.stdout.write(
      `merged ${dirs.length} runs: ${t.pass} passed, ${t.fail} failed, ${t['expected-fail']} expected-fail, ${t.skip} skipped\n${coverageSummary(coverage)}\nreport: ${opts.out}/index.html\njunit: ${junit}\n`,
    );
    process.exitCode = t.fail || data.errors.length ? 1 : 0;
  });

program
  .command('test')
  .description('run the case suite against images; exit code 0 only if every case passed')
  .option('--image <spec...>', 'images: fixture:ARCH, a Liminix vmroot output dir, or a kernel+initrd dir (default: the three fixtures)')
  .option('--topology <name>', 'only the case files that boot this topology (lan, pppoe, ipoe, l2tp)')
  .option('--grep <pattern>', 'only cases whose title matches')
  .option('--report <dir>', 'also write the report here (HTML, coverage, results.json, junit.xml)')
  .option('--junit <file>', 'also write JUnit XML here')
  .option('--shard <i/n>', 'run the i-th of n shards of the case files (CI matrices; merge with netrig report DIR… --out DIR)')
  .option('--snapshot', 'resume topologies from the run\'s snapshots where cases allow it (the default)')
  .option('--no-snapshot', 'cold-boot every topology (debugging; the bench\'s comparison)')
  .action(async (opts: TestOptions) => {
    process.exitCode = await testCommand(opts);
  });

program
  .command('bench')
  .description('measure boot-to-ready per architecture and the other figures the issues ask for')
  .option('--json', 'print one JSON object as the last line')
  .option('--runs <n>', 'cold boots per architecture (median is reported)', '3')
  .option('--no-suite', 'skip suite_s (the whole case suite over the three fixture images, minutes)')
  .option('--suite-compare', 'also time the suite with --no-snapshot (suite_no_snapshot_s)')
  .action(async (opts: { json?: boolean; runs: string; suite: boolean; suiteCompare?: boolean }) => {
    positive('--runs', opts.runs, 'cold boots per architecture, e.g. 3');
    await (await import('./bench.ts')).benchCommand(opts);
  });

program
  .command('up')
  .description('boot a topology and keep it up until Ctrl-C; other terminals attach with console/exec/capture')
  .argument('<topology>', 'topology name (see topologies/)')
  .option('--image <spec>', 'image for the router: fixture:ARCH or a directory', 'fixture:mipsel')
  .action(async (name: string, opts: { image?: string }) => (await lab()).upCommand(name, opts));

program
  .command('console')
  .description("attach to a node's serial console in a running lab (Ctrl-] detaches)")
  .argument('<node>', 'node name, e.g. router')
  .option('--lab <name>', 'which running lab (needed when several are up)')
  .action(async (node: string, opts: { lab?: string }) => (await lab()).consoleCommand(node, opts));

program
  .command('exec')
  .description('run a shell command on a node of a running lab; exits with its exit code')
  .argument('<node>', 'node name, e.g. router')
  .argument('<command...>', 'the command')
  .option('--lab <name>', 'which running lab')
  .action(async (node: string, words: string[], opts: { lab?: string }) => (await lab()).execCommand(node, words, opts));

program
  .command('capture')
  .description('live frames of a segment of a running lab: one summary line each, or a pcap file')
  .argument('<segment>', 'access, lan or world')
  .option('-w, --write <file>', 'write a pcap file instead of summary lines')
  .option('-c, --count <n>', 'stop after n frames')
  .option('--lab <name>', 'which running lab')
  .action(async (segment: string, opts: { lab?: string; write?: string; count?: string }) => {
    const { LIMINIX_SEGMENTS } = await import('../net/segment.ts');
    const known = Object.keys(LIMINIX_SEGMENTS);
    if (!known.includes(segment)) throw new Error(`unknown segment "${segment}"; known: ${known.join(', ')}`);
    if (opts.count !== undefined) positive('--count', opts.count, 'frames to capture before stopping, e.g. 10');
    await (await lab()).captureCommand(segment, opts);
  });

program
  .command('replay')
  .description("put a pcap file's frames onto a segment of a running lab, at the pace they were captured")
  .argument('<segment>', 'access, lan or world')
  .argument('<file>', 'a classic pcap of Ethernet frames (netrig capture -w, tcpdump -w, editcap -F pcap)')
  .option('--fast', 'send the frames one after the other, not at their recorded pace')
  .option('--lab <name>', 'which running lab')
  .action(async (segment: string, file: string, opts: { lab?: string; fast?: boolean }) => {
    const { LIMINIX_SEGMENTS } = await import('../net/segment.ts');
    const known = Object.keys(LIMINIX_SEGMENTS);
    if (!known.includes(segment)) throw new Error(`unknown segment "${segment}"; known: ${known.join(', ')}`);
    await (await lab()).replayCommand(segment, file, opts);
  });

program.addCommand(fixturesCommand());

/** A flag that wants a whole number ≥ 1: a one-line error naming it otherwise. */
function positive(flag: string, value: string, what: string): void {
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${flag} wants a whole number ≥ 1 (${what}); got "${value}"`);
}

/** `netrig fixtures build`: the words that name a command. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

// Bad usage is one line that names the command, what was wrong, and where its usage is.
const commands = (c: Command): Command[] => [c, ...c.commands.flatMap(commands)];
for (const cmd of commands(program)) {
  cmd.exitOverride().configureOutput({
    outputError: (text, write) => {
      const what = text.trim().replace(/^error: /, '').replace(/\s*\n\(Did you mean (.+)\?\)/, ' — did you mean $1?').replace(/\s*\n\s*/g, ' ');
      write(`${commandPath(cmd)}: ${what} (see ${commandPath(cmd)} --help)\n`);
    },
  });
}

// A command that only groups others (`netrig`, `netrig fixtures`) given alone: say which to pick.
const words = process.argv.slice(2);
const group = words.length === 0 ? program : words.length === 1 ? program.commands.find((c) => c.name() === words[0] && c.commands.length) : undefined;
if (group) {
  process.stderr.write(`${commandPath(group)}: no command given; name one of ${group.commands.map((c) => c.name()).join(', ')} (see ${commandPath(group)} --help)\n`);
  process.exit(1);
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  process.stderr.write(`netrig: ${(e as Error).message}\n`);
  process.exit(1);
}
