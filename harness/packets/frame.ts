// A frame as a stack of typed layers, `{ eth, ipv6, icmp6 }`, and the two walks over it:
// `decodeFrame` from Ethernet inwards to the application, and `encodeFrame` back out, filling in
// what follows from the layers given (EtherType, protocol numbers, DHCP ports, the Ethernet
// destination of a multicast packet, lengths, checksums). Decoding never throws: what could not
// be read is the `error` of the result, with the undecoded bytes left in `payload`.

import { writeMac, writeMulticastMac } from './addr.ts';
import { ARP_OP, readArp, writeArp, type Arp, type ArpInit } from './arp.ts';
import { arenaBuffer, arenaStart, arenaTake, DecodeError, fail, toBuffer, writeBytes, zero, type Cursor } from './bytes.ts';
import { readDhcp4, writeDhcp4, dhcp4FromClient, dhcp4NamesZero, DHCP4_NAMES, type Dhcp4, type Dhcp4Init } from './dhcp4.ts';
import { readDhcp6, writeDhcp6, dhcp6FromClient, type Dhcp6, type Dhcp6Init } from './dhcp6.ts';
import { ETHERTYPE, readEthernet, writeEthernetAfterDst, type Ethernet, type EthernetInit } from './ethernet.ts';
import { readIcmp, sealIcmp, writeIcmp, type Icmp4, type Icmp4Init, type Icmp6, type Icmp6Init } from './icmp.ts';
import { isFragment4, pseudo4, readIpv4, sealIpv4, writeIpv4, type Ipv4, type Ipv4Init } from './ipv4.ts';
import { isFragment6, pseudo6, readIpv6, sealIpv6, writeIpv6, type Ipv6, type Ipv6Init } from './ipv6.ts';
import { isPppData, readPpp, writePpp, type Ppp, type PppInit } from './ppp.ts';
import { isSession, readPppoe, sealPppoe, writePppoe, type Pppoe, type PppoeInit } from './pppoe.ts';
import { readTcp, sealTcp, TCP, writeTcp, type Tcp, type TcpInit } from './tcp.ts';
import { readUdp, sealUdp, UDP, writeUdp, type Udp, type UdpInit } from './udp.ts';

export interface Frame {
  eth: Ethernet;
  arp?: Arp;
  pppoe?: Pppoe;
  ppp?: Ppp;
  ipv4?: Ipv4;
  ipv6?: Ipv6;
  icmp4?: Icmp4;
  icmp6?: Icmp6;
  udp?: Udp;
  tcp?: Tcp;
  dhcp4?: Dhcp4;
  dhcp6?: Dhcp6;
  /** Bytes after the innermost layer: TCP or UDP data, an unknown protocol, or — with `error` —
   * the layer that failed and all behind it. Decoded byte fields are views into the input. */
  payload?: Uint8Array;
}

export type Layer = Exclude<keyof Frame, 'payload'>;

/** What stopped `decodeFrame`: the layer it was reading, why, and the byte offset in the frame. */
export interface FrameError {
  layer: Layer;
  message: string;
  offset: number;
}

/** A decoded frame: every layer that could be read, and `error` if one could not. */
export interface Decoded extends Partial<Frame> {
  error?: FrameError;
}

/** A frame to forge: the layers wanted, each with only the fields that matter to the case. */
export interface FrameInit {
  eth: EthernetInit;
  arp?: ArpInit;
  pppoe?: PppoeInit;
  ppp?: PppInit;
  ipv4?: Ipv4Init;
  ipv6?: Ipv6Init;
  icmp4?: Icmp4Init;
  icmp6?: Icmp6Init;
  udp?: UdpInit;
  tcp?: TcpInit;
  dhcp4?: Dhcp4Init;
  dhcp6?: Dhcp6Init;
  payload?: Uint8Array;
}

const isDhcp4Port = (p: number) => p === 67 || p === 68;
const isDhcp6Port = (p: number) => p === 546 || p === 547;

/** The layers by number, as `step` knows them: a switch over small integer literals is a jump
 * table, where one over names compares them one by one. */
const LAYER_NAMES: readonly Layer[] = ['eth', 'arp', 'pppoe', 'ppp', 'ipv4', 'ipv6', 'icmp4', 'icmp6', 'udp', 'tcp', 'dhcp4', 'dhcp6'];

/** Reads layer number `layer` (see LAYER_NAMES) into `f` and returns the number of the layer its
 * contents say comes next, or -1. */
