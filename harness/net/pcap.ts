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
