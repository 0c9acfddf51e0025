// What the firewall and NAT44 cases share: endpoints on either side of the router (LAN hosts, the
// world server and more world hosts, a forger on `access` that speaks for the internet right at
// the router's WAN port, a "quiet" world endpoint that answers nothing by itself), packets forged
// from them with a tag the router leaves alone (IPv6 flow label, IPv4 identification), and the
// two things every filter case asserts: a packet crossed (seen on the far segment), or it did not
// (absent there once a later packet, one the router does forward, has crossed behind it).
import { afterAll, expect } from 'vitest';
import type { RunningTopology } from '../../harness/lab/topology.ts';
import type { Segment } from '../../harness/net/segment.ts';
import { Host } from '../../harness/host/host.ts';
import {
  arpReply,
  canonicalIp,
  decodeFrame,
  encodeFrame,
  formatIp,
  multicastMac,
  neighborAdvertisement,
  parseIp,
  parsePrefix,
  summary,
  type Decoded,
  type FrameInit,
  type Icmp4Init,
  type Icmp6Init,
  type Ipv4Init,
  type Ipv6Init,
} from '../../harness/packets/index.ts';
import { NetrigError, retry } from '../../harness/util/wait.ts';
import { Border, type Session } from '../../peers/border/index.ts';
import { WORLD } from '../../topologies/world.ts';
import { keepBorderLogs, lanClient, waitForLanIn, wanState, type LanClient, type WanState } from './wan.ts';

/** A host and where it sends routed packets: its own addresses and its next hop's MAC. */
export interface Endpoint {
  host: Host;
  ip6: string;
  ip4?: string;
  /** MAC of the next hop for IPv6 (IPv4): the router for LAN hosts, the border for world hosts. */
  gw6: string;
  gw4?: string;
}

/** The router's MAC on one of its NICs (`wan`, `lan`). */
export function routerMac(topo: RunningTopology, nic: 'wan' | 'lan'): string {
  const n = topo.router.nics.find((x) => x.name === nic);
  if (!n) throw new NetrigError(`the router has no NIC named ${nic} (has ${topo.router.nics.map((x) => x.name).join(', ')})`);
  return n.mac;
}

/** A LAN host as an endpoint: its SLAAC address and v4 lease, the router as next hop. */
export async function lanEndpoint(c: { host: Host; ip4: string; ip6: string }): Promise<Endpoint> {
  const h = c.host;
  const gw6 = h.gateway6?.mac ?? (await h.resolve6(h.gateway6!.ip));
  return { host: h, ip6: c.ip6, ip4: c.ip4, gw6, gw4: await h.resolve4(h.gateway4!) };
}

/** A world host as an endpoint (the topology's server, or one made by `worldHost`). */
export async function worldEndpoint(h: Host): Promise<Endpoint> {
  const ip6 = h.ip6.find((a) => !a.startsWith('fe80:'))!;
  return { host: h, ip6, ip4: h.ip4, gw6: await h.resolve6(WORLD.border6), gw4: await h.resolve4(WORLD.border4) };
}

/** Another internet host on `world`: 198.51.100.`n` and 3fff:ffff::`n` (in hex, as 0x21 reads). */
export async function worldHost(topo: RunningTopology, n: number): Promise<Endpoint> {
  const name = `world${n}`;
  const mac = `52:54:00:77:00:${n.toString(16).padStart(2, '0')}`;
  const h = new Host(await topo.segments.world.attach(name), name, mac).configure({
    ip4: `198.51.100.${n}/24`,
    gateway4: WORLD.border4,
    ip6: [`3fff:ffff::${n.toString(16)}/64`],
    gateway6: WORLD.border6,
  });
  return worldEndpoint(h);
}

/**
 * A world endpoint that answers nothing by itself (no RST to a SYN, no echo reply): only ARP and
 * neighbour solicitations for its addresses, so the border can deliver to it. For TCP
 * simultaneous open, where the peer must not answer the first SYN.
 */
