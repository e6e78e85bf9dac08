import { CodedError } from '../../foundation/CodedError.ts';

/**
 * The one error type of the staff panel (HID or simulated). `code` is what callers switch on; the
 * message is for a person.
 */
export type PanelErrorCode =
  /** node-hid is not installed or its prebuilt binary does not load here. */
  | 'NATIVE_UNAVAILABLE'
  /** The panel is unplugged (or was never found): no 目視確認 until it is back. */
  | 'PANEL_DETACHED'
  /** A listed panel could not be opened (permissions on /dev/hidraw*, held exclusively elsewhere). */
  | 'OPEN_FAILED'
  /** Enumerating HID devices failed. */
  | 'ENUMERATION_FAILED'
  /** An indicator report did not reach the panel. */
  | 'WRITE_FAILED'
  /** A button has been held far longer than anyone presses one: jammed, or something rests on it. */
  | 'BUTTON_STUCK'
  /** The panel mapping file is not valid. */
  | 'MAPPING_INVALID'
  /** The panel was closed by its owner; no further calls are accepted. */
  | 'CLOSED';

export class PanelError extends CodedError<PanelErrorCode> {
  override readonly name = 'PanelError';
}

export function isPanelError(value: unknown, code?: PanelErrorCode): value is PanelError {
  return value instanceof PanelError && (code === undefined || value.code === code);
}
