import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The initial Donorline schema, written with the driver-neutral QueryRunner Table API so the same class runs on
 * SQLite and MariaDB/MySQL. The column helpers are local to this file on purpose: a migration is a frozen snapshot.
 */
const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
const int = (name: string, isNullable = false, dflt?: number): TableColumnOptions =>
  dflt === undefined ? { name, type: 'integer', isNullable } : { name, type: 'integer', isNullable, default: dflt };
const dbl = (name: string): TableColumnOptions => ({ name, type: 'double', isNullable: true });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const ts = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });
const day = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'date', isNullable });

type OnDelete = 'CASCADE' | 'SET NULL';
interface Spec {
  name: string;
  columns: TableColumnOptions[];
  indices?: { name: string; columns: string[]; unique?: boolean }[];
  fks?: { column: string; table: string; onDelete: OnDelete }[];
}

const TABLES: Spec[] = [
  {
    name: 'app_user',
    columns: [id(), str('username', 64), str('display_name', 100), str('password_hash', 255), str('role', 16), str('extension', 20, true), bool('active'), ts('created_at'), ts('updated_at')],
    indices: [{ name: 'ux_app_user_username', columns: ['username'], unique: true }, { name: 'ix_app_user_extension', columns: ['extension'] }],
  },
  {
    name: 'donation_site',
    columns: [id(), str('code', 32), str('name', 100), str('kind', 8), str('district', 50), str('address', 255), str('hours', 255), str('transport', 500), text('what_to_bring'), text('capabilities', false), str('phone', 20, true), dbl('latitude'), dbl('longitude'), bool('active')],
    indices: [{ name: 'ux_donation_site_code', columns: ['code'], unique: true }],
  },
  {
    name: 'donor',
    columns: [
      id(), str('name', 50), str('gender', 8), day('birth_date', true), str('national_id_hash', 64, true), str('national_id_last4', 4, true),
      str('national_id_masked', 24, true), str('national_id_cipher', 255, true), str('blood_abo', 2, true), str('blood_rh', 1, true),
      str('occupation', 50, true), str('segment', 32, true), text('tags', false), str('media_source', 20, true), bool('consent_recruitment'),
      bool('consent_sms'), bool('consent_health_data'), bool('do_not_call'), bool('had_adverse_reaction'), dbl('weight_kg'),
      int('account_manager_id', true), int('points', false, 0), str('address', 255, true), text('notes'), ts('created_at'), ts('updated_at'),
    ],
    indices: [
      { name: 'ix_donor_name', columns: ['name'] },
      { name: 'ix_donor_national_id_hash', columns: ['national_id_hash'] },
      { name: 'ix_donor_national_id_last4', columns: ['national_id_last4'] },
      { name: 'ix_donor_segment', columns: ['segment'] },
      { name: 'ix_donor_account_manager', columns: ['account_manager_id'] },
    ],
    fks: [{ column: 'account_manager_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'donor_phone',
    columns: [id(), int('donor_id'), str('e164', 20), str('kind', 12), str('label', 32, true), bool('is_primary'), ts('created_at')],
    indices: [{ name: 'ux_donor_phone_donor_e164', columns: ['donor_id', 'e164'], unique: true }, { name: 'ix_donor_phone_e164', columns: ['e164'] }],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'CASCADE' }],
  },
  {
    name: 'donation',
    columns: [id(), int('donor_id'), int('site_id', true), str('type', 16), day('date'), int('volume_ml', true), int('units', true), str('outcome', 12), ts('created_at')],
    indices: [{ name: 'ix_donation_donor_date', columns: ['donor_id', 'date'] }, { name: 'ix_donation_site', columns: ['site_id'] }],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'CASCADE' }, { column: 'site_id', table: 'donation_site', onDelete: 'SET NULL' }],
  },
  {
    name: 'deferral',
    columns: [id(), int('donor_id'), day('from_date'), day('until', true), str('reason', 255), text('types'), ts('created_at')],
    indices: [{ name: 'ix_deferral_donor', columns: ['donor_id'] }],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'CASCADE' }],
  },
  {
    name: 'appointment_slot',
    columns: [id(), int('site_id'), str('type', 16), ts('starts_at'), ts('ends_at'), int('capacity'), int('booked', false, 0)],
    indices: [{ name: 'ix_appointment_slot_site_start', columns: ['site_id', 'starts_at'] }, { name: 'ix_appointment_slot_type_start', columns: ['type', 'starts_at'] }],
    fks: [{ column: 'site_id', table: 'donation_site', onDelete: 'CASCADE' }],
  },
  {
    name: 'appointment',
    columns: [
      id(), int('donor_id'), int('slot_id'), int('site_id'), str('type', 16), ts('starts_at'), str('status', 12), str('channel', 8),
      str('call_id', 64, true), int('created_by_id', true), str('cancelled_reason', 255, true), ts('created_at'), ts('updated_at'),
    ],
    indices: [
      { name: 'ix_appointment_donor_status', columns: ['donor_id', 'status'] },
      { name: 'ix_appointment_slot', columns: ['slot_id'] },
      { name: 'ix_appointment_site', columns: ['site_id'] },
      { name: 'ix_appointment_created_by', columns: ['created_by_id'] },
    ],
    fks: [
      { column: 'donor_id', table: 'donor', onDelete: 'CASCADE' },
      { column: 'slot_id', table: 'appointment_slot', onDelete: 'CASCADE' },
      { column: 'site_id', table: 'donation_site', onDelete: 'CASCADE' },
      { column: 'created_by_id', table: 'app_user', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'call_record',
    columns: [
      id(), str('linkedid', 64), str('direction', 10), str('caller_e164', 32, true), str('caller_masked', 32), str('dialed', 32, true),
      int('donor_id', true), str('queue', 32, true), int('agent_id', true), ts('started_at'), ts('queued_at', true), ts('answered_at', true),
      ts('ended_at', true), int('wait_seconds', false, 0), int('talk_seconds', false, 0), int('hold_seconds', false, 0),
      str('hangup_cause', 64, true), str('hangup_by', 10, true), str('outcome', 16, true), str('ivr_path', 500, true), bool('ivr_verified'),
      str('disposition', 20, true), text('notes'), int('version', false, 1), ts('updated_at'),
    ],
    indices: [
      { name: 'ux_call_record_linkedid', columns: ['linkedid'], unique: true },
      { name: 'ix_call_record_caller', columns: ['caller_e164'] },
      { name: 'ix_call_record_donor', columns: ['donor_id'] },
      { name: 'ix_call_record_agent', columns: ['agent_id'] },
      { name: 'ix_call_record_started', columns: ['started_at'] },
    ],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'SET NULL' }, { column: 'agent_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'recording',
    columns: [id(), int('call_record_id'), str('file_path', 255), str('format', 8), int('duration_seconds', false, 0), int('size_bytes', true), ts('started_at'), ts('created_at')],
    indices: [
      { name: 'ix_recording_call', columns: ['call_record_id'] },
      { name: 'ux_recording_file', columns: ['file_path'], unique: true },
      { name: 'ix_recording_started', columns: ['started_at'] },
    ],
    fks: [{ column: 'call_record_id', table: 'call_record', onDelete: 'CASCADE' }],
  },
  {
    name: 'contact_record',
    columns: [id(), int('donor_id', true), str('call_id', 64, true), str('channel', 10), str('category', 20), text('notes', false), str('outcome', 64, true), int('agent_id', true), ts('at')],
    indices: [
      { name: 'ix_contact_record_donor_at', columns: ['donor_id', 'at'] },
      { name: 'ix_contact_record_call', columns: ['call_id'] },
      { name: 'ix_contact_record_agent', columns: ['agent_id'] },
    ],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'CASCADE' }, { column: 'agent_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'ticket',
    columns: [
      id(), int('donor_id', true), str('kind', 16), str('status', 12), str('subject', 200), text('body'), int('owner_id', true),
      int('created_by_id', true), str('call_id', 64, true), ts('due_at', true), ts('created_at'), ts('updated_at'), ts('closed_at', true),
    ],
    indices: [
      { name: 'ix_ticket_donor_status', columns: ['donor_id', 'status'] },
      { name: 'ix_ticket_kind_status', columns: ['kind', 'status'] },
      { name: 'ix_ticket_owner', columns: ['owner_id'] },
      { name: 'ix_ticket_created_by', columns: ['created_by_id'] },
    ],
    fks: [
      { column: 'donor_id', table: 'donor', onDelete: 'CASCADE' },
      { column: 'owner_id', table: 'app_user', onDelete: 'SET NULL' },
      { column: 'created_by_id', table: 'app_user', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'ticket_note',
    columns: [id(), int('ticket_id'), int('author_id', true), text('body', false), ts('at')],
    indices: [{ name: 'ix_ticket_note_ticket', columns: ['ticket_id'] }, { name: 'ix_ticket_note_author', columns: ['author_id'] }],
    fks: [{ column: 'ticket_id', table: 'ticket', onDelete: 'CASCADE' }, { column: 'author_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'survey_response',
    columns: [id(), int('donor_id', true), str('call_id', 64, true), str('channel', 8), int('score', true), text('text'), int('ticket_id', true), ts('at')],
    indices: [
      { name: 'ix_survey_response_donor', columns: ['donor_id'] },
      { name: 'ix_survey_response_call', columns: ['call_id'] },
      { name: 'ix_survey_response_ticket', columns: ['ticket_id'] },
      { name: 'ix_survey_response_at', columns: ['at'] },
    ],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'CASCADE' }, { column: 'ticket_id', table: 'ticket', onDelete: 'SET NULL' }],
  },
  {
    name: 'campaign',
    columns: [id(), str('name', 100), str('purpose', 16), str('segment', 32, true), str('donation_type', 16, true), str('status', 12), text('description'), day('starts_on'), day('ends_on', true), int('created_by_id', true), ts('created_at')],
    indices: [{ name: 'ix_campaign_created_by', columns: ['created_by_id'] }],
    fks: [{ column: 'created_by_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'campaign_target',
    columns: [id(), int('campaign_id'), int('donor_id'), str('status', 12), int('assigned_to_id', true)],
    indices: [
      { name: 'ux_campaign_target', columns: ['campaign_id', 'donor_id'], unique: true },
      { name: 'ix_campaign_target_donor', columns: ['donor_id'] },
      { name: 'ix_campaign_target_assignee', columns: ['assigned_to_id'] },
    ],
    fks: [
      { column: 'campaign_id', table: 'campaign', onDelete: 'CASCADE' },
      { column: 'donor_id', table: 'donor', onDelete: 'CASCADE' },
      { column: 'assigned_to_id', table: 'app_user', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'contact_attempt',
    columns: [id(), int('donor_id'), int('campaign_id', true), str('channel', 8), str('outcome', 20), int('agent_id', true), str('call_id', 64, true), ts('at')],
    indices: [
      { name: 'ix_contact_attempt_donor_at', columns: ['donor_id', 'at'] },
      { name: 'ix_contact_attempt_campaign', columns: ['campaign_id'] },
      { name: 'ix_contact_attempt_agent', columns: ['agent_id'] },
    ],
    fks: [
      { column: 'donor_id', table: 'donor', onDelete: 'CASCADE' },
      { column: 'campaign_id', table: 'campaign', onDelete: 'SET NULL' },
      { column: 'agent_id', table: 'app_user', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'care_event',
    columns: [id(), int('donor_id'), str('kind', 16), day('due_date'), ts('done_at', true), str('note', 500, true), int('assigned_to_id', true)],
    indices: [
      { name: 'ix_care_event_donor', columns: ['donor_id'] },
      { name: 'ix_care_event_due', columns: ['due_date'] },
      { name: 'ix_care_event_assignee', columns: ['assigned_to_id'] },
    ],
    fks: [{ column: 'donor_id', table: 'donor', onDelete: 'CASCADE' }, { column: 'assigned_to_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'referral',
    columns: [id(), int('referrer_id'), str('referred_name', 50), str('referred_phone', 20, true), int('referred_donor_id', true), bool('converted'), int('reward_points', false, 0), ts('at')],
    indices: [{ name: 'ix_referral_referrer', columns: ['referrer_id'] }, { name: 'ix_referral_referred_donor', columns: ['referred_donor_id'] }],
    fks: [{ column: 'referrer_id', table: 'donor', onDelete: 'CASCADE' }, { column: 'referred_donor_id', table: 'donor', onDelete: 'SET NULL' }],
  },
  {
    name: 'voice_message',
    columns: [
      id(), str('call_id', 64, true), str('recording_path', 255), int('duration_seconds', false, 0), str('caller_e164', 32, true), str('caller_masked', 32),
      int('donor_id', true), int('ticket_id', true), str('reply_path', 255, true), int('reply_by_id', true), ts('reply_at', true), ts('reply_heard_at', true), ts('created_at'),
    ],
    indices: [
      { name: 'ix_voice_message_donor', columns: ['donor_id'] },
      { name: 'ix_voice_message_ticket', columns: ['ticket_id'] },
      { name: 'ix_voice_message_reply_by', columns: ['reply_by_id'] },
    ],
    fks: [
      { column: 'donor_id', table: 'donor', onDelete: 'SET NULL' },
      { column: 'ticket_id', table: 'ticket', onDelete: 'SET NULL' },
      { column: 'reply_by_id', table: 'app_user', onDelete: 'SET NULL' },
    ],
  },
  {
    name: 'audit_log',
    columns: [id(), ts('at'), int('actor_id', true), str('action', 64), str('subject_type', 32), str('subject_id', 64), text('detail'), str('ip', 64, true)],
    indices: [
      { name: 'ix_audit_log_at', columns: ['at'] },
      { name: 'ix_audit_log_actor', columns: ['actor_id'] },
      { name: 'ix_audit_log_subject', columns: ['subject_type', 'subject_id'] },
    ],
    fks: [{ column: 'actor_id', table: 'app_user', onDelete: 'SET NULL' }],
  },
  {
    name: 'eligibility_rule_set',
    columns: [id(), str('family', 32), int('version'), str('standard', 200), day('effective_from'), bool('active'), text('body', false), int('created_by_id', true), ts('created_at')],
    indices: [{ name: 'ux_eligibility_rule_set_version', columns: ['family', 'version'], unique: true }],
  },
  {
    name: 'knowledge_article',
    columns: [id(), str('category', 16), str('title', 200), text('body', false), text('tags', false), ts('created_at'), ts('updated_at')],
    indices: [{ name: 'ix_knowledge_article_category', columns: ['category'] }],
  },
  {
    name: 'standard_phrase',
    columns: [id(), str('call_type', 32), str('stage', 16), int('sort_order'), text('text_zh', false), text('text_en')],
    indices: [{ name: 'ix_standard_phrase_type_order', columns: ['call_type', 'sort_order'] }],
  },
  {
    name: 'reimbursement_policy',
    columns: [id(), str('province', 32), str('title', 200), day('effective_from'), text('rules', false), ts('updated_at')],
    indices: [{ name: 'ux_reimbursement_policy_province', columns: ['province', 'effective_from'], unique: true }],
  },
  {
    name: 'sms_outbox',
    columns: [
      id(), str('to_e164', 20), str('template', 64), text('payload', false), text('body'), str('status', 12), int('attempts', false, 0),
      str('provider_id', 64, true), str('last_error', 500, true), ts('next_attempt_at'), ts('created_at'), ts('sent_at', true),
    ],
    indices: [{ name: 'ix_sms_outbox_status', columns: ['status', 'next_attempt_at'] }],
  },
];

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb') {
      // Chinese text must round-trip: make the database default utf8mb4 before creating tables (tables inherit it).
      try {
        await q.query('ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
      } catch {
        /* no ALTER privilege: checked just below */
      }
      const [row] = (await q.query('SELECT @@character_set_database AS cs')) as { cs: string }[];
      if (!row?.cs.startsWith('utf8mb4')) throw new Error(`database charset is ${row?.cs}; create it with CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
    // Tables are listed parents first, so foreign keys go in with createTable (on SQLite a later createForeignKey
    // would rebuild the whole table each time).
    for (const t of TABLES) {
      await q.createTable(
        new Table({
          name: t.name,
          columns: t.columns,
          indices: (t.indices ?? []).map((i) => new TableIndex({ name: i.name, columnNames: i.columns, isUnique: i.unique ?? false })),
          foreignKeys: (t.fks ?? []).map(
            (fk) => new TableForeignKey({ name: `fk_${t.name}_${fk.column}`, columnNames: [fk.column], referencedTableName: fk.table, referencedColumnNames: ['id'], onDelete: fk.onDelete, onUpdate: 'NO ACTION' }),
          ),
        }),
        false,
        true,
        true,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [...TABLES].reverse()) await q.dropTable(t.name, true, true, true);
  }
}
