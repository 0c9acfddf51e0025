import { describe, expect, test } from 'vitest';
import { ipoe } from '../../topologies/ipoe.ts';
import { lan } from '../../topologies/lan.ts';
import type { Image } from '../qemu/image.ts';
import { checkTopology, guestSpecs, TopologyError } from './topology.ts';

const broken = (patch: (t: any) => void) => {
  const t = structuredClone(lan) as any;
  patch(t);
  return () => checkTopology(t);
};

describe('checkTopology', () => {
  test('accepts the shipped topologies', () => {
    expect(checkTopology(lan)).toBe(lan);
  });
  test.each([
    ['a misspelt segment', (t: any) => (t.nodes.router.nics.wan = 'acess'), /topology "lan": nodes\.router\.nics\.wan: unknown segment "acess"; known: access, lan, world/],
    ['an unknown WAN profile', (t: any) => (t.nodes.router.wan = 'pppoa'), /nodes\.router\.wan: unknown WAN profile "pppoa"; known: none, pppoe, ipoe, l2tp/],
    ['a LAN that is not a CIDR', (t: any) => (t.nodes.router.lan = '192.168.1.1'), /nodes\.router\.lan: expected an IPv4 CIDR/],
    ['an unknown role', (t: any) => (t.nodes.router.role = 'switch'), /nodes\.router\.role: unknown role "switch"/],
    ['no nodes', (t: any) => (t.nodes = {}), /topology "lan": nodes: must name at least one node/],
    ['no description', (t: any) => delete t.description, /topology "lan": description: missing/],
    ['a bad name', (t: any) => (t.name = 'My Topology'), /topology "My Topology": name: must be a word/],
    ['NICs missing', (t: any) => delete t.nodes.router.nics, /nodes\.router\.nics: must map interface names to segments/],
  ])('refuses %s, naming the field', (_what, patch, message) => {
    const check = broken(patch);
    expect(check).toThrow(TopologyError);
    expect(check).toThrow(message);
  });
  test('refuses what is not an object at all', () => {
    expect(() => checkTopology(42)).toThrow(/\(root\): expected an object, got number/);
  });
});

describe('guestSpecs', () => {
  const image = { name: 'router-test', arch: 'mipsel' } as unknown as Image;
  const border = { name: 'border-test', arch: 'x86_64' } as unknown as Image;

  test('gives each guest the MACs of its place (router 01, border 02) and its command line words', () => {
    const specs = guestSpecs(ipoe, { image, border });
    expect(Object.keys(specs)).toEqual(['router', 'border']);
    expect(specs.router.nics).toEqual([
      { name: 'wan', segment: 'access', mac: '52:54:00:01:00:01' },
      { name: 'lan', segment: 'lan', mac: '52:54:00:01:01:01' },
    ]);
    expect(specs.border.nics.map((n) => n.mac)).toEqual(['52:54:00:02:00:01', '52:54:00:02:01:01']);
    expect(specs.router.cmdline).toEqual(['netrig.wan=ipoe', 'netrig.lan=192.168.1.1/24']);
    expect(specs.border).toMatchObject({ image: border, cmdline: ['netrig.service=ipoe'] });
  });

  test('refuses a border node without the border image, naming the node, before anything starts', () => {
    expect(() => guestSpecs(ipoe, { image })).toThrow(/topology "ipoe": nodes\.border: a border node needs the border image/);
  });
});
