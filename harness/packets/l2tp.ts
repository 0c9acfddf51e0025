// L2TP as it rides in UDP (port 1701): the header of control and data messages (RFC 2661 §3.1,
// version 2; RFC 3931 §4.1.2.1 for the version 3 control header) and the control message AVPs by
// name, table-driven like the other option lists here. A frame's L2TP is decoded from its UDP
// payload — `decodeL2tp(f.payload)`, or `l2tpOf(f)` — and decoding never throws: bad bytes give
// `{ error }` saying what and where. Data messages carry PPP, decoded where it is LCP/IPCP/….

import { DecodeError, encodeInArena, fail, get16, get32, names, need, put16, put32, writeBytes, type Cursor } from './bytes.ts';
import type { Decoded } from './frame.ts';
import { readPpp, writePpp, type Ppp, type PppInit } from './ppp.ts';
import { bytes, flag, str, u16, u32, type Codec } from './tlv.ts';

export const L2TP_PORT = 1701;

/** Control message types (RFC 2661 §3.2; `ack` is RFC 3931's explicit ACK). */
export const L2TP_MESSAGE = names('L2TP message type', {
  sccrq: 1,
  sccrp: 2,
  scccn: 3,
  stopccn: 4,
  hello: 6,
  ocrq: 7,
  ocrp: 8,
  occn: 9,
  icrq: 10,
  icrp: 11,
  iccn: 12,
  cdn: 14,
  wen: 15,
  sli: 16,
  ack: 20,
});
export type L2tpMessageType = Parameters<typeof L2TP_MESSAGE.num>[0];

/** Result Code AVP (RFC 2661 §4.4.2): result, optional error code and message. */
export interface ResultCode {
  result: number;
  error?: number;
  message?: string;
}
const resultCode: Codec<ResultCode> = {
  read: (b, off, end) => {
    need(off, 2, end, 'Result Code AVP');
    const r: ResultCode = { result: get16(b, off) };
    if (end - off >= 4) r.error = get16(b, off + 2);
    if (end - off > 4) r.message = b.toString('utf8', off + 4, end);
    return r;
  },
  write: (b, off, v) => {
    off = put16(b, off, v.result);
    if (v.error === undefined && v.message === undefined) return off;
    off = put16(b, off, v.error ?? 0);
    return v.message ? off + b.write(v.message, off, 'utf8') : off;
  },
};

/** Protocol Version AVP: version 1, revision 0 for L2TPv2. */
export interface ProtocolVersion {
  version: number;
  revision: number;
}
const protocolVersion: Codec<ProtocolVersion> = {
  read: (b, off, end) => {
    if (end - off !== 2) throw new DecodeError(`Protocol Version AVP is ${end - off} bytes, expected 2`, off);
    return { version: b[off], revision: b[off + 1] };
  },
  write: (b, off, v) => {
    b[off] = v.version;
    b[off + 1] = v.revision;
    return off + 2;
  },
};

const messageType: Codec<L2tpMessageType | number> = {
  read: (b, off, end) => L2TP_MESSAGE.name(u16.read(b, off, end)),
  write: (b, off, v) => u16.write(b, off, L2TP_MESSAGE.num(v)),
};

interface AvpSpec<V> {
  readonly type: number;
  readonly codec: Codec<V>;
  /** The M bit an implementation sets by default (RFC 2661 §4.4, RFC 3931 §5.4). */
  readonly mandatory: boolean;
}
const avp = <V>(type: number, codec: Codec<V>, mandatory = true): AvpSpec<V> => ({ type, codec, mandatory });