export async function quietWorldEndpoint(topo: RunningTopology, n: number): Promise<Endpoint> {
  const name = `quiet${n}`;
  const mac = `52:54:00:77:01:${n.toString(16).padStart(2, '0')}`;
  const h = new Host(await topo.segments.world.attach(name), name, mac);
  const ip4 = `198.51.100.${n}`;
  const ip6 = canonicalIp(`3fff:ffff::${n.toString(16)}`);
  h.on(({ frame: f }) => {
    if (f.arp?.op === 'request' && f.arp.targetIp === ip4) {
      h.send(arpReply({ mac, dstMac: f.arp.senderMac, ip: ip4, targetMac: f.arp.senderMac, targetIp: f.arp.senderIp }));
    } else if (f.icmp6?.type === 'ns' && 'target' in f.icmp6 && canonicalIp(f.icmp6.target) === ip6 && f.ipv6) {
      h.send(neighborAdvertisement({ mac, dstMac: f.eth!.src, target: ip6, dst: f.ipv6.src, solicited: true }));
    }
  });
  // Ask with our own link-local source: the border's answer teaches us its MAC.
  const gw6 = await h.resolve6(WORLD.border6);
  h.configure({ ip4: `${ip4}/24`, gateway4: WORLD.border4 });
  const gw4 = await h.resolve4(WORLD.border4);
  // The Host must not answer for our addresses. Not `undefined`: Host.answer takes a TCP
  // segment as its own when `f.ipv4?.dst === this.ip4`, which an IPv6 segment and an unset ip4
  // satisfy (undefined === undefined), and would reset every SYN sent to us.
  h.ip4 = '0.0.0.0';
  return { host: h, ip6, ip4, gw6, gw4 };
}

/** A forger on `access`: sends what the internet would, straight to the router's WAN MAC. */
export async function accessForger(topo: RunningTopology): Promise<Endpoint & { routerWan: string }> {
  const h = new Host(await topo.segments.access.attach('forger'), 'forger', '52:54:00:66:00:01');
  const wan = routerMac(topo, 'wan');
  return { host: h, ip6: WORLD.server6, ip4: WORLD.server4, gw6: wan, gw4: wan, routerWan: wan };
}

/** A LAN host as `lanClient` made it, and as an endpoint. */
type LanEndpoint = Endpoint & LanClient & { ip4: string };

export interface Sides {
  /** The router's session at the border: WAN IPv4, IA_NA address, delegated prefix. */
  session(): Promise<Session & { ipv4: string; ipv6: string; prefix: string }>;
  /** LAN host `n` (1, 2…): DHCPv4 lease and a SLAAC address from the delegated prefix. */
  lan(n?: number): Promise<LanEndpoint>;
  /** The topology's world server. */
  world(): Promise<Endpoint>;
  /** Another world host (see worldHost). */
  worldHost(n: number): Promise<Endpoint>;
  /** A world endpoint that answers nothing by itself (see quietWorldEndpoint). */
  quiet(n: number): Promise<Endpoint>;
  /** The forger on access. */
  forger(): Promise<Endpoint>;
  /** The router's MACs on its NICs. */
  mac(nic: 'wan' | 'lan'): string;
}

/**
 * The endpoints of a WAN topology, each made on first use and shared by the describe's cases;
 * hosts are closed and the border's logs kept after them.
 */
