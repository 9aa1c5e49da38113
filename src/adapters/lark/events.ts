// The shapes of the Feishu/Lark events and callbacks this adapter reads (the fields it uses; the
// platform sends more). Schema 2.0: { schema, header, event }.

/** The header of a schema 2.0 event or callback. */
export interface LarkEventHeader {
  event_id?: string;
  event_type?: string;
  /** Milliseconds since the epoch, as a string. */
  create_time?: string;
  /** The verification token from the console. */
  token?: string;
  app_id?: string;
  tenant_key?: string;
}

/** A user's ids as Lark sends them. */
export interface LarkUserId {
  open_id?: string;
  user_id?: string;
  union_id?: string;
}

/** One @-mention of a message: `key` is the placeholder in the text ("@_user_1"). */
export interface LarkMention {
  key: string;
  id?: LarkUserId;
  name?: string;
  tenant_key?: string;
}

/** The body of `im.message.receive_v1`. */
export interface LarkMessageEvent {
  sender?: { sender_id?: LarkUserId; sender_type?: string; tenant_key?: string };
  message?: {
    message_id?: string;
    root_id?: string;
    parent_id?: string;
    create_time?: string;
    chat_id?: string;
    /** "p2p" or "group" ("topic_group" in topic groups). */
    chat_type?: string;
    message_type?: string;
    /** JSON text whose shape depends on message_type. */
    content?: string;
    mentions?: LarkMention[];
  };
}

/** The body of `card.action.trigger` (a button press or a form submit on a card). */
export interface LarkCardActionEvent {
  operator?: LarkUserId & { tenant_key?: string };
  /** A token to update the card later (unused: cards are shared, feedback goes in toasts). */
  token?: string;
  action?: {
    /** The button's callback value, as the card declared it. */
    value?: unknown;
    tag?: string;
    name?: string;
    /** Form fields by name, on a form submit. */
    form_value?: Record<string, unknown>;
    input_value?: string;
    option?: string;
  };
  host?: string;
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** A schema 2.0 envelope after decryption. */
export interface LarkEnvelope {
  schema?: string;
  header?: LarkEventHeader;
  event?: unknown;
  /** Schema 1.0 and url_verification fields. */
  type?: string;
  token?: string;
  challenge?: string;
  uuid?: string;
}

/** What a card callback may answer: a toast for the person who pressed. */
export interface CardCallbackResponse {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; content: string; i18n?: Record<string, string> };
}

/** The event id, type and time taken from the header (or the flattened SDK data in ws mode). */
export interface EventMeta {
  eventId: string;
  eventType: string;
  receivedAt: Date;
}

/** Reads the meta of an event from its header; the time falls back to `fallback`. */
export function metaOf(header: LarkEventHeader | undefined, fallback: Date): EventMeta {
  return {
    eventId: header?.event_id ?? '',
    eventType: header?.event_type ?? '',
    receivedAt: parseCreateTime(header?.create_time) ?? fallback,
  };
}

/** Lark's create_time: milliseconds for events, microseconds for card callbacks (seconds, rarely). */
export function parseCreateTime(value: string | undefined): Date | null {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n <= 0) return null;
  const ms = n > 1e14 ? n / 1000 : n < 1e11 ? n * 1000 : n;
  return new Date(Math.floor(ms));
}
