import type { KioskView } from '../../kiosk/protocol/KioskScreen.ts';
import type { KioskRuntime } from '../../kiosk/runtime/createKioskRuntime.ts';

/** The view once the patient's screen is at `step` (or inside it); rejects, naming where it is, after `timeoutMs`. */
export function reachStep(runtime: KioskRuntime, step: string, timeoutMs = 15_000): Promise<KioskView> {
  return new Promise<KioskView>((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`the kiosk did not reach ${step} within ${timeoutMs} ms (at ${runtime.view().patient.step})`))), timeoutMs);
    const check = (view: KioskView) => {
      if (view.patient.step !== step && !view.patient.step.startsWith(`${step}.`)) return;
      clearTimeout(timer);
      off();
      resolve(view);
    };
    const off = runtime.onChange(check);
    check(runtime.view());
  });
}
