import { z } from 'zod';

/**
 * 性別 as the 基本4情報 carry it: on the card, at J-LIS, on the insurer's record and on the wire.
 * `notApplicable` is ISO 5218 code 9 (適用不能) on the card: the one vocabulary of the whole project.
 */
export const SEXES = ['male', 'female', 'notApplicable'] as const;
export const SexSchema = z.enum(SEXES);
export type Sex = z.infer<typeof SexSchema>;
