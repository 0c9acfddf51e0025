// DHCPv6 (RFC 8415) client/server messages with their options by name — DUIDs, IA_NA, IA_TA and
// IA_PD with their addresses and prefixes, status codes, ORO, elapsed time, rapid commit, DNS
// (RFC 3646) — nested as the protocol nests them: `reply.options.iaPd[0].options.iaPrefix[0].prefix`.
// Relay messages are not decoded. `encodeDhcp6` / `decodeDhcp6` work on a UDP payload alone.

import { readHexColon, readIp6, readPrefix6, writeHexColon, writeIp6, writePrefix6 } from './addr.ts';
import { DecodeError, decodeWith, encodeWith, get16, get32, names, need, put16, put32, sized, toHex, writeBytes, type Cursor, type Init } from './bytes.ts';
import {
  bytes,
  domains,
  flag,
  ip6,
  ip6s,
  one,
  optionTable,
  readOptions,
  some,
  str,
  u16,
  u16s,
  u32,
  u8,
  writeOptions,
  type Codec,
  type OptionsInit,
  type OptionsOf,
} from './tlv.ts';

export const DHCP6_TYPE = names('DHCPv6 message type', {
  solicit: 1,
  advertise: 2,
  request: 3,
  confirm: 4,
  renew: 5,
  rebind: 6,
  reply: 7,
  release: 8,
  decline: 9,
  reconfigure: 10,
  'information-request': 11,
});
export type Dhcp6Type = Parameters<typeof DHCP6_TYPE.num>[0];

export const DHCP6_STATUS = names('DHCPv6 status', {
  success: 0,
  'unspec-fail': 1,
  'no-addrs-avail': 2,
  'no-binding': 3,
  'not-on-link': 4,
  'use-multicast': 5,
  'no-prefix-avail': 6,
});

/** A DHCP unique identifier (RFC 8415 §11); `lla` is colon hex, `time` seconds since 2000. */
export type Duid =
  | { type: 'llt'; hwType: number; time: number; lla: string }
  | { type: 'en'; enterprise: number; id: Uint8Array }
  | { type: 'll'; hwType: number; lla: string }
  | { type: 'uuid'; uuid: string }
  | { type: number; data: Uint8Array };
export type DuidInit =
  | { type: 'llt'; hwType?: number; time?: number; lla: string }
  | { type: 'll'; hwType?: number; lla: string }
  | Exclude<Duid, { type: 'llt' | 'll' }>;

const DUID_TYPE = names('DUID type', { llt: 1, en: 2, ll: 3, uuid: 4 });
/** Bytes before each DUID type's variable part. */
const DUID_FIXED: Partial<Record<string | number, number>> = { llt: 8, en: 6, ll: 4 };

const duid: Codec<Duid, DuidInit> = {
  read: (b, off, end) => {
    need(off, 2, end, 'DUID');
    const type = DUID_TYPE.name(get16(b, off));
    need(off, DUID_FIXED[type] ?? 2, end, 'DUID', type);
    switch (type) {
      case 'llt':
        return { type, hwType: get16(b, off + 2), time: get32(b, off + 4), lla: readHexColon(b, off + 8, end - off - 8) };
      case 'en':
        return { type, enterprise: get32(b, off + 2), id: b.subarray(off + 6, end) };
      case 'll':
        return { type, hwType: get16(b, off + 2), lla: readHexColon(b, off + 4, end - off - 4) };
      case 'uuid': {
        sized(off, end, 18, 'DUID-UUID');
        const h = toHex(b.subarray(off + 2, end));
        return { type, uuid: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
      }
      default:
        return { type, data: b.subarray(off + 2, end) };
    }
  },
  write: (b, off, d) => {
    put16(b, off, DUID_TYPE.num(d.type));
    switch (d.type) {
      case 'llt':
        put16(b, off + 2, d.hwType ?? 1);
        put32(b, off + 4, d.time ?? 0);
        return writeHexColon(b, off + 8, d.lla);
      case 'll':
        put16(b, off + 2, d.hwType ?? 1);
        return writeHexColon(b, off + 4, d.lla);
      case 'en':
        put32(b, off + 2, d.enterprise);
        return writeBytes(b, off + 6, d.id);
      case 'uuid': {
        const hex = d.uuid.replace(/-/g, '');
        if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`encode: bad DUID-UUID "${d.uuid}"`);
        return off + 2 + b.write(hex, off + 2, 'hex');
      }
      default:
        return writeBytes(b, off + 2, d.data);
    }
  },
};

