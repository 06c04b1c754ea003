/**
 * The desk's one API client. The token comes from the auth store (through a late-bound getter so this module has
 * no store imports); a 401 anywhere signs the desk out.
 */
import { createApiClient } from './http.client.js';

let tokenGetter: () => string | null = () => null;
let unauthorizedHandler: () => void = () => {};

export const api = createApiClient({
  getToken: () => tokenGetter(),
  onUnauthorized: () => unauthorizedHandler(),
});

export function bindApiAuth(getToken: () => string | null, onUnauthorized: () => void): void {
  tokenGetter = getToken;
  unauthorizedHandler = onUnauthorized;
}

export { ApiError, type ClientErrorCode } from './http.client.js';
