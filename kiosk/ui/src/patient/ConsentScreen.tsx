import { useState, type ReactNode } from 'react';
import { Message } from './Message.tsx';
import type { PatientText } from './patientText.ts';
import type { MedicalConsentChoices, UiEvent } from '../../../protocol/UiEvent.ts';

type Medical = keyof MedicalConsentChoices;
const MEDICAL: Medical[] = ['diagnosis', 'pharmacy', 'operation'];

/**
 * Consent as the readers group it: 診療・薬剤・手術 on one screen (まとめて同意 / 個別に選択 / 同意しない),
 * then 特定健診; 限度額 is given without a screen. Each screen says who will see the information.
 */
export function ConsentScreen(props: { part: string; t: PatientText; send: (e: UiEvent) => void; button: (label: string, onClick: () => void, kind?: 'primary' | 'secondary') => ReactNode }) {
  const { part, t, send, button } = props;
  const [chosen, setChosen] = useState<MedicalConsentChoices>({ pharmacy: false, diagnosis: false, operation: false });
  const skip = button(t.skipAll, () => send({ type: 'consent.skipAll' }), 'secondary');
  if (part === 'medicalEach') {
    return (
      <Message title={t.consentEachTitle} hint={t.consentWhoSees} body={
        <div className="consent-items" role="group" aria-label={t.consentEachTitle}>
          {MEDICAL.map((item) => (
            <button key={item} type="button" role="checkbox" aria-checked={chosen[item]} className={chosen[item] ? 'consent-item on' : 'consent-item'} data-item={item} onClick={() => setChosen({ ...chosen, [item]: !chosen[item] })}>
              <span className="consent-box" aria-hidden="true">{chosen[item] ? '✓' : ''}</span>
              {t.consentItem[item]}
            </button>
          ))}
        </div>
      }>
        {button(t.ok, () => send({ type: 'consent.itemsChosen', choices: chosen }))}
        {skip}
      </Message>
    );
  }
  if (part === 'checkups') {
    return (
      <Message title={t.consentCheckups} hint={`${t.consentStep(2)} ${t.consentWhoSees}`}>
        {button(t.agree, () => send({ type: 'consent.answered', agree: true }))}
        {button(t.disagree, () => send({ type: 'consent.answered', agree: false }), 'secondary')}
      </Message>
    );
  }
  return (
    <Message title={t.consentMedical} hint={`${t.consentStep(1)} ${t.consentWhoSees}`}>
      {button(t.agreeAll, () => send({ type: 'consent.answered', agree: true }))}
      {button(t.chooseEach, () => send({ type: 'consent.chooseEach' }), 'secondary')}
      {button(t.disagree, () => send({ type: 'consent.answered', agree: false }), 'secondary')}
      {skip}
    </Message>
  );
}
