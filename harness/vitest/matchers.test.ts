import { describe, expect, test } from 'vitest';
import './matchers.ts';
import { Lab } from '../lab/lab.ts';
import { encodeFrame, arpRequest } from '../packets/index.ts';

describe('matchers', () => {
  test('toHaveSeen passes on a frame that crossed the segment, and fails listing what did', async () => {
    const lab = await Lab.open({ name: 'matchers', log: () => {} });
    try {
      const lan = await lab.segment('lan');
      const p = await lan.attach('p');
      const q = await lan.attach('q');
      const got = q.next();
      p.send(encodeFrame(arpRequest({ mac: '52:54:00:00:00:99', ip: '10.0.0.9', target: '10.0.0.1' })));
      await got;
      expect(lan).toHaveSeen((f) => f.arp?.targetIp === '10.0.0.1');
      expect(() => expect(lan).toHaveSeen((f) => f.arp?.targetIp === '10.0.0.2', 'an ARP for 10.0.0.2')).toThrow(
        /expected segment lan to have seen an ARP for 10\.0\.0\.2; of 1 frames, the last 1 were:\n {2}p +.*ARP.*10\.0\.0\.1/,
      );
    } finally {
      await lab.close();
    }
  });
  test('toBeReachable reads ping results, probe results and errors', () => {
    expect({ address: '192.0.2.1', rtt: 0.4 }).toBeReachable();
    expect('open').toBeReachable();
    expect(() => expect('filtered').toBeReachable()).toThrow(/probe says filtered/);
    expect(() => expect(new Error('timed out waiting for an echo reply')).toBeReachable()).toThrow(/but: timed out/);
  });
});
