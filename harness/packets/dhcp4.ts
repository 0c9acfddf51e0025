// DHCPv4 (RFC 2131) messages with their options by name (RFC 2132 and later): what a forged
// DHCPDISCOVER says, or what a router's DHCP server offered. Unknown options survive raw as
// `option<code>`; values over 255 bytes split and join per RFC 3396. Also usable on its own, for a
// peer that speaks DHCP over a UDP socket: `encodeDhcp4` / `decodeDhcp4`.

import { parsePrefix, readHexColon, readIp4, readMac, writeHexColon, writeIp4, writeMac } from './addr.ts';
import { DecodeError, decodeWith, encodeWith, fail, get16, get32, names, need, put16, put32, zero, type Cursor, type Init } from './bytes.ts';
import {
  bytes,
  flag,
  i32,
  ip4,
  ip4s,
  named,
  one,
  optionTable,
  readOptions,
  str,
  u16,
  u32,
  u8,
  u8s,
  writeOptions,
  type Codec,
  type OptionsInit,
  type OptionsOf,
} from './tlv.ts';

export const DHCP4_TYPE = names('DHCPv4 message type', {
  discover: 1,
  offer: 2,
  request: 3,
  decline: 4,
  ack: 5,
  nak: 6,
  release: 7,
  inform: 8,
  forcerenew: 9,
  leasequery: 10,
  leaseunassigned: 11,
  leaseunknown: 12,
  leaseactive: 13,
  bulkleasequery: 14,
  leasequerydone: 15,
  activeleasequery: 16,
  leasequerystatus: 17,
  tls: 18,
});
export type Dhcp4Type = Parameters<typeof DHCP4_TYPE.num>[0];

/** A classless static route (RFC 3442). */
export interface Route4 {
  prefix: string;
  router: string;
}

/** Room for a route's destination, zero-filled past its significant bytes; nothing lives in it between
 * calls. A Buffer, like the frames readIp4 otherwise reads (see TMP in addr.ts). */
const NET = Buffer.alloc(4);

const classlessRoutes: Codec<Route4[]> = {
  read: (b, off, end) => {
    const out: Route4[] = [];
    while (off < end) {
      const len = b[off];
      const n = (len + 7) >> 3;
      if (len > 32) throw new DecodeError(`classless route prefix length ${len}`, off);
      need(off, 1 + n + 4, end, 'classless route');
      const net = NET;
      for (let i = 0; i < 4; i++) net[i] = i < n ? b[off + 1 + i] : 0;
      out.push({ prefix: `${readIp4(net, 0)}/${len}`, router: readIp4(b, off + 1 + n) });
      off += 1 + n + 4;
    }
    return out;
  },
  write: (b, off, routes) => {
    for (const r of routes) {
      const p = parsePrefix(r.prefix);
      const n = (p.length + 7) >> 3;
      b[off] = p.length;
      b.set(p.bytes.subarray(0, n), off + 1);
      off = writeIp4(b, off + 1 + n, r.router);
    }
    return off;
  },
};

const OPTIONS = optionTable(
  { what: 'DHCPv4 option', wide: false, counts: 'value', pad: 0, stop: 255, join: true },
  {
    messageType: one(53, named(DHCP4_TYPE)),
    subnetMask: one(1, ip4),
    timeOffset: one(2, i32),
    router: one(3, ip4s),
    timeServers: one(4, ip4s),
    dns: one(6, ip4s),
    hostname: one(12, str),
    domainName: one(15, str),
    mtu: one(26, u16),
    broadcast: one(28, ip4),
    ntp: one(42, ip4s),
    vendorSpecific: one(43, bytes),
    requestedIp: one(50, ip4),
    /** Seconds. */
    leaseTime: one(51, u32),
    overload: one(52, u8),
    serverId: one(54, ip4),
    /** Codes of the options the client wants. */
    paramRequest: one(55, u8s),
    message: one(56, str),
    maxMessageSize: one(57, u16),
    /** T1, seconds. */
    renewalTime: one(58, u32),
    /** T2, seconds. */
    rebindingTime: one(59, u32),
    vendorClass: one(60, str),
    /** Usually 01 followed by the MAC. */
    clientId: one(61, bytes),
    tftpServer: one(66, str),
    bootfile: one(67, str),
    rapidCommit: one(80, flag),
    clientFqdn: one(81, bytes),
    relayAgent: one(82, bytes),
    ipv6OnlyPreferred: one(108, u32),
    captivePortal: one(114, str),
    domainSearch: one(119, bytes),
    classlessRoutes: one(121, classlessRoutes),
  },
);
export type Dhcp4Options = OptionsOf<typeof OPTIONS.specs>;
export type Dhcp4OptionsInit = OptionsInit<typeof OPTIONS.specs>;

export interface Dhcp4 {
  /** 1 BOOTREQUEST, 2 BOOTREPLY; derived from the message type when encoding. */
  op: number;
  htype: number;
  hops: number;
  xid: number;
  secs: number;
  broadcast: boolean;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  /** Client hardware address, `hlen` bytes as colon hex (a MAC on Ethernet). */
  chaddr: string;
  sname: string;
  file: string;
  options: Dhcp4Options;
}

