// The netrig command line. Each command is a thin layer over the lab: parsing, then one call.
import { Command, CommanderError } from 'commander';
import { fixturesCommand } from './fixtures.ts';
import { testCommand, type TestOptions } from './test-command.ts';
import { benchCommand } from './bench.ts';
import { captureCommand, consoleCommand, execCommand, upCommand } from './lab-commands.ts';

const program = new Command('netrig')
  .description('A test rig for router firmware: boots images as QEMU guests on emulated networks and asserts, from the wire, that they route, delegate and firewall.')
  .showHelpAfterError('(run netrig --help for usage)')
  .exitOverride();

program
  .command('main')
  .description('the main job: the case suite over the three fixture images, with the HTML report and the coverage summary')
  .action(async () => {
    process.exitCode = await testCommand({});
  });

program
  .command('report')
  .description("re-render a run's report (coverage and HTML) from its results.json")
  .argument('<dir>', 'the report directory of a run, e.g. artifacts/<run>/report')
  .action(async (dir: string) => {
    const { renderReport } = await import('../report/render.ts');
    const { coverageSummary } = await import('../report/model.ts');
    const cov = renderReport(dir);
    process.stdout.write(`${coverageSummary(cov)}\nreport: ${dir}/index.html\n`);
  });

program
  .command('test')
  .description('run the case suite against images; exit code 0 only if every case passed')
  .option('--image <spec...>', 'images: fixture:ARCH, a Liminix vmroot output dir, or a kernel+initrd dir (default: the three fixtures)')
  .option('--topology <name>', 'only the cases of one topology (lan, pppoe, ipoe, l2tp)')
  .option('--grep <pattern>', 'only cases whose title matches')
  .option('--report <dir>', 'also write the HTML report here')
  .option('--junit <file>', 'also write JUnit XML here')
  .option('--shard <i/n>', 'run the i-th of n shards (CI matrices)')
  .option('--snapshot', 'resume cases that want a fresh topology from a snapshot (opt-in: mipsel resumes can stall)')
  .option('--no-snapshot', 'cold-boot every case that wants a fresh topology (the default)')
  .action(async (opts: TestOptions) => {
    process.exitCode = await testCommand(opts);
  });

program
  .command('bench')
  .description('measure boot-to-ready per architecture and the other figures the issues ask for')
  .option('--json', 'print one JSON object as the last line')
  .option('--runs <n>', 'cold boots per architecture (median is reported)', '3')
  .action(async (opts: { json?: boolean; runs: string }) => benchCommand(opts));

program
  .command('up')
  .description('boot a topology and keep it up until Ctrl-C; other terminals attach with console/exec/capture')
  .argument('<topology>', 'topology name (see topologies/)')
  .option('--image <spec>', 'image for the router: fixture:ARCH or a directory', 'fixture:mipsel')
  .action(async (name: string, opts: { image?: string }) => upCommand(name, opts));

program
  .command('console')
  .description("attach to a node's serial console in a running lab (Ctrl-] detaches)")
  .argument('<node>', 'node name, e.g. router')
  .option('--lab <name>', 'which running lab (needed when several are up)')
  .action(async (node: string, opts: { lab?: string }) => consoleCommand(node, opts));

program
  .command('exec')
  .description('run a shell command on a node of a running lab; exits with its exit code')
  .argument('<node>', 'node name, e.g. router')
  .argument('<command...>', 'the command')
  .option('--lab <name>', 'which running lab')
  .action(async (node: string, words: string[], opts: { lab?: string }) => execCommand(node, words, opts));

program
  .command('capture')
  .description('live frames of a segment of a running lab: one summary line each, or a pcap file')
  .argument('<segment>', 'access, lan or world')
  .option('-w, --write <file>', 'write a pcap file instead of summary lines')
  .option('-c, --count <n>', 'stop after n frames')
  .option('--lab <name>', 'which running lab')
  .action(async (segment: string, opts: { lab?: string; write?: string; count?: string }) => captureCommand(segment, opts));

program.addCommand(fixturesCommand());

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  process.stderr.write(`netrig: ${(e as Error).message}\n`);
  process.exit(1);
}
