// /whoami, /iam, /approve, /reject, /lang (/setup is in setup-command.ts).
import { isLocale, type Person } from '../model.ts';
import { audit } from '../audit.ts';
import { translator, type MessageKey } from '../messages/catalog/index.ts';
import { message, type OutboundMessage } from '../messages/outbound.ts';
import { claimIdentity, decideClaim, type ClaimMismatch } from '../people/claim-identity.ts';
import { soleOrgId } from '../people/resolve-actor.ts';
import { reply, type CommandContext, type PersonContext, type Reply } from './context.ts';

function text(line: string): OutboundMessage {
  return message([{ kind: 'text', lines: [[line]] }]);
}

/** The roles a person holds on the list, in the reader's language. */
function rolesOf(t: CommandContext['t'], person: Person): string {
  const roles = (['coordinator', 'leader', 'owner'] as const).filter((r) => person[`is${r[0]?.toUpperCase()}${r.slice(1)}` as 'isCoordinator' | 'isLeader' | 'isOwner']);
  return roles.length ? roles.map((r) => t(`common.role.${r}` as MessageKey)).join('、') : t('common.role.none');
}

/** One warning line per contact detail on the list that the claiming account does not match. */
function mismatchLine(t: CommandContext['t'], name: string, m: ClaimMismatch): string {
  const listed = m.field === 'username' ? `@${m.listed.replace(/^@/, '')}` : m.listed;
  const given = m.given === undefined ? t('admin.iam.given_none') : t('admin.iam.given', { value: m.field === 'username' ? `@${m.given.replace(/^@/, '')}` : m.given });
  return t('admin.iam.mismatch', { name, field: t(`admin.iam.field.${m.field}`), listed, given });
}

function accountLabel(ctx: CommandContext): string {
  const { sender } = ctx.incoming;
  return sender.username ? `@${sender.username}` : sender.displayName || sender.id;
}

export async function whoamiCommand(ctx: CommandContext): Promise<Reply[]> {
  const { t, actor } = ctx;
  const person = actor.person;
  if (!person || !actor.org) return reply(text(t('common.whoami.unbound', { account: accountLabel(ctx) })));
  const [owns, leads] = await Promise.all([
    ctx.deps.db.project.findMany({ where: { ownerId: person.id }, select: { code: true, name: true }, take: 20 }),
    ctx.deps.db.project.findMany({ where: { leaderId: person.id }, select: { code: true, name: true }, take: 20 }),
  ]);
  const lines = [[t('common.whoami.bound', { name: person.name, org: actor.org.name, roles: rolesOf(t, person) })]];
  if (owns.length) lines.push([t('common.whoami.projects', { projects: owns.map((p) => `${p.code} ${p.name}`).join('；') })]);
  if (leads.length) lines.push([t('common.whoami.leads', { projects: leads.map((p) => `${p.code} ${p.name}`).join('；') })]);
  return reply(message([{ kind: 'text', lines }]));
}

export async function iamCommand(ctx: CommandContext): Promise<Reply[]> {
  const { t, actor } = ctx;
  const orgId = actor.org?.id ?? actor.chat?.orgId ?? (await soleOrgId(ctx.deps));
  if (!orgId) return reply(text(t('common.error.no_org')));
  const name = ctx.args.split('\n')[0]?.trim() ?? '';
  if (!name) return reply(text(t('admin.iam.usage')));
  const result = await claimIdentity(ctx.deps, { orgId, incoming: ctx.incoming, name, current: ctx.actor.person });
  switch (result.kind) {
    case 'already_bound':
      return reply(text(t('admin.iam.already', { name: result.person.name })));
    case 'taken':
      return reply(text(t('admin.iam.taken', { name: result.person.name })));
    case 'unknown_person':
      // Never a suggestion: an account nobody approved must not learn names from the list.
      return reply(text(t('admin.iam.unknown_person', { name: result.name })));
    case 'rate_limited':
      return reply(text(t(result.scope === 'account' ? 'admin.iam.rate_limited.account' : 'admin.iam.rate_limited.org', { limit: result.limit })));
    case 'pending': {
      const { sender, platform } = ctx.incoming;
      const notice = (tr: typeof t) =>
        message([{ kind: 'text', lines: [
          [tr('admin.iam.notify', { account: accountLabel(ctx), platform: platform === 'lark' ? 'Lark' : platform === 'telegram' ? 'Telegram' : platform, id: sender.id, name: result.person.name, roles: rolesOf(tr, result.person) })],
          ...result.mismatches.map((m) => [mismatchLine(tr, result.person.name, m)]),
        ] }], {
          buttons: [
            { label: tr('admin.approve.button'), action: `claim:approve:${result.claim.id}`, style: 'primary' },
            { label: tr('admin.reject.button'), action: `claim:reject:${result.claim.id}`, style: 'danger' },
          ],
        });
      const replies: Reply[] = [{ message: text(t('admin.iam.pending', { name: result.person.name })) }];
      // In a group, coordinators there see the buttons; every coordinator also gets a private note.
      if (ctx.incoming.chat.kind === 'group') replies.push({ message: notice(t) });
      const coordinators = await ctx.deps.db.identity.findMany({ where: { platform: ctx.incoming.platform, person: { orgId, isCoordinator: true } } });
      for (const account of coordinators) {
        replies.push({ message: notice(t), to: { platform: ctx.incoming.platform, chatId: account.platformUserId }, key: `claim:${result.claim.id}:${account.platformUserId}` });
      }
      return replies;
    }
  }
}

/** /approve and /reject by name, or the Approve / Reject buttons (claimId). */
export async function decideCommand(ctx: PersonContext, approve: boolean, claimId?: string): Promise<Reply[]> {
  const { t } = ctx;
  const name = ctx.args.split('\n')[0]?.trim() ?? '';
  if (!name && !claimId) return reply(text(t('admin.approve.usage')));
  const result = await decideClaim(ctx.deps, { coordinator: ctx.actor.person, approve, name: claimId ? undefined : name, claimId });
  if (result.kind === 'no_pending') return reply(text(t('admin.approve.none', { name: result.name || '?' })));
  const params = { account: result.claim.displayName || result.claim.platformUserId, name: result.person.name };
  const replies: Reply[] = [{ message: text(t(result.kind === 'approved' ? 'admin.approve.done' : 'admin.reject.done', params)) }];
  if (result.kind === 'approved') {
    replies.push({ message: text(t('common.bound_now', { name: result.person.name })), to: { platform: ctx.incoming.platform, chatId: result.claim.platformUserId }, key: `claim-approved:${result.claim.id}` });
  }
  return replies;
}

export async function langCommand(ctx: PersonContext): Promise<Reply[]> {
  const word = ctx.args.trim().toLowerCase();
  const locale = ['zh', 'zh-cn', '中文', 'cn'].includes(word) ? 'zh-CN' : ['en', 'english', '英文'].includes(word) ? 'en' : null;
  if (!locale || !isLocale(locale)) return reply(text(ctx.t('common.lang.usage')));
  const person: Person = ctx.actor.person;
  await ctx.deps.db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: person.id }, data: { locale } });
    await audit(tx, { orgId: person.orgId, actorId: person.id, action: 'person.locale', entity: 'person', entityId: person.id, detail: { locale } });
  });
  return reply(text(translator(locale)('common.lang.set')));
}
