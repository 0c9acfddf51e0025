// Addresses as cases see them — MAC "52:54:00:12:34:56", IPv4 "192.0.2.1", IPv6 in RFC 5952
// form "3fff:0:0:1::1", prefixes "3fff:0:0:100::/56" — and the read/write pairs that move them in
// and out of packet bytes. Strings are what a case compares, so decoders hand out canonical ones;
// the parsers walk character codes so encoding a frame builds no intermediate arrays.

import { Buffer } from 'node:buffer';
import { fail, HEX2 } from './bytes.ts';

// Formatting addresses is the dearest part of decoding, and a segment carries the same few
// addresses over and over. So each kind keeps a small direct-mapped cache of the strings it made,
// keyed by the address bytes read as 32-bit words (one compare per word, not per byte). It is
// memory, not state: a result is the same with or without it.
const SLOT_BITS = 10;
const SLOTS = 1 << SLOT_BITS;
const MAC_KEYS = new Int32Array(SLOTS * 2);
const MAC_STRINGS = new Array<string | undefined>(SLOTS).fill(undefined);
const IP4_KEYS = new Int32Array(SLOTS);
const IP4_STRINGS = new Array<string | undefined>(SLOTS).fill(undefined);
const IP6_KEYS = new Int32Array(SLOTS * 4);
const IP6_STRINGS = new Array<string | undefined>(SLOTS).fill(undefined);
const PREFIX6_KEYS = new Int32Array(SLOTS * 5);
const PREFIX6_STRINGS = new Array<string | undefined>(SLOTS).fill(undefined);

const word = (b: Uint8Array, off: number) => (b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3];

// Encoding meets the same few address strings over and over too: their bytes are remembered,
// up to a bound (then forgotten wholesale). Only strings that parsed are kept, so errors repeat.
// IPv4 addresses and MACs are kept as numbers (no object per entry), IPv6 addresses as four words.
const MACS = new Map<string, number>();
const IP4S = new Map<string, number>();
const IP6S = new Map<string, Int32Array>();
/** A prefix's address as four words, then its length. */
const PREFIX6S = new Map<string, Int32Array>();
const REMEMBER = 4096;

/** Bytes in hex without leading zeros: Number#toString(16) per group is the slow part of formatting. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16));

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Bytes as colon-separated hex pairs: a MAC, or any link-layer address (DUID, chaddr). */
export function readHexColon(b: Uint8Array, off: number, len: number): string {
  return len === 6 ? readMac(b, off) : hexColon(b, off, len);
}

function hexColon(b: Uint8Array, off: number, len: number): string {
  if (len <= 0) return '';
  let s = HEX2[b[off]];
  for (let i = 1; i < len; i++) s += ':' + HEX2[b[off + i]];
  return s;
}

/** Writes "aa:bb:cc…" (":" or "-" between bytes of one or two digits); returns the end offset. */
export function writeHexColon(b: Uint8Array, off: number, s: string): number {
  if (s.length === 17) {
    const known = MACS.get(s);
    if (known !== undefined) return putMac(b, off, known);
  }
  let n = 0;
  let v = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 58;
    if (c === 58 || c === 45) {
      if (digits === 0) {
        if (s.length === 0) return off;
        fail(`bad hardware address "${s}"`);
      }
      b[off + n++] = v;
      v = 0;
      digits = 0;
    } else {
      const h = hexDigit(c);
      if (h < 0 || digits === 2) fail(`bad hardware address "${s}"`);
      v = v * 16 + h;
      digits++;
    }
  }
  return off + n;
}

export function readMac(b: Uint8Array, off: number): string {
  // The reads by word and the slot's hash (a multiplicative one) are written out in the readers,
  // not called: they run for every address decoded, and V8 does not always inline a call into
  // the large functions that decode.
  const hi = (b[off] << 8) | b[off + 1];
  const lo = (b[off + 2] << 24) | (b[off + 3] << 16) | (b[off + 4] << 8) | b[off + 5];
  const slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - SLOT_BITS);
  const cached = MAC_STRINGS[slot];
  if (cached !== undefined && MAC_KEYS[2 * slot] === hi && MAC_KEYS[2 * slot + 1] === lo) return cached;
  const s = hexColon(b, off, 6);
  MAC_KEYS[2 * slot] = hi;
  MAC_KEYS[2 * slot + 1] = lo;
  MAC_STRINGS[slot] = s;
  return s;
}