export function useSides(topo: () => RunningTopology, wanDev = 'wan'): Sides {
  const hosts: Host[] = [];
  let border: Border | undefined;
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };
  const kept = async (e: Promise<Endpoint>) => {
    const x = await e;
    hosts.push(x.host);
    return x;
  };
  const sides: Sides = {
    session: () =>
      once('session', async () => {
        border = new Border(topo().border!);
        const s = await border.waitForSession({ router: topo().router, with: ['ipv4', 'ipv6', 'prefix'], timeout: 60_000 });
        // The border records the lease a moment before the router's hooks have applied it.
        let wan: WanState = {};
        await retry(async () => ((wan = await wanState(topo().router, wanDev)).ipv4 === s.ipv4 && wan.default4 ? true : undefined), {
          timeout: 20_000,
          interval: 250,
          what: `${s.ipv4} and the IPv4 default route on the router's ${wanDev}`,
          evidence: () => JSON.stringify(wan),
        });
        return { ...s, ipv4: s.ipv4!, ipv6: canonicalIp(s.ipv6!), prefix: s.prefix! };
      }),
    lan: (n = 1) =>
      once(`lan${n}`, async () => {
        const { prefix } = await sides.session();
        await waitForLanIn(topo().router, prefix);
        const c = await lanClient(topo().segments.lan, prefix, `lan${n}`, `52:54:00:c1:00:${n.toString(16).padStart(2, '0')}`);
        hosts.push(c.host);
        return { ...c, ...(await lanEndpoint(c)), ip4: c.ip4 };
      }),
    world: () => once('world', () => worldEndpoint(topo().hosts.server)),
    worldHost: (n) => once(`world${n}`, () => kept(worldHost(topo(), n))),
    quiet: (n) => once(`quiet${n}`, () => kept(quietWorldEndpoint(topo(), n))),
    forger: () => once('forger', () => kept(accessForger(topo()))),
    mac: (nic) => routerMac(topo(), nic),
  };
  afterAll(async () => {
    for (const h of hosts) h.close();
    await keepBorderLogs(border, topo().lab.artifacts, topo().router);
  });
  return sides;
}

// ---------------------------------------------------------------- forging

let nextTag = 0x10000 + Math.floor(Math.random() * 0x60000);
/** A fresh 20-bit tag for an IPv6 flow label (IPv4: the low 16 bits as identification). */
export function tag(): number {
  nextTag = nextTag >= 0xffff0 ? 0x10000 : nextTag + 1;
  return nextTag;
}

/** An IPv6 frame from `e` towards its next hop (or the group's MAC): source `e.ip6` unless `ip.src` says otherwise. */
export function frame6(e: Endpoint, ip: Partial<Ipv6Init> & { dst: string }, rest: Omit<FrameInit, 'eth' | 'ipv6'> = {}): FrameInit {
  return { eth: { src: e.host.mac, dst: multicastMac(ip.dst) ?? e.gw6 }, ipv6: { src: e.ip6, ...ip }, ...rest };
}

/** An IPv4 frame from `e` towards its next hop. */
export function frame4(e: Endpoint, ip: Partial<Ipv4Init> & { dst: string }, rest: Omit<FrameInit, 'eth' | 'ipv4'> = {}): FrameInit {
  if (!e.ip4 || !e.gw4) throw new NetrigError(`${e.host.name} has no IPv4 address or gateway`);
  return { eth: { src: e.host.mac, dst: e.gw4 }, ipv4: { src: e.ip4, ...ip }, ...rest };
}

/** Sends and returns the tag: an echo request from `e` to `dst` (IPv6, flow label = tag). */
export function echo6(e: Endpoint, dst: string, ip: Partial<Ipv6Init> = {}): number {
  const t = tag();
  e.host.send(frame6(e, { dst, flowLabel: t, ...ip }, { icmp6: { type: 'echo-request', id: t & 0xffff, seq: 1, data: new TextEncoder().encode('netrig fw') } }));
  return t;
}

/** The IP packet inside an Ethernet frame: no Ethernet header, no padding. */
export function ipPacket(frame: Uint8Array | FrameInit): Uint8Array {
  const b = frame instanceof Uint8Array ? frame : encodeFrame(frame);
  const ip = b.subarray(14);
  const len = ip[0] >> 4 === 6 ? 40 + ((ip[4] << 8) | ip[5]) : (ip[2] << 8) | ip[3];
  return ip.subarray(0, len);
}

/** The upper-layer bytes of an IPv6 frame without extension headers, checksum computed for its addresses. */
export function upperOf6(frame: FrameInit): Uint8Array {
  return ipPacket(frame).subarray(40);
}

function sum16(b: Uint8Array, acc = 0): number {
  let s = acc;
  for (let i = 0; i + 1 < b.length; i += 2) s += (b[i] << 8) | b[i + 1];
  if (b.length & 1) s += b[b.length - 1] << 8;
  return s;
}
function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}
function pseudo6(src: string, dst: string, len: number, next: number): number {
  return sum16(parseIp(src)) + sum16(parseIp(dst)) + (len >>> 16) + (len & 0xffff) + next;
}

