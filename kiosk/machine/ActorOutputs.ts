import type { DatedCertificateStanding } from '../../jpki/CertificateStanding.ts';

/** What the card read gives the machine (the runtime keeps the certificate and photo itself). */
export interface ReadCardOutput {
  cardKind: 'standard' | 'faceAuth';
  /** Where the certificate stands on its dates, as the reader can tell (never revoked / notTrusted: only the service knows). */
  certificateStanding: DatedCertificateStanding;
  /** Tries left on the 利用者証明用 PIN; 0 = blocked; null on a 顔認証マイナンバーカード. */
  pinTriesLeft: number | null;
  /**
   * Whether the card accepted this reader's authentication, so it will sign without the PIN after face or
   * 目視 (device/mynacard/readerAuthentication.ts). False on a card that does not know the reader's
   * authority (a real card before a real certification): PIN only.
   */
  signsWithoutPin: boolean;
}

export type FaceOutcome = { outcome: 'match' } | { outcome: 'noMatch' } | { outcome: 'noFace' };

export type PinOutcome = { outcome: 'verified' } | { outcome: 'wrong'; triesLeft: number } | { outcome: 'blocked' };
