// Topologies are small typed values — which nodes, on which segments, running what — that a
// lab boots in parallel. Values written in JavaScript or built at run time are checked here, and
// a malformed one is refused with the path of the field that is wrong.
import type { Segment } from '../net/segment.ts';
import { LIMINIX_SEGMENTS } from '../net/segment.ts';
import type { Guest } from '../qemu/guest.ts';
import type { Image } from '../qemu/image.ts';
import { NetrigError } from '../util/wait.ts';
import type { Lab, SegmentName } from './lab.ts';

export const WAN_PROFILES = ['none', 'pppoe', 'ipoe', 'l2tp'] as const;
export type WanProfile = (typeof WAN_PROFILES)[number];

/** The image under test, booted as a router: NICs named by role, WAN and LAN from its profile. */
export interface RouterNode {
  role: 'router';
  /** Guest interface name → segment. */
  nics: Record<string, SegmentName>;
  wan: WanProfile;
  /** LAN address of the router, CIDR. */
  lan?: string;
}

export type NodeDecl = RouterNode;

export interface Topology {
  name: string;
  description: string;
  nodes: Record<string, NodeDecl>;
}

export class TopologyError extends NetrigError {
  constructor(topology: string, field: string, problem: string) {
    super(`topology "${topology}": ${field}: ${problem}`);
    this.name = 'TopologyError';
  }
}

/** Checks a topology value field by field; returns it typed, or throws naming the field. */
export function checkTopology(value: unknown): Topology {
  const t = value as Record<string, unknown>;
  const name = typeof t?.name === 'string' && t.name ? t.name : '(unnamed)';
  const fail = (field: string, problem: string): never => {
    throw new TopologyError(name, field, problem);
  };
  if (typeof value !== 'object' || value === null) fail('(root)', `expected an object, got ${typeof value}`);
  if (typeof t.name !== 'string' || !/^[a-z][\w-]*$/.test(t.name)) fail('name', 'must be a word like "pppoe" (letters, digits, - and _)');
  if (typeof t.description !== 'string') fail('description', 'missing: say in a sentence what the topology is for');
  if (typeof t.nodes !== 'object' || t.nodes === null || !Object.keys(t.nodes).length) fail('nodes', 'must name at least one node');
  const nodes = t.nodes as Record<string, Record<string, unknown>>;
  const segments = Object.keys(LIMINIX_SEGMENTS);
  let routers = 0;
  for (const [node, decl] of Object.entries(nodes)) {
    const at = `nodes.${node}`;
    if (!/^[a-z][\w-]*$/.test(node)) fail(at, 'node names are words like "router"');
    if (typeof decl !== 'object' || decl === null) fail(at, 'must be an object');
    if (decl.role !== 'router') fail(`${at}.role`, `unknown role ${JSON.stringify(decl.role)}; known: router`);
    routers++;
    if (typeof decl.nics !== 'object' || decl.nics === null || !Object.keys(decl.nics).length) fail(`${at}.nics`, 'must map interface names to segments');
    for (const [nic, seg] of Object.entries(decl.nics as Record<string, unknown>)) {
      if (!/^[a-z][a-z0-9]{0,14}$/.test(nic)) fail(`${at}.nics.${nic}`, 'interface names are short lower-case words (wan, lan)');
      if (typeof seg !== 'string' || !segments.includes(seg)) fail(`${at}.nics.${nic}`, `unknown segment ${JSON.stringify(seg)}; known: ${segments.join(', ')}`);
    }
    if (!WAN_PROFILES.includes(decl.wan as WanProfile)) fail(`${at}.wan`, `unknown WAN profile ${JSON.stringify(decl.wan)}; known: ${WAN_PROFILES.join(', ')}`);
    if (decl.lan !== undefined && (typeof decl.lan !== 'string' || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(decl.lan))) fail(`${at}.lan`, `expected an IPv4 CIDR like 192.168.1.1/24, got ${JSON.stringify(decl.lan)}`);
  }
  if (routers !== 1) fail('nodes', `needs exactly one router node (the image under test), found ${routers}`);
  return value as Topology;
}

export interface RunningTopology {
  lab: Lab;
  topology: Topology;
  segments: Record<SegmentName, Segment>;
  guests: Record<string, Guest>;
  /** The image under test. */
  router: Guest;
}

/** Opens every segment, starts every node in parallel, and waits until all are ready. */
export async function startTopology(lab: Lab, value: Topology, opts: { image: Image }): Promise<RunningTopology> {
  const topology = checkTopology(value);
  const segments = {} as Record<SegmentName, Segment>;
  for (const name of Object.keys(LIMINIX_SEGMENTS) as SegmentName[]) segments[name] = await lab.segment(name);
  const guests: Record<string, Guest> = {};
  await Promise.all(
    Object.entries(topology.nodes).map(async ([name, node]) => {
      const cmdline = [`netrig.wan=${node.wan}`, ...(node.lan ? [`netrig.lan=${node.lan}`] : [])];
      const guest = await lab.guest({
        name,
        image: opts.image,
        nics: Object.entries(node.nics).map(([nic, segment]) => ({ name: nic, segment })),
        cmdline,
      });
      guests[name] = guest;
      await guest.waitReady();
    }),
  );
  const routerName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'router')!;
  return { lab, topology, segments, guests, router: guests[routerName] };
}
