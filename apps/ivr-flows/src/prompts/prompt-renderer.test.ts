import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROMPTS } from './prompt-catalogue.js';
import { catalogueItems, renderPrompts, wavDurationMs, type RenderItem } from './prompt-renderer.js';
import { PIECES } from './spoken-forms.js';

describe('prompt renderer (espeak-ng + sox)', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('lists every prompt in both languages and every piece in its languages', () => {
    const items = catalogueItems();
    const pieceCount = Object.values(PIECES).reduce((n, t) => n + (t.zh ? 1 : 0) + (t.en ? 1 : 0), 0);
    expect(items).toHaveLength(Object.keys(PROMPTS).length * 2 + pieceCount);
    expect(new Set(items.map((i) => `${i.lang}/${i.id}`)).size).toBe(items.length);
  });

  it('renders 8 kHz 16-bit mono WAVs under <lang>/donorline, then skips what did not change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-sounds-'));
    dirs.push(dir);
    const items: RenderItem[] = [
      { lang: 'zh', id: 'welcome', text: PROMPTS.welcome.zh, piece: false },
      { lang: 'en', id: 'num-7', text: 'seven', piece: true },
    ];
    const first = await renderPrompts(items, { soundsDir: dir, concurrency: 2 });
    expect(first).toMatchObject({ total: 2, rendered: 2, skipped: 0, failed: [] });
    const wav = await readFile(join(dir, 'zh/donorline/welcome.wav'));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    const welcomeMs = await wavDurationMs(join(dir, 'zh/donorline/welcome.wav'));
    const sevenMs = await wavDurationMs(join(dir, 'en/donorline/num-7.wav'));
    expect(welcomeMs).toBeGreaterThan(3000); // a sentence
    expect(sevenMs).toBeLessThan(1000); // a trimmed piece
    expect(sevenMs).toBeGreaterThan(100);

    const again = await renderPrompts(items, { soundsDir: dir });
    expect(again).toMatchObject({ rendered: 0, skipped: 2 });
    const changed = await renderPrompts([{ ...items[0]!, text: '您好。' }, items[1]!], { soundsDir: dir });
    expect(changed).toMatchObject({ rendered: 1, skipped: 1 });
    expect(await wavDurationMs(join(dir, 'zh/donorline/welcome.wav'))).toBeLessThan(welcomeMs);
  });
});

describe('site sounds', () => {
  it('renders each site’s name and details in both languages under donorline/sites', async () => {
    const { siteSoundItems } = await import('./site-sounds.js');
    const items = siteSoundItems([{ code: 'QD01', name: '市中心献血屋', address: '香港中路1号', hours: '8:30-17:30', transport: '公交1路', whatToBring: '身份证' }]);
    expect(items.map((i) => `${i.lang}/${i.id}`)).toEqual(['zh/sites/QD01-name', 'zh/sites/QD01-details', 'en/sites/QD01-name', 'en/sites/QD01-details']);
    expect(items[1]!.text).toContain('香港中路1号');
    expect(items[1]!.text).toContain('身份证');
  });
});
