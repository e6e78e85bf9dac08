/** Who acts at one hop of the seed's flows (協会におけるマイナンバー対応について, 2023-07-21). */
export type RegistrationActor = '被保険者' | '事業所' | '日本年金機構' | 'J-LIS' | '保険者' | '中間サーバー';

/** One hop's own record of what it did: the trail a test, an insurer or an auditor reads back. */
export interface RegistrationStep {
  actor: RegistrationActor;
  action: string;
  /** The number as it left this hop (null: none). */
  myNumber: string | null;
  detail?: string;
}
