// Images a guest can boot, and what architecture their kernel is. Three shapes are accepted:
// a netrig fixture (a directory with image.json), a Liminix `vmroot` output (vmlinux + rootfs,
// the rootfs loaded into RAM and exposed to the kernel as phram MTD, as run-liminix-vm does),
// and a plain kernel + initrd (+ optional disk). The kernel's own header says its architecture,
// so a kernel that cannot run on the chosen machine is refused before QEMU is started.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { NetrigError } from '../util/wait.ts';
import { profileFor, type Arch, type Profile } from './profiles.ts';

export interface Image {
  kind: 'fixture' | 'vmroot' | 'kernel';
  /** What the user named (a directory), for messages. */
  source: string;
  name: string;
  arch: Arch;
  kernel: string;
  initrd?: string;
  disk?: string;
  /** Liminix vmroot: the rootfs image placed in RAM at `phramAddress`. */
  rootfs?: string;
  phramAddress?: string;
  /** Kernel command line words the image needs (console= and profile words are added later). */
  cmdline: string[];
  /** Text on the console that means "booted and ready to be driven". */
  ready: RegExp;
}

export class ImageError extends NetrigError {
  constructor(
    readonly file: string,
    problem: string,
    fix?: string,
  ) {
    super(`${file}: ${problem}${fix ? ` — ${fix}` : ''}`);
    this.name = 'ImageError';
  }
}

const KERNEL_NAMES = ['vmlinux', 'vmlinuz', 'kernel', 'zImage', 'Image', 'Image.gz', 'bzImage', 'uImage'];
const INITRD_NAMES = /^(initrd|initramfs|rootfs\.cpio)/;
const DISK_NAMES = /\.(img|qcow2|raw|ext4|squashfs)$/;
export const FIXTURE_READY = /NETRIG-READY/;
/** Liminix prints no marker of its own: a root shell prompt, or a getty, means it is up. */
const LIMINIX_READY = /(login: |# $)/m;

/** Reads what an image directory holds; fails naming the file and what is wrong with it. */
export function loadImage(dir: string): Image {
  const source = dir;
  const st = statOrThrow(dir, 'the image directory');
  if (!st.isDirectory()) {
    // A bare kernel file is an image too.
    return { kind: 'kernel', source, name: path.basename(dir), arch: kernelArch(dir).arch, kernel: dir, cmdline: [], ready: LIMINIX_READY };
  }
  const at = (f: string) => path.join(dir, f);
  if (fs.existsSync(at('image.json'))) return loadFixture(dir);
  if (fs.existsSync(at('vmlinux')) && fs.existsSync(at('rootfs'))) return loadVmroot(dir);
  const kernelName = KERNEL_NAMES.find((k) => fs.existsSync(at(k)));
  if (!kernelName) {
    throw new ImageError(dir, `no kernel found (looked for ${KERNEL_NAMES.join(', ')}, or image.json of a fixture)`, 'name a Liminix vmroot output, a fixture, or a directory with a kernel and initrd');
  }
  const files = fs.readdirSync(dir);
  const initrd = files.find((f) => INITRD_NAMES.test(f));
  const disk = files.find((f) => DISK_NAMES.test(f));
  const kernel = at(kernelName);
  if (initrd) readable(at(initrd), 'initrd');
  if (disk) readable(at(disk), 'disk');
  const cmdline = fs.existsSync(at('commandline')) ? fs.readFileSync(at('commandline'), 'utf8').trim().split(/\s+/) : [];
  return {
    kind: 'kernel',
    source,
    name: path.basename(path.resolve(dir)),
    arch: kernelArch(kernel).arch,
    kernel,
    initrd: initrd && at(initrd),
    disk: disk && at(disk),
    cmdline,
    ready: LIMINIX_READY,
  };
}

interface FixtureJson {
  arch: Arch;
  kernel: string;
  initrd: string;
  cmdline?: string[];
  name?: string;
}

function loadFixture(dir: string): Image {
  const file = path.join(dir, 'image.json');
  let meta: FixtureJson;
  try {
    meta = JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureJson;
  } catch (e) {
    throw new ImageError(file, `unreadable fixture description (${(e as Error).message})`, 'rebuild it: netrig fixtures build');
  }
  for (const field of ['arch', 'kernel', 'initrd'] as const) {
    if (typeof meta[field] !== 'string') throw new ImageError(file, `field "${field}" is missing`, 'rebuild it: netrig fixtures build');
  }
  const kernel = path.resolve(dir, meta.kernel);
  const initrd = path.resolve(dir, meta.initrd);
  readable(initrd, 'initrd');
  const arch = kernelArch(kernel).arch;
  if (arch !== meta.arch) throw new ImageError(kernel, `kernel is ${arch} but image.json says ${meta.arch}`);
  return { kind: 'fixture', source: dir, name: meta.name ? `${meta.name}-${arch}` : `fixture:${arch}`, arch, kernel, initrd, cmdline: meta.cmdline ?? [], ready: FIXTURE_READY };
}

function loadVmroot(dir: string): Image {
  const kernel = path.join(dir, 'vmlinux');
  const rootfs = path.join(dir, 'rootfs');
  readable(rootfs, 'rootfs');
  const arch = kernelArch(kernel).arch;
  const run = fs.existsSync(path.join(dir, 'run.sh')) ? fs.readFileSync(path.join(dir, 'run.sh'), 'utf8') : '';
  // run.sh names the address Liminix chose (RAM start + 256 MiB); without it, use that rule.
  const phramAddress = /--phram-address\s+(0x[0-9a-fA-F]+)/.exec(run)?.[1] ?? (arch.startsWith('arm') ? '0x50000000' : '0x10000000');
  const commandline = path.join(dir, 'commandline');
  const base = fs.existsSync(commandline) ? fs.readFileSync(commandline, 'utf8').trim().split(/\s+/).filter(Boolean) : [];
  const cmdline = [...base, 'mem=256M', 'liminix', 'mtdparts=phram0:16M(rootfs)', `phram.phram=phram0,${phramAddress},16Mi,65536`, 'root=/dev/mtdblock0'];
  return { kind: 'vmroot', source: dir, name: path.basename(path.resolve(dir)), arch, kernel, rootfs, phramAddress, cmdline, ready: LIMINIX_READY };
}

export interface KernelFormat {
  arch: Arch;
  format: string;
}

const ELF_MACHINES: Record<number, string> = { 3: 'i386', 8: 'MIPS', 20: 'PowerPC', 40: 'ARM', 62: 'x86_64', 183: 'AArch64', 243: 'RISC-V' };

/** The architecture of a kernel image, read from its header (ELF, zImage, arm64 Image, bzImage, gzip of those). */
export function kernelArch(file: string): KernelFormat {
  const head = readHead(file, 0x240);
  const found = identify(head);
  if (found) return known(file, found);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    let inner: Buffer;
    try {
      inner = zlib.gunzipSync(fs.readFileSync(file), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, 0x240);
    } catch (e) {
      throw new ImageError(file, `gzip data is corrupt (${(e as Error).message})`);
    }
    const innerFound = identify(inner);
    if (innerFound) return known(file, { ...innerFound, format: `gzip of ${innerFound.format}` });
  }
  throw new ImageError(file, 'not a kernel image netrig recognises (not ELF, zImage, arm64 Image or bzImage)', 'name the kernel of a MIPS, ARM or x86_64 build');
}

