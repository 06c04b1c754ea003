import type { KnowledgeArticleDto, PhraseDto, SiteDto } from '../../contracts/dto.js';
import type { ReimbursementRules } from '../entities/reimbursement-policy.entity.js';

/** Qingdao demo reference data: sites, knowledge base, standard phrases, the Shandong reimbursement policy. */
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
  { category: 'reimbursement', title: '山东省献血者用血报销政策（示例）', tags: ['报销', '用血', '家属'], body: '献血者本人自献血之日起5年内，可免费用献血量5倍的血液；献血量累计800毫升以上者终身免费用血；献血者配偶、父母、子女可免费用献血量等量的血液。报销需在用血后一年内，携带献血证、身份证、用血发票及出院小结等材料办理。具体以当地最新政策为准。' },
  { category: 'faq', title: '献血对身体有害吗？', tags: ['常见问题'], body: '健康成年人一次献血200-400毫升，约占全身血量的5%-8%，血容量会在短时间内由组织间液补充，血细胞在数周内恢复，不影响健康。' },
  { category: 'faq', title: '单采血小板需要多长时间？', tags: ['血小板', '常见问题'], body: '单采血小板全程约60-90分钟，血液在机器中分离血小板后回输其余成分。血小板保存期仅5天，临床需求紧迫，欢迎定期捐献。' },
  { category: 'faq', title: '如何查询献血记录和血液检测结果？', tags: ['查询'], body: '可拨打96606按语音提示查询献血记录和下次可献日期；检测结果涉及健康隐私，需核验身份后由工作人员告知。' },
  { category: 'policy', title: '个人信息保护（PIPL）与查看原因', tags: ['隐私', '脱敏'], body: '手机号、身份证号默认脱敏显示。因工作需要查看完整信息时，须填写原因，系统记录审计日志；录音回放同样留痕。健康信息仅限必要人员知悉。' },
  { category: 'policy', title: '招募联系规则', tags: ['招募', '联系'], body: '拒绝联系（DNC）与未结投诉优先；一年内招募失败5次的献血者进入抑制池，6个月内不主动招募；联系时间09:00-20:00。' },
];

/**
 * 规范用语 per call type, ordered by seed 002's principles: bad news first and quickly, two or three choices,
 * a commitment (when and where), a good ending. `stage` names the step; `order` is the script order.
 */
