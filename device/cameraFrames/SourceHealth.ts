import type { CameraError } from '../camera/CameraError.ts';
import type { FrameSourceEvents } from '../camera/FrameSource.ts';
import type { EventHub } from '../../foundation/EventHub.ts';

/** A frame source's health as the contract reports it: source.lost once per outage, source.ready once after. */
export class SourceHealth {
  private down = false;

  constructor(private readonly events: EventHub<FrameSourceEvents>) {}

  lost(error: CameraError): void {
    if (this.down) return;
    this.down = true;
    this.events.emit('source.lost', error);
  }

  ok(): void {
    if (!this.down) return;
    this.down = false;
    this.events.emit('source.ready');
  }
}
