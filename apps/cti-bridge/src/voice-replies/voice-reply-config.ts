/**
 * Voice-message replies, configuration from env (read once by config.ts):
 *  VOICE_MESSAGES_DIR      where the bridge reads the messages the IVR recorded (the PBX's ARI recordings volume);
 *                          default <RECORDINGS_DIR>/ari (the simulator writes there)
 *  VOICE_MESSAGES_PBX_DIR  the same directory as the PBX names it (Asterisk: /var/spool/asterisk/recording);
 *                          default: VOICE_MESSAGES_DIR with the simulator, /var/spool/asterisk/recording with Asterisk
 *  VOICE_REPLIES_DIR       where the bridge writes replies (8 kHz 16-bit mono WAV); default <VOICE_MESSAGES_DIR>/replies
 *  VOICE_REPLIES_PBX_DIR   the same directory as the PBX names it — the IVR plays `sound:<this>/<file>`;
 *                          default <VOICE_MESSAGES_PBX_DIR>/replies
 *  VOICE_TTS_VOICE         espeak-ng voice for typed replies (cmn = Mandarin)
 *  VOICE_REPLIES_PER_MINUTE  replies one user may send a minute (sox and espeak-ng run per reply; 20)
 */
import path from 'node:path';

export interface VoiceReplyConfig {
  messagesDir: string;
  pbxMessagesDir: string;
  repliesDir: string;
  pbxRepliesDir: string;
  ttsVoice: string;
  perMinute: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export function voiceReplyConfig(env: Env, o: { cwd: string; recordingsDir: string; pbxMode: 'sim' | 'asterisk' }, fail: (m: string) => Error): VoiceReplyConfig {
  const messagesDir = path.resolve(o.cwd, env.VOICE_MESSAGES_DIR || path.join(o.recordingsDir, 'ari'));
  const pbxMessagesDir = env.VOICE_MESSAGES_PBX_DIR || (o.pbxMode === 'sim' ? messagesDir : '/var/spool/asterisk/recording');
  const repliesDir = path.resolve(o.cwd, env.VOICE_REPLIES_DIR || path.join(messagesDir, 'replies'));
  const pbxRepliesDir = env.VOICE_REPLIES_PBX_DIR || (o.pbxMode === 'sim' && !env.VOICE_MESSAGES_PBX_DIR ? repliesDir : path.posix.join(pbxMessagesDir, 'replies'));
  for (const [k, v] of [['VOICE_MESSAGES_PBX_DIR', pbxMessagesDir], ['VOICE_REPLIES_PBX_DIR', pbxRepliesDir]] as const) {
    if (!path.isAbsolute(v)) throw fail(`${k} must be an absolute path (the PBX plays replies by absolute path), got "${v}"`);
  }
  const ttsVoice = env.VOICE_TTS_VOICE || 'cmn';
  if (!/^[A-Za-z0-9+_-]{1,40}$/.test(ttsVoice)) throw fail(`VOICE_TTS_VOICE: an espeak-ng voice name such as cmn, got "${ttsVoice}"`);
  const perMinute = Number(env.VOICE_REPLIES_PER_MINUTE || 20);
  if (!Number.isInteger(perMinute) || perMinute < 1) throw fail(`VOICE_REPLIES_PER_MINUTE must be a positive integer, got "${env.VOICE_REPLIES_PER_MINUTE}"`);
  return { messagesDir, pbxMessagesDir, repliesDir, pbxRepliesDir, ttsVoice, perMinute };
}
