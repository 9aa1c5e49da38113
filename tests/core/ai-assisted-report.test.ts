// A report in prose that the grammar cannot read: with an LLM the bot shows what it read and stores
// nothing until the owner confirms; without one, the grammar's usual help.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { buildWorld, WAN, type World } from '../support/world.ts';
import { testPorts } from '../support/ports.ts';

let server: Server;
let baseUrl = '';
const answer = '{"project":"1","progress":45,"cumulativeWan":3200,"investedThisWeekWan":null,"done":"主体结构封顶","problems":null,"nextPlan":null,"help":"电力接入"}';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { content: answer } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('AI-assisted reports', () => {
  let database: TestDatabase;
  let world: World;
  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    world = await buildWorld(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });
  const prose = '城东院区这周主体结构封顶了，形象进度大概45%，今年累计完成3200万，需要协调电力接入。';
  const reports = () => database.db.report.count({ where: { orgId: world.orgId } });

  it('shows what the LLM read in reply to a reminder, and stores it only on 确认', async () => {
    world.deps.ports = testPorts({ llm: { baseUrl, model: 'test', timeoutMs: 2000 } });
    const proposal = await world.say('张科长', prose, { replyContext: 'report:1' });
    expect(proposal).toContain('我这样理解您的填报（尚未保存）');
    expect(proposal).toContain('形象进度: 45%');
    expect(proposal).toContain('累计完成投资: 3200万');
    expect(await reports()).toBe(0);
    expect(await world.say('张科长', '确认')).toContain('已收到');
    const report = await database.db.report.findFirstOrThrow({ where: { orgId: world.orgId } });
    expect(report).toMatchObject({ progress: 45, cumulative: 3200n * WAN, done: '主体结构封顶', help: '电力接入' });
  });

  it('gives the grammar’s usual help without an LLM', async () => {
    const reply = await world.say('张科长', prose, { replyContext: 'report:1' });
    expect(reply).toContain('这条填报还不能保存');
    expect(await reports()).toBe(0);
  });
});
