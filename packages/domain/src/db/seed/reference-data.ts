import type { KnowledgeArticleDto, SiteDto } from '../../contracts/dto.js';
import type { ReimbursementRules } from '../../reimbursement/reimbursement-policy.js';

/** Qingdao demo reference data: sites, knowledge base, the demo reimbursement policies (phrases: phrases/default-scripts.ts). */
export interface SiteSeed extends Omit<SiteDto, 'id'> {
  whatToBring: string;
  lat: number;
  lng: number;
}

const BRING_FIXED = '本人有效身份证件（身份证、驾驶证、护照等）；献血前一晚保证睡眠，献血前清淡饮食、勿空腹，不饮酒；单采血小板前三天勿服用阿司匹林类药物。';
const BRING_BUS = '本人有效身份证件；献血前清淡饮食、勿空腹、不饮酒；献血后24小时内避免剧烈运动。';

export const SITES: readonly SiteSeed[] = [
  { code: 'QD-CENTER', name: '青岛市中心血站献血屋', kind: 'fixed', district: '市北区', address: '青岛市市北区隆德路9号（青岛市中心血站一楼）', hours: '每天 08:30-17:30（节假日照常）', transport: '公交2路、5路、205路隆德路站；地铁3路敦化路站B口步行约600米', whatToBring: BRING_FIXED, capabilities: ['whole-blood', 'platelets', 'plasma'], phone: '0532-85717612', lat: 36.0848, lng: 120.3786 },
  { code: 'QD-TAIDONG', name: '台东献血屋', kind: 'fixed', district: '市北区', address: '青岛市市北区台东三路与威海路交汇处', hours: '每天 09:00-19:00', transport: '地铁2号线、3号线五四广场/台东站；公交1路、25路台东站', whatToBring: BRING_FIXED, capabilities: ['whole-blood', 'platelets', 'plasma'], phone: '0532-83653601', lat: 36.0817, lng: 120.3627 },
  { code: 'QD-HUANGDAO', name: '黄岛献血屋', kind: 'fixed', district: '黄岛区', address: '青岛市黄岛区长江中路228号（佳世客广场北侧）', hours: '每天 09:00-18:00', transport: '公交1路、3路长江路站；地铁13号线井冈山路站', whatToBring: BRING_FIXED, capabilities: ['whole-blood', 'platelets', 'plasma'], phone: '0532-86981166', lat: 35.9608, lng: 120.1942 },
  { code: 'QD-CHENGYANG', name: '城阳献血屋', kind: 'fixed', district: '城阳区', address: '青岛市城阳区正阳路与长城路交汇处宝龙广场东侧', hours: '周二至周日 09:00-17:30', transport: '地铁1号线城阳人民医院站；公交912路宝龙广场站', whatToBring: BRING_FIXED, capabilities: ['whole-blood', 'platelets'], phone: '0532-87868822', lat: 36.3071, lng: 120.3967 },
  { code: 'QD-BUS-MAYFOURTH', name: '五四广场献血车', kind: 'bus', district: '市南区', address: '青岛市市南区五四广场东侧（东海西路）', hours: '每天 09:00-17:00', transport: '地铁2号线、3号线五四广场站；公交31路、33路五四广场站', whatToBring: BRING_BUS, capabilities: ['whole-blood'], phone: null, lat: 36.0616, lng: 120.3842 },
  { code: 'QD-BUS-LICUN', name: '李村商圈献血车', kind: 'bus', district: '李沧区', address: '青岛市李沧区京口路与书院路路口（维客广场前）', hours: '每天 09:00-17:00', transport: '地铁2号线、3号线李村站；公交11路李村站', whatToBring: BRING_BUS, capabilities: ['whole-blood'], phone: null, lat: 36.1625, lng: 120.4268 },
  { code: 'QD-BUS-TAIDONG', name: '台东步行街献血车', kind: 'bus', district: '市北区', address: '青岛市市北区台东三路步行街西口', hours: '周六、周日 10:00-18:00', transport: '地铁2号线台东站', whatToBring: BRING_BUS, capabilities: ['whole-blood'], phone: null, lat: 36.0795, lng: 120.3569 },
  { code: 'QD-BUS-JINJIALING', name: '崂山金家岭献血车', kind: 'bus', district: '崂山区', address: '青岛市崂山区海尔路与银川东路路口（金狮广场）', hours: '周一至周五 09:30-16:30', transport: '地铁2号线海尔路站；公交110路金家岭站', whatToBring: BRING_BUS, capabilities: ['whole-blood'], phone: null, lat: 36.1089, lng: 120.4653 },
  { code: 'QD-BUS-JIMO', name: '即墨万达献血车', kind: 'bus', district: '即墨区', address: '青岛市即墨区蓝鳌路与长江二路路口（万达广场南门）', hours: '周六、周日 09:00-16:30', transport: '公交即墨1路、3路万达广场站', whatToBring: BRING_BUS, capabilities: ['whole-blood'], phone: null, lat: 36.3895, lng: 120.4729 },
];

