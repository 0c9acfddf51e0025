// Brings one lab's artifacts into the report directory (hard links, so nothing is copied when
// they share a file system) and reads what the report shows about it: how each guest was wired
// (from the QEMU command line the lab kept), its consoles, its pcaps and its timeline.
import fs from 'node:fs';
import path from 'node:path';
import { LIMINIX_SEGMENTS } from '../net/segment.ts';
import type { TimelineEvent } from '../lab/timeline.ts';
import type { LabInfo, TopologyShape, Wire } from './model.ts';

/** Links (or copies) `src` into `<reportDir>/labs/<name>` and describes it. */
export function collectLab(src: string, reportDir: string, hints: { image?: string; topology?: TopologyShape } = {}): LabInfo {
  const name = path.basename(src);
  const rel = path.join('labs', name);
  const dest = path.join(reportDir, rel);
  fs.mkdirSync(dest, { recursive: true });
  const files = fs.existsSync(src) ? fs.readdirSync(src).filter((f) => fs.statSync(path.join(src, f)).isFile()) : [];
  for (const f of files) linkOrCopy(path.join(src, f), path.join(dest, f));
  const guestNames = [...new Set(files.filter((f) => f.endsWith('.argv') || f.endsWith('.console.log')).map((f) => f.replace(/\.(argv|console\.log)$/, '')))].sort();
  const guests = guestNames.map((g) => {
    const argv = files.includes(`${g}.argv`) ? `${g}.argv` : undefined;
    return {
      name: g,
      wires: argv ? wiresOf(fs.readFileSync(path.join(dest, argv), 'utf8')) : [],
      console: files.includes(`${g}.console.log`) ? path.join(rel, `${g}.console.log`) : undefined,
      argv: argv && path.join(rel, argv),
    };
  });
  const pcaps = files
    .filter((f) => f.endsWith('.pcap'))
    .sort(bySegment)
    .map((f) => {
      const bytes = fs.readFileSync(path.join(dest, f));
      return { segment: f.replace(/\.pcap$/, ''), file: path.join(rel, f), frames: pcapFrames(bytes), bytes: bytes.length };
    });
  let timeline: TimelineEvent[] = [];
  if (files.includes('timeline.json')) {
    try {
      timeline = JSON.parse(fs.readFileSync(path.join(dest, 'timeline.json'), 'utf8')) as TimelineEvent[];
    } catch {
      timeline = [{ t: 0, source: 'report', kind: 'note', text: `timeline.json of ${name} is not valid JSON (the run was cut short?)` }];
    }
  }
  return { name, dir: rel, image: hints.image, topology: hints.topology, guests, pcaps, timeline };
}

function linkOrCopy(from: string, to: string): void {
  fs.rmSync(to, { force: true });
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

const ORDER = ['world', 'access', 'lan'];
/** Segments in the order of the cable: ISP side first. */
export function bySegment(a: string, b: string): number {
  const ia = ORDER.indexOf(a.replace(/\.pcap$/, ''));
  const ib = ORDER.indexOf(b.replace(/\.pcap$/, ''));
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

/**
 * A guest's NICs from its QEMU argv: `-netdev socket,id=n0,mcast=G:P` names the segment (by
 * port, Liminix conventions), `-device …,netdev=n0,mac=M` the MAC, `netrig.nic=wan,M` the name.
 */
export function wiresOf(argv: string): Wire[] {
  const segmentOf = new Map<string, string>();
  for (const m of argv.matchAll(/-netdev\s+'?socket,id=([^,\s']+),mcast=([\d.]+):(\d+)/g)) {
    const known = Object.values(LIMINIX_SEGMENTS).find((s) => s.group === m[2] && s.port === Number(m[3]));
    segmentOf.set(m[1], known?.name ?? `${m[2]}:${m[3]}`);
  }
  const nicOf = new Map<string, string>();
  for (const m of argv.matchAll(/netrig\.nic=([\w-]+),([0-9a-f:]{17})/gi)) nicOf.set(m[2].toLowerCase(), m[1]);
  const wires: Wire[] = [];
  for (const m of argv.matchAll(/-device\s+'?[^\s']*netdev=([^,\s']+)[^\s']*/g)) {
    const mac = /mac=([0-9a-f:]{17})/i.exec(m[0])?.[1]?.toLowerCase();
    const segment = segmentOf.get(m[1]);
    if (!segment) continue;
    wires.push({ nic: (mac && nicOf.get(mac)) ?? m[1], mac, segment });
  }
  return wires;
}

/** Frames in a classic pcap (either byte order), up to the last whole record. */
export function pcapFrames(b: Buffer): number {
  if (b.length < 24) return 0;
  const magic = b.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && b.readUInt32BE(0) !== 0xa1b2c3d4 && b.readUInt32BE(0) !== 0xa1b23c4d) return 0;
  let n = 0;
  for (let off = 24; off + 16 <= b.length; n++) {
    const len = le ? b.readUInt32LE(off + 8) : b.readUInt32BE(off + 8);
    if (off + 16 + len > b.length) break;
    off += 16 + len;
  }
  return n;
}

/** A topology drawn from wiring alone, for labs no case tagged with their topology value. */
export function topologyFromWires(lab: LabInfo): TopologyShape | undefined {
  const wired = lab.guests.filter((g) => g.wires.length);
  if (!wired.length) return undefined;
  const nodes: TopologyShape['nodes'] = {};
  for (const g of wired) nodes[g.name] = { role: 'guest', nics: Object.fromEntries(g.wires.map((w) => [w.nic, w.segment])) };
  return { name: lab.name, description: 'as wired (from the QEMU command lines)', nodes };
}
