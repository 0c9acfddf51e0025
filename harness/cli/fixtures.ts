// `netrig fixtures build|list|clean`: the default images, built from Debian packages and cached.
import { Command } from 'commander';
import { FIXTURE_ARCHES, type FixtureArch } from '../lab/images.ts';

export function fixturesCommand(): Command {
  const cmd = new Command('fixtures').description('build, list or remove the cached fixture images');
  cmd
    .command('build')
    .description('build the fixture images: routers and the border VM (cached: a warm build takes seconds)')
    .argument('[image...]', `architectures (${FIXTURE_ARCHES.join(', ')}) and/or "border"; default all of them`)
    .option('--force', 'rebuild even when the cache is current')
    .action(async (names: string[], opts: { force?: boolean }) => {
      const { buildRouterImage, buildBorderImage } = await import('../../fixtures/build.ts');
      const known = [...FIXTURE_ARCHES, 'border'];
      for (const name of names) if (!known.includes(name)) throw new Error(`unknown fixture "${name}"; known: ${known.join(', ')}`);
      for (const name of names.length ? names : known) {
        const log = (l: string) => process.stderr.write(`  ${name}: ${l}\n`);
        const img = name === 'border' ? await buildBorderImage({ force: opts.force, log }) : await buildRouterImage(name as FixtureArch, { force: opts.force, log });
        process.stderr.write(
          `fixture ${name}: ${img.built ? 'built' : 'cached'} in ${img.seconds.toFixed(1)} s, ${(img.bytes / 1048576).toFixed(1)} MiB, ${img.dir}\n`,
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
