import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HelloSchema, OperatorRequestSchema, TerminalRequestSchema } from '../../protocol/eligibility/ClientMessage.ts';
import { OPERATOR_REPLY_SCHEMAS, ServerMessageSchema, TERMINAL_REPLY_SCHEMAS } from '../../protocol/eligibility/ServerMessage.ts';

/**
 * The client an outsider writes from docs/protocol.md copies its examples: every JSON frame there must be
 * a frame the service accepts (or sends), with every required field and no field the schema does not
 * know. Values the document abbreviates with … ("0f9d…", { "…": … }) are placeholders: issues on them are
 * ignored; every other issue (a missing field, an extra one, a wrong enum value) fails.
 */
const DOC = new URL('../../docs/protocol.md', import.meta.url);

interface Example {
  line: number;
  value: Record<string, unknown>;
}

function examplesOf(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split('\n');
  let inJson = false;
  let buffer: string[] = [];
  let startedAt = 0;
  lines.forEach((text, index) => {
    if (text.startsWith('```')) {
      inJson = !inJson && text.trim() === '```json';
      buffer = [];
      return;
    }
    if (!inJson) return;
    if (buffer.length === 0) startedAt = index + 1;
    buffer.push(text);
    try {
      const value = JSON.parse(buffer.join('\n')) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) out.push({ line: startedAt, value: value as Record<string, unknown> });
      buffer = [];
    } catch {
      // not complete yet
    }
  });
  return out;
}

function isPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('…');
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.includes('…'));
}

/** Whether the value at `path`, or anything on the way to it, is an abbreviation. */
function onPlaceholder(root: unknown, path: PropertyKey[]): boolean {
  let at: unknown = root;
  if (isPlaceholder(at)) return true;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<PropertyKey, unknown>)[key];
    if (isPlaceholder(at)) return true;
  }
  return false;
}

function realIssues(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.filter((issue) => !onPlaceholder(value, issue.path)).map((issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}${issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : ''}`);
}

const terminalTypes = new Set(TerminalRequestSchema.options.map((o) => o.shape.type.value as string));
const operatorTypes = new Set(OperatorRequestSchema.options.map((o) => o.shape.type.value as string));

function issuesOf(frame: Record<string, unknown>): string[] {
  const type = String(frame.type);
  if (type === 'hello') return realIssues(HelloSchema, frame);
  if (terminalTypes.has(type)) return realIssues(TerminalRequestSchema, frame);
  if (operatorTypes.has(type)) return realIssues(OperatorRequestSchema, frame);
  if (type === 'reply' || type === 'welcome' || type === 'error') {
    const issues = realIssues(ServerMessageSchema, frame);
    if (type === 'reply') {
      const request = String(frame.request);
      const schemas: Record<string, z.ZodType> = { ...TERMINAL_REPLY_SCHEMAS, ...OPERATOR_REPLY_SCHEMAS };
      const body = schemas[request];
      if (!body) issues.push(`a reply to ${request}, which is no request`);
      else issues.push(...realIssues(body, frame.body).map((i) => `body.${i}`));
    }
    return issues;
  }
  return [`no frame of type ${type}`];
}

describe('docs/protocol.md, read as a client author reads it', () => {
  const examples = examplesOf(readFileSync(DOC, 'utf8')).filter((e) => 'type' in e.value && 'v' in e.value);

  it('shows an example of every request a terminal or the operator can send', () => {
    const shown = new Set(examples.map((e) => String(e.value.type)));
    const missing = [...terminalTypes, ...operatorTypes, 'hello'].filter((t) => !shown.has(t));
    expect(missing).toEqual([]);
  });

  it('every example frame is one the protocol accepts: required fields present, no unknown field', () => {
    const wrong = examples.flatMap((e) => issuesOf(e.value).map((issue) => `line ${e.line} (${String(e.value.type)}${e.value.request ? ` ${String(e.value.request)}` : ''}): ${issue}`));
    expect(wrong).toEqual([]);
    expect(examples.length).toBeGreaterThan(20);
  });
});
