import Database from 'better-sqlite3';
import { LINKAGE_CLASSES, type ClassCounts, type LinkageClass, type Suspect } from '../../protocol/linkageReport/LinkageReport.ts';
import { LinkageError } from '../LinkageError.ts';
import type { SourcePosition } from './LinkageSource.ts';

export const emptyCounts = (): ClassCounts => Object.fromEntries(LINKAGE_CLASSES.map((c) => [c, 0])) as ClassCounts;

/** How far a shard's run has got: what the next chunk starts from, and what has been counted before it. */
export interface Checkpoint {
  position: SourcePosition;
  classified: number;
  counts: ClassCounts;
  byInsurer: Record<string, ClassCounts>;
  elapsedMs: number;
  done: boolean;
}

/**
 * One shard's results and its checkpoint in one SQLite file. A chunk's suspects and the checkpoint after
 * them commit in one transaction, so a run killed at any instant (kill -9 included) resumes from the last
 * commit and counts no record twice. WAL with synchronous=NORMAL survives a killed process; a power loss
 * may lose the last chunk, which is then simply done again.
 */
export class CheckStore {
  readonly db: Database.Database;
  private readonly insertSuspect: Database.Statement;
  private readonly saveCheckpoint: Database.Statement;

  constructor(
    readonly file: string,
    /** What the run reads and how it is split: a resume against other input is refused. */
    readonly identity: string,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS run (id INTEGER PRIMARY KEY CHECK (id = 1), identity TEXT NOT NULL, checkpoint TEXT);
      CREATE TABLE IF NOT EXISTS suspects (linkage_id TEXT PRIMARY KEY, insurer_number TEXT NOT NULL, class TEXT NOT NULL, suspect TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS suspects_by_insurer ON suspects (insurer_number, class);
    `);
    const row = this.db.prepare('SELECT identity FROM run WHERE id = 1').get() as { identity: string } | undefined;
    if (!row) this.db.prepare('INSERT INTO run (id, identity, checkpoint) VALUES (1, ?, NULL)').run(identity);
    else if (row.identity !== identity) {
      this.db.close();
      throw new LinkageError('CHECKPOINT_MISMATCH', `${file} belongs to another run (${row.identity}), not ${identity}: give another --out folder, or delete it to start over.`);
    }
    // A plain INSERT: a suspect seen twice would be a bug, and the primary key says so at once.
    this.insertSuspect = this.db.prepare('INSERT INTO suspects (linkage_id, insurer_number, class, suspect) VALUES (?, ?, ?, ?)');
    this.saveCheckpoint = this.db.prepare('UPDATE run SET checkpoint = ? WHERE id = 1');
  }

  checkpoint(): Checkpoint | null {
    const row = this.db.prepare('SELECT checkpoint FROM run WHERE id = 1').get() as { checkpoint: string | null };
    return row.checkpoint ? (JSON.parse(row.checkpoint) as Checkpoint) : null;
  }

  /** The chunk's suspects and the checkpoint after it, atomically. */
  commit(suspects: Suspect[], checkpoint: Checkpoint): void {
    this.db.transaction(() => {
      for (const s of suspects) this.insertSuspect.run(s.linkageId, s.insurerNumber, s.class, JSON.stringify(s));
      this.saveCheckpoint.run(JSON.stringify(checkpoint));
    })();
  }

  suspectIds(cls: LinkageClass): string[] {
    return (this.db.prepare('SELECT linkage_id FROM suspects WHERE class = ?').all(cls) as { linkage_id: string }[]).map((r) => r.linkage_id);
  }

  close(): void {
    this.db.close();
  }
}
