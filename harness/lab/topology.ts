// Topologies are small typed values — which nodes, on which segments, running what — that a
// lab boots in parallel. Values written in JavaScript or built at run time are checked here, and
// a malformed one is refused with the path of the field that is wrong.
import type { Segment } from '../net/segment.ts';
import { LIMINIX_SEGMENTS } from '../net/segment.ts';
import type { Guest } from '../qemu/guest.ts';
import type { Image } from '../qemu/image.ts';
import { Host } from '../host/host.ts';
import { NetrigError } from '../util/wait.ts';
import { guestMac, type Lab, type LabGuestSpec, type SegmentName } from './lab.ts';

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
  /** Extra kernel command line words (e.g. `netrig.ppp.user=…`). */
  cmdline?: string[];
}

/** The ISP: the border VM on `access` and `world`, running one WAN service for the router. */
export interface BorderNode {
  role: 'border';
  nics: Record<string, SegmentName>;
  service: 'pppoe' | 'ipoe' | 'l2tp';
  /** Extra kernel command line words for the border (e.g. `netrig.pd=3fff:100::/40`). */
  cmdline?: string[];
}

/** A userspace host (TypeScript) with static addresses, e.g. a server on `world`. */
export interface HostNode {
  role: 'host';
  segment: SegmentName;
  mac?: string;
  ip4?: string;
  gateway4?: string;
  ip6?: string[];
  gateway6?: string;
}

export type NodeDecl = RouterNode | BorderNode | HostNode;
export const ROLES = ['router', 'border', 'host'] as const;

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
  let borders = 0;
  const words = (at: string, v: unknown) => {
    if (v !== undefined && (!Array.isArray(v) || v.some((w) => typeof w !== 'string' || /\s/.test(w)))) fail(at, 'expected kernel command line words (strings without spaces)');
  };
  const cidr4 = (at: string, v: unknown) => {
    if (v !== undefined && (typeof v !== 'string' || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(v))) fail(at, `expected an IPv4 CIDR like 192.168.1.1/24, got ${JSON.stringify(v)}`);
  };
  const checkNics = (at: string, nics: unknown) => {
    if (typeof nics !== 'object' || nics === null || !Object.keys(nics).length) fail(`${at}.nics`, 'must map interface names to segments');
    for (const [nic, seg] of Object.entries(nics as Record<string, unknown>)) {
      if (!/^[a-z][a-z0-9]{0,14}$/.test(nic)) fail(`${at}.nics.${nic}`, 'interface names are short lower-case words (wan, lan)');
      if (typeof seg !== 'string' || !segments.includes(seg)) fail(`${at}.nics.${nic}`, `unknown segment ${JSON.stringify(seg)}; known: ${segments.join(', ')}`);
    }
  };
  for (const [node, decl] of Object.entries(nodes)) {
    const at = `nodes.${node}`;
    if (!/^[a-z][\w-]*$/.test(node)) fail(at, 'node names are words like "router"');
    if (typeof decl !== 'object' || decl === null) fail(at, 'must be an object');
    if (!(ROLES as readonly unknown[]).includes(decl.role)) fail(`${at}.role`, `unknown role ${JSON.stringify(decl.role)}; known: ${ROLES.join(', ')}`);
    if (decl.role === 'router') {
      routers++;
      checkNics(at, decl.nics);
      if (!WAN_PROFILES.includes(decl.wan as WanProfile)) fail(`${at}.wan`, `unknown WAN profile ${JSON.stringify(decl.wan)}; known: ${WAN_PROFILES.join(', ')}`);
      cidr4(`${at}.lan`, decl.lan);
      words(`${at}.cmdline`, decl.cmdline);
    } else if (decl.role === 'border') {
      borders++;
      checkNics(at, decl.nics);
      if (!['pppoe', 'ipoe', 'l2tp'].includes(decl.service as string)) fail(`${at}.service`, `unknown service ${JSON.stringify(decl.service)}; known: pppoe, ipoe, l2tp`);
      words(`${at}.cmdline`, decl.cmdline);
    } else {
      if (typeof decl.segment !== 'string' || !segments.includes(decl.segment)) fail(`${at}.segment`, `unknown segment ${JSON.stringify(decl.segment)}; known: ${segments.join(', ')}`);
      cidr4(`${at}.ip4`, decl.ip4);
      if (decl.ip6 !== undefined && (!Array.isArray(decl.ip6) || decl.ip6.some((a) => typeof a !== 'string' || !a.includes(':')))) fail(`${at}.ip6`, 'expected IPv6 addresses with prefix length, like 3fff:ffff::10/64');
    }
  }
  if (borders > 1) fail('nodes', `at most one border node, found ${borders}`);
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
  /** The ISP, when the topology has one. */
  border?: Guest;
  /** Userspace hosts the topology declares (e.g. a world server). */
  hosts: Record<string, Host>;
}

