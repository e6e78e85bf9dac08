/** How the patient proved who they are: the one vocabulary of reader, wire and screens (see protocol/eligibility). */
export { IDENTITY_METHODS, type IdentityMethod } from '../../protocol/eligibility/ClientMessage.ts';
