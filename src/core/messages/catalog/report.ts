import { defineMessages } from './define.ts';

/** Messages of the report area. */
export const report = defineMessages({}, {});