/** A UDP-Lite datagram (RFC 3828, IP protocol 136) with its checksum over the whole datagram. */
export function udpLite(src: string, dst: string, srcPort: number, dstPort: number, data: Uint8Array): Uint8Array {
  const b = new Uint8Array(8 + data.length);
  b.set([srcPort >> 8, srcPort & 0xff, dstPort >> 8, dstPort & 0xff, 0, 0, 0, 0]);
  b.set(data, 8);
  let c = fold(sum16(b, pseudo6(src, dst, b.length, 136)));
  if (c === 0) c = 0xffff;
  b[6] = c >> 8;
  b[7] = c & 0xff;
  return b;
}

/** An ESP packet (RFC 4303, protocol 50): SPI, sequence number and opaque "ciphertext". */
export function esp(spi: number, seq: number): Uint8Array {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setUint32(0, spi);
  new DataView(b.buffer).setUint32(4, seq);
  for (let i = 8; i < b.length; i++) b[i] = (i * 37 + spi) & 0xff;
  return b;
}

/** An Authentication Header (RFC 4302, protocol 51) in front of `inner` (protocol `next`). */
export function ah(next: number, spi: number, inner: Uint8Array): Uint8Array {
  const b = new Uint8Array(24 + inner.length);
  b[0] = next;
  b[1] = 24 / 4 - 2;
  new DataView(b.buffer).setUint32(4, spi);
  new DataView(b.buffer).setUint32(8, 1);
  for (let i = 12; i < 24; i++) b[i] = 0xa5;
  b.set(inner, 24);
  return b;
}

/** A HIP packet header (RFC 7401, protocol 139): an I1 between two HITs. */
export function hip(type: number): Uint8Array {
  const b = new Uint8Array(40);
  b[0] = 59;
  b[1] = 40 / 8 - 1;
  b[2] = type & 0x7f;
  b[3] = 0x21;
  for (let i = 8; i < 40; i++) b[i] = 0x20 + i;
  return b;
}

/** A Mobility Header (RFC 6275, protocol 135): Binding Update (5) or Acknowledgement (6). */
export function mobility(type: 5 | 6, seq: number): Uint8Array {
  const b = new Uint8Array(16);
  b[0] = 59;
  b[1] = 1;
  b[2] = type;
  if (type === 5) {
    b[6] = seq >> 8;
    b[7] = seq & 0xff;
    b[8] = 0x80; // A: acknowledge
    b[11] = 60; // lifetime (4 s units)
  } else {
    b[8] = seq >> 8;
    b[9] = seq & 0xff;
    b[11] = 60;
  }
  return b;
}

/** A Shim6 payload extension header (RFC 5533, protocol 140) with nothing behind it. */
export function shim6(context: number): Uint8Array {
  const b = new Uint8Array(8);
  b[0] = 59;
  b[2] = 0x80 | ((context >> 40) & 0x7f);
  new DataView(b.buffer).setUint32(4, context >>> 0);
  return b;
}

/** CRC32c (Castagnoli, RFC 9260 Appendix A), as SCTP's checksum needs it. */
function crc32c(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0x82f63b78 & -(c & 1));
  }
  return ~c >>> 0;
}

/** An SCTP chunk (RFC 9260 §3.2): type, flags, value, padded to four bytes. */
function sctpChunk(type: number, flags: number, value: Uint8Array): Uint8Array {
  const len = 4 + value.length;
  const b = new Uint8Array((len + 3) & ~3);
  b.set([type, flags, len >> 8, len & 0xff]);
  b.set(value, 4);
  return b;
}

/** An SCTP packet (protocol 132): common header with verification tag, chunks, CRC32c. */
export function sctp(srcPort: number, dstPort: number, vtag: number, ...chunks: Uint8Array[]): Uint8Array {
  const size = chunks.reduce((n, c) => n + c.length, 12);
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  v.setUint16(0, srcPort);
  v.setUint16(2, dstPort);
  v.setUint32(4, vtag >>> 0);
  let off = 12;
  for (const c of chunks) {
    b.set(c, off);
    off += c.length;
  }
  v.setUint32(8, crc32c(b), true);
  return b;
}

