import type { ConfirmationBenchResult, StoreBenchResult } from './service/benchConfirmations.ts';
import type { KioskVisitBench } from './benchKioskVisit.ts';
import type { PinCheckInBench } from './benchPinCheckIn.ts';
import type { DeviceAdapterBench } from './benchDeviceAdapters.ts';
import type { KioskSoakBench } from './benchKioskSoak.ts';
import type { TerminalFilesBench } from './benchTerminalFiles.ts';
import type { LinkageBench } from './linkage/benchLinkageCheck.ts';
import type { LatencySummary } from './sampleLatency.ts';

/** What `npm run bench` measured; `--json FILE` writes exactly this. */
export interface BenchReport {
  startedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  profile: string;
  /** The loopback quickack route (Debian's vpcd stalls ~44 ms per APDU without it); null when `ip` is missing. */
  quickackRoute: boolean | null;
  pcscd: { state: 'reused' | 'started' | 'unavailable' | 'failed'; reader: string; port: number; reason?: string };
  results: BenchResult[];
  ratios: BenchRatio[];
  /** One full kiosk visit, with the card read alone as the same-run baseline. */
  kioskVisit?: KioskVisitBench;
  /** A full PIN check-in through pcscd + vpcd, with the same check-in in-process as the same-run baseline. */
  pinCheckIn?: PinCheckInBench;
  /** The real adapters per frame: card-face OCR (baseline: a bare tesseract spawn), face match (baseline: decoding the frame). */
  deviceAdapters?: DeviceAdapterBench;
  /** A whole day at one kiosk: its own start is the baseline of its end. */
  kioskSoak?: KioskSoakBench;
  /** The eligibility service under 1,000 terminals, with a bare ws echo server as the same-run baseline. */
  eligibilityService?: ConfirmationBenchResult;
  /** The service on SQLite, on PostgreSQL, and as two instances sharing it. */
  serviceStores?: StoreBenchResult;
  /** 個別照会 through the terminal's folders, with the same queries over the ws client as the same-run baseline. */
  terminalFiles?: TerminalFilesBench;
  linkageCheck?: LinkageBench;
}

export interface BenchResult extends LatencySummary {
  case: string;
  label: string;
  path: string;
  /** APDUs one run sends. */
  apdus: number;
}

/** pcscd+vpcd over in-process, from the same run. */
export interface BenchRatio {
  case: string;
  median: number;
  p99: number;
}

export function computeRatios(results: BenchResult[], slow: string, fast: string): BenchRatio[] {
  const ratios: BenchRatio[] = [];
  for (const s of results.filter((r) => r.path === slow)) {
    const f = results.find((r) => r.case === s.case && r.path === fast);
    if (f && f.n > 0 && s.n > 0) ratios.push({ case: s.case, median: s.medianMs / f.medianMs, p99: s.p99Ms / f.p99Ms });
  }
  return ratios;
}