/** Every AVP with a name: attribute type (vendor 0), value codec, default M bit. */
const AVPS = {
  messageType: avp(0, messageType),
  resultCode: avp(1, resultCode),
  protocolVersion: avp(2, protocolVersion),
  /** Bit 0x1 synchronous, 0x2 asynchronous framing. */
  framingCapabilities: avp(3, u32),
  /** Bit 0x1 digital, 0x2 analog access. */
  bearerCapabilities: avp(4, u32),
  tieBreaker: avp(5, bytes, false),
  firmwareRevision: avp(6, u16, false),
  hostName: avp(7, str),
  vendorName: avp(8, str, false),
  assignedTunnelId: avp(9, u16),
  receiveWindowSize: avp(10, u16),
  challenge: avp(11, bytes),
  causeCode: avp(12, bytes),
  /** 16 octets: MD5 over the message type, the shared secret and the challenge. */
  challengeResponse: avp(13, bytes),
  assignedSessionId: avp(14, u16),
  callSerialNumber: avp(15, u32),
  minimumBps: avp(16, u32),
  maximumBps: avp(17, u32),
  bearerType: avp(18, u32),
  framingType: avp(19, u32),
  calledNumber: avp(21, str),
  callingNumber: avp(22, str),
  subAddress: avp(23, str),
  txConnectSpeed: avp(24, u32),
  physicalChannelId: avp(25, u32, false),
  initialReceivedLcpConfreq: avp(26, bytes, false),
  lastSentLcpConfreq: avp(27, bytes, false),
  lastReceivedLcpConfreq: avp(28, bytes, false),
  proxyAuthenType: avp(29, u16, false),
  proxyAuthenName: avp(30, str, false),
  proxyAuthenChallenge: avp(31, bytes, false),
  proxyAuthenId: avp(32, bytes, false),
  proxyAuthenResponse: avp(33, bytes, false),
  callErrors: avp(34, bytes),
  accm: avp(35, bytes),
  randomVector: avp(36, bytes),
  privateGroupId: avp(37, bytes, false),
  rxConnectSpeed: avp(38, u32, false),
  sequencingRequired: avp(39, flag),
  // RFC 3931 (L2TPv3)
  routerId: avp(60, u32),
  assignedControlConnectionId: avp(61, u32),
  pseudowireCapabilities: avp(62, bytes),
  localSessionId: avp(63, u32),
  remoteSessionId: avp(64, u32),
  pseudowireType: avp(68, u16),
} as const;

export type AvpName = keyof typeof AVPS;
type ValueOf<S> = S extends AvpSpec<infer V> ? V : never;
/** The AVPs of a control message by name; unnamed vendor-0 AVPs stay raw as `avp<type>`. */
export type L2tpAvps = { -readonly [K in AvpName]?: ValueOf<(typeof AVPS)[K]> } & { [raw: `avp${number}`]: Uint8Array | undefined };

const BY_TYPE = new Map<number, AvpName>(Object.entries(AVPS).map(([name, s]) => [s.type, name as AvpName]));

/** The name of a vendor-0 attribute type (`assignedTunnelId` for 9), or undefined. */
export function avpName(type: number): AvpName | undefined {
  return BY_TYPE.get(type);
}

/** One AVP as it stood on the wire, in order (hidden and vendor AVPs are only here). */
export interface AvpHeader {
  type: number;
  vendor: number;
  mandatory: boolean;
  hidden: boolean;
  /** The length field: header and value. */
  length: number;
  value: Uint8Array;
}

export interface L2tpBits {
  /** L: a Length field is present. */
  length: boolean;
  /** S: Ns and Nr are present. */
  sequence: boolean;
  /** O: an Offset Size field is present (v2 data). */
  offset: boolean;
  /** P: priority (v2 data). */
  priority: boolean;
}

