// Builders for the frames cases forge most, so each is one line: `dhcp4Discover({ mac })`,
// `routerAdvertisement({ mac, prefixes: ['3fff:0:0:1::/64'] })`. Each returns a FrameInit (a case
// may still change a field) with what a well-behaved host would fill in; `encodeFrame` makes bytes.

import { BROADCAST_MAC, isIp6, linkLocal, solicitedNode, writeMac } from './addr.ts';
import type { Dhcp4OptionsInit, Dhcp4Type } from './dhcp4.ts';
import type { Dhcp6OptionsInit, Dhcp6Type, DuidInit } from './dhcp6.ts';
import type { EthernetInit } from './ethernet.ts';
import type { FrameInit } from './frame.ts';
import type { Preference } from './ndp.ts';
import type { Pio, RouteInfo } from './ndp.ts';
import type { PppInit } from './ppp.ts';
import type { PppoeCode, PppoeTags } from './pppoe.ts';
import { tcpMss } from './tcp.ts';
import type { Init } from './bytes.ts';

/** Who sends: our MAC, and the peer's MAC where the destination does not imply one. */
export interface Link {
  mac: string;
  dstMac?: string;
  vlan?: number;
}

const eth = (l: Link): EthernetInit => ({ src: l.mac, dst: l.dstMac, vlan: l.vlan === undefined ? undefined : { id: l.vlan } });

/** The IPv4 or IPv6 layer for a pair of addresses, by their family. */
function ip(src: string, dst: string, hopLimit?: number): Pick<FrameInit, 'ipv4' | 'ipv6'> {
  return isIp6(dst) ? { ipv6: { src, dst, hopLimit } } : { ipv4: { src, dst, ttl: hopLimit } };
}

/** Room for a MAC's bytes; a Buffer, as writeMac otherwise only meets (see TMP in addr.ts). */
const MAC = Buffer.alloc(6);

/** The client identifier RFC 2132 §9.14 suggests: hardware type 1 and the MAC. */
function clientId(mac: string): Uint8Array {
  writeMac(MAC, 0, mac);
  const id = new Uint8Array(7);
  id[0] = 1;
  id.set(MAC, 1);
  return id;
}

/** A transaction id that differs per client yet repeats per run: the MAC's last four bytes. */
function xidOf(mac: string): number {
  const m = MAC;
  writeMac(m, 0, mac);
  return ((m[2] << 24) | (m[3] << 16) | (m[4] << 8) | m[5]) >>> 0;
}

export interface Dhcp4ClientOpts extends Link {
  xid?: number;
  hostname?: string;
  requestedIp?: string;
  serverId?: string;
  /** Our address when renewing (and the IP source); 0.0.0.0 otherwise. */
  ciaddr?: string;
  options?: Dhcp4OptionsInit;
}

/** A DHCPv4 client message, broadcast from 0.0.0.0 unless `ciaddr` says we have an address. */
export function dhcp4Client(type: Dhcp4Type, o: Dhcp4ClientOpts): FrameInit {
  return {
    eth: eth(o),
    ipv4: { src: o.ciaddr ?? '0.0.0.0', dst: '255.255.255.255' },
    dhcp4: {
      xid: o.xid ?? xidOf(o.mac),
      chaddr: o.mac,
      ciaddr: o.ciaddr,
      options: {
        messageType: type,
        clientId: clientId(o.mac),
        requestedIp: o.requestedIp,
        serverId: o.serverId,
        hostname: o.hostname,
        paramRequest: [1, 3, 6, 15, 26, 28, 42, 51, 54, 58, 59, 121],
        ...o.options,
      },
    },
  };
}
export const dhcp4Discover = (o: Dhcp4ClientOpts): FrameInit => dhcp4Client('discover', o);
export const dhcp4Request = (o: Dhcp4ClientOpts): FrameInit => dhcp4Client('request', o);