export interface Status {
  code: Parameters<typeof DHCP6_STATUS.num>[0];
  message: string;
}
const status: Codec<Status, Init<Status, 'code'>> = {
  read: (b, off, end) => (need(off, 2, end, 'status code'), { code: DHCP6_STATUS.name(get16(b, off)), message: str.read(b, off + 2, end) }),
  write: (b, off, s) => str.write(b, u16.write(b, off, DHCP6_STATUS.num(s.code)), s.message ?? ''),
};

/** IA_NA or IA_PD: identity, T1, T2 (seconds), and the addresses or prefixes inside. */
export interface Ia {
  iaid: number;
  t1: number;
  t2: number;
  options: Dhcp6Options;
}
export type IaInit = Init<Omit<Ia, 'options'>> & { options?: Dhcp6OptionsInit };
export interface IaTa {
  iaid: number;
  options: Dhcp6Options;
}
export type IaTaInit = Init<Omit<IaTa, 'options'>> & { options?: Dhcp6OptionsInit };
export interface IaAddr {
  address: string;
  preferredLifetime: number;
  validLifetime: number;
  options: Dhcp6Options;
}
export type IaAddrInit = Init<Omit<IaAddr, 'options'>, 'address'> & { options?: Dhcp6OptionsInit };
export interface IaPrefix {
  /** e.g. "3fff:0:0:100::/56" */
  prefix: string;
  preferredLifetime: number;
  validLifetime: number;
  options: Dhcp6Options;
}
export type IaPrefixInit = Init<Omit<IaPrefix, 'options'>, 'prefix'> & { options?: Dhcp6OptionsInit };

/** A fixed part of `size` bytes followed by nested options: the shape of every IA option. */
function nested<V extends { options: Dhcp6Options }, I extends { options?: Dhcp6OptionsInit }>(
  what: string,
  size: number,
  read: (b: Buffer, off: number) => Omit<V, 'options'>,
  write: (b: Buffer, off: number, v: I) => void,
): Codec<V, I> {
  return {
    read: (b, off, end) => {
      need(off, size, end, what);
      const v = read(b, off) as V;
      v.options = readOptions(OPTIONS, b, off + size, end);
      return v;
    },
    write: (b, off, v) => {
      write(b, off, v);
      return writeOptions(OPTIONS, b, off + size, v.options ?? {});
    },
  };
}

const ia = nested<Ia, IaInit>(
  'IA',
  12,
  (b, off) => ({ iaid: get32(b, off), t1: get32(b, off + 4), t2: get32(b, off + 8) }),
  (b, off, v) => {
    put32(b, off, v.iaid ?? 1);
    put32(b, off + 4, v.t1 ?? 0);
    put32(b, off + 8, v.t2 ?? 0);
  },
);
const iaTa = nested<IaTa, IaTaInit>(
  'IA_TA',
  4,
  (b, off) => ({ iaid: get32(b, off) }),
  (b, off, v) => void put32(b, off, v.iaid ?? 1),
);
const iaAddr = nested<IaAddr, IaAddrInit>(
  'IAADDR',
  24,
  (b, off) => ({ address: readIp6(b, off), preferredLifetime: get32(b, off + 16), validLifetime: get32(b, off + 20) }),
  (b, off, v) => {
    writeIp6(b, off, v.address);
    put32(b, off + 16, v.preferredLifetime ?? 0);
    put32(b, off + 20, v.validLifetime ?? 0);
  },
);
const iaPrefix = nested<IaPrefix, IaPrefixInit>(
  'IAPREFIX',
  25,
  (b, off) => ({ prefix: readPrefix6(b, off + 9, b[off + 8]), preferredLifetime: get32(b, off), validLifetime: get32(b, off + 4) }),
  (b, off, v) => {
    put32(b, off, v.preferredLifetime ?? 0);
    put32(b, off + 4, v.validLifetime ?? 0);
    b[off + 8] = writePrefix6(b, off + 9, v.prefix);
  },
);

