import { useState, type FormEvent } from 'react';
import { INJECTABLE_SERVICE_ERRORS, type SimCommandInput, type SimulatorState } from '../../../protocol/SimulatorControl.ts';

type ServiceErrorCode = (typeof INJECTABLE_SERVICE_ERRORS)[number];

/** The eligibility service made slow, erroring or down, through its operator channel. */
export function ServiceForm(props: { current: SimulatorState['serviceFaults']; sendSim: (c: SimCommandInput) => void }) {
  const [delayMs, setDelayMs] = useState('0');
  const [failWith, setFailWith] = useState<ServiceErrorCode | ''>('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.sendSim({ type: 'service.faults', faults: { delayMs: Math.max(0, Math.round(Number(delayMs) || 0)), failWith: failWith === '' ? null : failWith } });
  };
  const { current } = props;
  return (
    <>
      <p>
        now: {current.down ? <span className="tag red">down</span> : <span className="tag">up</span>}
        {current.failWith && <span className="tag amber">failing with {current.failWith}</span>}
        {current.delayMs > 0 && <span className="tag amber">{current.delayMs} ms slow</span>}
      </p>
      <button type="button" className="stop" onClick={() => props.sendSim({ type: 'service.faults', faults: { down: true } })}>
        take down
      </button>
      <button type="button" onClick={() => props.sendSim({ type: 'service.faults', faults: { down: false } })}>
        bring up
      </button>
      <button type="button" onClick={() => props.sendSim({ type: 'service.faults', faults: { down: false, failWith: null, delayMs: 0 } })}>
        all healthy
      </button>
      <form className="grid" onSubmit={submit} aria-label="service faults">
        <label htmlFor="svc-delay">answer delay (ms)</label>
        <input id="svc-delay" value={delayMs} onChange={(e) => setDelayMs(e.target.value)} inputMode="numeric" />
        <label htmlFor="svc-fail">answer with error</label>
        <select id="svc-fail" value={failWith} onChange={(e) => setFailWith(e.target.value as ServiceErrorCode | '')}>
          <option value="">(none)</option>
          {INJECTABLE_SERVICE_ERRORS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <div className="full">
          <button type="submit" className="go">
            apply
          </button>
        </div>
      </form>
    </>
  );
}
