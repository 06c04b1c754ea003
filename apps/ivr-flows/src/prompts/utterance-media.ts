/**
 * Utterances → Asterisk media URIs, grouped in runs that share a language (one playback per run).
 * `sound:donorline/<id>` is resolved by Asterisk (and the simulator) under sounds/<lang>/donorline/<id>.<ext>.
 */
import type { Lang, Utterance } from '../runtime/flow-context.js';
import { SOUND_FOLDER } from './prompt-catalogue.js';
import { sayDate, sayDigits, sayNumber, sayTime, sayWeekday } from './spoken-forms.js';

export interface MediaRun {
  lang: Lang;
  media: string[];
}

const sound = (id: string): string => `sound:${SOUND_FOLDER}/${id}`;

function one(u: Utterance, lang: Lang): { lang: Lang; media: string[] } {
  if (typeof u === 'string') return { lang, media: [sound(u)] };
  if ('prompt' in u) return { lang: u.lang ?? lang, media: [sound(u.prompt)] };
  if ('number' in u) return { lang, media: sayNumber(u.number, lang).map(sound) };
  if ('digits' in u) return { lang, media: sayDigits(u.digits, lang).map(sound) };
  if ('date' in u) return { lang, media: sayDate(u.date, lang, u.weekday ?? true).map(sound) };
  if ('time' in u) return { lang, media: sayTime(u.time, lang).map(sound) };
  if ('weekday' in u) return { lang, media: sayWeekday(u.weekday, lang).map(sound) };
  if ('recording' in u) return { lang, media: [`recording:${u.recording}`] };
  if ('sound' in u) return { lang, media: [sound(u.sound)] };
  if ('file' in u) return { lang, media: [`sound:${u.file.replace(/\.(wav|sln16|sln|gsm|ulaw|alaw|g722)$/i, '')}`] };
  // silence: Asterisk ships silence/1..10 (seconds); round up to whole seconds
  const secs = Math.max(1, Math.min(10, Math.ceil(u.silence / 1000)));
  return { lang, media: [`sound:silence/${secs}`] };
}

export function toMediaRuns(items: readonly Utterance[], lang: Lang): MediaRun[] {
  const runs: MediaRun[] = [];
  for (const u of items) {
    const r = one(u, lang);
    const last = runs[runs.length - 1];
    if (last && last.lang === r.lang) last.media.push(...r.media);
    else runs.push({ lang: r.lang, media: [...r.media] });
  }
  return runs.filter((r) => r.media.length > 0);
}