export const PHRASES: readonly Omit<PhraseDto, 'id'>[] = [
  ...script('inbound', [
    ['opening', '您好，青岛市中心血站献血服务热线，工号{工号}为您服务，请问有什么可以帮您？', 'Hello, Qingdao Blood Center donor hotline, agent {id} speaking. How can I help you?'],
    ['other', '为了核实身份，请您提供身份证号码后四位。', 'To verify your identity, please tell me the last four digits of your ID number.'],
    ['closing', '感谢您对无偿献血事业的支持，祝您生活愉快，再见！', 'Thank you for supporting voluntary blood donation. Have a nice day, goodbye!'],
  ]),
  ...script('booking', [
    ['bad-news', '先跟您说明一下：您明天还不能献血小板，距上次捐献需满两周，最早{日期}可以。', 'First, the part that matters: you cannot give platelets tomorrow yet; the earliest date is {date}.'],
    ['choices', '{日期}我们有两个时段：上午九点在中心血站献血屋，或者下午两点在台东献血屋，您看哪个方便？', 'On {date} we have two options: 9 am at the Center site or 2 pm at Taidong. Which suits you?'],
    ['commitment', '好的，给您约在{日期}{时间}，{地点}。您看这个时间您能来吗？', 'Great, I have booked {date} {time} at {site}. Can you make it then?'],
    ['closing', '预约成功，稍后会有短信确认。请携带身份证，前一晚睡好。谢谢您又一次伸出援手！', 'You are booked; an SMS confirmation follows. Please bring your ID. Thank you for helping again!'],
  ]),
  ...script('eligibility', [
    ['bad-news', '根据您上次{类型}献血（{日期}），这次需要等到{日期}以后才能再献。', 'Since your last donation on {date}, the next possible date is {date}.'],
    ['choices', '到时候可以选择献全血，也可以选择单采血小板，两种都能帮到病人。', 'Then you may choose whole blood or platelets; both help patients.'],
    ['commitment', '要不要现在就先帮您预约{日期}的时段？', 'Shall I book a slot on {date} for you now?'],
    ['closing', '感谢您一直以来的坚持，您已累计献血{次数}次，了不起！', 'Thank you for your commitment — {count} donations so far, remarkable!'],
  ]),
  ...script('complaint', [
    ['opening', '非常抱歉给您带来不好的体验，请您慢慢说，我都记录下来。', 'I am very sorry about your experience. Please take your time; I am noting everything.'],
    ['bad-news', '这件事确实是我们做得不到位，我先向您道歉。', 'This was our fault and I apologise.'],
    ['choices', '我们可以在今天下午五点前给您回电说明处理结果，或者明天上午由站里负责人直接联系您，您看哪种更好？', 'We can call you back before 5 pm today with the outcome, or the site manager can call you tomorrow morning. Which do you prefer?'],
    ['commitment', '我登记好了，工单号{工单号}，{时间}前一定给您答复。', 'It is logged as ticket {no}; you will have an answer by {time}.'],
    ['closing', '谢谢您告诉我们，您的意见会帮助我们把服务做得更好。', 'Thank you for telling us; it helps us do better.'],
  ]),
  ...script('recall', [
    ['opening', '您好，我是青岛市中心血站的{姓名}，之前您在{日期}参加过无偿献血，特别感谢您！', 'Hello, this is {name} from Qingdao Blood Center. Thank you again for donating on {date}!'],
    ['bad-news', '最近医院血小板比较紧张，血小板只能保存5天，所以想问问您。', 'Hospitals are short of platelets right now, and platelets keep only 5 days.'],
    ['choices', '这周六上午在台东献血屋，或者下周二下午在中心血站献血屋，您哪个时间方便？', 'Saturday morning at Taidong, or Tuesday afternoon at the Center — which works for you?'],
    ['commitment', '那我们约定{日期}{时间}在{地点}见，到时候我提前一天短信提醒您，好吗？', "So we'll meet on {date} at {time} at {site}; I'll text you a reminder the day before, OK?"],
    ['closing', '太感谢了，您的这份爱心会帮助到需要的病人！', 'Thank you so much — your gift will help a patient in need!'],
  ]),
  ...script('survey-callback', [
    ['opening', '您好，我是血站服务热线的{姓名}，看到您对上次献血服务打了{分数}分，想了解一下情况。', 'Hello, this is {name} from the hotline; I saw your score of {score} and would like to hear what happened.'],
    ['bad-news', '让您不满意，我们很抱歉。', 'We are sorry we disappointed you.'],
    ['choices', '下次您来献血，我们可以为您安排绿色通道免排队，或者安排您熟悉的护士，您更希望哪一种？', 'Next time we can give you priority (green channel) or your familiar nurse — which would you like?'],
    ['commitment', '我已经记录下来，下次您预约时会自动为您安排。', 'It is noted and will apply automatically when you next book.'],
    ['closing', '再次感谢您的反馈和奉献，祝您身体健康！', 'Thank you again for your feedback and your gift. Stay well!'],
  ]),
  ...script('reimbursement', [
    ['bad-news', '先说明一下：报销需要在用血后一年内办理，超过时间就无法办理了。', 'First: claims must be made within one year of the transfusion.'],
    ['choices', '您可以到中心血站窗口办理，也可以在用血医院的输血科咨询办理，两种都可以。', 'You can claim at the blood center counter or at the hospital transfusion department.'],
    ['commitment', '需要带献血证、身份证、用血发票和出院小结，您看什么时候方便过去？', 'Please bring the donation certificate, ID, invoice and discharge summary. When could you go?'],
    ['closing', '祝您家人早日康复！', 'Wishing your family member a speedy recovery!'],
  ]),
];

function script(callType: string, lines: [PhraseDto['stage'], string, string][]): Omit<PhraseDto, 'id'>[] {
  return lines.map(([stage, text, textEn], i) => ({ callType, stage, order: (i + 1) * 10, text, textEn }));
}

export const SHANDONG_REIMBURSEMENT: { province: string; title: string; effectiveFrom: string; rules: ReimbursementRules } = {
  province: '山东省',
  title: '山东省无偿献血者及其亲属临床用血费用报销办法（示例数据）',
  effectiveFrom: '2021-01-01',
  rules: {
    donorMultiple: 5,
    donorYears: 5,
    lifetimeAboveMl: 800,
    familyMultiple: 1,
    familyMembers: ['配偶', '父母', '子女', '配偶的父母'],
    claimWithinMonths: 12,
    documents: ['无偿献血证', '用血者身份证', '用血发票', '出院小结或输血记录', '亲属关系证明（亲属用血时）'],
    notes: ['示例数据，请以当地卫生健康委最新文件为准。', '异地用血可在献血地血站办理。'],
  },
};