export interface StartOptions {
  /** The image under test (the router). */
  image: Image;
  /** The border VM's image; needed when the topology has a border. */
  border?: Image;
  /**
   * Nodes not to boot: each is made by its function from the spec it would have booted with
   * (e.g. resumed from a saved ready state, see `startWithSavedBorder`) and must return a ready
   * guest. The others boot meanwhile.
   */
  resume?: Record<string, (spec: LabGuestSpec) => Promise<Guest>>;
}

/**
 * The guest spec `startTopology` boots a node with: its image, NICs (MACs by the node's place
 * among the guests, 52:54:00:<n>:<nic>:01) and kernel command line words.
 */
export function guestSpecs(topology: Topology, opts: StartOptions): Record<string, LabGuestSpec> {
  const specs: Record<string, LabGuestSpec> = {};
  let index = 0;
  for (const [name, node] of Object.entries(topology.nodes)) {
    if (node.role === 'host') continue;
    index++;
    const isBorder = node.role === 'border';
    if (isBorder && !opts.border) throw new TopologyError(topology.name, `nodes.${name}`, 'a border node needs the border image (StartOptions.border)');
    const cmdline = isBorder
      ? [`netrig.service=${node.service}`, ...(node.cmdline ?? [])]
      : [`netrig.wan=${node.wan}`, ...(node.lan ? [`netrig.lan=${node.lan}`] : []), ...(node.cmdline ?? [])];
    specs[name] = {
      name,
      image: isBorder ? opts.border! : opts.image,
      nics: Object.entries(node.nics).map(([nic, segment], i) => ({ name: nic, segment, mac: guestMac(index, i) })),
      cmdline,
    };
  }
  return specs;
}

/** Opens every segment, starts every guest in parallel, and waits until all are ready. */
export async function startTopology(lab: Lab, value: Topology, opts: StartOptions): Promise<RunningTopology> {
  const topology = checkTopology(value);
  const segments = {} as Record<SegmentName, Segment>;
  for (const name of Object.keys(LIMINIX_SEGMENTS) as SegmentName[]) segments[name] = await lab.segment(name);
  const guests: Record<string, Guest> = {};
  let border: Guest | undefined;
  const specs = guestSpecs(topology, opts);
  await Promise.all(
    Object.entries(specs).map(async ([name, spec]) => {
      const resume = opts.resume?.[name];
      const guest = resume ? await resume(spec) : await lab.guest(spec);
      guests[name] = guest;
      if (topology.nodes[name].role === 'border') border = guest;
      if (!resume) await guest.waitReady();
    }),
  );
  const routerName = Object.keys(topology.nodes).find((n) => topology.nodes[n].role === 'router')!;
  return { lab, topology, segments, guests, router: guests[routerName], border, hosts: await startHosts(topology, segments) };
}

/** The topology's userspace hosts, each on its own Port with its static addresses. */
export async function startHosts(topology: Topology, segments: Record<SegmentName, Segment>): Promise<Record<string, Host>> {
  const hosts: Record<string, Host> = {};
  let i = 0;
  for (const [name, node] of Object.entries(topology.nodes)) {
    if (node.role !== 'host') continue;
    const mac = node.mac ?? `52:54:00:fd:00:${(++i).toString(16).padStart(2, '0')}`;
    hosts[name] = new Host(await segments[node.segment].attach(name), name, mac).configure(node);
  }
  return hosts;
}
