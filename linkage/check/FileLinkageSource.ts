import { join } from 'node:path';
import type { z } from 'zod';
import { describeZodIssues } from '../../foundation/describeZodIssues.ts';
import { POPULATION_FILES } from '../generate/PopulationFiles.ts';
import { ResidentRecordSchema, type ResidentRecord } from '../jlis/ResidentRecord.ts';
import { LinkageError } from '../LinkageError.ts';
import { LinkageRecordSchema, type LinkageRecord } from '../registry/LinkageRecord.ts';
import { inShard, type LinkageGroup, type LinkageSource, type Shard, type SourcePosition } from './LinkageSource.ts';
import { NdjsonCursor, peekField, type NdjsonLine } from './NdjsonCursor.ts';

function parseLine<S extends z.ZodType>(line: NdjsonLine, file: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(line.text);
  } catch (cause) {
    throw new LinkageError('INPUT_INVALID', `${file} at byte ${line.start}: not a JSON line.`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new LinkageError('INPUT_INVALID', `${file} at byte ${line.start}: ${describeZodIssues(parsed.error).message}`, { cause: parsed.error });
  return parsed.data;
}

/**
 * jlis.ndjson and linkages.ndjson merged by My Number in one pass (both sorted, as the generator writes
 * them): memory holds one number's group. Every process reads both files whole and parses in full only
 * the lines its shard needs; the others are skipped by a field peek.
 */
export class FileLinkageSource implements LinkageSource {
  private readonly linkages: NdjsonCursor;
  private readonly jlis: NdjsonCursor;
  private readonly linkageFile: string;
  private readonly jlisFile: string;
  private lastNumber = '';

  constructor(
    dir: string,
    private readonly shard: Shard,
    from: SourcePosition = {},
  ) {
    this.linkageFile = join(dir, POPULATION_FILES.linkages);
    this.jlisFile = join(dir, POPULATION_FILES.jlis);
    this.linkages = new NdjsonCursor(this.linkageFile, Number(from.linkagesAt ?? 0));
    this.jlis = new NdjsonCursor(this.jlisFile, Number(from.jlisAt ?? 0));
  }

  private residentFor(myNumber: string): ResidentRecord | null {
    for (let line = this.jlis.peek(); line; line = this.jlis.peek()) {
      const n = peekField(line.text, 'myNumber');
      if (n === null) throw new LinkageError('INPUT_INVALID', `${this.jlisFile} at byte ${line.start}: no myNumber.`);
      if (n > myNumber) return null;
      this.jlis.next();
      if (n === myNumber) return parseLine(line, this.jlisFile, ResidentRecordSchema);
    }
    return null;
  }

  async nextGroups(max: number): Promise<LinkageGroup[]> {
    const groups: LinkageGroup[] = [];
    let taken = 0;
    while (taken < max) {
      const first = this.linkages.peek();
      if (!first) break;
      const myNumber = peekField(first.text, 'myNumber');
      if (myNumber === null) throw new LinkageError('INPUT_INVALID', `${this.linkageFile} at byte ${first.start}: no myNumber.`);
      if (myNumber < this.lastNumber) throw new LinkageError('INPUT_NOT_SORTED', `${this.linkageFile} at byte ${first.start}: ${myNumber} after ${this.lastNumber}; the 総点検 merges files sorted by myNumber.`);
      this.lastNumber = myNumber;
      const lines: NdjsonLine[] = [];
      for (let line = this.linkages.peek(); line && peekField(line.text, 'myNumber') === myNumber; line = this.linkages.peek()) lines.push(this.linkages.next()!);
      // 資格重複 counts every live linkage of the number, whichever shard it falls in.
      const live = lines.filter((l) => l.text.includes('"lostOn":null')).length;
      const mine = lines.filter((l) => inShard(peekField(l.text, 'insurerNumber') ?? '', this.shard));
      if (mine.length === 0) {
        this.residentFor(myNumber);
        continue;
      }
      const resident = this.residentFor(myNumber);
      const linkages = mine.map((l) => {
        const record: LinkageRecord = parseLine(l, this.linkageFile, LinkageRecordSchema);
        return { record, anotherLive: live - (record.lostOn === null ? 1 : 0) > 0 };
      });
      groups.push({ myNumber, resident, linkages });
      taken += linkages.length;
    }
    return groups;
  }

  position(): SourcePosition {
    return { linkagesAt: this.linkages.position, jlisAt: this.jlis.position };
  }

  progress(): { done: number; total: number } {
    return { done: this.linkages.position, total: this.linkages.size };
  }

  async close(): Promise<void> {
    this.linkages.close();
    this.jlis.close();
  }
}
