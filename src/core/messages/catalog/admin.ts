import { defineMessages } from './define.ts';

/** Messages of the admin area. */
export const admin = defineMessages({}, {});
