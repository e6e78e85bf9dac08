import { PNG } from 'pngjs';
import { readPngSize } from '../../device/cameraFrames/readPngSize.ts';
import type { CameraFrame } from '../../device/camera/FrameSource.ts';
import { OcrCardFaceScanner } from '../../device/cardFaceOcr/OcrCardFaceScanner.ts';
import { HumanFaceMatcher } from '../../device/faceModel/HumanFaceMatcher.ts';
import { runProgram } from '../../foundation/runProgram.ts';
import { renderCardFront } from '../../sim/cardFace/renderCardFront.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { cardPhoto, liveFrame, PEOPLE } from '../harness/faceFixtures.ts';
import { ScriptedFrameSource } from '../harness/ScriptedFrameSource.ts';
import { sampleLatency, type LatencySummary, type SampleBudget } from './sampleLatency.ts';

/** One adapter's time per frame, with the same-run baseline it is compared to. */
export interface AdapterBench {
  subject: LatencySummary;
  baseline: LatencySummary;
  ratio: { median: number; p99: number };
}

export interface DeviceAdapterBench {
  /** OcrCardFaceScanner.read of a rendered card front (5 tesseract passes), against one bare `tesseract --version` spawn. */
  cardFaceOcr: AdapterBench;
  /** HumanFaceMatcher.compare of a 640×480 frame with the model loaded and the card photo's embedding cached, against a pngjs decode of the same frame. */
  faceMatch: AdapterBench & { loadMs: number };
}

const OCR_BUDGET: SampleBudget = { warmup: 2, maxSamples: 60, maxMs: 15_000, block: 3 };
const FACE_BUDGET: SampleBudget = { warmup: 3, maxSamples: 100, maxMs: 10_000, block: 5 };

function compared(samples: Map<string, LatencySummary>, subject: string, baseline: string): AdapterBench {
  const s = samples.get(subject)!;
  const b = samples.get(baseline)!;
  return { subject: s, baseline: b, ratio: { median: s.medianMs / b.medianMs, p99: s.p99Ms / b.p99Ms } };
}

/**
 * The real adapters' cost per frame (issue 11): the card-face OCR on the yamada-taro card front as the
 * simulator prints it, and the face model on a fixture photograph. Needs tesseract and Chromium
 * (scripts/setup); nothing else of the kiosk runs.
 */
export async function benchDeviceAdapters(): Promise<DeviceAdapterBench> {
  const card = await renderCardFront(loadCardProfile('yamada-taro'));
  const cardFrame: CameraFrame = { png: card, ...readPngSize(card)!, capturedAt: Date.now() };
  const scanner = new OcrCardFaceScanner({ source: new ScriptedFrameSource([{ frame: cardFrame }]), needsPatient: false });
  const ocr = await sampleLatency(
    [
      { path: 'ocr', run: async () => void (await scanner.read(cardFrame, { timeoutMs: 30_000 })) },
      { path: 'spawn', run: async () => void (await runProgram('tesseract', ['--version'])) },
    ],
    OCR_BUDGET,
  );

  const matcher = new HumanFaceMatcher();
  const loadStarted = performance.now();
  await matcher.ready();
  const loadMs = performance.now() - loadStarted;
  const photo = cardPhoto(PEOPLE[0]);
  const frame = liveFrame(PEOPLE[0]);
  const png = Buffer.from(frame.png.buffer, frame.png.byteOffset, frame.png.byteLength);
  try {
    await matcher.compare(photo, frame); // the card photo's embedding, once
    const face = await sampleLatency(
      [
        { path: 'match', run: async () => void (await matcher.compare(photo, frame)) },
        { path: 'decode', run: async () => void PNG.sync.read(png) },
      ],
      FACE_BUDGET,
    );
    return { cardFaceOcr: compared(ocr, 'ocr', 'spawn'), faceMatch: { ...compared(face, 'match', 'decode'), loadMs } };
  } finally {
    await matcher.close();
  }
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
const row = (label: string, s: LatencySummary) => `${label.padEnd(50)} ${String(s.n).padStart(4)} ${ms(s.medianMs).padStart(10)} ${ms(s.p99Ms).padStart(8)}`;

export function formatDeviceAdapters(b: DeviceAdapterBench): string {
  return [
    `${'case'.padEnd(50)}    n  median ms   p99 ms`,
    row('card-face OCR per frame (5 tesseract passes)', b.cardFaceOcr.subject),
    row('baseline: one bare `tesseract --version` spawn', b.cardFaceOcr.baseline),
    `OCR / spawn: ×${b.cardFaceOcr.ratio.median.toFixed(1)} median, ×${b.cardFaceOcr.ratio.p99.toFixed(1)} p99`,
    row('face match per 640×480 frame (model loaded)', b.faceMatch.subject),
    row('baseline: pngjs decode of the same frame', b.faceMatch.baseline),
    `match / decode: ×${b.faceMatch.ratio.median.toFixed(1)} median, ×${b.faceMatch.ratio.p99.toFixed(1)} p99; model load ${ms(b.faceMatch.loadMs)} ms`,
  ].join('\n');
}
