import { describe } from 'vitest';
import { defineCardClientSuite } from '../harness/cardClientSuite.ts';
import { createSimCardHarness } from '../harness/simCardHarness.ts';

describe('card client over the in-process simulated reader', () => {
  defineCardClientSuite(async () => createSimCardHarness());
});