export function writeMac(b: Uint8Array, off: number, mac: string): number {
  const known = MACS.get(mac);
  if (known !== undefined) return putMac(b, off, known);
  const end = parseMac(b, off, mac);
  if (MACS.size >= REMEMBER) MACS.clear();
  MACS.set(mac, ((b[off] << 8) | b[off + 1]) * 0x100000000 + (word(b, off + 2) >>> 0));
  return end;
}

function parseMac(b: Uint8Array, off: number, mac: string): number {
  if (mac.length === 17) {
    // The usual "52:54:00:12:34:56", parsed without the general loop.
    let ok = true;
    for (let i = 0; i < 6 && ok; i++) {
      const hi = hexDigit(mac.charCodeAt(3 * i));
      const lo = hexDigit(mac.charCodeAt(3 * i + 1));
      ok = hi >= 0 && lo >= 0 && (i === 5 || mac.charCodeAt(3 * i + 2) === 58);
      b[off + i] = (hi << 4) | lo;
    }
    if (ok) return off + 6;
  }
  const end = writeHexColon(b, off, mac);
  if (end - off !== 6) fail(`bad MAC address "${mac}": want six bytes like 52:54:00:12:34:56`);
  return end;
}

/** Writes a MAC kept as a 48-bit number. */
function putMac(b: Uint8Array, off: number, v: number): number {
  const hi = Math.floor(v / 0x100000000);
  b[off] = hi >>> 8;
  b[off + 1] = hi;
  b[off + 2] = v >>> 24;
  b[off + 3] = v >>> 16;
  b[off + 4] = v >>> 8;
  b[off + 5] = v;
  return off + 6;
}

export function readIp4(b: Uint8Array, off: number): string {
  const v = (b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3];
  const slot = Math.imul(v, 0x9e3779b1) >>> (32 - SLOT_BITS);
  const cached = IP4_STRINGS[slot];
  if (cached !== undefined && IP4_KEYS[slot] === v) return cached;
  const s = formatIp4(b, off);
  IP4_KEYS[slot] = v;
  IP4_STRINGS[slot] = s;
  return s;
}
const formatIp4 = (b: Uint8Array, off: number) => b[off] + '.' + b[off + 1] + '.' + b[off + 2] + '.' + b[off + 3];

export function writeIp4(b: Uint8Array, off: number, s: string): number {
  const known = IP4S.get(s);
  if (known !== undefined) {
    b[off] = known >>> 24;
    b[off + 1] = known >>> 16;
    b[off + 2] = known >>> 8;
    b[off + 3] = known;
    return off + 4;
  }
  const end = parseIp4(b, off, s);
  if (IP4S.size >= REMEMBER) IP4S.clear();
  IP4S.set(s, word(b, off));
  return end;
}

function parseIp4(b: Uint8Array, off: number, s: string): number {
  let n = 0;
  let v = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || n === 4) fail(`bad IPv4 address "${s}"`);
      b[off + n++] = v;
      v = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      v = v * 10 + c - 48;
      digits++;
      if (v > 255) fail(`bad IPv4 address "${s}"`);
    } else fail(`bad IPv4 address "${s}"`);
  }
  if (n !== 4) fail(`bad IPv4 address "${s}"`);
  return off + 4;
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::"
 * (the first if tied), and IPv4-mapped addresses with a dotted tail. */
export function readIp6(b: Uint8Array, off: number): string {
  const w0 = (b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3];
  const w1 = (b[off + 4] << 24) | (b[off + 5] << 16) | (b[off + 6] << 8) | b[off + 7];
  const w2 = (b[off + 8] << 24) | (b[off + 9] << 16) | (b[off + 10] << 8) | b[off + 11];
  const w3 = (b[off + 12] << 24) | (b[off + 13] << 16) | (b[off + 14] << 8) | b[off + 15];
  const slot = Math.imul(w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f), 0x9e3779b1) >>> (32 - SLOT_BITS);
  const cached = IP6_STRINGS[slot];
  const k = 4 * slot;
  if (cached !== undefined && IP6_KEYS[k] === w0 && IP6_KEYS[k + 1] === w1 && IP6_KEYS[k + 2] === w2 && IP6_KEYS[k + 3] === w3) return cached;
  const s = formatIp6(b, off);
  IP6_KEYS[k] = w0;
  IP6_KEYS[k + 1] = w1;
  IP6_KEYS[k + 2] = w2;
  IP6_KEYS[k + 3] = w3;
  IP6_STRINGS[slot] = s;
  return s;
}

