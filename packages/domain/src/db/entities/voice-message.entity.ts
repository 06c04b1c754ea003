import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { int, str, ts } from './columns.js';
import type { Donor } from './donor.entity.js';
import type { Ticket } from './ticket.entity.js';
import type { User } from './user.entity.js';

/** A voice message left in the IVR (留言), its ticket, and the staff's recorded reply the donor hears next time. */
@Entity({ name: 'voice_message' })
export class VoiceMessage {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column(str('call_id', 64, true))
  callId!: string | null;

  @Column(str('recording_path', 255))
  recordingPath!: string;

  @Column(int('duration_seconds', false, 0))
  durationSeconds!: number;

  @Column(str('caller_e164', 32, true))
  callerE164!: string | null;

  @Column(str('caller_masked', 32))
  callerMasked!: string;

  @Index('ix_voice_message_donor')
  @Column(int('donor_id', true))
  donorId!: number | null;

  @ManyToOne('Donor', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'fk_voice_message_donor_id' })
  donor?: Relation<Donor> | null;

  @Index('ix_voice_message_ticket')
  @Column(int('ticket_id', true))
  ticketId!: number | null;

  @ManyToOne('Ticket', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_voice_message_ticket_id' })
  ticket?: Relation<Ticket> | null;

  @Column(str('reply_path', 255, true))
  replyPath!: string | null;

  @Index('ix_voice_message_reply_by')
  @Column(int('reply_by_id', true))
  replyById!: number | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reply_by_id', foreignKeyConstraintName: 'fk_voice_message_reply_by_id' })
  replyBy?: Relation<User> | null;

  @Column(ts('reply_at', true))
  replyAt!: Date | null;

  @Column(ts('reply_heard_at', true))
  replyHeardAt!: Date | null;

  @Column(ts('created_at'))
  createdAt!: Date;
}
