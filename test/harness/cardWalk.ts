import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeSha256DigestInfo } from '../../device/mynacard/signChallenge.ts';
import { birthDateKey } from '../../sim/card/applications/cardFaceApplication.ts';
import type { CreatedSimCard } from '../../sim/card/createSimCard.ts';
import type { CardProfile } from '../../sim/cardProfile/CardProfile.ts';

/** Issue 16's table as APDUs (test/conformance/cardWalk.json): walked in-process and, by pyscard, through pcscd. */
export const CARD_WALK_FILE = fileURLToPath(new URL('../conformance/cardWalk.json', import.meta.url));

export type WalkStep =
  | { reset: true }
  | { atr: string }
  | { apdu: string; sw: string; length?: number; data?: string; prefix?: string; fresh?: boolean };

export interface WalkRow {
  row: string;
  steps: WalkStep[];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const secret = (text: string | null) => (text === null ? '' : `${text.length.toString(16).padStart(2, '0')}${hex(new TextEncoder().encode(text))}`.toUpperCase());

/** The placeholders of the walk, for the card of `profile` (the PINs are test data of a shipped profile). */
export function walkSubstitutions(profile: CardProfile, sim: CreatedSimCard): Record<string, string> {
  return {
    atr: hex(sim.card.atr),
    contactAtr: hex(sim.card.atr.subarray(1)),
    authPin: secret(profile.pins.auth),
    signPin: secret(profile.pins.sign),
    textPin: secret(profile.pins.textInput),
    myNumber: secret(sim.myNumber),
    codeB: secret(sim.verificationCodeB),
    birthKey: secret(birthDateKey(profile.holder.birthDate)),
    digestInfo: hex(encodeSha256DigestInfo(new TextEncoder().encode('abc'))),
  };
}

export function loadCardWalk(substitutions: Record<string, string>): WalkRow[] {
  const text = readFileSync(CARD_WALK_FILE, 'utf8').replace(/\{(\w+)\}/g, (m, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`cardWalk.json: unknown placeholder ${m}`);
    return value;
  });
  return (JSON.parse(text) as { rows: WalkRow[] }).rows;
}

/** Walk the rows against a card; the mismatches of each row (empty: as a real card). */
export function walkCard(rows: WalkRow[], card: { transmit(apdu: Uint8Array): Uint8Array; reset(): void; atr: Uint8Array }): Map<string, string[]> {
  const seen = new Set<string>();
  const result = new Map<string, string[]>();
  for (const { row, steps } of rows) {
    const problems: string[] = [];
    steps.forEach((step, i) => {
      if ('reset' in step) return card.reset();
      if ('atr' in step) {
        if (hex(card.atr) !== step.atr) problems.push(`ATR ${hex(card.atr)}, expected ${step.atr}`);
        return;
      }
      const raw = card.transmit(Buffer.from(step.apdu, 'hex'));
      const problem = checkStep(step, raw, seen);
      if (problem) problems.push(`step ${i} ${step.apdu}: ${problem}`);
    });
    result.set(row, problems);
  }
  return result;
}

/** The same check the pyscard script makes (test/conformance/walkCard.py). */
export function checkStep(step: Extract<WalkStep, { apdu: string }>, raw: Uint8Array, seen: Set<string>): string | undefined {
  const sw = hex(raw.subarray(-2));
  const data = hex(raw.subarray(0, -2));
  if (sw !== step.sw.toUpperCase()) return `SW ${sw}, expected ${step.sw}`;
  if (step.length !== undefined && data.length / 2 !== step.length) return `${data.length / 2} data bytes, expected ${step.length}`;
  if (step.data !== undefined && data !== step.data.toUpperCase()) return `data ${data}, expected ${step.data}`;
  if (step.prefix !== undefined && !data.startsWith(step.prefix.toUpperCase())) return `data ${data.slice(0, 80)}…, expected to start ${step.prefix}`;
  if (step.fresh) {
    if (seen.has(data)) return `data ${data} was answered before: not random`;
    seen.add(data);
  }
  return undefined;
}

/** A digest of the walk file, so a report names the exact table it checked. */
export function cardWalkDigest(): string {
  return createHash('sha256').update(readFileSync(CARD_WALK_FILE)).digest('hex').slice(0, 12);
}
