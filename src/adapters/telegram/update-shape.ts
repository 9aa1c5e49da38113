// The parts of a Telegram update the bot reads, checked before they are read. Telegram sends
// well-formed updates; the webhook is reachable by anyone who has (or guesses) its secret, so a body
// is checked before it is trusted: a wrong type anywhere the decoder looks makes it "not an update"
// rather than an exception. Fields the bot does not read are let through untouched.
import { z } from 'zod';

const id = z.number().int().refine(Number.isSafeInteger);
const user = z.looseObject({
  id,
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
const chat = z.looseObject({ id, type: z.string(), title: z.string().optional() });
const message = z.looseObject({
  message_id: id,
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  media_group_id: z.string().optional(),
  document: z.looseObject({ file_id: z.string(), file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
  photo: z.array(z.looseObject({ file_id: z.string(), width: z.number(), height: z.number(), file_size: z.number().optional() })).optional(),
  reply_to_message: z.looseObject({ message_id: id, from: user.optional() }).optional(),
});

/** An update as far as the bot reads it. */
export const updateShape = z.looseObject({
  update_id: id,
  message: message.optional(),
  callback_query: z
    .looseObject({ id: z.string(), from: user, data: z.string().optional(), message: z.looseObject({ message_id: id, chat }).optional() })
    .optional(),
});

/** True when every field the decoder reads has the type Telegram documents. */
export function isWellFormedUpdate(value: unknown): boolean {
  return updateShape.safeParse(value).success;
}
