import { describe } from 'vitest';
import { definePhoneCredentialSuite } from '../harness/phoneCredentialSuite.ts';
import { createPcscCardHarness } from '../harness/pcscCardHarness.ts';

describe('スマホ用電子証明書 through real pcscd + vpcd and the pcsclite adapter', () => {
  definePhoneCredentialSuite(createPcscCardHarness);
});
