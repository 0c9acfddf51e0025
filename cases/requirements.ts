// The requirements a CE router is held to, as the RFCs state them, each marked with whether netrig
// can decide it from the wire: frames seen on the emulated segments (`access` = WAN side to the
// ISP border VM, `lan`, `world` = internet hosts), with a QEMU router, the border VM (PPPoE AC,
// L2TP LNS, DHCPv4/DHCPv6-PD server, radvd) and TypeScript hosts that forge frames on any segment.
//
// Cases name the requirement they decide (`requirement('WPD-5')`); an id nobody knows throws.
//
// Conventions:
// - `id` is the RFC's own label where it has one (G-1, W-1, WAA-1, WPD-1, ULA-1, L-1, S-1, REC-1…).
//   Invented ids: ICMP6-<section>-<n> for RFC 4890's lists, PPPOE-n (RFC 2516), DHCP4-… (RFC
//   2131/2132; DHCP4-C-… for the router's own WAN client), DHCP6-… (RFC 8415; DHCP6-S-… for the
//   router's LAN server), NAT44-… (RFC 4787/5382; the REQ number is kept in the id), L2TP-n (RFC
//   2661; L2TP-V3-n for RFC 3931). RFC 9096's WPD-9, WPD-10, L-15 and L-16 keep their labels; its
//   replacement of L-13 is `L-13/RFC9096` so that RFC 7084's own L-13 keeps its id.
// - `level` is the requirement's governing keyword. Where a requirement mixes keywords (a MAY with
//   a MUST attached) it is the one the `how` decides; where the RFC states a rule without BCP 14
//   keywords (RFC 4890 throughout, some definitional rules) it is the keyword the prose implies.
// - `text` is a short excerpt or close paraphrase of the RFC (≤ 200 characters), keeping its keyword.
// - `topology` is what a case needs: 'lan' (the router alone, WAN unplugged), 'pppoe' / 'ipoe' /
//   'l2tp' (that WAN up against the border VM), 'any' (any topology with a working WAN).
// - 'not-testable' means no sequence of frames decides it: configuration UIs, manufacturer
//   processes, internal state with no wire consequence, universal claims, or permissions (a MAY
//   that no observation can violate). `why` says which.

export type Testability = 'wire' | 'not-testable';

export interface Requirement {
  id: string;
  rfc: number;
  section: string;
  level: 'MUST' | 'SHOULD' | 'MAY' | 'MUST NOT' | 'SHOULD NOT' | 'RECOMMENDED';
  text: string;
  testability: Testability;
  /** for not-testable: why it cannot be decided from the wire */
  why?: string;
  /** for wire: which host sends what on which segment and what must / must not be seen */
  how?: string;
  topology?: 'lan' | 'pppoe' | 'ipoe' | 'l2tp' | 'any';
}

