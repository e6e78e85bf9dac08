import { useState } from 'react';
import type { PatientText } from './patientText.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The masked keypad. Digits live only in this component's state until 決定, go out in one `pin`
 * frame and are cleared at once; nothing is logged, stored or shown.
 */
export function PinPad(props: { t: PatientText; triesLeft: number | null; onPin: (pin: string) => void; onBack: () => void; onCancel: () => void }) {
  const { t } = props;
  const [digits, setDigits] = useState('');
  // 訂正 takes back the last digit only.
  const press = (d: string) => setDigits((v) => (v.length < 4 ? v + d : v));
  const submit = () => {
    if (digits.length !== 4) return;
    props.onPin(digits);
    setDigits('');
  };
  return (
    <section className="pin">
      <div className="pin-head">
        <h1>{props.t.enterPin}</h1>
        <p className="hint">{t.pinDigits}</p>
        {props.triesLeft !== null && props.triesLeft < 3 && <p className="warn">{t.triesLeft(props.triesLeft)}</p>}
        <div className="pin-dots" aria-label={`${digits.length} / 4`}>
          {[0, 1, 2, 3].map((i) => (
            <span key={i} className={i < digits.length ? 'dot filled' : 'dot'} />
          ))}
        </div>
      </div>
      <div className="pin-keys">
        {KEYS.map((k) => (
          <button type="button" key={k} className="key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="key key-clear" onClick={() => setDigits((v) => v.slice(0, -1))}>
          {t.clear}
        </button>
        <button type="button" className="key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="key key-ok" disabled={digits.length !== 4} onClick={submit}>
          {t.ok}
        </button>
      </div>
      <div className="pin-exits">
        <button type="button" className="secondary" onClick={props.onBack}>
          {t.back}
        </button>
        <button type="button" className="secondary pin-cancel" onClick={props.onCancel}>
          {t.cancel}
        </button>
      </div>
    </section>
  );
}
