// The IPv6 header (RFC 8200) and enough of its extension headers — hop-by-hop and destination
// options, routing, fragment — to forge them and to find the upper layer behind them. `protocol`
// is that upper layer's number; the Next Header chain in between is derived from `ext`.

import { readIp6, writeIp6 } from './addr.ts';
import { DecodeError, get16, get32, names, need, put16, put32, sum16, sum32, writeBytes, zero, type Cursor, type Init } from './bytes.ts';
import { one, optionTable, readOptions, u16, writeOptions, type OptionsOf } from './tlv.ts';

export const EXT_HEADER = names('IPv6 extension header', { 'hop-by-hop': 0, routing: 43, fragment: 44, destination: 60 });

const OPTIONS = optionTable(
  { what: 'IPv6 option', wide: false, counts: 'value', pad: 0, skip: 1 },
  {
    /** Router Alert (RFC 2711): 0 for MLD. */
    routerAlert: one(5, u16),
  },
);
/** Hop-by-hop or destination options; Pad1/PadN are added to align and dropped when read. */
export type Ipv6Options = OptionsOf<typeof OPTIONS.specs>;

export type Ipv6Ext =
  | { type: 'hop-by-hop' | 'destination'; options: Ipv6Options }
  | { type: 'routing'; routingType: number; segmentsLeft: number; data: Uint8Array }
  | { type: 'fragment'; /** in bytes, a multiple of 8 */ offset: number; more: boolean; id: number };

export interface Ipv6 {
  src: string;
  dst: string;
  hopLimit: number;
  trafficClass: number;
  flowLabel: number;
  /** The upper layer's protocol number, after any extension headers; derived when encoding. */
  protocol: number;
  ext?: Ipv6Ext[];
  /** Forces the payload length field (to forge a wrong one). */
  payloadLength?: number;
}

export type Ipv6Init = Init<Ipv6, 'src' | 'dst'>;

export function readIpv6(c: Cursor): Ipv6 {
  const { b } = c;
  let off = c.off;
  need(off, 40, c.end, 'IPv6 header');
  if (b[off] >> 4 !== 6) throw new DecodeError(`IP version ${b[off] >> 4} in an IPv6 packet`, off);
  const plen = get16(b, off + 4);
  if (off + 40 + plen > c.end) throw new DecodeError(`IPv6 payload length ${plen} exceeds the ${c.end - off - 40} bytes there`, off + 4);
  const vtf = get32(b, off);
  const ip: Ipv6 = {
    src: readIp6(b, off + 8),
    dst: readIp6(b, off + 24),
    hopLimit: b[off + 7],
    trafficClass: (vtf >>> 20) & 0xff,
    flowLabel: vtf & 0xfffff,
    protocol: b[off + 6],
  };
  c.pseudo = sum32(b, off + 8);
  c.end = off + 40 + plen;
  off += 40;
  for (let type = EXT_HEADER.name(ip.protocol); typeof type === 'string'; type = EXT_HEADER.name(ip.protocol)) {
    need(off, 8, c.end, 'IPv6 extension header', type);
    const size = type === 'fragment' ? 8 : (b[off + 1] + 1) * 8;
    need(off, size, c.end, 'IPv6 extension header', type);
    ip.protocol = b[off];
    (ip.ext ??= []).push(
      type === 'fragment'
        ? { type, offset: get16(b, off + 2) & 0xfff8, more: (b[off + 3] & 1) === 1, id: get32(b, off + 4) }
        : type === 'routing'
          ? { type, routingType: b[off + 2], segmentsLeft: b[off + 3], data: b.subarray(off + 4, off + size) }
          : { type, options: readOptions(OPTIONS, b, off + 2, off + size) },
    );
    off += size;
  }
  c.off = off;
  return ip;
}

/** Whether a fragment header says the payload is not a whole upper-layer message. */
export function isFragment6(ip: Ipv6): boolean {
  return ip.ext?.some((e) => e.type === 'fragment' && (e.more || e.offset !== 0)) ?? false;
}

/** Writes the header and extension headers; `sealIpv6` fills in the payload length. */
const NO_EXT: Ipv6Ext[] = [];

export function writeIpv6(b: Buffer, off: number, ip: Ipv6Init, protocol: number): number {
  const ext = ip.ext ?? NO_EXT;
  const upper = ip.protocol ?? protocol;
  put32(b, off, (6 << 28) | ((ip.trafficClass ?? 0) << 20) | ((ip.flowLabel ?? 0) & 0xfffff));
  b[off + 6] = ext.length ? EXT_HEADER.num(ext[0].type) : upper;
  b[off + 7] = ip.hopLimit ?? 64;
  writeIp6(b, off + 8, ip.src);
  writeIp6(b, off + 24, ip.dst);
  off += 40;
  for (let i = 0; i < ext.length; i++) off = writeExt(b, off, ext[i], i + 1 < ext.length ? EXT_HEADER.num(ext[i + 1].type) : upper);
  return off;
}

function writeExt(b: Buffer, off: number, e: Ipv6Ext, next: number): number {
  b[off] = next;
  if (e.type === 'fragment') {
    b[off + 1] = 0;
    put16(b, off + 2, (e.offset & 0xfff8) | (e.more ? 1 : 0));
    put32(b, off + 4, e.id >>> 0);
    return off + 8;
  }
  let end: number;
  if (e.type === 'routing') {
    b[off + 2] = e.routingType;
    b[off + 3] = e.segmentsLeft;
    end = writeBytes(b, off + 4, e.data);
    const padded = off + ((end - off + 7) & ~7);
    zero(b, end, padded);
    end = padded;
  } else {
    end = writeOptions(OPTIONS, b, off + 2, e.options);
    const gap = (8 - ((end - off) & 7)) & 7;
    if (gap === 1) b[end++] = 0;
    else if (gap > 1) {
      b[end] = 1;
      b[end + 1] = gap - 2;
      zero(b, end + 2, end + gap);
      end += gap;
    }
  }
  b[off + 1] = (end - off) / 8 - 1;
  return end;
}

export function sealIpv6(b: Buffer, start: number, end: number, ip: Ipv6Init): void {
  put16(b, start + 4, ip.payloadLength ?? end - start - 40);
}

export function pseudo6(b: Buffer, start: number): number {
  // sum16, not sum32: encoders write into the arena, which sum16 reads by words.
  return sum16(b, start + 8, start + 40);
}
