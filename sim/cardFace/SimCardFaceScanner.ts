import { ScanError, type CardFaceScan, type CardFaceScanner } from '../../device/cardFace/CardFaceScanner.ts';

/** The simulated card-face scanner: it "sees" the face of whatever card profile lies on the reader. */
export class SimCardFaceScanner implements CardFaceScanner {
  private face: CardFaceScan | undefined;
  private smudged = false;

  /** Test levers: what lies on the reader, and whether its surface can be read (券面汚損). */
  show(face: CardFaceScan | undefined, options: { smudged?: boolean } = {}): void {
    this.face = face;
    this.smudged = options.smudged ?? false;
  }

  async scan(): Promise<CardFaceScan> {
    if (!this.face) throw new ScanError('NO_CARD', 'No card lies on the reader.');
    if (this.smudged) throw new ScanError('UNREADABLE', 'The card face cannot be read (smudged or damaged surface).');
    return { ...this.face };
  }
}
