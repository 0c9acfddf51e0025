import { describe, expect, test } from 'vitest';
import { fromHex } from './bytes.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import { avpName, decodeL2tp, encodeL2tp, l2tpOf, l2tpSummary, type L2tp } from './l2tp.ts';

// Recorded on access between the mipsel router's xl2tpd (LAC, 10.0.1.2) and the border's (LNS).
const WIRE = {
  sccrq: 'c8020067000000000000000080080000000000018008000000020100800a0000000300000003800a00000004000000000008000000060690800c00000007726f7574657200130000000878656c6572616e63652e636f6d80080000000961e380080000000a0004',
  zlb: 'c802000c61e3000000010002',
  scccn: 'c80200144ead0000000100018008000000000003',
  icrq: 'c80200304ead000000020001800800000000000a80080000000e17c3800a0000000f00000001800a0000001200000000',
  iccn: 'c80200324ead652100030002800800000000000c800a0000001800000000800a0000001300000001000a0000002600000000',
  lcpRequest: '00024ead6521ff03c021010100140104057802060000000005065162d3f0',
};

const decoded = (hex: string): L2tp => {
  const r = decodeL2tp(fromHex(hex));
  if (r.error) throw new Error(r.error.message);
  return r.l2tp;
};

describe('recorded xl2tpd messages', () => {
  test.each([
    ['sccrq', { message: 'sccrq', tunnel: 0, session: 0, ns: 0, nr: 0, avps: { protocolVersion: { version: 1, revision: 0 }, framingCapabilities: 3, bearerCapabilities: 0, firmwareRevision: 0x690, hostName: 'router', vendorName: 'xelerance.com', assignedTunnelId: 25059, receiveWindowSize: 4 } }],
    ['zlb', { tunnel: 25059, session: 0, ns: 1, nr: 2, avps: {}, avpList: [] }],
    ['scccn', { message: 'scccn', tunnel: 20141, session: 0, ns: 1, nr: 1 }],
    ['icrq', { message: 'icrq', tunnel: 20141, session: 0, ns: 2, nr: 1, avps: { assignedSessionId: 0x17c3, callSerialNumber: 1, bearerType: 0 } }],
    ['iccn', { message: 'iccn', tunnel: 20141, session: 25889, ns: 3, nr: 2, avps: { txConnectSpeed: 0, framingType: 1, rxConnectSpeed: 0 } }],
  ] as const)('%s', (name, want) => {
    const m = decoded(WIRE[name]);
    expect(m).toMatchObject({ type: 'control', version: 2, bits: { length: true, sequence: true, offset: false, priority: false }, ...want });
    expect(m.length).toBe(WIRE[name].length / 2);
    if (name === 'zlb') expect(m.message).toBeUndefined();
  });

  test('AVP order and M bits are kept: Message Type first, Firmware Revision and Vendor Name not mandatory', () => {
    const list = decoded(WIRE.sccrq).avpList!;
    expect(list.map((a) => a.type)).toEqual([0, 2, 3, 4, 6, 7, 8, 9, 10]);
    expect(list.filter((a) => !a.mandatory).map((a) => a.type)).toEqual([6, 8]);
  });

  test('a data message carries PPP after ff 03', () => {
    const m = decoded(WIRE.lcpRequest);
    expect(m).toMatchObject({ type: 'data', version: 2, tunnel: 20141, session: 25889, bits: { length: false, sequence: false } });
    expect(m.ppp).toMatchObject({ protocol: 'lcp', code: 'configure-request', id: 1, options: { mru: 1400, accm: 0, magic: 0x5162d3f0 } });
    expect(l2tpSummary(m)).toBe('L2TPv2 data tunnel 20141 session 25889 PPP lcp configure-request');
  });

  test.each(Object.keys(WIRE) as Array<keyof typeof WIRE>)('%s re-encodes byte for byte', (name) => {
    const m = decoded(WIRE[name]);
    const mandatory = Object.fromEntries((m.avpList ?? []).filter((a) => !a.mandatory).map((a) => [avpName(a.type) ?? `avp${a.type}`, false]));
    const again = encodeL2tp({ ...m, mandatory });
    expect(again.toString('hex')).toBe(WIRE[name]);
  });
});