const u32s = (...xs: number[]) => {
  const b = new Uint8Array(4 * xs.length);
  xs.forEach((x, i) => new DataView(b.buffer).setUint32(4 * i, x >>> 0));
  return b;
};

/** SCTP chunks of an association's setup and data (RFC 9260 §3.3). */
export const SCTP = {
  init: (tag: number, tsn: number) => sctpChunk(1, 0, Uint8Array.from([...u32s(tag, 65536), 0, 1, 0, 1, ...u32s(tsn)])),
  initAck: (tag: number, tsn: number, cookie: Uint8Array) => {
    const param = new Uint8Array((4 + cookie.length + 3) & ~3);
    param.set([0, 7, (4 + cookie.length) >> 8, (4 + cookie.length) & 0xff]); // State Cookie
    param.set(cookie, 4);
    return sctpChunk(2, 0, Uint8Array.from([...u32s(tag, 65536), 0, 1, 0, 1, ...u32s(tsn), ...param]));
  },
  cookieEcho: (cookie: Uint8Array) => sctpChunk(10, 0, cookie),
  cookieAck: () => sctpChunk(11, 0, new Uint8Array(0)),
  data: (tsn: number, payload: Uint8Array) => sctpChunk(0, 3, Uint8Array.from([...u32s(tsn), 0, 0, 0, 0, ...u32s(0), ...payload])),
};

/** A DCCP packet (RFC 4340, protocol 33) with 48-bit sequence numbers and its checksum over the whole packet. */
export function dccp(
  src: string,
  dst: string,
  o: { srcPort: number; dstPort: number; type: 'request' | 'response' | 'data' | 'ack' | 'dataack'; seq: number; ack?: number; service?: number; data?: Uint8Array },
): Uint8Array {
  const types = { request: 0, response: 1, data: 2, ack: 3, dataack: 4 };
  const acked = o.type !== 'request' && o.type !== 'data';
  const withService = o.type === 'request' || o.type === 'response';
  const hlen = 16 + (acked ? 8 : 0) + (withService ? 4 : 0);
  const data = o.data ?? new Uint8Array(0);
  const b = new Uint8Array(hlen + data.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, o.srcPort);
  v.setUint16(2, o.dstPort);
  b[4] = hlen / 4;
  b[8] = (types[o.type] << 1) | 1; // X = 1: 48-bit sequence numbers
  v.setUint16(10, Math.floor(o.seq / 2 ** 32));
  v.setUint32(12, o.seq >>> 0);
  let off = 16;
  if (acked) {
    v.setUint16(off + 2, Math.floor((o.ack ?? 0) / 2 ** 32));
    v.setUint32(off + 4, (o.ack ?? 0) >>> 0);
    off += 8;
  }
  if (withService) v.setUint32(off, o.service ?? 0x6e657472);
  b.set(data, hlen);
  const c = fold(sum16(b, pseudo6(src, dst, b.length, 33)));
  v.setUint16(6, c);
  return b;
}

/** Address `suffix` (e.g. "::1234") inside `prefix` (e.g. "3fff:100:0:1::/64"). */
export function inPrefix(prefix: string, suffix: string): string {
  const p = parsePrefix(prefix).bytes;
  const s = parseIp(suffix);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = p[i] | s[i];
  return formatIp(out);
}

// ---------------------------------------------------------------- watching

export type Seen = Decoded & { raw: Uint8Array };

/**
 * What a segment carried from one sender (the router's MAC there) since the tap was made: for
 * "this crossed" (`wait`) and "that did not cross" (`none`) about frames sent after it.
 */
export class Tap {
  private readonly start: number;
  constructor(
    readonly seg: Segment,
    readonly fromMac?: string,
  ) {
    this.start = seg.frames.length;
  }

  /** Frames since the tap was made (from `fromMac`, if given), decoded. */
  frames(): Seen[] {
    const out: Seen[] = [];
    for (const f of this.seg.frames.slice(this.start)) {
      const d = decodeFrame(f.data);
      if (!this.fromMac || d.eth?.src === this.fromMac) out.push({ ...d, raw: f.data });
    }
    return out;
  }

