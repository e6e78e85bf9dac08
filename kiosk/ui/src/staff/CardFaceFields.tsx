
import type { CardFaceItems } from '../../../protocol/UiEvent.ts';
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
      <input id={`${idPrefix}-birth`} type="date" value={v.birthDate} onChange={(e) => onChange({ ...v, birthDate: e.target.value })} />
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
