// The vitest reporter that turns a run into its report: per case the title path, image, result,
// duration, error with evidence, requirement IDs and lab; at the end, the labs' artifacts are
// linked into artifacts/<run>/report/ beside results.json, coverage.json, coverage.md and
// index.html. It runs in vitest's main process; cases tell it their image and lab through task
// meta (harness/vitest/meta.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { SerializedError } from 'vitest';
import type { Reporter, TestCase, TestModule, TestSuite, Vitest } from 'vitest/node';
import { artifactsRoot, runId } from '../lab/lab.ts';
import type { CaseMeta } from '../vitest/meta.ts';
import { collectLab } from './labs.ts';
import { coverageSummary, isSystemCase, requirementIds, RESULTS_FORMAT, type CaseError, type CaseResult, type LabInfo, type Outcome, type ReportData, type RequirementRow } from './model.ts';
import { writeReport } from './render.ts';

export interface NetrigReporterOptions {
  /** Module exporting `REQUIREMENTS: RequirementRow[]`, relative to the project root. */
  requirements?: string;
}

export class NetrigReporter implements Reporter {
  private vitest?: Vitest;
  private startedAt = Date.now();

  constructor(private readonly opts: NetrigReporterOptions = {}) {
    // Fixes the run id in the main process before any worker forks, so all write under one run.
    runId();
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunStart(): void {
    this.startedAt = Date.now();
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): Promise<void> {
    // A run of nothing (an empty shard) still writes the report it was asked for, so a merge finds it.
    if (!modules.length && !process.env.NETRIG_REPORT_DIR) return;
    const log = (s: string) => (this.vitest ? this.vitest.logger.log(s) : process.stdout.write(`${s}\n`));
    try {
      // Always beside the run's artifacts; also where `netrig test --report DIR` asks.
      const dirs = [...new Set([path.join(artifactsRoot(), 'report'), process.env.NETRIG_REPORT_DIR].filter((d): d is string => !!d).map((d) => path.resolve(d)))];
      const root = this.vitest?.config.root ?? process.cwd();
      const { rows, note } = await this.requirements(root);
      for (const dir of dirs) {
        const data = collect(modules, unhandled, { root, dir, images: this.imageLabels(), startedAt: this.startedAt, requirements: rows, requirementsNote: note });
        const cov = writeReport(dir, data);
        const index = path.join(dir, 'index.html');
        const rel = path.relative(process.cwd(), index);
        log(`\nnetrig report: ${rel.startsWith('..') ? index : rel}`);
        if (dir === dirs.at(-1) && data.cases.some(isSystemCase)) log(coverageSummary(cov));
      }
    } catch (e) {
      log(`netrig report: could not write the report: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  /** The labels of the images under test, as the global setup provided them. */
  private imageLabels(): string[] {
    const labels: string[] = [];
    for (const p of this.vitest?.projects ?? []) {
      const images = (p.getProvidedContext() as { images?: Array<{ label: string }> }).images ?? [];
      for (const i of images) if (!labels.includes(i.label)) labels.push(i.label);
    }
    return labels;
  }

  private async requirements(root: string): Promise<{ rows: RequirementRow[]; note?: string }> {
    if (!this.opts.requirements) return { rows: [] };
    const file = path.resolve(root, this.opts.requirements);
    if (!fs.existsSync(file)) return { rows: [], note: `No requirements table (${this.opts.requirements} not found): the coverage lists the IDs case titles name.` };
    try {
      const mod = await this.vitest!.import<{ REQUIREMENTS?: unknown }>(file);
      const rows = mod.REQUIREMENTS;
      if (!Array.isArray(rows)) return { rows: [], note: `${this.opts.requirements} exports no REQUIREMENTS array.` };
      const good = rows.filter((r): r is RequirementRow => typeof r?.id === 'string' && typeof r?.text === 'string');
      return { rows: good, note: good.length < rows.length ? `${rows.length - good.length} rows of ${this.opts.requirements} lack an id or text and were left out.` : undefined };
    } catch (e) {
      return { rows: [], note: `The requirements table ${this.opts.requirements} did not load: ${(e as Error).message.split('\n')[0]}` };
    }
  }
}

export interface CollectOptions {
  root: string;
  dir: string;
  images: string[];
  startedAt: number;
  requirements: RequirementRow[];
  requirementsNote?: string;
  /** Where labs are looked for besides those cases name; default artifacts/<run>. */
  runRoot?: string;
}

/** The report's data from vitest's modules; links every lab's artifacts into `opts.dir`. */
export function collect(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>, opts: CollectOptions): ReportData {
  const cases: CaseResult[] = [];
  const errors: ReportData['errors'] = [];
  const labHints = new Map<string, CaseMeta>();
  const hint = (m: CaseMeta) => {
    if (m.lab && !labHints.has(m.lab)) labHints.set(m.lab, m);
  };
  const file = (m: TestModule) => path.relative(opts.root, m.moduleId);

  for (const m of modules) {
    for (const e of m.errors()) errors.push({ where: `${file(m)} (while loading)`, error: caseError(e) });
    const blamed = new Set<TestSuite | TestModule>();
    for (const s of m.children.allSuites()) hint(metaOf(s));
    for (const t of m.children.allTests()) {
      const meta = metaOf(t);
      hint(meta);
      const r = t.result();
      let outcome: Outcome = r.state === 'passed' ? (t.options.fails ? 'expected-fail' : 'pass') : r.state === 'failed' ? 'fail' : 'skip';
      let errs = (r.errors ?? []).map(caseError);
      let note = r.state === 'skipped' ? r.note : outcome === 'expected-fail' ? (meta.expectedFail ?? 'expected to fail (test.fails)') : undefined;
      // A case that did not run because a hook of its describe failed (its topology did not
      // boot) failed: it shows the hook's error, whose evidence says why.
      const hook = r.state === 'skipped' && t.options.mode === 'run' ? failedAncestor(t) : undefined;
      if (hook) {
        blamed.add(hook);
        outcome = 'fail';
        errs = hook.errors().map(caseError);
        note = `did not run: ${hook.type === 'module' ? file(m) : `“${hook.name}”`} failed in a hook (beforeAll/afterAll)`;
      }
      const titles = titlePath(t);
      cases.push({
        id: t.id,
        project: t.project.name,
        file: file(m),
        line: t.location?.line,
        path: titles,
        requirements: requirementIds(t.name),
        image: meta.image ?? opts.images.find((label) => titles.some((s) => s.includes(label))),
        lab: meta.lab ? path.basename(meta.lab) : undefined,
        outcome,
        duration: t.diagnostic()?.duration,
        errors: errs,
        note,
      });
    }
    for (const s of [...m.children.allSuites(), m]) {
      if (blamed.has(s) || !s.errors().length || (s.type === 'module' && m.errors().length)) continue;
      for (const e of s.errors()) errors.push({ where: `${s.type === 'module' ? file(m) : `${file(m)} › ${s.fullName}`} (hook)`, error: caseError(e) });
    }
  }
  for (const e of unhandled) errors.push({ where: 'unhandled error', error: caseError(e) });

  const runRoot = opts.runRoot ?? artifactsRoot();
  const labDirs = new Set(labHints.keys());
  if (fs.existsSync(runRoot)) {
    for (const entry of fs.readdirSync(runRoot, { withFileTypes: true })) {
      const dir = path.join(runRoot, entry.name);
      if (entry.isDirectory() && dir !== opts.dir && isLabDir(dir)) labDirs.add(dir);
    }
  }
  const labs: LabInfo[] = [...labDirs].sort().map((dir) => {
    const h = labHints.get(dir);
    return collectLab(dir, opts.dir, { image: h?.image, topology: h?.topology });
  });
  return {
    format: RESULTS_FORMAT,
    runId: runId(),
    startedAt: opts.startedAt,
    finishedAt: Date.now(),
    images: opts.images,
    cases,
    labs,
    requirements: opts.requirements,
    requirementsNote: opts.requirementsNote,
    errors,
  };
}

function isLabDir(dir: string): boolean {
  return fs.readdirSync(dir).some((f) => f === 'timeline.json' || f.endsWith('.console.log') || f.endsWith('.argv') || f.endsWith('.pcap'));
}

/** A case's meta, with what its describes say filled in (the nearest describe wins). */
function metaOf(task: TestCase | TestSuite): CaseMeta {
  const chain: CaseMeta[] = [];
  for (let t: TestCase | TestSuite | TestModule = task; ; t = t.parent) {
    const m = t.meta().netrig;
    if (m) chain.push(m);
    if (t.type === 'module') break;
  }
  return Object.assign({}, ...chain.reverse()) as CaseMeta;
}

function titlePath(t: TestCase): string[] {
  const titles = [t.name];
  for (let p = t.parent; p.type === 'suite'; p = p.parent) titles.unshift(p.name);
  return titles;
}

/** The nearest describe (or the file) whose hook failed, when one did: why a case did not run. */
export function failedAncestor(t: TestCase): TestSuite | TestModule | undefined {
  for (let p: TestSuite | TestModule = t.parent; ; p = p.parent) {
    if (p.errors().length) return p;
    if (p.type === 'module') return undefined;
  }
}

function caseError(e: SerializedError): CaseError {
  const x = e as SerializedError & { evidence?: unknown; diff?: unknown };
  return {
    message: String(e.message ?? e),
    name: typeof e.name === 'string' ? e.name : undefined,
    evidence: typeof x.evidence === 'string' ? x.evidence : undefined,
    diff: typeof x.diff === 'string' ? x.diff : undefined,
    stack: typeof e.stack === 'string' ? e.stack : undefined,
  };
}
