/**
 * BECS data in (admins): import jobs (upload, progress by polling while a job runs, issues, error report, apply,
 * cancel), API keys (the new key is held here only until the dialog closes) and the duplicate-donor report.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ApiKeyDto, ApiKeyScope, BecsDuplicateDto, BecsEntity, ImportEncoding, ImportIssueDto, ImportJobDto, ImportPhase } from '@donorline/domain';
import { api, ApiError } from '../api/index.js';
import { useAuthStore } from './auth.store.js';

const ACTIVE = new Set(['queued', 'validating', 'applying']);

export interface UploadOptions {
  source: string;
  kind: BecsEntity | '';
  encoding: 'auto' | ImportEncoding;
}

export const useIntegrationStore = defineStore('integration', () => {
  const jobs = ref<ImportJobDto[]>([]);
  const selectedId = ref<number | null>(null);
  const issues = ref<ImportIssueDto[]>([]);
  const issueTotal = ref(0);
  const uploading = ref(false);
  const uploadProgress = ref(0);
  const error = shallowRef<unknown>(null);
  const keys = ref<ApiKeyDto[]>([]);
  const newKey = ref<string | null>(null);
  const duplicates = ref<BecsDuplicateDto[]>([]);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const selected = computed(() => jobs.value.find((j) => j.id === selectedId.value) ?? null);
  const active = computed(() => jobs.value.some((j) => ACTIVE.has(j.status)));

  function put(job: ImportJobDto): void {
    const i = jobs.value.findIndex((j) => j.id === job.id);
    if (i >= 0) jobs.value.splice(i, 1, job);
    else jobs.value.unshift(job);
  }

  async function loadJobs(): Promise<void> {
    try {
      jobs.value = (await api.request('GET /api/integration/imports', { query: { pageSize: 50 } })).items;
      error.value = null;
    } catch (e) {
      error.value = e;
    }
    schedule();
  }

  async function loadIssues(id: number, phase?: ImportPhase, page = 1): Promise<void> {
    const r = await api.request('GET /api/integration/imports/:id/issues', { params: { id }, query: { ...(phase ? { phase } : {}), page, pageSize: 100 } });
    issues.value = r.items;
    issueTotal.value = r.total;
  }

  async function select(id: number | null): Promise<void> {
    selectedId.value = id;
    issues.value = [];
    issueTotal.value = 0;
    if (id !== null) await loadIssues(id).catch((e: unknown) => (error.value = e));
  }

  /** Poll the running jobs every second; stop when none runs. */
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!active.value) return;
    timer = setTimeout(async () => {
      for (const j of jobs.value.filter((x) => ACTIVE.has(x.status))) {
        try {
          const fresh = await api.request('GET /api/integration/imports/:id', { params: { id: j.id } });
          put(fresh);
          if (fresh.id === selectedId.value && !ACTIVE.has(fresh.status)) await loadIssues(fresh.id);
        } catch {
          /* next tick */
        }
      }
      schedule();
    }, 1000);
  }

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  /** multipart upload with progress (XMLHttpRequest: fetch has no upload progress). */
  function upload(file: File, opts: UploadOptions): Promise<ImportJobDto> {
    const token = useAuthStore().token;
    const form = new FormData();
    form.append('source', opts.source || 'shinow');
    if (opts.kind) form.append('kind', opts.kind);
    form.append('encoding', opts.encoding);
    form.append('file', file, file.name);
    uploading.value = true;
    uploadProgress.value = 0;
    return new Promise<ImportJobDto>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${api.baseUrl}/api/integration/imports`);
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) uploadProgress.value = Math.round((e.loaded / e.total) * 100);
      };
      xhr.onerror = () => reject(new ApiError('NETWORK', 'network error', 0));
      xhr.onload = () => {
        let body: { code?: string; message?: string; details?: Record<string, unknown> } & Partial<ImportJobDto> = {};
        try {
          body = JSON.parse(xhr.responseText) as typeof body;
        } catch {
          /* not JSON */
        }
        if (xhr.status >= 200 && xhr.status < 300) {
          const job = body as ImportJobDto;
          put(job);
          void select(job.id);
          schedule();
          resolve(job);
        } else reject(new ApiError((body.code ?? 'HTTP') as ApiError['code'], body.message ?? xhr.statusText, xhr.status, body.details));
      };
      xhr.send(form);
    }).finally(() => {
      uploading.value = false;
    });
  }

  async function apply(id: number, skipInvalid: boolean): Promise<void> {
    put(await api.request('POST /api/integration/imports/:id/apply', { params: { id }, body: { skipInvalid } }));
    schedule();
  }

  async function cancel(id: number): Promise<void> {
    put(await api.request('POST /api/integration/imports/:id/cancel', { params: { id } }));
  }

  /** Downloads the error report with the session's token (a plain link could not send it). */
  async function downloadReport(id: number, phase: ImportPhase, format: 'csv' | 'xlsx'): Promise<void> {
    const token = useAuthStore().token;
    const res = await fetch(`${api.baseUrl}/api/integration/imports/${id}/report?phase=${phase}&format=${format}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) throw new ApiError('HTTP', res.statusText, res.status);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `import-${id}-${phase}-errors.${format}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function loadKeys(): Promise<void> {
    keys.value = await api.request('GET /api/integration/api-keys', {});
  }

  async function createKey(name: string, scopes: ApiKeyScope[]): Promise<string> {
    const r = await api.request('POST /api/integration/api-keys', { body: { name, scopes } });
    newKey.value = r.key;
    keys.value = [r.apiKey, ...keys.value];
    return r.key;
  }

  async function revokeKey(id: number): Promise<void> {
    const k = await api.request('POST /api/integration/api-keys/:id/revoke', { params: { id } });
    keys.value = keys.value.map((x) => (x.id === id ? k : x));
  }

  async function loadDuplicates(): Promise<void> {
    duplicates.value = await api.request('GET /api/integration/duplicates', { query: {} });
  }

  return {
    jobs, selectedId, selected, issues, issueTotal, uploading, uploadProgress, error, keys, newKey, duplicates, active,
    loadJobs, loadIssues, select, upload, apply, cancel, downloadReport, stop, loadKeys, createKey, revokeKey, loadDuplicates,
  };
});
