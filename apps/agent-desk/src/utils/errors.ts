/**
 * One place that turns failures (HTTP ApiError, socket CommandError, anything else) into words for the agent.
 * The stable code picks the translated sentence; the server's own message is kept as a detail line.
 */
import { ApiError } from '../api/http.client.js';
import { CommandError } from '../realtime/commands.js';

export interface DescribedError {
  code: string;
  status: number | null;
  /** The translated sentence for the agent. */
  text: string;
  /** The server's message, when it says more than the code. */
  detail: string | null;
}

const LOCAL_CODES = new Set(['TIMEOUT', 'OFFLINE', 'NETWORK', 'HTTP']);

type Translate = (key: string, named?: Record<string, unknown>) => string;

export function errorCode(err: unknown): string {
  if (err instanceof ApiError || err instanceof CommandError) return err.code;
  return 'INTERNAL';
}

/**
 * The bridge writes some messages in both languages ('中文 / English'): keep the reader's half — of each part when
 * several problems are listed ('a / b；c / d').
 */
export function pickLanguage(message: string, lang: string | undefined): string {
  if (message.includes('；')) return message.split('；').map((m) => pickLanguage(m, lang)).join(lang?.startsWith('zh') ? '；' : '; ');
  const parts = message.split(' / ');
  if (parts.length !== 2 || !lang) return message;
  const zhFirst = /[\u4e00-\u9fff]/.test(parts[0]!) && !/[\u4e00-\u9fff]/.test(parts[1]!);
  if (!zhFirst) return message;
  return lang.startsWith('zh') ? parts[0]!.trim() : parts[1]!.trim();
}

export function describeError(err: unknown, t: Translate, te?: (key: string) => boolean, lang?: string): DescribedError {
  const status = err instanceof ApiError ? err.status : null;
  const code = errorCode(err);
  const key = `errors.${code}`;
  const known = te ? te(key) : true;
  const text = known ? t(key, { status: status ?? '' }) : t('errors.INTERNAL');
  // The server's own words add information; the desk's own failures (no answer, no connection) do not.
  const fromServer = !LOCAL_CODES.has(code) && (err instanceof ApiError || err instanceof CommandError);
  const raw = err instanceof Error ? pickLanguage(err.message, lang) : null;
  const detail = fromServer && raw && raw !== text && raw !== code ? raw : null;
  return { code, status, text, detail };
}

/** Letters and digits only, for comparing two sentences that say the same thing in different punctuation. */
const core = (s: string): string => s.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();

/**
 * The error as one line, e.g. '交换机拒绝了该操作（Channel not found）'. A detail that only repeats the sentence is
 * dropped (never 电话号码无效（号码无效）); a detail that says more than a generic sentence replaces it (the limit of a
 * field rather than 输入有误).
 */
export function errorLine(err: unknown, t: Translate, te?: (key: string) => boolean, lang?: string): string {
  const d = describeError(err, t, te, lang);
  if (!d.detail) return d.text;
  const text = core(d.text);
  const detail = core(d.detail);
  if (!detail || text.includes(detail)) return d.text;
  if (detail.includes(text) || d.code === 'VALIDATION_FAILED') return d.detail;
  return t('errors.withDetail', { text: d.text, detail: d.detail });
}
