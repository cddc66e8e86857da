// Who the request says it is: apikey, the empty-login API key, or login + psw (spec §2).
import type { Credentials, Params } from './types.ts';

/** The request's credentials, or undefined when it carries none (answered with error 2). */
export function readCredentials(params: Params): Credentials | undefined {
  const apiKey = params.get('apikey');
  if (apiKey) return { kind: 'apiKey', apiKey };
  const login = params.get('login');
  const password = params.get('psw');
  if (!password) return undefined;
  // An empty or absent login makes psw the API key (spec §2, smsc_api.js).
  if (!login) return { kind: 'apiKey', apiKey: password };
  return { kind: 'password', login, password };
}