export interface Dhcp4ServerOpts extends Link {
  serverIp: string;
  clientMac: string;
  xid: number;
  yiaddr?: string;
  subnetMask?: string;
  router?: string[];
  dns?: string[];
  leaseTime?: number;
  options?: Dhcp4OptionsInit;
}

/** A DHCPv4 server message, broadcast to the client's MAC (as for a client without an address). */
export function dhcp4Server(type: Dhcp4Type, o: Dhcp4ServerOpts): FrameInit {
  return {
    eth: { ...eth(o), dst: o.dstMac ?? BROADCAST_MAC },
    ipv4: { src: o.serverIp, dst: '255.255.255.255' },
    dhcp4: {
      xid: o.xid,
      chaddr: o.clientMac,
      yiaddr: o.yiaddr,
      siaddr: o.serverIp,
      options: {
        messageType: type,
        serverId: o.serverIp,
        leaseTime: o.leaseTime ?? 3600,
        subnetMask: o.subnetMask,
        router: o.router,
        dns: o.dns,
        ...o.options,
      },
    },
  };
}
export const dhcp4Offer = (o: Dhcp4ServerOpts): FrameInit => dhcp4Server('offer', o);
export const dhcp4Ack = (o: Dhcp4ServerOpts): FrameInit => dhcp4Server('ack', o);

export interface Dhcp6ClientOpts extends Link {
  xid?: number;
  /** Ask for an address (IA_NA, IAID 1). */
  iaNa?: boolean;
  /** Ask for a prefix (IA_PD, IAID 1), optionally hinting one such as "::/56". */
  iaPd?: boolean | string;
  serverId?: DuidInit;
  options?: Dhcp6OptionsInit;
}

/** A DHCPv6 client message from our link-local address to All_DHCP_Relay_Agents_and_Servers. */
export function dhcp6Client(type: Dhcp6Type, o: Dhcp6ClientOpts): FrameInit {
  const hint = typeof o.iaPd === 'string' ? { iaPrefix: [{ prefix: o.iaPd }] } : undefined;
  return {
    eth: eth(o),
    ipv6: { src: linkLocal(o.mac), dst: 'ff02::1:2', hopLimit: 1 },
    dhcp6: {
      type,
      xid: o.xid ?? xidOf(o.mac) & 0xffffff,
      options: {
        clientId: { type: 'll', lla: o.mac },
        serverId: o.serverId,
        elapsedTime: 0,
        oro: [23, 24],
        iaNa: o.iaNa ? [{ iaid: 1 }] : undefined,
        iaPd: o.iaPd ? [{ iaid: 1, options: hint }] : undefined,
        ...o.options,
      },
    },
  };
}
export const dhcp6Solicit = (o: Dhcp6ClientOpts): FrameInit => dhcp6Client('solicit', { iaNa: true, ...o });

export interface Dhcp6ServerOpts extends Link {
  clientMac: string;
  xid: number;
  /** Our link-local address; from our MAC by default. */
  src?: string;
  serverId?: DuidInit;
  clientId?: DuidInit;
  /** Addresses for IA_NA 1. */
  addresses?: string[];
  /** Prefixes for IA_PD 1, e.g. "3fff:0:0:100::/56". */
  prefixes?: string[];
  dns?: string[];
  lifetime?: number;
  options?: Dhcp6OptionsInit;
}

