// Reading a prose report against a fake OpenAI-compatible server on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/llm/extract-report.ts';

let server: Server;
let baseUrl = '';
let reply: { status: number; content: string } = { status: 200, content: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { content: reply.content } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const projects = [
  { code: '1', name: '县医院城东院区感染防控中心工程' },
  { code: '4', name: '县医院信息平台' },
];
const text = '城东院区这周主体结构封顶了，形象进度大概45%，今年累计完成3,200万，需要协调电力接入。';
const llm = () => ({ baseUrl, model: 'm', timeoutMs: 2000 });

describe('extract report', () => {
  it('reads the fields, keeping only numbers the owner wrote', async () => {
    reply = { status: 200, content: '```json\n{"project":"县医院城东院区感染防控中心工程","progress":45,"cumulativeWan":3200,"investedThisWeekWan":150,"done":"主体结构封顶","problems":null,"nextPlan":null,"help":"电力接入"}\n```' };
    expect(await extractReport({ text, locale: 'zh-CN', projects, llm: llm() })).toEqual({
      projectCode: '1',
      progress: 45,
      cumulativeWan: 3200,
      investedThisWeekWan: null, // 150 is not in the owner's text
      done: '主体结构封顶',
      problems: null,
      nextPlan: null,
      help: '电力接入',
    });
  });

  it('gives null without an LLM, on an HTTP error, or on an unreadable answer', async () => {
    expect(await extractReport({ text, locale: 'zh-CN', projects, llm: null })).toBeNull();
    reply = { status: 500, content: '' };
    expect(await extractReport({ text, locale: 'zh-CN', projects, llm: llm() })).toBeNull();
    reply = { status: 200, content: '我无法理解' };
    expect(await extractReport({ text, locale: 'zh-CN', projects, llm: llm() })).toBeNull();
  });
});
