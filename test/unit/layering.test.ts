import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering (layers.config.js) is enforced by `npm run lint`: a file that imports a layer it must not
 * is an error. Each case lints a one-line scratch file placed (virtually) in the importing folder.
 */
const FORBIDDEN: Array<[string, string]> = [
  ['server/scratch.ts', '../sim/reader/SimReader.ts'],
  ['server/scratch.ts', '../device/mynacard/index.ts'],
  ['server/scratch.ts', '../kiosk/runtime/VisitStore.ts'],
  ['protocol/eligibility/scratch.ts', '../../server/EligibilityService.ts'],
  ['kiosk/runtime/scratch.ts', '../../sim/kiosk/SimKioskDevices.ts'],
  ['kiosk/runtime/scratch.ts', '../../device/pcsc/PcscReaderList.ts'],
  ['kiosk/runtime/scratch.ts', '../../server/EligibilityService.ts'],
  ['kiosk/machine/scratch.ts', '../runtime/VisitStore.ts'],
  ['kiosk/machine/scratch.ts', '../../device/card/CardReader.ts'],
  ['kiosk/ui/src/scratch.ts', '../../runtime/createKioskRuntime.ts'],
  ['kiosk/ui/src/scratch.ts', '../../machine/createKioskMachine.ts'],
  ['kiosk/ui/src/scratch.ts', '../../../sim/reader/SimReader.ts'],
  ['sim/scratch.ts', '../app/startKiosk.ts'],
  ['sim/scratch.ts', '../server/EligibilityService.ts'],
  ['sim/scratch.ts', '../kiosk/runtime/VisitStore.ts'],
  ['device/card/scratch.ts', '../mynacard/index.ts'],
  ['device/mynacard/scratch.ts', '../../sim/card/SimCard.ts'],
  ['device/faceModel/scratch.ts', '../../sim/cardFace/renderCardFront.ts'],
  ['device/cardFaceOcr/scratch.ts', '../../kiosk/runtime/VisitStore.ts'],
  ['jpki/scratch.ts', '../protocol/eligibility/ClientMessage.ts'],
  ['foundation/scratch.ts', '../jpki/CertificateStanding.ts'],
  ['terminal/scratch.ts', '../kiosk/runtime/createKioskRuntime.ts'],
  ['terminal/scratch.ts', '../server/EligibilityService.ts'],
  ['terminal/scratch.ts', '../sim/kiosk/SimKioskDevices.ts'],
  ['terminal/scratch.ts', '../app/startKiosk.ts'],
  ['terminal/xml/scratch.ts', '../../kiosk/machine/createKioskMachine.ts'],
  ['server/scratch.ts', '../terminal/QualificationTerminal.ts'],
  ['kiosk/runtime/scratch.ts', '../../terminal/QualificationTerminal.ts'],
  ['kiosk/protocol/scratch.ts', '../../terminal/QualificationTerminal.ts'],
  ['matching/scratch.ts', '../server/EligibilityService.ts'],
  ['matching/scratch.ts', '../protocol/eligibility/EligibilityResult.ts'],
  ['jpki/scratch.ts', '../matching/matchCardFaceItems.ts'],
  ['linkage/scratch.ts', '../server/EligibilityService.ts'],
  ['linkage/scratch.ts', '../protocol/eligibility/EligibilityResult.ts'],
  ['linkage/scratch.ts', '../sim/cardProfile/InventedNames.ts'],
  ['linkage/scratch.ts', '../app/startCentralSystem.ts'],
  ['server/scratch.ts', '../linkage/jlis/SimulatedJlis.ts'],
  ['matching/scratch.ts', '../linkage/jlis/MyNumber.ts'],
  ['protocol/linkageReport/scratch.ts', '../../linkage/jlis/MyNumber.ts'],
  ['protocol/linkageReport/scratch.ts', '../../matching/matchCardFaceItems.ts'],
  ['kiosk/ui/src/scratch.ts', '../../../linkage/check/classifyLinkage.ts'],
  ['kiosk/ui/src/scratch.ts', '../../../matching/matchCardFaceItems.ts'],
];

const ALLOWED: Array<[string, string]> = [
  ['kiosk/runtime/scratch.ts', '../../device/kiosk/KioskDevices.ts'],
  ['kiosk/runtime/scratch.ts', '../../protocol/eligibility/client/EligibilityClient.ts'],
  ['kiosk/ui/src/scratch.ts', '../../protocol/UiFrame.ts'],
  ['server/scratch.ts', '../jpki/classifyCertificateDates.ts'],
  ['server/scratch.ts', '../matching/matchCardFaceItems.ts'],
  ['matching/scratch.ts', '../jpki/Sex.ts'],
  ['sim/scratch.ts', '../kiosk/protocol/SimulatorControl.ts'],
  ['app/scratch.ts', '../sim/kiosk/SimKioskDevices.ts'],
  ['sim/scratch.ts', '../device/cardFaceOcr/CardFaceFieldBoxes.ts'],
  ['device/cameraFrames/scratch.ts', '../../foundation/runProgram.ts'],
  ['app/scratch.ts', '../linkage/jlis/SimulatedJlis.ts'],
  ['linkage/scratch.ts', '../matching/matchCardFaceItems.ts'],
  ['linkage/scratch.ts', '../protocol/linkageReport/LinkageReport.ts'],
  ['kiosk/ui/src/scratch.ts', '../../../protocol/linkageReport/LinkageReport.ts'],
  ['test/scratch.ts', '../server/EligibilityService.ts'],
  ['terminal/scratch.ts', '../protocol/eligibility/client/EligibilityClient.ts'],
  ['terminal/scratch.ts', '../kiosk/protocol/SettledCheckIn.ts'],
  ['terminal/scratch.ts', '../foundation/CodedError.ts'],
  ['terminal/scratch.ts', '../jpki/Sex.ts'],
  ['app/scratch.ts', '../terminal/QualificationTerminal.ts'],
];

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function layeringErrors(filePath: string, target: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as scratch from '${target}';\nexport const used = scratch;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId?.startsWith('boundaries/')).map((m) => m.message);
}

describe('the layering, as npm run lint enforces it', () => {
  it.each(FORBIDDEN)('%s may not import %s', async (file, target) => {
    const errors = await layeringErrors(file, target);
    expect(errors.length, `${file} → ${target} passed the lint`).toBe(1);
    expect(errors[0]).toMatch(/No rule allowing this dependency/);
  });

  it.each(ALLOWED)('%s may import %s', async (file, target) => {
    expect(await layeringErrors(file, target)).toEqual([]);
  });
});
