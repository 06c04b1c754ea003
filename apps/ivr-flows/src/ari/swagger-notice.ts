/**
 * ari-client 2.2.0 bundles swagger-client 2.0.26, which calls `console.log([notice])` on every connect because
 * Asterisk serves swagger 1.1 api-docs: `[ 'This API is using a deprecated version of Swagger!  Please see … ' ]`.
 * `quietSwaggerNotice(connect)` drops exactly that call while the connect is in flight; every other console.log
 * passes through unchanged, and console.log is put back once the last connect settles.
 * (The bridge has the same helper in apps/cti-bridge/src/ari/: apps share code only through packages, and none of
 * them may hold ARI code.)
 */
export const SWAGGER_DEPRECATION_NOTICE =
  'This API is using a deprecated version of Swagger!  Please see http://github.com/wordnik/swagger-core/wiki for more info';

type Log = (...args: unknown[]) => void;

let inFlight = 0;
let restore: (() => void) | null = null;

function isNotice(args: readonly unknown[]): boolean {
  const [only] = args;
  return args.length === 1 && Array.isArray(only) && only.length === 1 && only[0] === SWAGGER_DEPRECATION_NOTICE;
}

function install(): void {
  const original: Log = console.log;
  const quiet: Log = function (this: unknown, ...args: unknown[]) {
    if (inFlight > 0 && isNotice(args)) return;
    original.apply(this, args);
  };
  console.log = quiet;
  // if someone wrapped console.log meanwhile, leave theirs in place: ours passes everything once nothing is in flight
  restore = () => {
    if (console.log === quiet) console.log = original;
  };
}

function release(): void {
  if (--inFlight > 0) return;
  restore?.();
  restore = null;
}

/** Runs ari-client's connect with its swagger deprecation notice kept off the console. */
export function quietSwaggerNotice<T>(connect: () => Promise<T>): Promise<T> {
  if (inFlight++ === 0) install();
  let pending: Promise<T>;
  try {
    pending = connect();
  } catch (e) {
    release();
    throw e;
  }
  return pending.finally(release);
}
