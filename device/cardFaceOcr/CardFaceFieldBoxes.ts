import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadDataFile } from '../../foundation/DataFile.ts';
import type { CardFaceField } from '../cardFace/CardFaceScanner.ts';

const px = z.number().int().nonnegative();
const BoxSchema = z.object({ x: px, y: px, width: px.positive(), height: px.positive() }).strict();

export const CardFaceFieldBoxesSchema = z
  .object({
    $comment: z.string().optional(),
    /** The card image size the boxes are given in; a frame of another width scales them. */
    reference: z.object({ width: px.positive(), height: px.positive() }).strict(),
    fields: z.object({ birthDate: BoxSchema, cardExpiry: BoxSchema, securityCode: BoxSchema }).strict(),
  })
  .strict()
  .superRefine((table, ctx) => {
    for (const [field, box] of Object.entries(table.fields)) {
      if (box.x + box.width > table.reference.width || box.y + box.height > table.reference.height) {
        ctx.addIssue({ code: 'custom', path: ['fields', field], message: `the box reaches outside the ${table.reference.width}×${table.reference.height} card` });
      }
    }
  });

export type CardFaceFieldBoxes = z.infer<typeof CardFaceFieldBoxesSchema>;
export type FieldBox = CardFaceFieldBoxes['fields'][CardFaceField];

/** The shipped table: the simulator's card layout (approximate; docs/hardware.md says how to measure a real tray). */
export const CARD_FACE_FIELDS_FILE = fileURLToPath(new URL('./card-face-fields.json', import.meta.url));

export function loadCardFaceFieldBoxes(file = CARD_FACE_FIELDS_FILE): CardFaceFieldBoxes {
  return loadDataFile(file, CardFaceFieldBoxesSchema, { what: 'card-face field box table' });
}

/** A box in a frame `frameWidth` px wide: the card is assumed to fill the frame's width, as in a reader's tray. */
export function scaleBox(box: FieldBox, table: CardFaceFieldBoxes, frameWidth: number): FieldBox {
  const k = frameWidth / table.reference.width;
  return { x: Math.round(box.x * k), y: Math.round(box.y * k), width: Math.round(box.width * k), height: Math.round(box.height * k) };
}
