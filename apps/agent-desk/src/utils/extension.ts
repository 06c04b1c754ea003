/** The last extension used on this computer: a seat is usually the same desk phone every day. */
const KEY = 'donorline.extension';

export function lastExtension(): string {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberExtension(ext: string): void {
  try {
    globalThis.localStorage?.setItem(KEY, ext);
  } catch {
    /* not remembered */
  }
}
