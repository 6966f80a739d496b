/** An HTTP server on a loopback port that only counts the requests it gets: "nothing was asked of the RPC". */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function withCountingServer<T>(
  run: (url: string, requests: () => number) => Promise<T>,
): Promise<T> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => requests);
  } finally {
    server.close();
  }
}
