import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * No-show detection (issue 12): the settlement job reads the open bookings of the last days by status and start
 * (db/attendance/attendance.service.ts) every morning; this index keeps that a range read however many bookings the
 * center has. The statuses 'arrived' and 'no-show' existed already. Driver-neutral (SQLite and MariaDB).
 */
export class AppointmentAttendance1767000000000 implements MigrationInterface {
  name = 'AppointmentAttendance1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('appointment', new TableIndex({ name: 'ix_appointment_status_starts', columnNames: ['status', 'starts_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('appointment', 'ix_appointment_status_starts');
  }
}