/** A DHCPv6 server message (Advertise, Reply) to the client's link-local address. */
export function dhcp6Server(type: Dhcp6Type, o: Dhcp6ServerOpts): FrameInit {
  const life = o.lifetime ?? 3600;
  const t = { t1: life / 2, t2: (life * 4) / 5 };
  return {
    eth: { ...eth(o), dst: o.dstMac ?? o.clientMac },
    ipv6: { src: o.src ?? linkLocal(o.mac), dst: linkLocal(o.clientMac) },
    dhcp6: {
      type,
      xid: o.xid,
      options: {
        serverId: o.serverId ?? { type: 'll', lla: o.mac },
        clientId: o.clientId ?? { type: 'll', lla: o.clientMac },
        iaNa: o.addresses && [{ iaid: 1, ...t, options: { iaAddr: o.addresses.map((address) => ({ address, preferredLifetime: life, validLifetime: life })) } }],
        iaPd: o.prefixes && [{ iaid: 1, ...t, options: { iaPrefix: o.prefixes.map((prefix) => ({ prefix, preferredLifetime: life, validLifetime: life })) } }],
        dnsServers: o.dns,
        ...o.options,
      },
    },
  };
}

/** An RS from our link-local address (or from :: without the source link-layer option). */
export function routerSolicitation(o: Link & { src?: string }): FrameInit {
  const src = o.src ?? linkLocal(o.mac);
  return {
    eth: eth(o),
    ipv6: { src, dst: 'ff02::2', hopLimit: 255 },
    icmp6: { type: 'rs', options: { sourceLla: src === '::' ? undefined : o.mac } },
  };
}

export interface RaOpts extends Link {
  src?: string;
  /** ff02::1 unless answering one host. */
  dst?: string;
  /** Router lifetime in seconds; 0 announces "not a default router". */
  lifetime?: number;
  managed?: boolean;
  other?: boolean;
  preference?: Preference;
  reachableTime?: number;
  retransTimer?: number;
  prefixes?: (string | Init<Pio, 'prefix'>)[];
  routes?: (string | Init<RouteInfo, 'prefix'>)[];
  mtu?: number;
  rdnss?: string[];
  dnssl?: string[];
}

/** An RA from our link-local address with the source link-layer option and whatever else is given. */
export function routerAdvertisement(o: RaOpts): FrameInit {
  const obj = <T extends { prefix: string }>(x: string | T) => (typeof x === 'string' ? { prefix: x } : x);
  return {
    eth: eth(o),
    ipv6: { src: o.src ?? linkLocal(o.mac), dst: o.dst ?? 'ff02::1', hopLimit: 255 },
    icmp6: {
      type: 'ra',
      routerLifetime: o.lifetime,
      managed: o.managed,
      other: o.other,
      preference: o.preference,
      reachableTime: o.reachableTime,
      retransTimer: o.retransTimer,
      options: {
        sourceLla: o.mac,
        mtu: o.mtu,
        prefix: o.prefixes?.map(obj),
        route: o.routes?.map(obj),
        rdnss: o.rdnss && [{ servers: o.rdnss }],
        dnssl: o.dnssl && [{ domains: o.dnssl }],
      },
    },
  };
}

/** An NS for `target`, to its solicited-node group; from :: (duplicate address detection) it
 * carries no source link-layer option, as RFC 4861 §4.3 requires. */
export function neighborSolicitation(o: Link & { target: string; src?: string }): FrameInit {
  const src = o.src ?? linkLocal(o.mac);
  return {
    eth: eth(o),
    ipv6: { src, dst: solicitedNode(o.target), hopLimit: 255 },
    icmp6: { type: 'ns', target: o.target, options: { sourceLla: src === '::' ? undefined : o.mac } },
  };
}

/** An NA for `target` at our MAC; unsolicited to ff02::1 unless `dst` is given. */
export function neighborAdvertisement(o: Link & { target: string; src?: string; dst?: string; router?: boolean; solicited?: boolean }): FrameInit {
  return {
    eth: eth(o),
    ipv6: { src: o.src ?? o.target, dst: o.dst ?? 'ff02::1', hopLimit: 255 },
    icmp6: { type: 'na', target: o.target, router: o.router, solicited: o.solicited, override: true, options: { targetLla: o.mac } },
  };
}

/** Who has `target`? tell `ip` (at `mac`). */
export function arpRequest(o: Link & { ip: string; target: string }): FrameInit {
  return { eth: eth(o), arp: { op: 'request', senderMac: o.mac, senderIp: o.ip, targetIp: o.target } };
}

