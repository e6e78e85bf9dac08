import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';

/** The simulated card issuer's keys, private halves included: only the simulator reads the file. */
export const CARD_ISSUER_KEYS_FILE = fileURLToPath(new URL('./card-issuer-keys.json', import.meta.url));

const KEY_NAMES = ['cvAuthority', 'cardFaceIssuer', 'cardFaceCard', 'textInputIssuer', 'textInputCard', 'textInputSession', 'commonCard'] as const;
export type CardIssuerKeyName = (typeof KEY_NAMES)[number];

const KeysFileSchema = z.object(Object.fromEntries(KEY_NAMES.map((n) => [n, z.string().startsWith('-----BEGIN PRIVATE KEY-----')])) as Record<CardIssuerKeyName, z.ZodString>).strict();

/**
 * The RSA-2048 keys J-LIS puts on and behind a マイナンバーカード besides the JPKI ones (MC's notes):
 * - `cvAuthority`: issues the card-verifiable certificates (券面 0004, 入力補助 0004, GET DATA 00F8/7F21);
 * - `cardFaceIssuer`: certified in 券面AP 0004, signs the card face (DF28), the age record and the rendered 個人番号;
 * - `cardFaceCard`: 券面AP 001A, the card's own key (DF24, DF12, DF42 carry its public half);
 * - `textInputIssuer`: certified in 入力補助AP 0004, signs 0003 and 0007;
 * - `textInputCard`: 入力補助AP 0013 (its public half in 0007);
 * - `textInputSession`: 入力補助AP 0006, the SET SESSION KEY key;
 * - `commonCard`: 共通AP 0019, INTERNAL AUTHENTICATE.
 * On a real card the card keys are the card's own; every simulated card shares these (ours, docs/card.md).
 */
export type CardIssuerKeys = Record<CardIssuerKeyName, KeyObject>;

let cached: CardIssuerKeys | undefined;

export function loadCardIssuerKeys(file = CARD_ISSUER_KEYS_FILE): CardIssuerKeys {
  const read = () => {
    const raw = loadDataFile(file, KeysFileSchema, { what: 'card issuer keys file' });
    return Object.fromEntries(KEY_NAMES.map((n) => [n, createPrivateKey(raw[n])])) as CardIssuerKeys;
  };
  if (file !== CARD_ISSUER_KEYS_FILE) return read();
  return (cached ??= read());
}

/** Make a new set of keys and write them to `file`. */
export function createCardIssuerKeys(file = CARD_ISSUER_KEYS_FILE): void {
  const pem = (): string => generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  writeFileSync(file, JSON.stringify(Object.fromEntries(KEY_NAMES.map((n) => [n, pem()])), null, 2) + '\n');
  if (file === CARD_ISSUER_KEYS_FILE) cached = undefined;
}
