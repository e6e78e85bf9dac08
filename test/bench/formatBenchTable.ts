import type { LoadRunResult } from './service/loadGeneratorProcess.ts';
import type { ConfirmationBenchResult, StoreBenchResult } from './service/benchConfirmations.ts';
import type { KioskSoakBench, SoakWindow } from './benchKioskSoak.ts';
import type { KioskVisitBench } from './benchKioskVisit.ts';
import type { BenchReport } from './BenchReport.ts';

const ms = (value: number) => (Number.isNaN(value) ? '-' : value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(2) : value.toFixed(0));
const times = (value: number) => `×${value < 10 ? value.toFixed(1) : value.toFixed(0)}`;

/** Width in terminal columns: CJK characters take two. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, to: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
}

/** The table `npm run bench` prints: one row per case and path, the ratio on the pcscd row. */
export function formatBenchTable(report: BenchReport): string {
  const header = ['case', 'path', 'APDUs', 'n', 'median ms', 'p99 ms', 'pcscd/in-process (median, p99)'];
  const rows = report.results.map((r, i) => {
    const ratio = report.ratios.find((x) => x.case === r.case);
    const first = i === 0 || report.results[i - 1]!.case !== r.case;
    const showRatio = ratio && r.path !== report.results.find((x) => x.case === r.case)!.path;
    const p99 = r.n < 100 ? `${ms(r.p99Ms)}*` : ms(r.p99Ms);
    return [first ? r.label : '', r.path, String(r.apdus), String(r.n), ms(r.medianMs), p99, showRatio ? `${times(ratio.median)}, ${times(ratio.p99)}` : ''];
  });
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((row) => width(row[c]!))));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) => cells.map((cell, c) => pad(cell, widths[c]!, numeric.has(c))).join('  ').trimEnd();
  const notes = report.results.some((r) => r.n < 100) ? ['* fewer than 100 samples: p99 is the maximum'] : [];
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...notes].join('\n');
}

export function formatBenchContext(report: BenchReport): string {
  const quickack = report.quickackRoute === null ? 'unknown (no `ip`)' : report.quickackRoute ? 'set' : 'NOT set: expect ~44 ms per APDU through vpcd';
  const pcscd =
    report.pcscd.state === 'reused'
      ? 'the running pcscd'
      : report.pcscd.state === 'started'
        ? 'started for this run, stopped afterwards'
        : `${report.pcscd.state}: ${report.pcscd.reason ?? ''}`;
  return [
    `profile ${report.profile}; Node ${report.machine.node}, ${report.machine.cpus} × ${report.machine.cpuModel}`,
    `pcscd: ${pcscd}; reader "${report.pcscd.reader}" (vpcd port ${report.pcscd.port})`,
    `loopback quickack route: ${quickack}`,
  ].join('\n');
}

export function formatKioskVisit(b: KioskVisitBench): string {
  return [
    'case                                      n  median ms  p99 ms',
    `kiosk: full face visit (card → standby) ${String(b.visit.n).padStart(4)} ${ms(b.visit.medianMs).padStart(10)} ${ms(b.visit.p99Ms).padStart(7)}`,
    `baseline: card read alone               ${String(b.cardRead.n).padStart(4)} ${ms(b.cardRead.medianMs).padStart(10)} ${ms(b.cardRead.p99Ms).padStart(7)}`,
    `baseline: the visit's signatures alone  ${String(b.signatures.n).padStart(4)} ${ms(b.signatures.medianMs).padStart(10)} ${ms(b.signatures.p99Ms).padStart(7)}`,
    `visit / card read: ×${b.ratio.median.toFixed(1)} median, ×${b.ratio.p99.toFixed(1)} p99 (aim: a visit ≤ 2.5 ms)`,
    `floor here: card read + signatures (card RSA-2048 sign and check, reader ECDSA P-256 sign and check) = ${ms(b.floorMedianMs)} ms median`,
  ].join('\n');
}

