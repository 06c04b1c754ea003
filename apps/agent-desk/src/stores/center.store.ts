/** The center's settings (name, hotline, SMS signature, recording notice): read by the header, changed by admins. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CenterSettings, CenterSettingsUpdate } from '@donorline/domain';
import { api } from '../api/index.js';

export const useCenterStore = defineStore('center', () => {
  const settings = shallowRef<CenterSettings | null>(null);
  const saving = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    error.value = null;
    try {
      settings.value = await api.request('GET /api/center', {});
    } catch (e) {
      error.value = e;
    }
  }

  async function save(body: CenterSettingsUpdate): Promise<CenterSettings> {
    saving.value = true;
    try {
      settings.value = await api.request('PUT /api/admin/center', { body });
      return settings.value;
    } finally {
      saving.value = false;
    }
  }

  function reset(): void {
    settings.value = null;
    error.value = null;
  }

  return { settings, saving, error, load, save, reset };
});