export const REQUIREMENTS: Requirement[] = [
  // ───────────────────────── RFC 7084 §4.1 General ─────────────────────────
  {
    id: 'G-1', rfc: 7084, section: '4.1', level: 'MUST',
    text: 'An IPv6 CE router is an IPv6 node according to the IPv6 Node Requirements specification [RFC6434].',
    testability: 'not-testable',
    why: 'Umbrella requirement: RFC 6434 is hundreds of requirements of its own (and no keyword is stated here); no single observation decides conformance to all of them.',
  },
  {
    id: 'G-2', rfc: 7084, section: '4.1', level: 'MUST',
    text: 'The IPv6 CE router MUST implement ICMPv6 according to [RFC4443]. In particular, point-to-point links MUST be handled as described in Section 3.1 of [RFC4443].',
    testability: 'wire', topology: 'pppoe',
    how: 'World host sends an echo request to an unassigned address of the PPP link\'s /64 via the border: router answers Destination Unreachable code 3 and never sends it back over the PPPoE session.',
  },
  {
    id: 'G-3', rfc: 7084, section: '4.1', level: 'MUST NOT',
    text: 'The router MUST NOT forward any IPv6 traffic between its LAN interface(s) and its WAN interface until it has completed the IPv6 address and the delegated prefix acquisition process.',
    testability: 'wire', topology: 'any',
    how: 'Border withholds the DHCPv6 Reply; LAN host sends global-sourced packets to a world host: nothing on access/world until the IA_PD Reply is given, then they pass.',
  },
  {
    id: 'G-4', rfc: 7084, section: '4.1', level: 'MUST NOT',
    text: 'By default, an IPv6 CE router that has no default router(s) on its WAN interface MUST NOT advertise itself as an IPv6 default router on its LAN interfaces (Router Lifetime zero).',
    testability: 'wire', topology: 'lan',
    how: 'WAN unplugged: LAN host sends an RS; every RA seen on lan (solicited and periodic) has Router Lifetime 0.',
  },
  {
    id: 'G-5', rfc: 7084, section: '4.1', level: 'MUST',
    text: 'If the router loses its IPv6 default router(s) and/or detects loss of WAN connectivity, it MUST immediately transmit one or more RAs with Router Lifetime set to zero.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border sends an RA with Router Lifetime 0 (or goes silent/link down) on access: within a few seconds an unsolicited RA with Router Lifetime 0 appears on lan.',
  },

  // ───────────────────────── RFC 7084 §4.2 WAN side ─────────────────────────
  {
    id: 'W-1', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'When the router is attached to the WAN interface link, it MUST act as an IPv6 host for the purposes of stateless [RFC4862] or stateful [RFC3315] interface address assignment.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA with M=1: router sends a DHCPv6 Solicit with IA_NA on access, DADs the assigned address (NS from ::) and answers a world host\'s echo request to it.',
  },
  {
    id: 'W-2', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST generate a link-local address and finish DAD [RFC4862] prior to sending any RS on the interface; the RS source MUST be the WAN link-local address.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access capture from boot: a DAD NS (src ::) for a fe80:: target precedes the first RS by at least RetransTimer, and every RS is sourced from that fe80:: address.',
  },
  {
    id: 'W-3', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'Absent other routing information, the router MUST use Router Discovery [RFC4861] to discover a default router(s) and install a default route with the discovered router\'s address as next hop.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA from fe80::b; LAN host sends to a world host: the forwarded packet leaves on access with the border\'s MAC as destination.',
  },
  {
    id: 'W-4', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST act as a requesting router for the purposes of DHCPv6 prefix delegation ([RFC3633]).',
    testability: 'wire', topology: 'any',
    how: 'Router\'s DHCPv6 Solicit on access (or inside the PPP session) carries an IA_PD option.',
  },
  {
    id: 'W-5', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST use a persistent DUID for DHCPv6 messages. The DUID MUST NOT change between network-interface resets or IPv6 CE router reboots.',
    testability: 'wire', topology: 'any',
    how: 'Client Identifier in the Solicits seen on access is identical before and after a WAN link down/up and after a guest reboot.',
  },
  {
    id: 'W-6', rfc: 7084, section: '4.2', level: 'SHOULD',
    text: 'The WAN interface of the CE router SHOULD support a Port Control Protocol (PCP) client as specified in [RFC6887] for use by applications on the CE router.',
    testability: 'not-testable',
    why: 'A client used only when on-router applications ask for it, with no position on default enablement: the absence of PCP on access proves nothing and nothing on the wire can make it speak.',
  },
  {
    id: 'WLL-1', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'If the WAN interface supports Ethernet encapsulation, then the IPv6 CE router MUST support IPv6 over Ethernet [RFC2464].',
    testability: 'wire', topology: 'ipoe',
    how: 'Router frames on access carry EtherType 0x86DD, multicast IPv6 destinations map to 33:33:xx:xx:xx:xx, and it answers NS for its address from the border.',
  },
  {
    id: 'WLL-2', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'If the WAN interface supports PPP encapsulation, the IPv6 CE router MUST support IPv6 over PPP [RFC5072].',
    testability: 'wire', topology: 'pppoe',
    how: 'Inside the PPPoE session the router negotiates IPV6CP (0x8057) with an Interface-Identifier option and sends IPv6 as PPP protocol 0x0057.',
  },
  {
    id: 'WLL-3', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'With IPCP and IPV6CP over one PPP logical channel, the NCPs MUST be treated as independent of each other and start and terminate independently.',
    testability: 'wire', topology: 'pppoe',
    how: 'Border sends an IPV6CP Terminate-Request mid-session: IPCP stays up and IPv4 LAN→world traffic keeps flowing in the session; and the same with IPCP terminated and IPv6.',
  },
  {
    id: 'WAA-1', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The IPv6 CE router MUST support Stateless Address Autoconfiguration (SLAAC) [RFC4862].',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA with a PIO (A=1) on access: router DADs an address in that /64 and answers a world host\'s echo request to it.',
  },
  {
    id: 'WAA-2', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST follow the recommendations in Section 4 of [RFC5942], in particular the handling of the L flag in the Router Advertisement Prefix Information option.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border PIO with A=1, L=0: LAN host sends to another address of that prefix; router sends it to the border\'s MAC and never NSes for it on access.',
  },
  {
    id: 'WAA-3', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The IPv6 CE router MUST support DHCPv6 [RFC3315] client behavior.',
    testability: 'wire', topology: 'any',
    how: 'Router sends Solicit from fe80::/10 port 546 to ff02::1:2 port 547 with Client Identifier and Elapsed Time, then a Request to the advertising server, on access/PPP.',
  },
  {
    id: 'WAA-4', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST be able to support the DHCPv6 options IA_NA, Reconfigure Accept [RFC3315] and DNS_SERVERS [RFC3646]; it SHOULD support the DNSSL option.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA M=1: Solicit carries IA_NA and an ORO with 23 (and 24); DNS server from the Reply is then used (router\'s DNS queries go to it, or it appears in LAN RDNSS/DHCPv6).',
  },
  {
    id: 'WAA-5', rfc: 7084, section: '4.2', level: 'SHOULD',
    text: 'The router SHOULD implement NTP [RFC5905]; if it does, it requests the NTP Server DHCPv6 option [RFC5908] and uses the received servers as primary time reference.',
    testability: 'wire', topology: 'any',
    how: 'ORO in the router\'s Solicit/Request lists option 56; after the border returns an NTP server, NTP (UDP 123) requests to that address appear on access.',
  },
  {
    id: 'WAA-6', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'If the router receives a Router Advertisement with the M flag set to 1, it MUST do DHCPv6 address assignment (request an IA_NA option).',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA with M=1 on access: the next Solicit/Request carries an IA_NA option.',
  },
  {
    id: 'WAA-7', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'If the router gets no global address from SLAAC or DHCPv6, it MUST create a global address from its delegated prefix(es) and configure it on an internal virtual interface.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA without A-flag PIO and M=0, only IA_PD: world host sends hop-limit-1 packets to a LAN address; the Time Exceeded on access is sourced from inside the delegated prefix.',
  },
  {
    id: 'WAA-8', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The CE router MUST support the SOL_MAX_RT option [RFC7083] and request the SOL_MAX_RT option in an Option Request Option (ORO).',
    testability: 'wire', topology: 'any',
    how: 'ORO of every Solicit lists 82; border Advertises NoPrefixAvail with SOL_MAX_RT=60: later Solicit retransmissions are spaced ≤ ~66 s instead of growing to 3600 s.',
  },
  {
    id: 'WAA-9', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST follow the weak host model [RFC1122]: when originating packets it uses a source address from another interface if the outgoing one has none of suitable scope.',
    testability: 'wire', topology: 'ipoe',
    how: 'WAN with link-local only: router-originated packets on access (ICMPv6 errors, DNS/NTP) use a global source from a LAN prefix; world host\'s echo to the LAN address is answered.',
  },
  {
    id: 'WAA-10', rfc: 7084, section: '4.2', level: 'SHOULD',
    text: 'The router SHOULD implement the Information Refresh Time option and associated client behavior as specified in [RFC4242].',
    testability: 'wire', topology: 'ipoe',
    how: 'If the router sends Information-request on access, its ORO lists 32; border replies IRT=600: a new Information-request follows ~600 s later.',
  },
  {
    id: 'WPD-1', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST support DHCPv6 prefix delegation requesting router behavior as specified in [RFC3633] (IA_PD option).',
    testability: 'wire', topology: 'any',
    how: 'Solicit/Request with IA_PD on access; after the Reply the LAN RA carries a /64 PIO inside the delegated prefix and world↔LAN traffic to it is routed.',
  },
  {
    id: 'WPD-2', rfc: 7084, section: '4.2', level: 'MAY',
    text: 'The router MAY hint the prefix size it requires. If so, it MUST ask for a prefix large enough to assign one /64 per interface, rounded up to the nearest nibble, and SHOULD be configurable.',
    testability: 'wire', topology: 'any',
    how: 'If the IA_PD in the Solicit carries an IAPREFIX hint, its prefix-length is a multiple of 4 and ≤ 64 − ⌈log2(interfaces)⌉ (≤ /60 for WAN+LAN).',
  },
  {
    id: 'WPD-3', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'The router MUST be prepared to accept a delegated prefix size different from the hint; if too small to address all interfaces it SHOULD log a system management error.',
    testability: 'wire', topology: 'any',
    how: 'Border delegates /48, then /64 regardless of the hint: each time the LAN RA carries a /64 PIO inside the delegated prefix (the logging part is not on the wire).',
  },
  {
    id: 'WPD-4', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'By default, the IPv6 CE router MUST initiate DHCPv6 prefix delegation when either the M or O flags are set to 1 in a received Router Advertisement (RA) message.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA with M=0,O=1 (and separately M=1,O=0): a Solicit with IA_PD follows on access.',
  },
  {
    id: 'WPD-5', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'Any packet received with a destination in the delegated prefix(es) but not in the prefixes assigned to the LAN must be dropped (next hop should be the null destination).',
    testability: 'wire', topology: 'any',
    how: 'World host sends to an address in the delegated /56 outside the LAN /64: it is not sent back out on access (no loop) nor onto lan.',
  },
  {
    id: 'WPD-5(a)', rfc: 7084, section: '4.2', level: 'SHOULD',
    text: 'The router SHOULD send an ICMPv6 Destination Unreachable message per Section 3.1 of [RFC4443] back to the source of the packet, if the packet is dropped due to WPD-5.',
    testability: 'wire', topology: 'any',
    how: 'Same probe as WPD-5: a Destination Unreachable (type 1) addressed to the world host appears on access.',
  },
  {
    id: 'WPD-6', rfc: 7084, section: '4.2', level: 'MUST',
    text: 'If the router requests both IA_NA and IA_PD, it MUST accept an IA_PD in DHCPv6 Advertise/Reply messages even if the message does not contain any addresses.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border RA M=1; Advertise/Reply carry IA_PD and an IA_NA with NoAddrsAvail: router Requests and the LAN RA then carries a /64 from the delegated prefix.',
  },
  {
    id: 'WPD-7', rfc: 7084, section: '4.2', level: 'MUST NOT',
    text: 'By default, an IPv6 CE router MUST NOT initiate any dynamic routing protocol on its WAN interface.',
    testability: 'wire', topology: 'any',
    how: 'Several minutes of access capture after WAN up: no RIPng (UDP 521), RIP (UDP 520), OSPF (IP proto 89), Babel (UDP 6696), BGP (TCP 179) or IS-IS frames from the router.',
  },
  {
    id: 'WPD-8', rfc: 7084, section: '4.2', level: 'SHOULD',
    text: 'The IPv6 CE router SHOULD support the [RFC6603] Prefix Exclude option.',
    testability: 'wire', topology: 'any',
    how: 'ORO lists 67; border delegates a /56 with PD_EXCLUDE naming one /64: that /64 never appears in LAN RAs.',
  },
  {
    id: 'WPD-9', rfc: 9096, section: '3', level: 'SHOULD NOT',
    text: 'CE routers SHOULD NOT automatically send DHCPv6-PD RELEASE messages upon restart events.',
    testability: 'wire', topology: 'any',
    how: 'Reboot the guest (console) and restart its WAN: no DHCPv6 Release (type 8) appears on access/PPP around either event.',
  },
  {
    id: 'WPD-10', rfc: 9096, section: '3', level: 'MUST',
    text: 'CE routers MUST by default use a WAN-side IAID that is stable between CE router restarts, DHCPv6 client restarts, or interface state changes (e.g., transient PPP interfaces).',
    testability: 'wire', topology: 'pppoe',
    how: 'IAID of the IA_PD in the Solicit/Request is identical before and after a PADT-forced PPPoE reconnect and after a guest reboot.',
  },

  // ───────────────────────── RFC 7084 §4.3 LAN side ─────────────────────────
  {
    id: 'ULA-1', rfc: 7084, section: '4.3', level: 'SHOULD',
    text: 'The IPv6 CE router SHOULD be capable of generating a ULA prefix [RFC4193].',
    testability: 'not-testable',
    why: 'A capability, not a default behaviour: a router that does not advertise a ULA by default may still be capable; only configuration would show it.',
  },
  {
    id: 'ULA-2', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'An IPv6 CE router with a ULA prefix MUST maintain this prefix consistently across reboots.',
    testability: 'wire', topology: 'lan',
    how: 'If the LAN RA carries an fd00::/8 PIO, reboot the guest: the ULA PIO in the next RA is the same /64.',
  },
  {
    id: 'ULA-3', rfc: 7084, section: '4.3', level: 'SHOULD',
    text: 'The value of the ULA prefix SHOULD be configurable.',
    testability: 'not-testable',
    why: 'About a configuration interface; the wire only shows the value in use.',
  },
  {
    id: 'ULA-4', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'By default, the router MUST act as a site border router according to Section 4.3 of [RFC4193] and filter packets with local IPv6 source or destination addresses accordingly.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends to fd12::1 and from an fd-source to a world host; world host sends fd-sourced packets to a LAN host: none of them crosses access↔lan.',
  },
  {
    id: 'ULA-5', rfc: 7084, section: '4.3', level: 'MUST NOT',
    text: 'An IPv6 CE router MUST NOT advertise itself as a default router with a Router Lifetime greater than zero whenever all of its configured and delegated prefixes are ULA prefixes.',
    testability: 'wire', topology: 'lan',
    how: 'WAN unplugged (no delegated prefix): if RAs on lan carry only ULA PIOs, their Router Lifetime is 0.',
  },
  {
    id: 'L-1', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The IPv6 CE router MUST support router behavior according to Neighbor Discovery for IPv6 [RFC4861].',
    testability: 'wire', topology: 'lan',
    how: 'LAN host RS → RA with hop limit 255 from a fe80:: source; NS for the router\'s address → NA with the R flag set.',
  },
  {
    id: 'L-2', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The IPv6 CE router MUST assign a separate /64 from its delegated prefix(es) (and ULA prefix if configured) for each of its LAN interfaces.',
    testability: 'wire', topology: 'any',
    how: 'After PD, the PIO in LAN RAs is a /64 inside the delegated prefix and differs from any /64 advertised on another LAN interface.',
  },
  {
    id: 'L-3', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The router MUST advertise itself as a router for the delegated prefix(es) (and ULA) using the Route Information Option [RFC4191], independent of WAN IPv6 connectivity.',
    testability: 'wire', topology: 'any',
    how: 'LAN RAs carry a Route Information Option (type 24) covering the delegated prefix (e.g. the /56), also after the border withdraws its default route.',
  },
  {
    id: 'L-4', rfc: 7084, section: '4.3', level: 'MUST NOT',
    text: 'An IPv6 CE router MUST NOT advertise itself as a default router with a Router Lifetime [RFC4861] greater than zero if it has no prefixes configured or delegated to it.',
    testability: 'wire', topology: 'lan',
    how: 'WAN unplugged, no PD: RS from a LAN host; the RA answered and all periodic RAs have Router Lifetime 0.',
  },
  {
    id: 'L-5', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The IPv6 CE router MUST make each LAN interface an advertising interface according to [RFC4861].',
    testability: 'wire', topology: 'lan',
    how: 'Without any RS, unsolicited RAs to ff02::1 appear on lan repeatedly, at intervals ≤ MaxRtrAdvInterval (600 s).',
  },
  {
    id: 'L-6', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'In Router Advertisement messages ([RFC4861]), the Prefix Information option\'s A and L flags MUST be set to 1 by default.',
    testability: 'wire', topology: 'any',
    how: 'Every PIO in LAN RAs for the delegated /64 has A=1 and L=1.',
  },
  {
    id: 'L-7', rfc: 7084, section: '4.3', level: 'SHOULD',
    text: 'The A and L flags\' ([RFC4861]) settings SHOULD be user configurable.',
    testability: 'not-testable',
    why: 'About a user configuration interface, not wire behaviour.',
  },
  {
    id: 'L-8', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The router MUST support a DHCPv6 server capable of address assignment [RFC3315] OR a stateless DHCPv6 server [RFC3736] on its LAN interfaces.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host sends Information-request (or Solicit with IA_NA) to ff02::1:2: a Reply (or Advertise) comes back from the router on lan.',
  },
  {
    id: 'L-9', rfc: 7084, section: '4.3', level: 'SHOULD',
    text: 'Unless the IPv6 CE router is configured to support the DHCPv6 IA_NA option, it SHOULD set the M flag to zero and the O flag to 1 in its Router Advertisement messages.',
    testability: 'wire', topology: 'lan',
    how: 'If a Solicit with IA_NA from a LAN host gets no address, the LAN RAs have M=0 and O=1.',
  },
  {
    id: 'L-10', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The IPv6 CE router MUST support providing DNS information in the DHCPv6 DNS_SERVERS and DOMAIN_LIST options [RFC3646].',
    testability: 'wire', topology: 'any',
    how: 'LAN host Information-request with ORO 23,24: the Reply on lan carries option 23 (and 24 once the border has given a domain list).',
  },
  {
    id: 'L-11', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The IPv6 CE router MUST support providing DNS information in the Router Advertisement Recursive DNS Server (RDNSS) and DNS Search List options [RFC6106].',
    testability: 'wire', topology: 'any',
    how: 'LAN RAs carry an RDNSS option (25), and a DNSSL option (31) once a search domain is known from the WAN.',
  },
  {
    id: 'L-12', rfc: 7084, section: '4.3', level: 'SHOULD',
    text: 'The router SHOULD make available a subset of DHCPv6 options (Section 5.3 of [RFC3736]) received from the DHCPv6 client on its WAN interface to its LAN-side DHCPv6 server.',
    testability: 'wire', topology: 'any',
    how: 'Border returns DOMAIN_LIST "isp.test" (and an NTP server) on the WAN: a LAN Information-request Reply carries the same values.',
  },
  {
    id: 'L-13', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'If the delegated prefix changes, the router MUST immediately advertise the old prefix with Preferred Lifetime zero and Valid Lifetime zero or min(current, two hours).',
    testability: 'wire', topology: 'any',
    how: 'Border renumbers the delegation at renew: the next LAN RA (promptly) carries the old /64 with preferred 0 and valid 0 or ≤ 7200 alongside the new /64.',
  },
  {
    id: 'L-13/RFC9096', rfc: 9096, section: '3, 3.5', level: 'MUST',
    text: 'CE routers MUST signal stale configuration: stale prefixes MUST be advertised in PIOs with Valid and Preferred Lifetime 0 and A/L unchanged, in unsolicited RAs.',
    testability: 'wire', topology: 'any',
    how: 'Border renumbers the delegation (and again across a guest reboot): unsolicited LAN RAs carry the old /64 with both lifetimes 0 and the same A/L flags, repeated for the old valid lifetime.',
  },
  {
    id: 'L-14', rfc: 7084, section: '4.3', level: 'MUST',
    text: 'The router MUST send an ICMPv6 Destination Unreachable, code 5 (Source address failed ingress/egress policy) for packets forwarded to it that use an address from an invalidated prefix.',
    testability: 'wire', topology: 'any',
    how: 'After renumbering, LAN host sends to a world host from its old-prefix address: an ICMPv6 type 1 code 5 comes back on lan and nothing leaves on access.',
  },
  {
    id: 'L-15', rfc: 9096, section: '3, 3.3', level: 'MUST NOT',
    text: 'CE routers MUST NOT advertise prefixes via SLAAC or assign addresses or delegate prefixes via DHCPv6 on the LAN side using lifetimes that exceed the remaining WAN DHCPv6-PD lifetimes.',
    testability: 'wire', topology: 'any',
    how: 'Border delegates with preferred 300 / valid 600: every LAN PIO (and DHCPv6 IAADDR/IAPREFIX) lifetime ≤ the delegation\'s remaining lifetimes at that moment.',
  },
  {
    id: 'L-16', rfc: 9096, section: '3, 3.4', level: 'SHOULD',
    text: 'CE routers SHOULD advertise capped SLAAC option lifetimes, capped DHCPv6 IA Address and IA Prefix lifetimes (ND_PREFERRED_LIMIT 2700 s, ND_VALID_LIMIT 5400 s).',
    testability: 'wire', topology: 'any',
    how: 'Border delegates with infinite lifetimes: LAN RA Router Lifetime ≤ 2700, PIO preferred ≤ 2700, valid ≤ 5400, RIO/RDNSS/DNSSL lifetimes ≤ 5400.',
  },

  // ───────────────────────── RFC 7084 §4.4 transition technologies ─────────────────────────
  {
    id: '6RD-1', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'The router MUST support 6rd configuration via the 6rd DHCPv4 Option 212; with IPv4 from other means (e.g. PPP) it SHOULD use DHCPINFORM to request it.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger answers the router\'s DHCPv4 with option 212: LAN→world IPv6 then leaves on access as IPv4 protocol 41 to the 6rd BR address.',
  },
  {
    id: '6RD-2', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'If the IPv6 CE router is capable of automated configuration of IPv4 through IPCP (i.e., over a PPP connection), it MUST support user-entered configuration of 6rd.',
    testability: 'not-testable',
    why: 'About user-entered configuration, not wire behaviour.',
  },
  {
    id: '6RD-3', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'If the router supports 6rd configuration other than Option 212 (user-entered, TR-069, etc.), it MUST support 6rd in "hub and spoke" mode (all IPv6 traffic to the Border Relay).',
    testability: 'not-testable',
    why: 'Conditional on configuration mechanisms other than DHCPv4 (user entry, TR-069) that the wire cannot invoke.',
  },
  {
    id: '6RD-4', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'A CE router MUST allow 6rd and native IPv6 WAN interfaces to be active alone as well as simultaneously.',
    testability: 'not-testable',
    why: 'About what the configuration allows; whether both are brought up together is a provisioning/configuration decision inside the router.',
  },
  {
    id: '6RD-5', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'Each packet sent on a 6rd or native WAN interface MUST have a source address derived from the delegated prefix associated with that interface (Section 4.3 of [RFC3704]).',
    testability: 'wire', topology: 'ipoe',
    how: 'With native PD and 6rd both provisioned: every native IPv6 packet on access is sourced from the native prefix, every protocol-41 inner packet from the 6rd prefix.',
  },
  {
    id: '6RD-6', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'The CE router MUST allow different as well as identical delegated prefixes to be configured via each (6rd or native) WAN interface.',
    testability: 'not-testable',
    why: 'About what configuration is accepted; no wire exchange can show the router would have refused a setting.',
  },
  {
    id: '6RD-7', rfc: 7084, section: '4.4.1', level: 'MUST',
    text: 'In the event that forwarding rules produce a tie between 6rd and native IPv6, by default, the IPv6 CE router MUST prefer native IPv6.',
    testability: 'wire', topology: 'ipoe',
    how: 'Native default route and 6rd both up: LAN→world IPv6 leaves natively (0x86DD to the border MAC), not as protocol 41.',
  },
  {
    id: 'DLW-1', rfc: 7084, section: '4.4.2', level: 'MUST',
    text: 'The CE router MUST support configuration of DS-Lite via the DS-Lite DHCPv6 option [RFC6334].',
    testability: 'wire', topology: 'ipoe',
    how: 'Border\'s DHCPv6 Reply carries OPTION_AFTR_NAME (64) and no IPv4 is given: LAN IPv4 to a world host leaves on access as IPv6 next-header 4 to the AFTR address.',
  },
  {
    id: 'DLW-2', rfc: 7084, section: '4.4.2', level: 'MUST NOT',
    text: 'The IPv6 CE router MUST NOT perform IPv4 Network Address Translation (NAT) on IPv4 traffic encapsulated using DS-Lite.',
    testability: 'wire', topology: 'ipoe',
    how: 'DS-Lite up: the inner IPv4 source of the encapsulated packets on access is the LAN host\'s private address and port, untranslated.',
  },
  {
    id: 'DLW-3', rfc: 7084, section: '4.4.2', level: 'SHOULD',
    text: 'If the IPv6 CE router is configured with an IPv4 address on its WAN interface, then the IPv6 CE router SHOULD disable the DS-Lite Basic Bridging BroadBand (B4) element.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border gives both a DHCPv4 lease and OPTION_AFTR_NAME: LAN IPv4 leaves natively (NATed) and no IPv4-in-IPv6 appears on access.',
  },

  // ───────────────────────── RFC 7084 §4.5 Security ─────────────────────────
  {
    id: 'S-1', rfc: 7084, section: '4.5', level: 'SHOULD',
    text: 'The IPv6 CE router SHOULD support [RFC6092], in particular functionality sufficient for the recommendations in [RFC6092] Section 4; no position on default enablement.',
    testability: 'not-testable',
    why: 'Umbrella over RFC 6092 with no position on whether it is enabled by default; decided item by item through the REC-* entries.',
  },
  {
    id: 'S-2', rfc: 7084, section: '4.5', level: 'SHOULD',
    text: 'The IPv6 CE router SHOULD support ingress filtering in accordance with BCP 38 [RFC2827].',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends to a world host from a source outside every LAN prefix (e.g. 3fff:dead::1): nothing appears on access.',
  },
  {
    id: 'S-3', rfc: 7084, section: '4.5', level: 'SHOULD',
    text: 'If the IPv6 CE router firewall is configured to filter incoming tunneled data, the firewall SHOULD provide the capability to filter decapsulated packets from a tunnel.',
    testability: 'not-testable',
    why: 'Conditional on a firewall configuration for tunnels and about a capability, not a default behaviour.',
  },

  // ───────────────────────── RFC 6092 simple security ─────────────────────────
  {
    id: 'REC-1', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Packets bearing multicast source addresses in their outer IPv6 headers MUST NOT be forwarded or transmitted on any interface.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends to a world host with source ff0e::1, world host to a LAN host likewise: neither is seen on the far segment.',
  },
  {
    id: 'REC-2', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Packets with multicast destinations of scope equal to or narrower than the configured boundary MUST NOT be forwarded; the DEFAULT boundary SHOULD be organization-local.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends to ff05::1:3 and ff08::1, world host (via the border) likewise: none is forwarded across the router in either direction.',
  },
  {
    id: 'REC-3', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Packets with source/destination forbidden on the public Internet MUST NOT be forwarded, e.g. site-local, IPv4-mapped, IPv4-compatible, documentation prefix, ORCHID.',
    testability: 'wire', topology: 'any',
    how: 'LAN and world hosts send to/from fec0::1, ::ffff:192.0.2.1, ::192.0.2.1, 2001:db8::1, 2001:10::1 (the lab uses 3fff::/20, not 2001:db8): none crosses the router.',
  },
  {
    id: 'REC-4', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Deprecated extension headers SHOULD NOT be forwarded; all packets with routing header type 0 preceding the first upper-layer header MUST NOT be forwarded.',
    testability: 'wire', topology: 'any',
    how: 'World host sends an echo request with a Routing Header type 0 to a LAN host, and a LAN host to a world host: neither is seen on the far segment.',
  },
  {
    id: 'REC-5', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Outbound packets MUST NOT be forwarded if their outer source address does not have a unicast prefix configured for use by globally reachable nodes on the interior network.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends to a world host from 3fff:dead::1 (outside the delegated prefix): nothing appears on access.',
  },
  {
    id: 'REC-6', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Inbound packets MUST NOT be forwarded if the source address in their outer IPv6 header has a global unicast prefix assigned for use by globally reachable nodes on the interior network.',
    testability: 'wire', topology: 'any',
    how: 'World host sends to a LAN host with a source inside the LAN /64: nothing appears on lan.',
  },
  {
    id: 'REC-7', rfc: 6092, section: '3.1', level: 'SHOULD NOT',
    text: 'By DEFAULT, packets with unique local source and/or destination addresses [RFC4193] SHOULD NOT be forwarded to or from the exterior network.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends to fd00:1::1 and from an fd-source; world host sends fd-sourced packets to a LAN host: none crosses the router.',
  },
  {
    id: 'REC-8', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'By DEFAULT, inbound DNS queries received on exterior interfaces MUST NOT be processed by any integrated DNS resolving server.',
    testability: 'wire', topology: 'any',
    how: 'World host sends DNS queries (UDP and TCP 53) to the router\'s WAN and LAN addresses: no DNS answer comes back on access.',
  },
  {
    id: 'REC-9', rfc: 6092, section: '3.1', level: 'MUST NOT',
    text: 'Inbound DHCPv6 discovery packets [RFC3315] received on exterior interfaces MUST NOT be processed by any integrated DHCPv6 server or relay agent.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger sends a Solicit to ff02::1:2 port 547: no Advertise/Reply from the router and no Relay-forward appear on any segment.',
  },
  {
    id: 'REC-10', rfc: 6092, section: '3.2.1', level: 'SHOULD NOT',
    text: 'IPv6 gateways SHOULD NOT forward ICMPv6 "Destination Unreachable" and "Packet Too Big" messages containing IP headers that do not match generic upper-layer transport state records.',
    testability: 'wire', topology: 'any',
    how: 'World host sends a Packet Too Big and a Destination Unreachable to a LAN host quoting a UDP packet of no existing flow: neither appears on lan.',
  },
  {
    id: 'REC-11', rfc: 6092, section: '3.2.2', level: 'SHOULD',
    text: 'Filtering for generic upper-layer protocols SHOULD be endpoint-independent (transparency) or address-dependent (stringent); endpoint-independent by DEFAULT without SP management.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends IP protocol 253 to world A; then world B and world A send protocol 253 back: EIF forwards both, ADF only A; anything stricter fails.',
  },
  {
    id: 'REC-12', rfc: 6092, section: '3.2.2', level: 'MUST NOT',
    text: 'Generic upper-layer state records MUST NOT be deleted until an idle timer of not less than two minutes has expired; by DEFAULT the idle timer is five minutes.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends protocol 253 to a world host, both stay silent 4 min 50 s, then the world host replies: the reply reaches lan.',
  },
  {
    id: 'REC-13', rfc: 6092, section: '3.2.2', level: 'SHOULD',
    text: 'Residential IPv6 gateways SHOULD provide a convenient means to update their firmware securely, for the installation of security patches and other manufacturer-recommended changes.',
    testability: 'not-testable',
    why: 'About the manufacturer\'s update process and management interface; no wire exchange of the rig exercises it.',
  },
  {
    id: 'REC-14', rfc: 6092, section: '3.2.3', level: 'MUST NOT',
    text: 'A state record for a UDP flow where both ports are outside 0-1023 MUST NOT expire in less than two minutes of idle time; the DEFAULT is five minutes.',
    testability: 'wire', topology: 'any',
    how: 'LAN host UDP 40000→world:40001, 4 min 50 s idle, then world replies: the reply reaches lan.',
  },
  {
    id: 'REC-15', rfc: 6092, section: '3.2.3', level: 'MAY',
    text: 'A state record for a UDP flow where one or both ports are in 0-1023 MAY expire after an idle time shorter than two minutes.',
    testability: 'not-testable',
    why: 'A permission: any idle timeout conforms, so no observation can fail it.',
  },
  {
    id: 'REC-16', rfc: 6092, section: '3.2.3', level: 'MUST',
    text: 'A state record for a UDP flow MUST be refreshed when a packet is forwarded from the interior to the exterior, and it MAY be refreshed when a packet is forwarded in the reverse direction.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends on the flow every 100 s for 8 min (world silent), then world replies 110 s after the last: the reply reaches lan.',
  },
  {
    id: 'REC-17', rfc: 6092, section: '3.2.3', level: 'SHOULD',
    text: 'UDP filtering SHOULD be endpoint-independent (transparency) or address-dependent (stringent); endpoint-independent by DEFAULT without service-provider management.',
    testability: 'wire', topology: 'any',
    how: 'LAN host UDP to world A:p; then A:q and B:p send to the same LAN port: EIF forwards both, ADF only A:q; address-and-port-dependent fails.',
  },
  {
    id: 'REC-18', rfc: 6092, section: '3.2.3', level: 'MUST',
    text: 'If a gateway forwards a UDP flow, it MUST also forward ICMPv6 "Destination Unreachable" and "Packet Too Big" messages containing UDP headers that match the flow state record.',
    testability: 'wire', topology: 'any',
    how: 'LAN host UDP to a world host; world host returns a PTB and a DU quoting that packet: both reach lan unchanged.',
  },
  {
    id: 'REC-19', rfc: 6092, section: '3.2.3', level: 'MUST NOT',
    text: 'Receipt of any sort of ICMPv6 message MUST NOT terminate the state record for a UDP flow.',
    testability: 'wire', topology: 'any',
    how: 'After a DU (port unreachable) quoting the flow reaches lan, the world host\'s UDP reply on the same flow still reaches lan.',
  },
  {
    id: 'REC-20', rfc: 6092, section: '3.2.3', level: 'MUST NOT',
    text: 'UDP-Lite flows SHOULD be handled like UDP flows, but UDP packets MUST NOT match UDP-Lite state records, and vice versa.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends UDP-Lite (proto 136) to world:p; world answers with UDP (17) on the same ports: not on lan; the UDP-Lite answer is.',
  },
  {
    id: 'REC-21', rfc: 6092, section: '3.2.4', level: 'MUST NOT',
    text: 'In their DEFAULT operating mode, IPv6 gateways MUST NOT prohibit the forwarding of packets, to and from legitimate node addresses, with AH [RFC4302] in their outer extension header chain.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends an AH-carrying echo request/UDP to a world host and the world host answers with AH: both directions are forwarded.',
  },
  {
    id: 'REC-22', rfc: 6092, section: '3.2.4', level: 'MUST NOT',
    text: 'In their DEFAULT operating mode, IPv6 gateways MUST NOT prohibit the forwarding of packets, to and from legitimate node addresses, with an upper-layer protocol of ESP [RFC4303].',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends ESP (proto 50) to a world host, world host answers with ESP: both directions are forwarded.',
  },
  {
    id: 'REC-23', rfc: 6092, section: '3.2.4', level: 'MUST',
    text: 'If a gateway forwards an ESP flow, it MUST also forward (in the reverse direction) ICMPv6 "Destination Unreachable" and "Packet Too Big" messages containing ESP headers that match the flow.',
    testability: 'wire', topology: 'any',
    how: 'After LAN→world ESP, the world host returns a PTB quoting the ESP packet: it reaches lan.',
  },
  {
    id: 'REC-24', rfc: 6092, section: '3.2.4', level: 'MUST NOT',
    text: 'In their DEFAULT operating mode, IPv6 gateways MUST NOT prohibit the forwarding of any UDP packets, to and from legitimate node addresses, with a destination port of 500 (IKE).',
    testability: 'wire', topology: 'any',
    how: 'World host sends unsolicited UDP to port 500 of a LAN host: it reaches lan; LAN host to world:500 likewise.',
  },
  {
    id: 'REC-25', rfc: 6092, section: '3.2.4', level: 'SHOULD',
    text: 'ESP state records SHOULD be indexed by (interior address, exterior address, ESP); indexing by SPI and mechanisms depending on IKE detection SHOULD NOT be used.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends ESP with SPI 0x1000 (no IKE seen); world host answers with ESP SPI 0x2000: the answer reaches lan.',
  },
  {
    id: 'REC-26', rfc: 6092, section: '3.2.4', level: 'MUST NOT',
    text: 'In their DEFAULT operating mode, IPv6 gateways MUST NOT prohibit the forwarding of packets, to and from legitimate node addresses, with HIP [RFC5201] headers in their outer chain.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends a HIP packet (next header 139) to a world host, world host answers with HIP: both directions are forwarded.',
  },
  {
    id: 'REC-27', rfc: 6092, section: '3.2.5', level: 'MUST NOT',
    text: 'Gateways MUST NOT prohibit inbound packets with type 2 routing headers matching a flow whose outbound packets bore a Home Address option (care-of and home address match).',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends with a Home Address destination option; world host answers to the care-of address with an RH2 naming the home address: the answer reaches lan.',
  },
  {
    id: 'REC-28', rfc: 6092, section: '3.2.5', level: 'MUST',
    text: 'Valid sequences of Mobility Header [RFC3775] packets MUST be forwarded for all outbound and explicitly permitted inbound Mobility Header flows.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends a Binding Update (MH, next header 135) to a world host; the world host\'s Binding Acknowledgement reaches lan.',
  },
  {
    id: 'REC-29', rfc: 6092, section: '3.2.5', level: 'MUST',
    text: 'If a gateway forwards a Mobility Header flow, it MUST also forward, in both directions, the IPv4 and IPv6 packets encapsulated in IPv6 of the home agent to correspondent tunnel.',
    testability: 'wire', topology: 'any',
    how: 'After the MH exchange, LAN host and world host exchange IPv6-in-IPv6 (next header 41) and IPv4-in-IPv6 (4) packets: both directions are forwarded.',
  },
  {
    id: 'REC-30', rfc: 6092, section: '3.2.5', level: 'MUST',
    text: 'If a gateway forwards a Mobility Header flow, it MUST also forward (reverse direction) ICMPv6 "Destination Unreachable" and "Packet Too Big" messages matching the flow state.',
    testability: 'wire', topology: 'any',
    how: 'World host returns a PTB quoting the LAN host\'s MH packet: it reaches lan.',
  },
  {
    id: 'REC-31', rfc: 6092, section: '3.3.1', level: 'MUST',
    text: 'All valid sequences of TCP packets MUST be forwarded for outbound and explicitly permitted inbound flows; both the 3-way handshake and simultaneous-open MUST be supported.',
    testability: 'wire', topology: 'any',
    how: 'LAN and world hosts send SYNs to each other at the same time (same ports): the world SYN and the SYN/ACKs cross and the connection carries data both ways.',
  },
  {
    id: 'REC-32', rfc: 6092, section: '3.3.1', level: 'MUST NOT',
    text: 'The TCP window invariant MUST NOT be enforced on flows for which the filter did not detect whether the window-scale option was sent in the 3-way handshake or simultaneous-open.',
    testability: 'not-testable',
    why: 'Depends on whether the filter "detected" window scaling — internal state; a filter that never picks flows up mid-stream never meets the condition, so no frame sequence decides it.',
  },
  {
    id: 'REC-33', rfc: 6092, section: '3.3.1', level: 'SHOULD',
    text: 'TCP filtering SHOULD be endpoint-independent (transparency) or address-dependent (stringent); endpoint-independent by DEFAULT without service-provider management.',
    testability: 'wire', topology: 'any',
    how: 'LAN host connects from port p to world A:80; then A:81 and B:80 send SYN to the LAN host\'s port p: EIF forwards both, ADF only A.',
  },
  {
    id: 'REC-34', rfc: 6092, section: '3.3.1', level: 'MUST',
    text: 'By DEFAULT, a gateway MUST respond with ICMPv6 Destination Unreachable code 1 to an unsolicited inbound SYN after waiting at least 6 seconds without an outbound SYN or SYN/ACK.',
    testability: 'wire', topology: 'any',
    how: 'World host sends a SYN to a LAN host\'s closed port: no SYN on lan, and a DU type 1 code 1 arrives on access no sooner than 6 s later.',
  },
  {
    id: 'REC-35', rfc: 6092, section: '3.3.1', level: 'MUST NOT',
    text: 'If TCP state is abandoned when idle, the established flow idle-timeout MUST NOT be less than two hours four minutes, the transitory one not less than four minutes.',
    testability: 'wire', topology: 'any',
    how: 'Established LAN→world connection idle 2 h 4 min, then world sends data: it reaches lan; a half-open flow idle 4 min likewise (long case).',
  },
  {
    id: 'REC-36', rfc: 6092, section: '3.3.1', level: 'MUST',
    text: 'If a gateway forwards a TCP flow, it MUST also forward ICMPv6 "Destination Unreachable" and "Packet Too Big" messages containing TCP headers that match the flow state record.',
    testability: 'wire', topology: 'any',
    how: 'During a LAN→world TCP connection the world host returns a PTB (MTU 1280) and a DU quoting a segment: both reach lan.',
  },
  {
    id: 'REC-37', rfc: 6092, section: '3.3.1', level: 'MUST NOT',
    text: 'Receipt of any sort of ICMPv6 message MUST NOT terminate the state record for a TCP flow.',
    testability: 'wire', topology: 'any',
    how: 'After DU/PTB/TE for the connection have crossed, the world host\'s next data segment still reaches lan.',
  },
  {
    id: 'REC-38', rfc: 6092, section: '3.3.2', level: 'MUST',
    text: 'All valid sequences of SCTP packets MUST be forwarded for outbound and explicitly permitted inbound associations, including normal establishment and simultaneous-open.',
    testability: 'wire', topology: 'any',
    how: 'LAN host INIT to a world host, INIT-ACK/COOKIE-ECHO/COOKIE-ACK and DATA cross; simultaneous INITs also complete.',
  },
  {
    id: 'REC-39', rfc: 6092, section: '3.3.2', level: 'MUST',
    text: 'By DEFAULT, a gateway MUST respond with ICMPv6 Destination Unreachable code 1 to any unsolicited inbound INIT after waiting at least 6 seconds without an outbound INIT.',
    testability: 'wire', topology: 'any',
    how: 'World host sends an SCTP INIT to a LAN host: nothing on lan; a DU type 1 code 1 arrives on access no sooner than 6 s later.',
  },
  {
    id: 'REC-40', rfc: 6092, section: '3.3.2', level: 'MUST NOT',
    text: 'If SCTP state is abandoned when idle, the established idle-timeout MUST NOT be less than two hours four minutes, the transitory one not less than four minutes.',
    testability: 'wire', topology: 'any',
    how: 'Established association idle 2 h 4 min, then the world host sends DATA: it reaches lan (long case).',
  },
  {
    id: 'REC-41', rfc: 6092, section: '3.3.2', level: 'MUST',
    text: 'If a gateway forwards an SCTP association, it MUST also forward ICMPv6 "Destination Unreachable" and "Packet Too Big" messages containing SCTP headers that match the association.',
    testability: 'wire', topology: 'any',
    how: 'World host returns a PTB quoting a DATA chunk of the association: it reaches lan.',
  },
  {
    id: 'REC-42', rfc: 6092, section: '3.3.2', level: 'MUST NOT',
    text: 'Receipt of any sort of ICMPv6 message MUST NOT terminate the state record for an SCTP association.',
    testability: 'wire', topology: 'any',
    how: 'After ICMPv6 errors for the association have crossed, the world host\'s next DATA still reaches lan.',
  },
  {
    id: 'REC-43', rfc: 6092, section: '3.3.3', level: 'MUST',
    text: 'All valid sequences of DCCP packets MUST be forwarded for all flows to exterior servers, and for any flows to interior servers with explicitly permitted service codes.',
    testability: 'wire', topology: 'any',
    how: 'LAN host DCCP-Request (proto 33) to a world host; Response/Ack/Data cross in both directions.',
  },
  {
    id: 'REC-44', rfc: 6092, section: '3.3.3', level: 'MUST NOT',
    text: 'If DCCP state is abandoned when idle, the open flow idle-timeout MUST NOT be less than two hours four minutes, the transitory one not less than eight minutes.',
    testability: 'wire', topology: 'any',
    how: 'Open DCCP flow idle 2 h 4 min, then the world host sends Data: it reaches lan (long case).',
  },
  {
    id: 'REC-45', rfc: 6092, section: '3.3.3', level: 'MUST',
    text: 'If an Internet gateway forwards a DCCP flow, it MUST also forward ICMPv6 "Destination Unreachable" and "Packet Too Big" messages containing DCCP headers that match the flow.',
    testability: 'wire', topology: 'any',
    how: 'World host returns a PTB quoting a DCCP packet of the flow: it reaches lan.',
  },
  {
    id: 'REC-46', rfc: 6092, section: '3.3.3', level: 'MUST NOT',
    text: 'Receipt of any sort of ICMPv6 message MUST NOT terminate the state record for a DCCP flow.',
    testability: 'wire', topology: 'any',
    how: 'After ICMPv6 errors for the flow have crossed, the world host\'s next DCCP Data still reaches lan.',
  },
  {
    id: 'REC-47', rfc: 6092, section: '3.3.4', level: 'MUST',
    text: 'Valid sequences of packets bearing Shim6 payload extension headers in their outer chains MUST be forwarded for all outbound and explicitly permitted flows.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends packets with a Shim6 header (next header 140) to a world host and the world host answers likewise: both directions are forwarded.',
  },
  {
    id: 'REC-48', rfc: 6092, section: '3.4', level: 'SHOULD',
    text: 'Gateways with IPv6 simple security SHOULD implement a protocol to permit applications to solicit inbound traffic without advance knowledge of the exterior nodes\' addresses.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends a PCP MAP request to the router (UDP 5351) or a UPnP IGD AddPinhole: a success response comes back and world→LAN traffic to that port is then forwarded.',
  },
  {
    id: 'REC-49', rfc: 6092, section: '3.4', level: 'MUST',
    text: 'Gateways MUST provide an easily selected configuration option for a "transparent mode" forwarding all unsolicited flows; transparent mode MAY be the default.',
    testability: 'not-testable',
    why: 'About a configuration option being offered and easy to select; the wire can only show the mode in use.',
  },
  {
    id: 'REC-50', rfc: 6092, section: '3.5', level: 'MUST NOT',
    text: 'By DEFAULT, subscriber-managed residential gateways MUST NOT offer management application services to the exterior network.',
    testability: 'wire', topology: 'any',
    how: 'World host sends SYNs to the router\'s WAN address on 22, 23, 80, 443, 8080 and SNMP to UDP 161: no SYN/ACK and no SNMP response appears on access.',
  },

  // ───────────────────────── RFC 4890 §4.3.1 transit: must not be dropped ─────────────────────────
  {
    id: 'ICMP6-4.3.1-1', rfc: 4890, section: '4.3.1', level: 'MUST NOT',
    text: 'Transit traffic that must not be dropped: Destination Unreachable (Type 1) - All codes.',
    testability: 'wire', topology: 'any',
    how: 'World host sends DU codes 0–6 quoting a live LAN→world UDP flow to the LAN host, and the LAN host sends DUs back: all are forwarded.',
  },
  {
    id: 'ICMP6-4.3.1-2', rfc: 4890, section: '4.3.1', level: 'MUST NOT',
    text: 'Transit traffic that must not be dropped: Packet Too Big (Type 2).',
    testability: 'wire', topology: 'any',
    how: 'World host sends a PTB (MTU 1280) quoting a live LAN→world flow to the LAN host: it reaches lan.',
  },
  {
    id: 'ICMP6-4.3.1-3', rfc: 4890, section: '4.3.1', level: 'MUST NOT',
    text: 'Transit traffic that must not be dropped: Time Exceeded (Type 3) - Code 0 only.',
    testability: 'wire', topology: 'any',
    how: 'World host sends Time Exceeded code 0 quoting a live LAN→world flow to the LAN host: it reaches lan.',
  },
  {
    id: 'ICMP6-4.3.1-4', rfc: 4890, section: '4.3.1', level: 'MUST NOT',
    text: 'Transit traffic that must not be dropped: Parameter Problem (Type 4) - Codes 1 and 2 only.',
    testability: 'wire', topology: 'any',
    how: 'World host sends Parameter Problem codes 1 and 2 quoting a live LAN→world flow to the LAN host: both reach lan.',
  },
  {
    id: 'ICMP6-4.3.1-5', rfc: 4890, section: '4.3.1', level: 'MUST NOT',
    text: 'Transit traffic that must not be dropped: connectivity checking messages, Echo Request (Type 128); not necessary to filter IPv6 Echo Request.',
    testability: 'wire', topology: 'any',
    how: 'World host sends an unsolicited echo request to a LAN host\'s global address: it reaches lan; LAN host to world likewise.',
  },
  {
    id: 'ICMP6-4.3.1-6', rfc: 4890, section: '4.3.1', level: 'MUST NOT',
    text: 'Transit traffic that must not be dropped: connectivity checking messages, Echo Response (Type 129).',
    testability: 'wire', topology: 'any',
    how: 'Echo replies to the echo requests of ICMP6-4.3.1-5 cross the router in both directions.',
  },

  // §4.3.2 transit: normally should not be dropped
  {
    id: 'ICMP6-4.3.2-1', rfc: 4890, section: '4.3.2', level: 'SHOULD NOT',
    text: 'Transit traffic that normally should not be dropped: Time Exceeded (Type 3) - Code 1.',
    testability: 'wire', topology: 'any',
    how: 'World host sends Time Exceeded code 1 (reassembly) quoting a live LAN→world flow: it reaches lan.',
  },
  {
    id: 'ICMP6-4.3.2-2', rfc: 4890, section: '4.3.2', level: 'SHOULD NOT',
    text: 'Transit traffic that normally should not be dropped: Parameter Problem (Type 4) - Code 0.',
    testability: 'wire', topology: 'any',
    how: 'World host sends Parameter Problem code 0 quoting a live LAN→world flow: it reaches lan.',
  },
  {
    id: 'ICMP6-4.3.2-3', rfc: 4890, section: '4.3.2', level: 'SHOULD NOT',
    text: 'Transit traffic that normally should not be dropped: Mobile IPv6 messages (Types 144, 145, 146, 147).',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends HAAD Request (144) and Mobile Prefix Solicitation (146) to a world host; the 145/147 replies reach lan.',
  },

  // §4.3.3 transit: dropped anyway (must never be propagated beyond the link)
  {
    id: 'ICMP6-4.3.3-1', rfc: 4890, section: '4.3.3', level: 'SHOULD NOT',
    text: 'RS, RA, NS, NA, Redirect (Types 133-137) should never be propagated beyond the link; must be received with hop limit 255.',
    testability: 'wire', topology: 'any',
    how: 'LAN host\'s RS/NS/RA to ff02:: never appear on access; world host sends RA/NS/Redirect to a LAN host\'s global address: absent on lan or arriving with hop limit < 255.',
  },
  {
    id: 'ICMP6-4.3.3-2', rfc: 4890, section: '4.3.3', level: 'SHOULD NOT',
    text: 'Inverse Neighbor Discovery Solicitation/Advertisement (Types 141, 142) should never be propagated beyond the link (hop limit 255).',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends IND Solicitations to ff02::1; world host sends 141/142 to a LAN host: never crosses with hop limit 255.',
  },
  {
    id: 'ICMP6-4.3.3-3', rfc: 4890, section: '4.3.3', level: 'SHOULD NOT',
    text: 'Link-local multicast receiver notification messages (Types 130, 131, 132, 143; link-local source) should never be propagated beyond the link.',
    testability: 'wire', topology: 'any',
    how: 'LAN host MLD reports/dones to ff02::16 and queries never appear on access; world host MLD sent to a LAN global address never reaches lan.',
  },
  {
    id: 'ICMP6-4.3.3-4', rfc: 4890, section: '4.3.3', level: 'SHOULD NOT',
    text: 'SEND Certificate Path Solicitation/Advertisement (Types 148, 149; hop limit 255) should never be propagated beyond the link.',
    testability: 'wire', topology: 'any',
    how: 'Types 148/149 sent by LAN and world hosts never cross the router with hop limit 255.',
  },
  {
    id: 'ICMP6-4.3.3-5', rfc: 4890, section: '4.3.3', level: 'SHOULD NOT',
    text: 'Multicast Router Discovery messages (Types 151, 152, 153; link-local source, hop limit 1) should never be propagated beyond the link.',
    testability: 'wire', topology: 'any',
    how: 'Types 151–153 sent by a LAN host to ff02::6a/ff02::2 never appear on access; from the world side never on lan.',
  },

  // §4.3.4 transit: policy should be defined
  {
    id: 'ICMP6-4.3.4-1', rfc: 4890, section: '4.3.4', level: 'SHOULD',
    text: 'Seamoby Experimental (Type 150): end sites that do not support these experiments should drop messages of this type.',
    testability: 'wire', topology: 'any',
    how: 'World host sends type 150 to a LAN host: it does not reach lan.',
  },
  {
    id: 'ICMP6-4.3.4-2', rfc: 4890, section: '4.3.4', level: 'MAY',
    text: 'Unallocated Error messages (Types 5-99 and 102-126): end site administrators determine whether to allow them through the firewall.',
    testability: 'not-testable',
    why: 'A policy left to the administrator: forwarding and dropping both conform, so no observation fails it.',
  },
  {
    id: 'ICMP6-4.3.4-3', rfc: 4890, section: '4.3.4', level: 'MAY',
    text: 'Unallocated Informational messages (Types 154-199 and 202-254): end sites can allow them, relying on hosts, or drop them at the firewall.',
    testability: 'not-testable',
    why: 'A policy left to the administrator: forwarding and dropping both conform, so no observation fails it.',
  },

  // §4.3.5 transit: should be dropped unless a good case can be made
  {
    id: 'ICMP6-4.3.5-1', rfc: 4890, section: '4.3.5', level: 'SHOULD NOT',
    text: 'Node Information Query/Response (Types 139, 140) should generally not be forwarded across site boundaries.',
    testability: 'wire', topology: 'any',
    how: 'World host sends NI Query (139) to a LAN host, LAN host sends 139/140 to a world host: none crosses.',
  },
  {
    id: 'ICMP6-4.3.5-2', rfc: 4890, section: '4.3.5', level: 'SHOULD NOT',
    text: 'Router Renumbering messages (Type 138) should not be forwarded across site boundaries.',
    testability: 'wire', topology: 'any',
    how: 'World host sends type 138 to a LAN host\'s global address and to ff05::2: none reaches lan.',
  },
  {
    id: 'ICMP6-4.3.5-3', rfc: 4890, section: '4.3.5', level: 'SHOULD NOT',
    text: 'Messages with types in the experimental allocations (Types 100, 101, 200, 201) should be dropped unless a good case can be made.',
    testability: 'wire', topology: 'any',
    how: 'World host sends types 100, 101, 200, 201 to a LAN host: none reaches lan.',
  },
  {
    id: 'ICMP6-4.3.5-4', rfc: 4890, section: '4.3.5', level: 'SHOULD NOT',
    text: 'Messages using the extension type numbers (Types 127 and 255) should be dropped until ICMPv6 needs such extensions.',
    testability: 'wire', topology: 'any',
    how: 'World host sends types 127 and 255 to a LAN host: neither reaches lan.',
  },

  // §4.4.1 local configuration traffic (addressed to the router): must not be dropped
  {
    id: 'ICMP6-4.4.1-1', rfc: 4890, section: '4.4.1', level: 'MUST NOT',
    text: 'Traffic to the firewall that must not be dropped: Destination Unreachable (all codes), Packet Too Big, Time Exceeded code 0, Parameter Problem codes 1 and 2.',
    testability: 'wire', topology: 'any',
    how: 'World host sends 1400-byte echo requests to the router\'s WAN address, then a PTB (MTU 1280) quoting its reply: later replies arrive fragmented at ≤ 1280.',
  },
  {
    id: 'ICMP6-4.4.1-2', rfc: 4890, section: '4.4.1', level: 'MUST NOT',
    text: 'Traffic to the firewall that must not be dropped: Echo Request (Type 128) and Echo Response (Type 129).',
    testability: 'wire', topology: 'any',
    how: 'World host pings the router\'s WAN address and LAN host its LAN address: both get echo replies.',
  },
  {
    id: 'ICMP6-4.4.1-3', rfc: 4890, section: '4.4.1', level: 'MUST NOT',
    text: 'Traffic to the firewall that must not be dropped: RS, RA, NS, NA (Types 133-136) and Inverse ND (141, 142).',
    testability: 'wire', topology: 'ipoe',
    how: 'Border NS for the router\'s WAN address → NA; border RA is acted on (default route); LAN host RS → RA and NS → NA.',
  },
  {
    id: 'ICMP6-4.4.1-4', rfc: 4890, section: '4.4.1', level: 'MUST NOT',
    text: 'Traffic to the firewall that must not be dropped: Listener Query/Report/Done (130-132, 143), SEND (148, 149), Multicast Router Discovery (151-153).',
    testability: 'not-testable',
    why: 'Whether the router processes these has no wire consequence unless it acts as MLD querier/proxy or SEND node, which RFC 7084 leaves optional ("may act as an MLD proxy").',
  },

  // ───────────────────────── RFC 8415 DHCPv6 (router as requesting router on WAN) ─────────────────────────
  {
    id: 'DHCP6-1', rfc: 8415, section: '14, 7.1, 7.2', level: 'MUST',
    text: 'Unless otherwise specified, a client sends DHCP messages to the All_DHCP_Relay_Agents_and_Servers multicast address (ff02::1:2); clients use UDP port 546, servers 547.',
    testability: 'wire', topology: 'any',
    how: 'Every Solicit/Request/Renew/Rebind from the router (no Server Unicast option given) goes from a fe80:: source, port 546, to ff02::1:2 port 547.',
  },
  {
    id: 'DHCP6-2', rfc: 8415, section: '18.2.1', level: 'MUST',
    text: 'The client MUST include a Client Identifier option, an Elapsed Time option, and an ORO requesting the SOL_MAX_RT option in the Solicit message.',
    testability: 'wire', topology: 'any',
    how: 'Each Solicit on access/PPP carries options 1, 8 and an ORO (6) listing 82; it carries no Server Identifier.',
  },
  {
    id: 'DHCP6-3', rfc: 8415, section: '18.2.2', level: 'MUST',
    text: 'The client MUST include the identifier of the destination server in a Server Identifier option, and a Client Identifier and Elapsed Time option, in the Request.',
    testability: 'wire', topology: 'any',
    how: 'The Request that follows the border\'s Advertise carries options 1, 2 (= the border\'s DUID) and 8.',
  },
  {
    id: 'DHCP6-4', rfc: 8415, section: '15, 16.1', level: 'MUST',
    text: 'A client MUST leave the transaction ID unchanged in retransmissions of a message, and MUST update the elapsed-time value in the retransmitted message.',
    testability: 'wire', topology: 'any',
    how: 'Border stays silent: consecutive Solicits keep the same transaction-id and carry increasing Elapsed Time values.',
  },
  {
    id: 'DHCP6-5', rfc: 8415, section: '18.2.1', level: 'MUST',
    text: 'The first RT of Solicit MUST be strictly greater than IRT (RAND > 0); the client MUST collect valid Advertise messages for the first RT unless one has preference 255.',
    testability: 'wire', topology: 'any',
    how: 'Silent scripted ISP: the retransmission of the first Solicit (same transaction id) carries an Elapsed Time over 100 cs. RT is a random draw, so a draw at or under 100 cs proves the violation and one over it decides nothing (the case then reports itself skipped, with the figure).',
  },
  {
    id: 'DHCP6-6', rfc: 8415, section: '16.3', level: 'MUST',
    text: 'Clients MUST discard an Advertise lacking a Server Identifier or Client Identifier, whose Client Identifier does not match its DUID, or whose transaction-id does not match.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger sends Advertises with wrong transaction-id, wrong/missing Client ID, missing Server ID: the router never Requests from that server.',
  },
  {
    id: 'DHCP6-7', rfc: 8415, section: '18.2.4', level: 'MUST',
    text: 'The client MUST initiate Renew no later than the earliest T1, including the Server Identifier of the server it last communicated with and IA Prefix options for its delegated prefixes.',
    testability: 'wire', topology: 'any',
    how: 'Border delegates with T1=60: by 60 s a Renew with option 2 (border DUID) and the IA_PD/IAPREFIX of the delegated prefix appears.',
  },
  {
    id: 'DHCP6-8', rfc: 8415, section: '18.2.4', level: 'MUST NOT',
    text: 'The client MUST NOT include addresses and prefixes in any IA option that the client did not obtain from the server or that are no longer valid (valid lifetime of 0).',
    testability: 'wire', topology: 'any',
    how: 'Border\'s Reply sets the old prefix\'s valid lifetime to 0: later Renew/Rebind IA_PDs never list that prefix.',
  },
  {
    id: 'DHCP6-9', rfc: 8415, section: '18.2.5', level: 'MUST',
    text: 'At T2, if the server has not answered Renew, the client initiates a Rebind with any available server; the Rebind does not include the Server Identifier option.',
    testability: 'wire', topology: 'any',
    how: 'Border ignores Renews (T1=60, T2=96): at ~96 s a Rebind to ff02::1:2 without option 2 appears.',
  },
  {
    id: 'DHCP6-10', rfc: 8415, section: '21.22', level: 'MUST',
    text: 'The client MUST discard any prefixes for which the preferred lifetime is greater than the valid lifetime.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger replies with an IAPREFIX whose preferred > valid: that prefix never appears in LAN RAs nor as a route.',
  },
  {
    id: 'DHCP6-11', rfc: 8415, section: '14.2', level: 'MUST NOT',
    text: 'When T1 and/or T2 are set to 0, the client MUST choose a time to avoid packet storms; in particular, it MUST NOT transmit immediately.',
    testability: 'wire', topology: 'any',
    how: 'Border Reply with T1=T2=0: no Renew/Rebind in the following seconds; the later ones respect rate limiting.',
  },
  {
    id: 'DHCP6-12', rfc: 8415, section: '14.1', level: 'MUST',
    text: 'A DHCP client MUST limit the rate of DHCP messages it transmits or retransmits (a possible default: 20 packets in 20 seconds), per interface.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger answers every Request with NoPrefixAvail / an unusable Reply: the router never exceeds ~20 DHCPv6 messages in any 20 s window.',
  },
  {
    id: 'DHCP6-13', rfc: 8415, section: '16', level: 'MUST NOT',
    text: 'Clients, relay agents, and servers MUST NOT discard messages that contain unknown options; these should be ignored as if they were not present.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger\'s Advertise and Reply carry an unknown option (code 65000): the router still Requests and uses the delegated prefix on lan.',
  },
  {
    id: 'DHCP6-14', rfc: 8415, section: '18.2.10.1', level: 'MUST NOT',
    text: 'If a delegated prefix is advertised for SLAAC, the advertised preferred and valid lifetimes MUST NOT exceed the corresponding remaining lifetimes of the delegated prefix.',
    testability: 'wire', topology: 'any',
    how: 'Border delegates with preferred 300 / valid 600: each LAN RA PIO lifetime ≤ the delegation\'s remaining lifetime at send time, decreasing across RAs.',
  },

  // RFC 8415 (router as DHCPv6 server on LAN)
  {
    id: 'DHCP6-S-1', rfc: 8415, section: '18.3', level: 'MUST',
    text: 'Advertise and Reply messages MUST always contain the Server Identifier option with the server\'s DUID and the Client Identifier option from the client message if present.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host Information-request/Solicit: the router\'s Reply/Advertise carries option 2 and the host\'s option 1 byte-for-byte, and the same transaction-id.',
  },
  {
    id: 'DHCP6-S-2', rfc: 8415, section: '16', level: 'MUST',
    text: 'A server MUST discard any Solicit, Confirm, Rebind, or Information-request messages it receives with a Layer 3 unicast destination address.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host sends Information-request and Solicit unicast to the router\'s link-local address port 547: no reply on lan.',
  },
  {
    id: 'DHCP6-S-3', rfc: 8415, section: '16.2', level: 'MUST',
    text: 'Servers MUST discard any Solicit messages that do not include a Client Identifier option or that do include a Server Identifier option.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host sends a Solicit without option 1, and one with an option 2: no Advertise/Reply on lan.',
  },
  {
    id: 'DHCP6-S-4', rfc: 8415, section: '18.3.9', level: 'MUST',
    text: 'The server preference value MUST default to 0 unless otherwise configured by the server administrator.',
    testability: 'wire', topology: 'lan',
    how: 'Advertise from the router to a LAN Solicit has no Preference option or one with value 0.',
  },
  {
    id: 'DHCP6-S-5', rfc: 8415, section: '16.4', level: 'MUST',
    text: 'Servers MUST discard any received Request message lacking a Server Identifier option or whose Server Identifier does not match the server\'s DUID.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host sends Requests with no option 2 and with a foreign DUID in option 2: no Reply on lan.',
  },

  // ───────────────────────── RFC 2516 PPPoE (router = Host; AC = border VM) ─────────────────────────
  {
    id: 'PPPOE-1', rfc: 2516, section: '5.1', level: 'MUST',
    text: 'The Host sends the PADI with DESTINATION_ADDR set to the broadcast address, CODE 0x09, and SESSION_ID MUST be set to 0x0000.',
    testability: 'wire', topology: 'pppoe',
    how: 'Router\'s first discovery frame on access: EtherType 0x8863 to ff:ff:ff:ff:ff:ff, code 0x09, session 0.',
  },
  {
    id: 'PPPOE-2', rfc: 2516, section: '5.1', level: 'MUST',
    text: 'The PADI MUST contain exactly one TAG of TAG_TYPE Service-Name; an entire PADI (including the PPPoE header) MUST NOT exceed 1484 octets.',
    testability: 'wire', topology: 'pppoe',
    how: 'Every PADI on access has exactly one 0x0101 tag and a PPPoE payload+header ≤ 1484 octets.',
  },
  {
    id: 'PPPOE-3', rfc: 2516, section: '5.2', level: 'MUST',
    text: 'PADO: DESTINATION_ADDR is the unicast address of the Host that sent the PADI; CODE 0x07 and SESSION_ID MUST be 0x0000; AC-Name and the PADI\'s Service-Name included.',
    testability: 'wire', topology: 'pppoe',
    how: 'AC side (border VM): a forged PADI from an access host gets a PADO unicast to that host\'s MAC, code 0x07, session 0, with tags 0x0102 and the same 0x0101.',
  },
  {
    id: 'PPPOE-4', rfc: 2516, section: '5.3', level: 'MUST',
    text: 'PADR: sent unicast to the AC that sent the chosen PADO, CODE 0x19, SESSION_ID MUST be 0x0000, with exactly one Service-Name TAG.',
    testability: 'wire', topology: 'pppoe',
    how: 'Router\'s PADR on access goes to the border\'s MAC (or a forger AC\'s, whichever it chose), code 0x19, session 0, exactly one 0x0101 tag.',
  },
  {
    id: 'PPPOE-5', rfc: 2516, section: '5.4', level: 'MUST',
    text: 'On PADR the AC generates a unique SESSION_ID and replies with a PADS (CODE 0x65) whose SESSION_ID MUST be set to that unique value.',
    testability: 'wire', topology: 'pppoe',
    how: 'AC side (border VM): PADS to the router is unicast, code 0x65, session id ≠ 0 and ≠ 0xffff, distinct from any other live session on access.',
  },
  {
    id: 'PPPOE-6', rfc: 2516, section: '4, 6', level: 'MUST',
    text: 'Session stage frames are unicast with ETHER_TYPE 0x8864; CODE MUST be 0x00; SESSION_ID MUST NOT change and MUST be the value assigned in Discovery.',
    testability: 'wire', topology: 'pppoe',
    how: 'Every 0x8864 frame from the router is unicast to the AC MAC, code 0, carrying the PADS session id for the whole session.',
  },
  {
    id: 'PPPOE-7', rfc: 2516, section: '4', level: 'MUST',
    text: 'The VER and TYPE fields MUST be set to 0x1; a SESSION_ID value of 0xffff is reserved and MUST NOT be used.',
    testability: 'wire', topology: 'pppoe',
    how: 'Every 0x8863/0x8864 frame from the router has VER=1, TYPE=1 and a session id ≠ 0xffff.',
  },
  {
    id: 'PPPOE-8', rfc: 2516, section: '5.5', level: 'MUST NOT',
    text: 'When a PADT is received, no further PPP traffic is allowed using that session; even normal PPP termination packets MUST NOT be sent after sending or receiving a PADT.',
    testability: 'wire', topology: 'pppoe',
    how: 'Border sends a PADT for the session: no 0x8864 frame with that session id (not even LCP Terminate) follows from the router; a new PADI does.',
  },
  {
    id: 'PPPOE-9', rfc: 2516, section: '5.5', level: 'MUST',
    text: 'PADT: DESTINATION_ADDR is unicast, CODE 0xa7, and SESSION_ID MUST be set to indicate which session is to be terminated.',
    testability: 'wire', topology: 'pppoe',
    how: 'When the router ends its session (WAN down from console), any PADT it sends is unicast to the AC, code 0xa7, with the live session id.',
  },
  {
    id: 'PPPOE-10', rfc: 2516, section: 'Appendix A', level: 'MUST',
    text: 'AC-Cookie: the AC MAY include it in a PADO; if a Host receives this TAG, it MUST return the TAG unmodified in the following PADR.',
    testability: 'wire', topology: 'pppoe',
    how: 'PADO carrying a 0x0104 tag (border or access forger AC): the router\'s PADR carries the identical tag value.',
  },
  {
    id: 'PPPOE-11', rfc: 2516, section: 'Appendix A', level: 'MUST',
    text: 'Relay-Session-Id: if either the Host or Access Concentrator receives this TAG they MUST include it unmodified in any discovery packet they send as a response.',
    testability: 'wire', topology: 'pppoe',
    how: 'Access forger AC sends a PADO with a 0x0110 tag: the router\'s PADR carries the identical tag.',
  },
  {
    id: 'PPPOE-12', rfc: 2516, section: '5', level: 'MUST',
    text: 'If a discovery packet is received with a TAG of unknown TAG_TYPE, the TAG MUST be ignored unless otherwise specified in this document.',
    testability: 'wire', topology: 'pppoe',
    how: 'Access forger AC sends a PADO with an extra tag 0x0199: the router still sends a PADR to it.',
  },
  {
    id: 'PPPOE-13', rfc: 2516, section: '7', level: 'MUST NOT',
    text: 'The Maximum-Receive-Unit (MRU) option MUST NOT be negotiated to a larger size than 1492; the PPP MTU MUST NOT be greater than 1492.',
    testability: 'wire', topology: 'pppoe',
    how: 'Router\'s LCP Configure-Request MRU (if present) ≤ 1492, it NAKs a larger MRU, and no PPP payload it sends exceeds 1492 octets.',
  },
  {
    id: 'PPPOE-14', rfc: 2516, section: '7', level: 'MUST NOT',
    text: 'An implementation MUST NOT request FCS Alternatives, ACFC, or ACCM, and MUST reject a request for such an option.',
    testability: 'wire', topology: 'pppoe',
    how: 'Router\'s LCP Configure-Requests never carry options 2, 8, 9; a border/forger Configure-Request with ACCM is answered by Configure-Reject listing it.',
  },
  {
    id: 'PPPOE-15', rfc: 2516, section: '7', level: 'RECOMMENDED',
    text: 'The Magic Number LCP configuration option is RECOMMENDED, and the Protocol Field Compression (PFC) option is NOT RECOMMENDED.',
    testability: 'wire', topology: 'pppoe',
    how: 'Router\'s LCP Configure-Request carries Magic-Number (option 5) and no PFC (option 7).',
  },
  {
    id: 'PPPOE-16', rfc: 2516, section: '7', level: 'MUST',
    text: 'When LCP terminates, the Host and AC MUST stop using that PPPoE session; to start another PPP session the Host MUST return to the PPPoE Discovery stage.',
    testability: 'wire', topology: 'pppoe',
    how: 'Border sends LCP Terminate-Request: after the Terminate-Ack no more frames on that session id; the next attempt starts with a PADI.',
  },
  {
    id: 'PPPOE-17', rfc: 2516, section: '8', level: 'SHOULD',
    text: 'When a host does not receive a PADO within a specified time, it SHOULD resend its PADI and double the waiting period.',
    testability: 'wire', topology: 'pppoe',
    how: 'Border AC stopped: successive PADIs on access are spaced by roughly doubling intervals.',
  },
  {
    id: 'PPPOE-18', rfc: 2516, section: '8', level: 'SHOULD',
    text: 'If waiting for a PADS, the Host SHOULD re-send the PADR with a similar timeout; after a number of retries it SHOULD resend a PADI.',
    testability: 'wire', topology: 'pppoe',
    how: 'Access forger AC answers PADI with PADO but never PADS: PADRs are retransmitted with growing intervals, then a PADI follows.',
  },

  // ───────────────────────── RFC 2131/2132 DHCPv4 server on LAN ─────────────────────────
  {
    id: 'DHCP4-LEASE', rfc: 2131, section: '4.3.1, 4.3.2', level: 'MUST',
    text: 'The server MUST return to the client its network address and lease expiration time; DHCPOFFER/DHCPACK carry the address in yiaddr and copy xid and chaddr.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host DISCOVER → OFFER with yiaddr in 192.168.1.0/24, same xid/chaddr; REQUEST (server id, requested IP) → ACK for the same address.',
  },
  {
    id: 'DHCP4-LEASETIME', rfc: 2131, section: '4.3.1 (Table 3)', level: 'MUST',
    text: 'IP address lease time option: MUST in DHCPOFFER, MUST in DHCPACK answering DHCPREQUEST, MUST NOT in DHCPNAK.',
    testability: 'wire', topology: 'lan',
    how: 'OFFER and ACK on lan carry option 51 (4 octets); any NAK does not.',
  },
  {
    id: 'DHCP4-SERVERID', rfc: 2131, section: '4.3.1 (Table 3)', level: 'MUST',
    text: 'Server identifier option: MUST in DHCPOFFER, DHCPACK and DHCPNAK.',
    testability: 'wire', topology: 'lan',
    how: 'Every OFFER/ACK/NAK from the router on lan carries option 54 = 192.168.1.1.',
  },
  {
    id: 'DHCP4-ROUTER', rfc: 2132, section: '3.5 (with RFC 2131 4.3.1)', level: 'MUST',
    text: 'Router option (code 3) lists routers on the client\'s subnet; a configured requested parameter MUST be included (RFC 2131 §4.3.1); length a multiple of 4.',
    testability: 'wire', topology: 'lan',
    how: 'DISCOVER/REQUEST with parameter request list [1,3,6]: OFFER and ACK carry option 3 = 192.168.1.1 with length a multiple of 4.',
  },
  {
    id: 'DHCP4-DNS', rfc: 2132, section: '3.8 (with RFC 2131 4.3.1)', level: 'MUST',
    text: 'Domain Name Server option (code 6) lists DNS servers available to the client; a configured requested parameter MUST be included; length a multiple of 4.',
    testability: 'wire', topology: 'lan',
    how: 'DISCOVER/REQUEST requesting option 6: OFFER and ACK carry option 6 with at least one address, length a multiple of 4, and a query to it is answered.',
  },
  {
    id: 'DHCP4-MASK-FIRST', rfc: 2132, section: '3.3', level: 'MUST',
    text: 'If both the subnet mask and the router option are specified in a DHCP reply, the subnet mask option MUST be first.',
    testability: 'wire', topology: 'lan',
    how: 'In OFFER/ACK carrying options 1 and 3, option 1 precedes option 3.',
  },
  {
    id: 'DHCP4-ONCE', rfc: 2131, section: '4.3.1', level: 'MUST',
    text: 'The server MUST include each requested parameter only once unless explicitly allowed in the DHCP Options document.',
    testability: 'wire', topology: 'lan',
    how: 'OFFER/ACK to a request listing options 1,3,6,15,51 contain each of those option codes at most once.',
  },
  {
    id: 'DHCP4-RENEW', rfc: 2131, section: '4.3.2, 4.1', level: 'MUST',
    text: 'A RENEWING DHCPREQUEST is unicast and \'ciaddr\' MUST be the client\'s address; with giaddr zero and ciaddr nonzero the server unicasts DHCPACK to ciaddr.',
    testability: 'wire', topology: 'lan',
    how: 'Leased LAN host unicasts REQUEST (ciaddr set, no server id/requested IP) to 192.168.1.1: ACK unicast to ciaddr with a fresh option 51.',
  },
  {
    id: 'DHCP4-REBIND', rfc: 2131, section: '4.3.2', level: 'SHOULD',
    text: 'A REBINDING DHCPREQUEST MUST be broadcast with ciaddr set; the DHCP server SHOULD check ciaddr for correctness before replying.',
    testability: 'wire', topology: 'lan',
    how: 'Leased LAN host broadcasts REQUEST with its ciaddr: ACK extending the lease; with a ciaddr the router never leased: no ACK.',
  },
  {
    id: 'DHCP4-NAK', rfc: 2131, section: '4.3.2', level: 'MUST',
    text: 'INIT-REBOOT with a wrong requested address: server SHOULD send DHCPNAK; with giaddr 0 the server MUST broadcast the DHCPNAK to 0xffffffff.',
    testability: 'wire', topology: 'lan',
    how: 'Leased LAN host sends an INIT-REBOOT REQUEST for 10.9.9.9: a NAK to 255.255.255.255 (option 54, no option 51) appears on lan.',
  },
  {
    id: 'DHCP4-SILENT', rfc: 2131, section: '4.3.2', level: 'MUST',
    text: 'For an INIT-REBOOT request on the correct network, if the DHCP server has no record of this client, then it MUST remain silent.',
    testability: 'wire', topology: 'lan',
    how: 'A never-seen chaddr sends an INIT-REBOOT REQUEST for a free address in 192.168.1.0/24: no ACK/NAK from the router.',
  },
  {
    id: 'DHCP4-BROADCAST-BIT', rfc: 2131, section: '4.1', level: 'MUST',
    text: 'giaddr and ciaddr zero: broadcast bit set → OFFER/ACK broadcast to 0xffffffff; not set → unicast to chaddr and yiaddr; DHCPNAK always broadcast.',
    testability: 'wire', topology: 'lan',
    how: 'DISCOVER with flags 0x8000 → OFFER to ff:ff:ff:ff:ff:ff/255.255.255.255; without → OFFER to the client MAC and yiaddr.',
  },
  {
    id: 'DHCP4-INFORM', rfc: 2131, section: '4.3.5', level: 'MUST NOT',
    text: 'The server responds to DHCPINFORM with a DHCPACK sent to ciaddr; it MUST NOT send a lease expiration time and SHOULD NOT fill in yiaddr.',
    testability: 'wire', topology: 'lan',
    how: 'Statically addressed LAN host sends DHCPINFORM: ACK unicast to its ciaddr without option 51 and with yiaddr 0.',
  },
  {
    id: 'DHCP4-DECLINE', rfc: 2131, section: '4.3.3', level: 'MUST',
    text: 'If the server receives a DHCPDECLINE message, the server MUST mark the network address as not available.',
    testability: 'wire', topology: 'lan',
    how: 'LAN host declines its offered address X; further DISCOVERs from that and other hosts are never offered X.',
  },

  // RFC 2131 DHCPv4 client on the WAN (router's own)
  {
    id: 'DHCP4-C-SELECTING', rfc: 2131, section: '4.3.2', level: 'MUST',
    text: 'DHCPREQUEST in SELECTING state: server identifier of the selected server, ciaddr MUST be zero, requested IP address MUST be the yiaddr of the chosen DHCPOFFER.',
    testability: 'wire', topology: 'ipoe',
    how: 'Router\'s REQUEST after the border\'s OFFER on access: option 54 = border, ciaddr 0.0.0.0, option 50 = offered yiaddr.',
  },
  {
    id: 'DHCP4-C-SOURCE', rfc: 2131, section: '4.1', level: 'MUST',
    text: 'DHCP messages broadcast by a client prior to that client obtaining its IP address must have the source address field in the IP header set to 0.',
    testability: 'wire', topology: 'ipoe',
    how: 'Router\'s DISCOVER and SELECTING REQUEST on access have IP source 0.0.0.0.',
  },
  {
    id: 'DHCP4-C-RENEW', rfc: 2131, section: '4.3.2, 4.4.5', level: 'MUST',
    text: 'RENEWING DHCPREQUEST: server identifier and requested IP address MUST NOT be filled in, ciaddr MUST be the client\'s address; unicast to the server at T1.',
    testability: 'wire', topology: 'ipoe',
    how: 'Border lease 120 s: at ~60 s a unicast REQUEST to 10.0.1.1 with ciaddr = lease, no options 50/54.',
  },
  {
    id: 'DHCP4-C-REBIND', rfc: 2131, section: '4.3.2, 4.4.5', level: 'MUST',
    text: 'REBINDING DHCPREQUEST: no server identifier or requested IP, ciaddr filled in, and MUST be broadcast to 0xffffffff (at T2 when renewal failed).',
    testability: 'wire', topology: 'ipoe',
    how: 'Border ignores renewals (lease 120 s): at ~105 s a REQUEST to 255.255.255.255 with ciaddr set and no options 50/54.',
  },

  // ───────────────────────── NAT44: RFC 4787 (UDP) and RFC 5382 (TCP) ─────────────────────────
  {
    id: 'NAT44-SRC', rfc: 4787, section: '4.1', level: 'MUST',
    text: 'When an internal endpoint opens an outgoing session through a NAT, the NAT assigns the session an external IP address and port number.',
    testability: 'wire', topology: 'any',
    how: 'LAN host 192.168.1.x UDP/TCP/ICMP to a world host: on access/world the source is the router\'s WAN IPv4 address, never 192.168.1.x.',
  },
  {
    id: 'NAT44-RETURN', rfc: 4787, section: '4.1', level: 'MUST',
    text: 'The mapping lets subsequent response packets from the external endpoint be received by the NAT, translated, and forwarded to the internal endpoint.',
    testability: 'wire', topology: 'any',
    how: 'World host answers the translated packet to WAN:port: the answer reaches the LAN host with destination rewritten to 192.168.1.x:original port.',
  },
  {
    id: 'NAT44-INBOUND', rfc: 4787, section: '5', level: 'MUST NOT',
    text: 'Under every filtering behavior the NAT filters out packets not destined to a mapped internal address and port: unsolicited inbound traffic is not forwarded.',
    testability: 'wire', topology: 'any',
    how: 'World host sends UDP/TCP SYN/echo to the WAN address on unmapped ports: nothing appears on lan.',
  },
  {
    id: 'NAT44-UDP-REQ-1', rfc: 4787, section: '12 (4.1)', level: 'MUST',
    text: 'A NAT MUST have an "Endpoint-Independent Mapping" behavior.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends from one UDP socket to world A:p and world B:q: both arrive with the same external address:port.',
  },
  {
    id: 'NAT44-UDP-REQ-2', rfc: 4787, section: '12 (4.1)', level: 'RECOMMENDED',
    text: 'It is RECOMMENDED that a NAT have an "IP address pooling" behavior of "Paired"; not applicable to NATs that do not support IP address pooling.',
    testability: 'not-testable',
    why: 'The router has a single external IPv4 address in every netrig topology, so pooling never arises.',
  },
  {
    id: 'NAT44-UDP-REQ-3', rfc: 4787, section: '12 (4.2.1)', level: 'MUST NOT',
    text: 'A NAT MUST NOT have a "Port assignment" behavior of "Port overloading".',
    testability: 'wire', topology: 'any',
    how: 'Two LAN hosts send from the same source port to the same world host:port: they get distinct external ports and each gets its own replies.',
  },
  {
    id: 'NAT44-UDP-REQ-3a', rfc: 4787, section: '12 (4.2.1)', level: 'RECOMMENDED',
    text: 'If the host\'s source port is in 0-1023 it is RECOMMENDED the NAT\'s source port be in the same range; if in 1024-65535, in that range.',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends from port 500 and from port 40000: external source ports are < 1024 and ≥ 1024 respectively.',
  },
  {
    id: 'NAT44-UDP-REQ-4', rfc: 4787, section: '12 (4.2.2)', level: 'RECOMMENDED',
    text: 'It is RECOMMENDED that a NAT have a "Port parity preservation" behavior of "Yes".',
    testability: 'wire', topology: 'any',
    how: 'LAN hosts send from even and odd ports while the inner port is taken: external ports keep the inner port\'s parity.',
  },
  {
    id: 'NAT44-UDP-REQ-5', rfc: 4787, section: '12 (4.3)', level: 'MUST NOT',
    text: 'A NAT UDP mapping timer MUST NOT expire in less than two minutes (except well-known ports); a default of five minutes or more is RECOMMENDED.',
    testability: 'wire', topology: 'any',
    how: 'LAN host UDP 40000→world:40001, 125 s idle, then world replies: the reply reaches lan (and at 5 min for the RECOMMENDED default).',
  },
  {
    id: 'NAT44-UDP-REQ-6', rfc: 4787, section: '12 (4.3)', level: 'MUST',
    text: 'The NAT mapping Refresh Direction MUST have a "NAT Outbound refresh behavior" of "True".',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends every 90 s for 6 min with the world host silent, then the world host replies 100 s after the last: reply reaches lan via the same external port.',
  },
  {
    id: 'NAT44-UDP-REQ-7', rfc: 4787, section: '12 (4.4)', level: 'MUST',
    text: 'A NAT whose external interface is configured dynamically MUST avoid internal/external address conflicts or translate between nodes whose addresses conflict.',
    testability: 'wire', topology: 'ipoe',
    how: 'Access forger leases the router 192.168.1.200/24 (the LAN\'s own net): LAN hosts still reach a world host, or the LAN is renumbered (new DHCPv4 leases elsewhere).',
  },
  {
    id: 'NAT44-UDP-REQ-8', rfc: 4787, section: '12 (5)', level: 'RECOMMENDED',
    text: 'It is RECOMMENDED that a NAT have "Endpoint-Independent Filtering" (application transparency) or "Address-Dependent Filtering" (more stringent filtering).',
    testability: 'wire', topology: 'any',
    how: 'LAN host UDP to world A:p; then A:q and B:p send to the mapped WAN port: EIF forwards both, ADF only A:q; address-and-port-dependent forwards neither.',
  },
  {
    id: 'NAT44-UDP-REQ-9', rfc: 4787, section: '12 (6)', level: 'MUST',
    text: 'A NAT MUST support "Hairpinning"; its behavior MUST be "External source IP address and port".',
    testability: 'wire', topology: 'any',
    how: 'LAN host B maps a UDP port (traffic to world); LAN host A sends to WAN-address:B\'s external port: B receives it from WAN-address:A\'s external port.',
  },
  {
    id: 'NAT44-UDP-REQ-10', rfc: 4787, section: '12 (7)', level: 'SHOULD',
    text: 'NAT ALGs for UDP-based protocols SHOULD be turned off; if a NAT includes ALGs, each SHOULD be separately enabled or disabled (RECOMMENDED).',
    testability: 'wire', topology: 'any',
    how: 'LAN host sends a SIP INVITE (UDP 5060) naming 192.168.1.x in its body: the world host receives the payload byte-for-byte unchanged.',
  },
  {
    id: 'NAT44-UDP-REQ-11', rfc: 4787, section: '12 (8)', level: 'MUST',
    text: 'A NAT MUST have deterministic behavior, i.e., it MUST NOT change the translation or the filtering behavior at any point in time, or under any particular conditions.',
    testability: 'not-testable',
    why: 'A universal claim over all times and conditions: any finite observation can only refute it, never decide conformance.',
  },
  {
    id: 'NAT44-UDP-REQ-12', rfc: 4787, section: '12 (9)', level: 'MUST NOT',
    text: 'Receipt of any sort of ICMP message MUST NOT terminate the NAT mapping; default config SHOULD NOT filter ICMP by source; ICMP Dest Unreachable support RECOMMENDED.',
    testability: 'wire', topology: 'any',
    how: 'World host sends ICMP port unreachable quoting the mapped flow, then a UDP reply: both reach lan, the reply via the same mapping.',
  },
  {
    id: 'NAT44-UDP-REQ-13', rfc: 4787, section: '12 (11)', level: 'MUST',
    text: 'If a packet received on an internal address has DF=1 and is too big, the NAT MUST send back ICMP "Fragmentation needed and DF set"; with DF=0 it MUST fragment.',
    testability: 'wire', topology: 'pppoe',
    how: 'PPPoE MTU 1492: LAN host sends a 1500-byte DF=1 UDP packet → ICMP 3/4 with next-hop MTU 1492 on lan; with DF=0 → fragments in the session.',
  },
  {
    id: 'NAT44-UDP-REQ-14', rfc: 4787, section: '12 (11)', level: 'MUST',
    text: 'A NAT MUST support receiving in-order and out-of-order fragments ("Received Fragment Out of Order" behavior).',
    testability: 'wire', topology: 'any',
    how: 'World host answers a mapped UDP flow with a fragmented reply sent last-fragment-first: the LAN host receives the whole datagram.',
  },
  {
    id: 'NAT44-TCP-REQ-1', rfc: 5382, section: '8', level: 'MUST',
    text: 'A NAT MUST have an "Endpoint-Independent Mapping" behavior for TCP.',
    testability: 'wire', topology: 'any',
    how: 'LAN host connects from one port (SO_REUSEADDR) to world A:80 and B:80: both SYNs arrive with the same external address:port.',
  },
  {
    id: 'NAT44-TCP-REQ-2', rfc: 5382, section: '8', level: 'MUST',
    text: 'A NAT MUST support all valid TCP sequences for permitted connections; in addition to the 3-way handshake it MUST handle TCP simultaneous-open.',
    testability: 'wire', topology: 'any',
    how: 'LAN host and world host SYN each other simultaneously (world aims at the external port learnt from an earlier flow): the connection opens and carries data.',
  },
  {
    id: 'NAT44-TCP-REQ-3', rfc: 5382, section: '8', level: 'RECOMMENDED',
    text: 'It is RECOMMENDED that a NAT have "Endpoint-Independent Filtering" for TCP (transparency) or "Address-Dependent Filtering" (stringent).',
    testability: 'wire', topology: 'any',
    how: 'After LAN→world A:80, SYNs to the external port from A:81 and from B:80: EIF forwards both, ADF only A.',
  },
  {
    id: 'NAT44-TCP-REQ-4', rfc: 5382, section: '8', level: 'MUST NOT',
    text: 'A NAT MUST NOT respond to an unsolicited inbound SYN for at least 6 seconds; afterwards it SHOULD send ICMP Port Unreachable unless that violates its security policy.',
    testability: 'wire', topology: 'any',
    how: 'World host sends a SYN to the WAN address: no RST/ICMP within 6 s; any later response is ICMP 3/3 (silence also conforms by REQ-4a).',
  },
  {
    id: 'NAT44-TCP-REQ-5', rfc: 5382, section: '8', level: 'MUST NOT',
    text: 'If a NAT abandons idle sessions, the established connection idle-timeout MUST NOT be less than 2 hours 4 minutes; the transitory one not less than 4 minutes.',
    testability: 'wire', topology: 'any',
    how: 'Established LAN→world connection idle 2 h 4 min, then the world host sends data: it reaches lan (long case).',
  },
  {
    id: 'NAT44-TCP-REQ-8', rfc: 5382, section: '8', level: 'MUST',
    text: 'A NAT MUST support "hairpinning" for TCP; its hairpinning behavior MUST be of type "External source IP address and port".',
    testability: 'wire', topology: 'any',
    how: 'LAN host B listens on a port forwarded/mapped externally; LAN host A connects to WAN-address:port: B sees the SYN from WAN-address:A\'s external port.',
  },
  {
    id: 'NAT44-TCP-REQ-9', rfc: 5382, section: '8', level: 'SHOULD',
    text: 'If a NAT translates TCP, it SHOULD translate ICMP Destination Unreachable (Type 3) messages.',
    testability: 'wire', topology: 'any',
    how: 'World host returns ICMP 3/x quoting a translated SYN: it reaches the LAN host with the quoted header rewritten to the internal address:port.',
  },
  {
    id: 'NAT44-TCP-REQ-10', rfc: 5382, section: '8', level: 'MUST NOT',
    text: 'Receipt of any sort of ICMP message MUST NOT terminate the NAT mapping or TCP connection for which the ICMP was generated.',
    testability: 'wire', topology: 'any',
    how: 'After ICMP errors quoting the connection reach lan, the world host\'s next data segment still reaches the LAN host.',
  },

  // ───────────────────────── L2TP: RFC 2661 (v2) and RFC 3931 (v3); router = LAC client, border = LNS ─────────────────────────
  {
    id: 'L2TP-1', rfc: 2661, section: '3.1', level: 'MUST',
    text: 'Control messages MUST have the T, L and S bits set to 1, the O bit 0; Ver MUST be 2.',
    testability: 'wire', topology: 'l2tp',
    how: 'Every L2TP control message from the router on access (UDP 1701) has T=1, L=1, S=1, O=0, P=0, Ver=2.',
  },
  {
    id: 'L2TP-2', rfc: 2661, section: '4.4.1', level: 'MUST',
    text: 'The Message Type AVP MUST be the first AVP in a message, immediately following the control message header.',
    testability: 'wire', topology: 'l2tp',
    how: 'The first AVP of every non-ZLB control message from the router has attribute type 0.',
  },
  {
    id: 'L2TP-3', rfc: 2661, section: '6.1, 8.1', level: 'MUST',
    text: 'The SCCRQ MUST contain Message Type, Protocol Version, Host Name, Framing Capabilities and Assigned Tunnel ID AVPs; it is sent to UDP port 1701.',
    testability: 'wire', topology: 'l2tp',
    how: 'Router\'s SCCRQ to the LNS port 1701 carries AVPs 0, 2, 7, 3 and 9.',
  },
  {
    id: 'L2TP-4', rfc: 2661, section: '5.3', level: 'MUST',
    text: 'Tunnel/Session ID 0 MUST NOT be assigned; until the peer has assigned one the header Tunnel/Session ID MUST be sent as 0 and the Assigned ID AVP used.',
    testability: 'wire', topology: 'l2tp',
    how: 'SCCRQ header Tunnel ID = 0 and Assigned Tunnel ID AVP ≠ 0; ICRQ header Session ID = 0 and Assigned Session ID AVP ≠ 0.',
  },
  {
    id: 'L2TP-5', rfc: 2661, section: '5.1, 6.3', level: 'MUST',
    text: 'Control connection setup is SCCRQ → SCCRP → SCCCN (→ ZLB ACK); the tunnel MUST be established before any call is initiated.',
    testability: 'wire', topology: 'l2tp',
    how: 'After the LNS\'s SCCRP the router sends SCCCN with header Tunnel ID = the LNS\'s assigned ID, and no ICRQ precedes it.',
  },
  {
    id: 'L2TP-6', rfc: 2661, section: '5.1.1', level: 'MUST',
    text: 'If a Challenge AVP is received in an SCCRQ or SCCRP, a Challenge Response AVP MUST be sent in the following SCCRP or SCCCN, respectively.',
    testability: 'wire', topology: 'l2tp',
    how: 'LNS (shared secret configured on both) puts a Challenge AVP in its SCCRP: the router\'s SCCCN carries a Challenge Response AVP (13) of 16 octets.',
  },
  {
    id: 'L2TP-7', rfc: 2661, section: '5.2.1, 6.6', level: 'MUST',
    text: 'Incoming call setup: ICRQ → ICRP → ICCN; the ICRQ MUST contain Message Type, Assigned Session ID and Call Serial Number.',
    testability: 'wire', topology: 'l2tp',
    how: 'Router\'s ICRQ after the tunnel is up carries AVPs 0, 14 and 15.',
  },
  {
    id: 'L2TP-8', rfc: 2661, section: '6.8', level: 'MUST',
    text: 'The ICCN MUST contain Message Type, (Tx) Connect Speed and Framing Type AVPs.',
    testability: 'wire', topology: 'l2tp',
    how: 'After the LNS\'s ICRP the router sends ICCN carrying AVPs 0, 24 and 19, with header Session ID = the LNS\'s assigned one.',
  },
  {
    id: 'L2TP-9', rfc: 2661, section: '5.8', level: 'MUST',
    text: 'Unacknowledged control messages are retransmitted with the same Ns and an updated Nr; each retransmission MUST use exponential backoff, any cap no less than 8 seconds.',
    testability: 'wire', topology: 'l2tp',
    how: 'Access forger LNS answers SCCRQ with SCCRP then ACKs nothing: the SCCCN repeats with identical Ns at ~1, 2, 4, 8… s intervals (never capped below 8 s).',
  },
  {
    id: 'L2TP-10', rfc: 2661, section: '5.8', level: 'MUST',
    text: 'If no peer response is detected after several retransmissions (recommended default 5), the tunnel and all sessions within MUST be cleared.',
    testability: 'wire', topology: 'l2tp',
    how: 'LNS goes silent mid-session: retransmissions stop, PPP data on the old tunnel stops, and recovery starts a new SCCRQ (Ns=0, Tunnel ID 0).',
  },
  {
    id: 'L2TP-11', rfc: 2661, section: '5.8', level: 'MUST',
    text: 'Receipt of duplicate messages MUST be acknowledged by the reliable transport, piggybacked on a queued message or explicitly via a ZLB ACK.',
    testability: 'wire', topology: 'l2tp',
    how: 'LNS retransmits its ICRP (same Ns): the router acknowledges it (ZLB or piggyback, Nr = Ns+1) without re-running ICCN.',
  },
  {
    id: 'L2TP-12', rfc: 2661, section: '5.7', level: 'MUST',
    text: 'The receiver of a StopCCN MUST send a ZLB ACK and keep enough state to accept StopCCN retransmissions over at least a full retransmission cycle.',
    testability: 'wire', topology: 'l2tp',
    how: 'LNS sends StopCCN: a ZLB ACK follows; a StopCCN retransmitted within 31 s is acknowledged again.',
  },
  {
    id: 'L2TP-13', rfc: 2661, section: '6.5', level: 'MUST',
    text: 'HELLO messages are global to the tunnel: the Session ID in a HELLO message MUST be 0; like any control message it is acknowledged.',
    testability: 'wire', topology: 'l2tp',
    how: 'LNS sends a HELLO: the router acknowledges it; any HELLO the router sends after idle has Session ID 0.',
  },
  {
    id: 'L2TP-V3-1', rfc: 3931, section: '3.2.1', level: 'MUST',
    text: 'On sending, the control header Ver field MUST be set to 3; non-zero Control Connection IDs are selected and exchanged as Assigned Control Connection ID AVPs.',
    testability: 'wire', topology: 'l2tp',
    how: 'Only if the router speaks L2TPv3 (the fixture\'s xl2tpd is v2-only): its control messages have Ver=3 and an Assigned Control Connection ID AVP ≠ 0.',
  },
  {
    id: 'L2TP-V3-2', rfc: 3931, section: '4.7.3', level: 'MUST',
    text: 'An L2TPv3-only implementation MUST ignore all L2TPv2 AVPs within an SCCRQ with Ver set to 2; an SCCRQ always carries 0 in the ID space.',
    testability: 'wire', topology: 'l2tp',
    how: 'Only for an L2TPv3 router: a forged Ver=2 SCCRQ with L2TPv2 AVPs (M set) from an access host still gets an SCCRP rather than StopCCN.',
  },
];

/**
 * Ids whose `level` is implied rather than quoted: the source states the rule without an uppercase
 * BCP 14 keyword (RFC 4890 throughout; lowercase "must" in RFC 7084 WPD-5 and RFC 2131 §4.1; rules
 * stated as plain description in RFC 7084 G-1, RFC 8415 §§7/14/18.2.5, RFC 2131 §§4.1/4.3.2 server
 * side, RFC 4787 §§4.1/5). Every other entry's `text` carries its `level` keyword verbatim.
 */
export const IMPLIED_LEVEL: ReadonlySet<string> = new Set([
  'G-1', 'WPD-5',
  ...REQUIREMENTS.filter((r) => r.rfc === 4890).map((r) => r.id),
  'DHCP6-1', 'DHCP6-9',
  'DHCP4-RENEW', 'DHCP4-BROADCAST-BIT', 'DHCP4-C-SOURCE',
  'NAT44-SRC', 'NAT44-RETURN', 'NAT44-INBOUND',
]);

const byId = new Map<string, Requirement>();
for (const r of REQUIREMENTS) byId.set(r.id, r);

/** The requirement with this id; throws naming the id when no requirement has it. */
export function requirement(id: string): Requirement {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown requirement id "${id}" (${REQUIREMENTS.length} known, e.g. G-1, WPD-5, REC-34, ICMP6-4.3.1-2)`);
  return r;
}
