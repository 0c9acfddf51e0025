import { describe, expect, test } from 'vitest';
import { dhcp4Discover, echoRequest6, routerAdvertisement, tcpSyn } from './build.ts';
import { DecodeError, fromHex } from './bytes.ts';
import { decodeDhcp4, encodeDhcp4 } from './dhcp4.ts';
import { decodeDhcp6, encodeDhcp6 } from './dhcp6.ts';
import { decodeFrame, encodeFrame, type Frame, type FrameInit } from './frame.ts';
import { BROKEN, HOST, ROUTER, SAMPLES } from './samples.ts';

/** The object without its undefined fields, recursively, bytes as Buffers: what decoding gives back. */
function given(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(given);
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : [[k, given(x)]])));
}

/** A decoded frame stands in for a forged one (a compile-time check as much as a runtime one). */
const again = (f: Frame): Buffer => encodeFrame(f satisfies FrameInit);

describe('every sample round-trips', () => {
  test.each(SAMPLES.map((s) => [s.name, s] as const))('%s', (_, s) => {
    const bytes = encodeFrame(s.frame);
    const f = decodeFrame(bytes);
    expect(f.error).toBeUndefined();
    expect(f).toMatchObject(given(s.frame) as object);
    expect(JSON.stringify(f, (k, v) => (k === 'checksum' ? 'bad' : v))).not.toContain('"bad"');
    expect(again(f as Frame)).toEqual(bytes);
  });
});

describe('frames forged wrong on purpose', () => {
  test.each(BROKEN.map((s) => [s.name, s] as const))('%s re-encodes byte for byte', (_, s) => {
    const bytes = encodeFrame(s.frame);
    expect(again(decodeFrame(bytes) as Frame)).toEqual(bytes);
  });

  test('a wrong checksum is reported, and the right one is not', () => {
    const f = decodeFrame(encodeFrame(BROKEN[0].frame));
    expect(f.ipv4?.checksum).toBe(0xdead);
    expect(f.udp?.checksum).toBeUndefined();
    const g = decodeFrame(encodeFrame(BROKEN[1].frame));
    expect(g.udp?.checksum).toBe(0xdead);
  });

  test('a wrong length stops decoding at that layer, with the rest kept raw', () => {
    const bytes = encodeFrame(BROKEN.find((s) => s.name === 'udp length too long')!.frame);
    const f = decodeFrame(bytes);
    expect(f.ipv4?.dst).toBe('192.168.1.1');
    expect(f.udp).toBeUndefined();
    expect(f.error).toMatchObject({ layer: 'udp', offset: 14 + 20 + 4 });
    expect(f.error?.message).toMatch(/UDP length 999/);
    expect(f.payload?.length).toBe(8 + 17);
  });
});

describe('decoding bad bytes', () => {
  const discover = encodeFrame(dhcp4Discover({ mac: HOST }));

  test.each([
    ['nothing', 0, 'eth', /Ethernet header needs 14 bytes, only 0 left/],
    ['half an Ethernet header', 7, 'eth', /Ethernet header/],
    ['an IPv4 header cut short', 14 + 12, 'ipv4', /IPv4 header needs 20 bytes/],
    ['a DHCP message cut short', 100, 'ipv4', /total length 328/],
  ])('%s', (_, len, layer, message) => {
    const f = decodeFrame(discover.subarray(0, len));
    expect(f.error).toMatchObject({ layer });
    expect(f.error?.message).toMatch(message);
  });

  test('a DHCP port with no DHCP behind it is a dhcp4 error, the UDP layer intact', () => {
    const f = decodeFrame(encodeFrame({ eth: { src: HOST }, ipv4: { src: '0.0.0.0', dst: '255.255.255.255' }, udp: { srcPort: 68, dstPort: 67 }, payload: Buffer.from('hello') }));
    expect(f.udp).toEqual({ srcPort: 68, dstPort: 67 });
    expect(f.error).toMatchObject({ layer: 'dhcp4', offset: 42 });
    expect(Buffer.from(f.payload!).toString()).toBe('hello');
  });

  test('an NDP option of length 0 is an error, not an endless loop', () => {
    const ra = encodeFrame(routerAdvertisement({ mac: ROUTER }));
    ra[14 + 40 + 16 + 1] = 0; // the source link-layer option's length
    const f = decodeFrame(ra);
    expect(f.error).toMatchObject({ layer: 'icmp6' });
    expect(f.error?.message).toMatch(/NDP option 1 has length 0/);
  });

  test('the standalone decoders throw DecodeError', () => {
    expect(() => decodeDhcp4(new Uint8Array(10))).toThrow(DecodeError);
    expect(() => decodeDhcp6(Uint8Array.of(1, 0, 0, 0, 0, 1, 0, 9))).toThrow(/overruns/);
  });
});

