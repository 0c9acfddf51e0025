// PPP as PPPoE carries it (RFC 1661, no address/control bytes): LCP (MRU, authentication protocol,
// magic number; echo, terminate), PAP, CHAP, IPCP (address, DNS) and IPv6CP (interface
// identifier). An IPv4 or IPv6 payload is just `{ protocol: 'ipv4' }` here, with the packet in
// the frame's `ipv4`/`ipv6` layer.

import { DecodeError, get16, get32, names, need, put16, put32, sized, writeBytes, type Cursor } from './bytes.ts';
import { bytes, flag, ip4, one, optionTable, readOptions, u16, u32, writeOptions, type Codec, type OptionTable, type OptionsOf } from './tlv.ts';

export const PPP_PROTOCOL = names('PPP protocol', { ipv4: 0x0021, ipv6: 0x0057, ipcp: 0x8021, ipv6cp: 0x8057, lcp: 0xc021, pap: 0xc023, chap: 0xc223 });
export const CP_CODE = names('PPP control code', {
  'configure-request': 1,
  'configure-ack': 2,
  'configure-nak': 3,
  'configure-reject': 4,
  'terminate-request': 5,
  'terminate-ack': 6,
  'code-reject': 7,
  'protocol-reject': 8,
  'echo-request': 9,
  'echo-reply': 10,
  'discard-request': 11,
});
export const PAP_CODE = names('PAP code', { 'authenticate-request': 1, 'authenticate-ack': 2, 'authenticate-nak': 3 });
export const CHAP_CODE = names('CHAP code', { challenge: 1, response: 2, success: 3, failure: 4 });

export interface AuthProtocol {
  protocol: 'pap' | 'chap' | number;
  /** CHAP's algorithm: 5 MD5, 0x81 MS-CHAPv2. */
  algorithm?: number;
}
const authProtocol: Codec<AuthProtocol> = {
  read: (b, off, end) => {
    need(off, 2, end, 'authentication protocol option');
    const p: AuthProtocol = { protocol: PPP_PROTOCOL.name(get16(b, off)) as AuthProtocol['protocol'] };
    if (end > off + 2) p.algorithm = b[off + 2];
    return p;
  },
  write: (b, off, v) => {
    put16(b, off, PPP_PROTOCOL.num(v.protocol));
    if (v.algorithm === undefined) return off + 2;
    b[off + 2] = v.algorithm;
    return off + 3;
  },
};

/** An IPv6CP interface identifier as four groups of hex, e.g. "0211:22ff:fe33:4455". */
const interfaceId: Codec<string> = {
  read: (b, off, end) => {
    sized(off, end, 8, 'interface identifier');
    const h = b.toString('hex', off, end);
    return `${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12)}`;
  },
  write: (b, off, v) => {
    const hex = v.replace(/:/g, '');
    if (!/^[0-9a-fA-F]{16}$/.test(hex)) throw new Error(`encode: bad interface identifier "${v}": want e.g. 0211:22ff:fe33:4455`);
    return off + b.write(hex, off, 'hex');
  },
};

const CP = { what: 'PPP option', wide: false, counts: 'all' } as const;
const LCP_OPTIONS = optionTable(CP, {
  mru: one(1, u16),
  accm: one(2, u32),
  authProtocol: one(3, authProtocol),
  quality: one(4, bytes),
  magic: one(5, u32),
  pfc: one(7, flag),
  acfc: one(8, flag),
});
const IPCP_OPTIONS = optionTable(CP, {
  compression: one(2, bytes),
  address: one(3, ip4),
  primaryDns: one(129, ip4),
  primaryNbns: one(130, ip4),
  secondaryDns: one(131, ip4),
  secondaryNbns: one(132, ip4),
});
const IPV6CP_OPTIONS = optionTable(CP, { interfaceId: one(1, interfaceId), compression: one(2, bytes) });
const CP_OPTIONS: Record<'lcp' | 'ipcp' | 'ipv6cp', OptionTable<object>> = { lcp: LCP_OPTIONS, ipcp: IPCP_OPTIONS, ipv6cp: IPV6CP_OPTIONS };

export type LcpOptions = OptionsOf<typeof LCP_OPTIONS.specs>;
export type IpcpOptions = OptionsOf<typeof IPCP_OPTIONS.specs>;
export type Ipv6cpOptions = OptionsOf<typeof IPV6CP_OPTIONS.specs>;

/** An LCP/IPCP/IPv6CP packet. Which fields it has follows from the code. */
export interface ControlPacket<P extends string, O> {
  protocol: P;
  code: Parameters<typeof CP_CODE.num>[0];
  id: number;
  /** Configure-Request, -Ack, -Nak, -Reject. */
  options?: O;
  /** Echo-Request, Echo-Reply, Discard-Request. */
  magic?: number;
  /** Protocol-Reject: the protocol refused. */
  rejectedProtocol?: number;
  /** Terminate reason, echo data, the rejected packet. */
  data?: Uint8Array;
}
export interface Pap {
  protocol: 'pap';
  code: Parameters<typeof PAP_CODE.num>[0];
  id: number;
  peerId?: string;
  password?: string;
  message?: string;
}
export interface Chap {
  protocol: 'chap';
  code: Parameters<typeof CHAP_CODE.num>[0];
  id: number;
  value?: Uint8Array;
  name?: string;
  message?: string;
}
/** A network-layer payload (in the frame's ipv4/ipv6 layer) or an undecoded protocol (in `payload`). */
export interface PppData {
  protocol: 'ipv4' | 'ipv6' | number;
}
export type Ppp =
  | ControlPacket<'lcp', LcpOptions>
  | ControlPacket<'ipcp', IpcpOptions>
  | ControlPacket<'ipv6cp', Ipv6cpOptions>
  | Pap
  | Chap
  | PppData;
