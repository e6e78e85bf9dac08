import { useState, type FormEvent } from 'react';
import { CardFaceFields, cardFaceComplete, EMPTY_CARD_FACE } from './CardFaceFields.tsx';
import type { CardFaceItems, UiEvent } from '../../../protocol/UiEvent.ts';

/** システム障害時モード (資格情報照会（システム障害時）): search by the 4 card-face items. */
/** `initial`: the card's 4 items when the chip or the card face was read (staff check them against the card). */
export function LookupForm(props: { send: (e: UiEvent) => void; simulatedFace: CardFaceItems | null; initial: CardFaceItems | null }) {
  const [items, setItems] = useState<CardFaceItems>(props.initial ?? EMPTY_CARD_FACE);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (cardFaceComplete(items)) props.send({ type: 'staff.lookupRequested', items: { ...items, name: items.name.trim(), address: items.address.trim() } });
  };
  return (
    <form className="grid" onSubmit={submit} aria-label="システム障害時モード照会" data-prefilled={props.initial ? 'card' : 'empty'}>
      {props.initial && <p className="full muted">カードから読み取った4情報を入れてあります。券面と見比べてください。</p>}
      <CardFaceFields idPrefix="lookup" value={items} onChange={setItems} simulatedFace={props.simulatedFace} />
      <div className="full">
        <button type="submit" className="go" disabled={!cardFaceComplete(items)}>
          4情報で照会する
        </button>
      </div>
    </form>
  );
}