describe('encoding fills in what follows from the layers', () => {
  test('a forged DHCPDISCOVER is one line, broadcast from 0.0.0.0:68 to 255.255.255.255:67', () => {
    const f = decodeFrame(encodeFrame(dhcp4Discover({ mac: HOST, hostname: 'box' })));
    expect(f.eth).toEqual({ src: HOST, dst: 'ff:ff:ff:ff:ff:ff', type: 0x0800 });
    expect(f.ipv4).toMatchObject({ src: '0.0.0.0', dst: '255.255.255.255', protocol: 17, ttl: 64 });
    expect(f.udp).toEqual({ srcPort: 68, dstPort: 67 });
    expect(f.dhcp4).toMatchObject({ op: 1, chaddr: HOST, options: { messageType: 'discover', hostname: 'box' } });
  });

  test('an IPv6 multicast destination gives the Ethernet destination', () => {
    expect(decodeFrame(encodeFrame(routerAdvertisement({ mac: ROUTER }))).eth?.dst).toBe('33:33:00:00:00:01');
  });

  test('short frames are padded to 60 bytes', () => {
    expect(encodeFrame({ eth: { src: HOST, dst: ROUTER, type: 0x88b5 }, payload: Uint8Array.of(1) }).length).toBe(60);
  });

  test('what cannot be derived is asked for', () => {
    expect(() => encodeFrame(echoRequest6({ mac: HOST, dst: '3fff::1' }))).toThrow(/eth.dst is needed/);
    expect(() => encodeFrame({ eth: { src: HOST, dst: ROUTER } })).toThrow(/eth.type is needed/);
    expect(() => encodeFrame({ eth: { src: HOST, dst: ROUTER }, ipv4: { src: '1.2.3.4', dst: '1.2.3.5' }, udp: {} })).toThrow(/udp.srcPort is needed/);
    expect(() => encodeFrame(tcpSyn({ mac: HOST, dstMac: ROUTER, src: '3fff::1', dst: '3fff::12345', dstPort: 1 }))).toThrow(/bad IPv6 address "3fff::12345"/);
    expect(() => encodeFrame({ ...dhcp4Discover({ mac: HOST }), dhcp4: { chaddr: HOST, options: { nosuch: 1 } as never } })).toThrow(
      /unknown DHCPv4 option "nosuch"; known: messageType, subnetMask/,
    );
  });

  test('UDP checksums are right with and without DHCPv4 server and boot file names', () => {
    for (const names of [{}, { sname: 'border' }, { file: 'pxelinux.0' }, { sname: 'border', file: 'pxelinux.0' }]) {
      const frame = dhcp4Discover({ mac: HOST, hostname: 'box' });
      const f = decodeFrame(encodeFrame({ ...frame, dhcp4: { ...frame.dhcp4!, ...names } }));
      expect(f.error).toBeUndefined();
      expect(f.udp).toEqual({ srcPort: 68, dstPort: 67 });
      expect(f.dhcp4).toMatchObject({ sname: '', file: '', ...names });
    }
  });

  test('IPv6 extension headers chain Next Header to the upper layer', () => {
    const bytes = encodeFrame({ ...echoRequest6({ mac: HOST, dstMac: ROUTER, dst: '3fff::1' }), ipv6: { src: 'fe80::1', dst: '3fff::1', ext: [{ type: 'hop-by-hop', options: { routerAlert: 0 } }, { type: 'destination', options: {} }] } });
    expect(bytes[14 + 6]).toBe(0); // hop-by-hop
    expect(bytes[14 + 40]).toBe(60); // then destination options
    expect(bytes[14 + 48]).toBe(58); // then ICMPv6
    expect(decodeFrame(bytes).icmp6).toMatchObject({ type: 'echo-request' });
  });
});

