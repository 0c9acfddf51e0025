// Ethernet II framing with an optional 802.1Q tag: the outermost layer of every frame a segment
// carries. `type` is the EtherType of the payload (inside the tag, if any); the frame encoder
// derives it from the layer that follows, so a caller rarely sets it.

import { readMac, writeMac } from './addr.ts';
import { need, put16, type Cursor } from './bytes.ts';

export interface Vlan {
  id: number;
  pcp: number;
  dei: boolean;
}

export interface Ethernet {
  dst: string;
  src: string;
  type: number;
  vlan?: Vlan;
}

export interface EthernetInit {
  src: string;
  /** Defaults to the broadcast or multicast MAC of the IP destination, or broadcast for ARP requests and PADI. */
  dst?: string;
  type?: number;
  vlan?: { id: number; pcp?: number; dei?: boolean };
}

export const ETHERTYPE = {
  ipv4: 0x0800,
  arp: 0x0806,
  vlan: 0x8100,
  ipv6: 0x86dd,
  pppoeDiscovery: 0x8863,
  pppoeSession: 0x8864,
} as const;

export function readEthernet(c: Cursor): Ethernet {
  const { b, off } = c;
  need(off, 14, c.end, 'Ethernet header');
  const dst = readMac(b, off);
  const src = readMac(b, off + 6);
  const type = (b[off + 12] << 8) | b[off + 13];
  if (type !== ETHERTYPE.vlan) {
    c.off = off + 14;
    return { dst, src, type };
  }
  need(off, 18, c.end, '802.1Q tagged Ethernet header');
  const tci = (b[off + 14] << 8) | b[off + 15];
  c.off = off + 18;
  return { dst, src, type: (b[off + 16] << 8) | b[off + 17], vlan: { id: tci & 0xfff, pcp: tci >> 13, dei: (tci & 0x1000) !== 0 } };
}

export function writeEthernet(b: Buffer, off: number, e: EthernetInit, dst: string, type: number): number {
  writeMac(b, off, dst);
  return writeEthernetAfterDst(b, off, e, type);
}

/** The header from the source MAC on, the destination being already at `off`. */
export function writeEthernetAfterDst(b: Buffer, off: number, e: EthernetInit, type: number): number {
  writeMac(b, off + 6, e.src);
  off += 12;
  if (e.vlan) {
    const { id, pcp = 0, dei = false } = e.vlan;
    put16(b, off, ETHERTYPE.vlan);
    put16(b, off + 2, ((pcp & 7) << 13) | (dei ? 0x1000 : 0) | (id & 0xfff));
    off += 4;
  }
  put16(b, off, type);
  return off + 2;
}
