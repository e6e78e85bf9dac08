import type { MedicalItem } from '../../protocol/eligibility/ClientMessage.ts';
import type { MatchTolerance, ProcessingResultCode } from '../../protocol/eligibility/EligibilityResult.ts';

/** QualificationValidity (資格有効性) and the guards the service adds, as the kiosk acts on them. */
export type EligibilityKind =
  | 'eligible' // 1 有効
  | 'invalid' // 2 無効 → case 2 「資格（無効）」
  | 'invalidWithNewQualification' // 3 無効（新しい資格あり）→ staff
  | 'noQualification' // 4 該当資格なし → case 2 「資格情報なし」 (by number: staff type it again first)
  | 'notRegistered' // E05 利用登録なし → case 2, the patient told to register
  | 'multiple' // 5 複数該当 → staff choose one
  | 'wrongLinkage' // suspected wrong linkage → staff, no medical information
  | 'certificateRefused' // E01–E04 (revoked, expired beyond grace, untrusted, bad signature) → case 3-2
  | 'readerRefused'; // the reader's attestation refused (E06) or the reader not registered / revoked (E07) → case 3-1

export interface EligibilityOutcome {
  kind: EligibilityKind;
  /** What the screen and the visit record show; never part of the state's identity. */
  summary: EligibilitySummary | null;
  /** The service's ProcessingResultCode of a refusal (E01–E05): which words the screens use. */
  resultCode?: ProcessingResultCode;
  /** Every qualification of a 複数該当 answer, for staff to choose from (never a guess). */
  candidates?: EligibilitySummary[];
}

export interface EligibilitySummary {
  insurerNumber: string;
  insurerName: string;
  /** 一部負担金割合 in percent (30 = 3割). */
  copayPercent: number | null;
  qualificationValidity: number;
  referenceNumber: string | null;
  noticeCodes: string[];
  /**
   * The PMH answer the reader sent and the 受給者証 the service gave for it (MessageBody.MedicalSubsidy, ours);
   * absent where the reader did not ask. For staff only, never the patient panel.
   */
  medicalSubsidy?: { use: boolean; certificates: MedicalSubsidyItem[] };
  /** What the 資格確認端末 shows staff; never sent to the patient panel. */
  detail?: QualificationDetail;
}

/** The qualification as the terminal shows it to staff (the result's fields, in the screens' words). */
export interface QualificationDetail {
  name: string;
  nameKana: string;
  /** ISO YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female' | 'unset';
  address: string | null;
  /** 被保険者証記号・番号・枝番. */
  symbol: string | null;
  number: string;
  branch: string | null;
  /** 本人・家族区分. */
  personalFamily: 'self' | 'family';
  /** OQSCD010 被保険者証区分. */
  cardClassification: string;
  /** 資格取得年月日 / 資格喪失年月日, ISO. */
  validFrom: string;
  validTo: string | null;
  /** OQSCD012 限度額適用認定証適用区分 (A01…B10), when consented and present. */
  limitCategory: string | null;
  /** OQSCD011 限度額適用認定証区分. */
  limitCertificate: string | null;
  /** 高齢受給者証の負担割合, percent. */
  elderlyCopayPercent: number | null;
  /** Medical information the service will hand out for this confirmation: the items consented, or why none. */
  medical: { available: boolean; items: MedicalItem[]; blockedBy: string[] };
  /** Tolerances the card ↔ insurer record comparison needed (●, 異体字, kana, address notation). */
  tolerances: MatchTolerance[];
}

/** One 受給者証 as staff see it: 公費負担者番号, 受給者番号, its name, validity (ISO) and 自己負担上限額 (yen a month). */
export interface MedicalSubsidyItem {
  burdenNumber: string;
  recipientNumber: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  maxCopayment: number | null;
}

/** What the patient panel may show of a result: the insurer and the share, nothing else. */
export type PatientResult = Pick<EligibilitySummary, 'insurerName' | 'copayPercent'>;

/** システム障害時モード lookup by the 4 card-face items. */
export type LookupOutcome =
  | { outcome: 'found'; candidates: 1; toleranceUsed: boolean; summary: EligibilitySummary }
  | { outcome: 'ambiguous'; candidates: number; summaries: EligibilitySummary[] }
  | { outcome: 'notFound' };
