import { defineMessages } from './define.ts';

/** Messages of the common area. */
export const common = defineMessages({}, {});
