import type { ColumnOptions } from 'typeorm';

/**
 * Column option builders shared by the entities. Every column type is explicit (tsx/esbuild emit no decorator
 * metadata) and portable: the same types exist on SQLite and MariaDB. Timestamps are UTC `datetime(3)`;
 * local calendar dates (Asia/Shanghai) are `date` columns read back as 'YYYY-MM-DD' strings.
 */
export const str = (name: string, length: number, nullable = false): ColumnOptions => ({ name, type: 'varchar', length, nullable });
export const text = (name: string, nullable = true): ColumnOptions => ({ name, type: 'text', nullable });
export const json = (name: string, nullable = true): ColumnOptions => ({ name, type: 'simple-json', nullable });
export const int = (name: string, nullable = false, dflt?: number): ColumnOptions =>
  dflt === undefined ? { name, type: 'int', nullable } : { name, type: 'int', nullable, default: dflt };
export const dbl = (name: string, nullable = true): ColumnOptions => ({ name, type: 'double', nullable });
export const bool = (name: string): ColumnOptions => ({ name, type: 'boolean', width: 1, nullable: false });
export const ts = (name: string, nullable = false): ColumnOptions => ({ name, type: 'datetime', precision: 3, nullable });
export const day = (name: string, nullable = false): ColumnOptions => ({ name, type: 'date', nullable });
