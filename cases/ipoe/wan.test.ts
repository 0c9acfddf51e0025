// IPoE WAN against the border VM, on every image: DHCPv4 gives the router its address and default
// route on `wan`, DHCPv6 (after the border's RA with M=1) an address and a delegated prefix that
// numbers the LAN; a LAN host reaches the world over IPv4 (NAT44) and IPv6 (its own address).
import { describe } from 'vitest';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { dhcpAckOf, pdReplyOf, wanBasics } from '../support/wan.ts';

describe.each(images())('IPoE WAN on $label', (image) => {
  const topo = useTopology(ipoe, image);
  wanBasics(topo, {
    wanDev: 'wan',
    upTitle: 'the router takes its IPv4 address and default route from the ISP by DHCPv4 (DHCPACK on access)',
    upEvidence: (ipv4) => [[dhcpAckOf(ipv4), `a DHCPACK of ${ipv4}`]],
    pdTitle: 'WPD-1: a prefix is delegated by DHCPv6 on access (Reply with IA_PD) and the router numbers its LAN from it',
    pdEvidence: (prefix) => [
      [(f) => f.dhcp6?.type === 'solicit' && (f.dhcp6.options.iaPd ?? []).length > 0, 'a DHCPv6 Solicit with IA_PD (W-4)'],
      [pdReplyOf(prefix), `a DHCPv6 Reply delegating ${prefix}`],
    ],
  });
});
