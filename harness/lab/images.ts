// What `--image` and NETRIG_IMAGES name: `fixture:<arch>` (built from Debian packages and cached
// by fixtures/), or a directory (a Liminix vmroot output, a kernel + initrd directory, or a
// fixture directory). Resolved once per run, so every worker boots the same files.
import path from 'node:path';
import { loadImage, type Image } from '../qemu/image.ts';
import { NetrigError } from '../util/wait.ts';

export const FIXTURE_ARCHES = ['mipsel', 'armhf', 'arm64'] as const;
export type FixtureArch = (typeof FIXTURE_ARCHES)[number];
export const DEFAULT_IMAGES = FIXTURE_ARCHES.map((a) => `fixture:${a}`);

/** A resolved image, small enough to pass from the main process to test workers. */
export interface ImageRef {
  /** What the user wrote. */
  spec: string;
  /** Short name for titles and artifact folders, e.g. `mipsel` or `vmroot-gl-ar750`. */
  label: string;
  dir: string;
  arch: string;
}

/** Splits a comma-separated list (NETRIG_IMAGES); empty means the default fixtures. */
export function imageSpecs(list: string | undefined): string[] {
  const specs = (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return specs.length ? specs : DEFAULT_IMAGES;
}

/** Builds (or finds cached) fixtures and checks user images; throws naming the bad one. */
export async function resolveImages(specs: string[], log: (line: string) => void = () => {}): Promise<ImageRef[]> {
  const refs: ImageRef[] = [];
  for (const spec of specs) {
    if (spec.startsWith('fixture:')) {
      const arch = spec.slice('fixture:'.length);
      if (!(FIXTURE_ARCHES as readonly string[]).includes(arch)) {
        throw new NetrigError(`unknown fixture "${spec}"; known: ${DEFAULT_IMAGES.join(', ')}`);
      }
      const { buildRouterImage } = await import('../../fixtures/build.ts');
      const built = await buildRouterImage(arch as FixtureArch, { log });
      refs.push({ spec, label: arch, dir: built.dir, arch });
    } else {
      const dir = path.resolve(spec);
      const image = loadImage(dir);
      refs.push({ spec, label: image.name.replace(/[^\w.-]+/g, '-'), dir, arch: image.arch });
    }
  }
  const labels = refs.map((r) => r.label);
  refs.forEach((r, i) => {
    if (labels.indexOf(r.label) !== i) r.label = `${r.label}-${i + 1}`;
  });
  return refs;
}

/** The border VM's image (the ISP), built from Debian packages and cached like the routers. */
export async function resolveBorder(log: (line: string) => void = () => {}): Promise<ImageRef> {
  const { buildBorderImage } = await import('../../fixtures/border/recipe.ts');
  const built = await buildBorderImage({ log });
  return { spec: 'fixture:border', label: 'border', dir: built.dir, arch: 'x86_64' };
}

export function imageOf(ref: ImageRef): Image {
  return loadImage(ref.dir);
}
