import { DomainError } from '../../errors.js';

/** Why a whole file is refused (details.reason): the upload answers 400 / the job fails with this message. */
export type FileProblem = 'FILE_FORMAT' | 'MALFORMED_FILE' | 'ENCODING' | 'MISSING_COLUMNS' | 'EMPTY_FILE' | 'TRUNCATED_UPLOAD' | 'TOO_LARGE';

export function fileError(reason: FileProblem, zh: string, en: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('VALIDATION_FAILED', `${zh} / ${en}`, { reason, ...details });
}
