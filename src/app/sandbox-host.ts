// What the sandbox may ask of the app: names, the org, importing a file, its group chat.
import type { SandboxHost } from '../adapters/sandbox/sandbox.ts';
import { SANDBOX_GROUP_ID } from '../adapters/sandbox/sandbox.ts';
import type { CoreDeps } from '../core/context.ts';
import { translator } from '../core/messages/catalog/index.ts';
import type { Locale } from '../core/model.ts';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importProjectFile, renderImportFileResult } from '../core/projects/import-project-file.ts';
import { renderTableReadError } from '../core/projects/render-import-summary.ts';

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
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        return [renderTableReadError(t, { code: code === 'ENOENT' ? 'not_found' : 'unreadable', file: basename(path), detail: code })];
      }
      const orgName = orgNameGiven ?? options.orgName ?? (await org())?.name;
      const result = await importProjectFile(deps, {
        bytes,
        fileName: basename(path),
        ...(orgName ? { orgName } : {}),
        fallbackOrgName: t('sandbox.default_org'),
        dryRun,
        actorId: null,
        timeZone: deps.defaults.timeZone,
        locale: deps.defaults.locale,
      });
      return renderImportFileResult(t, result);
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
