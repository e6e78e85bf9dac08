import type { PanelError } from './PanelError.ts';

/**
 * The staff panel's buttons:
 * - visualOk / visualNg: the 目視確認 verdict (staff compared the card photo with the patient);
 * - staffCallAcknowledged: a member of staff answers the kiosk's call;
 * - cancel: abandon the current check-in.
 */
export const PANEL_BUTTONS = ['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel'] as const;
export type PanelButton = (typeof PANEL_BUTTONS)[number];

/** What the panel's indicator shows; the kiosk drives it. */
export const PANEL_INDICATORS = ['standby', 'busy', 'staffNeeded', 'outage'] as const;
export type PanelIndicator = (typeof PANEL_INDICATORS)[number];

export interface StaffPanelEvents {
  /** A button went down. Fired once per press (a held button does not repeat). */
  'button.pressed': (button: PanelButton) => void;
  /** The panel went away (unplugged, read error). No button events until 'panel.attached'. */
  'panel.detached': () => void;
  /** The panel is back (or was found for the first time); the last indicator state is shown again. */
  'panel.attached': () => void;
  /** Faults that do not change attachment: BUTTON_STUCK, OPEN_FAILED, ENUMERATION_FAILED. */
  error: (error: PanelError) => void;
}

/**
 * The staff's button panel beside the reader. Attachment events strictly alternate, starting from
 * the state `attached` has when the panel is handed over.
 */
export interface StaffPanel {
  readonly name: string;
  readonly attached: boolean;
  /** False for button boxes and foot switches without lights: setIndicator then only records the state. */
  readonly hasIndicator: boolean;
  /** The state last asked for, shown again after a re-attach; undefined before the first setIndicator. */
  readonly indicator: PanelIndicator | undefined;
  /**
   * Show a state. The state is remembered even when the call fails, and shown once the panel is
   * back. Rejects with PANEL_DETACHED (not shown now), WRITE_FAILED or CLOSED.
   */
  setIndicator(state: PanelIndicator): Promise<void>;
  on<E extends keyof StaffPanelEvents>(event: E, listener: StaffPanelEvents[E]): () => void;
  /** Stop watching the panel and release it. Idempotent. */
  close(): Promise<void>;
}
