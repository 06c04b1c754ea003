/**
 * Administration → Sites (admins): the sites, the selected site's templates, per-day overrides and generated
 * slots, and the generate button. Every write reloads what it changed (the server regenerates the site's slots).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { GenerateReport, SiteAdminDto, SiteDayDto, SiteDayInput, SiteInput, SiteUpdate, SlotDto, SlotTemplateDto, SlotTemplateInput } from '@donorline/domain';
import { api } from '../api/index.js';

export const useSitesAdminStore = defineStore('sites-admin', () => {
  const sites = ref<SiteAdminDto[]>([]);
  const selectedId = ref<number | null>(null);
  const templates = ref<SlotTemplateDto[]>([]);
  const days = ref<SiteDayDto[]>([]);
  const slots = ref<SlotDto[]>([]);
  const lastReport = ref<GenerateReport | null>(null);
  const selected = computed(() => sites.value.find((s) => s.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    sites.value = await api.request('GET /api/admin/sites', {});
    if (selectedId.value === null && sites.value.length) await select(sites.value[0]!.id);
  }

  async function loadSite(): Promise<void> {
    const id = selectedId.value;
    if (id === null) return;
    const [t, d, s] = await Promise.all([
      api.request('GET /api/admin/sites/:id/templates', { params: { id } }),
      api.request('GET /api/admin/sites/:id/days', { params: { id } }),
      api.request('GET /api/admin/sites/:id/slots', { params: { id }, query: {} }),
    ]);
    if (id !== selectedId.value) return;
    templates.value = t;
    days.value = d;
    slots.value = s;
  }

  async function select(id: number): Promise<void> {
    selectedId.value = id;
    templates.value = [];
    days.value = [];
    slots.value = [];
    await loadSite();
  }

  function put(s: SiteAdminDto): void {
    const i = sites.value.findIndex((x) => x.id === s.id);
    if (i >= 0) sites.value.splice(i, 1, s);
    else sites.value.push(s);
  }

  async function createSite(input: SiteInput): Promise<SiteAdminDto> {
    const s = await api.request('POST /api/admin/sites', { body: input });
    put(s);
    await select(s.id);
    return s;
  }

  async function updateSite(id: number, input: SiteUpdate): Promise<void> {
    put(await api.request('PATCH /api/admin/sites/:id', { params: { id }, body: input }));
    await loadSite();
  }

  async function refreshSite(): Promise<void> {
    sites.value = await api.request('GET /api/admin/sites', {});
    await loadSite();
  }

  async function addTemplate(input: SlotTemplateInput): Promise<void> {
    await api.request('POST /api/admin/sites/:id/templates', { params: { id: selectedId.value! }, body: input });
    await refreshSite();
  }

  async function updateTemplate(templateId: number, input: Partial<SlotTemplateInput>): Promise<void> {
    await api.request('PATCH /api/admin/sites/:id/templates/:templateId', { params: { id: selectedId.value!, templateId }, body: input });
    await refreshSite();
  }

  async function deleteTemplate(templateId: number): Promise<void> {
    await api.request('DELETE /api/admin/sites/:id/templates/:templateId', { params: { id: selectedId.value!, templateId } });
    await refreshSite();
  }

  async function setDay(date: string, input: SiteDayInput): Promise<void> {
    await api.request('PUT /api/admin/sites/:id/days/:date', { params: { id: selectedId.value!, date }, body: input });
    await loadSite();
  }

  async function clearDay(date: string): Promise<void> {
    await api.request('DELETE /api/admin/sites/:id/days/:date', { params: { id: selectedId.value!, date } });
    await loadSite();
  }

  async function generate(daysAhead?: number): Promise<GenerateReport> {
    lastReport.value = await api.request('POST /api/admin/sites/generate', { body: daysAhead ? { days: daysAhead } : {} });
    await loadSite();
    return lastReport.value;
  }

  return { sites, selectedId, selected, templates, days, slots, lastReport, load, loadSite, select, createSite, updateSite, addTemplate, updateTemplate, deleteTemplate, setDay, clearDay, generate };
});
