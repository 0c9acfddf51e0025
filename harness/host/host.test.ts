// Two userspace hosts on one segment, no guest: what each answers by itself (ARP, NDP, echo,
// TCP SYN) is what the other's verbs rely on.
import { afterEach, expect, test } from 'vitest';
import { Lab } from '../lab/lab.ts';
import { Host } from './host.ts';

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
});

async function pair() {
  lab = await Lab.open({ name: 'hosts', log: () => {} });
  const world = await lab.segment('world');
  const a = new Host(await world.attach('a'), 'a', '52:54:00:0a:00:01').configure({ ip4: '198.51.100.1/24', ip6: ['3fff:ffff::1/64'] });
  const b = new Host(await world.attach('b'), 'b', '52:54:00:0b:00:01').configure({ ip4: '198.51.100.2/24', ip6: ['3fff:ffff::2/64'] });
  return { a, b, world };
}

test('hosts resolve each other by ARP and NDP and answer pings', async () => {
  const { a, b } = await pair();
  expect(await a.resolve4('198.51.100.2')).toBe(b.mac);
  expect((await a.ping('198.51.100.2')).rtt).toBeGreaterThanOrEqual(0);
  expect(await b.resolve6('3fff:ffff::1')).toBe(a.mac);
  const r = await b.ping6('3fff:ffff::1');
  expect(r.reply.ipv6?.src).toBe('3fff:ffff::1');
  await a.ping6(b.ip6[0]); // link-local
});

test('TCP probes tell a listening port from a closed one; UDP silence is filtered', async () => {
  const { a, b } = await pair();
  const l = b.listen({ tcp: 80 });
  expect(await a.tcpProbe('198.51.100.2', 80)).toBe('open');
  expect(await a.tcpProbe('198.51.100.2', 81)).toBe('closed');
  expect(await a.tcpProbe('3fff:ffff::2', 80)).toBe('open');
  expect((await l.next()).frame.tcp?.flags).toBe('S');
  const u = b.listen({ udp: 5353 });
  expect(await a.udpProbe('198.51.100.2', 5353, { timeout: 300 })).toBe('filtered');
  expect((await u.next()).frame.udp?.dstPort).toBe(5353);
});

test('a verb that gets no answer fails with what was sent and seen', async () => {
  const { a } = await pair();
  const err = await a.ping('198.51.100.99', { timeout: 500 }).then(() => new Error('answered'), (e: Error) => e);
  expect(err.message).toMatch(/ARP reply from 198\.51\.100\.99/);
  expect(err.message).toMatch(/a \(52:54:00:0a:00:01\) sent:\n.*ARP/);
});

test('an IPv6-only host answers SYNs only for its own addresses (no IPv4 address is not a wildcard)', async () => {
  const { a, world } = await pair();
  // c has no IPv4 address; a SYN to an IPv6 address that is not c's, sent to c's MAC, is not c's to refuse.
  const c = new Host(await world.attach('c'), 'c', '52:54:00:0c:00:01').configure({ ip6: ['3fff:ffff::3/64'] });
  const seen = a.next((f) => f.tcp?.flags.includes('R') === true && f.eth?.src === c.mac, { timeout: 1000 }).then(() => 'reset', () => 'silent');
  a.send({ eth: { src: a.mac, dst: c.mac }, ipv6: { src: '3fff:ffff::1', dst: '3fff:ffff::99' }, tcp: { srcPort: 40000, dstPort: 80, flags: 'S', seq: 1 } });
  expect(await seen).toBe('silent');
  expect(await a.tcpProbe('3fff:ffff::3', 80)).toBe('closed');
});
