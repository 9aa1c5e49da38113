// The sandbox adapter: a chat between the terminal and the bot, for local use, demos and scripts.
// Interactive on a TTY; reads piped stdin line by line. The group is the org's sandbox group;
// ":dm" switches to a private chat. Bot messages show where they went.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DateTime } from 'luxon';
import type { InboundPipeline, PipelineAdapter } from '../../core/inbound/pipeline.ts';
import { translator, type Translate } from '../../core/messages/catalog/index.ts';
import type { OutboundMessage } from '../../core/messages/outbound.ts';
import type { Locale } from '../../core/model.ts';
import type { ChatPlatform, Incoming, IncomingFile, SendResult } from '../../core/platform.ts';
import type { VirtualClock } from '../../lib/clock.ts';
import { classify, LineJoiner } from './input.ts';
import { renderForTerminal } from './render.ts';

/** The chat id of the sandbox group. Private chats use the person's name as chat id. */
export const SANDBOX_GROUP_ID = 'group';

/** What the sandbox needs from the app, so it never touches the store itself. */
export interface SandboxHost {
  orgName(): Promise<string | null>;
  /** Names of the people in the project list, for :who and the default speaker. */
  people(): Promise<string[]>;
  /** The person to speak as first: a coordinator, else the first person. */
  defaultSpeaker(): Promise<string | null>;
  /** Imports a project list file (into `orgName`, or the current org) and returns the summary lines. */
  importFile(path: string, dryRun: boolean, orgName?: string): Promise<string[]>;
  /** Binds the sandbox group to the org (after an import created it). */
  ensureGroup(): Promise<void>;
  /** Sends what the outbox holds for the sandbox now (messages pushed by jobs). */
  flush(): Promise<void>;
}

export interface SandboxOptions {
  /** Opens the inbound pipeline over the sandbox (its answers come back through send()). */
  openPipeline: (adapter: PipelineAdapter) => InboundPipeline;
  host: SandboxHost;
  clock: VirtualClock | null;
  timeZone: string;
  locale: Locale;
  input?: NodeJS.ReadableStream;
  output?: (text: string) => void;
  /** Echo each input line (useful when stdin is piped, so the transcript reads like a chat). */
  echo?: boolean;
}

export class SandboxChat implements ChatPlatform {
  readonly name = 'sandbox' as const;
  #speaker = '';
  #where: 'group' | 'dm' = 'group';
  #eventSeq = 0;
  #closed = false;
  readonly #t: Translate;
  readonly #out: (text: string) => void;
  readonly #pipeline: InboundPipeline;

  constructor(private readonly options: SandboxOptions) {
    this.#t = translator(options.locale);
    this.#out = options.output ?? ((text) => process.stdout.write(text));
    // A file "sent" in the sandbox is a path on this machine (:send); only a command that wants it reads it.
    this.#pipeline = options.openPipeline({ platform: this, fetchFile: (file: IncomingFile) => readFile(file.ref) });
  }

  async send(to: string, message: OutboundMessage): Promise<SendResult> {
    const where = to === SANDBOX_GROUP_ID ? this.#t('sandbox.to.group') : this.#t('sandbox.to.dm', { name: to });
    this.#out(renderForTerminal(where, message));
    return { platformMessageId: `sandbox-${++this.#eventSeq}` };
  }

  async start(): Promise<void> {
    const { host } = this.options;
    const org = await host.orgName();
    this.#speaker = (await host.defaultSpeaker()) ?? '';
    this.#say(this.#t('sandbox.banner', { org: org ?? '—' }));
    if (!org) this.#say(this.#t('sandbox.no_org'));
    else this.#say(this.#speakerLine());
    if (this.options.clock) this.#say(this.#clockLine());
  }

