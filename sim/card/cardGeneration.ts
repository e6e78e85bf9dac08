import { fromHex } from '../../device/card/Apdu.ts';

/**
 * Card generations, as far as public sources let them be told apart: by the contact ATR they present
 * and what pcsc-tools' list (Debian bookworm, smartcard_list.txt) calls it. No public source maps an
 * ATR to an issue year or a manufacturer; the dates below are when each ATR was first reported.
 * - `first`: `3B C5 FF 81 31 FB 45 80 73 C6 01 00 00`, in the list since 2017-02 as "Japanese Individual
 *   Number Card (eID)" (jpki/myna issue #12 names it too).
 * - `newer`: `3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B`, in the list since 2017-01 as "My
 *   Number Card (The Social Security and Tax Number System in JAPAN) (eID)"; OpenSC issue #3021 (2024, a
 *   recently issued card) reports it as a newer JPKI ATR, and PR #3744 added it.
 * The older `3B E0 00 FF 81 31 FE 45 14`, the only ATR in OpenSC's jpki table, is the 住基カード's
 * ("JUKICARD") in that list, so no generation presents it. OpenSC claims both by selecting the JPKI AP.
 * Newer cards also answer GET DATA 7F21, the next CV certificate of the chain (MC: absent on older cards).
 */
export const CARD_GENERATIONS = {
  first: { contactAtr: fromHex('3BC5FF8131FB458073C6010000'), nextCvCertificate: false },
  newer: { contactAtr: fromHex('3BDA13FF8131FB468012392F31C173C601C03B'), nextCvCertificate: true },
} as const;

export type CardGenerationName = keyof typeof CARD_GENERATIONS;
export type CardGeneration = (typeof CARD_GENERATIONS)[CardGenerationName];
