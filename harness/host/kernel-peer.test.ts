// Two kernel peers on one segment reach each other through the bridge, and each lives in its own
// namespace (neither sees the other's interface, nor the lab's loopback multicast route).
import { afterEach, expect, test } from 'vitest';
import { Lab } from '../lab/lab.ts';
import { KernelPeer } from './kernel-peer.ts';

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
});

test('two kernel peers on lan ping each other with the system ping and a raw socket from Node', async () => {
  lab = await Lab.open({ name: 'kernel-peers', log: () => {} });
  const lan = await lab.segment('lan');
  const a = await KernelPeer.attach(lab, lan, { name: 'a' });
  const b = await KernelPeer.attach(lab, lan, { name: 'b' });
  await a.must(['ip', 'addr', 'add', '10.9.0.1/24', 'dev', 'eth0']);
  await b.must(['ip', 'addr', 'add', '10.9.0.2/24', 'dev', 'eth0']);
  const rtts = await a.ping('10.9.0.2', 2);
  expect(rtts).toHaveLength(2);
  expect(await b.rawPing('10.9.0.1')).toBeGreaterThan(0);
  expect(await a.must(['ip', '-o', 'link'])).not.toMatch(/10\.9\.0\.2|tb/);
  // The frames crossed the segment, where the lab recorded them.
  expect(lan.frames.some((f) => f.data.readUInt16BE(12) === 0x0806)).toBe(true);
}, 60_000);
