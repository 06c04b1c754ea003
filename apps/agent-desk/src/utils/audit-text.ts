/**
 * The audit log in words: an action code (`auth.login`) becomes a sentence (登录), a subject (`donor #12`) a noun,
 * and a detail object a list of fields — changes shown as old → new. Unknown codes are split into their parts and
 * each part translated when the messages know it, so a new action reads sensibly before anyone adds words for it.
 */
export type Translate = (key: string, named?: Record<string, unknown>) => string;
export type Has = (key: string) => boolean;

export interface AuditField {
  label: string;
  value: string;
}
export interface AuditChange {
  label: string;
  old: string | null;
  new: string | null;
}
export interface AuditDetailView {
  fields: AuditField[];
  changes: AuditChange[];
}

/** Message keys cannot hold dots (vue-i18n reads them as paths): 'auth.login' is written auth_login. */
const key = (code: string): string => code.replace(/\./g, '_');

export function actionText(action: string, t: Translate, te: Has): string {
  if (te(`auditText.action.${key(action)}`)) return t(`auditText.action.${key(action)}`);
  const parts = action.split('.');
  const verb = parts.pop() ?? action;
  const noun = parts.join('.');
  const n = te(`auditText.subject.${key(noun)}`) ? t(`auditText.subject.${key(noun)}`) : noun;
  const v = te(`auditText.verb.${verb}`) ? t(`auditText.verb.${verb}`) : verb;
  return noun ? t('auditText.nounVerb', { noun: n, verb: v }) : v;
}

/** Values that are codes of a known vocabulary, by the field that holds them: shown with their label. */
const VALUE_LABELS: Record<string, string[]> = {
  callType: ['category'], role: ['roles'], kind: ['tickets.kind'], status: ['tickets.status', 'booking.status'], channel: ['booking.channel', 'contacts.channel'],
  field: ['auditText.field'], disposition: ['category'],
};

function codeLabel(field: string, code: string, t: Translate, te: Has): string {
  if (field === 'callType' && (code === 'inbound' || code === 'outbound')) return t(code === 'inbound' ? 'phrases.general' : 'phraseFacts.generalOutbound');
  for (const ns of VALUE_LABELS[field] ?? []) if (te(`${ns}.${code}`)) return t(`${ns}.${code}`);
  return code;
}

export function subjectText(type: string, id: string, t: Translate, te: Has): string {
  const n = te(`auditText.subject.${key(type)}`) ? t(`auditText.subject.${key(type)}`) : type;
  if (!id) return n;
  // versioned subjects: 'booking@3' → 预约 · v3
  const at = id.indexOf('@');
  return at > 0 ? `${n} ${codeLabel('callType', id.slice(0, at), t, te)} · v${id.slice(at + 1)}` : `${n} #${id}`;
}

function fieldLabel(key: string, t: Translate, te: Has): string {
  return te(`auditText.field.${key}`) ? t(`auditText.field.${key}`) : key;
}

/** A field's value in words: a code of a known vocabulary by its label, anything else as valueText says. */
function fieldValue(field: string, v: unknown, t: Translate, te: Has): string {
  return typeof v === 'string' && VALUE_LABELS[field] ? codeLabel(field, v, t, te) : valueText(v, t, te);
}

/** One value in words: texts as they are, yes/no, lists joined, small objects as key: value, nothing as —. */
export function valueText(v: unknown, t: Translate, te: Has): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => valueText(x, t, te)).join(t('app.listSep'));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text; // a phrase line
    return Object.entries(o).map(([k, x]) => `${fieldLabel(k, t, te)} ${valueText(x, t, te)}`).join(t('app.listSep'));
  }
  return String(v);
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A detail object as fields and changes. Changes come from `changes: [{ field, old, new }]`, from phrase-script
 * changes (`[{ line, kind, old, new }]`), or from `old` / `new` objects compared key by key.
 */
export function auditDetail(detail: Record<string, unknown> | null, t: Translate, te: Has): AuditDetailView {
  const out: AuditDetailView = { fields: [], changes: [] };
  if (!detail) return out;
  const rest: Record<string, unknown> = { ...detail };
  const changes = rest.changes;
  if (Array.isArray(changes)) {
    delete rest.changes;
    for (const c of changes as Record<string, unknown>[]) {
      if (typeof c.line === 'number') {
        const kind = String(c.kind ?? 'changed');
        out.changes.push({
          label: t('auditText.line', { n: c.line + 1, kind: te(`phrasesAdmin.change.${kind}`) ? t(`phrasesAdmin.change.${kind}`) : kind }),
          old: c.old ? valueText(c.old, t, te) : null,
          new: c.new ? valueText(c.new, t, te) : null,
        });
      } else if (typeof c.field === 'string') {
        out.changes.push({ label: fieldLabel(c.field, t, te), old: fieldValue(c.field, c.old, t, te), new: fieldValue(c.field, c.new, t, te) });
      }
    }
  } else if (changes && typeof changes === 'object') {
    // { field: { old, new } }
    delete rest.changes;
    for (const [k, v] of Object.entries(changes as Record<string, { old?: unknown; new?: unknown }>)) out.changes.push({ label: fieldLabel(k, t, te), old: fieldValue(k, v?.old, t, te), new: fieldValue(k, v?.new, t, te) });
  }
  const o = rest.old;
  const n = rest.new;
  if ((o === null || (o && typeof o === 'object')) && n && typeof n === 'object' && !Array.isArray(n)) {
    delete rest.old;
    delete rest.new;
    const a = (o ?? {}) as Record<string, unknown>;
    const b = n as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (k === 'lines' && out.changes.length) continue; // the line changes above already say it
      if (!same(a[k], b[k])) out.changes.push({ label: fieldLabel(k, t, te), old: k in a ? fieldValue(k, a[k], t, te) : null, new: k in b ? fieldValue(k, b[k], t, te) : null });
    }
  }
  for (const [k, v] of Object.entries(rest)) out.fields.push({ label: fieldLabel(k, t, te), value: fieldValue(k, v, t, te) });
  return out;
}
