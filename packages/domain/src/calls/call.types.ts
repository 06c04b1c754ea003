/** Call vocabulary shared by the bridge, the IVR, the desk and the database. Lowercase string literals on the wire. */

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** The life of a call as the desk sees it. */
export const CALL_STATES = ['ivr', 'queued', 'ringing', 'connected', 'on-hold', 'transferring', 'ended'] as const;
export type CallState = (typeof CALL_STATES)[number];

/** How a call ended from the center's point of view. */
export const CALL_OUTCOMES = ['answered', 'abandoned', 'ivr-only', 'voicemail', 'transferred', 'failed', 'no-answer', 'busy'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** What the agent says the call was about (wrap-up disposition): the built-in codes; the list itself is data. */
export const DISPOSITIONS = [
  'consultation', // 咨询
  'booking', // 预约
  'reschedule', // 改约/取消
  'eligibility', // 献血资格/间隔查询
  'reimbursement', // 用血报销
  'complaint', // 投诉
  'suggestion', // 建议
  'recall', // 流失召回
  'care', // 关怀
  'survey-callback', // 满意度回访
  'recruitment', // 招募
  'wrong-number', // 打错
  'other',
] as const;
export type BuiltinDisposition = (typeof DISPOSITIONS)[number];
/** A disposition's code: a built-in one or one an administrator added (admin/desk-lists.ts); records keep their code. */
export type Disposition = string;

/**
 * What the caller came for, as the IVR tells the desk (DL_TOPIC): the menu branch taken, or why the IVR handed over
 * ('ivr-interrupted': re-adopted after a lost ARI link; 'ivr-failure': a flow failed). Complaints route to the
 * complaints queue and a voice message left for one opens a complaint ticket.
 */
export const IVR_TOPICS = ['consultation', 'booking', 'reschedule', 'eligibility', 'complaint', 'message', 'survey', 'quality', 'ivr-interrupted', 'ivr-failure'] as const;
export type IvrTopic = (typeof IVR_TOPICS)[number];

/**
 * The steps the IVR writes into DL_IVR_PATH ('welcome>menu:1>identity:ok>my-donations>agent'): a node, optionally
 * followed by ':' and a detail (a key, a donation type, a site code, a score, ok/failed …). The desk labels each node.
 */
export const IVR_STEPS = [
  'welcome', 'lang', 'menu', 'identity', 'my-donations', 'appointments', 'type', 'not-eligible', 'site', 'booked', 'move', 'moved',
  'cancel', 'cancelled', 'sites', 'messages', 'message', 'replies', 'agent', 'qa', 'survey', 'adopted',
] as const;
export type IvrStep = (typeof IVR_STEPS)[number];
export type IvrPathStep = IvrStep | `${IvrStep}:${string}`;

/** Who hung up / why, in words the reports use (derived from Asterisk's Q.850 cause and the call state). */
export const HANGUP_PARTIES = ['caller', 'agent', 'system', 'unknown'] as const;
export type HangupParty = (typeof HANGUP_PARTIES)[number];

/**
 * Channel variables the IVR sets on the caller's channel before handing the call to a queue.
 * The bridge reads them (AMI VarSet / Getvar) into the screen-pop. The names are a contract with the
 * Asterisk dialplan (asterisk/extensions.conf, context dl-queue) and the simulator's donorline profile.
 */
export const IVR_VARS = {
  donorId: 'DL_DONOR_ID',
  verified: 'DL_VERIFIED', // '1' | '0'
  verifiedBy: 'DL_VERIFIED_BY', // 'id-last4' | 'birth-date' | ''
  path: 'DL_IVR_PATH', // IvrPathSteps joined by '>', e.g. 'welcome>menu:2>identity:ok>appointments>booked'
  topic: 'DL_TOPIC', // an IvrTopic, e.g. 'booking' | 'eligibility' | 'complaint'
  lang: 'DL_LANG', // 'zh' | 'en'
  preferredAgent: 'DL_PREFERRED_AGENT', // extension of the account manager to try first
  preferredSecs: 'DL_PREFERRED_SECS',
  routeReason: 'DL_ROUTE_REASON', // a RoutingReason: why the preferred agent rings first (shown on their pop)
  priority: 'DL_PRIORITY', // queue priority (green channel for repeat donors)
  candidates: 'DL_DONOR_CANDIDATES', // comma-separated donor ids when the number is shared and the caller did not pick
} as const;
export type IvrVarKey = keyof typeof IVR_VARS;

export const IVR_VERIFIED_BY = ['id-last4', 'birth-date'] as const;
export type IvrVerifiedBy = (typeof IVR_VERIFIED_BY)[number];

/** The dialplan numbers and names of the default (donorline) deployment. */
export const PBX_DEFAULTS = {
  hotlineNumber: '96606',
  directQueueNumber: '96607',
  ivrApp: 'donorline-ivr',
  queueContext: 'dl-queue',
  outboundContext: 'dl-outbound',
  queues: ['hotline', 'complaints'],
  agentDevice: (extension: string): string => `PJSIP/${extension}`,
} as const;
