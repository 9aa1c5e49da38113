// What the sandbox may ask of the app: names, the org, importing a file, its group chat.
import type { SandboxHost } from '../adapters/sandbox/sandbox.ts';
import { SANDBOX_GROUP_ID } from '../adapters/sandbox/sandbox.ts';
import type { CoreDeps } from '../core/context.ts';
import { translator } from '../core/messages/catalog/index.ts';
import type { Locale } from '../core/model.ts';
import { importProjects } from '../core/projects/import-projects.ts';
import { renderImportSummary, renderTableReadError } from '../core/projects/render-import-summary.ts';
import { parseProjectTable } from '../core/rules/project-list.ts';
import { readTableFile, TableReadError } from '../io/read-table.ts';

export function createSandboxHost(deps: CoreDeps, options: { orgName?: string; locale: Locale; flush: () => Promise<void> }): SandboxHost {
  const { db } = deps;
  const org = async () => (options.orgName ? db.org.findUnique({ where: { name: options.orgName } }) : db.org.findFirst({ orderBy: { createdAt: 'asc' } }));
  return {
    async orgName() {
      return (await org())?.name ?? null;
    },
    async people() {
      const current = await org();
      if (!current) return [];
      const people = await db.person.findMany({ where: { orgId: current.id }, orderBy: [{ isCoordinator: 'desc' }, { isLeader: 'desc' }, { name: 'asc' }], select: { name: true } });
      return people.map((p) => p.name);
    },
    async defaultSpeaker() {
      const current = await org();
      if (!current) return null;
      const person =
        (await db.person.findFirst({ where: { orgId: current.id, isCoordinator: true }, orderBy: { name: 'asc' } })) ??
        (await db.person.findFirst({ where: { orgId: current.id }, orderBy: { name: 'asc' } }));
      return person?.name ?? null;
    },
    async importFile(path, dryRun, orgNameGiven) {
      const t = translator(options.locale);
      let table: string[][];
      try {
        table = await readTableFile(path);
      } catch (error) {
        if (error instanceof TableReadError) return [renderTableReadError(t, error)];
        throw error;
      }
      const parsed = parseProjectTable(table);
      const orgName = orgNameGiven ?? options.orgName ?? (await org())?.name;
      const summary = await importProjects(db, {
        ...(orgName ? { orgName } : {}),
        fallbackOrgName: parsed.title ?? t('sandbox.default_org'),
        rows: parsed.rows,
        errors: parsed.errors,
        dryRun,
        actorId: null,
        timeZone: deps.defaults.timeZone,
        locale: deps.defaults.locale,
      });
      return renderImportSummary(t, summary, { skipped: parsed.skipped });
    },
    async ensureGroup() {
      const current = await org();
      if (!current) return;
      await db.chat.upsert({
        where: { platform_platformChatId: { platform: 'sandbox', platformChatId: SANDBOX_GROUP_ID } },
        create: { orgId: current.id, platform: 'sandbox', platformChatId: SANDBOX_GROUP_ID, kind: 'group', title: `${current.name}` },
        update: { orgId: current.id },
      });
    },
    flush: options.flush,
  };
}
