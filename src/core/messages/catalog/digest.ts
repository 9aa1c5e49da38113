import { defineMessages } from './define.ts';

/** Messages of the digest area. */
export const digest = defineMessages({}, {});
