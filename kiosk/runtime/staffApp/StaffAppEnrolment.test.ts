import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_CODE_TTL_MS, StaffAppEnrolment } from './StaffAppEnrolment.ts';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'staff-app-')), 'staff-app.json');

describe('StaffAppEnrolment', () => {
  it('an issued 12-digit code enrols the device once, and the enrolment survives a restart', () => {
    const file = fileIn();
    const enrolment = new StaffAppEnrolment(file);
    expect(enrolment.enrolled).toBe(false);
    const { code } = enrolment.issue();
    expect(code).toMatch(/^\d{12}$/);
    enrolment.enrol(code);
    expect(enrolment.enrolled).toBe(true);
    const restarted = new StaffAppEnrolment(file);
    expect(restarted.enrolled).toBe(true);
    expect(restarted.enrolledAt).toBe(enrolment.enrolledAt);
  });

  it('a code that was never issued is refused as CODE_UNKNOWN, in words', () => {
    const enrolment = new StaffAppEnrolment(fileIn());
    enrolment.issue();
    expect(() => enrolment.enrol('000000000000')).toThrow(expect.objectContaining({ code: 'CODE_UNKNOWN', message: expect.stringContaining('発行されていません') }));
    expect(enrolment.enrolled).toBe(false);
  });

  it('a code used once is refused the second time as CODE_USED, after a restart too', () => {
    const file = fileIn();
    const enrolment = new StaffAppEnrolment(file);
    const { code } = enrolment.issue();
    enrolment.enrol(code);
    expect(() => enrolment.enrol(code)).toThrow(expect.objectContaining({ code: 'CODE_USED' }));
    expect(() => new StaffAppEnrolment(file).enrol(code)).toThrow(expect.objectContaining({ code: 'CODE_USED', message: expect.stringContaining('使用済み') }));
  });

  it('a code older than 24 hours is refused as CODE_EXPIRED; one a minute short of it still enrols', () => {
    let now = new Date('2026-04-01T09:00:00Z');
    const enrolment = new StaffAppEnrolment(fileIn(), () => now);
    const late = enrolment.issue();
    const inTime = enrolment.issue();
    expect(Date.parse(late.expiresAt) - now.getTime()).toBe(ACTIVATION_CODE_TTL_MS);
    now = new Date(now.getTime() + ACTIVATION_CODE_TTL_MS);
    expect(() => enrolment.enrol(late.code)).toThrow(expect.objectContaining({ code: 'CODE_EXPIRED', message: expect.stringContaining('有効期限') }));
    now = new Date(now.getTime() - 60_000);
    enrolment.enrol(inTime.code);
    expect(enrolment.enrolled).toBe(true);
  });

  it('keeps no code in the file, only its hash', () => {
    const file = fileIn();
    const { code } = new StaffAppEnrolment(file).issue();
    expect(readFileSync(file, 'utf8')).not.toContain(code);
  });
});

