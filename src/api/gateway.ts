// What every API script may use: configuration, store, limits, authentication, submission.
import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';
import type { Limits } from '../core/limits.ts';
import type { Authenticator } from '../core/auth.ts';
import type { SubmitDeps } from '../core/submit.ts';
import type { NumberService } from '../core/numbers.ts';

/** The services behind the HTTP API, built once at start (src/server.ts). */
export interface Gateway {
  config: Config;
  store: Store;
  limits: Limits;
  auth: Authenticator;
  /** Number facts for operator lookups (info.php); sending reads them through `submit`. */
  numbers: NumberService;
  submit: SubmitDeps;
  now: () => number;
}
