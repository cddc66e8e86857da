// Raw TCP and HTTPS clients for the security tests: bytes written by hand, and what came back before the close.
import { connect, type Socket } from 'node:net';
import { request } from 'node:https';
import type { TestContext } from 'node:test';

/** A raw connection to a test server, with everything it has received so far and whether it has closed. */
export interface RawConnection {
  socket: Socket;
  received(): string;
  closed(): boolean;
}

/** Opens a TCP connection to `url`'s host and port (destroyed after the test), collecting what it receives. */
export async function openRaw(t: TestContext, url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  t.after(() => socket.destroy());
  let text = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('close', () => (isClosed = true));
  // A reset by the server is one way of being cut off; the test looks at closed(), not at the error.
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => text, closed: () => isClosed };
}

/** A GET over HTTPS trusting only `ca`; rejects when the server's certificate does not check out against it. */
export function httpsGet(url: string, ca: Buffer | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // No agent: no pooled connection outlives the request to keep the server from closing.
    const req = request(url, { ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
