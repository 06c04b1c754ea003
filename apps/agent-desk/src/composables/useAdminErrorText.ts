/**
 * Error lines of the admin pages: a change refused because of bookings (409 with details.bookings) reads as the
 * server's own sentence, which names them — not as the generic 操作冲突，请刷新后重试 (refreshing changes nothing).
 */
import { useI18n } from 'vue-i18n';
import { ApiError } from '../api/http.client.js';
import { pickLanguage } from '../utils/errors.js';
import { useErrorText } from './useErrorText.js';

export function useAdminErrorText() {
  const { locale } = useI18n();
  const { errorText } = useErrorText();
  return {
    errorText: (err: unknown): string =>
      err instanceof ApiError && Array.isArray(err.details?.bookings) ? pickLanguage(err.message, locale.value) : errorText(err),
  };
}
