// A catalogue of frames that covers every codec — builders' defaults, every message type, option
// and edge case worth forging — each with fields Wireshark must report for it. The tshark test
// validates the lot, the round-trip and fuzz tests start from it, and the benchmark draws its mix
// from it. Plain data; nothing here is exported from index.ts.

import * as B from './build.ts';
import { DHCP4_TYPE } from './dhcp4.ts';
import { DHCP6_TYPE } from './dhcp6.ts';
import { encodeFrame, type FrameInit } from './frame.ts';
import type { PppInit } from './ppp.ts';

export interface Sample {
  name: string;
  frame: FrameInit;
  /** tshark field → the value it must print (`-T fields`, occurrences joined with ","). */
  tshark: Record<string, string>;
  /** Wireshark warnings that are the point of the frame (a RST is "Connection reset"). */
  expert?: RegExp;
}

export const HOST = '52:54:00:12:34:56';
export const ROUTER = '52:54:00:aa:bb:cc';
const host = { mac: HOST, dstMac: ROUTER };
const router = { mac: ROUTER, dstMac: HOST };
const toHost = { src: ROUTER, dst: HOST };
const v4 = { src: '192.168.1.50', dst: '192.168.1.1' };
const v6 = { src: '3fff:0:0:1::50', dst: '3fff:0:0:1::1' };

/** The IP packet of a frame, without its Ethernet header and padding: what an ICMP error quotes. */
const quoted = (f: FrameInit, len: number) => encodeFrame(f).subarray(14, 14 + len);
const udp4 = B.udpDatagram({ ...host, ...v4, srcPort: 40000, dstPort: 40001, data: Buffer.from('probe-probe-probe') });
const udp6 = B.udpDatagram({ ...host, ...v6, srcPort: 40000, dstPort: 40001, data: Buffer.from('probe-probe-probe') });

const dhcp4Server = { ...router, serverIp: '192.168.1.1', clientMac: HOST, xid: 0x1234, yiaddr: '192.168.1.50' };
const dhcp6Server = { ...router, clientMac: HOST, xid: 0xabcdef };
const session = (ppp: PppInit) => B.pppSession({ ...host, session: 0x1234, ppp });