const OPTIONS = optionTable(
  { what: 'DHCPv6 option', wide: true, counts: 'value' },
  {
    clientId: one(1, duid),
    serverId: one(2, duid),
    iaNa: some(3, ia),
    iaTa: some(4, iaTa),
    iaAddr: some(5, iaAddr),
    /** Option Request: codes of the options wanted (23 DNS, 24 domain list…). */
    oro: one(6, u16s),
    preference: one(7, u8),
    /** Hundredths of a second since the client began. */
    elapsedTime: one(8, u16),
    relayMessage: one(9, bytes),
    auth: one(11, bytes),
    unicast: one(12, ip6),
    status: one(13, status),
    rapidCommit: one(14, flag),
    userClass: one(15, bytes),
    vendorClass: one(16, bytes),
    vendorOpts: one(17, bytes),
    interfaceId: one(18, bytes),
    reconfigureMessage: one(19, u8),
    reconfigureAccept: one(20, flag),
    dnsServers: one(23, ip6s),
    domainList: one(24, domains),
    iaPd: some(25, ia),
    iaPrefix: some(26, iaPrefix),
    sntpServers: one(31, ip6s),
    informationRefreshTime: one(32, u32),
    solMaxRt: one(82, u32),
    infMaxRt: one(83, u32),
  },
);
// Declared as interfaces so the recursion through IA options type-checks.
export interface Dhcp6Options extends OptionsOf<typeof OPTIONS.specs> {}
export interface Dhcp6OptionsInit extends OptionsInit<typeof OPTIONS.specs> {}

export interface Dhcp6 {
  type: Dhcp6Type;
  /** 24-bit transaction id. */
  xid: number;
  options: Dhcp6Options;
}
export type Dhcp6Init = Init<Omit<Dhcp6, 'options'>, 'type'> & { options?: Dhcp6OptionsInit };

/** Whether a message travels client to server (ports 546 → 547). */
export function dhcp6FromClient(type: Dhcp6Type): boolean {
  return !FROM_SERVER.has(type);
}
const FROM_SERVER = new Set<Dhcp6Type>(['advertise', 'reply', 'reconfigure', 2, 7, 10]);

export function readDhcp6(c: Cursor): Dhcp6 {
  const { b, off, end } = c;
  need(off, 4, end, 'DHCPv6 message');
  const type = DHCP6_TYPE.name(b[off]);
  if (type === 12 || type === 13) throw new DecodeError('DHCPv6 relay messages are not decoded', off);
  c.off = end;
  return { type, xid: get32(b, off) & 0xffffff, options: readOptions(OPTIONS, b, off + 4, end) };
}

export function writeDhcp6(b: Buffer, off: number, m: Dhcp6Init): number {
  put32(b, off, ((DHCP6_TYPE.num(m.type) << 24) | ((m.xid ?? 0) & 0xffffff)) >>> 0);
  return writeOptions(OPTIONS, b, off + 4, m.options ?? {});
}

export const encodeDhcp6 = (m: Dhcp6Init): Buffer => encodeWith(writeDhcp6, m);
export const decodeDhcp6 = (bytes: Uint8Array): Dhcp6 => decodeWith(readDhcp6, bytes);
