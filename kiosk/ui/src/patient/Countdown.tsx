import { useEffect, useState } from 'react';
import type { Countdown as CountdownView } from '../../../protocol/KioskScreen.ts';
import type { PatientText } from './patientText.ts';

/**
 * 「続けますか？」: from the wait's last `warnMs` the patient sees how many seconds are left and, where the
 * step takes it, 「続ける」. The view says how much was left when it was made; the page counts down from there.
 */
export function CountdownWarning(props: { countdown: CountdownView | null; t: PatientText; onExtend: () => void }) {
  const { countdown, t } = props;
  const [left, setLeft] = useState<number | null>(countdown?.leftMs ?? null);
  useEffect(() => {
    if (!countdown) {
      setLeft(null);
      return;
    }
    const received = Date.now();
    const tick = () => setLeft(Math.max(0, countdown.leftMs - (Date.now() - received)));
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [countdown]);
  if (!countdown || left === null || left > countdown.warnMs) return null;
  const seconds = Math.ceil(left / 1000);
  return (
    <div className="countdown-backdrop">
    <div className="countdown" role="alertdialog" aria-label={t.continueQuestion} data-countdown={seconds}>
      <p className="countdown-title">{t.continueQuestion}</p>
      <p className="hint">{t.continueHint(seconds)}</p>
      {countdown.extendable && (
        <button type="button" className="primary" onClick={props.onExtend}>
          {t.continueButton}
        </button>
      )}
    </div>
    </div>
  );
}
