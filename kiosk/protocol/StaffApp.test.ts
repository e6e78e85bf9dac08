import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UiClientFrameSchema } from './UiFrame.ts';

const DOC = readFileSync(new URL('../../docs/staff-app.md', import.meta.url), 'utf8');

describe('docs/staff-app.md, read as a client author reads it', () => {
  it('every staffApp frame it shows is one the channel accepts', () => {
    const frames = [...DOC.matchAll(/`(\{"type":"(?:staffApp|sim)".*?\})`/g)].map((m) => m[1]!);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of frames) expect(UiClientFrameSchema.safeParse(JSON.parse(frame)).success, frame).toBe(true);
  });

  it('a staffApp frame with an 11-digit code or a 5-digit PIN is refused before anything happens', () => {
    expect(UiClientFrameSchema.safeParse({ type: 'staffApp', command: { type: 'enrol', code: '12345678901' } }).success).toBe(false);
    expect(UiClientFrameSchema.safeParse({ type: 'staffApp', command: { type: 'pin', pin: '12345' } }).success).toBe(false);
    expect(UiClientFrameSchema.safeParse({ type: 'staffApp', command: { type: 'visual.confirmed', confirmedBy: '  ' } }).success).toBe(false);
  });
});
