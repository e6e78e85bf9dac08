import { ScanError, type CardFaceScan, type CardFaceScanner, type CardFaceScanRequest } from '../../device/cardFace/CardFaceScanner.ts';

export interface SimCardFaceScannerOptions {
  /**
   * false (default): it sees the card lying on the simulated reader, as a document camera under the
   * card does, and the kiosk scans at placement. true: it stands for a scan the patient must make
   * (the card held to the screen's camera), so the kiosk scans only when it needs the photo.
   */
  needsPatient?: boolean;
}

/** The simulated card-face scanner: it "sees" the face of whatever card profile lies on the reader. */
export class SimCardFaceScanner implements CardFaceScanner {
  readonly name = 'simulated card-face scanner';
  readonly needsPatient: boolean;
  private face: CardFaceScan | undefined;
  private smudged = false;
  private holdNext = false;

  constructor(options: SimCardFaceScannerOptions = {}) {
    this.needsPatient = options.needsPatient ?? false;
  }

  /** Test levers: what lies on the reader, and whether its surface can be read (券面汚損). */
  show(face: CardFaceScan | undefined, options: { smudged?: boolean } = {}): void {
    this.face = face;
    this.smudged = options.smudged ?? false;
  }

  /** Test lever: the next scan never finishes (until its caller gives up on it). */
  holdNextScan(): void {
    this.holdNext = true;
  }

  async scan(request: CardFaceScanRequest = { deadlineMs: 8_000 }): Promise<CardFaceScan> {
    if (this.holdNext) {
      this.holdNext = false;
      await new Promise<void>((resolve) => (request.signal?.aborted ? resolve() : request.signal?.addEventListener('abort', () => resolve(), { once: true })));
      throw new ScanError('TIMEOUT', 'The card-face scan was given up.');
    }
    if (!this.face) throw new ScanError('NO_CARD', 'No card lies on the reader.');
    if (this.smudged) throw new ScanError('UNREADABLE', 'The card face cannot be read (smudged or damaged surface): セキュリティコード unreadable.', { field: 'securityCode' });
    return { ...this.face };
  }
}
