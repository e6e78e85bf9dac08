import type { CredentialKind } from '../../jpki/CredentialKind.ts';
import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { TOKEN_LABEL } from './cardFiles.ts';
import type { PinStatus } from './PinStatus.ts';
import { readCertificate, type CardCertificate } from './readCertificate.ts';
import { readTokenLabel } from './readTokenLabel.ts';
import { verifyPin } from './verifyPin.ts';

/** What a JPKI token label says about the credential: a card, an Android phone, an iPhone, or none of ours. */
export function credentialKindOfLabel(label: string): CredentialKind | undefined {
  if (label === TOKEN_LABEL.card) return 'card';
  if (label === TOKEN_LABEL.androidPhone) return 'androidPhone';
  if (label === TOKEN_LABEL.iPhone) return 'iPhone';
  return undefined;
}

/** Select the JPKI AP and read the label: tools tell card from phone only so (jpki/myna, MC). */
export async function identifyCredential(channel: CardChannel): Promise<CredentialKind> {
  const label = await readTokenLabel(channel);
  const kind = credentialKindOfLabel(label);
  if (!kind) throw new CardError('NOT_A_MYNA_CARD', `The JPKI token is ${JSON.stringify(label)}, not a マイナンバーカード or スマホ用電子証明書.`);
  return kind;
}

/**
 * A phone read for check-in: the certificates, or why not. `pin` is the PIN answer on an Android phone
 * (wrong / blocked: no certificate was read), `deviceAuthenticated` on an iPhone.
 */
export type PhoneCheckInRead =
  | { kind: 'androidPhone'; pin: PinStatus; certificates: { auth: CardCertificate; authCa: CardCertificate } | null }
  | { kind: 'iPhone'; certificates: { auth: CardCertificate; authCa: CardCertificate } };

/**
 * Read a phone's スマホ用電子証明書 for check-in over any card channel (a PC/SC NFC reader, or simulated).
 * Android (JPKIAPGPSETOKEN): the スマホ用利用者証明用 PIN typed on the face reader is verified on the phone
 * first, because the phone hands out its 利用者証明用 certificate only after it (6982 otherwise); the verified
 * state then also opens the signature (signChallenge, on the same channel, without re-selecting).
 * iPhone (JPKIAPIOSTOKEN): no PIN; the certificate is read at once and the key signs after Face ID on the phone.
 * The PIN goes to the phone and nowhere else. A card here is WRONG_CREDENTIAL (a card belongs on the face
 * reader); a phone of the other kind than `expected` too.
 */
export async function readPhoneForCheckIn(channel: CardChannel, expected: 'iPhone'): Promise<Extract<PhoneCheckInRead, { kind: 'iPhone' }>>;
export async function readPhoneForCheckIn(channel: CardChannel, expected: 'androidPhone', pin: string): Promise<Extract<PhoneCheckInRead, { kind: 'androidPhone' }>>;
export async function readPhoneForCheckIn(channel: CardChannel, expected: 'androidPhone' | 'iPhone', pin?: string): Promise<PhoneCheckInRead>;
export async function readPhoneForCheckIn(channel: CardChannel, expected: 'androidPhone' | 'iPhone', pin?: string): Promise<PhoneCheckInRead> {
  const kind = await identifyCredential(channel);
  if (kind === 'card') throw new CardError('WRONG_CREDENTIAL', 'A マイナンバーカード is on the smartphone reader: place the card on the face reader.');
  if (kind !== expected) throw new CardError('WRONG_CREDENTIAL', `The phone on the reader is ${kind === 'iPhone' ? 'an iPhone' : 'an Android phone'}, not the ${expected === 'iPhone' ? 'iPhone' : 'Android phone'} chosen.`);
  if (kind === 'androidPhone') {
    if (pin === undefined) throw new CardError('PIN_FORMAT', 'An Android phone needs its 4-digit スマホ用利用者証明用 PIN before it is read.');
    const status = await verifyPin(channel, 'auth', pin);
    if (status.kind !== 'verified') return { kind, pin: status, certificates: null };
    return { kind, pin: status, certificates: { auth: await readCertificate(channel, 'auth'), authCa: await readCertificate(channel, 'authCa') } };
  }
  return { kind, certificates: { auth: await readCertificate(channel, 'auth'), authCa: await readCertificate(channel, 'authCa') } };
}
