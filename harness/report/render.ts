// Writes a run's report directory from its data: results.json (the data itself), coverage.json
// and coverage.md (the requirement table) and index.html. `renderReport(dir)` redoes the last
// three from results.json alone — what `netrig report DIR` calls.
import fs from 'node:fs';
import path from 'node:path';
import { renderHtml } from './html.ts';
import { coverage, coverageSummary, RESULTS_FORMAT, type Coverage, type ReportData } from './model.ts';

/** Writes results.json into `dir`, then everything rendered from it. */
export function writeReport(dir: string, data: ReportData): Coverage {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'results.json'), JSON.stringify(data, null, 1) + '\n');
  return render(dir, data);
}

/** Re-renders coverage.json, coverage.md and index.html of a report directory from its results.json. */
export function renderReport(dir: string): Coverage {
  return render(dir, readResults(dir));
}

/** A report directory's results.json; throws saying what is wrong with it and what to give instead. */
export function readResults(dir: string): ReportData {
  const file = path.join(dir, 'results.json');
  let data: ReportData;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as ReportData;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it is not valid JSON (${(e as Error).message})`;
    throw new Error(`cannot render a report from ${file}: ${why}; give the report directory of a run (artifacts/<run>/report)`);
  }
  if (data?.format !== RESULTS_FORMAT) throw new Error(`${file} is not a netrig results file (format ${JSON.stringify(data?.format)}, want ${RESULTS_FORMAT}); give the report directory of a run (artifacts/<run>/report)`);
  return data;
}

function render(dir: string, data: ReportData): Coverage {
  const cov = coverage(data);
  fs.writeFileSync(path.join(dir, 'coverage.json'), JSON.stringify(cov, null, 1) + '\n');
  fs.writeFileSync(path.join(dir, 'coverage.md'), coverageMarkdown(data, cov));
  const read = (rel: string) => {
    try {
      return fs.readFileSync(path.join(dir, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
  fs.writeFileSync(path.join(dir, 'index.html'), renderHtml(data, cov, read));
  return cov;
}

const cellText = { pass: 'pass', fail: '**FAIL**', 'expected-fail': 'expected-fail', skip: 'skipped', 'not testable': 'not testable', 'not run': '—' } as const;
const md = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The coverage table as Markdown; each result links to the artifacts of the lab that decided it. */
export function coverageMarkdown(data: ReportData, cov: Coverage): string {
  const labs = new Map(data.labs.map((l) => [l.name, l]));
  const lines = [`# Requirement coverage — run ${data.runId}`, '', ...coverageSummary(cov).split('\n').map((l) => (l.startsWith('  ') ? `- ${l.trim()}` : l)), ''];
  if (data.requirementsNote) lines.push(`> ${md(data.requirementsNote)}`, '');
  if (!cov.rows.length) return [...lines, 'No case named a requirement ID and no requirements table was found.', ''].join('\n');
  lines.push(`| ID | requirement | level | RFC | ${cov.images.map(md).join(' | ')} |`, `|---|---|---|---|${cov.images.map(() => '---|').join('')}`);
  for (const r of cov.rows) {
    const cells = cov.images.map((image) => {
      const c = r.cells[image];
      const lab = c.lab ? labs.get(c.lab) : undefined;
      return lab ? `[${cellText[c.result]}](${lab.dir}/)` : cellText[c.result];
    });
    const title = r.testability === 'not-testable' && r.why ? `${r.title} _(not testable: ${r.why})_` : r.title;
    lines.push(`| ${md(r.id)} | ${md(title)} | ${md(r.level)} | ${md([r.rfc, r.section].filter(Boolean).join(' §'))} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
