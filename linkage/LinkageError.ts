import { CodedError } from '../foundation/CodedError.ts';

/** What the upstream simulation (J-LIS, the insurers' pipeline, the 総点検) refuses or cannot do. */
export type LinkageErrorCode =
  | 'QUERY_REFUSED'
  | 'MY_NUMBER_INVALID'
  | 'INPUT_INVALID'
  | 'INPUT_NOT_SORTED'
  | 'SHARD_INVALID'
  | 'CHECKPOINT_MISMATCH'
  | 'WORKER_FAILED'
  | 'POSTGRES_UNAVAILABLE';

export class LinkageError extends CodedError<LinkageErrorCode> {
  override readonly name = 'LinkageError';
}
