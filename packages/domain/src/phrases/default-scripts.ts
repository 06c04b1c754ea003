/**
 * The scripts a new center starts from (the demo seed writes them; an administrator can load one as the first
 * version of a call type). Ordered by seed 002: bad news first and quickly, two or three choices, a commitment on
 * when and where, a good ending. Every placeholder names one fact of the vocabulary (placeholders.ts).
 */
import type { PhraseCallType, PhraseLine, PhraseStage } from './phrase-script.js';

const L = (stage: PhraseStage, text: string, textEn: string): PhraseLine => ({ stage, text, textEn });

export const DEFAULT_PHRASE_SCRIPTS: Readonly<Partial<Record<PhraseCallType, readonly PhraseLine[]>>> = {
  inbound: [
    L('opening', '您好，青岛市中心血站献血服务热线，工号{工号}为您服务，请问有什么可以帮您？', 'Hello, Qingdao Blood Center donor hotline, agent {agentNo} speaking. How can I help you?'),
    L('other', '为了核实身份，请您提供身份证号码后四位。', 'To verify your identity, please tell me the last four digits of your ID number.'),
    L('closing', '感谢您对无偿献血事业的支持，祝您生活愉快，再见！', 'Thank you for supporting voluntary blood donation. Have a nice day, goodbye!'),
  ],
  outbound: [
    L('opening', '您好，请问是{称呼}吗？我是青岛市中心血站献血服务热线的{坐席姓名}，工号{工号}。', 'Hello, is that {honorific}? This is {agentName} from the Qingdao Blood Center donor hotline, agent {agentNo}.'),
    L('closing', '打扰您了，感谢您对无偿献血事业的支持，再见！', 'Sorry to disturb you, and thank you for supporting blood donation. Goodbye!'),
  ],
  booking: [
    L('bad-news', '先跟您说明一下：您{最早可献类型}最早{最早可献日期}才能献（{不可献原因}）。', 'First, the part that matters: the earliest you can give {nextEligibleType} is {nextEligibleDate} ({notEligibleReason}).'),
    L('choices', '从{最早可献日期}起有几个时段可以选，我念给您听，您看哪个方便？', 'From {nextEligibleDate} there are a few slots; let me read them out — which suits you?'),
    L('commitment', '好的，给您约在{预约日期}{预约时间}，{预约地点}。您看这个时间您能来吗？', 'Great, I have booked {appointmentDate} {appointmentTime} at {appointmentSite}. Can you make it then?'),
    L('closing', '预约成功，稍后会有短信确认。请携带身份证，前一晚睡好。谢谢您又一次伸出援手！', 'You are booked; an SMS confirmation follows. Please bring your ID. Thank you for helping again!'),
  ],
  eligibility: [
    L('bad-news', '您目前暂缓献血（{暂缓原因}），{暂缓截止}以后才能再献。', 'You are deferred at the moment ({deferralReason}); you can give again after {deferralUntil}.'),
    L('bad-news', '您上次献血是{上次献血日期}（{上次献血类型}），{最早可献类型}最早{最早可献日期}可以再献（{不可献原因}）。', 'Your last donation was on {lastDonationDate} ({lastDonationType}); the earliest you can give {nextEligibleType} is {nextEligibleDate} ({notEligibleReason}).'),
    L('choices', '到时候可以选择献全血，也可以选择单采血小板，两种都能帮到病人。', 'Then you may choose whole blood or platelets; both help patients.'),
    L('commitment', '要不要现在就先帮您预约{最早可献日期}以后的时段？', 'Shall I book a slot from {nextEligibleDate} for you now?'),
    L('closing', '感谢您一直以来的坚持，您已累计献血{献血次数}次，了不起！', 'Thank you for your commitment — {donationCount} donations so far, remarkable!'),
  ],
  complaint: [
    L('opening', '非常抱歉给您带来不好的体验，请您慢慢说，我都记录下来。', 'I am very sorry about your experience. Please take your time; I am noting everything.'),
    L('bad-news', '这件事确实是我们做得不到位，我先向您道歉。', 'This was our fault and I apologise.'),
    L('choices', '我们可以在今天下午五点前给您回电说明处理结果，或者明天上午由站里负责人直接联系您，您看哪种更好？', 'We can call you back before 5 pm today with the outcome, or the site manager can call you tomorrow morning. Which do you prefer?'),
    L('commitment', '我登记好了，工单号{工单号}，{回复期限}前一定给您答复。', 'It is logged as ticket {ticketNo}; you will have an answer by {ticketDue}.'),
    L('closing', '谢谢您告诉我们，您的意见会帮助我们把服务做得更好。', 'Thank you for telling us; it helps us do better.'),
  ],
  recall: [
    L('opening', '您好，我是青岛市中心血站的{坐席姓名}，您在{上次献血日期}参加过无偿献血，特别感谢您！', 'Hello, this is {agentName} from Qingdao Blood Center. Thank you again for donating on {lastDonationDate}!'),
    L('bad-news', '最近医院血小板比较紧张，血小板只能保存5天，所以想问问您。', 'Hospitals are short of platelets right now, and platelets keep only 5 days.'),
    L('choices', '这周六上午在台东献血屋，或者下周二下午在中心血站献血屋，您哪个时间方便？', 'Saturday morning at Taidong, or Tuesday afternoon at the Center — which works for you?'),
    L('commitment', '那我们约定{预约日期}{预约时间}在{预约地点}见，到时候我提前一天短信提醒您，好吗？', "So we'll meet on {appointmentDate} at {appointmentTime} at {appointmentSite}; I'll text you a reminder the day before, OK?"),
    L('closing', '太感谢了，您的这份爱心会帮助到需要的病人！', 'Thank you so much — your gift will help a patient in need!'),
  ],
  'survey-callback': [
    L('opening', '您好，我是血站服务热线的{坐席姓名}，看到您对上次献血服务打了{满意度分数}分，想了解一下情况。', 'Hello, this is {agentName} from the hotline; I saw your score of {surveyScore} and would like to hear what happened.'),
    L('bad-news', '让您不满意，我们很抱歉。', 'We are sorry we disappointed you.'),
    L('choices', '下次您来献血，我们可以为您安排绿色通道免排队，或者安排您熟悉的护士，您更希望哪一种？', 'Next time we can give you priority (green channel) or your familiar nurse — which would you like?'),
    L('commitment', '我已经记录下来，下次您预约时会自动为您安排。', 'It is noted and will apply automatically when you next book.'),
    L('closing', '再次感谢您的反馈和奉献，祝您身体健康！', 'Thank you again for your feedback and your gift. Stay well!'),
  ],
  reimbursement: [
    L('bad-news', '先说明一下：报销需要在用血后一年内办理，超过时间就无法办理了。', 'First: claims must be made within one year of the transfusion.'),
    L('choices', '您可以到中心血站窗口办理，也可以在用血医院的输血科咨询办理，两种都可以。', 'You can claim at the blood center counter or at the hospital transfusion department.'),
    L('commitment', '需要带献血证、身份证、用血发票和出院小结，您看什么时候方便过去？', 'Please bring the donation certificate, ID, invoice and discharge summary. When could you go?'),
    L('closing', '祝您家人早日康复！', 'Wishing your family member a speedy recovery!'),
  ],
};