/** "addr/len" for the 16 address bytes at `off` and the prefix length `len`, as readIp6 writes the address. */
export function readPrefix6(b: Uint8Array, off: number, len: number): string {
  const w0 = (b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3];
  const w1 = (b[off + 4] << 24) | (b[off + 5] << 16) | (b[off + 6] << 8) | b[off + 7];
  const w2 = (b[off + 8] << 24) | (b[off + 9] << 16) | (b[off + 10] << 8) | b[off + 11];
  const w3 = (b[off + 12] << 24) | (b[off + 13] << 16) | (b[off + 14] << 8) | b[off + 15];
  const slot = Math.imul(w0 ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w2, 0xc2b2ae35) ^ Math.imul(w3, 0x27d4eb2f) ^ Math.imul(len + 1, 0x165667b1), 0x9e3779b1) >>> (32 - SLOT_BITS);
  const cached = PREFIX6_STRINGS[slot];
  const k = 5 * slot;
  if (cached !== undefined && PREFIX6_KEYS[k] === w0 && PREFIX6_KEYS[k + 1] === w1 && PREFIX6_KEYS[k + 2] === w2 && PREFIX6_KEYS[k + 3] === w3 && PREFIX6_KEYS[k + 4] === len) return cached;
  const s = `${readIp6(b, off)}/${len}`;
  PREFIX6_KEYS[k] = w0;
  PREFIX6_KEYS[k + 1] = w1;
  PREFIX6_KEYS[k + 2] = w2;
  PREFIX6_KEYS[k + 3] = w3;
  PREFIX6_KEYS[k + 4] = len;
  PREFIX6_STRINGS[slot] = s;
  return s;
}

function formatIp6(b: Uint8Array, off: number): string {
  let best = -1;
  let bestLen = 1;
  let run = -1;
  for (let g = 0; g < 8; g++) {
    if (b[off + 2 * g] === 0 && b[off + 2 * g + 1] === 0) {
      if (run < 0) run = g;
      if (g - run + 1 > bestLen) {
        best = run;
        bestLen = g - run + 1;
      }
    } else run = -1;
  }
  if (best === 0 && bestLen === 5 && b[off + 10] === 0xff && b[off + 11] === 0xff) {
    return '::ffff:' + readIp4(b, off + 12);
  }
  let s = '';
  for (let g = 0; g < 8; g++) {
    if (g === best) {
      s += '::';
      g += bestLen - 1;
      continue;
    }
    if (s.length > 0 && g !== best + bestLen) s += ':';
    const hi = b[off + 2 * g];
    s += hi === 0 ? HEX[b[off + 2 * g + 1]] : HEX[hi] + HEX2[b[off + 2 * g + 1]];
  }
  return s;
}

// A plain function rather than a closure in writeIp6: the parser runs for every address encoded.
function badIp6(s: string): never {
  return fail(`bad IPv6 address "${s}"`);
}

/** Parses any textual IPv6 form (RFC 4291 §2.2, including a dotted IPv4 tail) into 16 bytes. */
export function writeIp6(b: Uint8Array, off: number, s: string): number {
  const known = IP6S.get(s);
  if (known !== undefined) return putWords(b, off, known);
  const end = parseIp6(b, off, s);
  if (IP6S.size >= REMEMBER) IP6S.clear();
  IP6S.set(s, Int32Array.of(word(b, off), word(b, off + 4), word(b, off + 8), word(b, off + 12)));
  return end;
}

/** Writes the first four words of `w` big-endian at `off`; returns the end offset. */
function putWords(b: Uint8Array, off: number, w: Int32Array): number {
  for (let k = 0; k < 4; k++) {
    const v = w[k];
    b[off] = v >>> 24;
    b[off + 1] = v >>> 16;
    b[off + 2] = v >>> 8;
    b[off + 3] = v;
    off += 4;
  }
  return off;
}

