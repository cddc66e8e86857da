// The one catalog of SMSC API errors: code and text per name, and the error envelope in each fmt (spec §1.1, §3.3).
import { idValue, jsonObject, xmlElement, type Field } from './format.ts';
import type { Fmt, SmscError, SmscErrorName } from './types.ts';

/** Code and text of each error; texts are the ones seen on the wire (docs/compatibility.md). */
export const SMSC_ERRORS: Record<SmscErrorName, { code: number; text: string }> = {
  parameters: { code: 1, text: 'parameters error' },
  authorise: { code: 2, text: 'authorise error' },
  noMoney: { code: 3, text: 'no money' },
  recordNotFound: { code: 3, text: 'record not found' },
  operatorNotFound: { code: 3, text: 'operator not found' },
  ipBlocked: { code: 4, text: 'ip is blocked' },
  invalidTime: { code: 5, text: 'invalid time format' },
  deleteError: { code: 5, text: 'delete error' },
  messageDenied: { code: 6, text: 'message is denied' },
  invalidNumber: { code: 7, text: 'invalid number' },
  cannotDeliver: { code: 8, text: "can't to deliver" },
  duplicateRequest: { code: 9, text: 'duplicate request, wait a minute' },
  tooManyRequests: { code: 9, text: 'too many requests' },
  tooManyConcurrent: { code: 9, text: 'too many concurrent requests' },
};

/** Renders an error in `fmt`; send errors 3, 6, 7, 8 carry the allocated message id. */
export function renderError(error: SmscError, fmt: Fmt): string {
  const { code, text } = SMSC_ERRORS[error.error];
  const id = error.id;
  switch (fmt) {
    case 0:
      return `ERROR = ${code} (${text})${id === undefined ? '' : `, ID - ${id}`}`;
    case 1:
      return `${id ?? 0},-${code}`;
    case 2:
    case 3: {
      const fields: Field[] = [
        ['error', text],
        ['error_code', code],
      ];
      if (id !== undefined) fields.push(['id', idValue(id)]);
      return fmt === 2 ? xmlElement('result', fields) : jsonObject(fields);
    }
  }
}
