import type { HidDeviceInfo } from './loadNodeHid.ts';
import type { PanelDecoder } from './PanelDecoder.ts';
import { createMappedDecoder, matchesMappedDevice, type PanelMapping } from './PanelMapping.ts';
import { isOurPanel, ourPanelDecoder } from './panelReport.ts';

export interface FoundPanel {
  path: string;
  info: HidDeviceInfo;
  decoder: PanelDecoder;
}

/**
 * Pick the panel among the enumerated HID devices: a device speaking our report format first (by
 * its usage page and usage, whatever its USB ids), then the mapping file's devices in file order.
 * `path` restricts the choice to one hidraw node when a site has several candidates.
 */
export function findPanelDevice(devices: readonly HidDeviceInfo[], mapping: PanelMapping, path?: string): FoundPanel | undefined {
  const candidates = devices.filter((d): d is HidDeviceInfo & { path: string } => d.path !== undefined && (path === undefined || d.path === path));
  const ours = candidates.find((d) => isOurPanel(d));
  if (ours) return { path: ours.path, info: ours, decoder: ourPanelDecoder };
  for (const entry of mapping.devices) {
    const device = candidates.find((d) => matchesMappedDevice(entry, d));
    if (device) return { path: device.path, info: device, decoder: createMappedDecoder(entry) };
  }
  return undefined;
}
