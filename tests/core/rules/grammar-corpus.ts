// Realistic report bodies (the message without its /report word) as owners and project offices
// type them on phones, each with the fields it must give or the refusal it must get. Amounts are
// in 万元 as exact decimal strings. A field left out of `fields` must be read as absent: nothing
// may be read that is not listed here.
import type { WeekRef } from '../../../src/core/rules/submission/index.ts';

export interface Fields {
  projectRef?: string;
  week?: WeekRef;
  progress?: number;
  invested?: string;
  cumulative?: string;
  done?: string;
  problems?: string[];
  nextPlan?: string;
  help?: string;
  reason?: string;
  notes?: { field: string; text: string }[];
  confirmed?: boolean;
}

export interface Refusal {
  field: string;
  key: string;
  /** The figure the error must quote in its params, for figure errors. */
  figure?: string;
}

export type CorpusCase = { group: string; input: string } & ({ fields: Fields } | { refused: Refusal[] });

const cases: CorpusCase[] = [];
let group = '';
function ok(input: string, fields: Fields): void {
  cases.push({ group, input, fields });
}
function no(input: string, ...refused: [field: string, key: string, figure?: string][]): void {
  cases.push({ group, input, refused: refused.map(([field, key, figure]) => ({ field, key, ...(figure !== undefined ? { figure } : {}) })) });
}
const UNASSIGNED = 'grammar.figure.unassigned';
const UNASSIGNED_PCT = 'grammar.figure.unassigned_percent';
const TYPO = 'grammar.key.typo';
const REQUIRED = 'grammar.progress.required';

// ---------------------------------------------------------------------------------------------
group = 'what was wrong before';
// Silent misreadings: the amounts were dropped into 本周进展 or became progress text.
ok('5 形象进度 30% 本周完成投资 80万 累计 600万', { projectRef: '5', progress: 30, invested: '80', cumulative: '600' });
no('1 45% 本周-120万 累计3200万', ['investedThisWeek', 'grammar.amount.negative']);
// Refused with misleading errors although obviously readable.
ok('40%，本周80万，累计680万，基础完成', { progress: 40, invested: '80', cumulative: '680', done: '基础完成' });
ok('40%,本周80万,累计680万,基础完成', { progress: 40, invested: '80', cumulative: '680', done: '基础完成' });
ok('城东院区 40%，本周80万，累计680万，基础完成', { projectRef: '城东院区', progress: 40, invested: '80', cumulative: '680', done: '基础完成' });
ok('形象进度：40%；本周完成投资：80万；累计完成投资：680万；本周进展：基础完成；存在问题：无', { progress: 40, invested: '80', cumulative: '680', done: '基础完成', problems: [] });
ok('1\n形象进度：35%\n累计完成投资：300万元（含设备预付款）', { projectRef: '1', progress: 35, cumulative: '300', notes: [{ field: 'cumulative', text: '含设备预付款' }] });
ok('城东院区\n形象进度 35%\n本周完成投资 80万\n累计完成投资 600万\n本周进展 基础完成', { projectRef: '城东院区', progress: 35, invested: '80', cumulative: '600', done: '基础完成' });
ok('城东院区\n一、本周进展：基础完成\n二、形象进度：35%\n三、存在问题：无', { projectRef: '城东院区', progress: 35, done: '基础完成', problems: [] });
ok('形象进度 35%', { progress: 35 });
ok('1 累计完成投资300万 形象进度35%', { projectRef: '1', progress: 35, cumulative: '300' });
no('1\n累计：-5万\n形象进度：3%', ['cumulative', 'grammar.amount.negative']);