  /** The first frame since the tap was made that satisfies `pred`, waiting up to `timeout` ms for it. */
  async wait(pred: (f: Seen) => boolean, what: string, timeout = 5000): Promise<Seen> {
    const match = (d: Seen) => (!this.fromMac || d.eth?.src === this.fromMac) && safe(pred, d);
    const had = this.frames().find(match);
    if (had) return had;
    const f = await this.seg.next((raw) => match({ ...decodeFrame(raw.data), raw: raw.data }), {
      timeout,
      what: `${what} on ${this.seg.name}${this.fromMac ? ` from ${this.fromMac}` : ''}`,
      evidence: () => this.describe(),
    });
    return { ...decodeFrame(f.data), raw: f.data };
  }

  /** One line per frame since the tap was made that satisfies `pred`. */
  matching(pred: (f: Decoded) => boolean): string[] {
    return this.frames()
      .filter((f) => safe(pred, f))
      .map((f) => summary(f.raw));
  }

  /** Asserts that no frame since the tap was made satisfies `pred`, showing those that did. */
  none(pred: (f: Decoded) => boolean, what: string): void {
    expect(this.matching(pred), `${what} on ${this.seg.name}`).toEqual([]);
  }

  describe(n = 12): string {
    const fs = this.frames().slice(-n);
    return fs.length ? [`last ${fs.length} frames on ${this.seg.name} since the tap:`, ...fs.map((f) => `  ${summary(f.raw)}`)].join('\n') : `nothing on ${this.seg.name} since the tap`;
  }
}

function safe<T extends Decoded>(pred: (f: T) => boolean, f: T): boolean {
  try {
    return pred(f);
  } catch {
    return false;
  }
}

/** IPv6 packets carrying one of `tags` as flow label. */
export const labelled =
  (...tags: number[]) =>
  (f: Decoded): boolean =>
    f.ipv6 !== undefined && tags.includes(f.ipv6.flowLabel);

/** IPv4 packets carrying one of `tags` (low 16 bits) as identification. */
export const identified =
  (...tags: number[]) =>
  (f: Decoded): boolean =>
    f.ipv4 !== undefined && tags.map((t) => t & 0xffff).includes(f.ipv4.id);

/** ICMPv6 error `type`/`code` quoting `quoted` (an IP packet), from `src` to `dst`. */
export function icmp6Error(type: 'unreachable' | 'too-big' | 'time-exceeded' | 'param-problem' | number, code: number, quoted: Uint8Array, more: { mtu?: number; pointer?: number } = {}): Icmp6Init {
  const data = quoted.subarray(0, 1280 - 48);
  if (typeof type === 'number') return { type, code, rest: more.mtu ?? more.pointer ?? 0, data };
  return { type, code, data, ...more } as Icmp6Init;
}

/** ICMPv4 error quoting `quoted` (its header and the first bytes behind it). */
export function icmp4Error(type: 'unreachable' | 'time-exceeded' | 'param-problem', code: number, quoted: Uint8Array): Icmp4Init {
  const hl = (quoted[0] & 0xf) * 4;
  return { type, code, data: quoted.subarray(0, Math.min(quoted.length, hl + 64)) };
}

/** Addresses and ports of the packet an ICMP error quotes (its IP header and first transport bytes). */
export function quotedEnds(quoted: Uint8Array): { src: string; dst: string; srcPort: number; dstPort: number } {
  const v6 = quoted[0] >> 4 === 6;
  const hl = v6 ? 40 : (quoted[0] & 0xf) * 4;
  const at = (off: number, len: number) => formatIp(quoted.subarray(off, off + len));
  const port = (off: number) => (quoted[hl + off] << 8) | quoted[hl + off + 1];
  return v6 ? { src: at(8, 16), dst: at(24, 16), srcPort: port(0), dstPort: port(2) } : { src: at(12, 4), dst: at(16, 4), srcPort: port(0), dstPort: port(2) };
}