export interface L2tp {
  type: 'control' | 'data';
  /** The Ver field: 2 (RFC 2661) or 3 (RFC 3931). */
  version: number;
  bits: L2tpBits;
  /** The Length field, when the L bit is set. */
  length?: number;
  /** v2: the Tunnel ID; v3 control: the 32-bit Control Connection ID. */
  tunnel: number;
  /** v2: the Session ID; v3 data: the 32-bit Session ID. */
  session: number;
  ns?: number;
  nr?: number;
  offsetSize?: number;
  /** Control: the Message Type AVP's value; absent on a ZLB (a control message with no AVPs). */
  message?: L2tpMessageType | number;
  avps?: L2tpAvps;
  /** Control: every AVP in wire order. */
  avpList?: AvpHeader[];
  /** Data: the PPP frame inside (HDLC address and control bytes ff 03 skipped when there). */
  ppp?: Ppp;
  /** Data: the bytes after the header (and after a PPP control packet, whatever follows it). */
  payload?: Uint8Array;
}

/** What stopped decoding, and the byte offset in the UDP payload. */
export interface L2tpError {
  message: string;
  offset: number;
}

export type L2tpDecoded = { l2tp: L2tp; error?: undefined } | { l2tp?: undefined; error: L2tpError };

const T = 0x8000;
const L = 0x4000;
const S = 0x0800;
const O = 0x0200;
const P = 0x0100;
const AVP_M = 0x8000;
const AVP_H = 0x4000;
const AVP_HEADER = 6;

/** Decodes an L2TP message (a UDP payload); never throws. */
export function decodeL2tp(bytes: Uint8Array): L2tpDecoded {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    return { l2tp: readL2tp({ b, off: 0, end: b.length, pseudo: 0 }) };
  } catch (e) {
    if (e instanceof DecodeError) return { error: { message: e.message, offset: e.offset } };
    return { error: { message: `decoder bug: ${e instanceof Error ? e.message : String(e)}`, offset: 0 } };
  }
}

/** The L2TP message a decoded frame carries (UDP to or from port 1701), or undefined. */
export function l2tpOf(f: Decoded): L2tp | undefined {
  if (!f.udp || !f.payload || f.error || (f.udp.srcPort !== L2TP_PORT && f.udp.dstPort !== L2TP_PORT)) return undefined;
  return decodeL2tp(f.payload).l2tp;
}

function readL2tp(c: Cursor): L2tp {
  const { b } = c;
  need(0, 2, c.end, 'L2TP header');
  const word = get16(b, 0);
  const version = word & 0x0f;
  const type = word & T ? 'control' : 'data';
  if (version !== 2 && version !== 3) throw new DecodeError(`L2TP version ${version}, expected 2 or 3`, 1);
  const bits: L2tpBits = { length: !!(word & L), sequence: !!(word & S), offset: !!(word & O), priority: !!(word & P) };
  let off = 2;
  const m: L2tp = { type, version, bits, tunnel: 0, session: 0 };
  if (version === 3 && type === 'data') {
    // RFC 3931 §4.1.2.2: T=0, 12 reserved bits, Ver, 16 reserved bits, then the Session ID.
    need(off, 6, c.end, 'L2TPv3 data header');
    m.session = get32(b, off + 2);
    m.payload = b.subarray(off + 6, c.end);
    return m;
  }
  if (bits.length) {
    need(off, 2, c.end, 'L2TP Length field');
    m.length = get16(b, off);
    if (m.length > c.end) throw new DecodeError(`L2TP Length ${m.length} exceeds the ${c.end} bytes there`, off);
    if (m.length < minimumLength(m)) throw new DecodeError(`L2TP Length ${m.length} is shorter than its own header`, off);
    c.end = m.length;
    off += 2;
  }
  if (version === 3) {
    need(off, 4, c.end, 'L2TPv3 Control Connection ID');
    m.tunnel = get32(b, off);
    off += 4;
  } else {
    need(off, 4, c.end, 'L2TP Tunnel and Session ID');
    m.tunnel = get16(b, off);
    m.session = get16(b, off + 2);
    off += 4;
  }
  if (bits.sequence) {
    need(off, 4, c.end, 'L2TP Ns and Nr');
    m.ns = get16(b, off);
    m.nr = get16(b, off + 2);
    off += 4;
  }
  // RFC 2661 §3.1: control messages MUST set L and S and clear O and P; they are read as sent.
  if (bits.offset) {
    need(off, 2, c.end, 'L2TP Offset Size');
    m.offsetSize = get16(b, off);
    need(off + 2, m.offsetSize, c.end, 'L2TP offset padding');
    off += 2 + m.offsetSize;
  }
  if (type === 'control') {
    readAvps(m, b, off, c.end);
    return m;
  }
  m.payload = b.subarray(off, c.end);
  if (m.payload.length >= 2) {
    const start = b[off] === 0xff && b[off + 1] === 0x03 ? off + 2 : off;
    const inner: Cursor = { b, off: start, end: c.end, pseudo: 0 };
    try {
      m.ppp = readPpp(inner);
      m.payload = b.subarray(inner.off, c.end);
    } catch (e) {
      // Not PPP, or broken PPP: the L2TP header still stands, the payload stays raw.
      if (!(e instanceof DecodeError)) throw e;
    }
  }
  return m;
}

