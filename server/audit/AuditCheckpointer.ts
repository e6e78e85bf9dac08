import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EligibilityDatabase } from '../db/openEligibilityDatabase.ts';
import { appendAuditCheckpoint, CHECKPOINT_FILE, createAuditCheckpoint, readAuditCheckpoints, verifyAgainstCheckpoint, type AuditCheckpoint } from './AuditCheckpoint.ts';
import { AuditLog } from './AuditLog.ts';
import { loadOrCreateServiceSigningKey, type ServiceSigningKey } from './ServiceSigningKey.ts';

/**
 * A running service's checkpoints: one at start, then one whenever the chain has grown (checked every
 * `everyMs`), and one at close, each appended to the data directory's checkpoint file. Each checks only
 * the rows since the one before, so a long log costs nothing extra per minute.
 */
export class AuditCheckpointer {
  private readonly audit: AuditLog;
  private readonly key: ServiceSigningKey;
  private last: AuditCheckpoint | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    db: EligibilityDatabase,
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.audit = new AuditLog(db);
    this.key = loadOrCreateServiceSigningKey(dataDir);
    this.last = this.lastStillValid();
  }

  start(everyMs: number): void {
    this.checkpoint(new Date());
    this.timer = setInterval(() => this.checkpoint(new Date()), everyMs);
    this.timer.unref();
  }

  /** A checkpoint if the chain moved since the last one; a broken chain is logged, never vouched for. */
  checkpoint(now: Date): AuditCheckpoint | null {
    const tip = this.audit.tip();
    if (this.last && (tip?.seq ?? 0) === this.last.seq) return null;
    try {
      const checkpoint = createAuditCheckpoint(this.audit, this.key, now, this.last);
      appendAuditCheckpoint(this.dataDir, checkpoint);
      this.last = checkpoint;
      return checkpoint;
    } catch (error) {
      this.log(`eligibility server: no audit checkpoint: ${(error as Error).message}`);
      return null;
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.checkpoint(new Date());
  }

  /** The newest checkpoint of the file, if this key made it and the chain still holds it: the point to check onwards from. */
  private lastStillValid(): AuditCheckpoint | null {
    const file = join(this.dataDir, CHECKPOINT_FILE);
    if (!existsSync(file)) return null;
    try {
      const newest = readAuditCheckpoints(file).at(-1) ?? null;
      return newest && verifyAgainstCheckpoint(this.audit, newest, this.key.publicKey).ok ? newest : null;
    } catch {
      return null;
    }
  }
}
