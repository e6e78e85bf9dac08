import { useState, type FormEvent } from 'react';
import type { OwnProof, QualificationNumbers, UiEvent } from '../../../protocol/UiEvent.ts';
import { PROOF_TITLE } from './staffText.ts';

/**
 * The numbers copied off the patient's own proof (資格確認書, 資格情報のお知らせ, the マイナポータル screen):
 * the claim goes on them, so the visit is never settled as 通常請求 without an insurer number.
 */
export function ProofNumbersForm(props: { proof: OwnProof; send: (e: UiEvent) => void; onBack: () => void }) {
  const [f, setF] = useState<QualificationNumbers>({ insurerNumber: '', symbol: '', number: '', branch: '' });
  const valid = /^(\d{6}|\d{8})$/.test(f.insurerNumber) && f.number.length > 0 && /^(\d{2})?$/.test(f.branch);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) props.send({ type: 'staff.proofShown', proof: props.proof, numbers: f });
  };
  const field = (key: keyof QualificationNumbers, label: string, extra: Record<string, string> = {}) => (
    <>
      <label htmlFor={`proof-${key}`}>{label}</label>
      <input id={`proof-${key}`} name={key} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value.trim() })} {...extra} />
    </>
  );
  return (
    <form className="grid" aria-label="証明の番号" data-form="proofNumbers" onSubmit={submit}>
      <p className="full">
        <strong>{PROOF_TITLE[props.proof]}</strong>に記載の番号を入力してください（請求はこの番号で行います）。
      </p>
      {field('insurerNumber', '保険者番号', { inputMode: 'numeric', placeholder: '8桁（国保は6桁）' })}
      {field('symbol', '記号')}
      {field('number', '番号')}
      {field('branch', '枝番', { inputMode: 'numeric', placeholder: '2桁' })}
      <div className="full">
        <button type="submit" className="go" disabled={!valid}>
          この番号で受け付ける
        </button>
        <button type="button" onClick={props.onBack}>
          戻る
        </button>
      </div>
    </form>
  );
}
