import { fromPromise } from 'xstate';
import { isCardError } from '../../device/card/CardError.ts';
import type { CardReader } from '../../device/card/CardReader.ts';
import type { KioskDevices } from '../../device/kiosk/KioskDevices.ts';
import { readPhoneForCheckIn, signChallenge } from '../../device/mynacard/index.ts';
import { classifyCertificateDates } from '../../jpki/classifyCertificateDates.ts';
import type { EligibilityClient, EligibilityResult } from '../../protocol/eligibility/client/EligibilityClient.ts';
import { certificateSha256 } from '../../protocol/eligibility/signReaderAttestation.ts';
import { KioskFault } from '../machine/KioskFault.ts';
import type { PhoneKind, PhoneReadOutcome } from '../machine/smartphone/SmartphoneCheckIn.ts';
import { CONSENT_ITEMS, type ConsentChoice, type ConsentItem } from '../protocol/Consent.ts';
import { attestConfirmation } from './attestConfirmation.ts';
import type { PhoneSessionSlot } from './PhoneSession.ts';
import type { PinPad } from './PinPad.ts';
import type { ReaderRegistration } from './ReaderRegistration.ts';
import { toKioskFault } from './toKioskFault.ts';

export interface PhoneActorDeps {
  devices: KioskDevices;
  client: EligibilityClient;
  pinPad: PinPad;
  now: () => Date;
  phone: PhoneSessionSlot;
  registration: ReaderRegistration;
}

/** The smartphone branch's I/O (kiosk/machine/smartphone): the keypad for an Android PIN, the tap on the smartphone reader. */
export function createPhoneActors(deps: PhoneActorDeps) {
  const phoneReader = (): CardReader => {
    const configured = deps.devices.phoneReader;
    const found = configured?.readers.readers().find((r) => r.name === configured.name);
    if (!found) throw new KioskFault('READER_UNAVAILABLE', `The smartphone reader ${configured?.name ?? '(none configured)'} is not attached.`);
    return found;
  };

  return {
    awaitPhonePin: fromPromise<void, void>(async ({ signal }) => {
      deps.phone.holdPin(await deps.pinPad.next(signal));
    }),

    readPhone: fromPromise<PhoneReadOutcome, { kind: PhoneKind }>(async ({ input }) => {
      const reader = phoneReader();
      let channel;
      try {
        channel = await reader.connect();
      } catch (error) {
        throw toKioskFault(error, 'connecting to the phone');
      }
      try {
        // The challenge first: the phone signs it during this one tap.
        const challenge = await deps.client.requestChallenge();
        const pin = deps.phone.pin;
        const read = input.kind === 'androidPhone' ? await readPhoneForCheckIn(channel, 'androidPhone', pin ?? '') : await readPhoneForCheckIn(channel, 'iPhone');
        if (read.kind === 'androidPhone') {
          // The phone has answered to the PIN: it is not kept beyond this answer.
          deps.phone.dropPin();
          if (read.pin.kind === 'wrong') return read.pin.triesLeft === 0 ? { outcome: 'pinBlocked' } : { outcome: 'pinWrong', triesLeft: read.pin.triesLeft };
          if (read.pin.kind === 'blocked') return { outcome: 'pinBlocked' };
        }
        const certificates = read.certificates!;
        // No grace for a phone: past its end date it is refused here already (the service would answer E02).
        const standing = classifyCertificateDates(certificates.auth.certificate.notBefore, certificates.auth.certificate.notAfter, deps.now());
        if (standing !== 'valid' && standing !== 'expiringSoon') return { outcome: 'expired' };
        let signature: Uint8Array;
        try {
          signature = await signChallenge(channel, challenge.challenge);
        } catch (error) {
          if (input.kind === 'iPhone' && isCardError(error, 'SECURITY_STATUS_NOT_SATISFIED')) return { outcome: 'notAuthenticated' };
          throw error;
        }
        deps.phone.hold({ kind: input.kind, certificate: certificates.auth, challengeId: challenge.challengeId, challenge: challenge.challenge, signature });
        return { outcome: 'signed' };
      } catch (error) {
        if (isCardError(error, 'WRONG_CREDENTIAL')) {
          throw new KioskFault(/マイナンバーカード/.test(error.message) ? 'CARD_ON_PHONE_READER' : 'WRONG_PHONE_KIND', error.message, { cause: error });
        }
        if (isCardError(error, 'PIN_FORMAT')) return { outcome: 'pinWrong', triesLeft: 3 };
        throw toKioskFault(error, 'reading the phone');
      } finally {
        await channel.close().catch(() => undefined);
      }
    }),
  };
}

/** The consents answered at the reader, as the service takes them; an item not asked is not given. */
function toConsentChoice(consents: Partial<Record<ConsentItem, boolean>>): ConsentChoice {
  return Object.fromEntries(CONSENT_ITEMS.map((item) => [item, consents[item] === true])) as ConsentChoice;
}

/**
 * The confirmation of a phone read during its tap: its certificate and the signature it made over the
 * challenge then, with the reader's attestation of the identity method (Android pin, iPhone device).
 */
export async function confirmWithPhone(
  deps: Pick<PhoneActorDeps, 'devices' | 'client' | 'registration'>,
  session: NonNullable<ReturnType<PhoneSessionSlot['current']>>,
  answers: { consents: Partial<Record<ConsentItem, boolean>>; prescriptionIssueSelect?: '1' | '2'; medicalSubsidy?: 'use' | 'decline'; registerInsuranceUse?: boolean },
  options: { deadlineMs?: number } = {},
): Promise<EligibilityResult> {
  const identityMethod = session.kind === 'androidPhone' ? 'pin' : 'device';
  const attestation = await attestConfirmation(
    deps.devices.readerIdentity,
    await deps.registration.readerId(),
    {
      medicalInstitutionCode: deps.client.options.medicalInstitutionCode,
      challengeId: session.challengeId,
      challenge: Buffer.from(session.challenge).toString('base64'),
      certificateSha256: certificateSha256(session.certificate.der),
      identityMethod,
    },
    { faceMatch: null, visualConfirmedBy: null },
    new Date(),
  );
  return deps.client.confirmByCard(
    {
      challengeId: session.challengeId,
      certificate: session.certificate.der,
      signature: session.signature,
      attestation,
      identityMethod,
      consent: toConsentChoice(answers.consents),
      ...(answers.prescriptionIssueSelect ? { prescriptionIssueSelect: answers.prescriptionIssueSelect } : {}),
      ...(answers.medicalSubsidy ? { medicalSubsidy: answers.medicalSubsidy } : {}),
      ...(answers.registerInsuranceUse ? { registerInsuranceUse: true } : {}),
    },
    options,
  );
}
