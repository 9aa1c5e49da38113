// Who an open_id is (name, email, mobile from contact.user.get with user_id_type open_id) and what a
// group is called (im.chat.get), cached. Email and mobile let the core bind the account to a person
// from the imported list; without the permission a lookup fails and the sender simply has no hints.
import type { Client } from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../core/context.ts';
import type { Incoming } from '../../core/platform.ts';
import { CachedLookup, type CachedLookupOptions } from './cached-lookup.ts';
import { checkBody, FIX_HINTS, toLarkApiError } from './errors.ts';

/** What the contact API told us about a user. */
export interface ContactInfo {
  name?: string;
  email?: string;
  mobile?: string;
}

export interface ContactDirectoryOptions extends CachedLookupOptions {
  client: Client;
  log: Logger;
}

/** Cached contact and chat lookups. Never throws: a failure means no hints. */
export class ContactDirectory {
  readonly #users: CachedLookup<ContactInfo>;
  readonly #chats: CachedLookup<string>;
  readonly #warned = new Set<string>();

  constructor(private readonly options: ContactDirectoryOptions) {
    this.#users = new CachedLookup((openId) => this.#fetchUser(openId), options);
    this.#chats = new CachedLookup((chatId) => this.#fetchChatName(chatId), options);
  }

  /** The contact for an open_id, or null when the app may not read it. */
  lookup(openId: string): Promise<ContactInfo | null> {
    return this.#users.get(openId);
  }

  /** The incoming with the sender's name, email and mobile and the group's name filled in where known. */
  async enrich(incoming: Incoming): Promise<Incoming> {
    const [info, title] = await Promise.all([this.lookup(incoming.sender.id), incoming.chat.kind === 'group' && !incoming.chat.title ? this.#chats.get(incoming.chat.id) : null]);
    const sender = { ...incoming.sender };
    if (info?.name && sender.displayName === sender.id) sender.displayName = info.name;
    if (info?.email && !sender.email) sender.email = info.email;
    if (info?.mobile && !sender.mobile) sender.mobile = info.mobile;
    return { ...incoming, sender, chat: title ? { ...incoming.chat, title } : incoming.chat };
  }

  async #fetchUser(openId: string): Promise<ContactInfo | null> {
    try {
      const body = checkBody('contact.v3.user.get', await this.options.client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }));
      const user = body.data?.user;
      const info: ContactInfo = {};
      if (user?.name) info.name = user.name;
      const email = user?.email || user?.enterprise_email;
      if (email) info.email = email;
      if (user?.mobile) info.mobile = user.mobile;
      return info;
    } catch (error) {
      this.#warnOnce('contact', 'lark contact lookup failed; accounts bind by /iam instead of email or mobile', error);
      return null;
    }
  }

  async #fetchChatName(chatId: string): Promise<string | null> {
    try {
      const body = checkBody('im.v1.chat.get', await this.options.client.im.v1.chat.get({ path: { chat_id: chatId } }));
      return body.data?.name || null;
    } catch (error) {
      this.#warnOnce('chat', 'lark group name lookup failed (optional scope im:chat:readonly); groups are named by id', error);
      return null;
    }
  }

  #warnOnce(kind: string, message: string, error: unknown): void {
    if (this.#warned.has(kind)) return;
    this.#warned.add(kind);
    const apiError = toLarkApiError(kind, error);
    const hint = apiError.code !== undefined ? FIX_HINTS[apiError.code] : undefined;
    this.options.log.info(message, { error: apiError.message, ...(hint ? { hint } : {}) });
  }
}