describe('forging', () => {
  test('a control message gets T, L and S set, the Length computed, AVPs in the order given', () => {
    const bytes = encodeL2tp({ tunnel: 7, session: 0, ns: 3, nr: 4, avps: { messageType: 'sccrp', protocolVersion: { version: 1, revision: 0 }, hostName: 'lns', framingCapabilities: 3, assignedTunnelId: 99, challenge: fromHex('0102030405060708') } });
    expect(bytes.readUInt16BE(0)).toBe(0xc802);
    expect(bytes.readUInt16BE(2)).toBe(bytes.length);
    const m = decoded(bytes.toString('hex'));
    expect(m).toMatchObject({ message: 'sccrp', tunnel: 7, ns: 3, nr: 4, avps: { hostName: 'lns', assignedTunnelId: 99, challenge: fromHex('0102030405060708') } });
    expect(m.avpList!.map((a) => a.type)).toEqual([0, 2, 7, 3, 9, 11]);
  });

  test('a ZLB ACK is a control header alone', () => {
    expect(encodeL2tp({ tunnel: 5, ns: 1, nr: 2 }).toString('hex')).toBe('c802000c0005000000010002');
  });

  test('result codes, unknown AVPs kept raw, M bits overridden', () => {
    const m = decoded(encodeL2tp({ tunnel: 5, avps: { messageType: 'stopccn', assignedTunnelId: 9, resultCode: { result: 1, error: 0, message: 'bye' }, avp77: fromHex('abcd') }, mandatory: { assignedTunnelId: false } }).toString('hex'));
    expect(m.avps).toMatchObject({ resultCode: { result: 1, error: 0, message: 'bye' }, avp77: fromHex('abcd') });
    expect(m.avpList!.find((a) => a.type === 9)!.mandatory).toBe(false);
    expect(m.avpList!.find((a) => a.type === 77)!.mandatory).toBe(false);
  });

  test('a data message with PPP inside', () => {
    const bytes = encodeL2tp({ tunnel: 1, session: 2, ppp: { protocol: 'lcp', code: 'echo-request', id: 7, magic: 0x11223344 } });
    expect(bytes.toString('hex')).toBe('40020014' + '00010002' + 'ff03c021' + '09070008' + '11223344');
    expect(decoded(bytes.toString('hex')).ppp).toMatchObject({ protocol: 'lcp', code: 'echo-request', id: 7, magic: 0x11223344 });
  });

  test('an L2TPv3 control header carries a 32-bit Control Connection ID', () => {
    const m = decoded(encodeL2tp({ version: 3, tunnel: 0xdeadbeef, avps: { messageType: 'sccrq', assignedControlConnectionId: 0x01020304 } }).toString('hex'));
    expect(m).toMatchObject({ version: 3, tunnel: 0xdeadbeef, message: 'sccrq', avps: { assignedControlConnectionId: 0x01020304 } });
  });

  test('l2tpOf finds L2TP in a frame by UDP port 1701', () => {
    const data = encodeL2tp({ tunnel: 3, ns: 0, nr: 0, avps: { messageType: 'hello' } });
    const frame = encodeFrame({ eth: { src: '52:54:00:00:00:01', dst: '52:54:00:00:00:02' }, ipv4: { src: '10.0.1.1', dst: '10.0.1.2' }, udp: { srcPort: 1701, dstPort: 1701 }, payload: data });
    expect(l2tpOf(decodeFrame(frame))).toMatchObject({ message: 'hello', tunnel: 3 });
    const other = encodeFrame({ eth: { src: '52:54:00:00:00:01', dst: '52:54:00:00:00:02' }, ipv4: { src: '10.0.1.1', dst: '10.0.1.2' }, udp: { srcPort: 1702, dstPort: 1703 }, payload: data });
    expect(l2tpOf(decodeFrame(other))).toBeUndefined();
  });
});

describe('bad bytes give a typed error, never an exception', () => {
  test.each([
    ['nothing', '', /L2TP header needs 2 bytes, only 0 left/, 0],
    ['version 1', 'c801000c000000000000000000', /L2TP version 1, expected 2 or 3/, 1],
    ['Length beyond the bytes', 'c80200ff0005000000010002', /L2TP Length 255 exceeds the 12 bytes there/, 2],
    ['Length shorter than the header', 'c80200040005000000010002', /L2TP Length 4 is shorter than its own header/, 2],
    ['cut in the IDs', '000200', /L2TP Tunnel and Session ID needs 4 bytes, only 1 left/, 2],
    ['cut in Ns/Nr', '0802000100020000', /L2TP Ns and Nr needs 4 bytes, only 2 left/, 6],
    ['AVP shorter than its header', 'c80200120005000000010002' + '800400000000', /L2TP AVP 0 has length 4, shorter than its 6-byte header/, 12],
    ['AVP overrunning the message', 'c80200140005000000010002' + '8010000000000001', /L2TP AVP 0 \(16 bytes\) overruns the 8 bytes left/, 12],
    ['AVP header cut', 'c80200100005000000010002' + '80080000', /L2TP AVP header needs 6 bytes, only 4 left/, 12],
    ['Message Type of 3 bytes', 'c80200150005000000010002' + '800900000000000100', /two-byte option is 3 bytes, expected 2/, 18],
    ['offset padding beyond the data', '0202000100020010', /L2TP offset padding needs 16 bytes, only 0 left/, 8],
  ])('%s', (_, hex, message, offset) => {
    const r = decodeL2tp(fromHex(hex));
    expect(r.l2tp).toBeUndefined();
    expect(r.error?.message).toMatch(message);
    expect(r.error?.offset).toBe(offset);
  });

  test('broken PPP in a data message leaves the L2TP header and the raw payload', () => {
    const r = decodeL2tp(fromHex('000200010002ff03c02101'));
    expect(r.l2tp).toMatchObject({ type: 'data', tunnel: 1, session: 2 });
    expect(r.l2tp?.ppp).toBeUndefined();
  });

  test('20,000 mutations of the recorded messages never throw', () => {
    let seed = 0x2661;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
    const samples = Object.values(WIRE).map((h) => fromHex(h));
    for (let i = 0; i < 20_000; i++) {
      const s = Buffer.from(samples[i % samples.length]);
      const cut = s.subarray(0, Math.floor(rand() * (s.length + 1)));
      for (let k = 0; k < 3; k++) if (cut.length) cut[Math.floor(rand() * cut.length)] ^= 1 << Math.floor(rand() * 8);
      const r = decodeL2tp(cut);
      expect(r.error?.message ?? '').not.toMatch(/decoder bug/);
    }
  });
});
