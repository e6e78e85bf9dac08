/**
 * The consent the reader asks for, in the words of the wire and the result (PharmacistsInfoConsFlg,
 * DiagnosisInfoConsFlg, OperationInfoConsFlg, SpecificHealthCheckupsInfoConsFlg,
 * LimitApplicationCertificateRelatedConsFlg): one vocabulary for the statechart, the screens and the service.
 */
export { CONSENT_ITEMS, type ConsentChoice, type ConsentItem } from '../../protocol/eligibility/ClientMessage.ts';