/** Flags and Length, the IDs (two 16-bit or one 32-bit), and Ns/Nr when S is set. */
function minimumLength(m: L2tp): number {
  return 8 + (m.bits.sequence ? 4 : 0);
}

function readAvps(m: L2tp, b: Buffer, off: number, end: number): void {
  const avps: Record<string, unknown> = {};
  const list: AvpHeader[] = [];
  while (off < end) {
    need(off, AVP_HEADER, end, 'L2TP AVP header');
    const word = get16(b, off);
    const length = word & 0x03ff;
    const vendor = get16(b, off + 2);
    const type = get16(b, off + 4);
    if (length < AVP_HEADER) throw new DecodeError(`L2TP AVP ${type} has length ${length}, shorter than its 6-byte header`, off);
    if (off + length > end) throw new DecodeError(`L2TP AVP ${type} (${length} bytes) overruns the ${end - off} bytes left`, off);
    const value = b.subarray(off + AVP_HEADER, off + length);
    const h: AvpHeader = { type, vendor, mandatory: !!(word & AVP_M), hidden: !!(word & AVP_H), length, value };
    list.push(h);
    if (vendor === 0 && !h.hidden) {
      const name = BY_TYPE.get(type);
      if (name === undefined) avps[`avp${type}`] ??= value;
      else avps[name] ??= (AVPS[name].codec as Codec<unknown>).read(b, off + AVP_HEADER, off + length);
    }
    off += length;
  }
  m.avpList = list;
  m.avps = avps as L2tpAvps;
  if (list.length && list[0].vendor === 0 && list[0].type === 0 && avps.messageType !== undefined) m.message = avps.messageType as L2tp['message'];
}

/** Options for writing AVPs beyond their values: M bits other than the defaults. */
export interface L2tpInit {
  /** Default: control when `avps` is given or nothing else is, data when `ppp` or `payload` is. */
  type?: 'control' | 'data';
  /** Default 2. */
  version?: number;
  /** Header bits; default for control: L and S set (as RFC 2661 requires), for data: L set. */
  bits?: Partial<L2tpBits>;
  /** Forces the Length field (to forge a wrong one). */
  length?: number;
  tunnel?: number;
  session?: number;
  /** Default 0 when the S bit is set. */
  ns?: number;
  nr?: number;
  offsetSize?: number;
  /** Control AVPs in key order (put `messageType` first); none for a ZLB ACK. */
  avps?: L2tpAvps;
  /** M bits that differ from the AVP's default (raw ones default to 0). */
  mandatory?: Partial<Record<AvpName | `avp${number}`, boolean>>;
  /** Data: a PPP frame, written after ff 03. */
  ppp?: PppInit;
  /** Data: bytes after the header (or after `ppp`); control: raw bytes after the AVPs. */
  payload?: Uint8Array;
}

/** Encodes an L2TP message (a UDP payload); throws on what cannot be encoded. */
export function encodeL2tp(m: L2tpInit): Buffer {
  return encodeInArena((b, start) => writeL2tp(b, start, m));
}

