/**
 * Turning a reply into what Asterisk plays: an 8 kHz, 16-bit, mono, signed PCM WAV (the format of the prompts in
 * asterisk/sounds). Two sources:
 *  - a WAV recorded in the browser (the desk captures PCM with an AudioWorklet: sox reads WAV but not the
 *    webm/opus MediaRecorder makes) — checked by its header, then by sox itself, length-limited;
 *  - a typed text, spoken by espeak-ng (Mandarin voice `cmn`) and resampled by sox.
 * Both are normalised (gain -n -3) so replies are as loud as the prompts. Tools run with execFile/spawn (no shell),
 * the text goes through stdin (never an argument espeak-ng could read as an option), each with a time limit.
 * The result is written to a temporary name in the replies directory and renamed: the IVR never plays half a file.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DomainError, VOICE_REPLY_LIMITS } from '@donorline/domain';

const run = promisify(execFile);
const TOOL_TIMEOUT_MS = 20_000;
const PBX_FORMAT = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer'];

const bad = (zh: string, en: string): DomainError => new DomainError('VALIDATION_FAILED', `${zh} / ${en}`);

/** A RIFF/WAVE header with PCM (1) or IEEE float (3) or WAVE_FORMAT_EXTENSIBLE data — what the desk and browsers make. */
export function looksLikeWav(b: Buffer): boolean {
  if (b.length < 44 || b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') return false;
  // the fmt chunk is first in every WAV the desk sends; accept any chunk order by searching the first 512 bytes
  const at = b.subarray(0, 512).indexOf('fmt ');
  if (at < 12 || at + 10 > b.length) return false;
  const format = b.readUInt16LE(at + 8);
  return format === 1 || format === 3 || format === 0xfffe;
}

async function seconds(file: string): Promise<number> {
  const { stdout } = await run('sox', ['--i', '-D', file], { timeout: TOOL_TIMEOUT_MS });
  const s = Number(stdout.trim());
  if (!Number.isFinite(s)) throw bad('无法读取音频长度', 'could not read the audio length');
  return s;
}

async function toPbx(input: string, output: string): Promise<number> {
  await run('sox', ['-V1', input, ...PBX_FORMAT, output, 'gain', '-n', '-3'], { timeout: TOOL_TIMEOUT_MS });
  return seconds(output);
}

function checkLength(s: number): void {
  if (s < VOICE_REPLY_LIMITS.minSeconds) throw bad('回复太短', `the reply is too short (at least ${VOICE_REPLY_LIMITS.minSeconds} s)`);
  if (s > VOICE_REPLY_LIMITS.maxSeconds) throw bad(`回复不能超过${VOICE_REPLY_LIMITS.maxSeconds}秒`, `the reply is longer than ${VOICE_REPLY_LIMITS.maxSeconds} s`);
}

async function speak(text: string, voice: string, out: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const p = spawn('espeak-ng', ['-v', voice, '-s', '150', '--stdin', '-w', out], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-500)));
    p.on('error', (e) => (clearTimeout(timer), reject(e)));
    p.on('close', (code) => (clearTimeout(timer), code === 0 ? resolve() : reject(new Error(`espeak-ng exited ${code}: ${err.trim()}`))));
    p.stdin.end(`${text}\n`);
  });
}

export interface ReplyAudio {
  /** The file's name inside the replies directory. */
  name: string;
  durationSeconds: number;
}

/** Where the work happens: a private temporary directory, removed afterwards whatever happened. */
async function inTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dl-reply-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function publish(tmpFile: string, repliesDir: string, messageId: number): Promise<string> {
  await mkdir(repliesDir, { recursive: true });
  const name = `vm-${messageId}-${Date.now()}-${randomUUID().slice(0, 8)}.wav`;
  const part = path.join(repliesDir, `.${name}.part`);
  await copyFile(tmpFile, part); // the temporary directory may be on another file system: copy, then rename in place
  await rename(part, path.join(repliesDir, name));
  return name;
}

/** A browser recording (WAV) → the PBX's format in repliesDir. 400 for anything that is not a playable WAV. */
export async function convertRecording(body: Buffer, repliesDir: string, messageId: number): Promise<ReplyAudio> {
  if (body.length > VOICE_REPLY_LIMITS.maxUploadBytes) throw bad('录音文件过大', `the recording is larger than ${VOICE_REPLY_LIMITS.maxUploadBytes} bytes`);
  if (!looksLikeWav(body)) throw bad('录音须为 WAV（PCM）格式', 'the recording must be a PCM WAV file');
  return inTemp(async (dir) => {
    const input = path.join(dir, 'in.wav');
    const output = path.join(dir, 'out.wav');
    await writeFile(input, body);
    let s: number;
    try {
      checkLength(await seconds(input)); // before converting: a long upload is refused without the work
      s = await toPbx(input, output);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw bad('无法读取该录音', 'the recording could not be read as audio');
    }
    checkLength(s);
    return { name: await publish(output, repliesDir, messageId), durationSeconds: s };
  });
}

/** A typed text → espeak-ng (Mandarin) → the PBX's format in repliesDir. */
export async function synthesiseText(text: string, voice: string, repliesDir: string, messageId: number): Promise<ReplyAudio> {
  return inTemp(async (dir) => {
    const raw = path.join(dir, 'tts.wav');
    const output = path.join(dir, 'out.wav');
    await speak(text, voice, raw);
    const s = await toPbx(raw, output);
    checkLength(s);
    return { name: await publish(output, repliesDir, messageId), durationSeconds: s };
  });
}
