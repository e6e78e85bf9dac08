import type { KeyObject } from 'node:crypto';

/** Who may read a data EF: anyone, or whoever verified one of these key EFs of the same AP (none: nobody). */
export type AccessRule = 'free' | { anyOf: number[] };

/** A PIN or password with its retry counter. `value` null: no PIN set (顔認証マイナンバーカード). */
export interface SimPin {
  value: string | null;
  triesLeft: number;
  maxTries: number;
  /**
   * How it is changed after a VERIFY: `referenceData` is ISO CHANGE REFERENCE DATA `00 24 01 80` (JPKI
   * 0018/001B, text 0011), `key` is JICSAP CHANGE KEY `80 32 00 80` (住基 and 共通 001C); none: never.
   */
  change?: 'referenceData' | 'key';
}

/**
 * What a key EF does:
 * - `jpki`: a JPKI private key, `80 2A` after its PIN (`pinEf`); `readerMayUse`: an authenticated reader
 *   may have it sign once without the PIN (the 利用者証明用 key only; ours); `deviceAuthenticated`: an
 *   iPhone's key (ours): no PIN, it signs once after `SimCard.authenticateOnDevice()` (Face ID / Touch ID).
 * - `apSignature`: an AP's own key (券面 001A, text 0013): `80 2A 00 00` signs with no credential.
 * - `internalAuthenticate`: 共通AP 0019: INTERNAL AUTHENTICATE signs with no credential.
 */
export type KeyUse = { kind: 'jpki'; pinEf: number; readerMayUse?: boolean; deviceAuthenticated?: boolean } | { kind: 'apSignature' } | { kind: 'internalAuthenticate' };

export type SimFile =
  | { kind: 'binary'; data: Uint8Array; read: AccessRule }
  | { kind: 'record'; records: Uint8Array[]; read: AccessRule }
  | { kind: 'pin'; pin: SimPin }
  | { kind: 'key'; key: KeyObject; use: KeyUse }
  /** A key reference blocked from issue (text 0012 and the unused ones): the query answers 63C0, VERIFY 6984. */
  | { kind: 'lockedKey' }
  /** Selectable, nothing to read (JPKI 0016, MF 001E): READ answers 6981. */
  | { kind: 'internal' };

/**
 * SET SESSION KEY (`80 AE`): `refuse` answers a fixed status word (66F1 on 共通AP and 券面AP, 6982 on
 * JPKI and 住基); `textInput` is the 券面事項入力補助AP's, which accepts a session key under RSAES-OAEP
 * to its EF 0006 key once its PIN (`pinEf`) is verified.
 */
export type SessionKeyRule = { kind: 'refuse'; sw: number } | { kind: 'textInput'; key: KeyObject; pinEf: number };

export interface SimApplication {
  name: string;
  aid: Uint8Array;
  files: Map<number, SimFile>;
  sessionKey: SessionKeyRule;
  /** The key `80 2A 00 00` (P2 00) signs with: the AP's own key, where it has one. */
  signingKeyEf?: number;
}

/** What the card has outside its applications: the MF-level state after reset, and the GlobalPlatform ISD. */
export interface CardManager {
  /** DF names that select the MF-level state: the GlobalPlatform ISD. */
  aids: Uint8Array[];
  files: Map<number, SimFile>;
  /** GET DATA objects by tag (P1 P2) at MF level; values without tag and length. */
  objects: Map<number, Uint8Array>;
}
