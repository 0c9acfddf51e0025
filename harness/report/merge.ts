// Merges the report directories of several runs — the shards of a CI matrix — into one: one
// results.json (every case once, as its shard recorded it), one HTML page and coverage table,
// each shard's lab artifacts under labs/, and one junit.xml that keeps a <testsuite> per image.
// What `netrig report DIR… --out DIR` calls.
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_FORMAT, type CaseResult, type Coverage, type LabInfo, type ReportData } from './model.ts';
import { readResults, writeReport } from './render.ts';

/** One run's report: its directory and what its results.json holds. */
export interface RunReport {
  dir: string;
  data: ReportData;
}

/**
 * The runs' data as one run's. Case ids and lab names are made unique (two shards of one image
 * both have a `lan-mipsel` lab; two jobs that ran one file have the same case ids): a clashing
 * lab of a later run becomes `lan-mipsel-2`, its cases follow it. `renamed` says, per run, which
 * lab names changed, so the caller can copy the lab directories to where the data points.
 */
export function mergeResults(runs: RunReport[]): { data: ReportData; renamed: Array<Map<string, string>> } {
  if (!runs.length) throw new Error('nothing to merge: give the report directories of the runs');
  const seen = new Map<string, string>();
  for (const r of runs) {
    const other = seen.get(r.data.runId);
    if (other) throw new Error(`${other} and ${r.dir} hold the same run (${r.data.runId}); give each shard's report directory once`);
    seen.set(r.data.runId, r.dir);
  }
  const caseIds = new Set<string>();
  const labNames = new Set<string>();
  const cases: CaseResult[] = [];
  const labs: LabInfo[] = [];
  const renamed: Array<Map<string, string>> = [];
  const unique = (taken: Set<string>, base: string) => {
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    return name;
  };
  for (const { data } of runs) {
    const names = new Map<string, string>();
    for (const lab of data.labs) {
      const name = unique(labNames, lab.name);
      names.set(lab.name, name);
      labs.push(name === lab.name ? lab : relocate(lab, name));
    }
    renamed.push(new Map([...names].filter(([from, to]) => from !== to)));
    for (const c of data.cases) {
      cases.push({ ...c, id: unique(caseIds, c.id), lab: c.lab && (names.get(c.lab) ?? c.lab) });
    }
  }
  const images: string[] = [];
  for (const { data } of runs) for (const i of data.images) if (!images.includes(i)) images.push(i);
  // Every shard loads the same requirements table; the longest one is the most complete.
  const table = runs.map((r) => r.data).reduce((a, b) => (b.requirements.length > a.requirements.length ? b : a));
  return {
    data: {
      format: RESULTS_FORMAT,
      runId: runs.map((r) => r.data.runId).join(' + '),
      startedAt: Math.min(...runs.map((r) => r.data.startedAt)),
      finishedAt: Math.max(...runs.map((r) => r.data.finishedAt)),
      images,
      cases,
      labs,
      requirements: table.requirements,
      requirementsNote: table.requirementsNote,
      errors: runs.flatMap(({ data }) => data.errors.map((e) => (runs.length > 1 ? { ...e, where: `${e.where} (run ${data.runId})` } : e))),
    },
    renamed,
  };
}

/** A lab's info with every path under `labs/<old>` moved to `labs/<name>`. */
function relocate(lab: LabInfo, name: string): LabInfo {
  const move = (p: string) => (p.startsWith(`${lab.dir}/`) ? path.join('labs', name, p.slice(lab.dir.length + 1)) : p);
  return {
    ...lab,
    name,
    dir: path.join('labs', name),
    guests: lab.guests.map((g) => ({ ...g, console: g.console && move(g.console), argv: g.argv && move(g.argv) })),
    pcaps: lab.pcaps.map((p) => ({ ...p, file: move(p.file) })),
  };
}

interface Suite {
  name: string;
  attrs: Map<string, string>;
  body: string;
}

const SUITE = /<testsuite\b([^>]*?)(\/>|>([\s\S]*?)<\/testsuite>)/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;

function attrsOf(s: string): Map<string, string> {
  return new Map([...s.matchAll(ATTR)].map((m) => [m[1], m[2]]));
}

/**
 * JUnit files (as vitest's reporter writes them: <testsuites> around <testsuite>s) as one.
 * Suites of the same name — the per-image suites of several shards — become one suite with all
 * their test cases and summed counts; the others are kept as they are, in order of appearance.
 */
