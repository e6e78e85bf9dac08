import type { DatedCertificateStanding } from '../../jpki/CertificateStanding.ts';

/** What the card read gives the machine (the runtime keeps the certificate and photo itself). */
export interface ReadCardOutput {
  cardKind: 'standard' | 'faceAuth';
  /** Where the certificate stands on its dates, as the reader can tell (never revoked / notTrusted: only the service knows). */
  certificateStanding: DatedCertificateStanding;
  /** Tries left on the 利用者証明用 PIN; 0 = blocked; null on a 顔認証マイナンバーカード. */
  pinTriesLeft: number | null;
}

export type FaceOutcome = { outcome: 'match' } | { outcome: 'noMatch' } | { outcome: 'noFace' };

export type PinOutcome = { outcome: 'verified' } | { outcome: 'wrong'; triesLeft: number } | { outcome: 'blocked' };
