import { createPrivateKey } from 'node:crypto';
import { AID, EF } from '../../../device/mynacard/cardFiles.ts';
import { SW } from '../../../device/card/Apdu.ts';
import { buildCertificatePresence, buildTokenInfo } from '../buildCardFiles.ts';
import type { SimApplication, SimFile } from '../SimFile.ts';
import { behind, binary, free, locked, pin, UNKNOWN_EF, type CardContext } from './CardContext.ts';

/**
 * 公的個人認証AP (card-protocol.md §1.2): the four certificates, token info, the two keys behind the
 * 4-digit PIN (3 tries) and the signing password (5 tries). 0009 is protected (MC), 0016 is the
 * terminal-CA key reference of `80 A2`; 0005, 0010, 0019, 001C and 001E exist as key references
 * (JSA's list) that are blocked (ours).
 */
export function createJpkiApplication(ctx: CardContext): SimApplication {
  const { profile, certificates } = ctx;
  const files = new Map<number, SimFile>([
    [EF.jpki.signCaCertificate, free(ctx.signCaCertificate)],
    [EF.jpki.tokenInfo, free(buildTokenInfo(profile.tokenLabel, profile.card.serial))],
    [EF.jpki.certificatePresence, free(buildCertificatePresence(certificates.sign !== null))],
    [0x0009, binary(UNKNOWN_EF, behind())],
    [EF.jpki.authCertificate, free(certificates.auth)],
    [EF.jpki.authCaCertificate, free(ctx.authCaCertificate)],
    [0x0016, { kind: 'internal' }],
    [EF.jpki.authKey, { kind: 'key', key: createPrivateKey(profile.keys.auth), use: { kind: 'jpki', pinEf: EF.jpki.authPin, readerMayUse: true } }],
    [EF.jpki.authPin, pin(profile.pins.auth, profile.pinTriesLeft.auth, 3, 'referenceData')],
    ...[0x0005, 0x0010, 0x0019, 0x001c, 0x001e].map((ef): [number, SimFile] => [ef, locked]),
  ]);
  if (certificates.sign && profile.keys.sign) {
    files.set(EF.jpki.signCertificate, binary(certificates.sign, behind(EF.jpki.signPin)));
    files.set(EF.jpki.signKey, { kind: 'key', key: createPrivateKey(profile.keys.sign), use: { kind: 'jpki', pinEf: EF.jpki.signPin } });
    files.set(EF.jpki.signPin, pin(profile.pins.sign, profile.pinTriesLeft.sign, 5, 'referenceData'));
  }
  return { name: 'jpki', aid: AID.jpki, files, sessionKey: { kind: 'refuse', sw: SW.SECURITY_STATUS_NOT_SATISFIED } };
}
