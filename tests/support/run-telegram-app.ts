// Runs the app from the environment as a separate process (the restart test kills it with SIGKILL).
// CLOCK_OFFSET_MS moves the app's clock, standing in for the time a restart takes (leases expire).
// OUTBOX_POLL_MS sets how often the outbox looks for work (50 ms for tests; the app's default is 500).
import { createApp } from '../../src/app/create-app.ts';
import { createConfig } from '../../src/config.ts';

const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const app = await createApp(createConfig(process.env), { outboxPollMs: Number(process.env.OUTBOX_POLL_MS ?? 50), now: () => new Date(Date.now() + offset) });
await (app.start as (o?: { scheduler?: boolean }) => Promise<void>)({ scheduler: false });
process.stdout.write('ready\n');
// A stop that hangs (its fake server already gone) must not leave the process behind.
const stop = () => {
  setTimeout(() => process.exit(1), 5000).unref();
  void app.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
