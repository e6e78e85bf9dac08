import type { ReportPersonItems, Suspect } from '../../protocol/linkageReport/LinkageReport.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import type { LinkageRecord } from '../registry/LinkageRecord.ts';
import type { LinkageVerdict } from './classifyLinkage.ts';

const items = (r: LinkageRecord | ResidentRecord): ReportPersonItems => ({ name: r.name, nameKana: r.nameKana, birthDate: r.birthDate, sex: r.sex, address: r.address });

/** One line of the suspect list: both records side by side, each item's comparison, J-LIS's changes since. */
export function toSuspect(linkage: LinkageRecord, resident: ResidentRecord | null, verdict: LinkageVerdict): Suspect {
  return {
    linkageId: linkage.linkageId,
    insurerNumber: linkage.insurerNumber,
    myNumber: linkage.myNumber,
    class: verdict.class,
    reasons: verdict.reasons,
    registered: items(linkage),
    jlis: resident ? items(resident) : null,
    items: verdict.match?.items ?? {},
    jlisChanges: resident ? resident.changes.filter((c) => c.on > linkage.registeredOn && c.reason !== '出生') : [],
  };
}
