/**
 * Data-driven sounds: each donation site's name and details (address, hours, transport) in both languages,
 * rendered under donorline/sites/<code>-name and -details. The IVR plays them with { sound: 'sites/<code>-…' }.
 */
import type { RenderItem } from './prompt-renderer.js';

export interface SiteSoundSource {
  code: string;
  name: string;
  address: string;
  hours: string;
  transport: string;
  whatToBring?: string;
  nameEn?: string;
  detailsEn?: string;
}

export function siteSoundItems(sites: readonly SiteSoundSource[]): RenderItem[] {
  const items: RenderItem[] = [];
  for (const s of sites) {
    const code = s.code.replace(/[^\w-]/g, '_');
    items.push({ lang: 'zh', id: `sites/${code}-name`, text: s.name, piece: true });
    items.push({ lang: 'zh', id: `sites/${code}-details`, text: `${s.name}，地址：${s.address}。开放时间：${s.hours}。交通：${s.transport}。${s.whatToBring ? `请携带：${s.whatToBring}。` : ''}`, piece: false });
    items.push({ lang: 'en', id: `sites/${code}-name`, text: s.nameEn ?? `site ${s.code}`, piece: true });
    items.push({ lang: 'en', id: `sites/${code}-details`, text: s.detailsEn ?? `Site ${s.code}. For the address and opening hours in English, please ask an agent.`, piece: false });
  }
  return items;
}
