import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';
import { authenticateReader, signChallenge } from '../../device/mynacard/index.ts';
import type { CardConfirmation, EligibilityClient, EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { attestConfirmation } from './attestConfirmation.ts';
import type { CardSession } from './CardSession.ts';
import type { ReaderRegistration } from './ReaderRegistration.ts';

/** What the confirmation says besides the card's certificate and signature and the reader's attestation. */
export type CardConfirmationRequest = Omit<CardConfirmation, 'challengeId' | 'signature' | 'attestation' | 'certificate'>;

export interface ConfirmingDevice {
  client: EligibilityClient;
  readerIdentity: ReaderIdentity;
  /** The reader as the service registered it (the id on every attestation). */
  registration: ReaderRegistration;
}

/**
 * card.confirm for the card held in `session`: the card signs the service's challenge (after the PIN, or, for
 * face and 目視, once this device has authenticated to the card again), the device attests how the holder was
 * identified (face score, or who confirmed by 目視), the service answers. The face reader's visits and the
 * マイナ資格確認アプリ both confirm through here. Rejects with the client's ServiceError or the card's CardError.
 */
export function confirmCardSession(device: ConfirmingDevice, session: CardSession, request: CardConfirmationRequest, seen: { visualConfirmedBy: string | null }, options: { deadlineMs: number }): Promise<EligibilityResult> {
  const signWithoutPin = request.identityMethod !== 'pin' ? device.readerIdentity.cardCredential : null;
  return device.client.confirmWithCard(
    {
      ...request,
      certificate: session.certificate.der,
      sign: async (challenge) => {
        if (signWithoutPin) await authenticateReader(session.channel, signWithoutPin);
        return signChallenge(session.channel, challenge);
      },
      // The reader's signed word: what it read, how the holder was identified (face score, 目視 by whom), when.
      attest: async (attestation) => attestConfirmation(device.readerIdentity, await device.registration.readerId(), attestation, { faceMatch: session.faceMatch, visualConfirmedBy: seen.visualConfirmedBy }, new Date()),
    },
    options,
  );
}
