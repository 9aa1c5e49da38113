// Who sees a project's photos: its leader and the coordinators; the leader of another project and
// the owner are refused, and nothing is sent to them. On both providers (the ReportPhoto migration).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { storePhoto } from '../../../src/core/photos/store-photo.ts';
import { createTestDatabase, describeEachProvider, type TestDatabase } from '../../support/db.ts';
import { buildWorld, type World } from '../../support/world.ts';
import { jpeg } from './photo-bytes.ts';

describeEachProvider('/photos scope', (provider) => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase(provider);
    world = await buildWorld(database.db, { now: '2026-11-18T02:00:00Z' });
    const project = await database.db.project.findFirstOrThrow({ where: { orgId: world.orgId, code: '3' } });
    const owner = await world.personId('刘站长');
    const at = new Date('2026-11-18T02:00:00Z');
    const report = await database.db.report.create({ data: { orgId: world.orgId, projectId: project.id, period: '2026-W47', revision: 1, authorId: owner, firstFiledAt: at, filedAt: at } });
    const stored = await storePhoto(world.deps.ports.files, jpeg({ seed: `scope-${provider}` }), { timeZone: 'Asia/Shanghai' });
    if (!stored.ok) throw new Error(stored.reason);
    const { photo } = stored;
    await database.db.reportPhoto.create({ data: { orgId: world.orgId, reportId: report.id, projectId: project.id, period: '2026-W47', sha256: photo.sha256, fileKey: photo.fileKey, mime: photo.mime, bytes: photo.bytes, byPersonId: owner } });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('sends the photos to the project’s leader and a coordinator', async () => {
    for (const name of ['李院长', '王主任']) {
      const replies = await world.send(name, '/photos 3 2026-W47', { chat: 'private' });
      expect(replies.filter((r) => r.message.attachment?.kind === 'image')).toHaveLength(1);
    }
  });

  it('refuses the leader of another project and the owner', async () => {
    const other = await world.send('赵院长', '/照片 3', { chat: 'private' });
    expect(other.some((r) => r.message.attachment)).toBe(false);
    expect(await world.say('赵院长', '/照片 3', { chat: 'private' })).toContain('只有它的责任领导和项目办可以调阅');
    expect(await world.say('刘站长', '/photos 3', { chat: 'private' })).toContain('只有责任领导或项目办可以使用');
  });

  it('sends a leader asking in a group the photos privately', async () => {
    const replies = await world.send('李院长', '/photos 3', { chat: 'group' });
    const images = replies.filter((r) => r.message.attachment?.kind === 'image');
    expect(images).toHaveLength(1);
    expect(images[0]?.to).toEqual({ platform: 'sandbox', chatId: '李院长' });
  });
});
