/** QualificationValidity (資格有効性) and the guards the service adds, as the kiosk acts on them. */
export type EligibilityKind =
  | 'eligible' // 1 有効
  | 'invalid' // 2 無効 → case 2 「資格（無効）」
  | 'invalidWithNewQualification' // 3 無効（新しい資格あり）→ staff
  | 'noQualification' // 4 該当資格なし → case 2 「資格情報なし」
  | 'multiple' // 5 複数該当 → staff
  | 'wrongLinkage' // suspected wrong linkage → staff, no medical information
  | 'certificateRefused' // revoked or expired beyond grace → case 3-2
  | 'readerRefused'; // the reader's attestation refused (E06) or the reader not registered / revoked (E07) → case 3-1

export interface EligibilityOutcome {
  kind: EligibilityKind;
  /** What the screen and the visit record show; never part of the state's identity. */
  summary: EligibilitySummary | null;
}

export interface EligibilitySummary {
  insurerNumber: string;
  insurerName: string;
  /** 一部負担金割合 in percent (30 = 3割). */
  copayPercent: number | null;
  qualificationValidity: number;
  referenceNumber: string | null;
  noticeCodes: string[];
}

/** システム障害時モード lookup by the 4 card-face items. */
export type LookupOutcome =
  | { outcome: 'found'; candidates: 1; toleranceUsed: boolean; summary: EligibilitySummary }
  | { outcome: 'ambiguous'; candidates: number; summaries: EligibilitySummary[] }
  | { outcome: 'notFound' };
