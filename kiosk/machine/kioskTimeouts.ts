/**
 * Every wait of the kiosk, as named `after` delays. The MHLW reader requirements that would fix
 * these are not public (card-protocol.md §5.4): all values are our choice, picked so a patient
 * at a counter is neither rushed nor left stranded. Tests drive them with a SimulatedClock.
 */
export const KIOSK_TIMEOUTS = {
  CARD_READ: 15_000,
  METHOD_CHOICE: 60_000,
  FACE_CAPTURE: 20_000,
  FACE_RETRY_PROMPT: 30_000,
  PIN_ENTRY: 60_000,
  PIN_WRONG_DISPLAY: 3_000,
  REFERRAL_DISPLAY: 30_000,
  VISUAL_CHECK: 120_000,
  NOTICE_DISPLAY: 10_000,
  CONSENT: 60_000,
  QUERY: 30_000,
  RESULT_DISPLAY: 15_000,
  STAFF_ENTRY: 300_000,
  LOOKUP: 30_000,
  REMOVE_CARD: 30_000,
  STORAGE_RETRY: 5_000,
} as const;

export type KioskTimeout = keyof typeof KIOSK_TIMEOUTS;

/** Face matching attempts before the kiosk offers PIN or 目視 (our choice; no public number). */
export const MAX_FACE_ATTEMPTS = 3;

/**
 * The waits a patient is warned of before they run out, by visit step: from `warnMs` left the screen
 * asks 「続けますか？」 with a countdown and 「続ける」 (`time.extended` enters the step afresh). Our choice:
 * the last quarter of the method and consent waits, a third of the face-retry prompt, 5 s of the result.
 */
export const WARNED_WAITS: Record<string, { wait: KioskTimeout; warnMs: number }> = {
  choosingMethod: { wait: 'METHOD_CHOICE', warnMs: 15_000 },
  faceFailed: { wait: 'METHOD_CHOICE', warnMs: 15_000 },
  faceRetry: { wait: 'FACE_RETRY_PROMPT', warnMs: 10_000 },
  'askingConsent.medical': { wait: 'CONSENT', warnMs: 15_000 },
  'askingConsent.medicalEach': { wait: 'CONSENT', warnMs: 15_000 },
  'askingConsent.checkups': { wait: 'CONSENT', warnMs: 15_000 },
  showingResult: { wait: 'RESULT_DISPLAY', warnMs: 5_000 },
};
