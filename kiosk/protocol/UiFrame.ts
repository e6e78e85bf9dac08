import { z } from 'zod';
import { MedicalItemSchema } from '../../protocol/eligibility/ClientMessage.ts';
import type { MedicalInformation } from '../../protocol/eligibility/ServerMessage.ts';
import type { KioskView } from './KioskScreen.ts';
import { SimCommandSchema, type ApduTraceEntry, type Described, type SimulatorState } from './SimulatorControl.ts';
import { UiEventSchema } from './UiEvent.ts';
import { StaffAppCommandSchema, type IssuedActivationCode, type StaffAppView } from './StaffApp.ts';
import type { VisitRecord } from './VisitRecord.ts';

/**
 * The kiosk's own ws channel to its screens (patient touch panel, staff view, simulator control
 * panel): state out, commands in. Version 1. Every frame in is validated; a bad one is answered
 * with `{type:'error'}` and changes nothing. A PIN travels only in a `pin` frame, straight to the card.
 */
export const UI_PROTOCOL_VERSION = 1;

/** The size a camera frame may have on the wire (base64 PNG); every other frame stays under MAX_UI_FRAME_BYTES. */
export const MAX_CAMERA_FRAME_BYTES = 3 * 1024 * 1024;
export const MAX_UI_FRAME_BYTES = 64 * 1024;

/** Optional request id: the server answers `{type:'ack', id}` once the frame is done, or an error carrying the id. */
const frameId = z.string().regex(/^[\w.-]{1,40}$/).optional();

export const UiClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: UiEventSchema, id: frameId }).strict(),
  z.object({ type: z.literal('pin'), pin: z.string().regex(/^\d{4}$/), id: frameId }).strict(),
  z.object({ type: z.literal('sim'), command: SimCommandSchema, id: frameId }).strict(),
  /** A still from the screen's camera, in answer to a `camera.capture` (PNG, base64; at most MAX_CAMERA_FRAME_BYTES). */
  z.object({ type: z.literal('camera.frame'), requestId: z.string().uuid(), png: z.string().max(MAX_CAMERA_FRAME_BYTES), width: z.number().int().min(16).max(4096), height: z.number().int().min(16).max(4096), id: frameId }).strict(),
  /** The screen could not take it: no camera, permission refused, or the device failed. */
  z.object({ type: z.literal('camera.problem'), requestId: z.string().uuid(), code: z.enum(['NO_CAMERA', 'IN_USE', 'CAMERA_FAULT']), message: z.string().max(300), id: frameId }).strict(),
  /** Staff open the 薬剤情報 / 特定健診情報 … of a confirmation (its 照会番号 of the result); the service checks the consent. */
  z.object({ type: z.literal('medical.read'), referenceNumber: z.string().min(1).max(64), item: MedicalItemSchema, id: frameId }).strict(),
  /** The マイナ資格確認アプリ page (staffApp role): 利用登録, PIN or 目視, consent (StaffApp.ts). A PIN in it goes to the app's card only. */
  z.object({ type: z.literal('staffApp'), command: StaffAppCommandSchema, id: frameId }).strict(),
  /** The 資格確認端末 (staff role) issues a 12-digit activation code for the app (one-time, 24 h: ours). */
  z.object({ type: z.literal('staffApp.issueCode'), id: frameId }).strict(),
]);
export type UiClientFrame = z.infer<typeof UiClientFrameSchema>;
export type UiClientFrameInput = z.input<typeof UiClientFrameSchema>;

/**
 * Who is on the other end, from the ws URL (`/ws?role=patient`). The patient touch panel gets only
 * its own screen model: no staff data, no card photo, no other patients' visits. staffApp: the
 * マイナ資格確認アプリ page (a staff device, with the screen token): its own flow only.
 */
export type UiRole = 'patient' | 'staff' | 'control' | 'staffApp';

/** One line of the control panel's event log: a statechart event, a state change, or a command. */
export interface UiLogEntry {
  at: number;
  /** sim: what the simulator did by itself (a queued camera outcome used, a scenario step). */
  kind: 'event' | 'state' | 'command' | 'sim';
  text: string;
}

export type UiServerFrame =
  | {
      type: 'hello';
      version: number;
      role: UiRole;
      simulated: boolean;
      profiles: string[];
      /** Control only: the profiles with their descriptions, the shipped kiosk and camera scenarios. */
      catalogue?: { profiles: Described[]; scenarios: Described[]; cameraScenarios: Described[] };
    }
  | {
      type: 'view';
      /** `staff` is null on the patient role. */
      view: { patient: KioskView['patient']; staff: KioskView['staff'] | null; visitId: string | null };
      staffPhoto: string | null;
      visits: VisitRecord[];
      simulator: SimulatorState | null;
      /** The マイナ資格確認アプリ, for its page and the 資格確認端末 (null on the patient and control roles, or without a staff app). */
      staffApp: StaffAppView | null;
      /** Staff only: the activation code issued last, while it is still usable. */
      staffAppCode: IssuedActivationCode | null;
    }
  | { type: 'trace'; entry: ApduTraceEntry }
  | { type: 'log'; entry: UiLogEntry }
  /** Take a still with the screen's camera (patient page only): `purpose` says what to show the patient. */
  | { type: 'camera.capture'; requestId: string; purpose: 'face' | 'cardFace' }
  /** The medical information staff asked for (staff only). */
  | { type: 'medical'; information: MedicalInformation; id?: string }
  | { type: 'ack'; id: string }
  | { type: 'error'; code: string; message: string; id?: string };
