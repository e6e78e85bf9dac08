import type { PatientText } from './patientText.ts';
import type { PatientResult } from '../../../protocol/EligibilityOutcome.ts';

/** The only place patient data appears on the touch panel: the insurer and the share to pay. */
export function ResultCard(props: { t: PatientText; result: PatientResult | null }) {
  const { t, result } = props;
  return (
    <dl className="result">
      <dt>{t.insurer}</dt>
      <dd>{result?.insurerName ?? '—'}</dd>
      <dt>{t.copay}</dt>
      <dd className="copay">{t.copayValue(result?.copayPercent ?? null)}</dd>
    </dl>
  );
}