export function mergeJunit(files: Array<{ name: string; xml: string }>, title: string): string {
  const suites = new Map<string, Suite>();
  for (const { name, xml } of files) {
    if (!/<testsuites\b/.test(xml)) throw new Error(`${name} is not a JUnit file (no <testsuites> element)`);
    for (const m of xml.matchAll(SUITE)) {
      const attrs = attrsOf(m[1]);
      const key = attrs.get('name') ?? '';
      const body = (m[3] ?? '').trim();
      const had = suites.get(key);
      if (!had) {
        suites.set(key, { name: key, attrs, body });
        continue;
      }
      for (const a of ['tests', 'failures', 'errors', 'skipped']) {
        if (had.attrs.has(a) || attrs.has(a)) had.attrs.set(a, String(Number(had.attrs.get(a) ?? 0) + Number(attrs.get(a) ?? 0)));
      }
      had.attrs.set('time', seconds(Number(had.attrs.get('time') ?? 0) + Number(attrs.get('time') ?? 0)));
      const [t1, t2] = [had.attrs.get('timestamp'), attrs.get('timestamp')];
      if (t1 && t2 && t2 < t1) had.attrs.set('timestamp', t2);
      had.body = [had.body, body].filter(Boolean).join('\n        ');
    }
  }
  const sum = (a: string) => [...suites.values()].reduce((s, x) => s + Number(x.attrs.get(a) ?? 0), 0);
  const attrText = (attrs: Map<string, string>) => [...attrs].map(([k, v]) => `${k}="${v}"`).join(' ');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="${xmlEscape(title)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="${seconds(sum('time'))}">`,
    ...[...suites.values()].map((s) => (s.body ? `    <testsuite ${attrText(s.attrs)}>\n        ${s.body}\n    </testsuite>` : `    <testsuite ${attrText(s.attrs)}>\n    </testsuite>`)),
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

const seconds = (s: number) => String(Math.round(s * 1e6) / 1e6);
const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The run's JUnit file for a report directory: `DIR/junit.xml` (`netrig test --report DIR`), or
 * `artifacts/<run>/junit.xml` beside `artifacts/<run>/report`, if it is the same run's.
 */
export function junitOf(dir: string, runId: string): string | undefined {
  const own = path.join(dir, 'junit.xml');
  if (fs.existsSync(own)) return own;
  const beside = path.join(dir, '..', 'junit.xml');
  if (fs.existsSync(beside) && fs.readFileSync(beside, 'utf8').includes(`name="netrig ${runId}"`)) return beside;
  return undefined;
}

export interface MergeOptions {
  /** Where the merged JUnit goes; default `<out>/junit.xml`. */
  junit?: string;
}

/** Merges report directories into `out`; returns the merged data and its coverage. */
export function mergeReports(dirs: string[], out: string, opts: MergeOptions = {}): { data: ReportData; coverage: Coverage; junit: string } {
  const outAbs = path.resolve(out);
  for (const d of dirs) {
    if (path.resolve(d) === outAbs) throw new Error(`--out ${out} is also one of the report directories to merge; name a new directory`);
  }
  const runs = dirs.map((dir) => ({ dir, data: readResults(dir) }));
  const junits = runs.map(({ dir, data }) => {
    const file = junitOf(dir, data.runId);
    if (!file) throw new Error(`${dir} has no junit.xml of run ${data.runId}; run netrig test with --report DIR (it writes DIR/junit.xml), or merge without that directory`);
    return { name: file, xml: fs.readFileSync(file, 'utf8') };
  });
  const { data, renamed } = mergeResults(runs);
  const xml = mergeJunit(junits, `netrig ${data.runId}`);
  // Shards' labs are copied under their (maybe new) names; a stale labs/ from an earlier merge goes.
  fs.rmSync(path.join(outAbs, 'labs'), { recursive: true, force: true });
  runs.forEach(({ dir, data: d }, i) => {
    for (const lab of d.labs) {
      const from = path.join(dir, lab.dir);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(outAbs, 'labs', renamed[i].get(lab.name) ?? lab.name), { recursive: true });
    }
  });
  const cov = writeReport(outAbs, data);
  const junit = path.resolve(opts.junit ?? path.join(outAbs, 'junit.xml'));
  fs.mkdirSync(path.dirname(junit), { recursive: true });
  fs.writeFileSync(junit, xml);
  return { data, coverage: cov, junit };
}
