
import type { UiLogEntry } from '../../../protocol/UiFrame.ts';
const TAG: Record<UiLogEntry['kind'], string> = { event: 'tag', state: 'tag amber', command: 'tag red', sim: 'tag' };

/** Statechart events, state changes and the commands the screens sent, newest first. */
export function EventLog(props: { log: UiLogEntry[] }) {
  return (
    <div className="scroll mono" aria-label="event log">
      {props.log
        .slice(-300)
        .reverse()
        .map((e, i) => (
          <div key={`${e.at}-${i}`}>
            {new Date(e.at).toISOString().slice(11, 23)} <span className={TAG[e.kind]}>{e.kind}</span> {e.text}
          </div>
        ))}
    </div>
  );
}
