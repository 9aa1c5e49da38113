// An org's settings: the stored shape and its defaults (settings/schema.ts), the keys a coordinator
// changes (settings/keys.ts), and how typed values are read (settings/values.ts).
export * from './settings/schema.ts';
export * from './settings/keys.ts';
export * from './settings/values.ts';