function step(layer: number, f: Decoded, c: Cursor): number {
  switch (layer) {
    case 0: // eth
      switch ((f.eth = readEthernet(c)).type) {
        case ETHERTYPE.ipv4:
          return 4;
        case ETHERTYPE.ipv6:
          return 5;
        case ETHERTYPE.arp:
          return 1;
        case ETHERTYPE.pppoeDiscovery:
        case ETHERTYPE.pppoeSession:
          return 2;
        default:
          return -1;
      }
    case 1: // arp
      f.arp = readArp(c);
      c.end = c.off; // the rest is Ethernet padding
      return -1;
    case 2: // pppoe
      return (f.pppoe = readPppoe(c, f.eth?.type === ETHERTYPE.pppoeSession)).tags ? -1 : 3;
    case 3: {
      // ppp
      const p = (f.ppp = readPpp(c));
      return p.protocol === 'ipv4' ? 4 : p.protocol === 'ipv6' ? 5 : -1;
    }
    case 4: {
      // ipv4
      const ip = (f.ipv4 = readIpv4(c));
      return isFragment4(ip) ? -1 : ip.protocol === TCP ? 9 : ip.protocol === UDP ? 8 : ip.protocol === 1 ? 6 : -1;
    }
    case 5: {
      // ipv6
      const ip = (f.ipv6 = readIpv6(c));
      return isFragment6(ip) ? -1 : ip.protocol === TCP ? 9 : ip.protocol === UDP ? 8 : ip.protocol === 58 ? 7 : -1;
    }
    case 6: // icmp4
      f.icmp4 = readIcmp(c, false);
      return -1;
    case 7: // icmp6
      f.icmp6 = readIcmp(c, true);
      return -1;
    case 8: {
      // udp
      const u = (f.udp = readUdp(c));
      if (isDhcp4Port(u.srcPort) && isDhcp4Port(u.dstPort)) return 10;
      if (isDhcp6Port(u.srcPort) && isDhcp6Port(u.dstPort)) return 11;
      return -1;
    }
    case 9: // tcp
      f.tcp = readTcp(c);
      return -1;
    case 10: // dhcp4
      f.dhcp4 = readDhcp4(c);
      return -1;
    case 11: // dhcp6
      f.dhcp6 = readDhcp6(c);
      return -1;
    default:
      return -1;
  }
}

const EMPTY = Buffer.alloc(0);

/** Decodes an Ethernet frame as far as it can; never throws. */
export function decodeFrame(bytes: Uint8Array): Decoded {
  const f: Decoded = {};
  // A cursor per call: a short-lived object costs less than pointing a long-lived one at each frame.
  const c: Cursor = { b: EMPTY, off: 0, end: 0, pseudo: 0 };
  let layer = 0; // eth
  let start = 0;
  let end = 0;
  try {
    const b = toBuffer(bytes);
    c.b = b;
    c.off = 0;
    c.end = b.length;
    c.pseudo = 0;
    while (layer >= 0) {
      start = c.off;
      end = c.end;
      layer = step(layer, f, c);
    }
    if (c.off < c.end) f.payload = c.b.subarray(c.off, c.end);
  } catch (e) {
    const known = e instanceof DecodeError;
    f.error = {
      layer: LAYER_NAMES[layer] ?? 'eth',
      message: known ? e.message : `decoder bug: ${e instanceof Error ? e.message : String(e)}`,
      offset: known ? e.offset : start,
    };
    if (start < end) f.payload = c.b.subarray(start, end);
  }
  return f;
}

/** Encodes a frame, padded to Ethernet's 60-byte minimum; throws on what cannot be encoded. */
export function encodeFrame(f: FrameInit): Buffer {
  const start = arenaStart();
  const b = arenaBuffer();
  const dst = f.eth.dst;
  // What cannot be derived is reported in this order: the destination, then the EtherType.
  if (dst === undefined) writeDefaultDst(b, start, f);
  const type = f.eth.type ?? etherType(f);
  if (dst !== undefined) writeMac(b, start, dst);
  let off = writeEthernetAfterDst(b, start, f.eth, type);
  if (f.arp) off = writeArp(b, off, f.arp);
  else if (f.pppoe) off = writePppoeFrame(b, off, f, f.pppoe);
  else off = writeIp(b, off, f);
  if (off < start + 60) {
    zero(b, off, start + 60);
    off = start + 60;
  }
  return arenaTake(start, off);
}

function etherType(f: FrameInit): number {
  if (f.arp) return ETHERTYPE.arp;
  if (f.pppoe) return isSession(f.pppoe) ? ETHERTYPE.pppoeSession : ETHERTYPE.pppoeDiscovery;
  if (f.ipv4) return ETHERTYPE.ipv4;
  if (f.ipv6) return ETHERTYPE.ipv6;
  return fail('eth.type is needed when no ARP, PPPoE or IP layer follows');
}

/** Writes the destination a frame without `eth.dst` implies: broadcast for ARP requests and PADI,
 * the asker for an ARP reply, the MAC of a broadcast or multicast IP destination. */
