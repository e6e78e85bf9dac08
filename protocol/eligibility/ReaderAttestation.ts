import { z } from 'zod';
import type { CardIdentityMethod } from './ClientMessage.ts';

/**
 * The reader's word on a confirmation (ours; the real mechanism is not public): each 顔認証付きカードリーダー
 * is a registered device with its own key pair (ECDSA P-256), registered for one clinic (`reader.register`
 * or `kiosk server reader register`). For every card.confirm it signs what it did: the challenge, the
 * certificate it read, how the holder was identified, the face score or the staff member's 目視, and when.
 * The private key never leaves the kiosk; the service checks the signature against the registered key.
 */
export const ReaderAttestationSchema = z
  .object({
    /** The id the service gave the reader at registration. */
    readerId: z.string().min(1).max(64),
    /** ISO 8601: when the reader signed. The service accepts it within 5 minutes of its own clock (ours). */
    signedAt: z.string().datetime({ offset: true }),
    /** With identityMethod face: the face model's similarity and the threshold it decided with. */
    faceScore: z.number().min(0).max(1).nullable(),
    faceThreshold: z.number().min(0).max(1).nullable(),
    /** With identityMethod visual: who confirmed (the staff member's name or id, as the kiosk knows them). */
    visualConfirmedBy: z.string().min(1).max(100).nullable(),
    /** ECDSA P-256 / SHA-256 over readerAttestationPayload(...), DER, base64. */
    signature: z.string().max(256).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  })
  .strict();
export type ReaderAttestation = z.infer<typeof ReaderAttestationSchema>;

export interface AttestedFacts {
  medicalInstitutionCode: string;
  readerId: string;
  challengeId: string;
  /** The challenge bytes, base64, as card.challenge gave them. */
  challenge: string;
  /** SHA-256 of the certificate's DER, lower-case hex. */
  certificateSha256: string;
  identityMethod: CardIdentityMethod;
  faceScore: number | null;
  faceThreshold: number | null;
  visualConfirmedBy: string | null;
  signedAt: string;
}

/** The exact bytes the reader signs: one JSON line with the keys in this order, UTF-8. */
export function readerAttestationPayload(f: AttestedFacts): Uint8Array {
  const ordered = [
    'myna-kiosk reader attestation v1',
    f.medicalInstitutionCode,
    f.readerId,
    f.challengeId,
    f.challenge,
    f.certificateSha256,
    f.identityMethod,
    f.faceScore,
    f.faceThreshold,
    f.visualConfirmedBy,
    f.signedAt,
  ];
  return new TextEncoder().encode(JSON.stringify(ordered));
}