type Opt<T> = T extends { protocol: infer P } ? Partial<T> & { protocol: P } : never;
export type PppInit = Opt<Ppp>;

/** Whether the PPP payload is not a control packet this module reads (IP, or unknown). */
export function isPppData(p: Ppp | PppInit): p is PppData {
  return typeof p.protocol === 'number' || p.protocol === 'ipv4' || p.protocol === 'ipv6';
}

const CONFIGURE = 4;
const ECHO = [9, 10, 11];

/** Reads the protocol field and, for control protocols, the packet; leaves IP payloads to the caller. */
export function readPpp(c: Cursor): Ppp {
  const { b } = c;
  need(c.off, 2, c.end, 'PPP protocol');
  const protocol = PPP_PROTOCOL.name(get16(b, c.off));
  const off = c.off + 2;
  c.off = off;
  if (typeof protocol === 'number' || protocol === 'ipv4' || protocol === 'ipv6') return { protocol };
  need(off, 4, c.end, 'PPP packet', protocol);
  const len = get16(b, off + 2);
  if (len < 4 || off + len > c.end) throw new DecodeError(`${protocol.toUpperCase()} length ${len} does not fit the ${c.end - off} bytes there`, off + 2);
  const n = b[off + 1];
  const code = b[off];
  const body = off + 4;
  const end = off + len;
  c.off = c.end = end;
  if (protocol === 'pap') {
    const p: Pap = { protocol, code: PAP_CODE.name(code), id: n };
    if (code === 1) {
      const [peerId, at] = counted(b, body, end);
      p.peerId = peerId;
      p.password = counted(b, at, end)[0];
    } else p.message = counted(b, body, end)[0];
    return p;
  }
  if (protocol === 'chap') {
    const p: Chap = { protocol, code: CHAP_CODE.name(code), id: n };
    if (code === 1 || code === 2) {
      need(body, 1 + b[body], end, 'CHAP value');
      p.value = b.subarray(body + 1, body + 1 + b[body]);
      p.name = b.toString('utf8', body + 1 + b[body], end);
    } else p.message = b.toString('utf8', body, end);
    return p;
  }
  const p: ControlPacket<typeof protocol, object> = { protocol, code: CP_CODE.name(code), id: n };
  if (code >= 1 && code <= CONFIGURE) p.options = readOptions(CP_OPTIONS[protocol], b, body, end);
  else if (ECHO.includes(code) || code === 8) {
    need(body, code === 8 ? 2 : 4, end, protocol, p.code);
    if (code === 8) p.rejectedProtocol = get16(b, body);
    else p.magic = get32(b, body);
    p.data = b.subarray(body + (code === 8 ? 2 : 4), end);
  } else p.data = b.subarray(body, end);
  return p as Ppp;
}

/** A one-byte length and that many bytes of text (PAP fields). */
function counted(b: Buffer, off: number, end: number): [string, number] {
  need(off, 1, end, 'PAP field length');
  need(off + 1, b[off], end, 'PAP field');
  return [b.toString('utf8', off + 1, off + 1 + b[off]), off + 1 + b[off]];
}

function writeCounted(b: Buffer, off: number, s: string): number {
  const n = b.write(s, off + 1, 'utf8');
  if (n > 255) throw new Error(`encode: PAP field "${s.slice(0, 20)}…" is over 255 bytes`);
  b[off] = n;
  return off + 1 + n;
}

/** Writes the protocol field and, for control protocols, the whole packet. */
export function writePpp(b: Buffer, off: number, p: PppInit): number {
  put16(b, off, PPP_PROTOCOL.num(p.protocol));
  off += 2;
  if (isPppData(p)) return off;
  const start = off;
  b[off + 1] = p.id ?? 1;
  let end = off + 4;
  if (p.protocol === 'pap') {
    const code = (b[off] = PAP_CODE.num(p.code ?? 'authenticate-request'));
    end = code === 1 ? writeCounted(b, writeCounted(b, end, p.peerId ?? ''), p.password ?? '') : writeCounted(b, end, p.message ?? '');
  } else if (p.protocol === 'chap') {
    const code = (b[off] = CHAP_CODE.num(p.code ?? 'challenge'));
    if (code === 1 || code === 2) {
      const value = p.value ?? new Uint8Array(0);
      b[end] = value.length;
      end = writeBytes(b, end + 1, value);
      end += b.write(p.name ?? '', end, 'utf8');
    } else end += b.write(p.message ?? '', end, 'utf8');
  } else {
    const code = (b[off] = CP_CODE.num(p.code ?? 'configure-request'));
    if (code >= 1 && code <= CONFIGURE) end = writeOptions(CP_OPTIONS[p.protocol], b, end, p.options ?? {});
    else {
      if (code === 8) end = put16(b, end, p.rejectedProtocol ?? 0);
      else if (ECHO.includes(code)) end = put32(b, end, (p.magic ?? 0) >>> 0);
      end = writeBytes(b, end, p.data ?? new Uint8Array(0));
    }
  }
  put16(b, start + 2, end - start);
  return end;
}

