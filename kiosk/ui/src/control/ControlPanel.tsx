import { useState } from 'react';
import { useKioskConnection } from '../connection/useKioskConnection.ts';
import { EventLog } from './EventLog.tsx';
import { FaultForm } from './FaultForm.tsx';
import { ServiceForm } from './ServiceForm.tsx';
import { TraceView } from './TraceView.tsx';
import { CameraQueue, EventSender, ScenarioPlayer, Timers } from './KioskLevers.tsx';

const CAMERA = ['match', 'noMatch', 'noFace', 'cameraFault'] as const;
const PANEL = ['visualOk', 'visualNg', 'staffCallAcknowledged', 'cancel'] as const;

/**
 * The simulator's levers and the kiosk's insides, for developers and testers. Each button sends the
 * same `sim` frame `npm run kiosk -- sim control …` sends, so nothing here needs a browser.
 */
export function ControlPanel() {
  const kiosk = useKioskConnection('control');
  const [profile, setProfile] = useState('yamada-taro');
  const [smudged, setSmudged] = useState(false);
  const frame = kiosk.frame;
  const sim = frame?.simulator ?? null;
  const patient = frame?.view.patient;

  return (
    <div className="desk" lang="en">
      <header className="desk-header">
        <h1>Simulator control panel</h1>
        <span>
          {kiosk.connected
            ? kiosk.simulated
              ? 'connected'
              : 'connected — real devices: levers disabled'
            : kiosk.refused
              ? 'refused: open the control panel link the kiosk printed at start (…#/control?token=…); there is no control panel when nothing is simulated'
              : 'not connected'}
        </span>
        {kiosk.lastError && (
          <span className="status">
            last error: {kiosk.lastError.code} {kiosk.lastError.message}
          </span>
        )}
      </header>
      <div className="desk-body">
        <div>
          <section className="panel" aria-label="live state">
            <h2>Live state</h2>
            <dl className="kv">
              <dt>visit step</dt>
              <dd className="mono" data-testid="live-step">
                {patient?.step ?? '—'}
              </dd>
              <dt>health</dt>
              <dd className="mono">{patient ? Object.entries(patient.health).map(([k, v]) => `${k}: ${v}`).join(' · ') : '—'}</dd>
              <dt>card on reader</dt>
              <dd>{sim?.placed ?? 'none'}</dd>
              <dt>reader / panel</dt>
              <dd>
                {sim ? `${sim.readerAttached ? 'attached' : 'DETACHED'} / ${sim.panelAttached ? 'attached' : 'DETACHED'}` : '—'}
              </dd>
              <dt>reader faults</dt>
              <dd>{sim?.readerFaults.length ? sim.readerFaults.map((f) => `${f.kind} (${f.scope})`).join(', ') : 'none'}</dd>
            </dl>
          </section>
          <section className="panel" aria-label="card">
            <h2>Card</h2>
            <select aria-label="profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
              {kiosk.profiles.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>{' '}
            {kiosk.catalogue?.profiles.find((p) => p.name === profile) && <p className="muted" data-testid="profile-description">{kiosk.catalogue.profiles.find((p) => p.name === profile)!.description}</p>}
            <label>
              <input type="checkbox" checked={smudged} onChange={(e) => setSmudged(e.target.checked)} /> smudged card face
            </label>{' '}
            <button type="button" className="go" onClick={() => kiosk.sendSim({ type: 'card.place', profile, smudged })}>
              place card
            </button>
            <button type="button" onClick={() => kiosk.sendSim({ type: 'card.remove' })}>
              remove card
            </button>
          </section>
          {sim?.staffAppPlaced !== undefined && (
            <section className="panel" aria-label="staff app reader">
              <h2>Staff app’s reader (マイナ資格確認アプリ)</h2>
              <p className="muted">on it: {sim.staffAppPlaced ?? 'none'} (the profile chosen above)</p>
              <button type="button" className="go" onClick={() => kiosk.sendSim({ type: 'staffAppCard.place', profile })}>
                lay a card on the staff app’s reader
              </button>
              <button type="button" onClick={() => kiosk.sendSim({ type: 'staffAppCard.remove' })}>
                take it off the staff app’s reader
              </button>
            </section>
          )}
          <section className="panel" aria-label="camera">
            <h2>Camera: next attempt</h2>
            {CAMERA.map((outcome) => (
              <button type="button" key={outcome} onClick={() => kiosk.sendSim({ type: 'camera.next', outcome })}>
                {outcome}
              </button>
            ))}
            <button type="button" onClick={() => kiosk.sendSim({ type: 'camera.recovered' })}>
              camera recovered
            </button>
            <CameraQueue sim={sim} kiosk={kiosk} />
          </section>
          <section className="panel" aria-label="staff panel">
            <h2>Staff panel (HID)</h2>
            <p>
              indicator light: <span className="mono" data-testid="panel-indicator">{sim?.panel ? (sim.panel.indicator ?? 'off (unplugged)') : '—'}</span>
              {sim?.panel?.faults.length ? ` · faults: ${sim.panel.faults.map((f) => `${f.kind} (${f.scope})`).join(', ')}` : ''}
            </p>
            {PANEL.map((button) => (
              <button type="button" key={button} onClick={() => kiosk.sendSim({ type: 'panel.press', button })}>
                press {button}
              </button>
            ))}
            <button type="button" onClick={() => kiosk.sendSim({ type: 'panel.detach' })}>
              unplug
            </button>
            <button type="button" onClick={() => kiosk.sendSim({ type: 'panel.reattach' })}>
              plug in
            </button>
            <button type="button" onClick={() => kiosk.sendSim({ type: 'panel.fault', fault: { kind: 'buttonStuck', button: 'visualOk' } })}>
              buttonStuck (visualOk)
            </button>
            <button type="button" onClick={() => kiosk.sendSim({ type: 'panel.clearFaults' })}>
              clear panel faults
            </button>
          </section>
          <section className="panel" aria-label="reader faults">
            <h2>Reader faults</h2>
            <FaultForm sendSim={kiosk.sendSim} />
            <button type="button" onClick={() => kiosk.sendSim({ type: 'reader.clearFaults' })}>
              clear all faults
            </button>
            <button type="button" onClick={() => kiosk.sendSim({ type: 'reader.reattach' })}>
              plug the reader back in
            </button>
          </section>
          <section className="panel" aria-label="eligibility service">
            <h2>Eligibility service</h2>
            <ServiceForm current={sim?.serviceFaults ?? { down: false, failWith: null, delayMs: 0 }} sendSim={kiosk.sendSim} />
          </section>
        </div>
        <div>
          <EventSender kiosk={kiosk} step={patient?.step ?? null} />
          <Timers sim={sim} kiosk={kiosk} />
          <ScenarioPlayer sim={sim} kiosk={kiosk} />
          <section className="panel">
            <h2>Event log</h2>
            <EventLog log={kiosk.log} />
          </section>
          <section className="panel">
            <h2>APDU trace (PIN redacted)</h2>
            <TraceView trace={kiosk.trace} onClear={kiosk.clearTrace} />
          </section>
        </div>
      </div>
    </div>
  );
}
