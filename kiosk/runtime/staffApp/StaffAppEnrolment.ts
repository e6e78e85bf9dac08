import { createHash, randomInt } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { messageOf } from '../../../foundation/CodedError.ts';
import { StaffAppError, type IssuedActivationCode } from '../../protocol/StaffApp.ts';

/** How long an issued activation code enrols (ours: the real app's lifetime is not public). */
export const ACTIVATION_CODE_TTL_MS = 24 * 3600_000;

const EnrolmentFileSchema = z
  .object({
    version: z.literal(1),
    /** Codes issued, by SHA-256 (the code itself is shown once on the 資格確認端末 and not kept). */
    codes: z.array(z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), issuedAt: z.string(), expiresAt: z.string(), usedAt: z.string().nullable() }).strict()),
    device: z.object({ enrolledAt: z.string() }).strict().nullable(),
  })
  .strict();
type EnrolmentFile = z.infer<typeof EnrolmentFileSchema>;

const sha256 = (code: string) => createHash('sha256').update(code).digest('hex');

/**
 * The enrolment of the kiosk's マイナ資格確認アプリ device (ours: one app device per kiosk, with the reader the
 * kiosk's configuration gives it). The 資格確認端末 issues a 12-digit activation code, one-time, valid for 24 h;
 * the app page enters it and the device is enrolled. Kept in a JSON file in the kiosk's data directory (written
 * to a temporary file and renamed, so a crash leaves the old or the new file), so it survives a restart.
 */
export class StaffAppEnrolment {
  private state: EnrolmentFile;

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = existsSync(file) ? EnrolmentFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : { version: 1, codes: [], device: null };
  }

  get enrolled(): boolean {
    return this.state.device !== null;
  }

  get enrolledAt(): string | null {
    return this.state.device?.enrolledAt ?? null;
  }

  /** A fresh 12-digit code (crypto random); the ones expired more than a day ago are dropped from the file. */
  issue(): IssuedActivationCode {
    const at = this.now();
    const code = Array.from({ length: 12 }, () => randomInt(10)).join('');
    const expiresAt = new Date(at.getTime() + ACTIVATION_CODE_TTL_MS).toISOString();
    const keepAfter = at.getTime() - ACTIVATION_CODE_TTL_MS;
    this.save({ ...this.state, codes: [...this.state.codes.filter((c) => Date.parse(c.expiresAt) > keepAfter), { sha256: sha256(code), issuedAt: at.toISOString(), expiresAt, usedAt: null }] });
    return { code, expiresAt };
  }

  /** The app page enters a code: CODE_UNKNOWN, CODE_EXPIRED or CODE_USED unless it is a live one, which is then used up. */
  enrol(code: string): void {
    const at = this.now();
    const found = this.state.codes.find((c) => c.sha256 === sha256(code));
    if (!found) throw new StaffAppError('CODE_UNKNOWN', 'この利用登録コードは発行されていません。資格確認端末に表示された12桁を確かめてください。');
    if (found.usedAt) throw new StaffAppError('CODE_USED', 'この利用登録コードは使用済みです。資格確認端末で新しいコードを発行してください。');
    if (Date.parse(found.expiresAt) <= at.getTime()) throw new StaffAppError('CODE_EXPIRED', 'この利用登録コードは有効期限（発行から24時間）が切れています。資格確認端末で新しいコードを発行してください。');
    this.save({ ...this.state, codes: this.state.codes.map((c) => (c === found ? { ...c, usedAt: at.toISOString() } : c)), device: { enrolledAt: at.toISOString() } });
  }

  private save(next: EnrolmentFile): void {
    try {
      writeFileSync(`${this.file}.tmp`, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      renameSync(`${this.file}.tmp`, this.file);
    } catch (error) {
      throw new StaffAppError('STORAGE_FAULT', `The staff-app enrolment could not be written to ${this.file}: ${messageOf(error)}`, { cause: error });
    }
    this.state = next;
  }
}
