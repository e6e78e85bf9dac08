import { describe } from 'vitest';
import { defineCardClientSuite } from '../harness/cardClientSuite.ts';
import { createPcscCardHarness } from '../harness/pcscCardHarness.ts';

describe('card client through real pcscd + vpcd and the pcsclite adapter', () => {
  defineCardClientSuite(createPcscCardHarness);
});
