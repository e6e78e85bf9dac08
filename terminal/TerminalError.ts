import { CodedError } from '../foundation/CodedError.ts';

/**
 * The terminal's own failures, as opposed to a request it refuses (RequestRejection, answered as a file):
 * - FOLDER_UNUSABLE: a folder cannot be created or is not on the same file system as the others;
 * - DELIVERY_BLOCKED: a result's name is already taken in res or face; it waits in processing until freed.
 */
export type TerminalErrorCode = 'FOLDER_UNUSABLE' | 'DELIVERY_BLOCKED';

export class TerminalError extends CodedError<TerminalErrorCode> {
  override readonly name = 'TerminalError';
}
