import { useState, type FormEvent } from 'react';
import { CardFaceFields, cardFaceComplete, EMPTY_CARD_FACE } from './CardFaceFields.tsx';
import type { CardFaceItems, Declaration, UiEvent } from '../../../protocol/UiEvent.ts';

/**
 * The share the 申立書 leads to (別添3): 3割, 2割 before school age, 1〜3割 from 70.
 * 未就学: until the 31 March after the 6th birthday.
 */
export function suggestedCopay(birthDate: string, today = new Date()): { percent: 10 | 20 | 30; note: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1;
  const schoolYearOfSix = y + 6 + (mo > 4 || (mo === 4 && d > 1) ? 1 : 0);
  if (today < new Date(schoolYearOfSix, 3, 1)) return { percent: 20, note: '未就学児: 2割' };
  if (age >= 75) return { percent: 10, note: '75歳以上: 1割（所得により2割・3割）' };
  if (age >= 70) return { percent: 20, note: '70〜74歳: 2割（現役並み所得は3割）' };
  return { percent: 30, note: '3割' };
}

/**
 * 被保険者資格申立書 (別添). The patient fills the paper form and the clinic keeps it; the kiosk
 * takes only what decides the copay and the claim. Contact, insurer and employer go to the 摘要欄
 * of a 不詳 claim from the paper, so they are not stored here.
 */
export function DeclarationForm(props: { send: (e: UiEvent) => void; simulatedFace: CardFaceItems | null; initial: CardFaceItems | null; pastInsurerNumber: string | null }) {
  const [face, setFace] = useState<CardFaceItems>(props.initial ?? EMPTY_CARD_FACE);
  const [contact, setContact] = useState('');
  const [insuranceType, setInsuranceType] = useState<Declaration['insuranceType']>('unknown');
  const [insurerName, setInsurerName] = useState('');
  const [employer, setEmployer] = useState('');
  const [copay, setCopay] = useState<Declaration['copayPercent'] | null>(null);
  const [rejects7777, setRejects7777] = useState(false);
  const suggestion = suggestedCopay(face.birthDate);
  const copayPercent = copay ?? suggestion?.percent ?? 30;
  // Never an empty form: the 4 items are what the 事後確認 looks the patient up by.
  const complete = cardFaceComplete(face);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!complete) return;
    props.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent, insuranceType, claimSoftwareRejects7777: rejects7777 } });
  };
  return (
    <form className="grid" onSubmit={submit} aria-label="被保険者資格申立書" data-prefilled={props.initial ? 'card' : 'empty'}>
      <CardFaceFields idPrefix="decl" value={face} onChange={setFace} simulatedFace={props.simulatedFace} />
      <label htmlFor="decl-contact">連絡先</label>
      <input id="decl-contact" value={contact} onChange={(e) => setContact(e.target.value)} />
      <label htmlFor="decl-type">加入医療保険種別</label>
      <select id="decl-type" value={insuranceType} onChange={(e) => setInsuranceType(e.target.value as Declaration['insuranceType'])}>
        <option value="employee">被用者保険（協会けんぽ・組合健保・共済等）</option>
        <option value="national">国民健康保険</option>
        <option value="lateElderly">後期高齢者医療</option>
        <option value="unknown">わからない</option>
      </select>
      <label htmlFor="decl-insurer">保険者等名称</label>
      <input id="decl-insurer" value={insurerName} onChange={(e) => setInsurerName(e.target.value)} />
      <label htmlFor="decl-employer">事業所名</label>
      <input id="decl-employer" value={employer} onChange={(e) => setEmployer(e.target.value)} />
      <label htmlFor="decl-copay">一部負担金の割合</label>
      <select id="decl-copay" value={copayPercent} onChange={(e) => setCopay(Number(e.target.value) as Declaration['copayPercent'])}>
        <option value={30}>3割</option>
        <option value={20}>2割（未就学児・70〜74歳）</option>
        <option value={10}>1割（75歳以上等）</option>
      </select>
      {suggestion && <p className="full muted">生年月日から: {suggestion.note}</p>}
      <label className="full">
        <input type="checkbox" checked={rejects7777} onChange={(e) => setRejects7777(e.target.checked)} /> レセコンが 77777777 を受け付けない（77777779 を使う）
      </label>
      <p className="full">
        請求:{' '}
        {props.pastInsurerNumber
          ? `旧資格請求（保険者番号 ${props.pastInsurerNumber}）`
          : `不詳請求（保険者等番号 ${rejects7777 ? '77777779' : '77777777'}、摘要欄に申立書の住所・事業所名・連絡先）`}
        。資格が分かり次第、事後確認で現在の資格に切り替えます。
      </p>
      <div className="full">
        {!complete && <p className="warning">氏名・生年月日・住所を申立書から入力してください。</p>}
        <button type="submit" className="go" disabled={!complete}>
          申立書を受け付ける（{copayPercent / 10}割）
        </button>
        <button type="button" onClick={() => props.send({ type: 'staff.back' })}>
          戻る
        </button>
      </div>
    </form>
  );
}
