import { CareLoyalty1766300000000 } from './1766300000000-care-loyalty.js';
import { InitialSchema1763800000000 } from './1763800000000-initial-schema.js';
import { UserIvrPin1763900000000 } from './1763900000000-user-ivr-pin.js';
import { StaffAccounts1764200000000 } from './1764200000000-staff-accounts.js';
import { AuditLookupIndex1764300000000 } from './1764300000000-audit-lookup-index.js';
import { BecsIntegration1764500000000 } from './1764500000000-becs-integration.js';
import { PhraseScripts1764600000000 } from './1764600000000-phrase-scripts.js';
import { AgentRing1764600001000 } from './1764600001000-agent-ring.js';
import { CallSegment1765100000000 } from './1765100000000-call-segment.js';
import { SitesCalendar1765200000000 } from './1765200000000-sites-calendar.js';
import { BecsRowHash1765400000000 } from './1765400000000-becs-row-hash.js';
import { WorkQueue1765500000000 } from './1765500000000-work-queue.js';
import { QaEvaluations1765900000000 } from './1765900000000-qa-evaluations.js';
import { CrmSegments1766100000000 } from './1766100000000-crm-segments.js';
import { CampaignDialer1766200000000 } from './1766200000000-campaign-dialer.js';
import { SmsMessaging1765600000000 } from './1765600000000-sms-messaging.js';
import { AdminLists1765300000000 } from './1765300000000-admin-lists.js';
import { Planning1766000000000 } from './1766000000000-planning.js';
import { Reports1765700000000 } from './1765700000000-reports.js';
import { DonationFacts1766400000000 } from './1766400000000-donation-facts.js';
import { PbxReconcile1766500000000 } from './1766500000000-pbx-reconcile.js';
import { AppointmentAttendance1767000000000 } from './1767000000000-appointment-attendance.js';
import { AttributionIndex1767500000000 } from './1767500000000-attribution-index.js';
import { SmsCampaigns1767400000000 } from './1767400000000-sms-campaigns.js';

/** Every migration, in order. The same classes run on SQLite and MariaDB/MySQL. */
export const MIGRATIONS = [
  InitialSchema1763800000000, UserIvrPin1763900000000, StaffAccounts1764200000000, AuditLookupIndex1764300000000,
  BecsIntegration1764500000000, PhraseScripts1764600000000, AgentRing1764600001000, CallSegment1765100000000,
  SitesCalendar1765200000000, AdminLists1765300000000, BecsRowHash1765400000000, WorkQueue1765500000000,
  SmsMessaging1765600000000, Reports1765700000000, QaEvaluations1765900000000, Planning1766000000000,
  CrmSegments1766100000000, CampaignDialer1766200000000,
  CareLoyalty1766300000000,
  DonationFacts1766400000000,
  PbxReconcile1766500000000,
  AppointmentAttendance1767000000000,
  SmsCampaigns1767400000000,
  AttributionIndex1767500000000,
];
