// The IPv4 header (RFC 791), options passed through as raw bytes. The total length and the header
// checksum are computed when encoding; decoding keeps `checksum` only when the wire's is wrong, so
// `ipv4.checksum !== undefined` means "bad checksum" and a decoded frame re-encodes byte for byte.

import { readIp4, writeIp4 } from './addr.ts';
import { checksum, DecodeError, get16, need, put16, sum8, sumShort, writeBytes, zero, type Cursor, type Init } from './bytes.ts';

export interface Ipv4 {
  src: string;
  dst: string;
  ttl: number;
  tos: number;
  id: number;
  df: boolean;
  mf: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset: number;
  /** The payload's protocol number; derived from the next layer when encoding. */
  protocol: number;
  /** Raw options; zero-padded to a multiple of four bytes when written. */
  options?: Uint8Array;
  /** Forces the total length field (to forge a wrong one). */
  length?: number;
  /** Forces the header checksum; set by the decoder only when the wire's is wrong. */
  checksum?: number;
}

export type Ipv4Init = Init<Ipv4, 'src' | 'dst'>;

export function readIpv4(c: Cursor): Ipv4 {
  const { b, off } = c;
  need(off, 20, c.end, 'IPv4 header');
  if (b[off] >> 4 !== 4) throw new DecodeError(`IP version ${b[off] >> 4} in an IPv4 packet`, off);
  const hl = (b[off] & 0xf) * 4;
  if (hl < 20) throw new DecodeError(`IPv4 header length ${hl} is under 20`, off);
  need(off, hl, c.end, 'IPv4 header with options');
  const total = get16(b, off + 2);
  if (total < hl || off + total > c.end) {
    throw new DecodeError(`IPv4 total length ${total} does not fit the header (${hl}) and the ${c.end - off} bytes there`, off + 2);
  }
  const frag = get16(b, off + 6);
  const ip: Ipv4 = {
    src: readIp4(b, off + 12),
    dst: readIp4(b, off + 16),
    ttl: b[off + 8],
    tos: b[off + 1],
    id: get16(b, off + 4),
    df: (frag & 0x4000) !== 0,
    mf: (frag & 0x2000) !== 0,
    fragOffset: (frag & 0x1fff) * 8,
    protocol: b[off + 9],
  };
  if (hl > 20) ip.options = b.subarray(off + 20, off + hl);
  // The addresses' sum is the pseudo-header's, and part of the header's.
  const addresses = sum8(b, off + 12);
  const fixed = sum8(b, off) + ((b[off + 8] << 8) | b[off + 9]) + ((b[off + 10] << 8) | b[off + 11]) + addresses;
  if (checksum(hl > 20 ? sumShort(b, off + 20, off + hl, fixed) : fixed) !== 0) ip.checksum = get16(b, off + 10);
  c.pseudo = addresses;
  c.off = off + hl;
  c.end = off + total;
  return ip;
}

/** Whether the packet is a fragment, whose payload is not a whole upper-layer message. */
export function isFragment4(ip: Ipv4): boolean {
  return ip.mf || ip.fragOffset !== 0;
}

/** Writes the header with the length and checksum left for `sealIpv4`; returns the payload offset. */
export function writeIpv4(b: Buffer, off: number, ip: Ipv4Init, protocol: number): number {
  const opts = ip.options;
  const hl = 20 + (opts ? (opts.length + 3) & ~3 : 0);
  b[off] = 0x40 | (hl >> 2);
  b[off + 1] = ip.tos ?? 0;
  put16(b, off + 4, ip.id ?? 0);
  put16(b, off + 6, (ip.df ? 0x4000 : 0) | (ip.mf ? 0x2000 : 0) | (((ip.fragOffset ?? 0) >> 3) & 0x1fff));
  b[off + 8] = ip.ttl ?? 64;
  b[off + 9] = ip.protocol ?? protocol;
  put16(b, off + 10, 0);
  writeIp4(b, off + 12, ip.src);
  writeIp4(b, off + 16, ip.dst);
  if (opts) zero(b, writeBytes(b, off + 20, opts), off + hl);
  return off + hl;
}

/** Fills in total length and checksum once the payload is written between the header and `end`. */
export function sealIpv4(b: Buffer, start: number, end: number, ip: Ipv4Init): void {
  const hl = (b[start] & 0xf) * 4;
  put16(b, start + 2, ip.length ?? end - start);
  put16(b, start + 10, ip.checksum ?? checksum(hl === 20 ? sum8(b, start) + sum8(b, start + 8) + ((b[start + 16] << 8) | b[start + 17]) + ((b[start + 18] << 8) | b[start + 19]) : sumShort(b, start, start + hl)));
}

/** The pseudo-header address sum of the header at `start`, for UDP/TCP checksums. */
export function pseudo4(b: Buffer, start: number): number {
  return sum8(b, start + 12);
}