/** `ip` is at `mac`, to the asker. */
export function arpReply(o: Link & { ip: string; targetMac: string; targetIp: string }): FrameInit {
  return { eth: eth(o), arp: { op: 'reply', senderMac: o.mac, senderIp: o.ip, targetMac: o.targetMac, targetIp: o.targetIp } };
}

export interface EchoOpts extends Link {
  src?: string;
  dst: string;
  id?: number;
  seq?: number;
  data?: Uint8Array;
}

/** An ICMPv6 echo request, from our link-local address unless `src` is given. */
export function echoRequest6(o: EchoOpts): FrameInit {
  return { eth: eth(o), ipv6: { src: o.src ?? linkLocal(o.mac), dst: o.dst }, icmp6: { type: 'echo-request', id: o.id ?? 1, seq: o.seq ?? 1, data: o.data } };
}

/** An ICMP echo request. */
export function echoRequest4(o: EchoOpts & { src: string }): FrameInit {
  return { eth: eth(o), ipv4: { src: o.src, dst: o.dst }, icmp4: { type: 'echo-request', id: o.id ?? 1, seq: o.seq ?? 1, data: o.data } };
}

export interface TcpOpts extends Link {
  src: string;
  dst: string;
  srcPort?: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  data?: Uint8Array;
}

/** A TCP segment over IPv4 or IPv6 (by the addresses' family). */
export function tcpSegment(flags: string, o: TcpOpts & { options?: Uint8Array }): FrameInit {
  return {
    eth: eth(o),
    ...ip(o.src, o.dst),
    tcp: { srcPort: o.srcPort ?? 40000, dstPort: o.dstPort, seq: o.seq, ack: o.ack, flags, options: o.options },
    payload: o.data,
  };
}
/** A SYN probe with an MSS option, as a connecting host sends. */
export const tcpSyn = (o: TcpOpts & { mss?: number }): FrameInit => tcpSegment('S', { options: tcpMss(o.mss ?? 1460), ...o });
export const tcpRst = (o: TcpOpts): FrameInit => tcpSegment('R', o);

/** A UDP datagram over IPv4 or IPv6. */
export function udpDatagram(o: Link & { src: string; dst: string; srcPort: number; dstPort: number; data?: Uint8Array }): FrameInit {
  return { eth: eth(o), ...ip(o.src, o.dst), udp: { srcPort: o.srcPort, dstPort: o.dstPort }, payload: o.data };
}

/** A PPPoE discovery frame; PADI goes to broadcast, the rest need `dstMac`. */
export function pppoeDiscovery(code: PppoeCode, o: Link & { session?: number; tags?: PppoeTags }): FrameInit {
  return { eth: eth(o), pppoe: { code, session: o.session, tags: o.tags } };
}
/** A PADI asking for any service (or `serviceName`). */
export const padi = (o: Link & { serviceName?: string; hostUniq?: Uint8Array }): FrameInit =>
  pppoeDiscovery('padi', { ...o, tags: { serviceName: o.serviceName ?? '', hostUniq: o.hostUniq } });
export const padr = (o: Link & { dstMac: string; serviceName?: string; acCookie?: Uint8Array; hostUniq?: Uint8Array }): FrameInit =>
  pppoeDiscovery('padr', { ...o, tags: { serviceName: o.serviceName ?? '', hostUniq: o.hostUniq, acCookie: o.acCookie } });
export const padt = (o: Link & { dstMac: string; session: number }): FrameInit => pppoeDiscovery('padt', o);

/** A PPP packet (LCP, PAP, CHAP, IPCP, IPv6CP) in a PPPoE session. */
export function pppSession(o: Link & { dstMac: string; session: number; ppp: PppInit }): FrameInit {
  return { eth: eth(o), pppoe: { code: 'session', session: o.session }, ppp: o.ppp };
}
