import { EventHub } from '../../foundation/EventHub.ts';
import { PanelError } from '../panel/PanelError.ts';
import type { PanelIndicator, StaffPanel, StaffPanelEvents } from '../panel/StaffPanel.ts';

/**
 * The staff panel when no HID button box is attached: the 目視確認 buttons are on the staff view
 * (資格確認端末), which sends the same staff events. Always attached, no light of its own.
 */
export class StaffViewPanel implements StaffPanel {
  readonly name = 'staff view buttons';
  readonly attached = true;
  readonly hasIndicator = false;
  private shown: PanelIndicator | undefined;
  private closed = false;
  private readonly events = new EventHub<StaffPanelEvents>();

  get indicator(): PanelIndicator | undefined {
    return this.shown;
  }

  async setIndicator(state: PanelIndicator): Promise<void> {
    if (this.closed) throw new PanelError('CLOSED', 'The staff view panel was closed.');
    this.shown = state;
  }

  on<E extends keyof StaffPanelEvents>(event: E, listener: StaffPanelEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
