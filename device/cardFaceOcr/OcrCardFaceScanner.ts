import { PNG } from 'pngjs';
import { isCameraError } from '../camera/CameraError.ts';
import type { CameraFrame, FrameSource } from '../camera/FrameSource.ts';
import { ScanError, type CardFaceField, type CardFaceScan, type CardFaceScanner, type CardFaceScanRequest } from '../cardFace/CardFaceScanner.ts';
import { messageOf } from '../../foundation/CodedError.ts';
import { acceptCardFaceReading, FIELD_LABEL, type AcceptanceRules, type CardFaceReading } from './acceptCardFaceReading.ts';
import { loadCardFaceFieldBoxes, scaleBox, type CardFaceFieldBoxes } from './CardFaceFieldBoxes.ts';
import { frameContrast, prepareFieldCrop, type DecodedImage } from './prepareFieldCrop.ts';
import { recogniseLine, type RecognisedLine, type RecogniseOptions } from './recogniseLine.ts';

export interface OcrCardFaceScannerOptions extends AcceptanceRules {
  /** The camera that sees the card front. */
  source: FrameSource;
  /**
   * True when the source is the kiosk screen's camera (the patient holds the card front up to it);
   * false for a document camera or scanner that sees the card lying in the tray (V4L2, a scan folder).
   */
  needsPatient: boolean;
  /** The crop boxes (default: device/cardFaceOcr/card-face-fields.json). */
  fields?: CardFaceFieldBoxes;
  /** The tesseract to run (default `tesseract` on PATH). */
  tesseract?: string;
  name?: string;
}

/**
 * How each field is read: the language model, what the field can contain, and the upscales relative to
 * 300 dpi, one tesseract pass each. The dates are read twice, at ×2 (the best) and ×3 (as accurate,
 * research §2.4), and must agree: the Japanese model's digits are its weak point. The code was best at
 * ×1.5 with the English model, which reads digits well (confidence 89–97).
 */
const RECOGNITION: Record<CardFaceField, { language: RecogniseOptions['language']; whitelist: string; scales: number[] }> = {
  birthDate: { language: 'jpn', whitelist: '0123456789年月日生明治大正昭和平成令元', scales: [2, 3] },
  cardExpiry: { language: 'jpn', whitelist: '0123456789年月日まで有効', scales: [2, 3] },
  securityCode: { language: 'eng', whitelist: '0123456789', scales: [1.5] },
};

/** A frame whose brightness spread is below this shows no card (research §2.3). */
const BLANK_CONTRAST = 0.02;

/**
 * The card face read by OCR from a camera frame: the three fields of 照合番号B cropped by a box table,
 * each read by Debian's tesseract (five passes at once), and believed only
 * under the rules of acceptCardFaceReading. The card is assumed to fill the frame's width, as it does
 * in a reader's tray; a frame of the screen's camera must be framed the same way by the page.
 */
export class OcrCardFaceScanner implements CardFaceScanner {
  readonly name: string;
  readonly needsPatient: boolean;
  private readonly source: FrameSource;
  private readonly fields: CardFaceFieldBoxes;
  private readonly tesseract: string | undefined;
  private readonly rules: AcceptanceRules;

  constructor(options: OcrCardFaceScannerOptions) {
    this.source = options.source;
    this.needsPatient = options.needsPatient;
    this.fields = options.fields ?? loadCardFaceFieldBoxes();
    this.tesseract = options.tesseract;
    this.rules = { minConfidence: options.minConfidence, allowResidencePeriodExpiry: options.allowResidencePeriodExpiry };
    this.name = options.name ?? `OCR (tesseract) over ${options.source.name}`;
  }

  async scan(request: CardFaceScanRequest): Promise<CardFaceScan> {
    const deadline = Date.now() + request.deadlineMs;
    const frame = await this.capture(request);
    return this.read(frame, { timeoutMs: Math.max(1, deadline - Date.now()), signal: request.signal });
  }

  /** The OCR of one frame already taken (the benchmark and a frame the page sent). */
  async read(frame: CameraFrame, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CardFaceScan> {
    let image: DecodedImage;
    try {
      image = PNG.sync.read(Buffer.from(frame.png.buffer, frame.png.byteOffset, frame.png.byteLength));
    } catch (error) {
      throw new ScanError('SOURCE_UNAVAILABLE', `The camera gave a frame that is not a readable PNG: ${messageOf(error)}`, { cause: error });
    }
    const contrast = frameContrast(image);
    if (contrast < BLANK_CONTRAST) throw new ScanError('NO_CARD', `No card in the frame: it is blank (brightness spread ${contrast.toFixed(3)}).`);
    const passes = (Object.keys(RECOGNITION) as CardFaceField[]).flatMap((field) => RECOGNITION[field].scales.map((scale) => ({ field, scale })));
    const lines = await Promise.all(passes.map(({ field, scale }) => this.recognise(image, field, scale, options)));
    const reading: CardFaceReading = { birthDate: [], cardExpiry: [], securityCode: [] };
    passes.forEach(({ field }, i) => (reading[field] as RecognisedLine[]).push(lines[i]!));
    return acceptCardFaceReading(reading, this.rules);
  }

  private async capture(request: CardFaceScanRequest): Promise<CameraFrame> {
    try {
      return await this.source.capture({ purpose: 'cardFace', deadlineMs: request.deadlineMs, signal: request.signal });
    } catch (error) {
      if (isCameraError(error, 'TIMEOUT')) throw new ScanError('TIMEOUT', `No frame of the card face within ${request.deadlineMs} ms.`, { cause: error });
      // The contract has no ABORTED: a scan given up is a TIMEOUT for the kiosk (as the simulator's).
      if (isCameraError(error, 'ABORTED') || request.signal?.aborted) throw new ScanError('TIMEOUT', 'The card-face scan was given up.', { cause: error });
      throw new ScanError('SOURCE_UNAVAILABLE', `No frame of the card face: ${messageOf(error)}`, { cause: error });
    }
  }

  private async recognise(image: DecodedImage, field: CardFaceField, scale: number, options: { timeoutMs: number; signal?: AbortSignal }): Promise<RecognisedLine> {
    const { language, whitelist } = RECOGNITION[field];
    const crop = prepareFieldCrop(image, scaleBox(this.fields.fields[field], this.fields, image.width), (scale * this.fields.reference.width) / image.width);
    try {
      return await recogniseLine(crop, { language, whitelist, ...options, tesseract: this.tesseract });
    } catch (error) {
      if (error instanceof ScanError && error.code === 'UNREADABLE') throw new ScanError('UNREADABLE', `${FIELD_LABEL[field]}: ${error.message}`, { cause: error, field });
      throw error;
    }
  }
}
