// L2TP WAN against the border VM (the LNS), on every image: a DHCPv4 underlay on `wan`, then PPP
// inside L2TP gives the router its IPv4 address and the default route into the tunnel, and
// DHCPv6-PD over that PPP session numbers the LAN; a LAN host reaches the world over IPv4 (NAT44)
// and IPv6 (its own address). What happens inside the tunnel is not decoded on the wire: the
// border's session table and the router's own state stand in for it.
import { describe, expect, test } from 'vitest';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { l2tp } from '../../topologies/l2tp.ts';
import { wanBasics, wanState } from '../support/wan.ts';

describe.each(images())('L2TP WAN on $label', (image) => {
  const topo = useTopology(l2tp, image);
  const wan = wanBasics(topo, {
    wanDev: 'ppp0',
    upTitle: 'the router dials L2TP over its DHCPv4 underlay and takes its IPv4 address and default route by IPCP in the tunnel',
    upEvidence: () => [
      [(f) => f.dhcp4?.options.messageType === 'ack', 'a DHCPACK for the underlay'],
      [(f) => f.udp?.dstPort === 1701 && f.ipv4?.dst === '10.0.1.1', 'L2TP (UDP 1701) to the LNS'],
    ],
    pdTitle: 'WPD-1: a prefix is delegated by DHCPv6 over the PPP session in the tunnel and the router numbers its LAN from it',
    pdEvidence: () => [],
  });

  test('the session at the border is an L2TP session, and the LNS stays reachable through the underlay', async () => {
    const s = await wan.up();
    expect(s.kind).toBe('l2tp');
    const { router } = topo();
    const route = await router.succeed('ip -j route get 10.0.1.1');
    expect((JSON.parse(route.slice(route.indexOf('['))) as Array<{ dev: string }>)[0].dev).toBe('wan');
    expect((await wanState(router, 'wan')).ipv4).toMatch(/^10\.0\.1\./);
  });
});
