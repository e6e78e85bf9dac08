import type { PatientText } from './patientText.ts';
import type { PatientScreen } from '../../../protocol/KioskScreen.ts';
import type { UiEvent } from '../../../protocol/UiEvent.ts';

/** 顔認証 / 暗証番号 / 目視確認: only the ways that work right now are offered. */
export function MethodChoice(props: { t: PatientText; methods: NonNullable<PatientScreen['methods']>; send: (e: UiEvent) => void; only?: Array<'face' | 'pin' | 'visual'> }) {
  const { t, methods, send } = props;
  const offered = (m: 'face' | 'pin' | 'visual') => methods[m] && (!props.only || props.only.includes(m));
  return (
    <div className="methods">
      {offered('face') && (
        <button type="button" className="method" onClick={() => send({ type: 'method.face' })}>
          <span className="method-name">{t.face}</span>
          <span className="method-hint">{t.faceHint}</span>
        </button>
      )}
      {offered('pin') && (
        <button type="button" className="method" onClick={() => send({ type: 'method.pin' })}>
          <span className="method-name">{t.pin}</span>
          <span className="method-hint">{t.pinHint}</span>
        </button>
      )}
      {offered('visual') && (
        <button type="button" className="method" onClick={() => send({ type: 'method.visual' })}>
          <span className="method-name">{t.visual}</span>
          <span className="method-hint">{t.visualHint}</span>
        </button>
      )}
    </div>
  );
}
