import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  audioFormat: number;
  dataOffset: number;
  dataBytes: number;
  durationMs: number;
}

/** Parse a RIFF/WAVE header (PCM or not) from the first bytes of a file. */
export function parseWavHeader(buf: Buffer): WavInfo | undefined {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let off = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'durationMs'> | undefined;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ' && off + 24 <= buf.length) {
      fmt = {
        audioFormat: buf.readUInt16LE(off + 8),
        channels: buf.readUInt16LE(off + 10),
        sampleRate: buf.readUInt32LE(off + 12),
        bitsPerSample: buf.readUInt16LE(off + 22),
      };
    } else if (id === 'data') {
      if (!fmt) return undefined;
      const bytesPerSec = fmt.sampleRate * fmt.channels * Math.max(1, fmt.bitsPerSample / 8);
      return { ...fmt, dataOffset: off + 8, dataBytes: size, durationMs: bytesPerSec ? (size / bytesPerSec) * 1000 : 0 };
    }
    off += 8 + size + (size & 1);
  }
  return undefined;
}

/** Header of a WAV file on disk (reads at most 4 KiB). */
export function readWavInfo(path: string): WavInfo | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const info = parseWavHeader(buf.subarray(0, n));
    if (info && info.dataBytes > 0x7fffffff) {
      // streaming writers leave 0xFFFFFFFF; use the file size instead
      const size = statSync(path).size;
      info.dataBytes = size - info.dataOffset;
    }
    return info;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Read a WAV as 8 kHz signed 16-bit mono samples (down-mixes and decimates simple cases). */
export function readPcm8k(path: string): Int16Array | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  const info = parseWavHeader(buf);
  if (!info || info.audioFormat !== 1 || info.bitsPerSample !== 16) return undefined;
  const frames = Math.floor(info.dataBytes / (2 * info.channels));
  const step = info.sampleRate / 8000;
  const out = new Int16Array(Math.floor(frames / step));
  for (let i = 0; i < out.length; i++) {
    const frame = Math.floor(i * step);
    let acc = 0;
    for (let c = 0; c < info.channels; c++) acc += buf.readInt16LE(info.dataOffset + (frame * info.channels + c) * 2);
    out[i] = Math.round(acc / info.channels);
  }
  return out;
}
