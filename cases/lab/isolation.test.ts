// Two runs at once never hear each other: two labs boot routers side by side (same Liminix
// segment addresses, same LAN addressing), and each lab's segments carry only its own router's
// frames; a listener in the machine's own namespace hears neither.
import { afterAll, expect, test } from 'vitest';
import { Lab } from '../../harness/lab/lab.ts';
import { imageOf } from '../../harness/lab/images.ts';
import { LIMINIX_SEGMENTS } from '../../harness/net/segment.ts';
import { listenOutside } from '../../harness/net/outside.ts';
import { decodeFrame } from '../../harness/packets/index.ts';
import { images } from '../../harness/vitest/topology.ts';

const labs: Lab[] = [];
afterAll(async () => {
  await Promise.all(labs.map((l) => l.close()));
});

test('two labs booted at once each see only their own router, and the host sees neither', async () => {
  const outside = await listenOutside(LIMINIX_SEGMENTS.lan);
  const heard = outside.heard;
  const image = imageOf(images()[0]);
  const macs = ['52:54:00:a1:00:01', '52:54:00:b2:00:01'];
  const started = await Promise.all(
    macs.map(async (mac, i) => {
      const lab = await Lab.open({ name: `isolation-${i + 1}`, log: () => {} });
      labs.push(lab);
      const router = await lab.guest({ name: 'router', image, nics: [{ name: 'lan', segment: 'lan', mac }], cmdline: ['netrig.wan=none'] });
      await router.waitReady();
      return { lab, router, lan: await lab.segment('lan') };
    }),
  );
  for (const [i, s] of started.entries()) {
    // dnsmasq announces the router on its LAN (RAs) within seconds of start.
    await s.lan.find((f) => decodeFrame(f.data).eth?.src === macs[i], { timeout: 30_000 });
    const sources = new Set(s.lan.frames.map((f) => decodeFrame(f.data).eth?.src));
    expect(sources.has(macs[i])).toBe(true);
    expect(sources.has(macs[1 - i])).toBe(false);
  }
  outside.close();
  expect(heard).toHaveLength(0);
});
