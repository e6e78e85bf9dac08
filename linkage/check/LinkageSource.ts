import { LinkageError } from '../LinkageError.ts';
import { prefectureOfInsurer } from '../insurer/InsurerPolicy.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import type { LinkageRecord } from '../registry/LinkageRecord.ts';

/** The linkages on one My Number that belong to a shard, with J-LIS's record for the number. */
export interface LinkageGroup {
  myNumber: string;
  resident: ResidentRecord | null;
  linkages: { record: LinkageRecord; anotherLive: boolean }[];
}

/** Where a source stands: enough to open it again there (byte offsets, or the last key read). */
export type SourcePosition = Record<string, string | number>;

/**
 * The 総点検's input, read in number order in whole groups: files merged by My Number, or PostgreSQL.
 * `anotherLive` needs every linkage of the number, in the shard or not, so the source computes it.
 */
export interface LinkageSource {
  /** Whole groups holding about `max` linkages of the shard; [] once the input is done. */
  nextGroups(max: number): Promise<LinkageGroup[]>;
  /** The position after the groups returned so far. */
  position(): SourcePosition;
  /** How far through its input the source is, in its own unit (bytes or rows). */
  progress(): { done: number; total: number };
  close(): Promise<void>;
}

export type ShardKey = 'insurer' | 'prefecture';

/**
 * Which linkages a process takes: those whose key (the 保険者番号, or its 都道府県番号) taken as a number,
 * mod `count`, is `index` — the same arithmetic in SQL and here, so machines reading PostgreSQL and
 * processes reading files split the work alike.
 */
export interface Shard {
  index: number;
  count: number;
  key: ShardKey;
}

export function shardKeyOf(insurerNumber: string, key: ShardKey): number {
  return Number(key === 'insurer' ? insurerNumber : prefectureOfInsurer(insurerNumber));
}

export function inShard(insurerNumber: string, shard: Shard): boolean {
  return shardKeyOf(insurerNumber, shard.key) % shard.count === shard.index;
}

export function validateShard(shard: Shard): Shard {
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new LinkageError('SHARD_INVALID', `Shard ${shard.index} of ${shard.count} does not exist: --shards must be ≥ 1 and --shard between 0 and shards − 1.`);
  }
  return shard;
}
