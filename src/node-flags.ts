// The V8 heap settings the bot runs under, wherever it is started: package.json's `start` script
// carries the same flags (tests/app/node-flags.test.ts holds them equal), the README's systemd unit
// shows them, and the benchmarks start the bot with these (tests/support/bot-process.ts).
//
// Why: left alone, V8 lets the young generation grow to 16–32 MB per semi-space and the old
// generation to a quarter of the machine's memory, so a 2,000-report burst peaked at 321 MB resident.
// A 4 MB semi-space and a capped old generation make V8 collect sooner: the same burst peaked at
// 187 MB with a 128 MB cap, and at 182–199 MB with this one (`npm run bench -- ingest`). The cap is
// not lower because the scheduled jobs of a 10,000-project org need the room (`npm run bench -- jobs`
// peaks at 366 MB resident, the digests and standings holding every project's week figures), and a
// bot out of heap dies (the catch-up after its restart would run the same job again). Measured before
// the export was streamed and the monthly dispatch trimmed (2026-12-05): the monthly dispatch ran out
// of heap under 256 MB and the export under 384 MB; not measured again since.

/** The old generation's ceiling, MB: the heap a job may hold at once before V8 gives up. */
export const BOT_MAX_OLD_SPACE_MB = 512;

/** Node flags for the bot's process, before `--import tsx src/main.ts`. */
export const BOT_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', `--max-old-space-size=${BOT_MAX_OLD_SPACE_MB}`];