export const SAMPLES: Sample[] = [
  // Ethernet, 802.1Q, ARP
  { name: 'dhcp4 discover on vlan 7', frame: B.dhcp4Discover({ mac: HOST, vlan: 7, xid: 0x1234 }), tshark: { 'vlan.id': '7', 'dhcp.option.dhcp': '1', 'dhcp.id': '0x00001234' } },
  { name: 'arp request', frame: B.arpRequest({ mac: HOST, ip: v4.src, target: v4.dst }), tshark: { 'arp.opcode': '1', 'arp.dst.proto_ipv4': v4.dst, 'eth.dst': 'ff:ff:ff:ff:ff:ff' } },
  { name: 'arp reply', frame: B.arpReply({ mac: ROUTER, ip: v4.dst, targetMac: HOST, targetIp: v4.src }), tshark: { 'arp.opcode': '2', 'arp.src.hw_mac': ROUTER, 'eth.dst': HOST } },

  // DHCPv4: every message type, options by name, a raw one, a long one split per RFC 3396
  ...(Object.keys({ discover: 1, offer: 2, request: 3, decline: 4, ack: 5, nak: 6, release: 7, inform: 8 }) as string[]).map((t) => ({
    name: `dhcp4 ${t}`,
    frame: ['offer', 'ack', 'nak'].includes(t) ? B.dhcp4Server(t as 'offer', dhcp4Server) : B.dhcp4Client(t as 'discover', { mac: HOST, xid: 0x1234 }),
    // A client's message shows its MAC twice: in chaddr and in the client identifier.
    tshark: { 'dhcp.option.dhcp': String(DHCP4_TYPE.num(t as 'discover')), 'dhcp.hw.mac_addr': ['offer', 'ack', 'nak'].includes(t) ? HOST : `${HOST},${HOST}` },
  })),
  {
    name: 'dhcp4 request with options',
    frame: B.dhcp4Request({ mac: HOST, requestedIp: '192.168.1.50', serverId: '192.168.1.1', hostname: 'client', options: { maxMessageSize: 1500, vendorClass: 'netrig' } }),
    tshark: { 'dhcp.option.requested_ip_address': '192.168.1.50', 'dhcp.option.dhcp_server_id': '192.168.1.1', 'dhcp.option.hostname': 'client' },
  },
  {
    name: 'dhcp4 ack with a full lease',
    frame: B.dhcp4Ack({
      ...dhcp4Server,
      subnetMask: '255.255.255.0',
      router: ['192.168.1.1'],
      dns: ['192.168.1.1', '9.9.9.9'],
      leaseTime: 7200,
      options: {
        renewalTime: 3600,
        rebindingTime: 6300,
        domainName: 'lan',
        mtu: 1492,
        broadcast: '192.168.1.255',
        classlessRoutes: [{ prefix: '10.0.0.0/8', router: '192.168.1.254' }, { prefix: '0.0.0.0/0', router: '192.168.1.1' }],
        option224: Uint8Array.of(1, 2, 3),
      },
    }),
    tshark: {
      'dhcp.ip.your': '192.168.1.50',
      'dhcp.option.subnet_mask': '255.255.255.0',
      'dhcp.option.router': '192.168.1.1',
      'dhcp.option.domain_name_server': '192.168.1.1,9.9.9.9',
      'dhcp.option.ip_address_lease_time': '7200',
      'dhcp.option.renewal_time_value': '3600',
      'dhcp.option.rebinding_time_value': '6300',
    },
  },
  {
    name: 'dhcp4 discover with a 300-byte option split in two',
    frame: B.dhcp4Discover({ mac: HOST, xid: 7, options: { vendorSpecific: new Uint8Array(300).fill(0x41) } }),
    tshark: { 'dhcp.option.dhcp': '1' },
  },

  // ICMPv6 Neighbor Discovery
  { name: 'rs', frame: B.routerSolicitation({ mac: HOST }), tshark: { 'icmpv6.type': '133', 'icmpv6.opt.linkaddr': HOST, 'eth.dst': '33:33:00:00:00:02' } },
  { name: 'rs from ::', frame: B.routerSolicitation({ mac: HOST, src: '::' }), tshark: { 'icmpv6.type': '133', 'ipv6.src': '::' } },
  {
    name: 'ra with everything',
    frame: B.routerAdvertisement({
      mac: ROUTER,
      src: 'fe80::1',
      managed: true,
      other: true,
      preference: 'high',
      lifetime: 1800,
      prefixes: ['3fff:0:0:1::/64', { prefix: '3fff:0:0:2::/64', autonomous: false, validLifetime: 600, preferredLifetime: 0 }],
      routes: ['3fff:0:0:100::/56', { prefix: '::/0', preference: 'low', lifetime: 60 }],
      mtu: 1492,
      rdnss: ['3fff:0:0:1::1', '3fff:0:0:1::2'],
      dnssl: ['lan', 'example.org'],
    }),
    tshark: {
      'icmpv6.type': '134',
      'icmpv6.nd.ra.flag.m': '1',
      'icmpv6.nd.ra.flag.prf': '1',
      'icmpv6.nd.ra.router_lifetime': '1800',
      'icmpv6.opt.prefix': '3fff:0:0:1::,3fff:0:0:2::,3fff:0:0:100::,::',
      'icmpv6.opt.mtu': '1492',
      'icmpv6.opt.rdnss': '3fff:0:0:1::1,3fff:0:0:1::2',
      'icmpv6.opt.dnssl': 'lan,example.org',
    },
  },
  { name: 'ra leaving', frame: B.routerAdvertisement({ mac: ROUTER, lifetime: 0 }), tshark: { 'icmpv6.nd.ra.router_lifetime': '0' } },
  { name: 'ns', frame: B.neighborSolicitation({ mac: HOST, target: 'fe80::1' }), tshark: { 'icmpv6.nd.ns.target_address': 'fe80::1', 'ipv6.dst': 'ff02::1:ff00:1' } },
  { name: 'ns for DAD', frame: B.neighborSolicitation({ mac: HOST, src: '::', target: '3fff:0:0:1::50' }), tshark: { 'icmpv6.nd.ns.target_address': '3fff:0:0:1::50' } },
  {
    name: 'na solicited',
    frame: B.neighborAdvertisement({ ...router, target: 'fe80::1', dst: 'fe80::5054:ff:fe12:3456', router: true, solicited: true }),
    tshark: { 'icmpv6.nd.na.target_address': 'fe80::1', 'icmpv6.nd.na.flag.s': '1', 'icmpv6.opt.linkaddr': ROUTER },
  },
  {
    name: 'redirect',
    frame: {
      eth: { src: ROUTER, dst: HOST },
      ipv6: { src: 'fe80::1', dst: 'fe80::5054:ff:fe12:3456', hopLimit: 255 },
      icmp6: { type: 'redirect', target: 'fe80::2', destination: '3fff:0:0:9::1', options: { targetLla: '52:54:00:00:00:02', redirected: quoted(udp6, 48) } },
    },
    tshark: { 'icmpv6.type': '137', 'icmpv6.nd.rd.target_address': 'fe80::2', 'icmpv6.rd.na.destination_address': '3fff:0:0:9::1' },
  },

  // ICMPv6 echo and errors
  { name: 'echo6 request', frame: B.echoRequest6({ ...host, ...v6, id: 7, seq: 9, data: Buffer.from('ping') }), tshark: { 'icmpv6.echo.identifier': '0x0007', 'icmpv6.echo.sequence_number': '9' } },
  { name: 'echo6 reply', frame: { eth: toHost, ipv6: { src: v6.dst, dst: v6.src }, icmp6: { type: 'echo-reply', id: 7, seq: 9 } }, tshark: { 'icmpv6.type': '129' } },
  { name: 'icmp6 port unreachable', frame: { eth: toHost, ipv6: { src: v6.dst, dst: v6.src }, icmp6: { type: 'unreachable', code: 4, data: quoted(udp6, 65) } }, tshark: { 'icmpv6.type': '1', 'icmpv6.code': '4' } },
  { name: 'icmp6 too big', frame: { eth: toHost, ipv6: { src: v6.dst, dst: v6.src }, icmp6: { type: 'too-big', mtu: 1280, data: quoted(udp6, 65) } }, tshark: { 'icmpv6.mtu': '1280' } },
  { name: 'icmp6 time exceeded', frame: { eth: toHost, ipv6: { src: v6.dst, dst: v6.src }, icmp6: { type: 'time-exceeded', data: quoted(udp6, 65) } }, tshark: { 'icmpv6.type': '3' } },
  { name: 'icmp6 parameter problem', frame: { eth: toHost, ipv6: { src: v6.dst, dst: v6.src }, icmp6: { type: 'param-problem', code: 1, pointer: 40, data: quoted(udp6, 65) } }, tshark: { 'icmpv6.pointer': '40' } },

  // ICMPv4
  { name: 'echo4 request', frame: B.echoRequest4({ ...host, ...v4, id: 0x4242, seq: 3, data: Buffer.from('ping') }), tshark: { 'icmp.type': '8', 'icmp.ident': '16962', 'icmp.seq': '3' } },
  { name: 'echo4 reply', frame: { eth: toHost, ipv4: { src: v4.dst, dst: v4.src }, icmp4: { type: 'echo-reply', id: 0x4242, seq: 3 } }, tshark: { 'icmp.type': '0' } },
  { name: 'icmp4 port unreachable', frame: { eth: toHost, ipv4: { src: v4.dst, dst: v4.src }, icmp4: { type: 'unreachable', code: 3, data: quoted(udp4, 45) } }, tshark: { 'icmp.type': '3', 'icmp.code': '3' } },
  { name: 'icmp4 fragmentation needed', frame: { eth: toHost, ipv4: { src: v4.dst, dst: v4.src }, icmp4: { type: 'unreachable', code: 4, mtu: 1492, data: quoted(udp4, 45) } }, tshark: { 'icmp.mtu': '1492' } },
  { name: 'icmp4 time exceeded', frame: { eth: toHost, ipv4: { src: v4.dst, dst: v4.src, ttl: 255 }, icmp4: { type: 'time-exceeded', data: quoted(udp4, 45) } }, tshark: { 'icmp.type': '11' } },

  // IPv4 and IPv6 header variants
  {
    name: 'ipv4 with options, DF, TOS, TTL 1',
    frame: { ...udp4, ipv4: { ...v4, df: true, tos: 0xb8, ttl: 1, id: 0x77, options: Uint8Array.of(0x94, 4, 0, 0) } },
    tshark: { 'ip.hdr_len': '24', 'ip.flags.df': '1', 'ip.ttl': '1', 'ip.dsfield': '0xb8', 'udp.dstport': '40001' },
  },
  {
    name: 'ipv6 hop-by-hop router alert',
    frame: { ...udp6, ipv6: { ...v6, ext: [{ type: 'hop-by-hop', options: { routerAlert: 0 } }] } },
    tshark: { 'ipv6.nxt': '0', 'ipv6.opt.router_alert': '0', 'udp.dstport': '40001' },
  },
  {
    name: 'ipv6 destination options and atomic fragment',
    frame: { ...udp6, ipv6: { ...v6, flowLabel: 0x12345, trafficClass: 0x20, ext: [{ type: 'destination', options: {} }, { type: 'fragment', offset: 0, more: false, id: 0xdeadbeef }] } },
    tshark: { 'ipv6.fraghdr.ident': '0xdeadbeef', 'ipv6.flow': '0x012345', 'udp.dstport': '40001' },
  },

  // UDP and TCP
  { name: 'udp4', frame: udp4, tshark: { 'udp.srcport': '40000', 'udp.length': '25' } },
  { name: 'udp6', frame: udp6, tshark: { 'udp.srcport': '40000', 'ipv6.src': v6.src } },
  { name: 'tcp4 syn', frame: B.tcpSyn({ ...host, ...v4, dstPort: 80, seq: 1000 }), tshark: { 'tcp.flags.syn': '1', 'tcp.options.mss_val': '1460', 'tcp.seq_raw': '1000' } },
  { name: 'tcp6 syn', frame: B.tcpSyn({ ...host, ...v6, dstPort: 443, mss: 1220 }), tshark: { 'tcp.dstport': '443', 'tcp.options.mss_val': '1220' } },
  { name: 'tcp4 rst', frame: B.tcpRst({ ...host, ...v4, dstPort: 80, seq: 1 }), tshark: { 'tcp.flags.reset': '1' }, expert: /^Connection reset \(RST\)$/ },
  {
    name: 'tcp4 syn-ack',
    frame: B.tcpSegment('SA', { ...router, src: v4.dst, dst: v4.src, srcPort: 80, dstPort: 40000, seq: 5000, ack: 1001, options: Uint8Array.of(2, 4, 5, 0xb4, 1, 1, 4, 2) }),
    tshark: { 'tcp.flags.ack': '1', 'tcp.ack_raw': '1001' },
  },
  { name: 'tcp6 data', frame: B.tcpSegment('PA', { ...host, ...v6, srcPort: 40000, dstPort: 7, seq: 1, ack: 1, data: Buffer.from('hello') }), tshark: { 'tcp.len': '5', 'tcp.flags.push': '1' } },

  // DHCPv6: every message type, DUID kinds, IA_NA/IA_TA/IA_PD, status codes
  ...(Object.keys({ solicit: 1, request: 3, confirm: 4, renew: 5, rebind: 6, release: 8, decline: 9, 'information-request': 11 }) as string[]).map((t) => ({
    name: `dhcp6 ${t}`,
    frame: B.dhcp6Client(t as 'solicit', {
      mac: HOST,
      xid: 0x123456,
      iaNa: t !== 'information-request',
      iaPd: t === 'solicit' ? '::/56' : false,
      serverId: ['request', 'renew', 'release', 'decline'].includes(t) ? { type: 'll', lla: ROUTER } : undefined,
    }),
    tshark: { 'dhcpv6.msgtype': String(DHCP6_TYPE.num(t as 'solicit')), 'dhcpv6.xid': '0x123456' },
  })),
  {
    name: 'dhcp6 solicit with rapid commit and DUID-LLT',
    frame: B.dhcp6Solicit({ mac: HOST, iaPd: true, options: { clientId: { type: 'llt', time: 700000000, lla: HOST }, rapidCommit: true } }),
    tshark: { 'dhcpv6.duidllt.time': 'Mar  7, 2022 20:26:40.000000000 UTC', 'dhcpv6.duidllt.link_layer_addr': HOST },
  },
  {
    name: 'dhcp6 advertise',
    frame: B.dhcp6Server('advertise', { ...dhcp6Server, addresses: ['3fff:0:0:1::100'], prefixes: ['3fff:0:0:100::/56'], options: { preference: 255 } }),
    tshark: { 'dhcpv6.msgtype': '2', 'dhcpv6.iaprefix.pref_addr': '3fff:0:0:100::', 'dhcpv6.iaprefix.pref_len': '56', 'dhcpv6.option_preference': '255' },
  },
  {
    name: 'dhcp6 reply with IA_NA, IA_PD, DNS, domains, DUID-EN',
    frame: B.dhcp6Server('reply', {
      ...dhcp6Server,
      serverId: { type: 'en', enterprise: 32473, id: Uint8Array.of(1, 2, 3, 4) },
      addresses: ['3fff:0:0:1::100'],
      prefixes: ['3fff:0:0:100::/56'],
      dns: ['3fff:0:0:1::1'],
      options: { domainList: ['home.arpa'], status: { code: 'success', message: 'all good' }, solMaxRt: 3600 },
    }),
    tshark: { 'dhcpv6.iaaddr.ip': '3fff:0:0:1::100', 'dhcpv6.dns_server': '3fff:0:0:1::1', 'dhcpv6.duiden.enterprise': '32473' },
  },
  {
    name: 'dhcp6 reply: no prefix available, DUID-UUID',
    frame: B.dhcp6Server('reply', {
      ...dhcp6Server,
      serverId: { type: 'uuid', uuid: '12345678-9abc-def0-1234-56789abcdef0' },
      options: { iaPd: [{ iaid: 1, options: { status: { code: 'no-prefix-avail', message: 'none left' } } }] },
    }),
    tshark: { 'dhcpv6.status_code': '6', 'dhcpv6.status_msg': 'none left' },
  },
  {
    name: 'dhcp6 request with IA_TA',
    frame: B.dhcp6Client('request', { mac: HOST, serverId: { type: 'll', lla: ROUTER }, options: { iaTa: [{ iaid: 9, options: { iaAddr: [{ address: '3fff:0:0:1::9' }] } }] } }),
    tshark: { 'dhcpv6.msgtype': '3', 'dhcpv6.iaaddr.ip': '3fff:0:0:1::9' },
  },
  { name: 'dhcp6 reconfigure', frame: B.dhcp6Server('reconfigure', { ...dhcp6Server, xid: 0, options: { reconfigureMessage: 5 } }), tshark: { 'dhcpv6.msgtype': '10' } },

  // PPPoE discovery
  { name: 'padi', frame: B.padi({ mac: HOST, hostUniq: Uint8Array.of(0xca, 0xfe) }), tshark: { 'pppoe.code': '0x09', 'pppoed.tags.host_uniq': 'cafe', 'eth.dst': 'ff:ff:ff:ff:ff:ff' } },
  {
    name: 'pado',
    frame: B.pppoeDiscovery('pado', { ...router, tags: { acName: 'border', serviceName: 'internet', acCookie: Uint8Array.of(1, 2, 3, 4), hostUniq: Uint8Array.of(0xca, 0xfe) } }),
    tshark: { 'pppoe.code': '0x07', 'pppoed.tags.ac_name': 'border', 'pppoed.tags.service_name': 'internet' },
  },
  { name: 'padr', frame: B.padr({ ...host, serviceName: 'internet', acCookie: Uint8Array.of(1, 2, 3, 4) }), tshark: { 'pppoe.code': '0x19', 'pppoed.tags.ac_cookie': '01020304' } },
  { name: 'pads', frame: B.pppoeDiscovery('pads', { ...router, session: 0x1234, tags: { serviceName: 'internet' } }), tshark: { 'pppoe.code': '0x65', 'pppoe.session_id': '0x1234' } },
  { name: 'padt', frame: B.padt({ ...host, session: 0x1234 }), tshark: { 'pppoe.code': '0xa7', 'pppoe.session_id': '0x1234' } },
  {
    name: 'padi with relay session id and max payload',
    frame: B.pppoeDiscovery('padi', { mac: HOST, tags: { serviceName: '', relaySessionId: Uint8Array.of(0, 1, 2, 3), maxPayload: 1500 } }),
    tshark: { 'pppoed.tags.relay_session_id': '00010203', 'pppoed.tags.max_payload': '05dc' },
  },
  {
    name: 'pads with errors',
    frame: B.pppoeDiscovery('pads', { ...router, tags: { serviceNameError: 'no such service', acSystemError: 'busy', genericError: 'sorry' } }),
    tshark: { 'pppoed.tags.service_name_error': 'no such service', 'pppoed.tags.generic_error': 'sorry' },
  },

  // PPP in a PPPoE session
  {
    name: 'lcp configure-request',
    frame: session({ protocol: 'lcp', code: 'configure-request', id: 1, options: { mru: 1492, authProtocol: { protocol: 'pap' }, magic: 0x01020304 } }),
    tshark: { 'pppoe.session_id': '0x1234', 'ppp.code': '1', 'lcp.opt.mru': '1492', 'lcp.opt.magic_number': '0x01020304' },
  },
  {
    name: 'lcp configure-ack with chap',
    frame: session({ protocol: 'lcp', code: 'configure-ack', id: 1, options: { mru: 1492, authProtocol: { protocol: 'chap', algorithm: 5 }, pfc: true, acfc: true } }),
    tshark: { 'ppp.code': '2', 'lcp.opt.auth_protocol': '0xc223', 'lcp.opt.algorithm': '5' },
  },
  { name: 'lcp configure-nak', frame: session({ protocol: 'lcp', code: 'configure-nak', id: 2, options: { mru: 1480 } }), tshark: { 'ppp.code': '3', 'lcp.opt.mru': '1480' } },
  { name: 'lcp configure-reject', frame: session({ protocol: 'lcp', code: 'configure-reject', id: 3, options: { accm: 0 } }), tshark: { 'ppp.code': '4' } },
  { name: 'lcp terminate-request', frame: session({ protocol: 'lcp', code: 'terminate-request', id: 4, data: Buffer.from('bye') }), tshark: { 'ppp.code': '5' } },
  { name: 'lcp terminate-ack', frame: session({ protocol: 'lcp', code: 'terminate-ack', id: 4 }), tshark: { 'ppp.code': '6' } },
  { name: 'lcp echo-request', frame: session({ protocol: 'lcp', code: 'echo-request', id: 5, magic: 0x01020304 }), tshark: { 'ppp.code': '9', 'lcp.magic_number': '0x01020304' } },
  { name: 'lcp echo-reply', frame: session({ protocol: 'lcp', code: 'echo-reply', id: 5, magic: 0x05060708, data: Uint8Array.of(1, 2) }), tshark: { 'ppp.code': '10', 'lcp.magic_number': '0x05060708' } },
  { name: 'lcp protocol-reject', frame: session({ protocol: 'lcp', code: 'protocol-reject', id: 6, rejectedProtocol: 0x80fd, data: Uint8Array.of(1, 1, 0, 4) }), tshark: { 'ppp.code': '8,1', 'lcp.rej_proto': '0x80fd' } },
  { name: 'pap request', frame: session({ protocol: 'pap', peerId: 'user', password: 'secret' }), tshark: { 'pap.code': '1', 'pap.peer_id': 'user', 'pap.password': 'secret' } },
  { name: 'pap ack', frame: session({ protocol: 'pap', code: 'authenticate-ack', message: 'welcome' }), tshark: { 'pap.code': '2', 'pap.message': 'welcome' } },
  { name: 'pap nak', frame: session({ protocol: 'pap', code: 'authenticate-nak', message: 'go away' }), tshark: { 'pap.code': '3' } },
  { name: 'chap challenge', frame: session({ protocol: 'chap', code: 'challenge', value: new Uint8Array(16).fill(7), name: 'border' }), tshark: { 'chap.code': '1', 'chap.name': 'border' } },
  { name: 'chap response', frame: session({ protocol: 'chap', code: 'response', value: new Uint8Array(16).fill(9), name: 'user' }), tshark: { 'chap.code': '2', 'chap.name': 'user' } },
  { name: 'chap success', frame: session({ protocol: 'chap', code: 'success', message: 'ok' }), tshark: { 'chap.code': '3', 'chap.message': 'ok' } },
  { name: 'chap failure', frame: session({ protocol: 'chap', code: 'failure', message: 'E=691' }), tshark: { 'chap.code': '4' } },
  {
    name: 'ipcp configure-request',
    frame: session({ protocol: 'ipcp', id: 1, options: { address: '0.0.0.0', primaryDns: '0.0.0.0', secondaryDns: '0.0.0.0' } }),
    tshark: { 'ppp.protocol': '0x8021', 'ipcp.opt.ip_address': '0.0.0.0' },
  },
  {
    name: 'ipcp configure-nak',
    frame: session({ protocol: 'ipcp', code: 'configure-nak', id: 1, options: { address: '100.64.0.2', primaryDns: '100.64.0.1' } }),
    tshark: { 'ipcp.opt.ip_address': '100.64.0.2', 'ipcp.opt.pri_dns_address': '100.64.0.1' },
  },
  { name: 'ipv6cp configure-request', frame: session({ protocol: 'ipv6cp', id: 1, options: { interfaceId: '0211:22ff:fe33:4455' } }), tshark: { 'ppp.protocol': '0x8057', 'ipv6cp.interface_identifier': '02:11:22:ff:fe:33:44:55' } },
  { name: 'ipv4 over pppoe', frame: { ...B.echoRequest4({ ...host, src: '100.64.0.2', dst: '9.9.9.9' }), pppoe: { code: 'session', session: 0x1234 } }, tshark: { 'ppp.protocol': '0x0021', 'ip.dst': '9.9.9.9' } },
  { name: 'ipv6 over pppoe', frame: { ...B.routerSolicitation({ ...host }), pppoe: { code: 'session', session: 0x1234 } }, tshark: { 'ppp.protocol': '0x0057', 'icmpv6.type': '133' } },
];