export type Dhcp4Init = Init<Omit<Dhcp4, 'options'>, 'chaddr'> & { options?: Dhcp4OptionsInit };

const MAGIC = 0x63825363;
const NO_OPTIONS: Dhcp4OptionsInit = {};
const FIXED = 236;

/** Whether a DHCPv4 message type travels client to server (ports 68 → 67). */
export function dhcp4FromClient(m: { op?: number; options?: { messageType?: Dhcp4Type } }): boolean {
  if (m.op !== undefined) return m.op === 1;
  // The messages a client sends; everything else comes from a server (or relay). Names and
  // numbers apart, so that each comparison is of one kind.
  const t = m.options?.messageType ?? 'discover';
  if (typeof t === 'number') return t === 1 || t === 3 || t === 4 || t === 7 || t === 8;
  return t === 'discover' || t === 'request' || t === 'decline' || t === 'release' || t === 'inform';
}

function cstring(b: Buffer, off: number, len: number): string {
  if (b[off] === 0) return ''; // the usual case, and the cheap one
  const nul = b.indexOf(0, off);
  return b.toString('latin1', off, nul < 0 || nul > off + len ? off + len : nul);
}

export function readDhcp4(c: Cursor): Dhcp4 {
  const { b, off, end } = c;
  need(off, FIXED + 4, end, 'DHCPv4 message');
  if (get32(b, off + FIXED) !== MAGIC) throw new DecodeError('no DHCP magic cookie (a plain BOOTP message?)', off + FIXED);
  const hlen = Math.min(b[off + 2], 16);
  const m: Dhcp4 = {
    op: b[off],
    htype: b[off + 1],
    hops: b[off + 3],
    xid: get32(b, off + 4),
    secs: get16(b, off + 8),
    broadcast: (b[off + 10] & 0x80) !== 0,
    ciaddr: readIp4(b, off + 12),
    yiaddr: readIp4(b, off + 16),
    siaddr: readIp4(b, off + 20),
    giaddr: readIp4(b, off + 24),
    chaddr: hlen === 6 ? readMac(b, off + 28) : readHexColon(b, off + 28, hlen),
    sname: cstring(b, off + 44, 64),
    file: cstring(b, off + 108, 128),
    options: readOptions(OPTIONS, b, off + FIXED + 4, end),
  };
  c.off = end;
  return m;
}

export function writeDhcp4(b: Buffer, off: number, m: Dhcp4Init): number {
  // The whole 300 bytes of a BOOTP message zeroed at once: the fixed part, and the padding
  // after the options (which only ever write up to where they end).
  zero(b, off, off + 300);
  b[off] = m.op ?? (dhcp4FromClient(m) ? 1 : 2);
  b[off + 1] = m.htype ?? 1;
  // Called by name, not through a conditional expression: V8 inlines the one and not the other.
  b[off + 2] = (m.chaddr.length === 17 ? writeMac(b, off + 28, m.chaddr) : writeHexColon(b, off + 28, m.chaddr)) - off - 28;
  if (b[off + 2] > 16) fail(`chaddr "${m.chaddr}" is longer than 16 bytes`);
  b[off + 3] = m.hops ?? 0;
  put32(b, off + 4, (m.xid ?? 0) >>> 0);
  put16(b, off + 8, m.secs ?? 0);
  if (m.broadcast) b[off + 10] = 0x80;
  // An address left out is 0.0.0.0, which the zeroed fixed part already says.
  if (m.ciaddr != null) writeIp4(b, off + 12, m.ciaddr);
  if (m.yiaddr != null) writeIp4(b, off + 16, m.yiaddr);
  if (m.siaddr != null) writeIp4(b, off + 20, m.siaddr);
  if (m.giaddr != null) writeIp4(b, off + 24, m.giaddr);
  if (m.sname) b.write(m.sname, off + 44, 63, 'latin1');
  if (m.file) b.write(m.file, off + 108, 127, 'latin1');
  put32(b, off + FIXED, MAGIC);
  let end = writeOptions(OPTIONS, b, off + FIXED + 4, m.options ?? NO_OPTIONS);
  b[end++] = 255;
  // Pad to the 300 bytes of a BOOTP message, as ISC dhclient does; some servers insist.
  return end - off < 300 ? off + 300 : end;
}

/** Where sname and file lie in a message, and whether writeDhcp4 leaves them zeros for `m` (it
 * does unless `m` names a server or a boot file): 192 of the 300 bytes, which a checksum may skip. */
export const DHCP4_NAMES = { from: 44, to: FIXED } as const;
export const dhcp4NamesZero = (m: Dhcp4Init): boolean => !m.sname && !m.file;

export const encodeDhcp4 = (m: Dhcp4Init): Buffer => encodeWith(writeDhcp4, m);
export const decodeDhcp4 = (bytes: Uint8Array): Dhcp4 => decodeWith(readDhcp4, bytes);
