import 'reflect-metadata';
import { afterEach, describe, expect, it } from 'vitest';
import { VisitStore } from '../../kiosk/runtime/VisitStore.ts';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import { emptyVisit } from '../../kiosk/protocol/VisitDraft.ts';
import { startKioskHarness, type KioskHarness } from '../harness/kioskHarness.ts';
import { recheckTrailAtService } from '../harness/recheckTrailAtService.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let k: KioskHarness | undefined;
afterEach(async () => {
  await k?.close();
  k = undefined;
});

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A 資格（無効） card taken on 申立書 (case 2): the visit closes with a re-check, while the service is connected. */
async function case2VisitWithRecheck(h: KioskHarness): Promise<string> {
  h.devices.camera.queueAttempts({ outcome: 'match', captureMs: 0 });
  await h.devices.placeCard('lost-qualification');
  await h.waitForStep('choosingMethod');
  h.runtime.send({ type: 'method.face' });
  await h.waitForStep('askingConsent');
  h.runtime.send({ type: 'consent.skipAll' });
  await h.waitForStep('outage');
  h.runtime.send({ type: 'staff.declarationStarted' });
  h.runtime.send({ type: 'staff.declarationSubmitted', declaration: { copayPercent: 30, insuranceType: 'unknown', claimSoftwareRejects7777: false } });
  await h.waitForStep('finishing');
  h.devices.removeCard();
  await h.waitForStep('standby');
  return h.runtime.visits.list()[0]!.visitId;
}

describe('re-checks (事後的な資格確認) exactly once, end to end', () => {
  it('a re-check created while the service is connected runs at once, without waiting for a reconnect (it used to stay pending)', async () => {
    k = await startKioskHarness();
    const visitId = await case2VisitWithRecheck(k);
    await waitUntil(() => k!.runtime.visits.get(visitId)?.recheck?.status !== 'pending', 5_000, 'the re-check');
    expect(k.runtime.visits.get(visitId)?.recheck).toMatchObject({ status: 'done', result: expect.stringMatching(/^found \d{8}/) });
    expect(recheckTrailAtService(k.service.dbFile)).toEqual({ activations: 1, lookups: 1 });
  });

  it('a re-check postponed by a service error runs again after its back-off, on the same connection', async () => {
    k = await startKioskHarness();
    const operator = k.service.operator();
    await operator.connect();
    await operator.setFaults({ failWith: 'INTERNAL' });
    const visitId = await case2VisitWithRecheck(k);
    await waitUntil(() => (k!.runtime.visits.get(visitId)?.recheck?.result ?? '').startsWith('postponed'), 5_000, 'the first, refused attempt');
    expect(k.runtime.visits.get(visitId)?.recheck).toMatchObject({ status: 'pending', result: 'postponed: INTERNAL' });
    await operator.setFaults({ failWith: null });
    // Back-off of the first postponement: 2 s (runPendingRechecks.recheckBackoffMs).
    await waitUntil(() => k!.runtime.visits.get(visitId)?.recheck?.status === 'done', 8_000, 'the retry after the back-off');
    expect(recheckTrailAtService(k.service.dbFile)).toEqual({ activations: 1, lookups: 1 });
    await operator.close();
  });

  it('a look-up the service committed but whose answer was lost is repeated as a replay: one activation, one look-up at the service', async () => {
    k = await startKioskHarness();
    const operator = k.service.operator();
    await operator.connect();
    // Every answer is lost (the connection drops after the service has committed) until the lever is released.
    await operator.setFaults({ dropBeforeReply: true });
    const visitId = await case2VisitWithRecheck(k).catch(async (e: unknown) => {
      await operator.setFaults({ dropBeforeReply: false });
      throw e;
    });
    // Longer than the client's own deadline (3 s in the harness): the run gives up and the re-check is postponed.
    await waitUntil(() => (k!.runtime.visits.get(visitId)?.recheck?.result ?? '').startsWith('postponed'), 10_000, 'the re-check giving up');
    await operator.setFaults({ dropBeforeReply: false });
    await waitUntil(() => k!.runtime.visits.get(visitId)?.recheck?.status === 'done', 15_000, 'the re-check after the lost answers');
    expect(recheckTrailAtService(k.service.dbFile)).toEqual({ activations: 1, lookups: 1 });
    expect(await k.runtime.runRechecks()).toBe(0);
    await operator.close();
  });
});

