import { useCallback, useEffect, useRef, useState } from 'react';
import { captureScreenFrame, ScreenCameraProblem } from './screenCamera.ts';
import type { ApduTraceEntry, SimCommandInput } from '../../../protocol/SimulatorControl.ts';
import type { UiClientFrameInput, UiLogEntry, UiRole, UiServerFrame } from '../../../protocol/UiFrame.ts';
import type { UiEvent } from '../../../protocol/UiEvent.ts';
import type { MedicalInformation, MedicalItem } from '../../../protocol/MedicalInformation.ts';
import type { StaffAppCommand } from '../../../protocol/StaffApp.ts';

export type ViewFrame = Extract<UiServerFrame, { type: 'view' }>;

export interface KioskConnection {
  connected: boolean;
  /** The kiosk turned this screen away before the channel opened (no or a wrong screen token). */
  refused: boolean;
  simulated: boolean;
  profiles: string[];
  frame: ViewFrame | null;
  trace: ApduTraceEntry[];
  log: UiLogEntry[];
  lastError: { code: string; message: string } | null;
  sendEvent(event: UiEvent): void;
  sendSim(command: SimCommandInput): void;
  /** The keypad's only way out: one `pin` frame, straight to the card. Nothing is kept here. */
  sendPin(pin: string): void;
  clearTrace(): void;
  /** The control panel's lists: profiles with descriptions, the shipped kiosk and camera scenarios. */
  catalogue: Extract<UiServerFrame, { type: 'hello' }>['catalogue'] | null;
  /** Staff: the medical information last read (薬剤情報 / 特定健診情報 …). */
  medical: MedicalInformation | null;
  readMedical(referenceNumber: string, item: MedicalItem): void;
  /** The マイナ資格確認アプリ page: one command of its flow (a PIN among them goes to the app's card only). */
  sendStaffApp(command: StaffAppCommand): void;
  /** Staff: issue an activation code for the app. */
  issueStaffAppCode(): void;
}

/** What the control panel keeps of the trace and the log in memory. */
const KEEP = 2000;

const TOKEN_KEY = 'myna-kiosk.screen-token';

/**
 * The screen token the staff and control screens sign in with: from the link the kiosk printed
 * (`#/staff?token=…`), kept for this tab only (sessionStorage) so a reload or a hash change keeps it.
 */
export function screenToken(): string | undefined {
  const query = location.hash.split('?')[1];
  const given = query ? new URLSearchParams(query).get('token') : null;
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    return given;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

function wsUrl(role: UiRole): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const token = role === 'patient' ? undefined : screenToken();
  return `${scheme}://${location.host}/ws?role=${role}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
}

/** One ws connection to the kiosk runtime, reconnecting after a drop (the runtime may restart). */
export function useKioskConnection(role: UiRole): KioskConnection {
  const socket = useRef<WebSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [refused, setRefused] = useState(false);
  const [hello, setHello] = useState<{ simulated: boolean; profiles: string[] }>({ simulated: false, profiles: [] });
  const [frame, setFrame] = useState<ViewFrame | null>(null);
  const [trace, setTrace] = useState<ApduTraceEntry[]>([]);
  const [log, setLog] = useState<UiLogEntry[]>([]);
  const [lastError, setLastError] = useState<{ code: string; message: string } | null>(null);
  const [catalogue, setCatalogue] = useState<KioskConnection['catalogue']>(null);
  const [medical, setMedical] = useState<MedicalInformation | null>(null);

  useEffect(() => {
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const ws = new WebSocket(wsUrl(role));
      socket.current = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        setConnected(true);
        setRefused(false);
      };
      ws.onclose = () => {
        setConnected(false);
        // A browser is not told the HTTP status of a refused upgrade: closed before open, with the kiosk up, is a refusal.
        if (!opened && role !== 'patient') setRefused(true);
        // A patient screen must not keep showing a visit it no longer hears about.
        setFrame(null);
        if (!stopped) retry = setTimeout(open, 1000);
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as UiServerFrame;
        switch (data.type) {
          case 'hello':
            setHello({ simulated: data.simulated, profiles: data.profiles });
            setCatalogue(data.catalogue ?? null);
            setTrace([]);
            setLog([]);
            return;
          case 'view':
            setFrame(data);
            return;
          case 'trace':
            setTrace((t) => [...t.slice(-KEEP + 1), data.entry]);
            return;
          case 'log':
            setLog((l) => [...l.slice(-KEEP + 1), data.entry]);
            return;
          case 'error':
            setLastError({ code: data.code, message: data.message });
            return;
          case 'camera.capture':
            // The kiosk display takes the runtime's picture; the patient page alone is asked.
            captureScreenFrame().then(
              (frame) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'camera.frame', requestId: data.requestId, ...frame })),
              (error: unknown) =>
                ws.readyState === WebSocket.OPEN &&
                ws.send(JSON.stringify({ type: 'camera.problem', requestId: data.requestId, code: error instanceof ScreenCameraProblem ? error.code : 'CAMERA_FAULT', message: String(error instanceof Error ? error.message : error).slice(0, 300) })),
            );
            return;
          case 'medical':
            setMedical(data.information);
            return;
          case 'ack':
            return;
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.current?.close();
    };
  }, [role]);

  const send = useCallback((frame: UiClientFrameInput) => {
    if (socket.current?.readyState === WebSocket.OPEN) socket.current.send(JSON.stringify(frame));
  }, []);

  return {
    connected,
    refused,
    simulated: hello.simulated,
    profiles: hello.profiles,
    frame,
    trace,
    log,
    lastError,
    sendEvent: useCallback((event: UiEvent) => send({ type: 'event', event }), [send]),
    sendSim: useCallback((command: SimCommandInput) => send({ type: 'sim', command }), [send]),
    sendPin: useCallback((pin: string) => send({ type: 'pin', pin }), [send]),
    clearTrace: useCallback(() => setTrace([]), []),
    catalogue,
    medical,
    readMedical: useCallback((referenceNumber: string, item: MedicalItem) => send({ type: 'medical.read', referenceNumber, item }), [send]),
    sendStaffApp: useCallback((command: StaffAppCommand) => send({ type: 'staffApp', command }), [send]),
    issueStaffAppCode: useCallback(() => send({ type: 'staffApp.issueCode' }), [send]),
  };
}
