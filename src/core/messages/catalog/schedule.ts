import { defineMessages } from './define.ts';

/** Messages of the schedule area. */
export const schedule = defineMessages({}, {});
