// A topology drawn as an inline SVG, from its value alone: each segment a horizontal bus (ISP
// side on top: world, access, lan), each node a box between the buses it is cabled to, each
// cable a vertical line labelled with the NIC's name (and MAC, when the lab's wiring is known).
import { bySegment } from './labs.ts';
import type { TopologyShape, Wire } from './model.ts';
import { esc } from './text.ts';

const CHAR = 7.2; // width of a 12 px monospace character
const BOX_H = 46;
const BUS_GAP = 150; // vertical distance between two buses
const LEFT = 170; // room for bus labels
const LABEL_ROOM = 150; // right of a cable: NIC name and MAC

interface Placed {
  name: string;
  role: string;
  detail: string;
  wires: Wire[];
  x: number;
  y: number;
  w: number;
}

/**
 * The SVG markup. `wiring` (guest name → NICs as the lab wired them) adds MACs to the labels;
 * `segmentLabel` adds a note under a bus name (e.g. its multicast address).
 */
export function topologySvg(t: TopologyShape, wiring: Record<string, Wire[]> = {}, segmentLabel: (segment: string) => string = () => ''): string {
  const nodes = Object.entries(t.nodes).map(([name, n]) => {
    const known = wiring[name] ?? [];
    // A guest has NICs; a userspace host sits on one segment with one MAC.
    const nics = n.nics ?? (n.segment ? { [n.ip4 ?? 'port']: n.segment } : {});
    const wires: Wire[] = Object.entries(nics).map(([nic, segment]) => ({ nic, segment, mac: known.find((w) => w.nic === nic)?.mac ?? (n.nics ? undefined : n.mac) }));
    const detail = [n.role, n.service, n.wan && `wan ${n.wan}`, n.lan && `lan ${n.lan}`].filter(Boolean).join(' · ');
    return { name, role: n.role, detail, wires };
  });
  const buses = [...new Set(nodes.flatMap((n) => n.wires.map((w) => w.segment)))].sort(bySegment);
  const cabled = nodes.filter((n) => n.wires.length);
  // Rows alternate gap, bus, gap, bus…: row 2i+1 is bus i; a node sits in the gap below the
  // first bus it is cabled to, or above the first bus if that is all it touches.
  const rowOf = (n: (typeof nodes)[number]) => {
    const idx = n.wires.map((w) => buses.indexOf(w.segment));
    const lo = Math.min(...idx);
    const hi = Math.max(...idx);
    if (hi > lo) return 2 * lo + 2;
    return lo === 0 && buses.length > 1 ? 0 : 2 * lo + 2;
  };
  const rows = new Map<number, typeof nodes>();
  for (const n of cabled) rows.set(rowOf(n), [...(rows.get(rowOf(n)) ?? []), n]);
  const slots = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const boxW = (n: (typeof nodes)[number]) => Math.max(120, Math.ceil(Math.max(n.name.length * 8.4, n.detail.length * CHAR)) + 28, n.wires.length * 60);
  const slotW = Math.max(120, ...cabled.map(boxW)) + LABEL_ROOM;
  const width = LEFT + slots * slotW + 20;
  const hasTop = rows.has(0);
  const busY = (i: number) => (hasTop ? BUS_GAP : 40) + i * BUS_GAP;
  const rowY = (row: number) => (row === 0 ? busY(0) - BUS_GAP / 2 : row % 2 === 0 ? busY(row / 2 - 1) + BUS_GAP / 2 : busY((row - 1) / 2));
  const lastRow = Math.max(2 * buses.length - 1, ...rows.keys());
  const height = rowY(lastRow) + (lastRow % 2 === 0 ? BUS_GAP / 2 : 40);

  const placed: Placed[] = [];
  for (const [row, ns] of rows) {
    ns.forEach((n, i) => {
      const w = boxW(n);
      const cx = LEFT + (i + 0.5) * slotW + ((slots - ns.length) * slotW) / 2 - LABEL_ROOM / 2;
      placed.push({ ...n, x: cx - w / 2, y: rowY(row) - BOX_H / 2, w });
    });
  }

  const out: string[] = [];
  out.push(
    `<svg class="topology" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="topology ${esc(t.name)}">`,
    `<title>${esc(t.name)}${t.description ? `: ${esc(t.description)}` : ''}</title>`,
  );
  buses.forEach((seg, i) => {
    const y = busY(i);
    const note = segmentLabel(seg);
    out.push(
      `<g class="segment" data-segment="${esc(seg)}">`,
      `<line x1="${LEFT - 10}" y1="${y}" x2="${width - 10}" y2="${y}" class="bus"/>`,
      `<text x="10" y="${y - 4}" class="bus-name">${esc(seg)}</text>`,
      note ? `<text x="10" y="${y + 14}" class="bus-note">${esc(note)}</text>` : '',
      `</g>`,
    );
  });
  for (const n of placed) {
    const top = n.y;
    const bottom = n.y + BOX_H;
    n.wires.forEach((w, k) => {
      const x = n.x + ((k + 1) * n.w) / (n.wires.length + 1);
      const y = busY(buses.indexOf(w.segment));
      const from = y < top ? top : bottom;
      const mid = (from + y) / 2;
      out.push(
        `<g class="cable" data-nic="${esc(n.name)}.${esc(w.nic)}">`,
        `<line x1="${x}" y1="${from}" x2="${x}" y2="${y}"/>`,
        `<circle cx="${x}" cy="${y}" r="4"/>`,
        `<text x="${x + 6}" y="${mid - 2}" class="nic">${esc(w.nic)}</text>`,
        w.mac ? `<text x="${x + 6}" y="${mid + 12}" class="mac">${esc(w.mac)}</text>` : '',
        `</g>`,
      );
    });
    out.push(
      `<g class="node role-${esc(n.role)}" data-node="${esc(n.name)}">`,
      `<rect x="${n.x}" y="${top}" width="${n.w}" height="${BOX_H}" rx="6"/>`,
      `<text x="${n.x + n.w / 2}" y="${top + 19}" class="node-name">${esc(n.name)}</text>`,
      `<text x="${n.x + n.w / 2}" y="${top + 36}" class="node-detail">${esc(n.detail)}</text>`,
      `</g>`,
    );
  }
  out.push('</svg>');
  return out.filter(Boolean).join('\n');
}