export function formatKioskSoak(b: KioskSoakBench): string {
  const row = (label: string, w: SoakWindow) =>
    `${label.padEnd(22)} ${ms(w.visit.medianMs).padStart(9)} ${ms(w.visit.p99Ms).padStart(8)} ${ms(w.uiRoundTrip.medianMs).padStart(10)} ${ms(w.uiRoundTrip.p99Ms).padStart(8)}`;
  return [
    `kiosk all day: ${b.visits} face visits, staff and patient screens connected`,
    'window                 visit p50 visit p99  UI rt p50  UI rt p99',
    row(`visits ${b.start.fromVisit}–${b.start.toVisit}`, b.start),
    row(`visits ${b.end.fromVisit}–${b.end.toVisit}`, b.end),
    `end / start: ×${b.ratio.visitMedian.toFixed(2)} visit median, ×${b.ratio.uiRoundTripMedian.toFixed(2)} UI round trip median (bar: flat, ×1)`,
    `RSS MB every ${b.rssEvery} visits: ${b.rssMb.join(' ')}`,
    `staff list read at ${b.listRead.visitsInDay} visits: ${ms(b.listRead.newestMs)} ms indexed newest 50, baseline ${ms(b.listRead.wholeDayMs)} ms reading the whole day`,
  ].join('\n');
}

export function formatConfirmations(r: ConfirmationBenchResult): string {
  const row = (label: string, x: LoadRunResult) =>
    `${label.padEnd(34)} ${(x.offered === null ? '' : x.offered.toFixed(0)).padStart(7)} ${x.perSecond.toFixed(0).padStart(8)} ${ms(x.p50Ms).padStart(7)} ${ms(x.p99Ms).padStart(7)} ${ms(x.p999Ms).padStart(8)} ${String(x.errors).padStart(6)}`;
  return [
    `service CPU per confirmation: ${r.serviceCpuMsPerConfirmation.toFixed(3)} ms (its own process.cpuUsage() over the closed-loop run; aim ≤ 0.15 ms)`,
    `load generator CPU per confirmation: ${r.generatorCpuMsPerConfirmation.toFixed(3)} ms (its own process: the card's RSA signature, the reader's ECDSA, ws)`,
    `case (${r.terminals} terminals)`.padEnd(34) + ' offered  achieved  p50 ms  p99 ms  p999 ms errors',
    row('service: card confirmations, closed', r.closedLoop),
    row('baseline: bare ws echo, closed', r.echo),
    `confirmations / echo throughput: ×${r.throughputRatioToEcho.toFixed(3)} (aim ≥ ×0.30)`,
    ...r.openLoop.map((x) => `${row('service: open loop', x)}   service CPU ${x.serviceCpuMsPerConfirmation.toFixed(3)} ms/confirmation`),
    `highest offered rate with p99 < 50 ms: ${r.highestRateUnder50msP99 ?? 'none'}${r.openLoop.length ? '' : ' (no open-loop runs)'}`,
  ].join('\n');
}

export function formatStores(r: StoreBenchResult): string {
  const head = `store (${r.terminals} terminals, closed loop)`.padEnd(34) + ' achieved  p50 ms  p99 ms  p999 ms errors  service CPU ms/confirmation';
  const rows = r.cases.map(
    (c) =>
      `${`${c.store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${c.instances} instance${c.instances > 1 ? 's' : ''}`.padEnd(34)} ${c.run.perSecond.toFixed(0).padStart(8)} ${ms(c.run.p50Ms).padStart(7)} ${ms(c.run.p99Ms).padStart(7)} ${ms(c.run.p999Ms).padStart(8)} ${String(c.run.errors).padStart(6)}  ${c.serviceCpuMsPerConfirmation.toFixed(3)}`,
  );
  return [head, ...rows, `two PostgreSQL instances / one: ×${r.twoInstancesOverOne.toFixed(2)} (2 cores shared by both instances, PostgreSQL and the load generator; writes take one lock in turn)`].join('\n');
}

