// Bad input gets a clear error and loses nothing: a missing image, a kernel of the wrong
// architecture, a guest that never boots, a malformed topology, garbage on every segment.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Lab } from '../../harness/lab/lab.ts';
import { imageOf, resolveImages } from '../../harness/lab/images.ts';
import { startTopology, TopologyError } from '../../harness/lab/topology.ts';
import { ImageError } from '../../harness/qemu/image.ts';
import { PROFILES } from '../../harness/qemu/profiles.ts';
import { retry, sleep } from '../../harness/util/wait.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { lan } from '../../topologies/lan.ts';

const all = images();
const first = all[0];
// Made in a hook, not when the file is loaded: a run whose --grep skips every case here loads the
// file but runs no hook, and left an empty scratch dir behind each time.
let scratch = '';
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-bad-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function withLab<T>(name: string, fn: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await Lab.open({ name, log: () => {} });
  try {
    return await fn(lab);
  } finally {
    await lab.close();
  }
}

describe('images that cannot boot are refused before QEMU starts', () => {
  test('a missing image directory is named in the error', async () => {
    const missing = path.join(scratch, 'result');
    await expect(resolveImages([missing])).rejects.toThrow(`${missing}: the image directory does not exist`);
  });

  test('an unknown fixture lists the known ones', async () => {
    await expect(resolveImages(['fixture:ppc'])).rejects.toThrow(/unknown fixture "fixture:ppc"; known: fixture:mipsel, fixture:armhf, fixture:arm64/);
  });

  test('a kernel of the wrong architecture for the machine names the kernel and both architectures', async () => {
    const image = imageOf(first);
    const other = Object.values(PROFILES).find((p) => p.arch !== image.arch)!;
    await withLab('wrong-arch', async (lab) => {
      const err = await lab.guest({ name: 'router', image, profile: other, nics: [] }).then(
        () => new Error('booted anyway'),
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ImageError);
      expect(err.message).toContain(`${image.kernel}: kernel is ${image.arch}`);
      expect(err.message).toContain(`machine profile ${other.name} runs ${other.arch} kernels`);
      expect(lab.guests.size).toBe(0);
    });
  });
});

describe(`a guest that never boots (${first.label})`, () => {
  test('a kernel that panics fails at once with the console tail and the QEMU argv', async () => {
    const garbage = path.join(scratch, 'garbage.cpio.gz');
    fs.writeFileSync(garbage, crypto.randomBytes(4096));
    const image = { ...imageOf(first), initrd: garbage };
    await withLab('panics', async (lab) => {
      const guest = await lab.guest({ name: 'router', image, nics: [] });
      const t0 = Date.now();
      const err = await guest.waitReady({ timeout: 120_000 }).then(() => new Error('booted anyway'), (e: Error) => e);
      expect(err.message).toMatch(/gave up waiting for router to boot .*QEMU exited/);
      expect(err.message).toMatch(/Kernel panic/);
      expect(err.message).toContain('QEMU command line:');
      expect(err.message).toContain(garbage);
      expect(Date.now() - t0).toBeLessThan(110_000);
    });
  });

  test('a guest that hangs fails at the timeout with what it printed last and the argv', async () => {
    const image = { ...imageOf(first), ready: /THIS-NEVER-APPEARS/ };
    await withLab('hangs', async (lab) => {
      const guest = await lab.guest({ name: 'router', image, nics: [] });
      await guest.console.waitFor(/NETRIG-READY/, { timeout: 120_000 });
      const err = await guest.waitReady({ timeout: 1500 }).then(() => new Error('ready?'), (e: Error) => e);
      expect(err.message).toMatch(/timed out after 1\.5 s waiting for router to boot/);
      expect(err.message).toContain('router console, last lines:');
      expect(err.message).toContain('QEMU command line:');
      expect(err.message).toContain(image.kernel);
    });
  });
});

describe('a malformed topology', () => {
  test('is refused naming the field, and no guest is started', async () => {
    await withLab('bad-topology', async (lab) => {
      const bad = { ...lan, nodes: { router: { ...lan.nodes.router, nics: { wan: 'acces', lan: 'lan' } } } };
      // @ts-expect-error a typo the type checker would catch; a JavaScript user would not be told
      const err = await startTopology(lab, bad, { image: imageOf(first) }).then(() => new Error('started'), (e: Error) => e);
      expect(err).toBeInstanceOf(TopologyError);
      expect(err.message).toBe('topology "lan": nodes.router.nics.wan: unknown segment "acces"; known: access, lan, world');
      expect(lab.guests.size).toBe(0);
    });
  });
});

describe(`garbage on every segment (${first.label})`, () => {
  const topo = useTopology(lan, first);
  test('random frames of every size crash neither the rig nor the router', async () => {
    const { segments, router } = topo();
    let seed = 0x5eed;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (const seg of Object.values(segments)) {
      const port = await seg.attach('vandal');
      const before = seg.frames.length;
      for (let i = 0; i < 500; i++) {
        const n = [0, 1, 14, 60, 1514, 1518, 9000][i % 7] || Math.floor(rand() * 1600);
        const frame = Buffer.alloc(n);
        for (let j = 0; j < n; j++) frame[j] = Math.floor(rand() * 256);
        if (i % 3 === 0 && n >= 14) frame.fill(0xff, 0, 6); // broadcast, so the guest's NIC takes it in
        port.send(frame);
        // A segment is as lossy as a real one under a burst (socket buffers): pace the vandal so
        // every frame arrives and the count below proves each was recorded.
        if (i % 20 === 19) await sleep(5);
      }
      const crossed = () => seg.frames.slice(before).filter((f) => f.from === 'vandal').length;
      await retry(() => (crossed() >= 500 ? true : undefined), { timeout: 10_000, what: `500 garbage frames to cross ${seg.name}` });
      port.close();
    }
    await expect(router.exec('echo still here')).resolves.toEqual({ code: 0, output: 'still here' });
  });
});