/** Frames forged wrong on purpose: Wireshark must complain about each (it proves the overrides work). */
export const BROKEN: Sample[] = [
  { name: 'bad ipv4 checksum', frame: { ...udp4, ipv4: { ...v4, checksum: 0xdead } }, tshark: { 'ip.checksum': '0xdead' } },
  { name: 'bad udp checksum', frame: { ...udp4, udp: { srcPort: 1, dstPort: 2, checksum: 0xdead } }, tshark: { 'udp.checksum': '0xdead' } },
  { name: 'bad tcp checksum', frame: { ...B.tcpSyn({ ...host, ...v4, dstPort: 80 }), tcp: { srcPort: 1, dstPort: 80, checksum: 0xdead } }, tshark: { 'tcp.checksum': '0xdead' } },
  { name: 'bad icmpv6 checksum', frame: { ...B.routerSolicitation({ mac: HOST }), icmp6: { type: 'rs', checksum: 0xdead } }, tshark: { 'icmpv6.checksum': '0xdead' } },
  { name: 'udp length too long', frame: { ...udp4, udp: { srcPort: 1, dstPort: 2, length: 999 } }, tshark: { 'udp.length': '999' } },
  { name: 'ipv4 total length too long', frame: { ...udp4, ipv4: { ...v4, length: 1500 } }, tshark: { 'ip.len': '1500' } },
];
