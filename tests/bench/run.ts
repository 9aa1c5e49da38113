// `npm run bench`: runs every suite in one process, prints the figures as a table and writes them to
// bench-results.json (name, value, unit, and for comparisons the baseline and the ratio; with each
// target whether it holds). `npm run bench -- fanout ingest` runs only the suites named.
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyGroupSuite } from './busy-group.ts';
import { fanoutSuite } from './fanout.ts';
import type { Figure, Suite } from './figures.ts';
import { ingestSuite } from './ingest.ts';
import { jobsSuite } from './jobs.ts';
import { standingsSuite } from './standings.ts';

const SUITES: Suite[] = [standingsSuite, jobsSuite, ingestSuite, fanoutSuite, busyGroupSuite];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
if (unknown.length) {
  console.error(`Unknown suite: ${unknown.join(', ')}. Suites: ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;

const machine = {
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
const started = Date.now();
console.log(`Benchmarks on ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}\n`);

const figures: Figure[] = [];
for (const suite of suites) {
  console.log(`${suite.name}: ${suite.description}`);
  const t0 = Date.now();
  figures.push(...(await suite.run((line) => console.log(line))));
  console.log(`  (${Math.round((Date.now() - t0) / 1000)} s)\n`);
}

const show = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));
const rows = figures.map((f) => [
  f.name,
  `${show(f.value)} ${f.unit}`,
  f.baseline ? `${show(f.baseline.value)} ${f.baseline.unit} (${f.baseline.name})` : '',
  f.ratio !== undefined ? `${show(f.ratio)}×` : '',
  f.target ? `${f.target.text}: ${f.holds ? 'holds' : 'MISSED'}` : '',
]);
const header = ['figure', 'value', 'baseline', 'ratio', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));

const missed = figures.filter((f) => f.holds === false);
const seconds = Math.round((Date.now() - started) / 1000);
const out = join(process.cwd(), 'bench-results.json');
writeFileSync(out, `${JSON.stringify({ ranAt: new Date().toISOString(), seconds, machine, figures }, null, 2)}\n`);
console.log(`\n${figures.length} figures in ${seconds} s; ${missed.length ? `targets missed: ${missed.map((f) => f.name).join(', ')}` : 'every target holds'}. Written to bench-results.json.`);
