import { defineMessages } from './define.ts';

/** Messages of the grammar area. */
export const grammar = defineMessages({}, {});
