import { randomUUID } from 'node:crypto';
import type { ServiceAnswer } from '../protocol/SettledCheckIn.ts';
import type { CardFaceItems } from '../protocol/UiEvent.ts';
import type { VisitDraft } from '../protocol/VisitDraft.ts';
import { KioskFault } from '../machine/KioskFault.ts';
import type { VisitProgress, VisitStore } from './VisitStore.ts';

/**
 * The visit in progress, on disk: opened when the statechart announces a visit, noted as the card is
 * read, closed before the kiosk moves on. The one place that knows which visit row is open; the
 * runtime's actors write through it, never through the store directly.
 */
export class VisitLedger {
  private openVisit: string | null = null;
  /** The service's full answer for the open visit: the screens get a summary, whoever listens the whole of it. */
  private answer: ServiceAnswer | null = null;
  private readonly closedListeners = new Set<(visitId: string, draft: VisitDraft, answer: ServiceAnswer) => void>();

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

  /** What became known of the open visit (kept on its row if the kiosk dies before closing it). */
  noteProgress(progress: VisitProgress): void {
    if (this.openVisit) this.store.noteProgress(this.openVisit, progress);
  }

  /** What the service answered the open visit (the last answer counts: a lookup after a refused card replaces it). */
  noteAnswer(answer: ServiceAnswer): void {
    if (this.openVisit) this.answer = answer;
  }

  /** Called once a visit that the service answered is written. */
  onClosed(listener: (visitId: string, draft: VisitDraft, answer: ServiceAnswer) => void): () => void {
    this.closedListeners.add(listener);
    return () => this.closedListeners.delete(listener);
  }

  /** Write the visit's final draft; STORAGE_FAULT when there is no open visit or the write fails. */
  close(draft: VisitDraft): void {
    if (!this.openVisit) throw new KioskFault('STORAGE_FAULT', 'No visit is open.');
    try {
      this.store.closeVisit(this.openVisit, draft, this.now());
    } catch (error) {
      throw new KioskFault('STORAGE_FAULT', `The visit could not be written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const answer = this.answer;
    this.answer = null;
    if (answer) for (const listener of this.closedListeners) listener(this.openVisit, draft, answer);
  }

  /** The visit is over (statechart `visit.ended`); its row stays as closed, or open for the crash sweep. */
  release(): void {
    this.openVisit = null;
    this.answer = null;
  }
}
