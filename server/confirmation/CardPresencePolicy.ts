/**
 * How much proof of the card's presence a card.confirm must carry.
 * - `required` (the default, and the only value `kiosk server start` knows): the card's signature over
 *   the challenge on every identity method, and a registered reader's attestation (E04, E06, E07).
 * - `kioskNotYetAttesting`: TEMPORARY, for the embedded service of this repository's own kiosk until its
 *   side of issue 12 lands (the reader's key and the card's PIN-less signing after the reader authenticates
 *   to it). A confirmation without an attestation, and a face or 目視 one without the card's signature, is
 *   accepted as before and audited as `unproven`; whatever proof is sent is still checked.
 *   Remove this value, and every place that passes it, when the kiosk signs and attests on every path.
 */
export type CardPresencePolicy = 'required' | 'kioskNotYetAttesting';