export const KNOWLEDGE: readonly Omit<KnowledgeArticleDto, 'id' | 'updatedAt'>[] = [
  { category: 'eligibility', title: '献血间隔（GB 18467-2011）', tags: ['间隔', '全血', '血小板'], body: '全血献血间隔不少于6个月；单采血小板间隔不少于2周（医师同意可缩短至不少于1周），每年不超过24次；单采血小板后献全血不少于4周；全血后献单采血小板不少于3个月。系统按当前生效的规则集版本自动计算每位献血者各类型的下次可献日期。' },
  { category: 'eligibility', title: '献血年龄与体重要求', tags: ['年龄', '体重'], body: '献血年龄18-55周岁；既往无献血反应、符合健康检查要求的多次献血者可延长至60周岁。体重：男性≥50公斤，女性≥45公斤。' },
  { category: 'eligibility', title: '暂缓献血的常见情况', tags: ['暂缓', '延期'], body: '感冒发热、服用抗生素（停药后7天）、拔牙（3天）、文身（6个月）、近期手术、妊娠及哺乳期等需暂缓献血。暂缓期由血站系统登记"暂缓至某日（原因）"，坐席以系统显示为准，不作医学判断。' },
  { category: 'sites', title: '献血屋与献血车地点一览', tags: ['地点', '地址'], body: '固定献血屋（可捐献全血及单采成分血）：青岛市中心血站献血屋、台东献血屋、黄岛献血屋、城阳献血屋。献血车（仅全血）：五四广场、李村商圈、台东步行街、崂山金家岭、即墨万达。具体时间以预约系统为准。' },
  { category: 'sites', title: '献血前准备与携带物品', tags: ['准备', '身份证'], body: '携带本人有效身份证件；前一晚保证睡眠；献血前清淡饮食，勿空腹，不饮酒；单采血小板前三天勿服用阿司匹林类药物；献血后多饮水，24小时内避免剧烈运动。' },
  { category: 'faq', title: '献血对身体有害吗？', tags: ['常见问题'], body: '健康成年人一次献血200-400毫升，约占全身血量的5%-8%，血容量会在短时间内由组织间液补充，血细胞在数周内恢复，不影响健康。' },
  { category: 'faq', title: '单采血小板需要多长时间？', tags: ['血小板', '常见问题'], body: '单采血小板全程约60-90分钟，血液在机器中分离血小板后回输其余成分。血小板保存期仅5天，临床需求紧迫，欢迎定期捐献。' },
  { category: 'faq', title: '如何查询献血记录和血液检测结果？', tags: ['查询'], body: '可拨打96606按语音提示查询献血记录和下次可献日期；检测结果涉及健康隐私，需核验身份后由工作人员告知。' },
  { category: 'policy', title: '个人信息保护（PIPL）与查看原因', tags: ['隐私', '脱敏'], body: '手机号、身份证号默认脱敏显示。因工作需要查看完整信息时，须填写原因，系统记录审计日志；录音回放同样留痕。健康信息仅限必要人员知悉。' },
  { category: 'policy', title: '招募联系规则', tags: ['招募', '联系'], body: '拒绝联系（DNC）与未结投诉优先；一年内招募失败5次的献血者进入抑制池，6个月内不主动招募；联系时间09:00-20:00。' },
];

const DEMO_SOURCE = '演示数据：按常见规则形态（献血量3或5倍、若干年内；累计800–1000毫升终身；亲属等量；一年内申请）编写，非该地官方政策。上线前请按当地卫生健康委文件录入。';

/**
 * Demo reimbursement policies (用血报销), Shandong first (the demo center is in Qingdao), then two places the seeds'
 * donors gave blood in (Beijing, Shanghai: donating away from home is a common question). The figures follow the
 * shapes the hotline's documents describe, not any province's official text: every row is marked demo.
 */
export const REIMBURSEMENT_DEMO: { province: string; title: string; effectiveFrom: string; rules: ReimbursementRules }[] = [
  {
    province: '山东省',
    title: '山东省无偿献血者及其亲属临床用血费用报销（示例数据）',
    effectiveFrom: '2021-01-01',
    rules: {
      donorMultiple: 5, donorYears: 5, lifetimeAboveMl: 800, familyMultiple: 1, familyMembers: ['配偶', '父母', '子女', '配偶的父母'], claimWithinMonths: 12,
      documents: ['无偿献血证', '用血者身份证', '用血发票', '出院小结或输血记录', '亲属关系证明（亲属用血时）'],
      whereToApply: '献血地血站（青岛市中心血站服务窗口），或用血医院输血科直接减免', source: DEMO_SOURCE, demo: true,
      notes: ['示例数据，请以当地卫生健康委最新文件为准。', '异地用血可在献血地血站办理。'],
    },
  },
  {
    province: '北京市',
    title: '北京市献血者用血费用报销（示例数据）',
    effectiveFrom: '2020-01-01',
    rules: {
      donorMultiple: 3, donorYears: 5, lifetimeAboveMl: 1000, familyMultiple: 1, familyMembers: ['配偶', '父母', '子女'], claimWithinMonths: 12,
      documents: ['无偿献血证', '用血者身份证', '用血发票', '输血记录'],
      whereToApply: '献血地血站', source: DEMO_SOURCE, demo: true, notes: ['示例数据，请以当地最新文件为准。'],
    },
  },
  {
    province: '上海市',
    title: '上海市献血者用血费用报销（示例数据）',
    effectiveFrom: '2020-01-01',
    rules: {
      donorMultiple: 3, donorYears: 5, lifetimeAboveMl: 1000, familyMultiple: 1, familyMembers: ['配偶', '父母', '子女'], claimWithinMonths: 12,
      documents: ['无偿献血证', '用血者身份证', '用血发票', '输血记录'],
      whereToApply: '献血地血站', source: DEMO_SOURCE, demo: true, notes: ['示例数据，请以当地最新文件为准。'],
    },
  },
];