describe('fragments carry raw bytes, not an upper layer', () => {
  const data = Buffer.from('0123456789abcdef');
  test.each([
    ['IPv4 first fragment', { ipv4: { src: '192.0.2.1', dst: '192.0.2.2', mf: true, protocol: 17 } }],
    ['IPv4 later fragment', { ipv4: { src: '192.0.2.1', dst: '192.0.2.2', fragOffset: 1480, protocol: 17 } }],
    ['IPv6 fragment', { ipv6: { src: '3fff::1', dst: '3fff::2', protocol: 17, ext: [{ type: 'fragment' as const, offset: 1232, more: true, id: 7 }] } }],
  ])('%s', (_, layers) => {
    const bytes = encodeFrame({ eth: { src: HOST, dst: ROUTER }, ...layers, payload: data });
    const f = decodeFrame(bytes);
    expect(f.error).toBeUndefined();
    expect(f.udp).toBeUndefined();
    expect(f.payload).toEqual(data);
    expect(again(f as Frame)).toEqual(bytes);
  });
});

describe('DHCP payloads on their own', () => {
  test('DHCPv4: unknown options survive in order; long ones split and join (RFC 3396)', () => {
    const long = new Uint8Array(600).map((_, i) => i & 0xff);
    const bytes = encodeDhcp4({ chaddr: HOST, xid: 1, options: { messageType: 'inform', option250: Uint8Array.of(9), vendorSpecific: long, hostname: 'h' } });
    const m = decodeDhcp4(bytes);
    expect(Object.keys(m.options)).toEqual(['messageType', 'option250', 'vendorSpecific', 'hostname']);
    expect(Buffer.from(m.options.vendorSpecific!)).toEqual(Buffer.from(long));
    expect(encodeDhcp4(m)).toEqual(bytes);
  });

  test('DHCPv6: IA_PD with its prefix and a status inside', () => {
    const bytes = encodeDhcp6({
      type: 'reply',
      xid: 0x123456,
      options: { iaPd: [{ iaid: 7, t1: 100, t2: 160, options: { iaPrefix: [{ prefix: '3fff:0:0:100::/56', validLifetime: 200, options: { status: { code: 'success', message: '' } } }] } }] },
    });
    expect(decodeDhcp6(bytes).options.iaPd?.[0]).toEqual({
      iaid: 7,
      t1: 100,
      t2: 160,
      options: { iaPrefix: [{ prefix: '3fff:0:0:100::/56', preferredLifetime: 0, validLifetime: 200, options: { status: { code: 'success', message: '' } } }] },
    });
  });

  test('a DHCPv4 message from a hex dump', () => {
    // The first bytes and options of ISC dhclient's DHCPDISCOVER, the rest zero.
    const hex = `01010600 1266c121 00000000 00000000 00000000 00000000 00000000 525400123456 ${'00'.repeat(202)}
      63825363 350101 0c0d6e65747269672d636c69656e74 ff`;
    expect(decodeDhcp4(fromHex(hex))).toMatchObject({ xid: 0x1266c121, chaddr: HOST, options: { messageType: 'discover', hostname: 'netrig-client' } });
  });
});
