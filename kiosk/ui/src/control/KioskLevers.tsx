import { useEffect, useState } from 'react';
import { UiEventSchema, type UiEvent } from '../../../protocol/UiEvent.ts';
import type { SimCommandInput, SimulatorState } from '../../../protocol/SimulatorControl.ts';
import type { KioskConnection } from '../connection/useKioskConnection.ts';

/** The camera's queued outcomes, shown: used first, in order, logged as used, dropped at a visit's end unless pinned. */
export function CameraQueue(props: { sim: SimulatorState | null; kiosk: KioskConnection }) {
  const camera = props.sim?.camera;
  const send = (c: SimCommandInput) => props.kiosk.sendSim(c);
  const [scenario, setScenario] = useState('');
  return (
    <div aria-label="camera queue">
      <p>
        queued: <span className="mono" data-testid="camera-queue">{camera?.queue.length ? camera.queue.join(' → ') : 'empty (the camera model decides)'}</span>
      </p>
      <label>
        <input type="checkbox" checked={camera?.pinned ?? false} onChange={(e) => send({ type: 'camera.pinQueue', pinned: e.target.checked })} /> keep the queue across visits (pinned)
      </label>{' '}
      <button type="button" onClick={() => send({ type: 'camera.clearQueue' })}>
        clear queue
      </button>
      <p>
        faults: {camera?.faults.length ? camera.faults.map((f) => `${f.kind} (${f.scope})`).join(', ') : 'none'}{' '}
        <button type="button" onClick={() => send({ type: 'camera.fault', fault: { kind: 'slowCapture', captureMs: 30_000 } })}>
          slowCapture (30 s)
        </button>
        <button type="button" onClick={() => send({ type: 'camera.fault', fault: { kind: 'cameraFault' } })}>
          cameraFault
        </button>
      </p>
      <p>
        <select aria-label="camera scenario" value={scenario} onChange={(e) => setScenario(e.target.value)}>
          <option value="">camera model (no scenario)</option>
          {(props.kiosk.catalogue?.cameraScenarios ?? []).map((s) => (
            <option key={s.name} value={s.name} title={s.description}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => send({ type: 'camera.scenario', name: scenario || null })}>
          use
        </button>
        {camera?.scenario && <span className="tag">playing {camera.scenario}</span>}
      </p>
    </div>
  );
}

/** The statechart's waits: how long to the next, and fast-forward. */
export function Timers(props: { sim: SimulatorState | null; kiosk: KioskConnection }) {
  const next = props.sim?.timers?.nextMs ?? null;
  const ff = (ms?: number) => props.kiosk.sendSim(ms === undefined ? { type: 'timers.fastForward' } : { type: 'timers.fastForward', ms });
  return (
    <section className="panel" aria-label="timers">
      <h2>Timers</h2>
      <p>
        next wait runs out in: <span className="mono" data-testid="next-wait">{next === null ? 'none pending' : `${Math.ceil(next / 1000)} s`}</span>
      </p>
      <button type="button" onClick={() => ff()} disabled={next === null}>
        fast-forward to the next
      </button>
      <button type="button" onClick={() => ff(10_000)}>
        +10 s
      </button>
      <button type="button" onClick={() => ff(60_000)}>
        +60 s
      </button>
    </section>
  );
}

/** A shipped kiosk scenario, played on the live kiosk step by step, with its progress. */
export function ScenarioPlayer(props: { sim: SimulatorState | null; kiosk: KioskConnection }) {
  const list = props.kiosk.catalogue?.scenarios ?? [];
  const [name, setName] = useState('');
  const chosen = list.find((s) => s.name === name);
  const progress = props.sim?.scenario ?? null;
  return (
    <section className="panel" aria-label="scenario">
      <h2>Scenario</h2>
      <select aria-label="scenario name" value={name} onChange={(e) => setName(e.target.value)}>
        <option value="">choose a scenario…</option>
        {list.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </select>{' '}
      <button type="button" className="go" disabled={!name || progress?.status === 'playing'} onClick={() => props.kiosk.sendSim({ type: 'scenario.play', name })}>
        play
      </button>
      {chosen && <p className="muted">{chosen.description}</p>}
      {progress && (
        <p data-testid="scenario-progress" data-status={progress.status}>
          <span className={progress.status === 'failed' ? 'tag red' : progress.status === 'passed' ? 'tag' : 'tag amber'}>{progress.status}</span> {progress.name}: step {progress.done} / {progress.of} — {progress.note}
        </p>
      )}
    </section>
  );
}

/** Send any patient or staff event as JSON (what the CLI's `send` does), and wait for a step. */
export function EventSender(props: { kiosk: KioskConnection; step: string | null }) {
  const [text, setText] = useState('{ "type": "method.face" }');
  const [problem, setProblem] = useState<string | null>(null);
  const [waitFor, setWaitFor] = useState('');
  const [reached, setReached] = useState<string | null>(null);
  useEffect(() => {
    if (waitFor && props.step && (props.step === waitFor || props.step.startsWith(`${waitFor}.`))) setReached(new Date().toLocaleTimeString());
  }, [props.step, waitFor]);
  const send = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setProblem('not JSON');
      return;
    }
    const event = UiEventSchema.safeParse(parsed);
    if (!event.success) {
      setProblem(`not an event: ${event.error.issues[0]?.message ?? ''}`);
      return;
    }
    setProblem(null);
    props.kiosk.sendEvent(event.data as UiEvent);
  };
  return (
    <section className="panel" aria-label="send event">
      <h2>Patient / staff event</h2>
      <input aria-label="event JSON" className="mono wide" value={text} onChange={(e) => setText(e.target.value)} />{' '}
      <button type="button" onClick={send}>
        send
      </button>
      {problem && <span className="tag red">{problem}</span>}
      <p>
        <input aria-label="wait for step" placeholder="wait for step, e.g. askingConsent" value={waitFor} onChange={(e) => (setWaitFor(e.target.value), setReached(null))} />{' '}
        {waitFor && <span data-testid="wait-status">{reached ? `reached at ${reached}` : 'waiting…'}</span>}
      </p>
    </section>
  );
}
