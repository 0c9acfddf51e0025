// Router advertisements from someone who is not the ISP's router. On `world` a host announces
// itself, and claims the border's own address with Router Lifetime 0: the border is a router and
// must take no advice from RAs, so the path to the world stays. On `access` another router says it
// is no default router (Router Lifetime 0) and offers a prefix of its own: that may not take the
// router's default route through the ISP away, nor make the router stop being the LAN's default
// router (its own WAN default router is still there, RFC 7084 G-5 does not apply), nor leak the
// stranger's prefix into the LAN's RAs. One boot per image; the world case first.
import { afterAll, describe, expect, test } from 'vitest';
import { Host } from '../../harness/host/host.ts';
import { decodeFrame, linkLocal, prefixContains, routerAdvertisement, type Pio } from '../../harness/packets/index.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { macOf, onlineLanClient, type LanClient } from '../support/wan.ts';

const ROGUE_MAC = '52:54:00:66:66:0a';
const ROGUE_PREFIX = '3fff:bad:0:1::/64';

describe.each(images())('rogue router advertisements on $label', (image) => {
  const topo = useTopology(ipoe, image);
  let client: Promise<LanClient> | undefined;
  const lan = () => (client ??= onlineLanClient(topo));
  afterAll(async () => (await client?.catch(() => undefined))?.host.close());

  test("a rogue RA on world (a stranger's RA, and one forged from the border's own address with Router Lifetime 0) changes nothing: LAN → world still works both ways", async () => {
    const c = await lan();
    const { segments, border } = topo();
    const rogue = new Host(await segments.world.attach('rogue'), 'rogue', ROGUE_MAC);
    try {
      const bmac = macOf(border!, 'world');
      rogue.send(routerAdvertisement({ mac: ROGUE_MAC, lifetime: 1800, preference: 'high', prefixes: [ROGUE_PREFIX] }));
      rogue.send(routerAdvertisement({ mac: bmac, src: linkLocal(bmac), lifetime: 0, prefixes: [{ prefix: '3fff:ffff::/64', validLifetime: 0, preferredLifetime: 0 }] }));
      await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
      await expect(topo().hosts.server.ping6(c.ip6, { timeout: 5000 })).resolves.toBeReachable();
    } finally {
      rogue.close();
    }
  });

  test(`a rogue RA on access (another router: Router Lifetime 0, its own prefix ${ROGUE_PREFIX}) takes nothing away: LAN → world still works, the LAN RAs keep their Router Lifetime and never carry that prefix`, async () => {
    const c = await lan();
    const { segments, router } = topo();
    const rmac = macOf(router, 'wan');
    const rogue = new Host(await segments.access.attach('rogue'), 'rogue', ROGUE_MAC);
    try {
      // The router acts on it (it may: SLAAC from an autonomous PIO on its WAN link): its DAD says when.
      const dad = segments.access.next((f) => {
        const d = decodeFrame(f.data);
        return d.eth?.src === rmac && d.icmp6?.type === 'ns' && d.ipv6?.src === '::' && 'target' in d.icmp6 && prefixContains(ROGUE_PREFIX, `${d.icmp6.target}/128`);
      }, { timeout: 10_000, what: `the router's DAD for an address in ${ROGUE_PREFIX}` });
      rogue.send(routerAdvertisement({ mac: ROGUE_MAC, lifetime: 0, prefixes: [ROGUE_PREFIX] }));
      await dad;
      await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
      await expect(c.host.ping(WORLD.server4, { timeout: 5000 })).resolves.toBeReachable();
      const ra = await c.host.solicit({ timeout: 5000 });
      expect(ra.routerLifetime).toBeGreaterThan(0);
      expect(segments.lan).not.toHaveSeen(
        (f) => f.icmp6?.type === 'ra' && ((f.icmp6 as { options: { prefix?: Pio[] } }).options.prefix ?? []).some((p) => prefixContains('3fff:bad::/32', p.prefix)),
        `an RA on lan with a prefix of the rogue's`,
      );
      expect(segments.lan).not.toHaveSeen((f) => f.from === 'qemu' && f.icmp6?.type === 'ra' && (f.icmp6 as { routerLifetime: number }).routerLifetime === 0, 'an RA on lan with Router Lifetime 0');
    } finally {
      rogue.close();
    }
  });
});
