/**
 * ari-client 2.2.0 rejects REST failures with `Error(message = raw JSON body)` and no status; a wrong password
 * rejects with a plain string (and throws it again, uncaught). These types give the rest of the IVR something
 * to reason about.
 */
export class AriError extends Error {
  override readonly name: string = 'AriError';
  constructor(
    readonly op: string,
    /** HTTP status when it can be told from the body (Asterisk's bodies are stable), else null. */
    readonly status: number | null,
    message: string,
  ) {
    super(`${op}: ${message}`);
  }
}

export class AriAuthError extends AriError {
  override readonly name = 'AriAuthError';
}

export class AriTimeoutError extends AriError {
  override readonly name = 'AriTimeoutError';
}

export class AriUnavailableError extends AriError {
  override readonly name = 'AriUnavailableError';
}

/** Asterisk's error bodies → status (the client drops the status; the bodies say enough). */
function statusOf(message: string): number | null {
  if (/Authentication required/i.test(message)) return 401;
  if (/not found/i.test(message)) return 404;
  if (/not in Stasis|not in a Stasis/i.test(message)) return 409;
  if (/must be specified|invalid|required/i.test(message)) return 400;
  if (/Allocation failed|Internal/i.test(message)) return 500;
  return null;
}

export function toAriError(op: string, e: unknown): AriError {
  if (e instanceof AriError) return e;
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  let message = raw;
  try {
    const body = JSON.parse(raw) as { message?: string; error?: string };
    message = body.message ?? body.error ?? raw;
  } catch {
    // not JSON: keep the text
  }
  return new AriError(op, statusOf(message), message);
}

export function isAriNotFound(e: unknown): boolean {
  return e instanceof AriError && e.status === 404;
}
