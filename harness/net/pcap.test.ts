import { execFileSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openPcap, pcapHeader, pcapRecord, readPcapFile } from './pcap.ts';

// pcap-parser is CommonJS without types; this is the little of it we use.
const pcapParser = createRequire(import.meta.url)('pcap-parser') as { parse(file: string): EventEmitter };

interface Read {
  header: Record<string, number>;
  packets: { header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number }; data: Buffer }[];
}

function readPcap(file: string): Promise<Read> {
  return new Promise((resolve, reject) => {
    const out: Read = { header: {}, packets: [] };
    const p = pcapParser.parse(file);
    p.on('globalHeader', (h: Read['header']) => (out.header = h));
    p.on('packet', (pkt: Read['packets'][number]) => out.packets.push(pkt));
    p.on('error', reject);
    p.on('end', () => resolve(out));
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-pcap-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const frame = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('pure pieces', () => {
  test('the global header: magic, version 2.4, snaplen 65535, Ethernet', () => {
    const h = pcapHeader();
    expect(h.length).toBe(24);
    expect(h.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect([h.readUInt16LE(4), h.readUInt16LE(6)]).toEqual([2, 4]);
    expect(h.readUInt32LE(16)).toBe(65535);
    expect(h.readUInt32LE(20)).toBe(1);
  });

  test.each([
    [1_700_000_000_123.4567, 1_700_000_000, 123_457],
    [1_700_000_000_999.9996, 1_700_000_001, 0],
    [0, 0, 0],
  ])('a record at %d ms is stamped %d s %d µs', (ms, sec, usec) => {
    const r = pcapRecord(frame(60, 1), ms);
    expect([r.readUInt32LE(0), r.readUInt32LE(4), r.readUInt32LE(8), r.readUInt32LE(12)]).toEqual([sec, usec, 60, 60]);
    expect(r.subarray(16)).toEqual(frame(60, 1));
  });

  test('a frame over the snaplen is cut, its original length kept', () => {
    const r = pcapRecord(frame(70_000, 2), 0);
    expect([r.readUInt32LE(8), r.readUInt32LE(12), r.length]).toEqual([65535, 70_000, 16 + 65535]);
  });
});

describe('the writer', () => {
  test('pcap-parser reads back what it wrote', async () => {
    const file = path.join(dir, 'a.pcap');
    const w = openPcap(file);
    const frames = [frame(60, 1), frame(342, 2), frame(1514, 3)];
    frames.forEach((f, i) => w.write(f, 1_700_000_000_000 + i * 1.5));
    expect(w.count).toBe(3);
    w.close();
    expect(() => w.write(frame(60, 0))).toThrow(/after close/);
    const read = await readPcap(file);
    expect(read.header).toMatchObject({ magicNumber: 0xa1b2c3d4, majorVersion: 2, minorVersion: 4, snapshotLength: 65535, linkLayerType: 1 });
    expect(read.packets.map((p) => p.data)).toEqual(frames);
    expect(read.packets.map((p) => [p.header.timestampSeconds, p.header.timestampMicroseconds])).toEqual([
      [1_700_000_000, 0],
      [1_700_000_000, 1500],
      [1_700_000_000, 3000],
    ]);
  });

  test('the file is valid up to its last frame when the process is killed mid-run', async () => {
    const file = path.join(dir, 'killed.pcap');
    const script = `
      import { openPcap } from ${JSON.stringify(new URL('./pcap.ts', import.meta.url).href)};
      const w = openPcap(${JSON.stringify(file)});
      for (let i = 0; i < 5; i++) w.write(Buffer.alloc(100, i));
      process.kill(process.pid, 'SIGKILL');`;
    let signal: string | undefined;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' });
    } catch (e) {
      signal = (e as { signal?: string }).signal;
    }
    expect(signal).toBe('SIGKILL');
    const read = await readPcap(file);
    expect(read.packets.map((p) => p.data)).toEqual([0, 1, 2, 3, 4].map((i) => Buffer.alloc(100, i)));
  });
});

describe('the reader (netrig replay reads what tcpdump, Wireshark and netrig write)', () => {
  const frames = [Buffer.alloc(60, 1), Buffer.alloc(1514, 2), Buffer.alloc(14, 3)];
  const times = [1_700_000_000_000.001, 1_700_000_000_250.5, 1_700_000_001_000];
  const written = () => {
    const file = path.join(dir, 'three.pcap');
    const w = openPcap(file);
    frames.forEach((f, i) => w.write(f, times[i]));
    w.close();
    return file;
  };

  test('reads back what the writer wrote: bytes, times to the microsecond, lengths', () => {
    const read = readPcapFile(fs.readFileSync(written()), 'three.pcap');
    expect(read.map((f) => f.data)).toEqual(frames);
    expect(read.map((f) => f.origLen)).toEqual([60, 1514, 14]);
    read.forEach((f, i) => expect(Math.abs(f.time - times[i])).toBeLessThan(0.001));
  });

  test('reads big-endian files and nanosecond stamps (editcap -F nsecpcap)', () => {
    const nsec = path.join(dir, 'nsec.pcap');
    execFileSync('editcap', ['-F', 'nsecpcap', written(), nsec]);
    const read = readPcapFile(fs.readFileSync(nsec), 'nsec.pcap');
    expect(read.map((f) => f.data)).toEqual(frames);
    read.forEach((f, i) => expect(Math.abs(f.time - times[i])).toBeLessThan(0.001));
    // The same records, every field big-endian.
    const le = fs.readFileSync(written());
    const be = Buffer.from(le);
    const swap = (off: number) => be.writeUInt32BE(le.readUInt32LE(off), off);
    [0, 16, 20].forEach(swap);
    be.writeUInt16BE(le.readUInt16LE(4), 4);
    be.writeUInt16BE(le.readUInt16LE(6), 6);
    for (let off = 24; off < le.length; off += 16 + le.readUInt32LE(off + 8)) [0, 4, 8, 12].forEach((k) => swap(off + k));
    expect(readPcapFile(be, 'be.pcap').map((f) => f.data)).toEqual(frames);
  });

  test('a cut capture keeps each frame\'s original length', () => {
    const file = path.join(dir, 'cut.pcap');
    fs.writeFileSync(file, Buffer.concat([pcapHeader(100), pcapRecord(Buffer.alloc(300, 7), 0, 100)]));
    const [f] = readPcapFile(fs.readFileSync(file), 'cut.pcap');
    expect([f.data.length, f.origLen]).toEqual([100, 300]);
  });

  test.each([
    ['pcapng', () => execFileSync('editcap', ['-F', 'pcapng', written(), '-']), /x: a pcapng file; netrig reads classic pcap \(convert it with: editcap -F pcap x out\.pcap\)/],
    ['a text file', () => Buffer.from('hello, this is not a capture at all\n'), /x: not a pcap file \(magic 0x6c6c6568\)/],
    ['a short file', () => Buffer.alloc(10), /x: not a pcap file \(10 bytes, less than a pcap header\)/],
    ['raw IP, not Ethernet', () => Buffer.concat([pcapHeader().fill(0, 20).fill(101, 20, 21)]), /x: link type 101, not Ethernet \(1\)/],
    ['a file cut in a record', () => fs.readFileSync(written()).subarray(0, 24 + 16 + 60 + 16 + 100), /x: cut short in record 2 \(byte 100: 1514 bytes captured, 100 left\)/],
    ['a file cut in a record header', () => fs.readFileSync(written()).subarray(0, 24 + 16 + 60 + 5), /x: cut short in the header of record 2 \(byte 100\)/],
    ['a damaged length', () => Buffer.concat([pcapHeader(), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]), /x: record 1 \(byte 24\) says 2147483647 bytes captured: the file is damaged/],
  ])('%s is refused with what it is', (_, bytes, message) => {
    expect(() => readPcapFile(bytes(), 'x')).toThrow(message);
  });
});
