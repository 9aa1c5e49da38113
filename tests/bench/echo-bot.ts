// The baseline of the ingest benchmark: the least a grammY bot can do with a message. Same library,
// same runner and polling settings as the real bot, same fake Bot API; it answers every text with
// the text. Started by tests/bench/ingest.ts with TELEGRAM_API_ROOT pointing at the fake.
import { run, sequentialize } from '@grammyjs/runner';
import { Bot } from 'grammy';

const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN ?? '', { client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? '', timeoutSeconds: 60 } });
bot.use(sequentialize((ctx) => String(ctx.chat?.id ?? '')));
bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
await bot.init();
const handle = run(bot, { runner: { fetch: { timeout: 30, allowed_updates: ['message', 'callback_query'] }, silent: true } });
process.stdout.write('ready\n');
const stop = () => void handle.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
