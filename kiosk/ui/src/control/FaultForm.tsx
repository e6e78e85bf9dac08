import { useState, type FormEvent } from 'react';
import type { FaultKind, FaultScope } from '../../../protocol/ReaderFaultSpec.ts';
import type { SimCommandInput } from '../../../protocol/SimulatorControl.ts';

const KINDS = ['deadChip', 'dirtyContact', 'cardPulled', 'readerDetached', 'slowCard'] as const satisfies readonly FaultKind[];
type ScopeKind = FaultScope['kind'];

/** Any fault of the reader catalogue (sim/fault/FaultSpec.ts) with its scope. */
export function FaultForm(props: { sendSim: (c: SimCommandInput) => void }) {
  const [kind, setKind] = useState<FaultKind>('dirtyContact');
  const [scope, setScope] = useState<ScopeKind>('untilCleared');
  const [amount, setAmount] = useState('3');
  const [probability, setProbability] = useState('0.3');
  const [ins, setIns] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount);
    const s: FaultScope = scope === 'count' ? { kind: 'count', operations: Math.max(1, Math.round(n)) } : scope === 'duration' ? { kind: 'duration', ms: Math.max(1, n) } : { kind: scope };
    const insValue = ins.trim() === '' ? undefined : parseInt(ins, 16);
    props.sendSim({
      type: 'reader.fault',
      fault: { kind, scope: s, probability: Number(probability), ...(insValue !== undefined && !Number.isNaN(insValue) ? { ins: insValue } : {}) },
    });
  };
  return (
    <form className="grid" onSubmit={submit} aria-label="reader fault">
      <label htmlFor="fault-kind">fault</label>
      <select id="fault-kind" value={kind} onChange={(e) => setKind(e.target.value as FaultKind)}>
        {KINDS.map((k) => (
          <option key={k}>{k}</option>
        ))}
      </select>
      <label htmlFor="fault-scope">scope</label>
      <select id="fault-scope" value={scope} onChange={(e) => setScope(e.target.value as ScopeKind)}>
        <option value="next">next operation</option>
        <option value="count">N operations</option>
        <option value="duration">duration (ms)</option>
        <option value="untilCleared">until cleared</option>
      </select>
      {(scope === 'count' || scope === 'duration') && (
        <>
          <label htmlFor="fault-amount">{scope === 'count' ? 'operations' : 'ms'}</label>
          <input id="fault-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="numeric" />
        </>
      )}
      {kind === 'dirtyContact' && (
        <>
          <label htmlFor="fault-p">probability</label>
          <input id="fault-p" value={probability} onChange={(e) => setProbability(e.target.value)} />
        </>
      )}
      {kind === 'cardPulled' && (
        <>
          <label htmlFor="fault-ins">during INS (hex)</label>
          <input id="fault-ins" value={ins} placeholder="any, or B0 = READ BINARY" onChange={(e) => setIns(e.target.value)} />
        </>
      )}
      <div className="full">
        <button type="submit" className="go">
          inject
        </button>
      </div>
    </form>
  );
}
