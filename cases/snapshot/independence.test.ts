// Cases that change the router's state do not leak into the next case: with `reset: 'per-case'`
// each case resumes the topology as it was when ready (from a snapshot, or a cold boot with
// NETRIG_NO_SNAPSHOT=1). The same two cases run in both orders and pass both ways.
import { describe, expect, test } from 'vitest';
import { Host } from '../../harness/host/host.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { lan } from '../../topologies/lan.ts';

const image = images()[0];

const breaksTheLan = async (t: ReturnType<ReturnType<typeof useTopology>>) => {
  await t.router.succeed('ip -4 addr flush dev lan && echo broken > /tmp/netrig-mark');
  expect(await t.router.succeed('cat /tmp/netrig-mark')).toBe('broken');
  const client = new Host(await t.segments.lan.attach('client'), 'client', '52:54:00:c1:00:09').configure({ ip4: '192.168.1.50/24' });
  await expect(client.ping('192.168.1.1', { timeout: 1500 })).rejects.toThrow(/ARP reply from 192\.168\.1\.1/);
};

const expectsTheOriginal = async (t: ReturnType<ReturnType<typeof useTopology>>) => {
  expect((await t.router.exec('cat /tmp/netrig-mark')).code).not.toBe(0);
  expect(await t.router.succeed("ip -4 -o addr show dev lan | awk '{print $4}'")).toBe('192.168.1.1/24');
  const client = new Host(await t.segments.lan.attach('client'), 'client', '52:54:00:c1:00:0a');
  // Generous: with two workers' guests under TCG on two cores, a resumed router can be slow to serve.
  await client.dhcp({ timeout: 30_000 });
  await expect(client.ping('192.168.1.1')).resolves.toBeReachable();
};

for (const order of ['breaker first', 'breaker last'] as const) {
  describe(`per-case reset on ${image.label}, ${order}`, () => {
    const topo = useTopology(lan, image, { reset: 'per-case' });
    const cases = [
      ['a case that flushes the router\'s LAN address', () => breaksTheLan(topo())],
      ['a case that expects the router as it was when ready', () => expectsTheOriginal(topo())],
    ] as const;
    for (const [title, fn] of order === 'breaker first' ? cases : [...cases].reverse()) test(title, fn);
  });
}
