
import { useEffect, useState } from 'react';
import type { CardFaceItems } from '../../../protocol/UiEvent.ts';
import { formatJapaneseDate, parseJapaneseDate } from '../../../protocol/JapaneseDate.ts';

const isoToWareki = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatJapaneseDate(iso) : null);
export const EMPTY_CARD_FACE: CardFaceItems = { name: '', birthDate: '', sex: 'male', address: '' };

export function cardFaceComplete(items: CardFaceItems): boolean {
  return items.name.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(items.birthDate) && items.address.trim() !== '';
}

/**
 * The 4 items printed on the card face (氏名, 生年月日, 性別, 住所), typed by staff. With the
 * simulator, the placed card's face can be copied in, as staff would read it off the card.
 */
export function CardFaceFields(props: { idPrefix: string; value: CardFaceItems; onChange: (v: CardFaceItems) => void; simulatedFace: CardFaceItems | null }) {
  const { value: v, onChange, idPrefix } = props;
  return (
    <>
      <label htmlFor={`${idPrefix}-name`}>氏名</label>
      <input id={`${idPrefix}-name`} value={v.name} onChange={(e) => onChange({ ...v, name: e.target.value })} />
      <label htmlFor={`${idPrefix}-birth`}>生年月日</label>
      <span className="date-pair">
        <input id={`${idPrefix}-birth`} type="date" aria-label="生年月日（西暦）" value={v.birthDate} onChange={(e) => onChange({ ...v, birthDate: e.target.value })} />
        <WarekiInput id={`${idPrefix}-birth-wareki`} iso={v.birthDate} onIso={(birthDate) => onChange({ ...v, birthDate })} />
      </span>
      <label htmlFor={`${idPrefix}-sex`}>性別</label>
      <select id={`${idPrefix}-sex`} value={v.sex} onChange={(e) => onChange({ ...v, sex: e.target.value as CardFaceItems['sex'] })}>
        <option value="male">男</option>
        <option value="female">女</option>
        <option value="notApplicable">記載なし</option>
      </select>
      <label htmlFor={`${idPrefix}-address`}>住所</label>
      <input id={`${idPrefix}-address`} value={v.address} onChange={(e) => onChange({ ...v, address: e.target.value })} />
      {props.simulatedFace && (
        <div className="full">
          <button type="button" onClick={() => onChange(props.simulatedFace!)}>
            券面から転記（シミュレータ）
          </button>
        </div>
      )}
    </>
  );
}

/** The same date as the card face prints it (和暦); typing one sets the 西暦 field. */
function WarekiInput(props: { id: string; iso: string; onIso: (iso: string) => void }) {
  const [text, setText] = useState(isoToWareki(props.iso) ?? '');
  useEffect(() => {
    // The 西暦 field changed (or the form was filled): show it in 和暦, unless it is what was typed.
    if (parseJapaneseDate(text) !== props.iso) setText(isoToWareki(props.iso) ?? '');
  }, [props.iso]);
  const invalid = text !== '' && parseJapaneseDate(text) === null;
  return (
    <>
      <input
        id={props.id}
        aria-label="生年月日（和暦）"
        placeholder="和暦: 昭和55年2月17日"
        value={text}
        aria-invalid={invalid}
        onChange={(e) => {
          setText(e.target.value);
          const iso = parseJapaneseDate(e.target.value);
          if (iso) props.onIso(iso);
        }}
      />
      {invalid && <span className="warning">和暦の日付として読めません</span>}
    </>
  );
}
