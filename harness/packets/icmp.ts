// ICMP for IPv4 (RFC 792) and IPv6 (RFC 4443): echo, destination unreachable, packet too big,
// time exceeded, parameter problem, and — for IPv6 — the Neighbor Discovery messages of ndp.ts.
// Other types survive raw. Checksums are computed when encoding (ICMPv6 over the pseudo-header);
// decoding keeps `checksum` only when the wire's is wrong.

import { checksum, get16, get32, names, need, put16, put32, sum16, writeBytes, type Cursor } from './bytes.ts';
import { readNd, writeNd, type Nd, type NdInit } from './ndp.ts';

export const ICMP4_TYPE = names('ICMP type', { 'echo-reply': 0, unreachable: 3, 'echo-request': 8, 'time-exceeded': 11, 'param-problem': 12 });
export const ICMP6_TYPE = names('ICMPv6 type', {
  unreachable: 1,
  'too-big': 2,
  'time-exceeded': 3,
  'param-problem': 4,
  'echo-request': 128,
  'echo-reply': 129,
  rs: 133,
  ra: 134,
  ns: 135,
  na: 136,
  redirect: 137,
});

interface Checked {
  /** Forces the checksum; set by the decoder only when the wire's is wrong. */
  checksum?: number;
}
export interface Echo extends Checked {
  type: 'echo-request' | 'echo-reply';
  code: number;
  id: number;
  seq: number;
  data: Uint8Array;
}
/** An error message; `data` is as much of the offending packet as fits. */
export interface IcmpError<T extends string> extends Checked {
  type: T;
  code: number;
  /** Next-hop MTU of "fragmentation needed" (ICMPv4 unreachable code 4) and of ICMPv6 too-big. */
  mtu?: number;
  /** The offending byte of a parameter problem. */
  pointer?: number;
  data: Uint8Array;
}
/** A type this codec does not know: `rest` is the 32-bit word after the checksum. */
export interface IcmpRaw extends Checked {
  type: number;
  code: number;
  rest: number;
  data: Uint8Array;
}

export type Icmp4 = Echo | IcmpError<'unreachable' | 'time-exceeded' | 'param-problem'> | IcmpRaw;
export type Icmp6 = Echo | IcmpError<'unreachable' | 'too-big' | 'time-exceeded' | 'param-problem'> | IcmpRaw | (Nd & Checked);

type Opt<T> = T extends unknown ? Partial<T> & Pick<T, Extract<keyof T, 'type'>> : never;
export type Icmp4Init = Opt<Echo> | Opt<IcmpError<'unreachable' | 'time-exceeded' | 'param-problem'>> | Opt<IcmpRaw>;
export type Icmp6Init = Opt<Echo> | Opt<IcmpError<'unreachable' | 'too-big' | 'time-exceeded' | 'param-problem'>> | Opt<IcmpRaw> | (NdInit & Checked);

/** Reads the message from `c.off` to `c.end`; `v6` selects ICMPv6 (types, pseudo-header checksum). */
export function readIcmp(c: Cursor, v6: true): Icmp6;
export function readIcmp(c: Cursor, v6: false): Icmp4;
export function readIcmp(c: Cursor, v6: boolean): Icmp4 | Icmp6 {
  const { b, off, end } = c;
  need(off, 4, end, v6 ? 'ICMPv6 header' : 'ICMP header');
  const type = (v6 ? ICMP6_TYPE : ICMP4_TYPE).name(b[off]);
  const code = b[off + 1];
  let m: Icmp4 | Icmp6;
  if (type === 'rs' || type === 'ra' || type === 'ns' || type === 'na' || type === 'redirect') m = readNd(b, off, end, type, code);
  else {
    need(off, 8, end, 'ICMP', type);
    const rest = get32(b, off + 4);
    const data = b.subarray(off + 8, end);
    if (type === 'echo-request' || type === 'echo-reply') m = { type, code, id: rest >>> 16, seq: rest & 0xffff, data };
    else if (typeof type === 'number') m = { type, code, rest, data };
    else if (type === 'too-big' || (type === 'unreachable' && !v6 && code === 4)) m = { type, code, mtu: v6 ? rest : rest & 0xffff, data };
    else if (type === 'param-problem') m = { type, code, pointer: v6 ? rest : rest >>> 24, data };
    else m = { type, code, data };
  }
  if (checksum(sum16(b, off, end, v6 ? c.pseudo + 58 + end - off : 0)) !== 0) m.checksum = get16(b, off + 2);
  c.off = end;
  return m;
}

/** Writes the message with a zero checksum for `sealIcmp`; returns the end offset. */
export function writeIcmp(b: Buffer, off: number, m: Icmp4Init | Icmp6Init, v6: boolean): number {
  b[off] = (v6 ? ICMP6_TYPE : ICMP4_TYPE).num(m.type as never);
  b[off + 1] = m.code ?? 0;
  put16(b, off + 2, 0);
  if (m.type === 'rs' || m.type === 'ra' || m.type === 'ns' || m.type === 'na' || m.type === 'redirect') return writeNd(b, off, m);
  let rest = 0;
  if ('rest' in m) rest = m.rest ?? 0;
  else if (m.type === 'echo-request' || m.type === 'echo-reply') rest = (((m.id ?? 0) & 0xffff) << 16) | ((m.seq ?? 0) & 0xffff);
  else if ('mtu' in m && m.mtu !== undefined) rest = m.mtu;
  else if ('pointer' in m && m.pointer !== undefined) rest = v6 ? m.pointer : m.pointer << 24;
  put32(b, off + 4, rest >>> 0);
  return writeBytes(b, off + 8, m.data ?? new Uint8Array(0));
}

/** Fills in the checksum; `pseudo` is the IPv6 address sum, undefined for ICMPv4. */
export function sealIcmp(b: Buffer, start: number, end: number, m: Checked, pseudo: number | undefined): void {
  const sum = pseudo === undefined ? 0 : pseudo + 58 + end - start;
  put16(b, start + 2, m.checksum ?? checksum(sum16(b, start, end, sum)));
}