function parseIp6(b: Uint8Array, off: number, s: string): number {
  const n = s.length;
  let i = 0;
  let g = 0;
  let gap = -1;
  if (n >= 2 && s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) badIp6(s);
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let v = 0;
    let j = i;
    for (; j < n && j - i < 5; j++) {
      const h = hexDigit(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
    }
    if (j < n && s.charCodeAt(j) === 46) {
      if (g > 6) badIp6(s);
      writeIp4(b, off + 2 * g, s.slice(i));
      g += 2;
      break;
    }
    if (j === i || j - i > 4 || g === 8) badIp6(s);
    b[off + 2 * g] = v >> 8;
    b[off + 2 * g + 1] = v & 0xff;
    g++;
    i = j;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) badIp6(s);
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) badIp6(s);
      gap = g;
      i++;
    } else if (i === n) badIp6(s);
  }
  if (gap < 0) {
    if (g !== 8) badIp6(s);
  } else {
    if (g > 7) badIp6(s);
    // Move the groups after "::" to the end, then zero the gap (by hand: these runs are short).
    const from = off + 2 * gap;
    const to = off + 16 - 2 * (g - gap);
    for (let k = off + 2 * g - 1; k >= from; k--) b[k + to - from] = b[k];
    for (let k = from; k < to; k++) b[k] = 0;
  }
  return off + 16;
}

/** Splits "addr/len"; the address is written at `off`, the length returned. */
export function writePrefix6(b: Uint8Array, off: number, prefix: string): number {
  const known = PREFIX6S.get(prefix);
  if (known !== undefined) {
    putWords(b, off, known);
    return known[4];
  }
  const slash = prefix.indexOf('/');
  const len = slash < 0 ? NaN : Number(prefix.slice(slash + 1));
  if (!Number.isInteger(len) || len < 0 || len > 128) fail(`bad IPv6 prefix "${prefix}": want e.g. 3fff:0:0:100::/56`);
  writeIp6(b, off, prefix.slice(0, slash));
  if (PREFIX6S.size >= REMEMBER) PREFIX6S.clear();
  PREFIX6S.set(prefix, Int32Array.of(word(b, off), word(b, off + 4), word(b, off + 8), word(b, off + 12), len));
  return len;
}

export function isIp6(s: string): boolean {
  return s.includes(':');
}

/** Parses an IPv4 or IPv6 address into 4 or 16 bytes. */
export function parseIp(s: string): Uint8Array {
  // Parsed in TMP, so that the writers only ever meet Buffers (see TMP).
  const out = new Uint8Array(isIp6(s) ? 16 : 4);
  if (out.length === 16) writeIp6(TMP, 0, s);
  else writeIp4(TMP, 0, s);
  out.set(TMP.subarray(0, out.length));
  return out;
}

/** Formats 4 or 16 bytes as an address (IPv6 in RFC 5952 form). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length !== 4 && bytes.length !== 16) return fail(`an IP address has 4 or 16 bytes, not ${bytes.length}`);
  // Read from TMP, so that the readers only ever meet Buffers (see TMP).
  TMP.set(bytes);
  return bytes.length === 4 ? readIp4(TMP, 0) : readIp6(TMP, 0);
}

/** The canonical text of an address: "2001:DB8:0::01" → "2001:db8::1". */
export function canonicalIp(s: string): string {
  return formatIp(parseIp(s));
}

export interface Prefix {
  /** The address part in canonical form (host bits kept as given). */
  address: string;
  length: number;
  bytes: Uint8Array;
}

/** Parses "3fff:0:0:100::/56" or "192.0.2.0/24"; a bare address is a host prefix (/32, /128). */
export function parsePrefix(s: string): Prefix {
  const slash = s.indexOf('/');
  const bytes = parseIp(slash < 0 ? s : s.slice(0, slash));
  const max = bytes.length * 8;
  const length = slash < 0 ? max : Number(s.slice(slash + 1));
  if (!Number.isInteger(length) || length < 0 || length > max || (slash >= 0 && !/^\d+$/.test(s.slice(slash + 1)))) {
    fail(`bad prefix "${s}": want e.g. 3fff:0:0:100::/56 or 192.0.2.0/24`);
  }
  return { address: formatIp(bytes), length, bytes };
}

export function formatPrefix(p: { bytes: Uint8Array; length: number }): string {
  return `${formatIp(p.bytes)}/${p.length}`;
}

/** Whether `inner` (an address or a prefix) lies within `outer`: same family, at least as long,
 * and the first `outer.length` bits equal. */
