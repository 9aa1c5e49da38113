// "/setup": a coordinator binds the current group to their org, so reminders and standings go there.
import type { Chat, Org, Person } from '../model.ts';
import { audit } from '../audit.ts';
import type { CoreDeps } from '../context.ts';
import type { Incoming } from '../platform.ts';

export async function setupChat(deps: CoreDeps, input: { org: Org; coordinator: Person; incoming: Incoming }): Promise<{ chat: Chat; moved: boolean }> {
  const { incoming } = input;
  const key = { platform_platformChatId: { platform: incoming.platform, platformChatId: incoming.chat.id } };
  return deps.db.$transaction(async (tx) => {
    const before = await tx.chat.findUnique({ where: key });
    const chat = await tx.chat.upsert({
      where: key,
      create: { orgId: input.org.id, platform: incoming.platform, platformChatId: incoming.chat.id, kind: incoming.chat.kind, title: incoming.chat.title ?? '' },
      update: { orgId: input.org.id, kind: incoming.chat.kind, title: incoming.chat.title ?? before?.title ?? '' },
    });
    await audit(tx, { orgId: input.org.id, actorId: input.coordinator.id, action: 'chat.setup', entity: 'chat', entityId: chat.id, detail: { platform: incoming.platform, title: chat.title } });
    return { chat, moved: Boolean(before && before.orgId !== input.org.id) };
  });
}