function writeDefaultDst(b: Buffer, off: number, f: FrameInit): void {
  if (f.arp) {
    if (ARP_OP.num(f.arp.op ?? 'request') === 1) writeBroadcast(b, off);
    else writeMac(b, off, f.arp.targetMac ?? fail('eth.dst or arp.targetMac is needed for an ARP reply'));
    return;
  }
  if (f.pppoe?.code === 'padi') return writeBroadcast(b, off);
  const ip = f.pppoe ? undefined : (f.ipv4?.dst ?? f.ipv6?.dst);
  if (!(ip && writeMulticastMac(b, off, ip))) fail('eth.dst is needed: only broadcast/multicast IP destinations and ARP requests and PADI imply one');
}

function writeBroadcast(b: Buffer, off: number): void {
  for (let i = 0; i < 6; i++) b[off + i] = 0xff;
}

function writePppoeFrame(b: Buffer, off: number, f: FrameInit, p: PppoeInit): number {
  const start = off;
  off = writePppoe(b, off, p);
  if (isSession(p)) {
    const ppp = f.ppp ?? (f.ipv4 ? { protocol: 'ipv4' } : f.ipv6 ? { protocol: 'ipv6' } : fail('a PPPoE session frame needs a ppp (or IP) layer'));
    off = writePpp(b, off, ppp);
    if (isPppData(ppp)) off = writeIp(b, off, f);
  }
  sealPppoe(b, start, off, p);
  return off;
}

/** The IP layer and all inside it; without one, just the payload. */
function writeIp(b: Buffer, off: number, f: FrameInit): number {
  const start = off;
  if (f.ipv4) {
    off = writeIpv4(b, off, f.ipv4, f.ipv4.protocol ?? protocolOf(f, false));
    off = writeTransport(b, off, f, pseudo4(b, start), false);
    sealIpv4(b, start, off, f.ipv4);
    return off;
  }
  if (f.ipv6) {
    off = writeIpv6(b, off, f.ipv6, f.ipv6.protocol ?? protocolOf(f, true));
    off = writeTransport(b, off, f, pseudo6(b, start), true);
    sealIpv6(b, start, off, f.ipv6);
    return off;
  }
  return payload(b, off, f);
}

function protocolOf(f: FrameInit, v6: boolean): number {
  if (f.udp || f.dhcp4 || f.dhcp6) return UDP;
  if (f.tcp) return TCP;
  if (v6 ? f.icmp6 : f.icmp4) return v6 ? 58 : 1;
  return fail(`${v6 ? 'ipv6' : 'ipv4'}.protocol is needed when no UDP, TCP or ICMP layer follows`);
}

function writeTransport(b: Buffer, off: number, f: FrameInit, pseudo: number, v6: boolean): number {
  const start = off;
  const icmp = v6 ? f.icmp6 : f.icmp4;
  if (f.udp || f.dhcp4 || f.dhcp6) {
    const u = f.udp ?? NO_UDP;
    off = writeUdp(b, off, u.srcPort ?? dhcpPort(f, true), u.dstPort ?? dhcpPort(f, false));
    const data = off;
    if (f.dhcp4 && dhcp4NamesZero(f.dhcp4)) {
      // The checksum need not read the zeros that sname and file are in most DHCPv4 messages.
      off = writeDhcp4(b, off, f.dhcp4);
      sealUdp(b, start, off, u, pseudo, data + DHCP4_NAMES.from, data + DHCP4_NAMES.to);
      return off;
    }
    off = f.dhcp4 ? writeDhcp4(b, off, f.dhcp4) : f.dhcp6 ? writeDhcp6(b, off, f.dhcp6) : payload(b, off, f);
    sealUdp(b, start, off, u, pseudo);
  } else if (f.tcp) {
    off = payload(b, writeTcp(b, off, f.tcp), f);
    sealTcp(b, start, off, f.tcp, pseudo);
  } else if (icmp) {
    off = payload(b, writeIcmp(b, off, icmp, v6), f);
    sealIcmp(b, start, off, icmp, v6 ? pseudo : undefined);
  } else off = payload(b, off, f);
  return off;
}

const NO_UDP: UdpInit = {};

/** DHCP's well-known ports, by direction: client 68/546, server 67/547. */
function dhcpPort(f: FrameInit, src: boolean): number {
  if (f.dhcp4) return dhcp4FromClient(f.dhcp4) === src ? 68 : 67;
  if (f.dhcp6) return dhcp6FromClient(f.dhcp6.type) === src ? 546 : 547;
  return fail(`udp.${src ? 'srcPort' : 'dstPort'} is needed when no DHCP layer follows`);
}

function payload(b: Buffer, off: number, f: FrameInit): number {
  return f.payload ? writeBytes(b, off, f.payload) : off;
}
