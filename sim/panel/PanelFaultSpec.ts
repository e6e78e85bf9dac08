import { z } from 'zod';
import { PANEL_BUTTONS } from '../../device/panel/StaffPanel.ts';
import { FaultScopeSchema } from '../../kiosk/protocol/ReaderFaultSpec.ts';

/**
 * The staff panel's faults, with the same scopes as the card faults (sim/fault/FaultSpec.ts). A panel
 * operation is a button press or an indicator write.
 * - panelDetached: the panel is unplugged from injection until the scope is over (for next/count:
 *   until that many operations were lost), then comes back.
 * - buttonStuck: `button` goes down and stays down (the kiosk sees one press, then BUTTON_STUCK);
 *   for next/count the scope counts the presses of that button that are lost.
 */
export const PanelFaultKindSchema = z.enum(['panelDetached', 'buttonStuck']);
export type PanelFaultKind = z.infer<typeof PanelFaultKindSchema>;

export const PanelFaultSpecSchema = z
  .object({
    kind: PanelFaultKindSchema,
    scope: FaultScopeSchema.default({ kind: 'untilCleared' }),
    /** buttonStuck: which button. */
    button: z.enum(PANEL_BUTTONS).default('visualOk'),
  })
  .strict();
export type PanelFaultSpec = z.infer<typeof PanelFaultSpecSchema>;
export type PanelFaultSpecInput = z.input<typeof PanelFaultSpecSchema>;
