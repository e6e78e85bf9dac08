import { describe } from 'vitest';
import { definePhoneCredentialSuite } from '../harness/phoneCredentialSuite.ts';
import { createSimCardHarness } from '../harness/simCardHarness.ts';

describe('スマホ用電子証明書 through the in-process reader', () => {
  definePhoneCredentialSuite(async () => createSimCardHarness());
});
