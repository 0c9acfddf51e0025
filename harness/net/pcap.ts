// Classic pcap files (libpcap format 2.4, LINKTYPE_ETHERNET, microsecond timestamps, snaplen
// 65535) — what tshark, Wireshark and tcpdump read. `pcapHeader`/`pcapRecord` are pure; `openPcap`
// writes the header when it opens and each record with one synchronous write as it comes, so a
// file stays readable up to its last whole frame even if the process is killed mid-run.

import fs from 'node:fs';

export const PCAP_SNAPLEN = 65535;
export const LINKTYPE_ETHERNET = 1;

/** The 24-byte global header, little-endian (magic 0xa1b2c3d4 as the host writes it). */
export function pcapHeader(snaplen = PCAP_SNAPLEN): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  // thiszone and sigfigs stay 0
  h.writeUInt32LE(snaplen, 16);
  h.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  return h;
}

/** One record: the 16-byte header and the frame, cut at `snaplen` (the original length is kept).
 * `timeMs` is milliseconds since the epoch, fractions allowed (`performance.timeOrigin + performance.now()`). */
export function pcapRecord(frame: Uint8Array, timeMs: number, snaplen = PCAP_SNAPLEN): Buffer {
  const caplen = Math.min(frame.length, snaplen);
  const r = Buffer.allocUnsafe(16 + caplen);
  let sec = Math.floor(timeMs / 1000);
  let usec = Math.round((timeMs - sec * 1000) * 1000);
  if (usec >= 1_000_000) {
    sec += 1;
    usec -= 1_000_000;
  }
  r.writeUInt32LE(sec >>> 0, 0);
  r.writeUInt32LE(usec, 4);
  r.writeUInt32LE(caplen, 8);
  r.writeUInt32LE(frame.length, 12);
  r.set(frame.subarray(0, caplen), 16);
  return r;
}

export interface PcapWriter {
  readonly path: string;
  /** Frames written so far. */
  readonly count: number;
  /** Appends one frame; `timeMs` defaults to now. */
  write(frame: Uint8Array, timeMs?: number): void;
  /** Closes the file; writing after that throws. */
  close(): void;
}

/** Creates (or truncates) a pcap file at `path` and returns a writer for it. */
export function openPcap(path: string): PcapWriter {
  let fd: number | undefined = fs.openSync(path, 'w');
  fs.writeSync(fd, pcapHeader());
  let count = 0;
  return {
    path,
    get count() {
      return count;
    },
    write(frame, timeMs = performance.timeOrigin + performance.now()) {
      if (fd === undefined) throw new Error(`pcap ${path}: write after close`);
      fs.writeSync(fd, pcapRecord(frame, timeMs));
      count++;
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}

/** One frame of a pcap file as read back: its bytes (as captured), when, and how long it was. */
export interface PcapFrame {
  /** Milliseconds since the epoch. */
  time: number;
  data: Buffer;
  /** The frame's length on the wire; more than `data.length` when the capture cut it. */
  origLen: number;
}

const PCAPNG_MAGIC = 0x0a0d0d0a;

/**
 * Reads a classic pcap file (either byte order, microsecond or nanosecond stamps) of Ethernet
 * frames, as tcpdump, tshark -F pcap and netrig itself write them. Anything else — pcapng, another
 * link type, a file cut short — is an error that says what the file is and where it went wrong;
 * `what` names the file in it.
 */
export function readPcapFile(bytes: Buffer, what: string): PcapFrame[] {
  if (bytes.length < 24) throw new Error(`${what}: not a pcap file (${bytes.length} bytes, less than a pcap header)`);
  const magicLE = bytes.readUInt32LE(0);
  if (magicLE === PCAPNG_MAGIC) throw new Error(`${what}: a pcapng file; netrig reads classic pcap (convert it with: editcap -F pcap ${what} out.pcap)`);
  const FORMS: Record<number, { le: boolean; nano: boolean }> = {
    0xa1b2c3d4: { le: true, nano: false },
    0xa1b23c4d: { le: true, nano: true },
    0xd4c3b2a1: { le: false, nano: false },
    0x4d3cb2a1: { le: false, nano: true },
  };
  const form = FORMS[magicLE];
  if (!form) throw new Error(`${what}: not a pcap file (magic 0x${magicLE.toString(16).padStart(8, '0')})`);
  const u32 = (off: number) => (form.le ? bytes.readUInt32LE(off) : bytes.readUInt32BE(off));
  const linktype = u32(20) & 0x0fffffff;
  if (linktype !== LINKTYPE_ETHERNET) throw new Error(`${what}: link type ${linktype}, not Ethernet (1): its records are not Ethernet frames`);
  const frames: PcapFrame[] = [];
  let off = 24;
  while (off < bytes.length) {
    if (bytes.length - off < 16) throw new Error(`${what}: cut short in the header of record ${frames.length + 1} (byte ${off})`);
    const caplen = u32(off + 8);
    if (caplen > 262_144) throw new Error(`${what}: record ${frames.length + 1} (byte ${off}) says ${caplen} bytes captured: the file is damaged`);
    if (bytes.length - off - 16 < caplen) throw new Error(`${what}: cut short in record ${frames.length + 1} (byte ${off}: ${caplen} bytes captured, ${bytes.length - off - 16} left)`);
    const sub = u32(off + 4);
    frames.push({ time: u32(off) * 1000 + (form.nano ? sub / 1e6 : sub / 1e3), data: bytes.subarray(off + 16, off + 16 + caplen), origLen: u32(off + 12) });
    off += 16 + caplen;
  }
  return frames;
}
