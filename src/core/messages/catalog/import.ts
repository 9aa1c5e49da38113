import { defineMessages } from './define.ts';

/** Messages of the import area. */
export const importMessages = defineMessages({}, {});
