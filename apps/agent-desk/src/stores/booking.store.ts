/** Appointments: sites, open slots for a donation type, and booking / moving / cancelling with the caller on the line. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppointmentBrief, DonationType, SiteDto, SlotDto } from '@donorline/domain';
import { api } from '../api/index.js';
import { useDonorStore } from './donor.store.js';

export interface SlotQuery {
  type: DonationType;
  siteId: number | null;
  from: string;
  to: string;
}

export const useBookingStore = defineStore('booking', () => {
  const sites = ref<SiteDto[]>([]);
  const sitesLoaded = ref(false);
  const slots = ref<SlotDto[]>([]);
  const query = shallowRef<SlotQuery | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const saving = ref(false);
  const saveError = shallowRef<unknown>(null);
  /** The last booking made here, for the commitment line ("on … at …, is that right?"). */
  const lastBooked = shallowRef<AppointmentBrief | null>(null);
  /**
   * What was booked or moved on each call (callId → appointment): the call's wrap-up suggests 预约 and its phrases
   * name the appointment — only for that call, never for the calls after it.
   */
  const bookedByCall = ref<Record<string, AppointmentBrief>>({});
  const bookedOn = (callId: string | null | undefined): AppointmentBrief | null => (callId ? bookedByCall.value[callId] ?? null : null);
  let seq = 0;

  async function loadSites(): Promise<SiteDto[]> {
    if (sitesLoaded.value) return sites.value;
    sites.value = await api.request('GET /api/sites', {});
    sitesLoaded.value = true;
    return sites.value;
  }

  async function loadSlots(q: SlotQuery): Promise<SlotDto[]> {
    const mySeq = ++seq;
    query.value = q;
    loading.value = true;
    error.value = null;
    try {
      const res = await api.request('GET /api/slots', {
        query: { type: q.type, from: q.from, to: q.to, ...(q.siteId !== null ? { siteId: q.siteId } : {}) },
      });
      if (mySeq === seq) slots.value = res;
      return res;
    } catch (e) {
      if (mySeq === seq) {
        error.value = e;
        slots.value = [];
      }
      throw e;
    } finally {
      if (mySeq === seq) loading.value = false;
    }
  }

  async function mutate<T>(donorId: number, fn: () => Promise<T>): Promise<T> {
    saving.value = true;
    saveError.value = null;
    try {
      const res = await fn();
      await useDonorStore().refresh(donorId).catch(() => {});
      if (query.value) await loadSlots(query.value).catch(() => {});
      return res;
    } catch (e) {
      saveError.value = e;
      throw e;
    } finally {
      saving.value = false;
    }
  }

  function book(donorId: number, slot: SlotDto, callId: string | null): Promise<AppointmentBrief> {
    return mutate(donorId, async () => {
      const appt = await api.request('POST /api/appointments', {
        body: { donorId, slotId: slot.id, type: slot.type, channel: 'agent', ...(callId ? { callId } : {}) },
      });
      lastBooked.value = appt;
      if (callId) bookedByCall.value = { ...bookedByCall.value, [callId]: appt };
      return appt;
    });
  }

  function reschedule(donorId: number, appointmentId: number, slot: SlotDto, callId: string | null = null): Promise<AppointmentBrief> {
    return mutate(donorId, async () => {
      const appt = await api.request('POST /api/appointments/:id/reschedule', { params: { id: appointmentId }, body: { slotId: slot.id } });
      lastBooked.value = appt;
      if (callId) bookedByCall.value = { ...bookedByCall.value, [callId]: appt };
      return appt;
    });
  }

  function cancel(donorId: number, appointmentId: number, reason: string): Promise<AppointmentBrief> {
    return mutate(donorId, () => api.request('POST /api/appointments/:id/cancel', { params: { id: appointmentId }, body: { reason } }));
  }

  function reset(): void {
    slots.value = [];
    query.value = null;
    error.value = null;
    saveError.value = null;
    lastBooked.value = null;
    bookedByCall.value = {};
  }

  return { sites, sitesLoaded, slots, query, loading, error, saving, saveError, lastBooked, bookedByCall, bookedOn, loadSites, loadSlots, book, reschedule, cancel, reset };
});
