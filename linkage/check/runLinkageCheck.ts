import type { ClassCounts, LinkageClass, Suspect } from '../../protocol/linkageReport/LinkageReport.ts';
import { classifyLinkage } from './classifyLinkage.ts';
import { emptyCounts, type CheckStore, type Checkpoint } from './CheckStore.ts';
import type { LinkageSource } from './LinkageSource.ts';
import { toSuspect } from './toSuspect.ts';

/** Classes that are not listed as suspects, only counted: nothing to ask anyone. */
const UNLISTED: ReadonlySet<LinkageClass> = new Set(['exact', 'addressNotRegistered']);

export interface CheckProgress {
  classified: number;
  done: number;
  total: number;
  elapsedMs: number;
}

export interface LinkageCheckOptions {
  source: LinkageSource;
  store: CheckStore;
  /** Linkages per chunk: one transaction and one checkpoint each. */
  chunk?: number;
  onProgress?: (progress: CheckProgress) => void;
  /** For tests of the crash: called after each committed chunk. */
  afterChunk?: (checkpoint: Checkpoint) => void;
}

/**
 * The 総点検 of one shard: read whole number groups, classify every linkage against J-LIS, and commit each
 * chunk's suspects with the checkpoint after it. Starts from the store's checkpoint when there is one (the
 * caller opened the source there), so a killed run goes on where its last commit left it.
 */
export async function runLinkageCheck(options: LinkageCheckOptions): Promise<Checkpoint> {
  const { source, store } = options;
  const chunk = options.chunk ?? 20_000;
  const resumed = store.checkpoint();
  if (resumed?.done) return resumed;
  let classified = resumed?.classified ?? 0;
  const counts: ClassCounts = resumed?.counts ?? emptyCounts();
  const byInsurer: Record<string, ClassCounts> = resumed?.byInsurer ?? {};
  const started = performance.now() - (resumed?.elapsedMs ?? 0);
  for (;;) {
    const groups = await source.nextGroups(chunk);
    const suspects: Suspect[] = [];
    for (const group of groups) {
      for (const { record, anotherLive } of group.linkages) {
        const verdict = classifyLinkage(record, group.resident, anotherLive);
        counts[verdict.class] += 1;
        (byInsurer[record.insurerNumber] ??= emptyCounts())[verdict.class] += 1;
        classified += 1;
        if (!UNLISTED.has(verdict.class)) suspects.push(toSuspect(record, group.resident, verdict));
      }
    }
    const checkpoint: Checkpoint = { position: source.position(), classified, counts, byInsurer, elapsedMs: performance.now() - started, done: groups.length === 0 };
    store.commit(suspects, checkpoint);
    options.afterChunk?.(checkpoint);
    options.onProgress?.({ classified, ...source.progress(), elapsedMs: checkpoint.elapsedMs });
    if (checkpoint.done) return checkpoint;
  }
}
