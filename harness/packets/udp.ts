// UDP (RFC 768). Length and checksum (over the IPv4 or IPv6 pseudo-header) are computed when
// encoding; decoding keeps `checksum` only when the wire's is wrong — 0, "none", counts as wrong,
// since the encoder would have sent one. Ports default from the DHCP layer that follows, if any.

import { checksum, DecodeError, get16, need, put16, put32, sum16, type Cursor } from './bytes.ts';

export interface Udp {
  srcPort: number;
  dstPort: number;
  /** Forces the length field (to forge a wrong one). */
  length?: number;
  /** Forces the checksum; set by the decoder only when the wire's is wrong. */
  checksum?: number;
}

export type UdpInit = Partial<Udp>;

export const UDP = 17;

export function readUdp(c: Cursor): Udp {
  const { b, off } = c;
  need(off, 8, c.end, 'UDP header');
  const len = get16(b, off + 4);
  if (len < 8 || off + len > c.end) throw new DecodeError(`UDP length ${len} does not fit the ${c.end - off} bytes there`, off + 4);
  const u: Udp = { srcPort: get16(b, off), dstPort: get16(b, off + 2) };
  const wire = get16(b, off + 6);
  if (wire === 0 || checksum(sum16(b, off, off + len, c.pseudo + UDP + len)) !== 0) u.checksum = wire;
  c.off = off + 8;
  c.end = off + len;
  return u;
}

export function writeUdp(b: Buffer, off: number, srcPort: number, dstPort: number): number {
  put16(b, off, srcPort);
  put16(b, off + 2, dstPort);
  put32(b, off + 4, 0);
  return off + 8;
}

/** Fills in length and checksum; the caller may name a run `[zerosFrom, zerosTo)` of the datagram,
 * starting at an even offset in it, that it knows to be zeros, which the sum then skips. */
export function sealUdp(b: Buffer, start: number, end: number, u: UdpInit, pseudo: number, zerosFrom = end, zerosTo = end): void {
  const len = end - start;
  put16(b, start + 4, u.length ?? len);
  if (u.checksum != null) put16(b, start + 6, u.checksum);
  else put16(b, start + 6, checksum(sum16(b, zerosTo, end, sum16(b, start, zerosFrom, pseudo + UDP + len))) || 0xffff);
}
