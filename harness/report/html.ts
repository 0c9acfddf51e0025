// The run's report as one HTML page that needs nothing but its own directory: failures and their
// evidence first, then the topologies, every case per image, the requirement coverage table and,
// per lab, its timeline, console transcripts and pcaps. No script, no network, no CDN.
import { tail } from '../util/wait.ts';
import { LIMINIX_SEGMENTS } from '../net/segment.ts';
import { topologyFromWires } from './labs.ts';
import { isSystemCase, NO_IMAGE, tally, type CaseError, type CaseResult, type Cell, type Coverage, type LabInfo, type Outcome, type ReportData, type TopologyShape } from './model.ts';
import { topologySvg } from './svg.ts';
import { duration, esc } from './text.ts';

/** Console transcripts longer than this show their end only (the file has it all). */
const CONSOLE_MAX = 200_000;

/** `read(rel)` returns a file of the report directory as text, or undefined. */
export function renderHtml(data: ReportData, cov: Coverage, read: (rel: string) => string | undefined): string {
  const labs = new Map(data.labs.map((l) => [l.name, l]));
  const cases = data.cases.filter(isSystemCase);
  const unit = data.cases.filter((c) => !cases.includes(c));
  const failures = data.cases.filter((c) => c.outcome === 'fail');
  const t = tally(data.cases);
  const title = `netrig report — ${t.fail ? `${t.fail} failed` : 'all passed'} — run ${data.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>netrig report <span class="verdict ${t.fail ? 'fail' : 'pass'}">${t.fail ? `${t.fail} failed` : 'all passed'}</span></h1>
<p class="run">run <code>${esc(data.runId)}</code> · ${esc(new Date(data.startedAt).toISOString().replace('T', ' ').slice(0, 19))} UTC · ${duration(data.finishedAt - data.startedAt)} · ${counts(t)}</p>
${imageSummary(data, cases)}
<nav><a href="#failures">Failures (${failures.length + data.errors.length})</a> <a href="#topology">Topology</a> <a href="#results">Cases</a> <a href="#coverage">Coverage</a> <a href="#labs">Labs</a> <a href="results.json">results.json</a> <a href="coverage.md">coverage.md</a></nav>
</header>
<main>
${failuresSection(data, failures, labs, read)}
${topologySection(data)}
${resultsSection(data, cases, unit)}
${coverageSection(data, cov)}
${labsSection(data, read)}
</main>
</body>
</html>
`;
}

const SYMBOL: Record<Outcome | Cell, string> = { pass: '✔', fail: '✘', 'expected-fail': '⚑', skip: '–', 'not testable': '∅', 'not run': '·' };

function badge(o: Outcome | Cell, text: string = o): string {
  return `<span class="badge ${o.replace(/ /g, '-')}">${SYMBOL[o]} ${esc(text)}</span>`;
}

function counts(t: Record<Outcome, number>): string {
  const parts = [`${t.pass} passed`, `${t.fail} failed`];
  if (t['expected-fail']) parts.push(`${t['expected-fail']} expected-fail`);
  if (t.skip) parts.push(`${t.skip} skipped`);
  return parts.join(', ');
}

const anchor = (c: CaseResult) => c.id.replace(/[^\w-]/g, '_');
const caseTitle = (c: CaseResult) => c.path.at(-1) ?? '';
const where = (c: CaseResult) => `${c.file}${c.line ? `:${c.line}` : ''}`;

