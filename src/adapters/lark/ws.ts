// LARK_MODE=ws (default): the SDK's long connection, so no public URL is needed. The SDK's
// EventDispatcher hands each event to the same dispatch as the webhook. Card callbacks come through
// the long connection too (card.action.trigger as an event; what the handler returns, the toast,
// is written back on the connection) once the console subscribes the callback in long-connection
// mode (事件与回调 → 回调配置 → 使用长连接接收回调).
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../core/context.ts';
import type { LarkDispatch } from './dispatch.ts';
import { metaOf, type LarkCardActionEvent, type LarkMessageEvent } from './events.ts';
import { sdkLogger } from './sdk-logger.ts';

/** The event data as the SDK's dispatcher hands it over: header and event fields side by side. */
type FlatEvent = Record<string, unknown> & { event_id?: string; event_type?: string; create_time?: string };

function metaOfFlat(data: FlatEvent, now: () => Date) {
  return metaOf({ event_id: data.event_id, event_type: data.event_type, create_time: data.create_time }, now());
}

/**
 * The EventDispatcher the long connection delivers to: messages and card callbacks go to
 * `dispatch`. The long connection is authenticated by the app's credentials, so there is no
 * signature or token to check.
 */
export function createLarkEventDispatcher(dispatch: LarkDispatch, options: { log: Logger; now?: () => Date }): lark.EventDispatcher {
  const now = options.now ?? (() => new Date());
  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(options.log), loggerLevel: lark.LoggerLevel.warn });
  const handles = {
    'im.message.receive_v1': async (data: FlatEvent) => {
      await dispatch.onMessage(data as LarkMessageEvent, metaOfFlat(data, now));
    },
    'card.action.trigger': async (data: FlatEvent) => dispatch.onCardAction(data as LarkCardActionEvent, metaOfFlat(data, now)),
  };
  return dispatcher.register(handles as unknown as Parameters<lark.EventDispatcher['register']>[0]);
}

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  domain: lark.Domain | string;
  dispatcher: lark.EventDispatcher;
  log: Logger;
}

/** The long connection: start() connects in the background (and reconnects); stop() closes it. */
export class LarkLongConnection {
  readonly #client: lark.WSClient;
  #connected = false;

  constructor(private readonly options: LongConnectionOptions) {
    const { log } = options;
    this.#client = new lark.WSClient({
      appId: options.appId,
      appSecret: options.appSecret,
      domain: options.domain,
      logger: sdkLogger(log),
      loggerLevel: lark.LoggerLevel.warn,
      autoReconnect: true,
      onReady: () => {
        this.#connected = true;
        log.info('lark long connection ready');
      },
      onReconnecting: () => {
        this.#connected = false;
      },
      onReconnected: () => {
        this.#connected = true;
        log.info('lark long connection re-established');
      },
      onError: (error) => {
        this.#connected = false;
        log.error('lark long connection failed', {
          error: error.message,
          hint: 'check LARK_APP_ID / LARK_APP_SECRET, that the console uses 长连接 (long connection) for events, and that a version is published',
        });
      },
    });
  }

  async start(): Promise<void> {
    await this.#client.start({ eventDispatcher: this.options.dispatcher });
  }

  /** Whether the connection is up (ready and not reconnecting). */
  isConnected(): boolean {
    return this.#connected;
  }

  async stop(): Promise<void> {
    this.#connected = false;
    this.#client.close({ force: true });
  }
}
