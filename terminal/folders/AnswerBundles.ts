import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TerminalError } from '../TerminalError.ts';
import type { TerminalFolders } from './TerminalFolders.ts';

export interface AnswerFile {
  /** Which folder it goes to. */
  to: 'res' | 'face';
  name: string;
  bytes: Buffer;
}

/** What becomes of the claimed request once its answer exists: dropped (answered), moved into res beside its .err, or there is none (a push). */
export type RequestFate = 'drop' | 'moveToRes' | 'none';

const BUNDLE = '.answer';
const TMP = '.tmp-';
const FATE_MARKER = { drop: '.fate-drop', moveToRes: '.fate-moveToRes', none: '.fate-none' } as const;

/**
 * The answer to one claimed request (or one push), made durable before anything is delivered, so a crash
 * at any point leaves a state that finishes the same way (docs/terminal-files.md, "Exactly once"):
 * 1. the files are written into a temporary folder in processing, which is renamed to `<request>.answer`:
 *    from then on the answer exists whole, or not at all;
 * 2. the request is dropped, or moved into the bundle to go to res beside its .err; the fate marker goes;
 * 3. each file is renamed into res or face: readers never see a half-written file, and a file renamed is
 *    gone from the bundle, so none is delivered twice (.err first, so the request's copy never shows without it);
 * 4. the empty bundle is removed.
 * A claimed request with no bundle has not been answered: it is answered (again: the service replays).
 */
export class AnswerBundles {
  constructor(private readonly folders: TerminalFolders) {}

  private dir(key: string): string {
    return join(this.folders.processing, `${key}${BUNDLE}`);
  }

  exists(key: string): boolean {
    return existsSync(this.dir(key));
  }

  write(key: string, files: AnswerFile[], fate: RequestFate): void {
    const tmp = join(this.folders.processing, `${key}${TMP}${randomBytes(4).toString('hex')}`);
    mkdirSync(tmp);
    for (const f of files) writeFileSync(join(tmp, `${f.to}~${f.name}`), f.bytes);
    writeFileSync(join(tmp, FATE_MARKER[fate]), '');
    renameSync(tmp, this.dir(key));
  }

  /** Steps 2–4; DELIVERY_BLOCKED leaves the rest of the bundle for a later try. Returns the names delivered. */
  complete(key: string, requestName: string | null): string[] {
    const dir = this.dir(key);
    const request = requestName === null ? null : join(this.folders.processing, requestName);
    if (existsSync(join(dir, FATE_MARKER.moveToRes))) {
      if (request && existsSync(request)) renameSync(request, join(dir, `res~${requestName}`));
      unlinkSync(join(dir, FATE_MARKER.moveToRes));
    } else if (existsSync(join(dir, FATE_MARKER.drop))) {
      if (request && existsSync(request)) unlinkSync(request);
      unlinkSync(join(dir, FATE_MARKER.drop));
    } else if (existsSync(join(dir, FATE_MARKER.none))) {
      unlinkSync(join(dir, FATE_MARKER.none));
    }
    const delivered: string[] = [];
    const files = readdirSync(dir).sort((a, b) => Number(!a.endsWith('.err')) - Number(!b.endsWith('.err')));
    for (const entry of files) {
      const separator = entry.indexOf('~');
      const to = entry.slice(0, separator) === 'face' ? this.folders.face : this.folders.res;
      const name = entry.slice(separator + 1);
      const target = join(to, name);
      // rename would replace a file the client has not read yet: wait for it to go instead.
      if (existsSync(target)) throw new TerminalError('DELIVERY_BLOCKED', `${target} already exists; the answer waits in ${dir} until it is moved away.`);
      renameSync(join(dir, entry), target);
      delivered.push(name);
    }
    rmSync(dir, { recursive: true, force: true });
    return delivered;
  }

  /** What a crash left in processing: bundles to complete, requests claimed but not answered. Half-written temporaries go. */
  leftovers(): { bundles: string[]; claimed: string[] } {
    const entries = readdirSync(this.folders.processing);
    for (const e of entries.filter((e) => e.includes(TMP))) rmSync(join(this.folders.processing, e), { recursive: true, force: true });
    const bundles = entries.filter((e) => e.endsWith(BUNDLE) && !e.includes(TMP)).map((e) => e.slice(0, -BUNDLE.length));
    const claimed = entries.filter((e) => !e.includes(TMP) && !e.endsWith(BUNDLE) && !bundles.includes(e));
    return { bundles, claimed };
  }
}
