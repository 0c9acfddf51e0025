// Commands that boot a lab and keep it up (`up`), and those that reach into a running one from
// another terminal (`console`, `exec`, `capture`, `replay`).
import fs from 'node:fs';
import { findLab, MAX_DATAGRAM, request, serveControl } from '../lab/control.ts';
import { Lab } from '../lab/lab.ts';
import { imageOf, resolveBorder, resolveImages } from '../lab/images.ts';
import { startTopology } from '../lab/topology.ts';
import { pcapHeader, pcapRecord, readPcapFile } from '../net/pcap.ts';
import { summary } from '../packets/index.ts';
import { topologyNamed } from '../../topologies/index.ts';
import { checkImageSpecs } from './test-command.ts';

export async function upCommand(name: string, opts: { image?: string }): Promise<void> {
  const topology = topologyNamed(name);
  checkImageSpecs([opts.image ?? 'fixture:mipsel']);
  const [ref] = await resolveImages([opts.image ?? 'fixture:mipsel'], (l) => process.stderr.write(`fixtures: ${l}\n`));
  const lab = await Lab.open({ name: `up-${topology.name}-${ref.label}` });
  // Ctrl-C and SIGTERM: the lab's own exit path kills every guest and removes every file.
  process.prependListener('SIGINT', () => process.stderr.write('\nnetrig: tearing the lab down\n'));
  const t0 = Date.now();
  // WAN topologies have the ISP as a border VM: its image is built (or found in the cache) too.
  const needsBorder = Object.values(topology.nodes).some((n) => n.role === 'border');
  const border = needsBorder ? imageOf(await resolveBorder((l) => process.stderr.write(`fixtures: ${l}\n`))) : undefined;
  const running = await startTopology(lab, topology, { image: imageOf(ref), border });
  const { info } = await serveControl(running);
  const lines = [
    `lab "${topology.name}" is up in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${topology.description}`,
    ...Object.entries(info.nodes).map(
      ([n, v]) => `  ${n.padEnd(8)} ${v.image} on ${v.profile} (${v.accel}); ${Object.entries(v.nics).map(([i, x]) => `${i}→${x.segment} ${x.mac}`).join(', ')}`,
    ),
    '',
    'from another terminal:',
    `  npx netrig console router        attach to the router's serial console (Ctrl-] detaches)`,
    `  npx netrig exec router ip -6 route`,
    `  npx netrig capture lan           live frames on lan, one line each (-w FILE for a pcap)`,
    `  npx netrig replay lan FILE.pcap  put a capture's frames back on lan, at their pace (--fast: at once)`,
    '',
    `artifacts: ${lab.artifacts}`,
    'Ctrl-C tears everything down.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  await new Promise(() => {});
}

export async function execCommand(node: string, words: string[], opts: { lab?: string }): Promise<void> {
  const info = findLab(opts.lab);
  const { reply } = await request(info, { op: 'exec', node, command: words.join(' ') });
  const r = reply as { code: number; output: string };
  if (r.output) process.stdout.write(r.output + '\n');
  process.exitCode = r.code;
}

export async function consoleCommand(node: string, opts: { lab?: string }): Promise<void> {
  const info = findLab(opts.lab);
  const { conn, rest } = await request(info, { op: 'console', node });
  process.stderr.write(`connected to ${node} of lab ${info.topology}; Ctrl-] detaches\r\n`);
  if (rest.length) process.stdout.write(rest);
  conn.on('data', (c: Buffer) => process.stdout.write(c));
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  await new Promise<void>((resolve) => {
    stdin.on('data', (c: Buffer) => {
      const detach = c.indexOf(0x1d);
      if (detach >= 0) {
        if (detach > 0) conn.write(c.subarray(0, detach));
        return resolve();
      }
      conn.write(c);
    });
    stdin.on('end', resolve);
    conn.on('close', resolve);
  });
  if (stdin.isTTY) stdin.setRawMode(false);
  conn.destroy();
  stdin.pause();
  process.stderr.write('\r\ndetached\r\n');
}

export async function captureCommand(segment: string, opts: { lab?: string; write?: string; count?: string }): Promise<void> {
  const info = findLab(opts.lab);
  const { conn, rest } = await request(info, { op: 'capture', segment });
  // As tcpdump says "listening on": from here on no frame of the segment is missed.
  process.stderr.write(`capturing ${segment} of lab ${info.topology}${opts.write ? ` to ${opts.write}` : ''}; Ctrl-C stops\n`);
  const out = opts.write ? fs.createWriteStream(opts.write) : undefined;
  out?.write(pcapHeader());
  const limit = opts.count ? Number(opts.count) : Infinity;
  let seen = 0;
  let buf: Buffer = rest;
  const t0 = Date.now();
  await new Promise<void>((resolve) => {
    const eat = () => {
      while (buf.length >= 12 && buf.length >= 12 + buf.readUInt32BE(0)) {
        const len = buf.readUInt32BE(0);
        const time = buf.readDoubleBE(4);
        const frame = buf.subarray(12, 12 + len);
        buf = buf.subarray(12 + len);
        if (out) out.write(pcapRecord(frame, time));
        else process.stdout.write(`${((time - t0) / 1000).toFixed(6).padStart(12)} ${summary(frame)}\n`);
        if (++seen >= limit) return resolve();
      }
    };
    conn.on('data', (c: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, c]) : c;
      eat();
    });
    eat();
    conn.on('close', resolve);
    process.once('SIGINT', resolve);
  });
  conn.destroy();
  await new Promise<void>((r) => (out ? out.end(r) : r()));
  if (opts.write) process.stderr.write(`${seen} frames written to ${opts.write}\n`);
}

