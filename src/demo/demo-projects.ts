// The demo org's project list, in the shape offices keep it (DOMAIN.md): a county health bureau's
// key projects for the year. The county, places and people are invented; the projects, scopes and
// amounts are modelled on real county health-bureau plans.

/** The demo's 项目办 (project office) coordinator, in the bureau's planning section. */
export const demoCoordinatorName = '王丽华';

/** The header row, as the office's own spreadsheet has it. */
const HEADER = ['序号', '项目名称', '建设地点', '建设内容及规模', '总投资(万元)', '年度计划投资(万元)', '本年已完成投资(万元)', '责任单位', '责任领导', '责任人', '备注', ...Array.from({ length: 12 }, (_, i) => `${i + 1}月计划(万元)`)];

/** 分月计划 of the two projects whose plan is not spread evenly over the year (the others have none). */
const MONTHLY: Record<string, string[]> = {
  '1': ['300', '300', '600', '800', '900', '1000', '1000', '1000', '1100', '1100', '1000', '900'],
  '4': ['0', '0', '100', '150', '150', '200', '200', '200', '150', '150', '100', '100'],
};

/**
 * The demo list as a spreadsheet would hold it: a title row, the header, then 8 projects of 4 units
 * (county hospital, TCM hospital, a township health centre, the bureau's planning section); three
 * leaders (deputy bureau heads) cover several projects each; five owners, some with two projects.
 * The list was imported late in the year, so it carries 本年已完成投资 (investment completed this year
 * before the bot was used), which counts until a project's first report gives its 累计. Two projects
 * carry a 分月计划, which sets their 序时进度.
 */
export const demoProjectTable: string[][] = withMonthlyPlans([
  ['示例县卫生健康局2026年重点项目计划清单'],
  HEADER,
  ['1', '县医院城东院区感染防控中心工程', '城东新区', '总建筑面积3.4万平方米，建设感染门诊楼、住院楼、后勤楼及污水处理站，新增床位200张', '28645', '10000', '5200', '县人民医院', '李志强', '张建国', '12月底前完成主体结构封顶'],
  ['2', '县中医院综合楼', '城关镇', '建设4.1万平方米综合楼及附属楼，新增床位200张', '21874', '6000', '2900', '县中医院', '李志强', '刘芳', ''],
  ['3', '县医院医技楼改造及设备更新', '城关镇', '医技楼1.2万平方米改造，更新CT、MRI等大型设备', '6800', '3000', '1350', '县人民医院', '李志强', '张建国', ''],
  ['4', '青溪镇卫生院新院区', '青溪镇', '新建业务用房6000平方米及附属设施，12月底前完成主体建设', '2850', '1500', '520', '青溪镇卫生院', '陈晓红', '郑伟', ''],
  ['5', '乡镇卫生院医疗设备购置', '各乡镇', '为10家卫生院购置13台设备：DR 3台、彩超4台、CT 2台、胃镜1台、生化分析仪2台、血球分析仪1台', '1399.98', '1399.98', '680', '县卫健局规划发展股', '黄文斌', '林海', '政府采购'],
  ['6', '中心村卫生室建设', '各乡镇', '新建10所中心村卫生室，每所业务用房不少于120平方米', '800', '600', '240', '县卫健局规划发展股', '陈晓红', '林海', ''],
  ['7', '村卫生室设备配备', '各行政村', '为235个村卫生室配备基本诊疗设备，配备覆盖率达到50%', '470', '470', '150', '县卫健局规划发展股', '陈晓红', '周敏', ''],
  ['8', '全民健康信息平台', '县卫健局', '建设县级全民健康信息平台，联通县乡村三级医疗机构，12月底前上线运行', '1200', '900', '380', '县卫健局规划发展股', '黄文斌', '周敏', ''],
]);

function withMonthlyPlans(rows: string[][]): string[][] {
  return rows.map((row, index) => (index < 2 ? row : [...row, ...(MONTHLY[row[0] ?? ''] ?? Array.from({ length: 12 }, () => ''))]));
}
