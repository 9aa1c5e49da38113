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

// ---------------------------------------------------------------------------------------------
group = 'officialese numbering and headings';
ok('1\n【形象进度】45%\n【本周完成投资】80万元\n【累计完成投资】680万元\n【本周进展】基础完成\n【存在问题】无\n【下周计划】主体施工', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: '基础完成', problems: [], nextPlan: '主体施工' });
ok('1\n【本周进展】\n主体封顶\n砌体完成60%\n【形象进度】\n45%\n【存在问题】无', { projectRef: '1', progress: 45, done: '主体封顶\n砌体完成60%', problems: [] });
ok('城东院区\n【本周进展】\n1、住院楼主体施工至12层\n2、门诊楼砌体完成80%\n【存在问题】\n1、施工用电增容未批\n2、雨季影响工期\n【下周计划】\n住院楼13层浇筑\n【形象进度】62%',
  { projectRef: '城东院区', progress: 62, done: '1、住院楼主体施工至12层\n2、门诊楼砌体完成80%', problems: ['施工用电增容未批', '雨季影响工期'], nextPlan: '住院楼13层浇筑' });
ok('1\n[形象进度] 45%\n[本周进展] 基础完成', { projectRef: '1', progress: 45, done: '基础完成' });
ok('1\n【形象进度】：45%', { projectRef: '1', progress: 45 });
ok('1\n形象进度\n45%\n本周进展\n基础完成', { projectRef: '1', progress: 45, done: '基础完成' });
ok('1\n（一）形象进度：45%\n（二）本周完成投资：80万元\n（三）累计完成投资：680万元\n（四）存在问题：无', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', problems: [] });
ok('1\n(1)形象进度：45%\n(2)本周完成投资：80万元', { projectRef: '1', progress: 45, invested: '80' });
ok('1\n1.形象进度：45%\n2.本周完成投资：80万元\n3.累计完成投资：680万元\n4.本周进展：基础完成', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: '基础完成' });
ok('1\n1、形象进度45%\n2、本周完成投资80万元\n3、累计完成投资680万元', { projectRef: '1', progress: 45, invested: '80', cumulative: '680' });
ok('1\n1）形象进度：45%\n2）累计完成投资：680万元', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\n①形象进度：45%\n②累计完成投资：680万元', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\n一、形象进度：45%\n二、本周完成投资：80万元\n三、累计完成投资：680万元\n四、本周进展：基础完成\n五、存在问题：无\n六、下周计划：主体施工\n七、需协调事项：无',
  { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: '基础完成', problems: [], nextPlan: '主体施工', help: '无' });
