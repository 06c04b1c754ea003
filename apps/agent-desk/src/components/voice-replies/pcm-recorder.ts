/**
 * Records the microphone as PCM and hands back a WAV (16-bit mono at the context's rate, 16 kHz where the browser
 * resamples for us). Why not MediaRecorder: it makes webm/opus (Chromium) or ogg/opus (Firefox), which the server's
 * sox cannot read; WAV it reads everywhere. A ScriptProcessorNode taps the samples — an AudioWorklet would need its
 * module from a blob: URL, which the desk's Content-Security-Policy (script-src 'self') rightly refuses.
 */
export interface PcmRecording {
  wav: Blob;
  seconds: number;
}

export interface PcmRecorder {
  /** Stops and returns the WAV (null when nothing was captured). */
  stop(): Promise<PcmRecording | null>;
  /** Stops and throws the audio away. */
  cancel(): void;
  /** Seconds captured so far. */
  readonly seconds: number;
}

export function encodeWav(chunks: readonly Float32Array[], sampleRate: number): Blob {
  const n = chunks.reduce((s, c) => s + c.length, 0);
  const buf = new ArrayBuffer(44 + n * 2);
  const v = new DataView(buf);
  const text = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, 'RIFF');
  v.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, n * 2, true);
  let at = 44;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) {
      const s = Math.max(-1, Math.min(1, c[i]!));
      v.setInt16(at, s < 0 ? s * 0x8000 : s * 0x7fff, true);
      at += 2;
    }
  }
  return new Blob([buf], { type: 'audio/wav' });
}

/** Asks for the microphone and starts capturing; `maxSeconds` stops capturing by itself (onLimit is called). */
export async function startPcmRecorder(o: { maxSeconds: number; onLimit?: () => void }): Promise<PcmRecorder> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
  let ctx: AudioContext;
  try {
    ctx = new AudioContext({ sampleRate: 16000 });
  } catch {
    ctx = new AudioContext(); // a browser that cannot resample: the server resamples
  }
  const source = ctx.createMediaStreamSource(stream);
  const tap = ctx.createScriptProcessor(4096, 1, 1);
  const chunks: Float32Array[] = [];
  let samples = 0;
  let open = true;
  tap.onaudioprocess = (e) => {
    if (!open) return;
    const c = new Float32Array(e.inputBuffer.getChannelData(0));
    chunks.push(c);
    samples += c.length;
    if (samples >= o.maxSeconds * ctx.sampleRate) {
      open = false;
      o.onLimit?.();
    }
  };
  source.connect(tap);
  tap.connect(ctx.destination); // a ScriptProcessor only runs while connected (it outputs silence)
  const close = (): void => {
    open = false;
    tap.disconnect();
    source.disconnect();
    for (const tr of stream.getTracks()) tr.stop();
    void ctx.close();
  };
  return {
    get seconds() {
      return samples / ctx.sampleRate;
    },
    async stop() {
      const rate = ctx.sampleRate;
      close();
      return samples ? { wav: encodeWav(chunks, rate), seconds: samples / rate } : null;
    },
    cancel: close,
  };
}
