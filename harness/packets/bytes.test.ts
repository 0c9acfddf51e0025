import { describe, expect, test } from 'vitest';
import { checksum, encodeInArena, readText, sum16, writeText, zero } from './bytes.ts';

/** RFC 1071 the plain way: big-endian 16-bit words, an odd last byte padded with zero. */
function reference(b: Uint8Array, off: number, end: number, acc: number): number {
  let s = acc;
  for (let i = off; i < end; i += 2) s += (b[i] << 8) | (i + 1 < end ? b[i + 1] : 0);
  return checksum(s);
}

describe('readText and writeText', () => {
  test('read as Buffer#toString does, at every length', () => {
    const texts = ['', 'a', 'client', 'netrig-client', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(65), 'grüße', 'π≈3.14', '日本', 'a\u0000b'];
    for (const t of texts) {
      const b = Buffer.from(`--${t}--`, 'utf8');
      expect(readText(b, 2, b.length - 2)).toBe(b.toString('utf8', 2, b.length - 2));
      expect(readText(b, 2, b.length - 2, true)).toBe(b.toString('latin1', 2, b.length - 2));
    }
    const high = Buffer.from([0x41, 0xe9, 0xff, 0x80, 0x42]);
    expect(readText(high, 0, 5)).toBe(high.toString('utf8'));
    expect(readText(high, 0, 5, true)).toBe(high.toString('latin1'));
  });

  test('write as Buffer#write does', () => {
    for (const t of ['', 'client', 'grüße', '日本', 'q'.repeat(70)]) {
      const mine = Buffer.alloc(100);
      const theirs = Buffer.alloc(100);
      expect(writeText(mine, 3, t)).toBe(3 + theirs.write(t, 3, 'utf8'));
      expect(mine).toEqual(theirs);
    }
  });
});

describe('zero', () => {
  test('clears exactly the range asked, in the arena and elsewhere', () => {
    const check = (b: Buffer, start: number) => {
      for (const [from, len] of [[0, 3], [1, 30], [2, 236], [3, 301], [5, 64]]) {
        b.fill(0xaa, start, start + 400);
        zero(b, start + from, start + from + len);
        for (let i = 0; i < 400; i++) expect(b[start + i]).toBe(i >= from && i < from + len ? 0 : 0xaa);
      }
    };
    check(Buffer.alloc(500), 0);
    encodeInArena((b, start) => (check(b, start), start + 400));
  });
});

describe('sum16', () => {
  // Offsets of every alignment, lengths on both sides of where it starts reading whole words,
  // buffers that do not start their memory, and all-ones data (the ones'-complement corner).
  const memory = new Uint8Array(4096);
  let seed = 7;
  for (let i = 0; i < memory.length; i++) memory[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const views = [Buffer.from(memory.buffer, 0, 4096), Buffer.from(memory.buffer, 1, 4000), Buffer.from(memory.buffer, 2, 4000), Buffer.from(memory.buffer, 3, 4000)];
  const ones = Buffer.alloc(600, 0xff);

  test('agrees with the plain sum for every alignment and length', () => {
    for (const b of [...views, ones]) {
      for (let off = 0; off < 9; off++) {
        for (let len = 0; len < 400; len += len < 140 ? 1 : 37) {
          for (const acc of [0, 0xffff, 123456]) expect(checksum(sum16(b, off, off + len, acc))).toBe(reference(b, off, off + len, acc));
        }
      }
    }
  });

  test('agrees in the encoders\' arena, where it reads whole words', () => {
    encodeInArena((b, start) => {
      for (let i = 0; i < 600; i++) b[start + i] = memory[i];
      for (let off = 0; off < 9; off++) {
        for (let len = 0; len < 400; len += len < 140 ? 1 : 37) {
          expect(checksum(sum16(b, start + off, start + off + len, 5))).toBe(reference(b, start + off, start + off + len, 5));
        }
      }
      b.fill(0xff, start, start + 600);
      expect(checksum(sum16(b, start + 2, start + 590))).toBe(reference(b, start + 2, start + 590, 0));
      return start + 600;
    });
  });

  test('agrees when buffers over different memory alternate', () => {
    const others = [Buffer.from(memory.subarray(0, 700)), Buffer.from(memory.subarray(100, 900)), views[1], views[2]];
    for (let round = 0; round < 3; round++) {
      for (const b of others) {
        for (const off of [0, 1, 2, 6]) expect(checksum(sum16(b, off, off + 300, 1))).toBe(reference(b, off, off + 300, 1));
      }
    }
  });

  test('agrees on the longest frame', () => {
    const big = Buffer.alloc(0x10000 + 256 + 8, 0xff);
    for (let i = 0; i < big.length; i += 3) big[i] = i & 0xff;
    for (const off of [0, 2, 5]) expect(checksum(sum16(big, off, big.length - 3, 9))).toBe(reference(big, off, big.length - 3, 9));
  });
});
