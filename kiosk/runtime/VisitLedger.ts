import { randomUUID } from 'node:crypto';
import type { CardFaceItems } from '../protocol/UiEvent.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import { KioskFault } from '../machine/KioskFault.ts';
import type { VisitStore } from './VisitStore.ts';

/**
 * The visit in progress, on disk: opened when the statechart announces a visit, noted as the card is
 * read, closed before the kiosk moves on. The one place that knows which visit row is open; the
 * runtime's actors write through it, never through the store directly.
 */
export class VisitLedger {
  private openVisit: string | null = null;

  constructor(
    private readonly store: VisitStore,
    private readonly now: () => Date,
  ) {}

  get currentVisitId(): string | null {
    return this.openVisit;
  }

  /** A visit starts (statechart `visit.started`): its row exists from now on, so a crash cannot lose it. */
  open(): string {
    this.openVisit ??= randomUUID();
    this.store.openVisit(this.openVisit, this.now());
    return this.openVisit;
  }

  /** What the card (or staff) told about the patient: the certificate serial and the 4 card-face items. */
  noteCard(serial: string | null, cardFace: CardFaceItems | null): void {
    if (this.openVisit) this.store.noteCard(this.openVisit, serial, cardFace);
  }

  /** Write the visit's final draft; STORAGE_FAULT when there is no open visit or the write fails. */
  close(draft: VisitDraft): void {
    if (!this.openVisit) throw new KioskFault('STORAGE_FAULT', 'No visit is open.');
    try {
      this.store.closeVisit(this.openVisit, draft, this.now());
    } catch (error) {
      throw new KioskFault('STORAGE_FAULT', `The visit could not be written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** The visit is over (statechart `visit.ended`); its row stays as closed, or open for the crash sweep. */
  release(): void {
    this.openVisit = null;
  }
}
