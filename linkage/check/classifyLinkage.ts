import { matchCardFaceItems, type CardFaceMatch, type ItemComparison } from '../../matching/matchCardFaceItems.ts';
import type { LinkageClass, SuspectReason } from '../../protocol/linkageReport/LinkageReport.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import type { LinkageRecord } from '../registry/LinkageRecord.ts';

export interface LinkageVerdict {
  class: LinkageClass;
  reasons: SuspectReason[];
  match: CardFaceMatch | null;
}

const differs = (c: ItemComparison | undefined) => c?.kind === 'different';

/**
 * The 総点検 of one linkage: the insurer's record against J-LIS's 5 items for its number, with the one
 * comparison of matching/ (notation tolerances may combine; a record without an address is compared on 4).
 * MHLW's cases (医療保険部会 2023-09-07): ① birth date or sex differs; ② kanji and kana both differ; ③ one
 * name form differs and the address too — each is `otherPerson`. Ours on top: a 氏名 change J-LIS records
 * after the registration explains a family name (`nameChanged`); and a number that carries a live
 * qualification (資格重複, behind 94 % of the early cases) makes a live record whose
 * address cannot confirm it `otherPerson` too. `liveElsewhere`: whether another live linkage carries the same number.
 */
export function classifyLinkage(linkage: LinkageRecord, resident: ResidentRecord | null, liveElsewhere: boolean): LinkageVerdict {
  if (!resident) return { class: 'numberUnknown', reasons: [], match: null };
  const match = matchCardFaceItems(linkage, resident, { combination: 'notationCombines', missingAddress: 'skip' });
  const { items } = match;
  const changedSince = (reason: string) => resident.changes.some((c) => c.reason === reason && c.on > linkage.registeredOn);
  const moved = changedSince('転居') || changedSince('転入');
  const verdict = (cls: LinkageClass, ...reasons: SuspectReason[]): LinkageVerdict => ({ class: cls, reasons: moved && cls === 'addressOnly' ? [...reasons, 'moved'] : reasons, match });

  if (differs(items.birthDate) || differs(items.sex)) return verdict('otherPerson', 'birthDateOrSex');
  const kanji = differs(items.name);
  const kana = differs(items.nameKana);
  const address = differs(items.address);
  const noAddress = items.address?.kind === 'notCompared';
  const marriage = kanji && kana && items.name?.kind === 'different' && items.name.how === 'familyName' && items.nameKana?.kind === 'different' && items.nameKana.how === 'familyName' && changedSince('氏名変更');
  if (marriage) return verdict('nameChanged');
  if (kanji && kana) return verdict('otherPerson', 'bothNames');
  if ((kanji || kana) && address) return verdict('otherPerson', 'oneNameAndAddress');
  const live = linkage.lostOn === null;
  if (live && liveElsewhere && (address || noAddress)) return verdict('otherPerson', 'duplicateActive');
  if (address) return verdict('addressOnly');
  if (kanji || kana) return verdict('notationOnly');
  if (match.tolerances.length > 0) return verdict('notationOnly');
  if (noAddress) return verdict('addressNotRegistered');
  return verdict('exact');
}
