
import type { UiEvent } from '../protocol/UiEvent.ts';
/** What the devices and the service connection report; the runtime forwards them from the device adapters. */
export type DeviceEvent =
  | { type: 'card.inserted' }
  | { type: 'card.removed' }
  | { type: 'reader.detached' }
  | { type: 'reader.attached' }
  | { type: 'camera.fault' }
  | { type: 'camera.recovered' }
  /** No face camera is configured: face matching is never offered (not an outage). */
  | { type: 'camera.absent' }
  | { type: 'panel.detached' }
  | { type: 'panel.attached' }
  | { type: 'service.down' }
  | { type: 'service.up' }
  /** The kiosk configuration (clinic.issuesElectronicPrescriptions), told at start: the clinic issues 電子処方箋, so the reader asks 電子 / 紙. */
  | { type: 'clinic.issuesElectronicPrescriptions' }
  /** Likewise: the clinic takes 医療費助成の受給者証 through PMH, so the reader asks whether to use them. */
  | { type: 'clinic.asksMedicalSubsidy' }
  /** The smartphone reader (a second reader): a phone (or anything) entered its field, left it; the reader went away. */
  | { type: 'phone.presented' }
  | { type: 'phone.removed' }
  | { type: 'phone.readerDetached' };

/**
 * Every event the kiosk machine takes, namespaced like xstate's own: the devices' and the service's
 * (DeviceEvent), and the screens' (UiEvent: the patient's touches, staff actions; the HID staff panel
 * sends the same staff events). Actor results arrive as xstate.done/error.actor.* events.
 */
export type KioskEvent = DeviceEvent | UiEvent;

export type KioskEventType = KioskEvent['type'];

/** What the machine announces to the runtime (xstate `emit`): a visit begins, a visit is over. */
export type KioskEmitted = { type: 'visit.started' } | { type: 'visit.ended' };
