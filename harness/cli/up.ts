// Booting topologies from the command line: the main job boots the lan topology on every image
// and prints what became ready and how fast.
import { Lab } from '../lab/lab.ts';
import { imageOf, imageSpecs, resolveImages } from '../lab/images.ts';
import { startTopology } from '../lab/topology.ts';
import { lan } from '../../topologies/lan.ts';

export async function mainCommand(opts: { image?: string[] }): Promise<void> {
  const refs = await resolveImages(opts.image ?? imageSpecs(process.env.NETRIG_IMAGES), (l) => process.stderr.write(`fixtures: ${l}\n`));
  const rows: string[] = [];
  let failed = 0;
  for (const ref of refs) {
    const lab = await Lab.open({ name: `main-${ref.label}` });
    const t0 = Date.now();
    try {
      const { router } = await startTopology(lab, lan, { image: imageOf(ref) });
      const arch = await router.succeed('uname -m');
      const addr = await router.succeed("ip -4 -o addr show dev lan | awk '{print $4}'");
      rows.push(`${ref.label.padEnd(10)} ready in ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s   uname -m: ${arch.padEnd(8)} lan: ${addr}`);
    } catch (e) {
      failed++;
      rows.push(`${ref.label.padEnd(10)} FAILED: ${(e as Error).message}`);
    } finally {
      await lab.close();
    }
  }
  process.stdout.write(`\n${rows.join('\n')}\n\n${refs.length - failed} of ${refs.length} images booted and ready\n`);
  if (failed) process.exitCode = 1;
}
