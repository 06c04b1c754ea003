/**
 * Every fixed sentence the IVR says, in Mandarin and English. `npm run prompts` renders each one to
 * asterisk/sounds/<lang>/donorline/<id>.wav; flows refer to them by id. Numbers, dates and times are composed from
 * the pieces in spoken-pieces.ts.
 *
 * Phrasing follows a Chinese blood center's standard phrases (规范用语) and seed 002: the hard part first and short,
 * real choices (two or three), and a good ending. Key maps are part of the text, so keep them in step with the flows.
 */
export interface PromptText {
  zh: string;
  en: string;
}

export const PROMPTS = {
  // ── welcome and language ──────────────────────────────────────────────────────────────────────────────────
  welcome: {
    zh: '您好，这里是青岛市中心血站献血服务热线，感谢您的来电。',
    en: 'Hello, this is the Qingdao Blood Center donor hotline. Thank you for calling.',
  },
  'recording-notice': {
    zh: '为了提高服务质量，您的通话可能会被录音。',
    en: 'This call may be recorded to improve our service.',
  },
  'offer-english': {
    zh: '普通话服务请稍候，英语服务请按9。',
    en: 'For English, press 9.',
  },
  'after-hours': {
    zh: '现在是非人工服务时间，人工服务时间为每天上午八点至晚上八点。您可以使用自助服务，或者留言，我们会在上班后尽快回复您。',
    en: 'Our agents are available every day from 8 a.m. to 8 p.m. You can use self-service now, or leave a message and we will reply as soon as we are back.',
  },
  holiday: {
    zh: '今天是节假日，人工服务暂停。您可以使用自助服务，或者留言，我们会尽快回复您。',
    en: 'Today is a public holiday and our agents are off. You can use self-service, or leave a message and we will reply soon.',
  },
  'main-menu': {
    zh: '献血记录和献血间隔查询请按1，预约、改约或取消献血请按2，献血地点和献血须知请按3，留言或收听回复请按4，投诉和建议请按5，人工服务请按0，重听请按星号键。',
    en: 'For your donation record and when you can donate again, press 1. To book, move or cancel a donation, press 2. For donation sites and how to prepare, press 3. To leave a message or hear replies, press 4. For complaints and suggestions, press 5. To speak with an agent, press 0. To hear this again, press star.',
  },
  'main-menu-after-hours': {
    zh: '献血记录和献血间隔查询请按1，预约、改约或取消献血请按2，献血地点和献血须知请按3，留言或收听回复请按4，投诉和建议请留言，请按5，重听请按星号键。',
    en: 'For your donation record and when you can donate again, press 1. To book, move or cancel a donation, press 2. For donation sites and how to prepare, press 3. To leave a message or hear replies, press 4. To leave a complaint or suggestion, press 5. To hear this again, press star.',
  },
  'anything-else': {
    zh: '返回主菜单请按星号键，结束通话请直接挂机。',
    en: 'To return to the main menu, press star. Otherwise, you may hang up.',
  },

  // ── generic runtime phrases ───────────────────────────────────────────────────────────────────────────────
  'invalid-input': { zh: '对不起，您的输入有误。', en: 'Sorry, that is not a valid choice.' },
  'no-input': { zh: '对不起，没有收到您的按键。', en: 'Sorry, I did not get your input.' },
  'too-many-tries': {
    zh: '对不起，多次输入未成功。',
    en: 'Sorry, that did not work after several tries.',
  },
  'technical-problem': {
    zh: '非常抱歉，系统暂时无法处理您的请求，正在为您转接人工服务，请稍候。',
    en: 'We are very sorry, the system cannot handle your request right now. Connecting you to an agent, please hold.',
  },
  'technical-problem-after-hours': {
    zh: '非常抱歉，系统暂时无法处理您的请求，请稍后再拨。给您带来不便，敬请谅解。',
    en: 'We are very sorry, the system cannot handle your request right now. Please call again later.',
  },
  'resume-after-interruption': {
    zh: '非常抱歉，刚才服务中断了，正在为您转接人工服务，请稍候。',
    en: 'We are sorry, the service was interrupted. Connecting you to an agent, please hold.',
  },
  goodbye: {
    zh: '感谢您的来电，感谢您的无私奉献，祝您生活愉快，再见。',
    en: 'Thank you for calling, and thank you for giving. Have a good day. Goodbye.',
  },
  'press-1-to-confirm': { zh: '确认请按1，重新选择请按2。', en: 'To confirm, press 1. To choose again, press 2.' },
  'more-choices': { zh: '听其他选择请按9。', en: 'For other choices, press 9.' },
  'back-star': { zh: '返回请按星号键。', en: 'To go back, press star.' },
  press: { zh: '请按', en: 'press' },
  'choice-sep': { zh: '，', en: ',' },

  // ── identity check ────────────────────────────────────────────────────────────────────────────────────────
  'id-intro': {
    zh: '为保护您的个人信息，查询前需要核实您的身份。',
    en: 'To protect your personal information, we need to check who you are first.',
  },
  'id-enter-last4': {
    zh: '请输入您身份证号码的最后四位，末位是X的请按星号键或0。用出生日期核实请按井号键。',
    en: 'Please enter the last four characters of your ID card number. If the last one is X, press star or zero. To use your date of birth instead, press hash.',
  },
  'id-enter-birth': {
    zh: '请输入您的八位出生日期，例如一九九零年三月五日出生，请输入一九九零零三零五。',
    en: 'Please enter your date of birth as eight digits, year, month and day. For example, March 5th 1990 is 1 9 9 0 0 3 0 5.',
  },
  'id-no-match': { zh: '对不起，核实未通过。', en: 'Sorry, that does not match our records.' },
  'id-failed': {
    zh: '对不起，身份核实未通过，为保护您的信息，暂时无法为您提供查询。',
    en: 'Sorry, we could not confirm your identity, so we cannot give out personal information on this call.',
  },
  'id-unknown-number': {
    zh: '对不起，您的来电号码没有登记在献血档案中，暂时无法自助查询。',
    en: 'Sorry, this phone number is not registered with a donor record, so self-service queries are not available.',
  },
  'id-ok': { zh: '核实成功。', en: 'Thank you, you are verified.' },
  'id-offer-agent': {
    zh: '人工服务请按0，返回主菜单请按星号键。',
    en: 'To speak with an agent, press 0. To return to the main menu, press star.',
  },

  // ── my donations (bad news first, good ending) ────────────────────────────────────────────────────────────
  'deferral-until': {
    zh: '您目前处于暂缓献血期，最早可以再次献血的日期是',
    en: 'You are currently deferred from donating. The earliest date you can donate again is',
  },
  'deferral-permanent': {
    zh: '根据您的体检结果，您目前不适合献血。您仍然可以推荐亲友献血，同样是对生命的帮助。',
    en: 'Based on your health check, you cannot donate at this time. You can still help by inviting family and friends to donate.',
  },
  'not-yet-platelets': { zh: '您目前暂不能献血小板，最早可以献血小板的日期是', en: 'You cannot donate platelets yet. The earliest date for platelets is' },
  'not-yet-whole-blood': { zh: '您目前暂不能献全血，最早可以献全血的日期是', en: 'You cannot donate whole blood yet. The earliest date for whole blood is' },
  'not-yet-plasma': { zh: '您目前暂不能献血浆，最早可以献血浆的日期是', en: 'You cannot donate plasma yet. The earliest date for plasma is' },
  'not-able-platelets': { zh: '根据现有记录，您目前不适合献血小板。', en: 'According to our records, you cannot donate platelets.' },
  'not-able-whole-blood': { zh: '根据现有记录，您目前不适合献全血。', en: 'According to our records, you cannot donate whole blood.' },
  'not-able-plasma': { zh: '根据现有记录，您目前不适合献血浆。', en: 'According to our records, you cannot donate plasma.' },
  'can-now-platelets': { zh: '好消息是，您现在就可以献血小板。', en: 'The good news: you can donate platelets now.' },
  'can-now-whole-blood': { zh: '好消息是，您现在就可以献全血。', en: 'The good news: you can donate whole blood now.' },
  'can-now-plasma': { zh: '好消息是，您现在就可以献血浆。', en: 'The good news: you can donate plasma now.' },
  'donation-count-pre': { zh: '您已累计献血', en: 'You have donated' },
  'donation-count-post': { zh: '次。', en: 'times.' },
  'last-donation-pre': { zh: '最近一次献血是在', en: 'Your last donation was on' },
  'last-type-platelets': { zh: '，献的是血小板。', en: ', platelets.' },
  'last-type-whole-blood': { zh: '，献的是全血。', en: ', whole blood.' },
  'last-type-plasma': { zh: '，献的是血浆。', en: ', plasma.' },
  'no-donations-yet': {
    zh: '我们还没有您的献血记录，期待您的第一次献血。',
    en: 'We have no donations on record yet. We look forward to your first one.',
  },
  'honour-next-pre': { zh: '再献', en: 'Just' },
  'honour-next-post': {
    zh: '次，您就可以获得无偿献血奉献奖。',
    en: 'more donations and you will receive the national blood donation award.',
  },
  'thanks-for-giving': {
    zh: '每一次献血都在挽救生命，衷心感谢您的无私奉献！',
    en: 'Every donation saves lives. Thank you sincerely for giving!',
  },
  'offer-booking': {
    zh: '现在预约献血请按1，返回主菜单请按星号键。',
    en: 'To book a donation now, press 1. To return to the main menu, press star.',
  },

  // ── appointments ──────────────────────────────────────────────────────────────────────────────────────────
  'existing-booking-pre': { zh: '您已预约', en: 'You are booked for' },
  'existing-booking-at': { zh: '，地点是', en: ', at' },
  'existing-booking-menu': {
    zh: '改约请按1，取消预约请按2，再预约一次新的献血请按3，返回主菜单请按星号键。',
    en: 'To move it, press 1. To cancel it, press 2. To book another donation, press 3. To return to the main menu, press star.',
  },
  'choose-type': {
    zh: '预约献全血请按1，预约献血小板请按2。',
    en: 'To book whole blood, press 1. To book platelets, press 2.',
  },
  'type-whole-blood': { zh: '全血', en: 'whole blood' },
  'type-platelets': { zh: '血小板', en: 'platelets' },
  'type-plasma': { zh: '血浆', en: 'plasma' },
  'welcome-back-later': {
    zh: '届时欢迎您再来电预约。',
    en: 'You are welcome to call again then to book.',
  },
  'offer-other-type-whole-blood': {
    zh: '您现在可以献全血，预约全血请按1，返回主菜单请按星号键。',
    en: 'You can donate whole blood now. To book whole blood, press 1. To return to the main menu, press star.',
  },
  'offer-other-type-platelets': {
    zh: '您现在可以献血小板，预约血小板请按1，返回主菜单请按星号键。',
    en: 'You can donate platelets now. To book platelets, press 1. To return to the main menu, press star.',
  },
  'choose-site': { zh: '请选择献血地点。', en: 'Please choose a donation site.' },
  'no-sites': {
    zh: '对不起，目前没有可以预约的献血地点。',
    en: 'Sorry, there are no sites open for booking right now.',
  },
  'choose-day': { zh: '以下日期可以预约，请选择。', en: 'These days are open. Please choose one.' },
  'no-days': {
    zh: '对不起，这个地点近七天已经约满。',
    en: 'Sorry, this site is fully booked for the next seven days.',
  },
  'choose-other-site': { zh: '选择其他地点请按1，返回主菜单请按星号键。', en: 'To choose another site, press 1. To return to the main menu, press star.' },
  'choose-slot': { zh: '请选择时间段。', en: 'Please choose a time.' },
  'you-chose': { zh: '您选择的是', en: 'You chose' },
  'at-site': { zh: '，在', en: ', at' },
  'donate-type': { zh: '，献', en: ', to donate' },
  'booking-done': {
    zh: '预约成功，确认短信将发送到您的手机。',
    en: 'You are booked. A confirmation text message is on its way to your phone.',
  },
  'preparation-short': {
    zh: '献血前一晚请保证充足睡眠，当天请吃清淡早餐，不要空腹，并请携带身份证。',
    en: 'Please sleep well the night before, eat a light meal without fatty food on the day, and bring your ID card.',
  },
  'see-you': {
    zh: '感谢您的爱心，我们期待与您相见！',
    en: 'Thank you for your kindness. We look forward to seeing you!',
  },
  'slot-just-taken': {
    zh: '对不起，这个时间段刚刚约满，请选择其他时间。',
    en: 'Sorry, that time has just been taken. Please choose another.',
  },
  'not-eligible-then': {
    zh: '对不起，按献血间隔要求，这个日期还不能献血。',
    en: 'Sorry, by the donation interval rules you cannot donate on that date.',
  },
  'cancel-confirm': { zh: '确认取消这次预约请按1，保留预约请按2。', en: 'To cancel this booking, press 1. To keep it, press 2.' },
  'cancel-done': {
    zh: '已为您取消预约。欢迎您方便的时候再来预约，期待与您相见。',
    en: 'Your booking is cancelled. You are welcome to book again whenever it suits you.',
  },
  'kept-booking': { zh: '好的，已为您保留预约。', en: 'All right, your booking stays as it is.' },
  'move-done': {
    zh: '改约成功，新的预约确认短信将发送到您的手机。',
    en: 'Your booking is moved. A new confirmation text message is on its way.',
  },

  // ── sites ─────────────────────────────────────────────────────────────────────────────────────────────────
  'sites-intro': { zh: '请选择要了解的献血地点。', en: 'Which site would you like to hear about?' },
  'sites-details-menu': {
    zh: '重听请按1，献血须知请按2，了解其他地点请按3，返回主菜单请按星号键。',
    en: 'To hear this again, press 1. For how to prepare, press 2. For another site, press 3. To return to the main menu, press star.',
  },
  'site-unknown-audio': {
    zh: '该地点的详细信息请咨询人工服务。',
    en: 'For details of this site, please ask an agent.',
  },
  'what-to-bring': {
    zh: '献血须知：请携带本人身份证件；年龄在十八至五十五周岁，男性体重不低于五十公斤，女性不低于四十五公斤。',
    en: 'Before you come: bring your ID card. Donors are 18 to 55 years old, men at least 50 kilograms and women at least 45 kilograms.',
  },
  'how-to-prepare': {
    zh: '献血前一天请保证充足睡眠，不饮酒，不吃油腻食物；献血当天请吃清淡早餐；如有感冒、服药或近期拔牙，请先暂缓献血。献血后请多休息，多饮水，二十四小时内避免剧烈运动。',
    en: 'The day before, sleep well, avoid alcohol and fatty food. On the day, eat a light breakfast. If you have a cold, take medicine or had dental work recently, please wait. After donating, rest, drink plenty of water, and avoid hard exercise for 24 hours.',
  },

  // ── messages ──────────────────────────────────────────────────────────────────────────────────────────────
  'messages-menu': {
    zh: '留言请按1，收听工作人员的回复请按2，返回主菜单请按星号键。',
    en: 'To leave a message, press 1. To hear replies from our staff, press 2. To return to the main menu, press star.',
  },
  'record-instructions': {
    zh: '请在提示音后留言，时长不超过一分钟，说完请按井号键。',
    en: 'Please leave your message after the tone, up to one minute. Press hash when you are done.',
  },
  'record-too-short': { zh: '对不起，没有录到您的留言。', en: 'Sorry, we did not catch a message.' },
  'record-review': {
    zh: '保存留言请按1，重听请按2，重新录制请按3。',
    en: 'To save your message, press 1. To hear it, press 2. To record it again, press 3.',
  },
  'message-saved': {
    zh: '您的留言已收到，工作人员会尽快处理并回复您。您可以拨打本热线，按4收听回复。',
    en: 'Your message is received. Our staff will reply soon; call this hotline and press 4 to hear the reply.',
  },
  'replies-count-pre': { zh: '您有', en: 'You have' },
  'replies-count-post': { zh: '条新的回复。', en: 'new replies.' },
  'no-replies': { zh: '您目前没有新的回复。', en: 'You have no new replies.' },
  'reply-next': { zh: '下一条。', en: 'Next reply.' },
  'replies-end': { zh: '回复已全部播放完毕。', en: 'That was the last reply.' },

  // ── quality dial-in ───────────────────────────────────────────────────────────────────────────────────────
  'qa-welcome': { zh: '质检录音回放。请输入您的工号，以井号键结束。', en: 'Quality review. Enter your staff number, then hash.' },
  'qa-enter-pin': { zh: '请输入密码，以井号键结束。', en: 'Enter your PIN, then hash.' },
  'qa-denied': { zh: '对不起，工号或密码错误。', en: 'Sorry, the staff number or PIN is wrong.' },
  'qa-locked': {
    zh: '对不起，该工号的回放密码已锁定，请联系系统管理员重新设置。',
    en: 'Sorry, the PIN of this staff number is locked. Please ask an administrator to set a new one.',
  },
  'qa-enter-ref': {
    zh: '请输入十位录音编号，以井号键结束。录音编号显示在坐席台的录音详情中。',
    en: 'Enter the ten-digit recording reference, then hash. The reference is shown with the recording in the desk.',
  },
  'qa-no-recording': { zh: '对不起，没有找到这个编号的录音。', en: 'Sorry, there is no recording with that reference.' },
  'qa-after-play': {
    zh: '重听请按1，听其他录音请按2，结束请按星号键。',
    en: 'To replay, press 1. For another recording, press 2. To finish, press star.',
  },

  // ── agent ─────────────────────────────────────────────────────────────────────────────────────────────────
  'to-agent': { zh: '正在为您转接人工服务，请稍候。', en: 'Connecting you to an agent, please hold.' },
  'to-account-manager': {
    zh: '正在为您转接您的专属客户经理，请稍候。',
    en: 'Connecting you to your personal account manager, please hold.',
  },
  'green-channel': {
    zh: '感谢您多次献血，已为您开通绿色通道优先接听。',
    en: 'Thank you for donating again and again: your call goes to the front of the line.',
  },
  'queue-position-pre': { zh: '您前面还有', en: 'There are' },
  'queue-position-post': { zh: '位来电在等候。', en: 'callers ahead of you.' },
  'queue-wait-pre': { zh: '预计等候时间约', en: 'The expected wait is about' },
  'queue-wait-post': { zh: '分钟。', en: 'minutes.' },
  'agent-after-hours': {
    zh: '现在是非人工服务时间，请您留言，我们会在上班后尽快回复您。',
    en: 'Our agents are off now. Please leave a message and we will reply as soon as we are back.',
  },

  // ── satisfaction survey ───────────────────────────────────────────────────────────────────────────────────
  'survey-intro': {
    zh: '请您对本次服务进行评价。非常满意请按5，满意请按4，一般请按3，不满意请按2，非常不满意请按1。',
    en: 'Please rate this call. Very satisfied, press 5. Satisfied, 4. Neutral, 3. Dissatisfied, 2. Very dissatisfied, 1.',
  },
  'survey-thanks': {
    zh: '感谢您的评价，我们会继续努力。感谢您的无私奉献，再见。',
    en: 'Thank you for your rating; we will keep improving. Thank you for giving. Goodbye.',
  },
  'survey-sorry': {
    zh: '很抱歉这次没能让您满意，我们的工作人员会尽快给您回电。感谢您的宝贵意见，再见。',
    en: 'We are sorry we did not meet your expectations. A member of our staff will call you back soon. Thank you for telling us. Goodbye.',
  },
} as const satisfies Record<string, PromptText>;

export type PromptId = keyof typeof PROMPTS;

export function isPromptId(s: string): s is PromptId {
  return Object.prototype.hasOwnProperty.call(PROMPTS, s);
}

/** Folder (under each language's sounds folder) holding everything the renderer writes. */
export const SOUND_FOLDER = 'donorline';
