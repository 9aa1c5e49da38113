// When an event fails for good, the project office hears of it: each coordinator of the org the
// event came from gets a private note with who sent what, and how to retry it.
import type { Reply } from '../commands/context.ts';
import type { CoreDeps } from '../context.ts';
import { translator } from '../messages/catalog/index.ts';
import { message } from '../messages/outbound.ts';
import type { Incoming } from '../platform.ts';
import { loadAudience } from '../schedule/audience.ts';

/** The notes to the coordinators of the event's org (none when the org is unknown). */
export async function failureNotices(deps: CoreDeps, incoming: Incoming, error: string): Promise<Reply[]> {
  const { db } = deps;
  const [chat, identity] = await Promise.all([
    db.chat.findUnique({ where: { platform_platformChatId: { platform: incoming.platform, platformChatId: incoming.chat.id } }, select: { orgId: true } }),
    db.identity.findUnique({ where: { platform_platformUserId: { platform: incoming.platform, platformUserId: incoming.sender.id } }, select: { person: { select: { orgId: true, name: true } } } }),
  ]);
  const orgId = chat?.orgId ?? identity?.person.orgId;
  const org = orgId ? await db.org.findUnique({ where: { id: orgId } }) : null;
  if (!org) return [];
  const audience = await loadAudience(deps, org);
  const sender = identity?.person.name ?? incoming.sender.displayName ?? incoming.sender.id;
  const quoted = incoming.text.length > 80 ? `${incoming.text.slice(0, 80)}…` : incoming.text;
  const replies: Reply[] = [];
  for (const coordinator of audience.coordinators) {
    const to = audience.privateChat(coordinator);
    if (!to) continue;
    const t = translator(audience.localeOf(coordinator));
    replies.push({ to, message: message([{ kind: 'text', lines: [[t('common.event_failed', { sender, text: quoted || incoming.action || '—', error: error.slice(0, 200) })]] }]) });
  }
  return replies;
}
