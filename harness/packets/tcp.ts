// The TCP header (RFC 9293): enough for SYN, RST and ACK probes and for reading what a router
// answers. Flags are a scapy-style string ("S", "SA", "R", "PA"; letters FSRPAUECN); options pass
// through raw (`tcpMss(1460)` makes the common one). Checksum as for UDP.

import { checksum, DecodeError, get16, get32, need, put16, put32, sum16, writeBytes, zero, type Cursor, type Init } from './bytes.ts';

export interface Tcp {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: string;
  window: number;
  urgent: number;
  /** Raw options; zero-padded to a multiple of four bytes when written. */
  options?: Uint8Array;
  /** Forces the checksum; set by the decoder only when the wire's is wrong. */
  checksum?: number;
}

export type TcpInit = Init<Tcp, 'srcPort' | 'dstPort'>;

export const TCP = 6;

const LETTERS = 'FSRPAUECN';
/** Every flag combination's string, so decoding a header allocates none. */
const FLAG_STRINGS = Array.from({ length: 512 }, (_, bits) => [...LETTERS].filter((_, i) => bits & (1 << i)).join(''));

/** Each letter's bit by character code, upper and lower case; 0 for any other character. */
const FLAG_BIT = new Uint16Array(128);
for (let i = 0; i < LETTERS.length; i++) FLAG_BIT[LETTERS.charCodeAt(i)] = FLAG_BIT[LETTERS.toLowerCase().charCodeAt(i)] = 1 << i;

export function tcpFlags(flags: string): number {
  let bits = 0;
  for (let i = 0; i < flags.length; i++) {
    const c = flags.charCodeAt(i);
    const bit = c < 128 ? FLAG_BIT[c] : 0;
    if (bit === 0) return tcpFlagsSlowly(flags);
    bits |= bit;
  }
  return bits;
}

/** Any string, letter by letter with Unicode case mapping; throws at the first non-flag. */
function tcpFlagsSlowly(flags: string): number {
  let bits = 0;
  for (const ch of flags) {
    const i = LETTERS.indexOf(ch.toUpperCase());
    if (i < 0) throw new Error(`encode: unknown TCP flag "${ch}" in "${flags}"; letters are ${LETTERS}`);
    bits |= 1 << i;
  }
  return bits;
}

/** The MSS option (kind 2) as raw option bytes. */
export function tcpMss(mss: number): Uint8Array {
  return Uint8Array.of(2, 4, mss >> 8, mss & 0xff);
}

export function readTcp(c: Cursor): Tcp {
  const { b, off, end } = c;
  need(off, 20, end, 'TCP header');
  const hl = (b[off + 12] >> 4) * 4;
  if (hl < 20 || off + hl > end) throw new DecodeError(`TCP data offset ${hl} does not fit the ${end - off} bytes there`, off + 12);
  const t: Tcp = {
    srcPort: get16(b, off),
    dstPort: get16(b, off + 2),
    seq: get32(b, off + 4),
    ack: get32(b, off + 8),
    flags: FLAG_STRINGS[((b[off + 12] & 1) << 8) | b[off + 13]],
    window: get16(b, off + 14),
    urgent: get16(b, off + 18),
  };
  if (hl > 20) t.options = b.subarray(off + 20, off + hl);
  if (checksum(sum16(b, off, end, c.pseudo + TCP + end - off)) !== 0) t.checksum = get16(b, off + 16);
  c.off = off + hl;
  return t;
}

export function writeTcp(b: Buffer, off: number, t: TcpInit): number {
  const opts = t.options;
  const hl = 20 + (opts ? (opts.length + 3) & ~3 : 0);
  const bits = tcpFlags(t.flags ?? 'S');
  put16(b, off, t.srcPort);
  put16(b, off + 2, t.dstPort);
  put32(b, off + 4, (t.seq ?? 0) >>> 0);
  put32(b, off + 8, (t.ack ?? 0) >>> 0);
  b[off + 12] = ((hl / 4) << 4) | (bits >> 8);
  b[off + 13] = bits & 0xff;
  put16(b, off + 14, t.window ?? 64240);
  put16(b, off + 16, 0);
  put16(b, off + 18, t.urgent ?? 0);
  if (opts) zero(b, writeBytes(b, off + 20, opts), off + hl);
  return off + hl;
}

export function sealTcp(b: Buffer, start: number, end: number, t: TcpInit, pseudo: number): void {
  put16(b, start + 16, t.checksum ?? checksum(sum16(b, start, end, pseudo + TCP + end - start)));
}
