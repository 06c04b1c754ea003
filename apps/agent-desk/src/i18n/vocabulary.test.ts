/**
 * Every wire value the desk can show has a label in both languages. The test walks every vocabulary array that
 * @donorline/domain exports: each must be labelled by a message namespace (below) or listed as not shown in words,
 * so a new array — or a new value in one — fails here before it reaches the screen raw.
 */
import { describe, expect, it } from 'vitest';
import * as domain from '@donorline/domain';
import en from './en.js';
import zhCN from './zh-CN.js';

/** Vocabulary array → the namespace whose labels the desk shows for its values. */
const LABELLED: Record<string, string> = {
  AGENT_STATES: 'agentState',
  RULE_SET_STANDINGS: 'ruleSetsAdmin.standing',
  API_KEY_SCOPES: 'integration.scope',
  BECS_ENTITIES: 'integration.entity',
  IMPORT_STATUSES: 'integration.status',
  INGEST_MODES: 'integration.mode',
  ISSUE_CODES: 'integration.issue',
  APPOINTMENT_STATUSES: 'booking.status',
  ATTEMPT_OUTCOMES: 'attemptOutcome',
  BOOKING_CHANNELS: 'booking.channel',
  CALL_OUTCOMES: 'callOutcome',
  CALL_STATES: 'callState',
  CARE_KINDS: 'care.kind',
  CONTACT_CATEGORIES: 'category',
  CONTACT_CHANNELS: 'contacts.channel',
  DISPOSITIONS: 'category',
  DONATION_OUTCOMES: 'timeline.outcome',
  DONATION_TYPES: 'donationType',
  ERROR_CODES: 'errors',
  GENDERS: 'donor.gender',
  HANGUP_PARTIES: 'hangupBy',
  IVR_STEPS: 'ivr',
  IVR_TOPICS: 'topic',
  IVR_VERIFIED_BY: 'pop.verifiedBy',
  ROUTING_REASONS: 'pop.routeReason',
  MEDIA_SOURCES: 'media',
  OPEN_TICKET_STATUSES: 'tickets.status',
  OVERSIGHT_ROLES: 'roles',
  BIRTH_DATE_ROLES: 'roles',
  SUPERVISING_ROLES: 'roles',
  PAUSE_REASONS: 'pauseReason',
  PHRASE_STAGES: 'phrases.stage',
  ROLES: 'roles',
  SEAT_ROLES: 'roles',
  STAFF_ROLES: 'roles',
  SEGMENT_TAGS: 'segment',
  SEGMENT_END_REASONS: 'segments.endReason',
  SITE_CAPABILITIES: 'donationType',
  SITE_KINDS: 'sitesAdmin.kind',
  CALENDAR_DAY_KINDS: 'calendarAdmin.kind',
  TICKET_KINDS: 'tickets.kind',
  TICKET_STATUSES: 'tickets.status',
  VOICE_MESSAGE_KINDS: 'tickets.kind',
  TASK_SOURCES: 'work.source',
  TASK_PRIORITIES: 'work.priority',
  WORK_ACTIONS: 'work.action',
  WORK_DUE_FILTERS: 'work.due',
  WORK_SORTS: 'work.sort',
  MONITOR_MODES: 'monitor.mode',
  QA_ANSWER_TYPES: 'qa.answerType',
  QA_SAMPLE_REASONS: 'qa.reason',
  QA_QUEUE_STATUSES: 'qa.queueStatus',
  QA_EVALUATION_STATUSES: 'qa.status',
  QA_EVALUATION_KINDS: 'qa.kind',
  QA_EVALUATOR_ROLES: 'roles',
  CONTACT_PURPOSES: 'crm.purpose',
  SEGMENT_FIELDS: 'crm.field',
  SEGMENT_OPS: 'crm.op',
  RANK_REASONS: 'planning.reason',
  OFFERED_OUTCOMES: 'callOutcome',
  ANSWERED_OUTCOMES: 'callOutcome',
  IVR_COMPLETION_NODES: 'ivr',
  REPORT_KINDS: 'reports.kind',
  SATISFACTION_GROUPS: 'reports.satGroup',
  SATISFACTION_CHANNELS: 'reports.channel',
  DONOR_KINDS: 'reports.donorKind',
  VOLUME_GROUPS: 'reports.group',
  REPORT_ROLES: 'roles',
  SMS_STATUSES: 'sms.status',
  SMS_TEMPLATE_KEYS: 'sms.template',
  CARE_OCCASIONS: 'careDesk.occasion',
  CARE_ACTIONS: 'careDesk.action',
  CARE_AUDIENCES: 'careDesk.audience',
  CARE_STATUSES: 'careDesk.state',
  CARE_EXCLUSIONS: 'careDesk.reason',
  POINTS_KINDS: 'loyalty.kind',
  VOICE_MESSAGE_STATES: 'voice.state',
  DIAL_MODES: 'dialer.mode',
  CAMPAIGN_CHANNELS: 'dialer.channel',
  DIAL_OUTCOMES: 'dialer.outcome',
  AGENT_OUTCOMES: 'dialer.outcome',
  INVITATION_BLOCK_REASONS: 'smsCampaign.reason',
  INVITATION_PRODUCTS: 'smsCampaign.product',
  SMS_RECIPIENT_STATES: 'smsCampaign.state',
};

