// The SDK client for the configured app and domain.
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../core/context.ts';
import { sdkLogger } from './sdk-logger.ts';

/** LARK_DOMAIN → the SDK's domain: feishu, lark, or a base URL (private deployments, test fakes). */
export function larkDomain(value: string): lark.Domain | string {
  if (value === 'feishu') return lark.Domain.Feishu;
  if (value === 'lark') return lark.Domain.Lark;
  return value.replace(/\/+$/, '');
}

/** The SDK client for a self-built app (tenant token fetched and cached by the SDK). */
export function createLarkClient(options: { appId: string; appSecret: string; domain: string; log: Logger }): lark.Client {
  return new lark.Client({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: larkDomain(options.domain),
    appType: lark.AppType.SelfBuild,
    logger: sdkLogger(options.log),
    loggerLevel: lark.LoggerLevel.warn,
  });
}
