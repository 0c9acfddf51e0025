// Kernel headers are forged here byte by byte: the formats are documented (ELF, ARM zImage magic
// at 0x24, arm64 Image magic at 0x38, x86 boot protocol "HdrS" at 0x202).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { checkArch, ImageError, kernelArch, loadImage } from './image.ts';
import { PROFILES } from './profiles.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-image-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function elf(machine: number, little: boolean, bits = 32): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = bits === 64 ? 2 : 1;
  b[5] = little ? 1 : 2;
  if (little) b.writeUInt16LE(machine, 18);
  else b.writeUInt16BE(machine, 18);
  return b;
}
function at(offset: number, write: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(Math.max(0x240, offset + 8));
  write(b);
  return b;
}
function file(name: string, data: Buffer | string): string {
  const f = path.join(tmp, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, data);
  return f;
}

describe('kernelArch', () => {
  test.each([
    ['mipsel ELF', elf(8, true), 'mipsel'],
    ['mips ELF (Liminix)', elf(8, false), 'mips'],
    ['ARM ELF', elf(40, true), 'armhf'],
    ['AArch64 ELF', elf(183, true, 64), 'arm64'],
    ['x86_64 ELF', elf(62, true, 64), 'x86_64'],
    ['ARM zImage', at(0x24, (b) => b.writeUInt32LE(0x016f2818, 0x24)), 'armhf'],
    ['arm64 Image', at(0x38, (b) => b.writeUInt32LE(0x644d5241, 0x38)), 'arm64'],
    ['x86 bzImage', at(0x202, (b) => b.write('HdrS', 0x202, 'latin1')), 'x86_64'],
    ['gzipped arm64 Image', zlib.gzipSync(at(0x38, (b) => b.writeUInt32LE(0x644d5241, 0x38))), 'arm64'],
  ])('%s', (name, data, arch) => {
    expect(kernelArch(file(`k-${name}`, data)).arch).toBe(arch);
  });

  test('a file that is no kernel is refused, naming the file', () => {
    const f = file('notes.txt', 'hello, this is not a kernel'.repeat(40));
    expect(() => kernelArch(f)).toThrow(ImageError);
    expect(() => kernelArch(f)).toThrow(`${f}: not a kernel image netrig recognises`);
  });
  test('an ELF of an architecture without a profile is refused', () => {
    const f = file('ppc', elf(20, false));
    expect(() => kernelArch(f)).toThrow(/ELF 32-bit MSB PowerPC: no machine profile runs this architecture/);
  });
  test('a missing or empty kernel says so', () => {
    expect(() => kernelArch(path.join(tmp, 'nope'))).toThrow(/nope: the kernel does not exist/);
    expect(() => kernelArch(file('empty', ''))).toThrow(/the kernel file is empty/);
  });
});

describe('loadImage', () => {
  test('a kernel of the wrong architecture for the profile is refused, naming both', () => {
    file('wrong/kernel', elf(8, true));
    file('wrong/initrd.img', 'x');
    const img = loadImage(path.join(tmp, 'wrong'));
    expect(img.arch).toBe('mipsel');
    expect(() => checkArch(img, PROFILES['armv7-virt'])).toThrow(
      /wrong\/kernel: kernel is mipsel \(ELF 32-bit LSB MIPS\) but machine profile armv7-virt runs armhf kernels — use profile mipsel-malta/,
    );
  });
  test('a Liminix vmroot directory loads its rootfs as phram at the address run.sh names', () => {
    file('vmroot/vmlinux', elf(8, false));
    file('vmroot/rootfs', Buffer.alloc(1024));
    file('vmroot/commandline', 'console=ttyS0,115200 panic=10\n');
    file('vmroot/run.sh', '#!/bin/sh\nrun-liminix-vm --command-line "x" --arch mips --phram-address 0x10000000 $* a b\n');
    const img = loadImage(path.join(tmp, 'vmroot'));
    expect(img).toMatchObject({ kind: 'vmroot', arch: 'mips', phramAddress: '0x10000000' });
    expect(img.cmdline).toEqual([
      'console=ttyS0,115200',
      'panic=10',
      'mem=256M',
      'liminix',
      'mtdparts=phram0:16M(rootfs)',
      'phram.phram=phram0,0x10000000,16Mi,65536',
      'root=/dev/mtdblock0',
    ]);
  });
  test('a missing image directory, a directory with no kernel, and a broken fixture each name the file', () => {
    expect(() => loadImage(path.join(tmp, 'absent'))).toThrow(/absent: the image directory does not exist/);
    fs.mkdirSync(path.join(tmp, 'bare'));
    expect(() => loadImage(path.join(tmp, 'bare'))).toThrow(/bare: no kernel found/);
    file('fx/image.json', '{"arch": "mipsel", "kernel": "vmlinux"}');
    expect(() => loadImage(path.join(tmp, 'fx'))).toThrow(/image.json: field "initrd" is missing/);
    file('fx2/image.json', '{not json');
    expect(() => loadImage(path.join(tmp, 'fx2'))).toThrow(/image.json: unreadable fixture description/);
  });
});
