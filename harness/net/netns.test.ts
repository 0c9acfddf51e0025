// The namespace and its segments without any guest: frames cross between Ports, never echo back
// to their sender, never leak to the machine's own loopback, and two labs never hear each other.
import { afterEach, describe, expect, test } from 'vitest';
import { Netns } from './netns.ts';
import { LIMINIX_SEGMENTS } from './segment.ts';
import { listenOutside } from './outside.ts';
import { retry } from '../util/wait.ts';

const open: Netns[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((n) => n.close()));
});
async function netns() {
  const n = await Netns.open();
  open.push(n);
  return n;
}
const frame = (tag: number) => Buffer.concat([Buffer.from('ffffffffffff525400000001', 'hex'), Buffer.from([0x88, 0xb5, tag])]);

describe('segments in a private namespace', () => {
  test('a frame sent by one port reaches the others once, and not its sender', async () => {
    const lan = await (await netns()).segment(LIMINIX_SEGMENTS.lan);
    const a = await lan.attach('a');
    const b = await lan.attach('b');
    const aHeard: Buffer[] = [];
    a.onFrame((f) => aHeard.push(f.data));
    const got = b.next((f) => f.data.at(-1) === 7);
    a.send(frame(7));
    const f = await got;
    expect(f.from).toBe('a');
    expect(f.data).toEqual(frame(7));
    await lan.find((x) => x.data.at(-1) === 7);
    expect(lan.frames.filter((x) => x.data.at(-1) === 7)).toHaveLength(1);
    expect(aHeard).toHaveLength(0);
  });

  test('garbage of any size crosses the segment without harm', async () => {
    const lan = await (await netns()).segment(LIMINIX_SEGMENTS.lan);
    const a = await lan.attach('a');
    const b = await lan.attach('b');
    const sizes = [1, 13, 1514, 9000, 65000];
    const got = new Promise<number[]>((resolve) => {
      const seen: number[] = [];
      b.onFrame((f) => {
        seen.push(f.data.length);
        if (seen.length === sizes.length) resolve(seen);
      });
    });
    for (const n of sizes) a.send(Buffer.alloc(n, 0xa5));
    expect((await got).sort((x, y) => x - y)).toEqual(sizes);
  });

  test('a port closed right after it sent still gets its frames out', async () => {
    const lan = await (await netns()).segment(LIMINIX_SEGMENTS.lan);
    const b = await lan.attach('b');
    const heard = new Set<number>();
    b.onFrame((f) => heard.add(f.data.at(-1)!));
    for (let i = 0; i < 20; i++) {
      const a = await lan.attach(`a${i}`);
      a.send(frame(i));
      a.close();
    }
    await retry(() => (heard.size === 20 ? true : undefined), { timeout: 5000, what: 'all 20 frames' }).catch(() => undefined);
    expect([...heard].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
  });

  test('an empty frame is refused with the reason: QEMU would take it for the end of the connection', async () => {
    const lan = await (await netns()).segment(LIMINIX_SEGMENTS.lan);
    const a = await lan.attach('a');
    const b = await lan.attach('b');
    expect(() => a.send(Buffer.alloc(0))).toThrow(/empty frame is not sent.*end of the connection/);
    // Nothing went out, and the port still works.
    const got = b.next((f) => f.data.at(-1) === 9);
    a.send(frame(9));
    expect((await got).data).toEqual(frame(9));
    expect(lan.frames.every((f) => f.data.length > 0)).toBe(true);
  });

  test('a listener in the machine\'s own namespace hears nothing of the lab', async () => {
    const outside = await listenOutside(LIMINIX_SEGMENTS.lan);
    const heard = outside.heard;
    try {
      const lan = await (await netns()).segment(LIMINIX_SEGMENTS.lan);
      const a = await lan.attach('a');
      const b = await lan.attach('b');
      const got = b.next();
      for (let i = 0; i < 20; i++) a.send(frame(i));
      await got;
      await lan.find((f) => f.data.at(-1) === 19);
      expect(heard).toHaveLength(0);
    } finally {
      outside.close();
    }
  });

  test('two labs at once each see only their own frames', async () => {
    const [one, two] = await Promise.all([netns(), netns()]);
    const lan1 = await one.segment(LIMINIX_SEGMENTS.lan);
    const lan2 = await two.segment(LIMINIX_SEGMENTS.lan);
    const p1 = await lan1.attach('p1');
    const p2 = await lan2.attach('p2');
    const w1 = await lan1.attach('w1');
    const w2 = await lan2.attach('w2');
    const g1 = w1.next((f) => f.data.at(-1) === 0x99);
    const g2 = w2.next((f) => f.data.at(-1) === 0x99);
    for (let i = 0; i < 10; i++) {
      p1.send(frame(1));
      p2.send(frame(2));
    }
    p1.send(frame(0x99));
    p2.send(frame(0x99));
    await Promise.all([g1, g2]);
    expect(lan1.frames.map((f) => f.data.at(-1)).filter((t) => t !== 0x99)).toEqual(Array(10).fill(1));
    expect(lan2.frames.map((f) => f.data.at(-1)).filter((t) => t !== 0x99)).toEqual(Array(10).fill(2));
  });

  test('processes run inside the namespace see only its loopback', async () => {
    const ns = await netns();
    const r = await ns.run(['ip', '-o', 'link']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^1: lo: <.*MULTICAST.*UP/);
  });
});
