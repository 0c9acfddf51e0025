// The netrig command line. Each command is a thin layer over the lab: parsing, then one call.
import { Command, CommanderError } from 'commander';
import { fixturesCommand } from './fixtures.ts';
import { benchCommand } from './bench.ts';
import { mainCommand } from './up.ts';

const program = new Command('netrig')
  .description('A test rig for router firmware: boots images as QEMU guests on emulated networks and asserts, from the wire, that they route, delegate and firewall.')
  .showHelpAfterError('(run netrig --help for usage)')
  .exitOverride();

program
  .command('main')
  .description('the main job: build the default fixture images, boot a topology on each, report what became ready and how fast')
  .option('--image <spec...>', 'images to boot (fixture:ARCH or a directory); default: the three fixtures')
  .action(async (opts: { image?: string[] }) => mainCommand(opts));

program
  .command('bench')
  .description('measure boot-to-ready per architecture and the other figures the issues ask for')
  .option('--json', 'print one JSON object as the last line')
  .option('--runs <n>', 'cold boots per architecture (median is reported)', '3')
  .action(async (opts: { json?: boolean; runs: string }) => benchCommand(opts));

program.addCommand(fixturesCommand());

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  process.stderr.write(`netrig: ${(e as Error).message}\n`);
  process.exit(1);
}
