// ARP for IPv4 over Ethernet (RFC 826): who-has requests and is-at replies. Other hardware or
// protocol types are not decoded (a DecodeError says which they were).

import { readIp4, readMac, writeIp4, writeMac } from './addr.ts';
import { DecodeError, get16, names, need, put16, put32, type Cursor, type Init } from './bytes.ts';

export const ARP_OP = names('ARP operation', { request: 1, reply: 2 });
export type ArpOp = 'request' | 'reply' | number;

export interface Arp {
  op: ArpOp;
  senderMac: string;
  senderIp: string;
  /** 00:00:00:00:00:00 in a request. */
  targetMac: string;
  targetIp: string;
}

export type ArpInit = Init<Arp, 'senderMac' | 'senderIp' | 'targetIp'>;

export function readArp(c: Cursor): Arp {
  const { b, off } = c;
  need(off, 28, c.end, 'ARP packet');
  const htype = get16(b, off);
  const ptype = get16(b, off + 2);
  if (htype !== 1 || ptype !== 0x0800 || b[off + 4] !== 6 || b[off + 5] !== 4) {
    throw new DecodeError(`ARP for hardware type ${htype} / protocol 0x${ptype.toString(16)} (lengths ${b[off + 4]}/${b[off + 5]}) is not decoded`, off);
  }
  c.off = off + 28;
  return {
    op: ARP_OP.name(get16(b, off + 6)),
    senderMac: readMac(b, off + 8),
    senderIp: readIp4(b, off + 14),
    targetMac: readMac(b, off + 18),
    targetIp: readIp4(b, off + 24),
  };
}

export function writeArp(b: Buffer, off: number, a: ArpInit): number {
  put32(b, off, 0x00010800);
  put16(b, off + 4, 0x0604);
  put16(b, off + 6, ARP_OP.num(a.op ?? 'request'));
  writeMac(b, off + 8, a.senderMac);
  writeIp4(b, off + 14, a.senderIp);
  writeMac(b, off + 18, a.targetMac ?? '00:00:00:00:00:00');
  writeIp4(b, off + 24, a.targetIp);
  return off + 28;
}