/**
 * Puts the frames of a pcap file onto a segment of a running lab, in order, at the pace they
 * were captured (`--fast`: one after the other) — a capture taken with `netrig capture -w`,
 * tcpdump or Wireshark replayed to reproduce what a router did. One summary line per frame sent.
 * The file is read whole first: a file that is not a pcap of Ethernet frames fails before the lab
 * is touched. Empty records are skipped (QEMU would take an empty datagram for a closed socket),
 * and frames too big for one datagram; frames the capture cut short go out as captured; the last
 * line counts each. A lab that goes away mid-replay ends it with the lab's error.
 */
export async function replayCommand(segment: string, file: string, opts: { lab?: string; fast?: boolean }): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const frames = readPcapFile(bytes, file);
  const info = findLab(opts.lab);
  const { conn } = await request(info, { op: 'replay', segment });
  let wake = () => {};
  const done = new Promise<Record<string, unknown>>((resolve, reject) => {
    let text = '';
    conn.on('data', (c: Buffer) => (text += c.toString()));
    conn.on('close', () => {
      try {
        resolve(JSON.parse(text.trim()) as Record<string, unknown>);
      } catch {
        reject(new Error(`lab ${info.topology} closed the replay without saying how many frames it sent`));
      }
    });
    conn.on('error', reject);
  });
  // Awaited at the end; until then a lab that goes away ends the loop below (not the process).
  let gone = false;
  done.catch(() => undefined).finally(() => {
    gone = true;
    wake();
  });
  let empty = 0;
  let big = 0;
  let cut = 0;
  const t0 = Date.now();
  const first = frames[0]?.time ?? 0;
  // Ctrl-C stops at once, also in a long gap of the capture: what was sent is counted.
  let stop = false;
  const onInt = () => {
    stop = true;
    wake();
  };
  process.once('SIGINT', onInt);
  for (const f of frames) {
    if (stop || gone) break;
    if (f.data.length === 0) {
      empty++;
      continue;
    }
    if (f.data.length > MAX_DATAGRAM) {
      big++;
      continue;
    }
    if (f.data.length < f.origLen) cut++;
    const wait = opts.fast ? 0 : f.time - first - (Date.now() - t0);
    if (wait > 0) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, wait);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      if (stop || gone) break;
    }
    const head = Buffer.alloc(4);
    head.writeUInt32BE(f.data.length, 0);
    if (!conn.write(Buffer.concat([head, f.data]))) {
      await new Promise<void>((r) => {
        conn.once('drain', r);
        wake = r;
      });
      if (gone) break;
    }
    process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(6).padStart(12)} ${summary(f.data)}\n`);
  }
  process.off('SIGINT', onInt);
  conn.end();
  const r = await done;
  if (typeof r.error === 'string') throw new Error(r.error);
  const notes = [empty && `${empty} empty skipped`, big && `${big} over ${MAX_DATAGRAM} bytes skipped (more than one datagram)`, cut && `${cut} sent as cut by the capture`, stop && 'stopped by Ctrl-C'].filter(Boolean);
  process.stderr.write(`${r.sent} of ${frames.length} frames sent to ${segment} of lab ${info.topology} in ${((Date.now() - t0) / 1000).toFixed(1)} s${notes.length ? ` (${notes.join(', ')})` : ''}\n`);
}
