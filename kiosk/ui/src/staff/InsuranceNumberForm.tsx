import { useState, type FormEvent } from 'react';
import type { UiEvent } from '../../../protocol/UiEvent.ts';

/** 照会区分 2: the numbers of a 資格確認書 (or an old 保険証), typed by staff. */
/** `notFound`: the numbers typed found no qualification (該当資格なし): staff type them again before going to case 2. */
export function InsuranceNumberForm(props: { send: (e: UiEvent) => void; notFound?: boolean }) {
  const [f, setF] = useState({ insurerNumber: '', symbol: '', number: '', branch: '', birthDate: '' });
  const valid = /^(\d{6}|\d{8})$/.test(f.insurerNumber) && f.number.length > 0 && /^(\d{2})?$/.test(f.branch) && /^\d{4}-\d{2}-\d{2}$/.test(f.birthDate);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) props.send({ type: 'staff.insuranceEntered', search: f });
  };
  const field = (key: keyof typeof f, label: string, extra: Record<string, string> = {}) => (
    <>
      <label htmlFor={`ins-${key}`}>{label}</label>
      <input id={`ins-${key}`} name={key} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} {...extra} />
    </>
  );
  return (
    <section className="panel" id="panel-document" aria-label="資格確認書の入力" data-not-found={props.notFound ? 'yes' : 'no'}>
      <h2>資格確認書・被保険者番号で照会</h2>
      {props.notFound && (
        <p className="warning">
          入力した番号では資格が見つかりませんでした（資格情報なし）。資格確認書を見て入力し直してください。{' '}
          <button type="button" onClick={() => props.send({ type: 'staff.toOutage', outageCase: 'case2' })}>
            番号は正しい: ケース2の手順へ
          </button>
        </p>
      )}
      <form className="grid" onSubmit={submit}>
        {field('insurerNumber', '保険者番号', { inputMode: 'numeric', placeholder: '8桁（国保は6桁）' })}
        {field('symbol', '記号')}
        {field('number', '番号')}
        {field('branch', '枝番', { inputMode: 'numeric', placeholder: '2桁' })}
        {field('birthDate', '生年月日', { type: 'date' })}
        <div className="full">
          <button type="submit" className="go" disabled={!valid}>
            {props.notFound ? '入力し直して照会する' : '照会する'}
          </button>
          <button type="button" onClick={() => props.send({ type: 'cancel' })}>
            中止
          </button>
        </div>
      </form>
    </section>
  );
}