// ---------------------------------------------------------------------------------------------
group = 'one line';
ok('城东院区 45% 本周120万 累计3200万 主体结构封顶', { projectRef: '城东院区', progress: 45, invested: '120', cumulative: '3200', done: '主体结构封顶' });
ok('1 45%', { projectRef: '1', progress: 45 });
ok('1 0%', { projectRef: '1', progress: 0 });
ok('1 100% 竣工验收完成', { projectRef: '1', progress: 100, done: '竣工验收完成' });
ok('1 100%', { projectRef: '1', progress: 100 });
ok('12 62.5% 本周35.5万 累计1399.98万', { projectRef: '12', progress: 62.5, invested: '35.5', cumulative: '1399.98' });
ok('县中医院综合楼 20% 累计800万', { projectRef: '县中医院综合楼', progress: 20, cumulative: '800' });
ok('中医院 20%，本周50万元，累计850万元，二层砌体施工', { projectRef: '中医院', progress: 20, invested: '50', cumulative: '850', done: '二层砌体施工' });
ok('45% 累计3200万', { progress: 45, cumulative: '3200' });
ok('45%', { progress: 45 });
ok('1 45% 本周0万 累计3200万 停工待料', { projectRef: '1', progress: 45, invested: '0', cumulative: '3200', done: '停工待料' });
ok('1 本周120万 累计3200万 45%', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1 45%；本周120万；累计3200万；主体结构封顶', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200', done: '主体结构封顶' });
ok('1 45%、本周120万、累计3200万', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1 形象进度45%本周完成投资80万累计完成投资600万', { projectRef: '1', progress: 45, invested: '80', cumulative: '600' });
ok('1 进度45% 本周投资80万 累计投资600万', { projectRef: '1', progress: 45, invested: '80', cumulative: '600' });
ok('1 进度 45% 本周 80 累计 600', { projectRef: '1', progress: 45, invested: '80', cumulative: '600' });
ok('1 形象进度：45% 本周完成投资：80万元 累计完成投资：600万元', { projectRef: '1', progress: 45, invested: '80', cumulative: '600' });
ok('1 45% 累计1.2亿', { projectRef: '1', progress: 45, cumulative: '12000' });
ok('1 45% 累计1.2亿元', { projectRef: '1', progress: 45, cumulative: '12000' });
ok('1 45% 本周800000元 累计3200万', { projectRef: '1', progress: 45, invested: '80', cumulative: '3200' });
ok('1 45% 本周1,200,000元', { projectRef: '1', progress: 45, invested: '120' });
ok('1 45% 累计¥3200万', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1 45% 主体结构第三层浇筑完成 进入四层施工', { projectRef: '1', progress: 45, done: '主体结构第三层浇筑完成 进入四层施工' });
ok('1 45% 补充：第三层验收通过', { projectRef: '1', progress: 45, done: '补充：第三层验收通过' });
ok('1 45% 完成ＡＢＣ段（全角）', { projectRef: '1', progress: 45, done: '完成ＡＢＣ段（全角）' });
ok('1 45% 第3层浇筑完成', { projectRef: '1', progress: 45, done: '第3层浇筑完成' });
ok('1 45% 11月16日完成封顶', { projectRef: '1', progress: 45, done: '11月16日完成封顶' });
ok('1 45% 完成3.4万平方米外墙涂料', { projectRef: '1', progress: 45, done: '完成3.4万平方米外墙涂料' });
ok('1 45% 新增床位200张', { projectRef: '1', progress: 45, done: '新增床位200张' });
ok('1 45% 确认', { projectRef: '1', progress: 45, confirmed: true });
ok('1 45% 累计3200万 确认', { projectRef: '1', progress: 45, cumulative: '3200', confirmed: true });
ok('1 上周 40% 原因:出差', { projectRef: '1', week: { kind: 'last' }, progress: 40, reason: '出差' });
ok('1 第46周 40%', { projectRef: '1', week: { kind: 'number', week: 46 }, progress: 40 });
ok('1 2026-W46 40% 累计3000万', { projectRef: '1', week: { kind: 'iso', year: 2026, week: 46 }, progress: 40, cumulative: '3000' });
ok('1 45% 存在问题：无', { projectRef: '1', progress: 45, problems: [] });
ok('1 45% 本周进展：主体封顶，砌体完成60%', { projectRef: '1', progress: 45, done: '主体封顶，砌体完成60%' });
ok('1 45% 本周：主体封顶', { projectRef: '1', progress: 45, done: '主体封顶' });
ok('1 45% 问题：资金未到位；计划：下周浇筑四层', { projectRef: '1', progress: 45, problems: ['资金未到位'], nextPlan: '下周浇筑四层' });
ok('1 45% 本周120万 累计3200万 存在问题 用电增容未批', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200', problems: ['用电增容未批'] });

// ---------------------------------------------------------------------------------------------
group = 'full-width';
ok('１　４５％　本周１２０万　累计３２００万', { projectRef: '１', progress: 45, invested: '120', cumulative: '3200' });
ok('1 ４５．５％ 累计３２００万', { projectRef: '1', progress: 45.5, cumulative: '3200' });
ok('1\n形象进度：４５％\n本周完成投资：１２０万元\n累计完成投资：３，２００万元', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1\n形象进度：45％\n本周完成投资：１２０．５万', { projectRef: '1', progress: 45, invested: '120.5' });
ok('城东院区，４５％，本周１２０万，累计３２００万，主体结构封顶。', { projectRef: '城东院区', progress: 45, invested: '120', cumulative: '3200', done: '主体结构封顶' });
ok('1；形象进度：45%；累计完成投资：3200万元；', { projectRef: '1', progress: 45, cumulative: '3200' });

// ---------------------------------------------------------------------------------------------
group = 'multi-line';
ok('城东院区\n形象进度：45%\n本周完成投资：120万\n累计完成投资：3200万元\n本周进展：主体结构第三层浇筑完成\n存在问题：无\n下周计划：第四层钢筋绑扎\n需协调事项：请协调供电公司',
  { projectRef: '城东院区', progress: 45, invested: '120', cumulative: '3200', done: '主体结构第三层浇筑完成', problems: [], nextPlan: '第四层钢筋绑扎', help: '请协调供电公司' });
ok('1\n 进度 : 45 %\n累计投资 : 3 200 万', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n进度: 45\n本周: 120\n累计: 3200', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1\n进度: 45\n本周: 主体封顶', { projectRef: '1', progress: 45, done: '主体封顶' });
ok('\n形象进度: 30%\n累计完成投资: 500万', { progress: 30, cumulative: '500' });
ok('形象进度: 30%\n累计完成投资: 500万', { progress: 30, cumulative: '500' });
ok('项目: 县中医院综合楼\n形象进度: 20%', { projectRef: '县中医院综合楼', progress: 20 });
ok('项目名称：县医院城东院区感染防控中心\n形象进度：62%', { projectRef: '县医院城东院区感染防控中心', progress: 62 });
ok('1\n形象进度(%): 45\n本周完成投资（元）: 1,200,000\n累计完成投资(亿元): 0.32', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1\n形象进度（%）：45\n本周完成投资（万元）：120\n累计完成投资（万元）：3200', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1\n形象进度: 1%\n本周完成投资: 1,200,000元\n累计完成投资: 1.5亿', { projectRef: '1', progress: 1, invested: '120', cumulative: '15000' });
ok('1\n形象进度: 1%\n存在问题: 1. 用电未批 2、资金未到位 （3）雨季', { projectRef: '1', progress: 1, problems: ['用电未批', '资金未到位', '雨季'] });
ok('1\n形象进度: 1%\n存在问题:\n①用电未批\n②资金未到位', { projectRef: '1', progress: 1, problems: ['用电未批', '资金未到位'] });
ok('1\n形象进度: 1%\n问题: 用电未批\n资金未到位', { projectRef: '1', progress: 1, problems: ['用电未批', '资金未到位'] });
ok('1\n形象进度: 1%\n问题: 需要3.5米宽消防通道', { projectRef: '1', progress: 1, problems: ['需要3.5米宽消防通道'] });
ok('1\n形象进度: 1%\n存在问题: 暂无。', { projectRef: '1', progress: 1, problems: [] });
ok('1\n形象进度: 1%\n本周进展: 第一行\n第二行：含冒号\n下周计划: 验收', { projectRef: '1', progress: 1, done: '第一行\n第二行：含冒号', nextPlan: '验收' });
ok('1\n周次: 2026-W46\n形象进度: 1%', { projectRef: '1', week: { kind: 'iso', year: 2026, week: 46 }, progress: 1 });
ok('1\n周次: 2026年第46周\n形象进度: 1%', { projectRef: '1', week: { kind: 'iso', year: 2026, week: 46 }, progress: 1 });
ok('1\n周次: 第46周\n形象进度: 1%', { projectRef: '1', week: { kind: 'number', week: 46 }, progress: 1 });
ok('1\n周次: 上周\n形象进度: 1%\n原因: 补录', { projectRef: '1', week: { kind: 'last' }, progress: 1, reason: '补录' });
ok('1\n形象进度: 35%\n确认', { projectRef: '1', progress: 35, confirmed: true });
ok('1\n形象进度: 35%\n确认: 是', { projectRef: '1', progress: 35, confirmed: true });
ok('1\r\n形象进度: 45%\r\n累计: 10', { projectRef: '1', progress: 45, cumulative: '10' });
ok('1\n形象进度：45%\n本周进展：主体结构第三层浇筑完成，累计完成投资约3200万元', { projectRef: '1', progress: 45, done: '主体结构第三层浇筑完成，累计完成投资约3200万元' });
ok('1\n形象进度：45%\n本周进展：\n1、主体结构三层浇筑完成\n2、砌体完成60%\n3、完成投资120万元', { projectRef: '1', progress: 45, done: '1、主体结构三层浇筑完成\n2、砌体完成60%\n3、完成投资120万元' });
ok('1\n形象进度：45%\n存在问题：\n1. 进度滞后\n2. 进度款未拨付', { projectRef: '1', progress: 45, problems: ['进度滞后', '进度款未拨付'] });
ok('1\n形象进度：45%\n存在问题：1、资金缺口500万元；2、用电增容未批', { projectRef: '1', progress: 45, problems: ['资金缺口500万元', '用电增容未批'] });
ok('1\n形象进度：45%\n需协调事项：请财政局拨付进度款800万元', { projectRef: '1', progress: 45, help: '请财政局拨付进度款800万元' });
ok('1\n形象进度：45%\n下周计划：完成四层浇筑，形象进度达到50%', { projectRef: '1', progress: 45, nextPlan: '完成四层浇筑，形象进度达到50%' });
ok('\n城东院区\n形象进度：45%', { projectRef: '城东院区', progress: 45 });
ok('城东院区\n\n\n形象进度：45%\n\n累计完成投资：3200万', { projectRef: '城东院区', progress: 45, cumulative: '3200' });
ok('城东院区\n45%\n本周进展：封顶', { projectRef: '城东院区', progress: 45, done: '封顶' });
ok('城东院区\n40%，本周80万，累计680万，基础完成', { projectRef: '城东院区', progress: 40, invested: '80', cumulative: '680', done: '基础完成' });
ok('城东院区\n形象进度：45%，主体封顶', { projectRef: '城东院区', progress: 45, done: '主体封顶' });

// ---------------------------------------------------------------------------------------------
group = 'English';
ok('1\nprogress: 45%\ninvested: 120\ncumulative: 3,200\ndone: slab poured\nproblems: none\nnext: rebar\nhelp: power company',
  { projectRef: '1', progress: 45, invested: '120', cumulative: '3200', done: 'slab poured', problems: [], nextPlan: 'rebar', help: 'power company' });
ok('1 45% invested:120 cumulative:3200 structure topped out', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200', done: 'structure topped out' });
ok('1\nweek: last\nprogress: 40\nreason: travel\nconfirm', { projectRef: '1', week: { kind: 'last' }, progress: 40, reason: 'travel', confirmed: true });
ok('1\nprogress: 45%\ncumulative: 3200\nproblems: none', { projectRef: '1', progress: 45, cumulative: '3200', problems: [] });
ok('1\nProgress: 45%\nInvested: 120万\nCumulative: 3200万', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1 progress 45% invested 120 cumulative 3200', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200' });
ok('1 progress: 45%, invested: 120, cumulative: 3200, done: slab poured', { projectRef: '1', progress: 45, invested: '120', cumulative: '3200', done: 'slab poured' });

// ---------------------------------------------------------------------------------------------
group = 'refused';
no('   \n ', ['body', 'grammar.empty']);
no('城东院区', ['body', 'grammar.no_fields']);
no('1\n形象进度: 145%', ['progress', 'grammar.percent.range']);
no('1\n形象进度: 一半', ['progress', 'grammar.percent.invalid']);
no('1\n累计: 100', ['progress', REQUIRED]);
no('1 45% 本周12o万', ['investedThisWeek', 'grammar.amount.invalid']);
no('1\n形象进度: 1%\n累计完成投资: -5', ['cumulative', 'grammar.amount.negative']);
no('1\n形象进度: 1%\n本周完成投资: 0.001元', ['investedThisWeek', 'grammar.amount.too_precise']);
no('1\n形象进度: 1%\n进度: 2%', ['progress', 'grammar.duplicate']);
no('1\n今天开了会\n形象进度: 1%', ['line', 'grammar.unknown_line']);
no('1\n形象进度: 1%\n今天开了会', ['line', 'grammar.stray_line']);
no('1\n周次: 2026-W54\n形象进度: 1%', ['week', 'grammar.week.range']);
no('1\n周次: 下下周\n形象进度: 1%', ['week', 'grammar.week.invalid']);
no('1 45% 80万', ['line', UNASSIGNED, '80万']);
no('1 80万', ['line', UNASSIGNED, '80万'], ['progress', REQUIRED]);
no('1 45% 50%', ['line', UNASSIGNED_PCT, '45%'], ['line', UNASSIGNED_PCT, '50%']);
no('1 形象进度45% 50%', ['line', UNASSIGNED_PCT, '50%']);
no('1 45% 主体完成80%', ['line', UNASSIGNED_PCT, '80%']);
no('1 主体完成80%', ['line', UNASSIGNED_PCT, '80%']);
no('1 45% 完成投资80万', ['line', UNASSIGNED, '80万']);
no('1 45% 累计3200万 其中设备800万', ['line', UNASSIGNED, '800万']);
no('1 形像进度：45%', ['line', TYPO]);
no('1\n形像进度：45%', ['line', TYPO]);
no('1\n本周进展：封顶\n累计完成头资：300万\n形象进度：45%', ['line', TYPO]);
no('1\n形象进度：45%\n-120万', ['line', UNASSIGNED, '-120万']);
no('1 45% 本周-120万', ['investedThisWeek', 'grammar.amount.negative']);
no('1 45% 累计 -5万', ['cumulative', 'grammar.amount.negative']);
no('1 -5%', ['progress', 'grammar.percent.range']);

export const CORPUS: readonly CorpusCase[] = cases;
