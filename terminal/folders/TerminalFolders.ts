import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TerminalError } from '../TerminalError.ts';

export interface TerminalFolderOptions {
  /** The share the terminal exports, e.g. \\SIKAKUPC\OQS mounted here. */
  root: string;
  /** Each folder may be set on its own, as clinic software configures them (defaults: root/req, root/res, root/face). */
  req?: string;
  res?: string;
  face?: string;
  /** Where claimed requests and answers-to-be wait (ours; default root/processing). Must be on the file system of res and face. */
  processing?: string;
}

/**
 * The folders of the share (research/terminal-files.md §1.1): clinic software writes requests into `req`;
 * the terminal answers into `res` and pushes card check-ins into `face`. `processing/<terminalId>` is ours:
 * a request is claimed by renaming it there, so two terminals serving one share never take the same file,
 * and each recovers only its own after a crash.
 */
export class TerminalFolders {
  readonly req: string;
  readonly res: string;
  readonly face: string;
  /** This terminal's own claim folder. */
  readonly processing: string;

  constructor(options: TerminalFolderOptions, terminalId: string) {
    const root = resolve(options.root);
    this.req = resolve(options.req ?? join(root, 'req'));
    this.res = resolve(options.res ?? join(root, 'res'));
    this.face = resolve(options.face ?? join(root, 'face'));
    this.processing = join(resolve(options.processing ?? join(root, 'processing')), terminalId);
  }

  /** Create the folders; FOLDER_UNUSABLE when one cannot be, or when a rename between them could not be atomic. */
  ensure(): void {
    for (const dir of [this.req, this.res, this.face, this.processing]) {
      try {
        mkdirSync(dir, { recursive: true });
      } catch (cause) {
        throw new TerminalError('FOLDER_UNUSABLE', `Cannot create the folder ${dir}: ${(cause as Error).message}`, { cause });
      }
    }
    const device = statSync(this.processing).dev;
    for (const dir of [this.req, this.res, this.face]) {
      if (statSync(dir).dev !== device) {
        throw new TerminalError('FOLDER_UNUSABLE', `${dir} is on another file system than ${this.processing}: claiming and answering by rename would not be atomic. Put them on one share.`);
      }
    }
  }
}
