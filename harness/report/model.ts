// What a run's report is made of, as data: `results.json` holds a ReportData, and everything the
// report shows (HTML, coverage table) is computed from it, so `netrig report DIR` can re-render
// a run long after it ended. Also here: requirement IDs from case titles, and the coverage table.
import type { TimelineEvent } from '../lab/timeline.ts';

export const RESULTS_FORMAT = 'netrig-results/1';

/** `skip` is a case that did not run and was not meant to (`.skip`, `.todo`, a filter). */
export type Outcome = 'pass' | 'fail' | 'expected-fail' | 'skip';

export interface CaseError {
  /** The whole message; netrig errors put their evidence (console tail, last frames) in it. */
  message: string;
  name?: string;
  /** The evidence alone, when the error carried it separately (NetrigError). */
  evidence?: string;
  /** Expected/received, for assertion errors. */
  diff?: string;
  stack?: string;
}

export interface CaseResult {
  /** Unique in the run; used as the HTML anchor `case-<id>`. */
  id: string;
  project: string;
  /** Test file, relative to the project root. */
  file: string;
  line?: number;
  /** Describe titles, then the case's own title. */
  path: string[];
  requirements: string[];
  image?: string;
  /** The lab the case ran in: a `LabInfo.name`. */
  lab?: string;
  outcome: Outcome;
  /** Milliseconds. */
  duration?: number;
  errors: CaseError[];
  /** Why it was skipped, why it is expected to fail, or why it did not run. */
  note?: string;
}

/** A guest NIC as it was wired (from the QEMU command line the lab kept). */
export interface Wire {
  nic: string;
  mac?: string;
  segment: string;
}

/** Enough of a topology value to draw it; any node role draws. */
export interface TopologyShape {
  name: string;
  description?: string;
  nodes: Record<string, NodeShape>;
}

export interface NodeShape {
  role: string;
  /** A guest's NICs: interface name → segment. */
  nics?: Record<string, string>;
  /** A userspace host's one segment. */
  segment?: string;
  mac?: string;
  wan?: string;
  lan?: string;
  service?: string;
  ip4?: string;
}

export interface LabInfo {
  name: string;
  /** Relative to the report directory (`labs/<name>`). */
  dir: string;
  image?: string;
  topology?: TopologyShape;
  guests: Array<{ name: string; wires: Wire[]; console?: string; argv?: string }>;
  pcaps: Array<{ segment: string; file: string; frames: number; bytes: number }>;
  timeline: TimelineEvent[];
}

/** A row of the requirements table (cases/requirements.ts); only what the report uses. */
export interface RequirementRow {
  id: string;
  rfc?: string | number;
  section?: string;
  level?: string;
  text: string;
  testability: 'wire' | 'not-testable';
  why?: string;
  how?: string;
  topology?: string;
}

export interface ReportData {
  format: typeof RESULTS_FORMAT;
  runId: string;
  startedAt: number;
  finishedAt: number;
  /** The images under test, in the order they were named. */
  images: string[];
  cases: CaseResult[];
  labs: LabInfo[];
  requirements: RequirementRow[];
  /** Why the requirements table is missing or partial, when it is. */
  requirementsNote?: string;
  /** Errors outside any case: a file that did not load, a failing afterAll, an unhandled rejection. */
  errors: Array<{ where: string; error: CaseError }>;
}

// An ID is upper-case words joined by dashes, the first with a letter: W-1, REC-10.2, 6RD-1,
// ICMP6-4.3.1-2, DHCP4-C-RENEW, NAT44-UDP-REQ-3a; maybe with an RFC or a sub-item after it:
// L-13/RFC9096, WPD-5(a). Not "IPv6-only" or "2-3 hosts".
const ID = String.raw`(?=[0-9]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9.]+[a-z]?)+(?:/[A-Z0-9]+)?(?:\([a-z0-9]+\))?`;
const IDS = new RegExp(`^(${ID}(?:, ?${ID})*):`);

/** The requirement IDs a case title starts with: `'L-2, L-3: …'` → `['L-2', 'L-3']`. */
export function requirementIds(title: string): string[] {
  const m = IDS.exec(title);
  return m ? m[1].split(/, ?/) : [];
}

/** A case title without its requirement IDs: `'WPD-1: requests …'` → `'requests …'`. */
export function withoutIds(title: string): string {
  return title.replace(IDS, '').trim();
}

export type Cell = 'pass' | 'fail' | 'expected-fail' | 'skip' | 'not testable' | 'not run';

