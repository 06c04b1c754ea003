/** The agent's phone and the carrier trunk as the PBX sees them (`device:status`): why calls do not arrive or go out. */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { DeviceStatus } from '@donorline/domain';

export const useDeviceStore = defineStore('devices', () => {
  const status = shallowRef<DeviceStatus | null>(null);
  /** When the phone went unavailable (ms) — the desk shows for how long. */
  const phoneDownSince = shallowRef<number | null>(null);

  function set(s: DeviceStatus): void {
    const wasDown = status.value?.phone === 'unavailable';
    status.value = s;
    if (s.phone === 'unavailable' && !wasDown) phoneDownSince.value = Date.now();
    if (s.phone !== 'unavailable') phoneDownSince.value = null;
  }

  function reset(): void {
    status.value = null;
    phoneDownSince.value = null;
  }

  const phoneDown = computed(() => status.value?.phone === 'unavailable' && !!status.value.extension);
  const trunkDown = computed(() => status.value?.trunk === 'unavailable');
  return { status, phoneDownSince, phoneDown, trunkDown, set, reset };
});
