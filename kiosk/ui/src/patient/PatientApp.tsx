import { useEffect, useRef, useState } from 'react';
import { useKioskConnection } from '../connection/useKioskConnection.ts';
import { Message } from './Message.tsx';
import { PatientStep } from './PatientStep.tsx';
import { CountdownWarning } from './Countdown.tsx';
import { PATIENT_TEXT, type Lang } from './patientText.ts';

/** The reader's touch panel. Japanese by default; the English switch lasts for one visit. */
export function PatientApp() {
  const kiosk = useKioskConnection('patient');
  const [lang, setLang] = useState<Lang>('ja');
  const t = PATIENT_TEXT[lang];
  const step = kiosk.frame?.view.patient.step ?? null;
  const previous = useRef(step);
  useEffect(() => {
    // The next patient starts in Japanese again.
    if (step === 'standby' && previous.current !== null && previous.current !== 'standby') setLang('ja');
    previous.current = step;
  }, [step]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <div className="kiosk" data-step={step ?? 'connecting'} data-message={kiosk.frame?.view.patient.message ?? ''}>
      <header className="kiosk-header">
        <span className="kiosk-title">{t.title}</span>
        <button type="button" className="lang-switch" lang={lang === 'ja' ? 'en' : 'ja'} onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}>
          {t.switchLanguage}
        </button>
      </header>
      <main className="kiosk-main">
        {kiosk.frame && kiosk.connected ? (
          <>
            <PatientStep screen={kiosk.frame.view.patient} t={t} send={kiosk.sendEvent} sendPin={kiosk.sendPin} />
            <CountdownWarning countdown={kiosk.frame.view.patient.countdown} t={t} onExtend={() => kiosk.sendEvent({ type: 'time.extended' })} />
          </>
        ) : (
          <Message title={t.connecting} busy />
        )}
      </main>
    </div>
  );
}
