import { execFileSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openPcap, pcapHeader, pcapRecord } from './pcap.ts';

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