describe('the re-check runner, its look-up answered but the answer lost', () => {
  it('asks again with the re-check’s own key, and the service answers the replay: one look-up recorded', async () => {
    k = await startKioskHarness();
    const operator = k.service.operator();
    await operator.connect();
    // Keep the runtime's scheduler out of it: every attempt but ours is refused.
    await operator.setFaults({ failWith: 'INTERNAL' });
    const visitId = await case2VisitWithRecheck(k);
    await waitUntil(() => (k!.runtime.visits.get(visitId)?.recheck?.result ?? '').startsWith('postponed'), 5_000, 'the refused attempt');
    k.runtime.visits.postponeRecheck(visitId, new Date(Date.now() + 3_600_000), 'held for the test');
    await operator.setFaults({ failWith: null });
    const client = k.service.terminal(0, { deadlineMs: 3_000 });
    await client.connect();
    const real = client.lookupDuringOutage.bind(client);
    let lost = 0;
    client.lookupDuringOutage = async (items, options) => {
      const answer = await real(items, options);
      if (lost++ === 0) throw new ServiceError('SERVICE_UNAVAILABLE', 'the answer was lost on the way back');
      return answer;
    };
    const { runPendingRechecks } = await import('../../kiosk/runtime/runPendingRechecks.ts');
    expect(await runPendingRechecks(k.runtime.visits, client, () => new Date(), () => undefined)).toBe(0);
    expect(k.runtime.visits.get(visitId)?.recheck?.status).toBe('pending');
    expect(await runPendingRechecks(k.runtime.visits, client, () => new Date(), () => undefined)).toBe(1);
    expect(lost).toBe(2);
    expect(recheckTrailAtService(k.service.dbFile)).toEqual({ activations: 1, lookups: 1 });
    await client.close();
    await operator.close();
  });
});

describe('a visit interrupted by a crash', () => {
  it('keeps the eligibility result the service had confirmed, closed as interrupted (it used to lose it)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'visit-store-')), 'kiosk.sqlite');
    const store = new VisitStore(file);
    const eligibility = { kind: 'eligible' as const, summary: { insurerNumber: '01130012', insurerName: '全国健康保険協会', copayPercent: 30, qualificationValidity: 1, referenceNumber: 'R-1', noticeCodes: [] } };
    store.openVisit('v-1', new Date('2026-12-01T01:00:00Z'));
    store.noteProgress('v-1', { eligibility, identityMethod: 'face' });
    store.openVisit('v-2', new Date('2026-12-01T01:05:00Z'));
    store.close();
    // The process died here; the next start sweeps.
    const after = new VisitStore(file);
    expect(after.closeInterrupted(new Date('2026-12-01T02:00:00Z'))).toBe(2);
    expect(after.get('v-1')).toMatchObject({ outcome: 'interrupted', eligibility, identityMethod: 'face', pendingRecheck: false, endedAt: '2026-12-01T02:00:00.000Z' });
    expect(after.get('v-2')).toMatchObject({ outcome: 'interrupted' });
    expect(after.get('v-2')?.eligibility ?? null).toBeNull();
    // A closed visit is never touched by later progress notes.
    after.noteProgress('v-1', { identityMethod: 'pin' });
    expect(after.get('v-1')?.identityMethod).toBe('face');
    after.closeVisit('v-1', { ...emptyVisit(), started: true, outcome: 'completed' }, new Date());
    expect(after.get('v-1')?.outcome).toBe('interrupted');
    after.close();
  });
});