function imageSummary(data: ReportData, cases: CaseResult[]): string {
  const images = [...new Set([...data.images, ...cases.map((c) => c.image ?? NO_IMAGE)])];
  if (!images.length) return '';
  const rows = images.map((image) => {
    const mine = cases.filter((c) => (c.image ?? NO_IMAGE) === image);
    const t = tally(mine);
    const ms = mine.reduce((s, c) => s + (c.duration ?? 0), 0);
    return `<tr><th>${esc(image)}</th><td>${badge('pass', String(t.pass))}</td><td>${t.fail ? badge('fail', String(t.fail)) : ''}</td><td>${t['expected-fail'] ? badge('expected-fail', String(t['expected-fail'])) : ''}</td><td>${t.skip ? badge('skip', String(t.skip)) : ''}</td><td class="num">${duration(ms)}</td></tr>`;
  });
  return `<table class="images"><thead><tr><th>image</th><th>pass</th><th>fail</th><th>expected-fail</th><th>skipped</th><th>time in cases</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function failuresSection(data: ReportData, failures: CaseResult[], labs: Map<string, LabInfo>, read: (rel: string) => string | undefined): string {
  if (!failures.length && !data.errors.length) return `<section id="failures"><h2>Failures</h2><p class="none">None: every case that ran passed.</p></section>`;
  // Cases that failed for one reason in one lab (a topology that did not boot) show it once.
  const groups = new Map<string, CaseResult[]>();
  for (const c of failures) {
    const key = `${c.lab ?? ''}\n${c.errors[0]?.message ?? c.note ?? ''}\n${c.note ? 'hook' : c.id}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const blocks = [...groups.values()].map((group) => {
    const c = group[0];
    const lab = c.lab ? labs.get(c.lab) : undefined;
    const also = group.slice(1);
    return `<article class="failure" id="fail-${anchor(c)}">
${also.map((a) => `<a id="fail-${anchor(a)}"></a>`).join('')}
<h3>${badge('fail')} ${esc(caseTitle(c))}</h3>
<p class="meta">${[c.image && `image <b>${esc(c.image)}</b>`, `<code>${esc(where(c))}</code>`, c.path.length > 1 && esc(c.path.slice(0, -1).join(' › ')), c.duration !== undefined && duration(c.duration), lab && `lab <a href="#lab-${esc(lab.name)}">${esc(lab.name)}</a>`].filter(Boolean).join(' · ')}</p>
${also.length ? `<p class="also">The same failure ended ${also.length} more case${also.length > 1 ? 's' : ''}: ${also.map((a) => esc(caseTitle(a))).join('; ')}</p>` : ''}
${c.note ? `<p class="note">${esc(c.note)}</p>` : ''}
${c.errors.map(errorBlock).join('\n')}
${lab ? evidenceLinks(lab, read) : ''}
</article>`;
  });
  const outside = data.errors.map(
    (e) => `<article class="failure"><h3>${badge('fail')} ${esc(e.where)}</h3>${errorBlock(e.error)}</article>`,
  );
  return `<section id="failures"><h2>Failures</h2>${blocks.join('\n')}${outside.join('\n')}</section>`;
}

function errorBlock(e: CaseError): string {
  const [headline, ...rest] = e.message.split('\n');
  // NetrigError indents its evidence under the message with "  │ "; a block of its own needs none.
  const evidence = rest.every((l) => l.startsWith('  │ ') || l === '  │') ? rest.map((l) => l.slice(4)).join('\n') : rest.join('\n');
  const extra = e.evidence && !e.message.includes(e.evidence.split('\n')[0]) ? `\n${e.evidence}` : '';
  return `<div class="error">
<p class="headline">${esc(e.name && e.name !== 'Error' && !headline.startsWith(e.name) ? `${e.name}: ` : '')}${esc(headline)}</p>
${evidence || extra ? `<pre class="evidence">${headings(evidence + extra)}</pre>` : ''}
${e.diff ? `<pre class="diff">${esc(e.diff)}</pre>` : ''}
${e.stack ? `<details><summary>stack</summary><pre>${esc(e.stack)}</pre></details>` : ''}
</div>`;
}

/** Evidence is sections ("router console, last lines:", "QEMU command line:"): their titles in bold. */
function headings(text: string): string {
  return text
    .split('\n')
    .map((l) => (/^[A-Za-z][^\n]{0,80}:$/.test(l) ? `<b>${esc(l)}</b>` : esc(l)))
    .join('\n');
}

