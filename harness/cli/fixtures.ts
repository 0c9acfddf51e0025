// `netrig fixtures build|list|clean`: the default images, built from Debian packages and cached.
import { Command } from 'commander';
import { FIXTURE_ARCHES, type FixtureArch } from '../lab/images.ts';

export function fixturesCommand(): Command {
  const cmd = new Command('fixtures').description('build, list or remove the cached fixture images');
  cmd
    .command('build')
    .description('build the fixture router images (cached: a warm build takes seconds)')
    .argument('[arch...]', `architectures (${FIXTURE_ARCHES.join(', ')}); default all`)
    .option('--force', 'rebuild even when the cache is current')
    .action(async (arches: string[], opts: { force?: boolean }) => {
      const { buildRouterImage } = await import('../../fixtures/build.ts');
      for (const arch of arches.length ? arches : FIXTURE_ARCHES) {
        if (!(FIXTURE_ARCHES as readonly string[]).includes(arch)) throw new Error(`unknown architecture "${arch}"; known: ${FIXTURE_ARCHES.join(', ')}`);
        const img = await buildRouterImage(arch as FixtureArch, { force: opts.force, log: (l) => process.stderr.write(`  ${arch}: ${l}\n`) });
        process.stderr.write(
          `fixture ${arch}: ${img.built ? 'built' : 'cached'} in ${img.seconds.toFixed(1)} s, ${(img.bytes / 1048576).toFixed(1)} MiB, ${img.dir}\n`,
        );
      }
    });
  cmd
    .command('list')
    .description('list cached fixture images')
    .action(async () => {
      const { cacheDir } = await import('../../fixtures/build.ts');
      const { default: fs } = await import('node:fs');
      const { default: path } = await import('node:path');
      const root = path.join(cacheDir(), 'fixtures');
      const dirs = fs.existsSync(root) ? fs.readdirSync(root) : [];
      for (const d of dirs) if (fs.existsSync(path.join(root, d, 'image.json'))) process.stdout.write(`${path.join(root, d)}\n`);
    });
  cmd
    .command('clean')
    .description('remove the fixture cache')
    .action(async () => {
      const { cacheDir } = await import('../../fixtures/build.ts');
      const { default: fs } = await import('node:fs');
      fs.rmSync(cacheDir(), { recursive: true, force: true });
      process.stderr.write(`removed ${cacheDir()}\n`);
    });
  return cmd;
}
