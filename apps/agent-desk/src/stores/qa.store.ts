/**
 * 质检 — the QA pages' data: the queue (evaluators), evaluation lists (mine, all, disputes), one evaluation with its
 * form version and the call's context, and the writes (claim, save, submit, comment, acknowledge, dispute, resolve,
 * calibration, 送质检, forms). Plain REST, plus one socket fact: `qa:published` (an evaluation of my call is out) —
 * the badge counts my evaluations waiting for my 确认/申诉 (loaded on every (re)connect, bumped by the event).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HttpApi, QaCalibrationDto, QaCallContextDto, QaEvaluationDto, QaFormDefinition, QaFormDto, QaPublishedEvent, QaQueueItemDto } from '@donorline/domain';
import { api } from '../api/index.js';

type Query<K extends keyof HttpApi> = HttpApi[K] extends { query: infer Q } ? Q : never;

export const useQaStore = defineStore('qa', () => {
  const queue = ref<QaQueueItemDto[]>([]);
  const evaluations = ref<QaEvaluationDto[]>([]);
  const calibrations = ref<QaCalibrationDto[]>([]);
  const current = shallowRef<QaEvaluationDto | null>(null);
  const form = shallowRef<QaFormDto | null>(null);
  const context = shallowRef<QaCallContextDto | null>(null);
  const loading = ref(false);
  /** My evaluations waiting for my answer (status submitted): the 质检 badge. */
  const awaiting = ref(0);
  const forms = ref<QaFormDto[]>([]);
  let seq = 0;

  async function guarded<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const my = ++seq;
    loading.value = true;
    try {
      const r = await fn();
      return my === seq ? r : undefined;
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  async function loadAwaiting(): Promise<void> {
    const r = await api.request('GET /api/qa/evaluations', { query: { scope: 'mine', status: 'submitted' } }).catch(() => null);
    if (r) awaiting.value = r.length;
  }

  /** qa:published: a new one to answer (submitted); a resolution only refreshes the list on screen. */
  function published(e: QaPublishedEvent): void {
    if (e.status === 'submitted') awaiting.value++;
    else void loadAwaiting();
  }

  async function loadForms(): Promise<void> {
    forms.value = await api.request('GET /api/qa/forms', { query: {} });
  }

  const saveForm = (body: { code: string; name: string; definition: QaFormDefinition }) => api.request('POST /api/qa/forms', { body });
  const sendCall = (callId: string) => api.request('POST /api/qa/queue/calls', { body: { callId } });

  async function loadQueue(agentId?: number): Promise<void> {
    const r = await guarded(() => api.request('GET /api/qa/queue', { query: agentId ? { agentId } : {} }));
    if (r) queue.value = r;
  }

  async function loadEvaluations(query: Query<'GET /api/qa/evaluations'>): Promise<void> {
    evaluations.value = [];
    const r = await guarded(() => api.request('GET /api/qa/evaluations', { query }));
    if (r) evaluations.value = r;
  }

  async function loadCalibrations(): Promise<void> {
    const r = await guarded(() => api.request('GET /api/qa/calibrations', {}));
    if (r) calibrations.value = r;
  }

  const sample = (): Promise<{ added: number }> => api.request('POST /api/qa/queue/sample', {});

  /** One evaluation with the form version it is scored on and the call around it. */
  async function open(id: number): Promise<void> {
    const e = await api.request('GET /api/qa/evaluations/:id', { params: { id } });
    const [f, c] = await Promise.all([
      api.request('GET /api/qa/forms/:id', { params: { id: e.form.id } }),
      api.request('GET /api/qa/evaluations/:id/context', { params: { id } }),
    ]);
    current.value = e;
    form.value = f;
    context.value = c;
  }

  function close(): void {
    current.value = null;
    form.value = null;
    context.value = null;
  }

  const set = (e: QaEvaluationDto): QaEvaluationDto => (current.value = e);
  const claim = (itemId: number): Promise<QaEvaluationDto> => api.request('POST /api/qa/queue/:id/claim', { params: { id: itemId } });
  const release = (itemId: number) => api.request('POST /api/qa/queue/:id/release', { params: { id: itemId } });
  const save = async (id: number, body: HttpApi['PATCH /api/qa/evaluations/:id']['body']) => set(await api.request('PATCH /api/qa/evaluations/:id', { params: { id }, body }));
  const submit = async (id: number, body: HttpApi['POST /api/qa/evaluations/:id/submit']['body']) => set(await api.request('POST /api/qa/evaluations/:id/submit', { params: { id }, body }));
  const comment = async (id: number, atSeconds: number, body: string) => set(await api.request('POST /api/qa/evaluations/:id/comments', { params: { id }, body: { atSeconds, body } }));
  const acknowledge = async (id: number, text: string | null) => {
    set(await api.request('POST /api/qa/evaluations/:id/acknowledge', { params: { id }, body: { comment: text } }));
    void loadAwaiting();
  };
  const dispute = async (id: number, text: string) => {
    set(await api.request('POST /api/qa/evaluations/:id/dispute', { params: { id }, body: { comment: text } }));
    void loadAwaiting();
  };
  const resolve = async (id: number, resolution: string, score: number | null) => set(await api.request('POST /api/qa/evaluations/:id/resolve', { params: { id }, body: { resolution, score } }));
  const createCalibration = (segmentId: number, title?: string) => api.request('POST /api/qa/calibrations', { body: title ? { segmentId, title } : { segmentId } });
  const joinCalibration = (id: number) => api.request('POST /api/qa/calibrations/:id/join', { params: { id } });

  return {
    queue, evaluations, calibrations, current, form, context, loading, awaiting, forms,
    loadAwaiting, published, loadForms, saveForm, sendCall, loadQueue, loadEvaluations, loadCalibrations, sample, open, close, claim, release, save, submit, comment, acknowledge, dispute, resolve, createCalibration, joinCalibration,
  };
});