ok('1\n一、形象进度 45%\n二、累计完成投资 680万元', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\n- 形象进度：45%\n- 本周进展：基础完成', { projectRef: '1', progress: 45, done: '基础完成' });
ok('1\n• 形象进度：45%\n• 累计完成投资：680万', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\n**形象进度**：45%\n**累计完成投资**：3200万', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1.形象进度45%；2.本周完成投资80万；3.累计完成投资680万', { progress: 45, invested: '80', cumulative: '680' });
ok('1\n形象进度：45%\n存在问题：\n1. 进度 30% 落后计划', { projectRef: '1', progress: 45, problems: ['进度 30% 落后计划'] });
ok('1\n形象进度：45%\n本周进展：\n1、基础承台浇筑完成\n2、地梁钢筋绑扎60%\n存在问题：\n1、资金拨付滞后\n2、雨季影响\n下周计划：\n1、地梁浇筑\n2、一层柱施工',
  { projectRef: '1', progress: 45, done: '1、基础承台浇筑完成\n2、地梁钢筋绑扎60%', problems: ['资金拨付滞后', '雨季影响'], nextPlan: '1、地梁浇筑\n2、一层柱施工' });

// ---------------------------------------------------------------------------------------------
group = 'approximations, notes and units';
ok('1\n形象进度：约45%\n累计完成投资：近3200万元', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度：45%左右\n累计完成投资：3200万左右', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度：大约45%\n本周完成投资：大约80万', { projectRef: '1', progress: 45, invested: '80' });
ok('1 约45% 本周约80万 累计3200万元左右', { projectRef: '1', progress: 45, invested: '80', cumulative: '3200' });
ok('1 形象进度约45% 累计约3200万', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度：45%（主体封顶）\n累计完成投资：3200万元（占年度计划32%）', { projectRef: '1', progress: 45, cumulative: '3200', notes: [{ field: 'progress', text: '主体封顶' }, { field: 'cumulative', text: '占年度计划32%' }] });
ok('1\n形象进度：45%\n累计完成投资：3200万元(占年度计划32%)', { projectRef: '1', progress: 45, cumulative: '3200', notes: [{ field: 'cumulative', text: '占年度计划32%' }] });
ok('1\n形象进度：45%\n本周完成投资：80万元（其中设备款30万元）', { projectRef: '1', progress: 45, invested: '80', notes: [{ field: 'investedThisWeek', text: '其中设备款30万元' }] });
ok('1\n形象进度：45%\n累计完成投资：3200万元（含（设备）预付款）', { projectRef: '1', progress: 45, cumulative: '3200', notes: [{ field: 'cumulative', text: '含（设备）预付款' }] });
ok('1 45% 累计3200万元（占年度计划32%）', { projectRef: '1', progress: 45, cumulative: '3200', notes: [{ field: 'cumulative', text: '占年度计划32%' }] });
ok('1 45%（主体封顶） 累计3200万', { projectRef: '1', progress: 45, cumulative: '3200', notes: [{ field: 'progress', text: '主体封顶' }] });
ok('1\n形象进度：45%\n累计完成投资：3200万元整', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度：45%\n本周完成投资：0\n累计完成投资：3200万', { projectRef: '1', progress: 45, invested: '0', cumulative: '3200' });
ok('1\n形象进度：45%\n本周完成投资：0万元', { projectRef: '1', progress: 45, invested: '0' });
ok('1\n形象进度：45%\n累计完成投资：32,000,000元', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度：45%\n累计完成投资：0.32亿元', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度：45%\n累计完成投资：2.8645亿', { projectRef: '1', progress: 45, cumulative: '28645' });
ok('1\n形象进度：45%\n本周完成投资：5000元', { projectRef: '1', progress: 45, invested: '0.5' });
ok('1\n形象进度：45%\n本周完成投资：12.34元', { projectRef: '1', progress: 45, invested: '0.001234' });
ok('1\n形象进度：45%\n本周完成投资：120w', { projectRef: '1', progress: 45, invested: '120' });
ok('1\n形象进度：45%\n本周完成投资：￥800,000元', { projectRef: '1', progress: 45, invested: '80' });
ok('1\n形象进度：45.55%', { projectRef: '1', progress: 45.55 });
ok('1\n形象进度：45.555%', { projectRef: '1', progress: 45.56 });
ok('1\n形象进度：0.5%', { projectRef: '1', progress: 0.5 });
ok('1\n形象进度 ： 45 ％\n累计完成投资 ： ３２００ 万元', { projectRef: '1', progress: 45, cumulative: '3200' });
ok('1\n形象进度（%）：45\n累计完成投资（亿元）：1.2', { projectRef: '1', progress: 45, cumulative: '12000' });
ok('1 45% 完成3.4万平方米外墙涂料 累计3200万', { projectRef: '1', progress: 45, cumulative: '3200', done: '完成3.4万平方米外墙涂料' });
ok('1 45% 累计3200万 惠及4.1万人', { projectRef: '1', progress: 45, cumulative: '3200', done: '惠及4.1万人' });

// ---------------------------------------------------------------------------------------------
group = 'punctuation and spacing';
ok('1\n形象进度:45%\n本周完成投资:80万\n累计完成投资:680万', { projectRef: '1', progress: 45, invested: '80', cumulative: '680' });
ok('1 形象进度:45%,本周完成投资:80万,累计完成投资:680万,本周进展:基础完成', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: '基础完成' });
ok('1\n形象进度：45%。\n本周完成投资：80万元。\n累计完成投资：680万元。', { projectRef: '1', progress: 45, invested: '80', cumulative: '680' });
ok('1\n形象进度：45% \n本周进展：基础完成。 \n存在问题：无。', { projectRef: '1', progress: 45, done: '基础完成。', problems: [] });
ok('1 45% 累计完成投资680万元。', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\n形象进度：45%\n累计完成投资：680万元；本周完成投资：80万元', { projectRef: '1', progress: 45, cumulative: '680', invested: '80' });
ok('1\t45%\t累计680万', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1  45%   累计680万   基础完成', { projectRef: '1', progress: 45, cumulative: '680', done: '基础完成' });
ok('1；45%；累计680万；基础完成；', { projectRef: '1', progress: 45, cumulative: '680', done: '基础完成' });
ok('1，45%，本周80万，累计680万。', { projectRef: '1', progress: 45, invested: '80', cumulative: '680' });
ok('1\n形象进度：45%，本周完成投资：80万元，累计完成投资：680万元\n本周进展：基础完成', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: '基础完成' });
ok('城东院区 形象进度45% 主体封顶 累计680万元', { projectRef: '城东院区', progress: 45, cumulative: '680', done: '主体封顶' });
ok('1 45% 本周80万 累计680万 基础完成 问题：无 计划：主体施工', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: '基础完成', problems: [], nextPlan: '主体施工' });
ok('1 进度45 本周80 累计680', { projectRef: '1', progress: 45, invested: '80', cumulative: '680' });
ok('1\n进度：45\n累计：680', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1 45% 累计680', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\n形象进度：45%\n本周进展：主体结构第三层浇筑完成, 进入"四层"施工', { projectRef: '1', progress: 45, done: '主体结构第三层浇筑完成, 进入"四层"施工' });

// ---------------------------------------------------------------------------------------------
group = 'weeks, reasons, confirmation';
ok('1\n形象进度：45%\n原因：系统故障未能按时填报\n周次：上周', { projectRef: '1', progress: 45, week: { kind: 'last' }, reason: '系统故障未能按时填报' });
ok('1 上周 45% 累计680万 原因：出差', { projectRef: '1', week: { kind: 'last' }, progress: 45, cumulative: '680', reason: '出差' });
ok('1\n周次：第47周（11月16日—22日）\n形象进度：45%', { projectRef: '1', week: { kind: 'number', week: 47 }, progress: 45 });
ok('1 第47周（11月16日—22日） 45%', { projectRef: '1', week: { kind: 'number', week: 47 }, progress: 45 });
ok('1\n第47周\n形象进度：45%', { projectRef: '1', week: { kind: 'number', week: 47 }, progress: 45 });
ok('1 第47周 45%', { projectRef: '1', week: { kind: 'number', week: 47 }, progress: 45 });
ok('1\n周次：2026W47\n形象进度：45%', { projectRef: '1', week: { kind: 'iso', year: 2026, week: 47 }, progress: 45 });
ok('1\n周次：本周\n形象进度：45%', { projectRef: '1', week: { kind: 'this' }, progress: 45 });
ok('1\n周次 上周\n形象进度：45%\n补报原因：负责人外出培训', { projectRef: '1', week: { kind: 'last' }, progress: 45, reason: '负责人外出培训' });
ok('1\n形象进度：45%\n逾期原因：网络故障', { projectRef: '1', progress: 45, reason: '网络故障' });
ok('城东院区 45% 累计680万 主体封顶 确认', { projectRef: '城东院区', progress: 45, cumulative: '680', done: '主体封顶', confirmed: true });
ok('1\n形象进度：35%\n确认。', { projectRef: '1', progress: 35, confirmed: true });
ok('1\n形象进度：35%\nconfirm', { projectRef: '1', progress: 35, confirmed: true });
ok('1\n形象进度：35%\n确认：否', { projectRef: '1', progress: 35 });

// ---------------------------------------------------------------------------------------------
group = 'text fields keep their figures';
ok('县医院城东院区\n形象进度：62%\n本周完成投资：150万元\n累计完成投资：5280万元\n本周进展：住院楼主体结构施工至12层，门诊楼砌体完成80%\n存在问题：施工用电增容审批未完成\n下周计划：住院楼13层浇筑\n需协调事项：请供电公司加快增容审批',
  { projectRef: '县医院城东院区', progress: 62, invested: '150', cumulative: '5280', done: '住院楼主体结构施工至12层，门诊楼砌体完成80%', problems: ['施工用电增容审批未完成'], nextPlan: '住院楼13层浇筑', help: '请供电公司加快增容审批' });
ok('1\n形象进度：45%\n本周进展：主体封顶\n主体完成80%', { projectRef: '1', progress: 45, done: '主体封顶\n主体完成80%' });
ok('1\n形象进度：45%\n本周进展：完成\n占年度计划32%', { projectRef: '1', progress: 45, done: '完成\n占年度计划32%' });
ok('1\n形象进度：45%\n需协调事项：资金缺口1.2亿元，请财政统筹', { projectRef: '1', progress: 45, help: '资金缺口1.2亿元，请财政统筹' });
ok('1\n形象进度：45%\n原因：系统故障，本周投资80万已完成', { projectRef: '1', progress: 45, reason: '系统故障，本周投资80万已完成' });
ok('1\n形象进度：45%\n存在问题：设备款300万元未支付，进度约慢10%', { projectRef: '1', progress: 45, problems: ['设备款300万元未支付，进度约慢10%'] });
ok('1\n形象进度：45%\n下周计划：累计完成投资达到3500万元', { projectRef: '1', progress: 45, nextPlan: '累计完成投资达到3500万元' });
ok('1 45% 本周进展：本周完成投资80万，累计680万', { projectRef: '1', progress: 45, done: '本周完成投资80万，累计680万' });

// ---------------------------------------------------------------------------------------------
group = 'English, more';
ok('1\nprogress 45%\ncumulative 680', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\nprogress: 45 %\ninvested: 80 万\ncumulative: 680万元', { projectRef: '1', progress: 45, invested: '80', cumulative: '680' });
ok('1\nProgress: 45%\nDone: foundation complete\nProblems: none\nNext: structure\nHelp: none', { projectRef: '1', progress: 45, done: 'foundation complete', problems: [], nextPlan: 'structure', help: 'none' });
ok('1 45% invested 80 cumulative 680 foundation done', { projectRef: '1', progress: 45, invested: '80', cumulative: '680', done: 'foundation done' });
ok('1\nPROGRESS: 45%\nTOTAL: 680', { projectRef: '1', progress: 45, cumulative: '680' });
ok('1\nweek: 2026-W47\nprogress: 45%\nreason: server down', { projectRef: '1', week: { kind: 'iso', year: 2026, week: 47 }, progress: 45, reason: 'server down' });
ok('1\nprogress: 45%\nproblems: 1. power upgrade pending 2. rain', { projectRef: '1', progress: 45, problems: ['power upgrade pending', 'rain'] });
ok('1\nprogress: 45%\ndone: poured slab 3, 40% of walls', { projectRef: '1', progress: 45, done: 'poured slab 3, 40% of walls' });

// ---------------------------------------------------------------------------------------------
group = 'refused, more';
no('城东院区 本周3天雨天停工 45%', ['investedThisWeek', 'grammar.amount.invalid']);
no('1\n形象进度：45%\n本周完成投资：无', ['investedThisWeek', 'grammar.amount.invalid']);
no('1\n形象进度：45%\n本周完成投资：/', ['investedThisWeek', 'grammar.amount.invalid']);
no('1 45 累计680万', ['line', 'grammar.figure.unassigned_number', '45']);
no('1 45% 80 680', ['line', 'grammar.figure.unassigned_number', '80'], ['line', 'grammar.figure.unassigned_number', '680']);
no('1\n形象进度：45%\n本周进展：基础完成\n形象进度 50%', ['progress', 'grammar.duplicate']);
no('1\n形象进度：45%\n本周完成投资：80万\n本周完成投资：90万', ['investedThisWeek', 'grammar.duplicate']);
no('1\n形象进度：45%\n完成投资：80万', ['line', 'grammar.stray_line']);
no('1\n形象进度：45%\n年度计划投资：1亿元', ['line', 'grammar.stray_line']);
no('1\n形象进度：45%\n总投资：28645万元', ['line', 'grammar.stray_line']);
no('1 45% 总投资28645万', ['line', UNASSIGNED, '28645万']);
no('1 45% 年度计划投资1亿元', ['line', UNASSIGNED, '1亿元']);
no('1\n形象进度：45%\n累计完成投资：3200万元\n占年度计划32%', ['line', 'grammar.stray_line']);
no('1\n累计完成投资：3200.1234567万', ['cumulative', 'grammar.amount.too_precise'], ['progress', REQUIRED]);
no('1\n形象进度：45%\n累计完成投资：叁仟贰佰万元', ['cumulative', 'grammar.amount.invalid']);
no('1\n形象进度：百分之四十五', ['progress', 'grammar.percent.invalid']);
no('1 四成', ['progress', REQUIRED]);
no('1 45％，本周80万元，累计680万元，主体完成80%', ['line', UNASSIGNED_PCT, '80%']);
no('1 45%，主体完成（80%）', ['line', UNASSIGNED_PCT, '80%']);
no('1\n形象进度：45%\n主体完成80%', ['line', 'grammar.stray_line']);
no('1 45% 本周120万 累计3200万 其中设备款800万元', ['line', UNASSIGNED, '800万元']);
no('1 45% 累计3200万 开工以来累计完成投资5000万', ['line', UNASSIGNED, '5000万']);
no('1 40% 45%', ['line', UNASSIGNED_PCT, '40%'], ['line', UNASSIGNED_PCT, '45%']);
no('1\n形象进度：45%\n50%', ['line', UNASSIGNED_PCT, '50%']);
no('1 45% 80万 680万', ['line', UNASSIGNED, '80万'], ['line', UNASSIGNED, '680万']);
no('1 45% 约80万', ['line', UNASSIGNED, '80万']);
no('1 累计680万 主体完成80%', ['line', UNASSIGNED_PCT, '80%']);
no('1 45% 计划完成投资500万', ['line', UNASSIGNED, '500万']);
no('1 45% 进度款200万已拨付', ['line', UNASSIGNED, '200万']);
no('1 45% 本周拨付资金80万', ['line', UNASSIGNED, '80万']);
no('城东院区80%', ['line', UNASSIGNED_PCT, '80%']);
no('1 45% 钢筋单价4500元', ['line', UNASSIGNED, '4500元']);
no('1\n形象进度：45%\n本周完成投资：80万元\n累计完成投资：-680万元', ['cumulative', 'grammar.amount.negative']);
no('1\n形象进度：45%\n本周完成投资：−80万', ['investedThisWeek', 'grammar.amount.negative']);
no('1 45% 本周 -80万', ['investedThisWeek', 'grammar.amount.negative']);
no('1 45% 累计：-5万', ['cumulative', 'grammar.amount.negative']);
no('1\n形象进度：-5%', ['progress', 'grammar.percent.range']);
no('1\n形象进度：101%', ['progress', 'grammar.percent.range']);
no('1 145%', ['progress', 'grammar.percent.range']);
no('1\n形象进度：45万', ['progress', 'grammar.percent.invalid']);
no('1\n形象进度：45%\n本周完成投资：45%', ['investedThisWeek', 'grammar.amount.invalid']);
no('1\n形象进度：45%\n累计完成投资：20000亿', ['cumulative', 'grammar.amount.too_large']);
no('1\n形象进度：45%\n本周完成投资：1.2.3万', ['investedThisWeek', 'grammar.amount.invalid']);
no('1\n形象进度：45%\n本周完成投资：80万元\n本周进展：基础完成\n本周进展：主体施工', ['done', 'grammar.duplicate']);
no('1\n周次：第54周\n形象进度：45%', ['week', 'grammar.week.range']);
no('1\n周次：下周\n形象进度：45%', ['week', 'grammar.week.invalid']);

// ---------------------------------------------------------------------------------------------
group = 'mistyped keys are refused, not guessed';
no('1\n形像进度：45%\n本周完成投资：80万', ['line', TYPO]);
no('1\n形象进度：45%\n本周完成头资：80万', ['line', TYPO]);
no('1\n形象进度：45%\n累记完成投资：680万', ['line', TYPO]);
no('1\n形象进度：45%\n存在问提：无', ['line', TYPO]);
no('1\n形象进度：45%\n下周计化：主体施工', ['line', TYPO]);
no('1\n形象进度：45%\n需协调事想：无', ['line', TYPO]);
no('1\n形象进度：45%\n本周进度：基础完成', ['line', TYPO]);
no('1\n形象精度：45%', ['line', TYPO]);
no('1 形像进度45%', ['line', TYPO]);
no('1 45% 本周完成头资80万', ['line', TYPO]);
no('1 45% 累积完成投资680万', ['line', TYPO]);
no('1\n形象进度：45%\n本周进展：封顶\n累计完成头资：300万', ['line', TYPO]);
no('形向进度：45%', ['line', TYPO]);
no('1\n形象进度：45%\n累计完成投姿：680万元', ['line', TYPO]);

// ---------------------------------------------------------------------------------------------
group = 'county health-bureau projects';
ok('城东院区：45% 累计3200万 主体封顶', { projectRef: '城东院区', progress: 45, cumulative: '3200', done: '主体封顶' });
ok('城东院区：形象进度45%，累计完成投资3200万元', { projectRef: '城东院区', progress: 45, cumulative: '3200' });
ok('浔中镇卫生院新院区 形象进度30% 本周完成投资60万元 累计完成投资1250万元 主体结构二层施工', { projectRef: '浔中镇卫生院新院区', progress: 30, invested: '60', cumulative: '1250', done: '主体结构二层施工' });
ok('设备采购项目\n形象进度：30%\n本周完成投资：0\n累计完成投资：420.5万元\n本周进展：DR 3台、彩超4台已到货，CT待安装\n存在问题：无\n下周计划：CT安装调试',
  { projectRef: '设备采购项目', progress: 30, invested: '0', cumulative: '420.5', done: 'DR 3台、彩超4台已到货，CT待安装', problems: [], nextPlan: 'CT安装调试' });
ok('县卫生信息平台 60% 本周进展：完成数据中心机房改造，上线5个子系统', { projectRef: '县卫生信息平台', progress: 60, done: '完成数据中心机房改造，上线5个子系统' });
ok('5 形象进度：100%（已竣工）', { projectRef: '5', progress: 100, notes: [{ field: 'progress', text: '已竣工' }] });
ok('5 100%（已竣工）', { projectRef: '5', progress: 100, notes: [{ field: 'progress', text: '已竣工' }] });
ok('村卫生室设备配置 50% 累计235万 已完成118个村卫生室配置', { projectRef: '村卫生室设备配置', progress: 50, cumulative: '235', done: '已完成118个村卫生室配置' });
no('村卫生室设备配置 50% 累计235万 已完成118个村卫生室配置，覆盖率50%', ['line', UNASSIGNED_PCT, '50%']);
ok('村卫生室设备配置 50% 累计235万 本周进展：已完成118个村卫生室配置，覆盖率50%', { projectRef: '村卫生室设备配置', progress: 50, cumulative: '235', done: '已完成118个村卫生室配置，覆盖率50%' });
ok('县中医院综合楼\n一、形象进度：38%\n二、本周完成投资：210万元\n三、累计完成投资：4620万元（占年度计划77%）\n四、本周进展：综合楼主体施工至8层，附属楼基础完成\n五、存在问题：1.钢材价格上涨；2.劳务人员不足\n六、下周计划：9层梁板浇筑\n七、需协调事项：请住建局协调商品混凝土供应',
  { projectRef: '县中医院综合楼', progress: 38, invested: '210', cumulative: '4620', notes: [{ field: 'cumulative', text: '占年度计划77%' }], done: '综合楼主体施工至8层，附属楼基础完成', problems: ['钢材价格上涨', '劳务人员不足'], nextPlan: '9层梁板浇筑', help: '请住建局协调商品混凝土供应' });
ok('中心村卫生室 形象进度 70%，本周完成投资 15万元，累计完成投资 260万元，10个村卫生室主体完工7个', { projectRef: '中心村卫生室', progress: 70, invested: '15', cumulative: '260', done: '10个村卫生室主体完工7个' });
ok('乡镇卫生院改造\n形象进度：55%\n本周完成投资：85.6万元\n累计完成投资：1,856.4万元\n本周进展：完成12所卫生院屋面防水\n下周计划：外墙保温施工',
  { projectRef: '乡镇卫生院改造', progress: 55, invested: '85.6', cumulative: '1856.4', done: '完成12所卫生院屋面防水', nextPlan: '外墙保温施工' });
ok('感染防控中心\n形象进度：12%\n本周完成投资：0万元\n累计完成投资：320万元\n本周进展：完成施工图审查\n存在问题：用地手续未办结\n需协调事项：请自然资源局加快用地审批',
  { projectRef: '感染防控中心', progress: 12, invested: '0', cumulative: '320', done: '完成施工图审查', problems: ['用地手续未办结'], help: '请自然资源局加快用地审批' });
ok('2 60%，本周80万元，累计4000万元，综合楼装修；问题：资金拨付滞后；计划：消防验收', { projectRef: '2', progress: 60, invested: '80', cumulative: '4000', done: '综合楼装修', problems: ['资金拨付滞后'], nextPlan: '消防验收' });
ok('3\n形象进度：30.5%\n本周完成投资：50.5万\n累计完成投资：500.25万\n本周进展：设备招标完成\n下周计划：签订合同', { projectRef: '3', progress: 30.5, invested: '50.5', cumulative: '500.25', done: '设备招标完成', nextPlan: '签订合同' });
ok('县医院城东院区 62% 本周150万 累计5280万 住院楼12层', { projectRef: '县医院城东院区', progress: 62, invested: '150', cumulative: '5280', done: '住院楼12层' });
ok('1\n形象进度：62%\n本周进展：住院楼主体结构施工至12层\n门诊楼砌体完成80%\n存在问题：无', { projectRef: '1', progress: 62, done: '住院楼主体结构施工至12层\n门诊楼砌体完成80%', problems: [] });
ok('1\n形象进度：0%\n本周进展：未开工，正在办理施工许可', { projectRef: '1', progress: 0, done: '未开工，正在办理施工许可' });
ok('1\n形象进度：45%\n本周进展：停工（冬季）', { projectRef: '1', progress: 45, done: '停工（冬季）' });
ok('城东院区 45% 累计3200万 存在问题：施工用电增容审批未完成；需协调事项：请供电公司加快', { projectRef: '城东院区', progress: 45, cumulative: '3200', problems: ['施工用电增容审批未完成'], help: '请供电公司加快' });
no('第47周：45%', ['line', UNASSIGNED_PCT, '45%']);
no('1 本周 45% 累计680万', ['investedThisWeek', 'grammar.amount.invalid'], ['progress', REQUIRED]);
no('1 45% 完成 80 %', ['line', UNASSIGNED_PCT, '45%'], ['line', UNASSIGNED_PCT, '80 %']);
no('城东院区：', ['body', 'grammar.no_fields']);
no('城东院区 设备到货 DR 3 台', ['line', 'grammar.figure.unassigned_number', '3']);

// ---------------------------------------------------------------------------------------------
group = 'keys without a colon: long names only';
ok('1\n形象进度：45%\n本周进展：封顶\n问题 不大', { projectRef: '1', progress: 45, done: '封顶\n问题 不大' });
ok('1\n形象进度：45%\n存在问题 无', { projectRef: '1', progress: 45, problems: [] });
ok('1\n形象进度：45%\n补报原因 出差', { projectRef: '1', progress: 45, reason: '出差' });
ok('1\n形象进度：45%\n下周计划 主体封顶', { projectRef: '1', progress: 45, nextPlan: '主体封顶' });
ok('1\n形象进度：45%\n本周进展：封顶\n计划 下周验收', { projectRef: '1', progress: 45, done: '封顶\n计划 下周验收' });
ok('1\n形象进度：45%\n本周进展：进展顺利', { projectRef: '1', progress: 45, done: '进展顺利' });
ok('1\n形象进度：45%\n本周进展：封顶\n进度正常', { projectRef: '1', progress: 45, done: '封顶\n进度正常' });
ok('1\n形象进度：45%\n存在问题：\n1. 累计欠付工程款200万元\n2. 本周雨天3天', { projectRef: '1', progress: 45, problems: ['累计欠付工程款200万元', '本周雨天3天'] });
no('1\n形象进度：45%\n本周进展：封顶\n进度 45%，比上周提高5%', ['progress', 'grammar.duplicate'], ['line', UNASSIGNED_PCT, '5%']);
no('1\n形象进度：45%\n问题 资金未到位', ['line', 'grammar.stray_line']);

export const CORPUS: readonly CorpusCase[] = cases;