/** Under a failure: what else the lab kept — console ends, captures, timeline. */
function evidenceLinks(lab: LabInfo, read: (rel: string) => string | undefined): string {
  const consoles = lab.guests
    .filter((g) => g.console)
    .map((g) => {
      const text = read(g.console!) ?? '';
      return `<details><summary>${esc(g.name)} console, last 30 lines</summary><pre class="console">${esc(tail(text, 30)) || '(nothing printed)'}</pre></details>`;
    });
  const pcaps = lab.pcaps.map((p) => `<a href="${esc(p.file)}">${esc(p.segment)}.pcap</a> (${p.frames} frames)`);
  return `<div class="evidence-links">${consoles.join('\n')}<p>Captures: ${pcaps.join(' · ') || 'none'} · <a href="#timeline-${esc(lab.name)}">timeline</a> · <a href="${esc(lab.dir)}/">all artifacts</a></p></div>`;
}

function segmentNote(lab: LabInfo | undefined): (seg: string) => string {
  return (seg) => {
    const spec = (LIMINIX_SEGMENTS as Record<string, { group: string; port: number } | undefined>)[seg];
    const pcap = lab?.pcaps.find((p) => p.segment === seg);
    return [spec && `${spec.group}:${spec.port}`, pcap && `${pcap.frames} frames`].filter(Boolean).join(' · ');
  };
}

function drawLab(lab: LabInfo, topology: TopologyShape | undefined = lab.topology ?? topologyFromWires(lab)): string {
  if (!topology) return '<p class="none">No topology recorded for this lab.</p>';
  const wiring = Object.fromEntries(lab.guests.map((g) => [g.name, g.wires]));
  return topologySvg(topology, wiring, segmentNote(lab));
}

function topologySection(data: ReportData): string {
  const seen = new Map<string, LabInfo>();
  for (const lab of data.labs) if (lab.topology && !seen.has(lab.topology.name)) seen.set(lab.topology.name, lab);
  if (!seen.size) for (const lab of data.labs) if (topologyFromWires(lab) && !seen.size) seen.set(lab.name, lab);
  const figures = [...seen.values()].map((lab) => {
    const t = lab.topology ?? topologyFromWires(lab)!;
    const users = data.labs.filter((l) => l.topology?.name === t.name).length;
    return `<figure>${drawLab(lab, t)}<figcaption><b>${esc(t.name)}</b>${t.description ? ` — ${esc(t.description)}` : ''} <span class="dim">(${users || 1} lab${users > 1 ? 's' : ''}; MACs as wired in ${esc(lab.name)})</span></figcaption></figure>`;
  });
  return `<section id="topology"><h2>Topology</h2>${figures.join('\n') || '<p class="none">No topology was booted in this run.</p>'}</section>`;
}

