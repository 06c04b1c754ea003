/**
 * Scripts written before the vocabulary used loose names ({日期} for three different dates, {姓名} for the agent in
 * a recall script). upgradeLegacyText rewrites such a text to the fact it meant, from where the name stands; the
 * migration to versioned scripts runs it over the old standard_phrase rows. Names that are already in the
 * vocabulary stay as they are.
 */
import { placeholderOf, type PlaceholderKey } from './placeholders.js';
import type { PhraseStage } from './phrase-script.js';

const TOKEN = /\{([^{}\s]{1,24})\}/g;

/** Scripts in which {姓名}/{name} is the caller-facing agent introducing themselves. */
const AGENT_NAME_SCRIPTS = new Set(['recall', 'survey-callback']);

/** Which fact the words just before a loose date/type name point at: the nearest of "上次/last" and "最早/等到/next". */
function pointsAtLast(segment: string): boolean {
  let last = -1;
  let next = -1;
  for (const m of segment.matchAll(/上次|last/gi)) last = m.index!;
  for (const m of segment.matchAll(/最早|等到|以后|next|earliest/gi)) next = m.index!;
  return last > next;
}

export function upgradeLegacyText(text: string, where: { callType: string; stage: PhraseStage | string }, lang: 'zh' | 'en' = 'zh'): string {
  const name = (k: PlaceholderKey): string => `{${lang === 'en' ? k : placeholderOf(k).zh}}`;
  // the words that decide a loose date or type: those since the previous date (or the start)
  let prevDateEnd = 0;
  return text.replace(TOKEN, (whole, raw: string, offset: number) => {
    const segment = text.slice(prevDateEnd, offset);
    if (raw === '日期' || raw === 'date') prevDateEnd = offset + whole.length;
    switch (raw) {
      case '工号': case 'id': case 'agent':
        return name('agentNo');
      case '姓名': case 'name':
        return name(AGENT_NAME_SCRIPTS.has(where.callType) ? 'agentName' : 'name');
      case '次数': case 'count':
        return name('donationCount');
      case '分数': case 'score':
        return name('surveyScore');
      case 'no':
        return name('ticketNo');
      case '地点': case 'site':
        return name('appointmentSite');
      case '时间': case 'time':
        return name(where.callType === 'complaint' ? 'ticketDue' : 'appointmentTime');
      case '类型': case 'type':
        return name(pointsAtLast(segment) ? 'lastDonationType' : 'nextEligibleType');
      case 'appointment':
        return name('appointmentDate');
      case '日期': case 'date':
        if (where.stage === 'commitment' && where.callType !== 'eligibility') return name('appointmentDate');
        if (where.callType === 'recall' || pointsAtLast(segment)) return name('lastDonationDate');
        return name('nextEligibleDate');
      default:
        return whole;
    }
  });
}
