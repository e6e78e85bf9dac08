import type { CardIssuerKeys } from '../../ca/CardIssuerKeys.ts';
import type { CardProfile } from '../../cardProfile/CardProfile.ts';
import type { CardCertificates } from '../issueCardCertificates.ts';
import type { AccessRule, SimFile, SimPin } from '../SimFile.ts';

/** Everything a simulated card's applications are built from. */
export interface CardContext {
  profile: CardProfile;
  photo: Uint8Array;
  keys: CardIssuerKeys;
  certificates: CardCertificates;
  authCaCertificate: Uint8Array;
  signCaCertificate: Uint8Array;
  /** 照合番号A = the 個人番号 (card-protocol.md §2.3). */
  myNumber: string;
  verificationCodeB: string;
}

export const binary = (data: Uint8Array, read: AccessRule): SimFile => ({ kind: 'binary', data, read });
export const free = (data: Uint8Array): SimFile => binary(data, 'free');
export const behind = (...efs: number[]): AccessRule => ({ anyOf: efs });
export const locked: SimFile = { kind: 'lockedKey' };

export function pin(value: string | null, triesLeft: number, maxTries: number, change?: SimPin['change']): SimFile {
  return { kind: 'pin', pin: { value, triesLeft, maxTries, ...(change ? { change } : {}) } };
}

/** 照合番号A and B have 10 tries (B: MC `data.rs`; A: unknown, ours). */
export const VERIFICATION_CODE_TRIES = 10;

/** 16 bytes of FF: what MC found in the EFs whose purpose is unknown (text 0008, 券面 0006). */
export const UNKNOWN_EF = new Uint8Array(16).fill(0xff);