export interface CoverageRow {
  id: string;
  title: string;
  rfc?: string | number;
  section?: string;
  level?: string;
  testability: 'wire' | 'not-testable';
  /** Why not testable, or a note. */
  why?: string;
  /** Per image label. */
  cells: Record<string, { result: Cell; cases: string[]; lab?: string }>;
}

export interface Coverage {
  images: string[];
  rows: CoverageRow[];
  summary: {
    /** IDs with a pass, fail or expected-fail on at least one image. */
    decided: number;
    notTestable: number;
    perImage: Record<string, Record<Cell, number>>;
  };
}

/**
 * Whether a result is a system case (one that decides requirements), not a harness unit test:
 * it ran on an image, or outside the `unit` project.
 */
export function isSystemCase(c: CaseResult): boolean {
  return c.image !== undefined || c.project !== 'unit';
}

/** The case that decides a requirement on an image: a failure outweighs everything else. */
const RANK: Record<Outcome, number> = { fail: 3, 'expected-fail': 2, pass: 1, skip: 0 };

/** The requirement coverage table: one row per ID in the table or in a case title. */
export function coverage(data: ReportData): Coverage {
  const images = imagesOf(data);
  const byId = new Map<string, CaseResult[]>();
  for (const c of data.cases.filter(isSystemCase)) for (const id of c.requirements) byId.set(id, [...(byId.get(id) ?? []), c]);
  const table = new Map(data.requirements.map((r) => [r.id, r]));
  const ids = [...data.requirements.map((r) => r.id), ...[...byId.keys()].filter((id) => !table.has(id)).sort(compareIds)];
  const rows = ids.map((id): CoverageRow => {
    const req = table.get(id);
    const cases = byId.get(id) ?? [];
    const cells: CoverageRow['cells'] = {};
    for (const image of images) {
      const mine = cases.filter((c) => (c.image ?? NO_IMAGE) === image);
      if (!mine.length) {
        cells[image] = { result: req?.testability === 'not-testable' ? 'not testable' : 'not run', cases: [] };
        continue;
      }
      const worst = mine.reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a));
      cells[image] = { result: worst.outcome, cases: mine.map((c) => c.id), lab: worst.lab };
    }
    return {
      id,
      title: req?.text ?? withoutIds(cases[0]?.path.at(-1) ?? ''),
      rfc: req?.rfc,
      section: req?.section,
      level: req?.level,
      testability: req?.testability ?? 'wire',
      why: req?.why,
      cells,
    };
  });
  const perImage: Coverage['summary']['perImage'] = {};
  for (const image of images) {
    const counts = { pass: 0, fail: 0, 'expected-fail': 0, skip: 0, 'not testable': 0, 'not run': 0 };
    for (const r of rows) counts[r.cells[image].result]++;
    perImage[image] = counts;
  }
  const decided = rows.filter((r) => Object.values(r.cells).some((c) => c.result === 'pass' || c.result === 'fail' || c.result === 'expected-fail')).length;
  return { images, rows, summary: { decided, notTestable: rows.filter((r) => r.testability === 'not-testable').length, perImage } };
}

/** The column of cases that ran on no particular image. */
export const NO_IMAGE = 'no image';

/** The images of the run, in order, plus a column for requirement cases that had none. */
export function imagesOf(data: ReportData): string[] {
  const images = [...data.images];
  for (const c of data.cases) if (c.image && !images.includes(c.image)) images.push(c.image);
  if (data.cases.some((c) => !c.image && c.requirements.length && isSystemCase(c))) images.push(NO_IMAGE);
  return images;
}

/** `WPD-2` before `WPD-10`; families alphabetically. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Counts of outcomes, for summaries. */
export function tally(cases: CaseResult[]): Record<Outcome, number> {
  const t = { pass: 0, fail: 0, 'expected-fail': 0, skip: 0 };
  for (const c of cases) t[c.outcome]++;
  return t;
}

/** One line per image, e.g. for the end of a run: "fixture:mipsel: 40 pass, 2 fail …". */
export function coverageSummary(cov: Coverage): string {
  const lines = [`requirements: ${cov.summary.decided} IDs decided by a case, ${cov.summary.notTestable} not testable from the wire`];
  for (const image of cov.images) {
    const c = cov.summary.perImage[image];
    lines.push(`  ${image}: ${c.pass} pass, ${c.fail} fail, ${c['expected-fail']} expected-fail, ${c['not run'] + c.skip} not run`);
  }
  return lines.join('\n');
}
