// UDP (RFC 768). Length and checksum (over the IPv4 or IPv6 pseudo-header) are computed when
// encoding; decoding keeps `checksum` only when the wire's is wrong — 0, "none", counts as wrong,
// since the encoder would have sent one. Ports default from the DHCP layer that follows, if any.

import { checksum, DecodeError, need, type Cursor, sum16 } from './bytes.ts';

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
  const len = b.readUInt16BE(off + 4);
  if (len < 8 || off + len > c.end) throw new DecodeError(`UDP length ${len} does not fit the ${c.end - off} bytes there`, off + 4);
  const u: Udp = { srcPort: b.readUInt16BE(off), dstPort: b.readUInt16BE(off + 2) };
  const wire = b.readUInt16BE(off + 6);
  if (wire === 0 || checksum(sum16(b, off, off + len, c.pseudo + UDP + len)) !== 0) u.checksum = wire;
  c.off = off + 8;
  c.end = off + len;
  return u;
}

export function writeUdp(b: Buffer, off: number, srcPort: number, dstPort: number): number {
  b.writeUInt16BE(srcPort, off);
  b.writeUInt16BE(dstPort, off + 2);
  b.writeUInt32BE(0, off + 4);
  return off + 8;
}

export function sealUdp(b: Buffer, start: number, end: number, u: UdpInit, pseudo: number): void {
  const len = end - start;
  b.writeUInt16BE(u.length ?? len, start + 4);
  b.writeUInt16BE(u.checksum ?? (checksum(sum16(b, start, end, pseudo + UDP + len)) || 0xffff), start + 6);
}