  /** Reads input until :quit or end of input. Resolves when done. */
  async run(): Promise<void> {
    const input = this.options.input ?? process.stdin;
    const interactive = Boolean((input as NodeJS.ReadStream).isTTY);
    const rl = createInterface({ input, output: interactive ? process.stdout : undefined, terminal: interactive });
    const joiner = new LineJoiner();
    const prompt = () => {
      if (!interactive) return;
      rl.setPrompt(joiner.open ? '... ' : `${this.#speaker || '?'}@${this.#where === 'group' ? this.#t('sandbox.to.group') : 'dm'}> `);
      rl.prompt();
    };
    prompt();
    for await (const raw of rl) {
      const line = joiner.push(raw);
      if (line !== null) await this.handleLine(line);
      if (this.#closed) break;
      prompt();
    }
    const rest = joiner.flush();
    if (rest !== null && !this.#closed) await this.handleLine(rest);
    rl.close();
  }

  async stop(): Promise<void> {
    this.#closed = true;
  }

  /** Handles one logical line: a control or a chat message. */
  async handleLine(line: string): Promise<void> {
    const input = classify(line);
    if (input.kind === 'blank') return;
    if (this.options.echo) this.#out(`${this.#speaker || '?'}> ${line.split('\n').join('\n    ')}\n`);
    if (input.kind === 'control') return this.#control(input.name, input.arg);
    await this.#message(input.text);
  }

  async #message(text: string, file?: IncomingFile): Promise<void> {
    const chatId = this.#where === 'group' ? SANDBOX_GROUP_ID : this.#speaker;
    const incoming: Incoming = {
      platform: 'sandbox',
      eventId: `${Date.now()}-${++this.#eventSeq}`,
      chat: { id: chatId, kind: this.#where === 'group' ? 'group' : 'private', title: this.#t('sandbox.to.group') },
      sender: { id: this.#speaker, displayName: this.#speaker },
      text,
      ...(file ? { file } : {}),
      receivedAt: this.options.clock?.now() ?? new Date(),
    };
    // Stored, routed and answered like any platform's message; answers to other chats (a private
    // note to a coordinator) come out of the outbox at the flush.
    await this.#pipeline.handle(incoming);
    await this.options.host.flush();
  }

  async #control(name: string, arg: string): Promise<void> {
    const { host, clock } = this.options;
    const t = this.#t;
    switch (name) {
      case 'as': {
        const people = await host.people();
        if (!arg) return this.#say(t('sandbox.as.usage', { names: people.join('、') || '—' }));
        this.#speaker = arg;
        if (!people.includes(arg)) this.#say(t('sandbox.as.unknown', { name: arg }));
        return this.#say(this.#speakerLine());
      }
      case 'dm':
        this.#where = 'dm';
        return this.#say(this.#speakerLine());
      case 'group':
        this.#where = 'group';
        return this.#say(this.#speakerLine());
      case 'who':
        return this.#say(t('sandbox.people', { names: (await host.people()).join('、') || '—' }));
      case 'clock': {
        if (!clock) return this.#say(this.#clockLine());
        if (!arg) return this.#say(this.#clockLine());
        const to = parseLocalTime(arg, this.options.timeZone);
        if (!to) return this.#say(t('sandbox.clock.bad', { value: arg, zone: this.options.timeZone }));
        await clock.set(to);
        this.#say(this.#clockLine());
        return host.flush();
      }
      case 'import': {
        const dryRun = /(^|\s)--dry-run(\s|$)/.test(arg);
        const org = /(?:^|\s)--org\s+(\S+)/.exec(arg)?.[1];
        const path = arg.replace(/(^|\s)--dry-run(\s|$)/, ' ').replace(/(?:^|\s)--org\s+\S+/, ' ').trim();
        if (!path) return this.#say(t('sandbox.import.usage'));
        for (const line of await host.importFile(path, dryRun, org)) this.#say(line);
        if (!dryRun) {
          await host.ensureGroup();
          if (!this.#speaker) this.#speaker = (await host.defaultSpeaker()) ?? '';
        }
        return;
      }
      case 'send': {
        // A file attached to a chat message, as a platform delivers it: ":send 项目清单.xlsx /import".
        const [path = '', ...words] = arg.split(/\s+/);
        if (!path) return this.#say(t('sandbox.send.usage'));
        if (!existsSync(path)) return this.#say(t('sandbox.send.missing', { path }));
        return this.#message(words.join(' '), { name: basename(path), ref: resolve(path) });
      }
      case 'help':
        return this.#say(t('sandbox.banner', { org: (await host.orgName()) ?? '—' }));
      case 'quit':
      case 'exit':
      case 'q':
        this.#say(t('sandbox.bye'));
        this.#closed = true;
        return;
      default:
        return this.#say(t('sandbox.unknown_control', { control: `:${name}` }));
    }
  }

  #speakerLine(): string {
    return this.#t('sandbox.speaker', { name: this.#speaker || '?', where: this.#t(this.#where === 'group' ? 'sandbox.where.group' : 'sandbox.where.dm') });
  }

  #clockLine(): string {
    const now = this.options.clock?.now() ?? new Date();
    return this.#t('sandbox.clock', { time: DateTime.fromJSDate(now, { zone: this.options.timeZone }).toFormat('yyyy-MM-dd HH:mm ccc'), zone: this.options.timeZone });
  }

  /** Prints a sandbox line (not a chat message), such as a scheduled job that ran. */
  note(line: string): void {
    this.#say(line);
  }

  #say(line: string): void {
    this.#out(`· ${line}\n`);
  }
}

/** Reads "2026-11-19T16:00", "2026-11-19 16:00" or a full ISO instant; local times are in `zone`. */
export function parseLocalTime(text: string, zone: string): Date | null {
  const value = text.trim().replace(' ', 'T');
  const parsed = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? DateTime.fromISO(value, { setZone: true }) : DateTime.fromISO(value, { zone });
  return parsed.isValid ? parsed.toJSDate() : null;
}
