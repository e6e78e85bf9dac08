import type { PatientText } from './patientText.ts';
import type { PatientResult } from '../../../protocol/EligibilityOutcome.ts';

/** The only place patient data appears on the touch panel: the insurer and the share to pay. */
export function ResultCard(props: { t: PatientText; result: PatientResult | null; prescriptionIssue?: 'electronic' | 'paper' | null }) {
  const { t, result, prescriptionIssue } = props;
  return (
    <dl className="result">
      <dt>{t.insurer}</dt>
      <dd>{result?.insurerName ?? '—'}</dd>
      <dt>{t.copay}</dt>
      <dd className="copay">{t.copayValue(result?.copayPercent ?? null)}</dd>
      {prescriptionIssue && (
        <>
          <dt>{t.prescriptionResult}</dt>
          <dd data-prescription={prescriptionIssue}>{prescriptionIssue === 'electronic' ? t.prescriptionElectronic : t.prescriptionPaper}</dd>
        </>
      )}
    </dl>
  );
}
