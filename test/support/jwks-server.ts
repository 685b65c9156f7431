import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/** An RS256 signing key as Entra would hold it: the private half signs, the public half is published. */
export interface RsaSigner {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function newRsaSigner(kid: string): Promise<RsaSigner> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

/** Signs `payload` RS256 with the signer's key and kid; `exp` is seconds since the epoch. */
export function signRs256(signer: RsaSigner, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: signer.kid, typ: 'JWT' }).sign(signer.privateKey);
}

export interface JwksServer {
  /** e.g. http://127.0.0.1:PORT/keys */
  url: string;
  port: number;
  /** How many times /keys was fetched. */
  hits(): number;
  close(): Promise<void>;
}

/** Serves `{"keys":[...]}` at /keys on a loopback port; anything else is 404. */
export async function startJwksServer(keys: readonly JWK[]): Promise<JwksServer> {
  let hits = 0;
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/keys') {
      hits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/keys`,
    port,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
