// The requirements table is data every system case names; these checks keep it honest. Pure and
// fast: nothing is booted (it lives under cases/ so it runs in the system project beside the cases
// that cite it).
import { describe, expect, test } from 'vitest';
import { IMPLIED_LEVEL, REQUIREMENTS, requirement, type Requirement } from './requirements.ts';

const wire = (rs: Requirement[]) => rs.filter((r) => r.testability === 'wire');
const ofRfc = (...rfcs: number[]) => REQUIREMENTS.filter((r) => rfcs.includes(r.rfc));

describe('requirements table', () => {
  test('ids are unique and non-empty', () => {
    const seen = new Map<string, number>();
    for (const r of REQUIREMENTS) {
      expect(r.id.trim()).not.toBe('');
      seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
    }
    const dupes = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    expect(dupes).toEqual([]);
  });

  test('every wire entry says how a case decides it, on which topology, and gives no why', () => {
    const bad = wire(REQUIREMENTS).filter((r) => !r.how?.trim() || !r.topology || r.why !== undefined);
    expect(bad.map((r) => r.id)).toEqual([]);
  });

  test('every not-testable entry says why and gives no how', () => {
    const bad = REQUIREMENTS.filter((r) => r.testability === 'not-testable' && (!r.why?.trim() || r.how !== undefined));
    expect(bad.map((r) => r.id)).toEqual([]);
  });

  test('texts are short excerpts that keep their keyword (unless the RFC states none)', () => {
    const tooLong = REQUIREMENTS.filter((r) => r.text.length > 200).map((r) => r.id);
    expect(tooLong).toEqual([]);
    const keyword = (level: Requirement['level']) => new RegExp(`\\b${level.replace(' ', '\\s+')}\\b`);
    const missing = REQUIREMENTS.filter((r) => !IMPLIED_LEVEL.has(r.id) && !keyword(r.level).test(r.text)).map((r) => r.id);
    expect(missing).toEqual([]);
    for (const id of IMPLIED_LEVEL) expect(() => requirement(id)).not.toThrow();
  });

  test('sections and RFC numbers are filled in', () => {
    const bad = REQUIREMENTS.filter((r) => !Number.isInteger(r.rfc) || r.rfc <= 0 || !r.section.trim());
    expect(bad.map((r) => r.id)).toEqual([]);
  });

  test('ids follow the RFCs\' own labels and the invented schemes', () => {
    const scheme: Array<[number[], RegExp]> = [
      [[7084], /^(G|W|WLL|WAA|WPD|ULA|L|6RD|DLW|S)-\d+(\(a\))?$/],
      [[9096], /^(WPD-\d+|L-\d+|L-13\/RFC9096)$/],
      [[6092], /^REC-\d+$/],
      [[4890], /^ICMP6-4\.[34]\.\d-\d+$/],
      [[8415], /^DHCP6-(S-)?\d+$/],
      [[2516], /^PPPOE-\d+$/],
      [[2131, 2132], /^DHCP4-[A-Z0-9-]+$/],
      [[4787, 5382], /^NAT44-[A-Z0-9-]+[a-z]?$/],
      [[2661, 3931], /^L2TP-(V3-)?\d+$/],
    ];
    for (const [rfcs, re] of scheme) {
      const bad = ofRfc(...rfcs).filter((r) => !re.test(r.id)).map((r) => r.id);
      expect(bad, `RFC ${rfcs.join('/')}`).toEqual([]);
    }
    const covered = new Set(scheme.flatMap(([rfcs]) => rfcs));
    expect(REQUIREMENTS.filter((r) => !covered.has(r.rfc)).map((r) => r.id)).toEqual([]);
  });

  test('the numbered RFC lists are complete', () => {
    const has = (id: string) => REQUIREMENTS.some((r) => r.id === id);
    const range = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}-${i + 1}`);
    const expected = [
      ...range('G', 5), ...range('W', 6), ...range('WLL', 3), ...range('WAA', 10), ...range('WPD', 10),
      ...range('ULA', 5), ...range('L', 16), ...range('6RD', 7), ...range('DLW', 3), ...range('S', 3),
      ...range('REC', 50),
    ];
    expect(expected.filter((id) => !has(id))).toEqual([]);
  });

  test('coverage: ≥ 60 wire-testable overall, ≥ 40 among RFC 7084 + 6092 + 4890', () => {
    expect(wire(REQUIREMENTS).length).toBeGreaterThanOrEqual(60);
    expect(wire(ofRfc(7084, 6092, 4890)).length).toBeGreaterThanOrEqual(40);
  });

  test('requirement() finds an entry by id', () => {
    expect(requirement('WPD-5').rfc).toBe(7084);
    expect(requirement('REC-34').level).toBe('MUST');
    expect(requirement('ICMP6-4.3.1-2').testability).toBe('wire');
  });

  test('requirement() throws naming an unknown id', () => {
    expect(() => requirement('WPD-99')).toThrow(/WPD-99/);
    expect(() => requirement('')).toThrow(/unknown requirement id ""/);
  });
});
