// PPPoE (RFC 2516): the discovery stage (PADI, PADO, PADR, PADS, PADT with their tags by name)
// and the session stage header that carries PPP. The EtherType follows from the code: 0x8864 for
// session frames, 0x8863 for the rest. The length field is computed unless forced.

import { DecodeError, get16, names, need, put16, type Cursor, type Init } from './bytes.ts';
import { bytes, one, optionTable, readOptions, str, u16, writeOptions, flag, type OptionsOf } from './tlv.ts';

export const PPPOE_CODE = names('PPPoE code', { session: 0x00, pado: 0x07, padi: 0x09, padr: 0x19, pads: 0x65, padt: 0xa7 });
export type PppoeCode = Parameters<typeof PPPOE_CODE.num>[0];

const TAGS = optionTable(
  { what: 'PPPoE tag', wide: true, counts: 'value' },
  {
    endOfList: one(0x0000, flag),
    /** An empty string asks for any service; a PADI must carry one. */
    serviceName: one(0x0101, str),
    acName: one(0x0102, str),
    hostUniq: one(0x0103, bytes),
    acCookie: one(0x0104, bytes),
    vendorSpecific: one(0x0105, bytes),
    relaySessionId: one(0x0110, bytes),
    /** RFC 4638: the PPP MRU the client can take above 1492. */
    maxPayload: one(0x0120, u16),
    serviceNameError: one(0x0201, str),
    acSystemError: one(0x0202, str),
    genericError: one(0x0203, str),
  },
);
export type PppoeTags = OptionsOf<typeof TAGS.specs>;

export interface Pppoe {
  code: PppoeCode;
  session: number;
  /** Discovery tags; absent on session frames. */
  tags?: PppoeTags;
  /** Forces the length field (to forge a wrong one). */
  length?: number;
}

export type PppoeInit = Init<Pppoe, 'code'>;

export function isSession(p: { code: PppoeCode }): boolean {
  return p.code === 'session' || p.code === 0;
}

/** Reads the header (and, in discovery, the tags); `c.end` becomes the end of the payload. */
export function readPppoe(c: Cursor, session: boolean): Pppoe {
  const { b, off } = c;
  need(off, 6, c.end, 'PPPoE header');
  if (b[off] !== 0x11) throw new DecodeError(`PPPoE version/type 0x${b[off].toString(16)}, expected 0x11`, off);
  const len = get16(b, off + 4);
  if (off + 6 + len > c.end) throw new DecodeError(`PPPoE length ${len} exceeds the ${c.end - off - 6} bytes there`, off + 4);
  const p: Pppoe = { code: PPPOE_CODE.name(b[off + 1]), session: get16(b, off + 2) };
  if ((p.code === 'session') !== session) throw new DecodeError(`PPPoE code ${p.code} on the ${session ? 'session' : 'discovery'} EtherType`, off + 1);
  c.end = off + 6 + len;
  c.off = off + 6;
  if (!session) {
    p.tags = readOptions(TAGS, b, c.off, c.end);
    c.off = c.end;
  }
  return p;
}

export function writePppoe(b: Buffer, off: number, p: PppoeInit): number {
  b[off] = 0x11;
  b[off + 1] = PPPOE_CODE.num(p.code);
  put16(b, off + 2, p.session ?? 0);
  return isSession(p) ? off + 6 : writeOptions(TAGS, b, off + 6, p.tags ?? {});
}

export function sealPppoe(b: Buffer, start: number, end: number, p: PppoeInit): void {
  put16(b, start + 4, p.length ?? end - start - 6);
}
