import { AgentStateLog } from './agent-state-log.entity.js';
import { ReportAgentDay, ReportCallHour, ReportIvrDay, ReportRollupDay } from './report-rollup.entity.js';
import { AgentRing } from './agent-ring.entity.js';
import { Appointment } from './appointment.entity.js';
import { AppointmentSlot } from './appointment-slot.entity.js';
import { AuditLog } from './audit-log.entity.js';
import { AuthSession } from './auth-session.entity.js';
import { CenterSetting } from './center-setting.entity.js';
import { PlanningIssue, PlanningNeed, PlanningStockSnapshot } from './planning.entity.js';
import { DeskListItem } from './desk-list-item.entity.js';
import { CallRecord } from './call-record.entity.js';
import { CallSegment } from './call-segment.entity.js';
import { Campaign } from './campaign.entity.js';
import { CampaignTarget } from './campaign-target.entity.js';
import { CampaignAgent } from './campaign-agent.entity.js';
import { CareEvent } from './care-event.entity.js';
import { ContactAttempt } from './contact-attempt.entity.js';
import { CrmSegment } from './crm-segment.entity.js';
import { ContactRecord } from './contact-record.entity.js';
import { Deferral } from './deferral.entity.js';
import { Donation } from './donation.entity.js';
import { DonationSite } from './donation-site.entity.js';
import { Donor } from './donor.entity.js';
import { DonorPhone } from './donor-phone.entity.js';
import { EligibilityRuleSetRow } from './eligibility-rule-set.entity.js';
import { ApiKey, BecsDuplicate, ImportIssue, ImportJob, ImportMappingRow } from './integration.entity.js';
import { KnowledgeArticle } from './knowledge-article.entity.js';
import { QaCalibration, QaComment, QaEvaluation, QaForm, QaQueueItem } from './qa.entity.js';
import { PhraseScriptVersion } from './phrase-script-version.entity.js';
import { Recording } from './recording.entity.js';
import { Referral } from './referral.entity.js';
import { ReimbursementPolicy } from './reimbursement-policy.entity.js';
import { ServiceCalendarDay, ServiceHoursRow, SiteDay, SlotTemplate } from './site-admin.entity.js';
import { SmsOutbox } from './sms-outbox.entity.js';
import { SmsInbound, SmsOptOut } from './sms-inbound.entity.js';
import { SurveyResponse } from './survey-response.entity.js';
import { Ticket } from './ticket.entity.js';
import { TicketCall } from './ticket-call.entity.js';
import { TicketNote } from './ticket-note.entity.js';
import { User } from './user.entity.js';
import { VoiceMessage } from './voice-message.entity.js';
import { CareAction, CareRule } from '../care/care.entities.js';
import { SmsCampaign } from '../sms-campaign/sms-campaign.entity.js';
import { PointsEntry, RewardItem } from '../loyalty/loyalty.entities.js';
import { PbxLogCursor } from './pbx-log-cursor.entity.js';

export {
  AgentRing, Appointment, AppointmentSlot, AuditLog, CallRecord, Campaign, CampaignTarget, CampaignAgent, CareEvent, ContactAttempt, ContactRecord,
  Deferral, Donation, DonationSite, Donor, DonorPhone, EligibilityRuleSetRow, KnowledgeArticle, Recording, Referral,
  PhraseScriptVersion, ReimbursementPolicy, SmsOutbox, SurveyResponse, Ticket, TicketNote, User, VoiceMessage,
  ApiKey, BecsDuplicate, ImportIssue, ImportJob, ImportMappingRow,
};
export { ServiceCalendarDay, ServiceHoursRow, SiteDay, SlotTemplate };
export { AuthSession, CallSegment, TicketCall, SmsInbound, SmsOptOut };
export { CenterSetting, DeskListItem };
export { QaCalibration, QaComment, QaEvaluation, QaForm, QaQueueItem };
export { CrmSegment };
export { CareAction, CareRule, PointsEntry, RewardItem, SmsCampaign };
export { PlanningIssue, PlanningNeed, PlanningStockSnapshot };
export { AgentStateLog, ReportAgentDay, ReportCallHour, ReportIvrDay, ReportRollupDay };
export { PbxLogCursor };
export type { RingOutcome } from './agent-ring.entity.js';
export type { CampaignPurpose, CampaignStatus } from './campaign.entity.js';
export type { CampaignTargetStatus } from './campaign-target.entity.js';
export type { ReimbursementRules } from './reimbursement-policy.entity.js';
export type { SmsStatus } from './sms-outbox.entity.js';

export const ENTITIES = [
  User, DonationSite, Donor, DonorPhone, Donation, Deferral, AppointmentSlot, Appointment, CallRecord, Recording,
  ContactRecord, Ticket, TicketNote, SurveyResponse, Campaign, CampaignTarget, CampaignAgent, ContactAttempt, CareEvent, Referral,
  VoiceMessage, AuditLog, EligibilityRuleSetRow, KnowledgeArticle, PhraseScriptVersion, ReimbursementPolicy, SmsOutbox,
  AuthSession, AgentRing, CallSegment,
  ApiKey, ImportJob, ImportIssue, ImportMappingRow, BecsDuplicate,
  SlotTemplate, SiteDay, ServiceHoursRow, ServiceCalendarDay,
  TicketCall,
  DeskListItem, CenterSetting,
  QaForm, QaQueueItem, QaEvaluation, QaComment, QaCalibration,
  CrmSegment,
  PlanningStockSnapshot, PlanningIssue, PlanningNeed,
  AgentStateLog, ReportAgentDay, ReportCallHour, ReportIvrDay, ReportRollupDay,
  SmsOptOut, SmsInbound,
  CareRule, CareAction, PointsEntry, RewardItem, SmsCampaign,
  PbxLogCursor,
];