export function prefixContains(outer: string | Prefix, inner: string | Prefix): boolean {
  const o = typeof outer === 'string' ? parsePrefix(outer) : outer;
  const i = typeof inner === 'string' ? parsePrefix(inner) : inner;
  if (o.bytes.length !== i.bytes.length || i.length < o.length) return false;
  const whole = o.length >> 3;
  for (let k = 0; k < whole; k++) if (o.bytes[k] !== i.bytes[k]) return false;
  const rest = o.length & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (o.bytes[whole] & mask) === (i.bytes[whole] & mask);
}

/** The modified EUI-64 interface identifier of a MAC (RFC 4291 appendix A), as 8 bytes. */
export function eui64(mac: string): Uint8Array {
  const m = TMP;
  writeMac(m, 0, mac);
  return Uint8Array.of(m[0] ^ 0x02, m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]);
}

/** The address SLAAC forms from a /64 prefix and a MAC; `linkLocal(mac)` is it for fe80::/64. */
export function slaacAddress(prefix: string, mac: string): string {
  const p = parsePrefix(prefix);
  if (p.bytes.length !== 16 || p.length !== 64) fail(`SLAAC wants an IPv6 /64, not "${prefix}"`);
  p.bytes.set(eui64(mac), 8);
  return formatIp(p.bytes);
}

export function linkLocal(mac: string): string {
  return slaacAddress('fe80::/64', mac);
}

/** The solicited-node multicast group of an IPv6 address (ff02::1:ffXX:XXXX), where NS go. */
export function solicitedNode(ip6: string): string {
  const a = parseIp(ip6);
  const g = Uint8Array.of(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, a[13], a[14], a[15]);
  return formatIp(g);
}

/** Whether an address is multicast (or, for IPv4, the limited broadcast). */
export function isMulticast(ip: string): boolean {
  const a = parseIp(ip);
  return a.length === 16 ? a[0] === 0xff : a[0] >= 224;
}

/** The Ethernet destination for a multicast or broadcast IP (RFC 2464 §7, RFC 1112 §6.4);
 * undefined for a unicast address, whose MAC only ARP/NDP can tell. */
export function multicastMac(ip: string): string | undefined {
  return writeMulticastMac(MAC_OUT, 0, ip) ? hexColon(MAC_OUT, 0, 6) : undefined;
}

/** Writes the MAC `multicastMac(ip)` names at `off`; false (and nothing useful written) for a
 * unicast address. Throws on a bad address, as parsing it would. Works on the remembered words
 * of the address when there are some. */
export function writeMulticastMac(b: Uint8Array, off: number, ip: string): boolean {
  if (ip === '255.255.255.255') {
    // Where every DHCPv4 client message goes: no lookup needed.
    for (let i = 0; i < 6; i++) b[off + i] = 0xff;
    return true;
  }
  // A remembered IPv6 address needs no scan for ':' to tell its family.
  let w = IP6S.get(ip);
  if (w === undefined && isIp6(ip)) {
    writeIp6(TMP, 0, ip);
    w = IP6S.get(ip) ?? Int32Array.of(word(TMP, 0), word(TMP, 4), word(TMP, 8), word(TMP, 12));
  }
  if (w !== undefined) {
    if (w[0] >>> 24 !== 0xff) return false;
    const last = w[3];
    b[off] = b[off + 1] = 0x33;
    b[off + 2] = last >>> 24;
    b[off + 3] = last >>> 16;
    b[off + 4] = last >>> 8;
    b[off + 5] = last;
    return true;
  }
  let v = IP4S.get(ip);
  if (v === undefined) {
    writeIp4(TMP, 0, ip);
    v = word(TMP, 0);
  }
  if (v === -1) {
    for (let i = 0; i < 6; i++) b[off + i] = 0xff;
    return true;
  }
  const first = v >>> 24;
  if (first < 224 || first >= 240) return false;
  b[off] = 0x01;
  b[off + 1] = 0x00;
  b[off + 2] = 0x5e;
  b[off + 3] = (v >>> 16) & 0x7f;
  b[off + 4] = v >>> 8;
  b[off + 5] = v;
  return true;
}

/**
 * Room to parse or format an address in without allocating; nothing lives in it between calls.
 * Buffers, like the frames the codecs read and write: V8 compiles each byte access in the readers
 * and writers for the kinds of array it has met there, and a second kind (a plain Uint8Array)
 * makes every access in them test which it has (ndp.ts's ROUTE alone cost 2% of a benchCodecs round).
 */
const TMP = Buffer.alloc(16);
const MAC_OUT = Buffer.alloc(6);

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';