function known(file: string, f: { arch?: Arch; format: string }): KernelFormat {
  if (!f.arch) throw new ImageError(file, `${f.format}: no machine profile runs this architecture`, 'netrig boots MIPS, ARM and x86_64 kernels');
  return { arch: f.arch, format: f.format };
}

function identify(h: Buffer): { arch?: Arch; format: string } | undefined {
  if (h.length >= 20 && h.readUInt32BE(0) === 0x7f454c46) {
    const little = h[5] === 1;
    const machine = little ? h.readUInt16LE(18) : h.readUInt16BE(18);
    const bits = h[4] === 2 ? 64 : 32;
    const name = ELF_MACHINES[machine] ?? `machine ${machine}`;
    const format = `ELF ${bits}-bit ${little ? 'LSB' : 'MSB'} ${name}`;
    if (machine === 8) return { arch: little ? 'mipsel' : 'mips', format };
    if (machine === 40) return { arch: 'armhf', format };
    if (machine === 183) return { arch: 'arm64', format };
    if (machine === 62) return { arch: 'x86_64', format };
    return { format };
  }
  if (h.length >= 0x206 && h.toString('latin1', 0x202, 0x206) === 'HdrS') return { arch: 'x86_64', format: 'x86 bzImage' };
  if (h.length >= 0x3c && h.readUInt32LE(0x38) === 0x644d5241) return { arch: 'arm64', format: 'arm64 Image' };
  if (h.length >= 0x28 && h.readUInt32LE(0x24) === 0x016f2818) return { arch: 'armhf', format: 'ARM zImage' };
  return undefined;
}

/** Refuses an image whose kernel the profile cannot run, naming both. */
export function checkArch(image: Image, profile: Profile): void {
  if (image.arch === profile.arch) return;
  const { format } = kernelArch(image.kernel);
  throw new ImageError(
    image.kernel,
    `kernel is ${image.arch} (${format}) but machine profile ${profile.name} runs ${profile.arch} kernels`,
    `use profile ${profileFor(image.arch).name}, or the ${profile.arch} build of the image`,
  );
}

function statOrThrow(file: string, what: string): fs.Stats {
  try {
    return fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImageError(file, code === 'ENOENT' ? `${what} does not exist` : `cannot read ${what} (${code})`);
  }
}

function readable(file: string, what: string): void {
  statOrThrow(file, what);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    throw new ImageError(file, `cannot read the ${what} (${(e as NodeJS.ErrnoException).code})`);
  }
}

function readHead(file: string, n: number): Buffer {
  statOrThrow(file, 'the kernel');
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw new ImageError(file, `cannot read the kernel (${(e as NodeJS.ErrnoException).code})`);
  }
  try {
    const b = Buffer.alloc(n);
    const got = fs.readSync(fd, b, 0, n, 0);
    if (got === 0) throw new ImageError(file, 'the kernel file is empty');
    return b.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}
