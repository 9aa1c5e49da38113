import { defineMessages } from './define.ts';

/** Messages of the ledger area. */
export const ledger = defineMessages({}, {});