function resultsSection(data: ReportData, cases: CaseResult[], unit: CaseResult[]): string {
  const images = [...new Set([...data.images, ...cases.map((c) => c.image ?? NO_IMAGE)])];
  const tables = images
    .map((image) => {
      const mine = cases.filter((c) => (c.image ?? NO_IMAGE) === image);
      if (!mine.length) return `<h3>${esc(image)}</h3><p class="none">No case ran on this image.</p>`;
      const rows = mine.map((c) => {
        const link = c.outcome === 'fail' ? ` <a href="#fail-${anchor(c)}">evidence ↑</a>` : '';
        const note = c.note && c.outcome !== 'fail' ? `<div class="note">${esc(c.note)}</div>` : '';
        return `<tr id="row-${anchor(c)}" class="${c.outcome}"><td>${badge(c.outcome)}</td><td>${esc(caseTitle(c))}${link}${note}<div class="dim">${esc(c.path.slice(0, -1).join(' › '))} · <code>${esc(where(c))}</code></div></td><td>${c.requirements.map((r) => `<a href="#req-${esc(r)}">${esc(r)}</a>`).join(' ')}</td><td class="num">${duration(c.duration)}</td><td>${c.lab ? `<a href="#lab-${esc(c.lab)}">${esc(c.lab)}</a>` : ''}</td></tr>`;
      });
      return `<h3>${esc(image)} <span class="dim">${counts(tally(mine))}</span></h3><table class="cases"><thead><tr><th>result</th><th>case</th><th>requirements</th><th>time</th><th>lab</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    })
    .join('\n');
  let unitPart = '';
  if (unit.length) {
    const files = [...new Set(unit.map((c) => c.file))].sort();
    const rows = files.map((f) => {
      const mine = unit.filter((c) => c.file === f);
      const t = tally(mine);
      const failed = mine.filter((c) => c.outcome === 'fail').map((c) => `<div><a href="#fail-${anchor(c)}">${esc(caseTitle(c))}</a></div>`);
      return `<tr class="${t.fail ? 'fail' : 'pass'}"><td><code>${esc(f)}</code>${failed.join('')}</td><td class="num">${t.pass}</td><td class="num">${t.fail || ''}</td><td class="num">${t.skip || ''}</td><td class="num">${duration(mine.reduce((s, c) => s + (c.duration ?? 0), 0))}</td></tr>`;
    });
    const t = tally(unit);
    unitPart = `<details${t.fail ? ' open' : ''}><summary>Harness unit tests: ${counts(t)}</summary><table class="unit"><thead><tr><th>file</th><th>pass</th><th>fail</th><th>skipped</th><th>time</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
  }
  return `<section id="results"><h2>Cases</h2>${tables || '<p class="none">No system case ran.</p>'}${unitPart}</section>`;
}

function coverageSection(data: ReportData, cov: Coverage): string {
  const head = `<tr><th>ID</th><th>requirement</th><th>level</th><th>RFC</th>${cov.images.map((i) => `<th>${esc(i)}</th>`).join('')}</tr>`;
  const byId = new Map(data.cases.map((c) => [c.id, c]));
  const row = (r: Coverage['rows'][number]) => {
    const cells = cov.images.map((image) => {
      const cell = r.cells[image];
      const first = cell.cases.map((id) => byId.get(id)).find((c) => c?.outcome === cell.result) ?? byId.get(cell.cases[0]);
      const inner = first ? `<a href="#${first.outcome === 'fail' ? 'fail' : 'row'}-${anchor(first)}">${badge(cell.result)}</a>` : badge(cell.result);
      return `<td title="${esc(cell.result === 'not testable' ? (r.why ?? '') : cell.cases.map((id) => byId.get(id)?.path.at(-1) ?? id).join('\n'))}">${inner}</td>`;
    });
    const why = r.why && r.testability === 'not-testable' ? `<div class="note">not testable from the wire: ${esc(r.why)}</div>` : '';
    return `<tr id="req-${esc(r.id)}"><th>${esc(r.id)}</th><td>${esc(r.title)}${why}</td><td>${esc(r.level)}</td><td>${esc([r.rfc, r.section].filter(Boolean).join(' §'))}</td>${cells.join('')}</tr>`;
  };
  const table = (rows: Coverage['rows']) => `<table class="coverage"><thead>${head}</thead><tbody>${rows.map(row).join('')}</tbody></table>`;
  // Decided rows open; those no case decided in this run, and those the wire cannot decide, folded.
  const ran = cov.rows.filter((r) => Object.values(r.cells).some((c) => c.result !== 'not run' && c.result !== 'not testable'));
  const notTestable = cov.rows.filter((r) => !ran.includes(r) && r.testability === 'not-testable');
  const notRun = cov.rows.filter((r) => !ran.includes(r) && !notTestable.includes(r));
  const s = cov.summary;
  const per = cov.images.map((i) => `${esc(i)}: ${s.perImage[i].pass} pass, ${s.perImage[i].fail} fail, ${s.perImage[i]['expected-fail']} expected-fail`).join(' · ');
  return `<section id="coverage"><h2>Requirement coverage</h2>
<p>${s.decided} requirement IDs decided by a case${s.notTestable ? `, ${s.notTestable} not testable from the wire` : ''}. ${per}</p>
${data.requirementsNote ? `<p class="note">${esc(data.requirementsNote)}</p>` : ''}
${cov.rows.length ? '' : '<p class="none">No case named a requirement ID and no requirements table was found.</p>'}
${ran.length ? table(ran) : cov.rows.length ? '<p class="none">No case in this run named a requirement ID.</p>' : ''}
${notRun.length ? `<details><summary>${notRun.length} requirements no case decided in this run</summary>${table(notRun)}</details>` : ''}
${notTestable.length ? `<details><summary>${notTestable.length} requirements not testable from the wire, and why</summary>${table(notTestable)}</details>` : ''}
</section>`;
}

function labsSection(data: ReportData, read: (rel: string) => string | undefined): string {
  const section = (lab: LabInfo) => {
    const t0 = lab.timeline[0]?.t ?? 0;
    const events = lab.timeline.map(
      (e) => `<tr class="kind-${esc(e.kind)}"><td class="num" title="${esc(e.t ? new Date(e.t).toISOString() : '')}">+${((e.t - t0) / 1000).toFixed(3)} s</td><td>${esc(e.source)}</td><td><span class="kind">${esc(e.kind)}</span></td><td>${esc(e.text)}</td></tr>`,
    );
    const consoles = lab.guests
      .filter((g) => g.console)
      .map((g) => {
        const text = read(g.console!) ?? '';
        const cut = text.length > CONSOLE_MAX;
        const shown = cut ? text.slice(-CONSOLE_MAX) : text;
        return `<details><summary>${esc(g.name)} console transcript (${text.split('\n').length} lines) · <a href="${esc(g.console!)}">raw</a></summary>${cut ? `<p class="note">Only the last ${CONSOLE_MAX} characters are shown; the raw file has it all.</p>` : ''}<pre class="console">${esc(shown) || '(nothing printed)'}</pre></details>`;
      });
    const argvs = lab.guests
      .filter((g) => g.argv)
      .map((g) => `<details><summary>${esc(g.name)} QEMU command line</summary><pre>${esc(read(g.argv!) ?? '')}</pre></details>`);
    const pcaps = lab.pcaps.map((p) => `<li><a href="${esc(p.file)}">${esc(p.segment)}.pcap</a> — ${p.frames} frames, ${p.bytes} bytes</li>`);
    const used = data.cases.filter((c) => c.lab === lab.name);
    return `<section class="lab" id="lab-${esc(lab.name)}">
<h3>${esc(lab.name)}</h3>
<p class="meta">${[lab.image && `image <b>${esc(lab.image)}</b>`, lab.topology && `topology <b>${esc(lab.topology.name)}</b>`, used.length && `${used.length} case${used.length > 1 ? 's' : ''}: ${counts(tally(used))}`, `<a href="${esc(lab.dir)}/">artifacts</a>`].filter(Boolean).join(' · ')}</p>
<div class="lab-body"><div class="lab-topology">${drawLab(lab)}</div>
<div><h4>Captures</h4><ul>${pcaps.join('') || '<li>none</li>'}</ul></div></div>
<h4 id="timeline-${esc(lab.name)}">Timeline</h4>
${events.length ? `<table class="timeline"><tbody>${events.join('')}</tbody></table>` : '<p class="none">No events recorded.</p>'}
<h4>Consoles</h4>
${consoles.join('\n') || '<p class="none">No console transcript.</p>'}
${argvs.join('\n')}
</section>`;
  };
  // Labs no system case ran in (harness tests open guestless ones) fold away at the end.
  const mine = (lab: LabInfo) => lab.image !== undefined || lab.topology !== undefined || data.cases.some((c) => c.lab === lab.name && isSystemCase(c));
  const main = data.labs.filter(mine).map(section);
  const others = data.labs.filter((l) => !mine(l));
  const rest = others.length ? `<details><summary>${others.length} more lab${others.length > 1 ? 's' : ''} of this run that no case was tagged with (harness tests, untagged cases)</summary>${others.map(section).join('\n')}</details>` : '';
  return `<section id="labs"><h2>Labs</h2>${main.join('\n') || (others.length ? '' : '<p class="none">No lab ran in this run.</p>')}${rest}</section>`;
}

const CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --xfail: #9a6700; --skip: #6e7781; --nt: #57606a; --bg: #fff; --fg: #1f2328; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 16px 24px 8px; border-bottom: 1px solid var(--line); background: var(--soft); }
main { padding: 0 24px 48px; max-width: 1400px; }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); font-size: 18px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
h4 { margin: 14px 0 6px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--nt); }
code, pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
pre { margin: 6px 0; padding: 8px 10px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-word; }
a { color: #0969da; }
nav a { margin-right: 14px; }
.run { margin: 0 0 8px; color: var(--nt); }
.verdict { font-size: 14px; padding: 2px 10px; border-radius: 12px; color: #fff; vertical-align: middle; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.images { margin: 4px 0 10px; }
.badge { display: inline-block; white-space: nowrap; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.expected-fail { background: var(--xfail); }
.badge.skip, .badge.not-run { background: #fff; color: var(--skip); border: 1px solid var(--line); } .badge.not-testable { background: #eaeef2; color: var(--nt); }
.dim { color: var(--nt); font-size: 12px; font-weight: normal; }
.none { color: var(--nt); font-style: italic; }
.note { color: var(--xfail); font-size: 12px; }
.failure { border: 1px solid var(--fail); border-left: 6px solid var(--fail); border-radius: 6px; padding: 4px 14px 10px; margin: 12px 0; background: #fff8f8; }
.failure h3 { margin-top: 10px; }
.failure .meta, .lab .meta { margin: 0 0 6px; color: var(--nt); }
.error .headline { margin: 8px 0 4px; font: 600 14px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; color: var(--fail); white-space: pre-wrap; }
.error pre.evidence { background: #1f2328; color: #e6edf3; border-color: #1f2328; max-height: 560px; }
.error pre.evidence b { color: #ffa198; }
.error pre.diff { background: #fff; }
.evidence-links p { margin: 6px 0 0; }
details { margin: 4px 0; } summary { cursor: pointer; }
pre.console { background: #0d1117; color: #c9d1d9; border-color: #0d1117; }
table.cases tr.fail td { background: #fff8f8; }
table.coverage td { text-align: center; } table.coverage td:nth-child(2), table.coverage td:nth-child(4) { text-align: left; max-width: 560px; } table.coverage td:nth-child(4) { white-space: nowrap; }
table.timeline td { padding: 2px 8px; font-size: 12px; } table.timeline td:last-child { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.kind { display: inline-block; min-width: 48px; padding: 0 6px; border-radius: 8px; background: #eaeef2; font-size: 11px; text-align: center; }
tr.kind-boot .kind, tr.kind-ready .kind { background: #ddf4ff; } tr.kind-exit .kind { background: #ffebe9; }
tr.kind-pd .kind, tr.kind-dhcp6 .kind, tr.kind-ra .kind { background: #fbefff; } tr.kind-dhcp .kind { background: #fff8c5; }
tr.kind-pppoe .kind, tr.kind-ppp .kind { background: #dafbe1; } tr.kind-assert .kind { background: #ffd8b5; }
figure { margin: 8px 0 16px; } figcaption { color: var(--nt); }
.lab { border-top: 1px dashed var(--line); margin-top: 18px; }
.lab-body { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
svg.topology { max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
svg.topology .bus { stroke: #57606a; stroke-width: 5; stroke-linecap: round; }
svg.topology .bus-name { font: 600 14px ui-monospace, "DejaVu Sans Mono", monospace; fill: #1f2328; }
svg.topology .bus-note { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; fill: #57606a; }
svg.topology .cable line { stroke: #0969da; stroke-width: 2; } svg.topology .cable circle { fill: #0969da; }
svg.topology .nic { font: 600 12px ui-monospace, "DejaVu Sans Mono", monospace; fill: #0969da; }
svg.topology .mac { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; fill: #57606a; }
svg.topology .node rect { fill: #ddf4ff; stroke: #0969da; stroke-width: 1.5; }
svg.topology .node.role-router rect { fill: #fff8c5; stroke: #9a6700; }
svg.topology .node-name { font: 600 14px system-ui, sans-serif; text-anchor: middle; fill: #1f2328; }
svg.topology .node-detail { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; text-anchor: middle; fill: #57606a; }
`;