function writeL2tp(b: Buffer, start: number, m: L2tpInit): number {
  const type = m.type ?? (m.ppp || (m.payload && !m.avps) ? 'data' : 'control');
  const version = m.version ?? 2;
  const control = type === 'control';
  const bits: L2tpBits = { length: true, sequence: control, offset: m.offsetSize !== undefined, priority: false, ...m.bits };
  let word = version & 0x0f;
  if (control) word |= T;
  if (bits.length) word |= L;
  if (bits.sequence) word |= S;
  if (bits.offset) word |= O;
  if (bits.priority) word |= P;
  let off = put16(b, start, word);
  const lengthAt = off;
  if (bits.length) off += 2;
  if (version === 3) off = put32(b, off, m.tunnel ?? 0);
  else {
    off = put16(b, off, m.tunnel ?? 0);
    off = put16(b, off, m.session ?? 0);
  }
  if (bits.sequence) {
    off = put16(b, off, m.ns ?? 0);
    off = put16(b, off, m.nr ?? 0);
  }
  if (bits.offset) {
    const size = m.offsetSize ?? 0;
    off = put16(b, off, size);
    b.fill(0, off, off + size);
    off += size;
  }
  if (control) off = writeAvps(b, off, m.avps ?? ({} as L2tpAvps), m.mandatory ?? {});
  else if (m.ppp) {
    b[off++] = 0xff;
    b[off++] = 0x03;
    off = writePpp(b, off, m.ppp);
  }
  if (m.payload) off = writeBytes(b, off, m.payload);
  if (bits.length) put16(b, lengthAt, m.length ?? off - start);
  return off;
}

function writeAvps(b: Buffer, off: number, avps: L2tpAvps, mandatory: NonNullable<L2tpInit['mandatory']>): number {
  const all = avps as Record<string, unknown>;
  for (const key in all) {
    const v = all[key];
    if (v === undefined) continue;
    const spec = (AVPS as Record<string, AvpSpec<unknown>>)[key];
    const raw = /^avp(\d+)$/.exec(key);
    if (!spec && !raw) fail(`unknown L2TP AVP "${key}"; known: ${Object.keys(AVPS).join(', ')}, or avp<type>`);
    const start = off;
    const end = spec ? spec.codec.write(b, off + AVP_HEADER, v) : writeBytes(b, off + AVP_HEADER, v as Uint8Array);
    const length = end - start;
    if (length > 0x03ff) fail(`L2TP AVP ${key} is too long (${length} bytes; the length field has 10 bits)`);
    const m = mandatory[key as AvpName] ?? spec?.mandatory ?? false;
    put16(b, start, (m ? AVP_M : 0) | length);
    put16(b, start + 2, 0);
    put16(b, start + 4, spec ? spec.type : Number(raw![1]));
    off = end;
  }
  return off;
}

/** A one-line description: "SCCRQ tunnel 0 session 0 Ns 0 Nr 0", "ZLB …", "data tunnel 5 session 9 LCP Echo-Request". */
export function l2tpSummary(m: L2tp): string {
  const ids = m.version === 3 ? `ccid ${m.tunnel}` : `tunnel ${m.tunnel} session ${m.session}`;
  const seq = m.ns !== undefined ? ` Ns ${m.ns} Nr ${m.nr}` : '';
  if (m.type === 'data') return `L2TPv${m.version} data ${ids}${seq}${m.ppp ? ` PPP ${String(m.ppp.protocol)}${'code' in m.ppp ? ` ${String(m.ppp.code)}` : ''}` : ''}`;
  const what = m.message === undefined ? (m.avpList?.length ? 'control (no Message Type first)' : 'ZLB') : typeof m.message === 'number' ? `type ${m.message}` : m.message.toUpperCase();
  return `L2TPv${m.version} ${what} ${ids}${seq}`;
}
