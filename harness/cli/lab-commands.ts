// Commands that boot a lab and keep it up (`up`), and those that reach into a running one from
// another terminal (`console`, `exec`, `capture`).
import fs from 'node:fs';
import { findLab, request, serveControl } from '../lab/control.ts';
import { Lab } from '../lab/lab.ts';
import { imageOf, resolveBorder, resolveImages } from '../lab/images.ts';
import { startTopology } from '../lab/topology.ts';
import { pcapHeader, pcapRecord } from '../net/pcap.ts';
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
