import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDatabase } from '../db/Sql.ts';
import { appendAuditCheckpoint, CHECKPOINT_FILE, createAuditCheckpoint, readAuditCheckpoints, verifyAgainstCheckpoint, type AuditCheckpoint } from './AuditCheckpoint.ts';
import { AuditLog } from './AuditLog.ts';
import { loadOrCreateServiceSigningKey, type ServiceSigningKey } from './ServiceSigningKey.ts';

/**
 * A running service's checkpoints: one at start, then one whenever the chain has grown (checked every
 * `everyMs`), and one at close, each appended to the data directory's checkpoint file. Each checks only
 * the rows since the one before, so a long log costs nothing extra per minute. With several instances
 * on one PostgreSQL, each keeps its own file of checkpoints of the one shared chain.
 */
export class AuditCheckpointer {
  private last: AuditCheckpoint | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: ServiceDatabase,
    private readonly key: ServiceSigningKey,
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {}

  static async open(db: ServiceDatabase, dataDir: string, log: (line: string) => void): Promise<AuditCheckpointer> {
    const checkpointer = new AuditCheckpointer(db, loadOrCreateServiceSigningKey(dataDir), dataDir, log);
    checkpointer.last = await checkpointer.lastStillValid();
    return checkpointer;
  }

  start(everyMs: number): Promise<AuditCheckpoint | null> {
    this.timer = setInterval(() => void this.checkpoint(new Date()), everyMs);
    this.timer.unref();
    return this.checkpoint(new Date());
  }

  /** A checkpoint if the chain moved since the last one; a broken chain is logged, never vouched for. One at a time. */
  checkpoint(now: Date): Promise<AuditCheckpoint | null> {
    const next = this.running.then(() => this.checkpointNow(now));
    this.running = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.checkpoint(new Date());
  }

  private async checkpointNow(now: Date): Promise<AuditCheckpoint | null> {
    try {
      return await this.db.read(async (sql) => {
        const audit = new AuditLog(sql);
        const tip = await audit.tip();
        if (this.last && (tip?.seq ?? 0) === this.last.seq) return null;
        const checkpoint = await createAuditCheckpoint(audit, this.key, now, this.last);
        appendAuditCheckpoint(this.dataDir, checkpoint);
        this.last = checkpoint;
        return checkpoint;
      });
    } catch (error) {
      this.log(`eligibility server: no audit checkpoint: ${(error as Error).message}`);
      return null;
    }
  }

  /** The newest checkpoint of the file, if this key made it and the chain still holds it: the point to check onwards from. */
  private async lastStillValid(): Promise<AuditCheckpoint | null> {
    const file = join(this.dataDir, CHECKPOINT_FILE);
    if (!existsSync(file)) return null;
    try {
      const newest = readAuditCheckpoints(file).at(-1) ?? null;
      return newest && (await this.db.read((sql) => verifyAgainstCheckpoint(new AuditLog(sql), newest, this.key.publicKey))).ok ? newest : null;
    } catch {
      return null;
    }
  }
}
