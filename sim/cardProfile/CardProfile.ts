import { z } from 'zod';
import { SexSchema } from '../../jpki/Sex.ts';
import { FaultSpecSchema } from '../../kiosk/protocol/ReaderFaultSpec.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

/**
 * How the 利用者証明用電子証明書 stands on the day the card is placed. Relative states keep a profile
 * meaning the same thing whatever today is; fixed dates are for reproducing one exact certificate.
 * - valid: more than 3 months left;
 * - expiringSoon: within the 3 months before expiry (the reader shows a renewal notice);
 * - expiredInGrace: expired, within the 3-month grace (qualification only, no medical information);
 * - expiredBeyondGrace: expired more than 3 months ago (unusable).
 */
export const CertificateValiditySchema = z.union([
  z.enum(['valid', 'expiringSoon', 'expiredInGrace', 'expiredBeyondGrace']),
  z.object({ notBefore: isoDate, notAfter: isoDate }).strict(),
]);
export type CertificateValidity = z.infer<typeof CertificateValiditySchema>;

export const CardProfileSchema = z
  .object({
    description: z.string(),
    /**
     * standard: PINs set. faceAuth: 顔認証マイナンバーカード, no PIN; face or 目視 only.
     * androidPhone / iPhone: a スマホ用電子証明書 in a phone (sim/card/createSimPhone.ts): only the JPKI AP, its
     * own certificate and key. Android: the 4-digit スマホ用利用者証明用 PIN guards the key and the certificate;
     * iPhone: no PIN, the key signs once after the phone authenticated its holder (Face ID / Touch ID).
     * A phone's `card` block is that of the holder's card (the phone has no card face of its own).
     */
    kind: z.enum(['standard', 'faceAuth', 'androidPhone', 'iPhone']),
    tokenLabel: z.string().max(32).default('JPKIAPICCTOKEN2'),
    holder: z
      .object({
        /** 氏名 as on the card: family and given name separated by U+3000; ● for characters outside JIS. */
        name: z.string().min(1),
        nameKana: z.string().min(1),
        birthDate: isoDate,
        sex: SexSchema,
        address: z.string().min(1),
      })
      .strict(),
    card: z
      .object({
        /** カードの有効期限 */
        expiry: isoDate,
        /** The 4-digit セキュリティコード printed on the card face (part of 照合番号B). */
        securityCode: z.string().regex(/^\d{4}$/),
        /**
         * How the card front prints 生年月日: 和暦 (「昭和55年 2月17日生」, Japanese nationals' current cards)
         * or 西暦 (「1980年 2月17日生」, foreign residents' cards and the next-generation card).
         */
        birthDateCalendar: z.enum(['和暦', '西暦']).default('和暦'),
        /** 共通カードAP record: 15-digit card serial; 5-digit municipality code. */
        serial: z.string().regex(/^\d{15}$/),
        municipalityCode: z.string().regex(/^\d{5}$/),
        /**
         * Which card it is, by the ATR it presents (sim/card/cardGeneration.ts): `newer` ("My Number Card"
         * in pcsc-tools' list) or `first` ("Japanese Individual Number Card").
         */
        generation: z.enum(['first', 'newer']).default('newer'),
        /**
         * Whether a SELECT of an application keeps the PINs verified before: `keep` is what real cards are
         * reported to do (until reset); `clear` is what OpenSC ≥ 0.24 assumes. The card client works with both.
         */
        securityStatusOnSelect: z.enum(['keep', 'clear']).default('keep'),
      })
      .strict(),
    pins: z
      .object({
        /** 利用者証明用 PIN, 4 digits; null on a 顔認証マイナンバーカード. */
        auth: z.string().regex(/^\d{4}$/).nullable(),
        sign: z.string().regex(/^(?=.*[A-Z])(?=.*\d)[A-Z\d]{6,16}$/).nullable(),
        textInput: z.string().regex(/^\d{4}$/).nullable(),
      })
      .strict(),
    /** Tries left when the card is placed (3/5/3 on a fresh card; 0 = already blocked). */
    pinTriesLeft: z
      .object({ auth: z.number().int().min(0).max(3), sign: z.number().int().min(0).max(5), textInput: z.number().int().min(0).max(3) })
      .strict()
      .default({ auth: 3, sign: 5, textInput: 3 }),
    authCertificate: z
      .object({
        /** Hex serial; the eligibility service finds the person by it. */
        serial: z.string().regex(/^[0-9A-F]{2,40}$/),
        validity: CertificateValiditySchema,
        /** Revocation is the verifier's business; the card hands the certificate out regardless. */
        revoked: z.boolean().default(false),
      })
      .strict(),
    signCertificate: z.object({ serial: z.string().regex(/^[0-9A-F]{2,40}$/) }).strict().nullable(),
    /** RSA-2048 private keys, PKCS#8 PEM. The profile generator makes them from the profile's seed. */
    keys: z.object({ auth: z.string().startsWith('-----BEGIN PRIVATE KEY-----'), sign: z.string().startsWith('-----BEGIN PRIVATE KEY-----').nullable() }).strict(),
    /** 顔写真: a PNG file beside the profile (real cards hold JPEG 2000; see docs/hardware.md). */
    facePhoto: z.string().regex(/^[\w./-]+\.png$/),
    /** Faults active from the moment the card is placed. */
    faults: z.array(FaultSpecSchema).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const label = { standard: 'JPKIAPICCTOKEN2', faceAuth: 'JPKIAPICCTOKEN2', androidPhone: 'JPKIAPGPSETOKEN', iPhone: 'JPKIAPIOSTOKEN' }[p.kind];
    if (p.kind !== 'standard' && p.kind !== 'faceAuth' && p.tokenLabel !== label) ctx.addIssue({ code: 'custom', path: ['tokenLabel'], message: `a ${p.kind} credential's token label is ${label}` });
    if (p.kind === 'androidPhone' && p.pins.auth === null) ctx.addIssue({ code: 'custom', path: ['pins', 'auth'], message: 'an Android phone credential has a 4-digit スマホ用利用者証明用 PIN' });
    if (p.kind === 'iPhone' && p.pins.auth !== null) ctx.addIssue({ code: 'custom', path: ['pins', 'auth'], message: 'an iPhone credential has no PIN (the phone authenticates its holder itself): null' });
  });

/** The credential kinds that live in a phone (スマホ用電子証明書), not on a card. */
export const PHONE_KINDS = ['androidPhone', 'iPhone'] as const;
export function isPhoneProfile(profile: Pick<CardProfile, 'kind'>): boolean {
  return (PHONE_KINDS as readonly string[]).includes(profile.kind);
}

export type CardProfile = z.infer<typeof CardProfileSchema>;
export type CardProfileInput = z.input<typeof CardProfileSchema>;
