/**
 * Keyboard shortcuts for the frequent actions, defined in one table (so the hints on buttons and the help list
 * agree). Alt+letter by physical key (event.code), so they work with any keyboard layout and while a Chinese IME is
 * on; Chrome's reserved Alt+D/E/F are avoided. The most recently mounted handler of a shortcut wins.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export interface ShortcutSpec {
  code: string;
  alt?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  /** Also fire while typing in a field (Alt/Ctrl combos do; plain keys like "?" do not). */
  inFields?: boolean;
  label: string;
}

export const SHORTCUTS = {
  answer: { code: 'KeyA', alt: true, inFields: true, label: 'shortcuts.answer' },
  hangup: { code: 'KeyX', alt: true, inFields: true, label: 'shortcuts.hangup' },
  hold: { code: 'KeyH', alt: true, inFields: true, label: 'shortcuts.hold' },
  transfer: { code: 'KeyT', alt: true, inFields: true, label: 'shortcuts.transfer' },
  record: { code: 'KeyR', alt: true, inFields: true, label: 'shortcuts.record' },
  ready: { code: 'KeyY', alt: true, inFields: true, label: 'shortcuts.ready' },
  pause: { code: 'KeyP', alt: true, inFields: true, label: 'shortcuts.pause' },
  open360: { code: 'KeyO', alt: true, inFields: true, label: 'shortcuts.open360' },
  pick1: { code: 'Digit1', alt: true, inFields: true, label: 'shortcuts.pickDonor' },
  pick2: { code: 'Digit2', alt: true, inFields: true, label: 'shortcuts.pickDonor' },
  pick3: { code: 'Digit3', alt: true, inFields: true, label: 'shortcuts.pickDonor' },
  booking: { code: 'KeyB', alt: true, inFields: true, label: 'shortcuts.booking' },
  wrapUp: { code: 'KeyW', alt: true, inFields: true, label: 'shortcuts.wrapUp' },
  saveWrapUp: { code: 'Enter', ctrl: true, inFields: true, label: 'shortcuts.saveWrapUp' },
  knowledge: { code: 'KeyK', alt: true, inFields: true, label: 'shortcuts.knowledge' },
  phrases: { code: 'KeyG', alt: true, inFields: true, label: 'shortcuts.phrases' },
  search: { code: 'KeyS', alt: true, inFields: true, label: 'shortcuts.search' },
  help: { code: 'Slash', shift: true, label: 'shortcuts.help' },
} as const satisfies Record<string, ShortcutSpec>;

export type ShortcutId = keyof typeof SHORTCUTS;

/** The ids shown in the help list, in order (pick2/pick3 are folded into pick1's line). */
export const SHORTCUT_HELP_ORDER: readonly ShortcutId[] = [
  'answer', 'hangup', 'hold', 'transfer', 'record', 'ready', 'pause', 'open360', 'pick1', 'booking', 'wrapUp', 'saveWrapUp',
  'search', 'knowledge', 'phrases', 'help',
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function keyName(code: string): string {
  if (code.startsWith('Key')) return code.slice(3);
  if (code.startsWith('Digit')) return code.slice(5);
  if (code === 'Slash') return '?';
  return code;
}

/** 'Alt+H' (or '⌥H' on a Mac). */
export function shortcutLabel(id: ShortcutId): string {
  const s: ShortcutSpec = SHORTCUTS[id];
  if (id === 'pick1') return isMac ? '⌥1–3' : 'Alt+1–3';
  if (id === 'help') return '?';
  const parts: string[] = [];
  if (s.ctrl) parts.push(isMac ? '⌘' : 'Ctrl');
  if (s.alt) parts.push(isMac ? '⌥' : 'Alt');
  if (s.shift) parts.push(isMac ? '⇧' : 'Shift');
  parts.push(keyName(s.code));
  return isMac ? parts.join('') : parts.join('+');
}

type Handler = (e: KeyboardEvent) => void;
const handlers = new Map<ShortcutId, Handler[]>();
let installed = false;

function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function matches(e: KeyboardEvent, s: ShortcutSpec): boolean {
  const ctrl = isMac ? e.metaKey : e.ctrlKey;
  if (e.code !== s.code) return false;
  if (!!s.alt !== e.altKey || !!s.ctrl !== ctrl || (s.shift !== undefined && !!s.shift !== e.shiftKey)) return false;
  if (!s.inFields && inField(e.target)) return false;
  return true;
}

function onKeydown(e: KeyboardEvent): void {
  if (e.isComposing || e.repeat) return;
  for (const [id, list] of handlers) {
    const h = list[list.length - 1];
    if (h && matches(e, SHORTCUTS[id])) {
      e.preventDefault();
      e.stopPropagation();
      h(e);
      return;
    }
  }
}

export function installShortcuts(target: Pick<Window, 'addEventListener'> = window): void {
  if (installed) return;
  installed = true;
  target.addEventListener('keydown', onKeydown as EventListener, { capture: true });
}

/** Registers a handler programmatically; returns the unregister function. */
export function registerShortcut(id: ShortcutId, handler: Handler): () => void {
  const list = handlers.get(id) ?? [];
  list.push(handler);
  handlers.set(id, list);
  return () => {
    const l = handlers.get(id);
    if (!l) return;
    const i = l.lastIndexOf(handler);
    if (i >= 0) l.splice(i, 1);
  };
}

/** Binds a shortcut for the lifetime of the calling component. */
export function useShortcut(id: ShortcutId, handler: Handler): void {
  let off: (() => void) | null = null;
  onMounted(() => {
    off = registerShortcut(id, handler);
  });
  onBeforeUnmount(() => off?.());
}
