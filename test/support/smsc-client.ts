// One SMSC client for the end-to-end tests: encodes parameters in a charset, sends GET or POST, returns raw bytes.
import iconv from 'iconv-lite';

export type Charset = 'windows-1251' | 'utf-8' | 'koi8-r';
export type Encoding = 'get' | 'urlencoded' | 'multipart';

export interface SmscAnswer {
  status: number;
  contentType: string;
  /** The body's bytes, exactly as sent. */
  bytes: Buffer;
  /** The body decoded from `charset`. */
  text: string;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Percent-encodes every byte of `value` in `charset`, as an SMSC client library does. */
export function percentEncode(value: string, charset: Charset): string {
  const bytes = charset === 'utf-8' ? Buffer.from(value, 'utf8') : iconv.encode(value, charset);
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `a=1&b=…` with values encoded in `charset`. */
export function encodeQuery(params: Record<string, string | number>, charset: Charset): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${percentEncode(String(value), charset)}`)
    .join('&');
}

function multipartBody(params: Record<string, string | number>, charset: Charset, boundary: string): Buffer {
  const parts = Object.entries(params).map(([name, value]) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
      charset === 'utf-8' ? Buffer.from(String(value), 'utf8') : iconv.encode(String(value), charset),
      Buffer.from('\r\n'),
    ]),
  );
  return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}

/** Calls `path` on `baseUrl` with `params` sent as a query string, an urlencoded body or a multipart body. */
export async function callSmsc(
  baseUrl: string,
  path: string,
  params: Record<string, string | number>,
  options: { charset?: Charset; encoding?: Encoding } = {},
): Promise<SmscAnswer> {
  const charset = options.charset ?? 'windows-1251';
  const all = charset === 'windows-1251' ? params : { ...params, charset };
  let response: Response;
  switch (options.encoding ?? 'get') {
    case 'get':
      response = await fetch(`${baseUrl}${path}?${encodeQuery(all, charset)}`);
      break;
    case 'urlencoded':
      response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeQuery(all, charset),
      });
      break;
    case 'multipart': {
      const boundary = 'opensmsc-test-boundary';
      response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: new Uint8Array(multipartBody(all, charset, boundary)),
      });
      break;
    }
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    bytes,
    text: charset === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, charset),
  };
}
