// The layering of the project, written once: which folder may import which. `npm run lint` enforces it
// (eslint-plugin-boundaries, in eslint.config.js); docs/layers.md draws the same picture in words.
// An element is the first pattern a file matches; an import is allowed only when its target's element
// is listed for the importing file's element.

/** Every folder of the project and what it is. Order matters: the first match wins. */
export const LAYER_ELEMENTS = [
  { type: 'test', pattern: '**/*.test.{ts,tsx}', mode: 'full' },
  { type: 'test', pattern: 'test/**', mode: 'full' },
  { type: 'app', pattern: 'app/**', mode: 'full' },
  // Build and test configuration at the root (vitest.config.ts): tooling, like the tests.
  { type: 'test', pattern: '*.{ts,js}', mode: 'full' },
  { type: 'foundation', pattern: 'foundation/**', mode: 'full' },
  { type: 'jpki', pattern: 'jpki/**', mode: 'full' },
  { type: 'matching', pattern: 'matching/**', mode: 'full' },
  { type: 'eligibility-protocol', pattern: 'protocol/eligibility/**', mode: 'full' },
  { type: 'linkage-report-protocol', pattern: 'protocol/linkageReport/**', mode: 'full' },
  { type: 'device-contract', pattern: 'device/{card,camera,cardFace,panel,kiosk}/**', mode: 'full' },
  { type: 'card-client', pattern: 'device/mynacard/**', mode: 'full' },
  { type: 'device-adapter', pattern: 'device/*/**', mode: 'full' },
  { type: 'kiosk-protocol', pattern: 'kiosk/protocol/**', mode: 'full' },
  { type: 'kiosk-machine', pattern: 'kiosk/machine/**', mode: 'full' },
  { type: 'kiosk-runtime', pattern: 'kiosk/runtime/**', mode: 'full' },
  { type: 'kiosk-ui', pattern: 'kiosk/ui/**', mode: 'full' },
  { type: 'sim', pattern: 'sim/**', mode: 'full' },
  { type: 'server', pattern: 'server/**', mode: 'full' },
  // The 資格確認端末 with its 連携アプリケーション: the file interface clinic software talks to.
  { type: 'terminal', pattern: 'terminal/**', mode: 'full' },
  { type: 'linkage', pattern: 'linkage/**', mode: 'full' },
];

const contracts = ['foundation', 'jpki', 'eligibility-protocol', 'device-contract', 'kiosk-protocol'];

/** Who may import whom. Contracts at the bottom; one composition root (app) and the tests at the top. */
export const LAYER_RULES = [
  { from: 'foundation', allow: ['foundation'] },
  { from: 'jpki', allow: ['foundation', 'jpki'] },
  // The 5-item comparison (保保発0127第1号 and our tolerances): one implementation for the service and the insurers' side.
  { from: 'matching', allow: ['foundation', 'jpki', 'matching'] },
  { from: 'eligibility-protocol', allow: ['foundation', 'jpki', 'eligibility-protocol'] },
  // The 総点検 report's shapes: what `kiosk linkage check` writes and the insurer's page reads.
  { from: 'linkage-report-protocol', allow: ['foundation', 'jpki', 'linkage-report-protocol'] },
  { from: 'device-contract', allow: ['foundation', 'device-contract'] },
  { from: 'kiosk-protocol', allow: contracts },
  { from: 'card-client', allow: ['foundation', 'jpki', 'device-contract', 'card-client'] },
  { from: 'device-adapter', allow: ['foundation', 'jpki', 'device-contract', 'card-client', 'device-adapter'] },
  { from: 'kiosk-machine', allow: ['foundation', 'jpki', 'kiosk-protocol', 'kiosk-machine'] },
  { from: 'kiosk-runtime', allow: [...contracts, 'card-client', 'kiosk-machine', 'kiosk-runtime'] },
  { from: 'kiosk-ui', allow: ['kiosk-protocol', 'linkage-report-protocol', 'kiosk-ui'] },
  { from: 'sim', allow: [...contracts, 'card-client', 'device-adapter', 'sim'] },
  { from: 'server', allow: ['foundation', 'jpki', 'matching', 'eligibility-protocol', 'server'] },
  // The service through the typed client, the kiosk's settled check-ins through its contract; never the kiosk itself.
  { from: 'terminal', allow: ['foundation', 'jpki', 'eligibility-protocol', 'kiosk-protocol', 'terminal'] },
  // Upstream of the kiosk: J-LIS, the insurers' registration flows, the 総点検, the population generator. Never the service.
  { from: 'linkage', allow: ['foundation', 'jpki', 'matching', 'linkage-report-protocol', 'linkage'] },
  { from: 'app', allow: ['*'] },
  { from: 'test', allow: ['*'] },
];
