import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimHidBus, type SimHidDevice } from '../../sim/panel/SimHidBus.ts';
import { isPanelError, type PanelError } from '../panel/PanelError.ts';
import type { PanelButton } from '../panel/StaffPanel.ts';
import { openHidStaffPanel, type HidStaffPanel } from './HidStaffPanel.ts';
import { loadPanelMapping } from './PanelMapping.ts';
import { encodeButtonReport, encodeIndicatorReport, PANEL_USAGE, PANEL_USAGE_PAGE } from './panelReport.ts';

const OUR_PANEL = { vendorId: 0x1234, productId: 0x5678, usagePage: PANEL_USAGE_PAGE, usage: PANEL_USAGE, product: 'test panel' };

async function rejection(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (e: unknown) => (isPanelError(e) ? e.code : String(e)),
  );
}

function watch(panel: HidStaffPanel) {
  const seen = { presses: [] as PanelButton[], errors: [] as PanelError[], attachment: [] as string[] };
  panel.on('button.pressed', (b) => seen.presses.push(b));
  panel.on('error', (e) => seen.errors.push(e));
  panel.on('panel.detached', () => seen.attachment.push('detached'));
  panel.on('panel.attached', () => seen.attachment.push('attached'));
  return seen;
}

describe('the HID staff panel on this machine, where node-hid lists no devices', () => {
  /** Records every wait; lets the first `limit` pass at once, holds the rest until close() aborts them. */
  function recordingSleep(limit: number) {
    const delays: number[] = [];
    let reached!: () => void;
    const limitReached = new Promise<void>((resolve) => (reached = resolve));
    const sleep = (ms: number, signal: AbortSignal) => {
      delays.push(ms);
      if (delays.length <= limit) return new Promise<void>((resolve) => setImmediate(resolve));
      reached();
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    };
    return { delays, sleep, limitReached };
  }

  it('starts detached, refuses indicator writes with PANEL_DETACHED and keeps the state for later', async () => {
    const { sleep } = recordingSleep(0);
    const panel = await openHidStaffPanel({ sleep });
    expect(panel.attached).toBe(false);
    expect(await rejection(panel.setIndicator('outage'))).toBe('PANEL_DETACHED');
    expect(panel.indicator).toBe('outage');
    await panel.close();
    expect(await rejection(panel.setIndicator('standby'))).toBe('CLOSED');
  });

  it('keeps looking for the panel with waits doubling from 250 ms up to 5 s, never in a tight loop', async () => {
    const { delays, sleep, limitReached } = recordingSleep(7);
    const panel = await openHidStaffPanel({ sleep });
    await limitReached;
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    await panel.close(); // resolves only once the search loop has stopped
  });
});

describe('the HID staff panel over a simulated HID bus', () => {
  // Waits go through the global setTimeout so that vitest's fake clock drives them.
  const timerSleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  let bus: SimHidBus;
  let device: SimHidDevice;
  let panel: HidStaffPanel;

  beforeEach(async () => {
    vi.useFakeTimers();
    bus = new SimHidBus();
    device = bus.plug(OUR_PANEL);
    panel = await openHidStaffPanel({ binding: bus, mapping: loadPanelMapping(), sleep: timerSleep });
  });

  afterEach(async () => {
    await panel.close();
    vi.useRealTimers();
  });

  it('opens a device speaking our report format and reads one press per button press', () => {
    const seen = watch(panel);
    expect(panel.attached).toBe(true);
    expect(panel.name).toBe('test panel');
    device.sendInput(encodeButtonReport(['visualOk']));
    device.sendInput(encodeButtonReport(['visualOk'])); // a repeated report is not a second press
    device.sendInput(encodeButtonReport(['visualOk', 'cancel']));
    device.sendInput(encodeButtonReport([]));
    device.sendInput(encodeButtonReport(['visualOk']));
    expect(seen.presses).toEqual(['visualOk', 'cancel', 'visualOk']);
  });

  it('writes each indicator state as our output report', async () => {
    await panel.setIndicator('busy');
    await panel.setIndicator('staffNeeded');
    expect(device.written.map((r) => [...r])).toEqual([
      [0x02, 0x02],
      [0x02, 0x03],
    ]);
  });

  it('takes a read error as an unplug and finds the re-plugged panel again, showing the last state', async () => {
    const seen = watch(panel);
    await panel.setIndicator('staffNeeded');
    device.unplug();
    expect(seen.attachment).toEqual(['detached']);
    expect(panel.attached).toBe(false);
    const before = bus.enumerations;
    await vi.advanceTimersByTimeAsync(250 + 500);
    expect(bus.enumerations - before).toBe(2); // 250 ms, then 500 ms later: no panel yet
    const replugged = bus.plug(OUR_PANEL);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.attachment).toEqual(['detached', 'attached']);
    expect(replugged.written.map((r) => [...r])).toEqual([[...encodeIndicatorReport('staffNeeded')]]);
    replugged.sendInput(encodeButtonReport(['visualNg']));
    expect(seen.presses).toEqual(['visualNg']);
  });

  it('forgets a button held at the moment of an unplug, so the re-plugged panel can press it again', async () => {
    const seen = watch(panel);
    device.sendInput(encodeButtonReport(['visualOk']));
    device.unplug();
    const replugged = bus.plug(OUR_PANEL);
    await vi.advanceTimersByTimeAsync(250);
    replugged.sendInput(encodeButtonReport(['visualOk']));
    expect(seen.presses).toEqual(['visualOk', 'visualOk']);
  });

  it('reports a panel it cannot open once, not on every retry, and takes it once it opens', async () => {
    const seen = watch(panel);
    device.unplug();
    bus.failNextOpen();
    bus.failNextOpen();
    bus.failNextOpen();
    bus.plug(OUR_PANEL);
    await vi.advanceTimersByTimeAsync(250 + 500 + 1000 + 2000);
    expect(seen.errors.map((e) => e.code)).toEqual(['OPEN_FAILED']);
    expect(seen.attachment).toEqual(['detached', 'attached']);
  });

  it('reports a failed enumeration as ENUMERATION_FAILED and keeps looking', async () => {
    const seen = watch(panel);
    device.unplug();
    bus.failNextEnumeration();
    bus.plug(OUR_PANEL);
    await vi.advanceTimersByTimeAsync(250 + 500);
    expect(seen.errors.map((e) => e.code)).toEqual(['ENUMERATION_FAILED']);
    expect(panel.attached).toBe(true);
  });

  it('rejects an indicator write that does not reach the panel with WRITE_FAILED', async () => {
    bus.failWrites();
    expect(await rejection(panel.setIndicator('busy'))).toBe('WRITE_FAILED');
  });

  it('reports a button held for 10 s as BUTTON_STUCK, after exactly one press', async () => {
    const seen = watch(panel);
    device.sendInput(encodeButtonReport(['staffCallAcknowledged']));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(seen.errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.errors.map((e) => e.code)).toEqual(['BUTTON_STUCK']);
    expect(seen.presses).toEqual(['staffCallAcknowledged']);
  });

  it('stops looking for the panel once closed', async () => {
    device.unplug();
    await panel.close();
    const before = bus.enumerations;
    bus.plug(OUR_PANEL);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(bus.enumerations).toBe(before);
    expect(panel.attached).toBe(false);
  });
});
