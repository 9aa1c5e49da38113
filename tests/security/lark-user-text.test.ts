// Issue #16 finding 3: what a user typed never becomes a live mention or link in what the bot sends
// to Lark — plain-text messages, cards, and the plain text sent when a card is refused. Mentions are
// built only from known open_ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../src/adapters/lark/client.ts';
import { defusePlainText, renderText } from '../../src/adapters/lark/render.ts';
import { LarkPlatform } from '../../src/adapters/lark/send.ts';
import { silentLogger } from '../../src/core/context.ts';
import { message } from '../../src/core/messages/outbound.ts';
import { FAKE_APP_ID, FAKE_APP_SECRET, FakeLark } from '../support/fake-lark.ts';

const HOSTILE = '本周完成<at user_id="all">所有人</at>，详见[点这里](http://evil.example/x)';
const LIVE_AT = /<at[\s>]/i;
const LIVE_LINK = /\[[^\]]*\]\([^)]*\)/;

let fake: FakeLark;
beforeAll(async () => {
  fake = await FakeLark.start();
});
afterAll(async () => {
  await fake.close();
});

function platform(): LarkPlatform {
  const client = createLarkClient({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, domain: fake.url, log: silentLogger });
  return new LarkPlatform({ client, log: silentLogger, locale: 'zh-CN' });
}

function textOf(chat: string): string {
  const sent = fake.messagesTo(chat);
  expect(sent).toHaveLength(1);
  return JSON.stringify(sent[0]?.content);
}

describe('user text sent to Lark', () => {
  it('is never a live <at> or link in a plain-text message', async () => {
    await platform().send('oc_plain', message([{ kind: 'text', lines: [[HOSTILE]] }]));
    const sent = fake.messagesTo('oc_plain')[0];
    expect(sent?.msg_type).toBe('text');
    const text = (sent?.content as { text: string }).text;
    expect(text).not.toMatch(LIVE_AT);
    expect(text).not.toMatch(LIVE_LINK);
    expect(text).toContain('@所有人');
    expect(text).toContain('点这里 (http://evil.example/x)');
  });

  it('is never a live <at> in a card, and not in the text sent when the card is refused', async () => {
    const card = message([
      { kind: 'heading', text: '周报' },
      { kind: 'fields', fields: [{ label: '本周进展', value: HOSTILE }] },
      { kind: 'quote', text: HOSTILE },
      { kind: 'code', text: `/report ${HOSTILE}` },
      { kind: 'text', lines: [[{ mention: { name: '</at><at user_id="all">x', userId: 'all' } }, HOSTILE]] },
    ]);
    await platform().send('oc_card', card);
    expect(textOf('oc_card')).not.toMatch(LIVE_AT);

    fake.failNext({ status: 400, code: 230099, msg: 'Failed to create card content', to: 'oc_card_fb' });
    await platform().send('oc_card_fb', card);
    const fallback = fake.messagesTo('oc_card_fb').find((m) => m.msg_type === 'text');
    const text = (fallback?.content as { text: string }).text;
    expect(text).toContain('周报');
    expect(text).not.toMatch(LIVE_AT);
    expect(text).not.toMatch(LIVE_LINK);
  });

  it('mentions a known open_id, with the name defused', () => {
    const text = renderText(message([{ kind: 'text', lines: [[{ mention: { name: '张<b>科长', userId: 'ou_zhang1' } }]] }]));
    expect(text).toBe('<at user_id="ou_zhang1">张＜b科长</at>');
  });

  it('defuses tags and links but leaves ordinary text alone', () => {
    expect(defusePlainText('进度 < 50%，a<b 不变')).toBe('进度 < 50%，a＜b 不变');
    expect(defusePlainText('<AT user_id=all></at>')).toBe('@');
    expect(defusePlainText('![图](http://x/y.png)')).toBe('图 (http://x/y.png)');
    expect(defusePlainText('普通文字 3.5%')).toBe('普通文字 3.5%');
  });
});