/** Arrays whose values the desk does not show in words (with the reason). */
const NOT_IN_WORDS: Record<string, string> = {
  ABO_GROUPS: 'blood groups are written A, B, O, AB in Chinese too',
  RH_FACTORS: 'shown as + / − after the group',
  WHOLE_BLOOD_VOLUMES_ML: 'numbers (200 ml …)',
  CALL_DIRECTIONS: 'not shown by the desk',
  CALLER_KNOWN_BY: 'the IVR\'s own input to routing; the desk shows the resulting ROUTING_REASONS',
  CDR_FIELDS: 'column names of the PBX call log (cdr_custom), read by the bridge only',
  INBOUND_CONTEXTS: 'dialplan context names, read by the reconciler only',
  OUTBOUND_CONTEXTS: 'dialplan context names, read by the reconciler only',
  CN_CALENDAR_2027: 'data rows (dates with their Chinese names), shown as entered',
  SURVEY_CHANNELS: 'not shown by the desk (surveys show date, score and text)',
  PHRASE_CALL_TYPES: 'inbound/outbound are phrases.general and phraseFacts.generalOutbound; the rest are DISPOSITIONS (category)',
  PHRASE_PLACEHOLDER_KEYS: 'placeholders carry their own Chinese and English names (PHRASE_PLACEHOLDERS)',
  PHRASE_PLACEHOLDERS: 'placeholders carry their own Chinese and English names',
  UNAVAILABLE_REASONS: "one reason, shown as seatTruth.pbxDown",
  AUTO_PAUSE_REASONS: "one reason, shown as seatTruth.afterReject",
  DESK_LISTS: 'the lists are shown by their titles (listsAdmin.title)',
  RESERVED_PAUSE_CODES: 'codes refused as new pause reasons, never shown',
  CENTER_SETTING_KEYS: 'the settings form has its own field labels (centerAdmin)',
  PLAN_GROUPS: 'blood groups are written A+, O- … in Chinese too',
  WEEKDAY_PATTERN: 'numbers (the simulated demand shape), never shown',
  REPORT_EXPORT_FORMATS: 'the buttons say CSV / Excel (reports.export)',
  SMS_CLASSES: 'rules applied by the server (opt-out, quiet hours), not shown',
  VOICE_REPLY_METHODS: 'audit detail only; the desk labels its own choices (voice.how)',
  SMS_RETRYABLE_STATUSES: 'a subset of SMS_STATUSES (labelled there)',
  PERFORMANCE_COLUMNS: 'the table has its own column labels (crmPerf.col)',
};

type Messages = Record<string, unknown>;

function namespace(messages: Messages, path: string): Record<string, unknown> {
  let node: unknown = messages;
  for (const part of path.split('.')) node = (node as Messages | undefined)?.[part];
  expect(node, `namespace ${path}`).toBeTypeOf('object');
  return node as Record<string, unknown>;
}

const vocabularies = (Object.entries(domain) as [string, unknown][]).filter((e): e is [string, readonly unknown[]] => Array.isArray(e[1]));

describe('vocabulary labels', () => {
  it('every vocabulary array of @donorline/domain is either labelled or known not to be shown in words', () => {
    expect(vocabularies.length).toBeGreaterThan(20);
    const unmapped = vocabularies.map(([name]) => name).filter((name) => !(name in LABELLED) && !(name in NOT_IN_WORDS));
    expect(unmapped, 'add them to LABELLED (with labels) or NOT_IN_WORDS').toEqual([]);
    const stale = [...Object.keys(LABELLED), ...Object.keys(NOT_IN_WORDS)].filter((name) => !vocabularies.some(([n]) => n === name));
    expect(stale).toEqual([]);
  });

  for (const [name, ns] of Object.entries(LABELLED)) {
    it(`${name} → ${ns}: a zh-CN label in Chinese and an English label for every value`, () => {
      const values = (domain as unknown as Record<string, readonly string[]>)[name]!;
      const zh = namespace(zhCN, ns);
      const english = namespace(en as unknown as Messages, ns);
      const missing: string[] = [];
      for (const v of values) {
        const zhLabel = zh[v];
        const enLabel = english[v];
        if (typeof zhLabel !== 'string' || !/[\u4e00-\u9fff]/.test(zhLabel)) missing.push(`zh-CN ${v}: ${String(zhLabel)}`);
        if (typeof enLabel !== 'string' || !enLabel.trim()) missing.push(`en ${v}: ${String(enLabel)}`);
      }
      expect(missing).toEqual([]);
    });
  }
});
