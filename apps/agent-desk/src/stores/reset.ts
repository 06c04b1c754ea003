/** Clears every per-user store on sign-out, so the next person at this desk starts clean. */
import { useCenterStore } from './center.store.js';
import { useDeskListsStore } from './desk-lists.store.js';
import { useListsAdminStore } from './lists-admin.store.js';
import type { Pinia } from 'pinia';
import { useDeviceStore } from '../devices/device.store.js';
import { useSoftphoneStore } from '../softphone/softphone.store.js';
import { useBookingStore } from './booking.store.js';
import { useCallStore } from './call.store.js';
import { useDonorStore } from './donor.store.js';
import { useKnowledgeStore } from './knowledge.store.js';
import { useLinkStore } from './link.store.js';
import { usePhrasesAdminStore } from './phrases-admin.store.js';
import { useQueueStore } from './queue.store.js';
import { useRuleSetsAdminStore } from './rule-sets-admin.store.js';
import { useSessionStore } from './session.store.js';
import { useShiftStore } from './shift.store.js';
import { useWallboardStore } from './wallboard.store.js';
import { useWrapUpStore } from './wrapup.store.js';
import { useWorkStore } from './work.store.js';
import { useMonitorStore } from './monitor.store.js';

export function resetUserStores(pinia: Pinia): void {
  useSessionStore(pinia).reset();
  useCallStore(pinia).reset();
  useDonorStore(pinia).reset();
  useBookingStore(pinia).reset();
  useWrapUpStore(pinia).reset();
  useQueueStore(pinia).reset();
  useKnowledgeStore(pinia).reset();
  useWallboardStore(pinia).reset();
  useLinkStore(pinia).reset();
  useDeskListsStore(pinia).reset();
  useListsAdminStore(pinia).reset();
  useCenterStore(pinia).reset();
  useRuleSetsAdminStore(pinia).reset();
  useDeviceStore(pinia).reset();
  useSoftphoneStore(pinia).reset();
  useShiftStore(pinia).reset();
  usePhrasesAdminStore(pinia).reset();
  useWorkStore(pinia).reset();
  useMonitorStore(pinia).reset();
}
