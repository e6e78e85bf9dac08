
import type { ApduTraceEntry } from '../../../protocol/SimulatorControl.ts';
function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 23);
}

/** Export as JSON lines, the same shape as the ws `trace` frames (PIN already redacted at the reader). */
function exportTrace(trace: ApduTraceEntry[]): void {
  const blob = new Blob([trace.map((e) => JSON.stringify(e)).join('\n') + '\n'], { type: 'application/x-ndjson' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `apdu-trace-${new Date().toISOString().replaceAll(':', '-')}.jsonl`;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function TraceView(props: { trace: ApduTraceEntry[]; onClear: () => void }) {
  return (
    <>
      <button type="button" onClick={() => exportTrace(props.trace)} disabled={props.trace.length === 0}>
        export ({props.trace.length})
      </button>
      <button type="button" onClick={props.onClear}>
        clear
      </button>
      <div className="scroll mono" aria-label="APDU trace">
        {props.trace
          .slice(-300)
          .reverse()
          .map((e, i) => (
            <div key={`${e.at}-${i}`}>
              {clock(e.at)} → {e.command} ← {e.error ? <span className="tag red">{e.error}</span> : e.response}
            </div>
          ))}
      </div>
    </>
  );
}
