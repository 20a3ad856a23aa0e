// The browser tests' server: a small generated hospital (server/testing/hospital-server.ts) on a
// real port, serving the web app built for the test into a folder of its own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHospitalServer, type HospitalServer, type HospitalServerOptions } from '../../server/testing/hospital-server.ts';
import { buildWebApp } from './chromium.ts';

export interface HospitalWeb {
  server: HospitalServer;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Stops the server and removes the built app and the hospital's files. */
  close(): Promise<void>;
}

export async function serveHospitalWeb(name: string, options: Omit<HospitalServerOptions, 'webRoot'> = {}): Promise<HospitalWeb> {
  const workDir = await mkdtemp(join(tmpdir(), `hbi-${name}-`));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  try {
    const webRoot = join(workDir, 'web');
    await buildWebApp(webRoot);
    const server = await startHospitalServer({ ...options, webRoot });
    const baseUrl = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    return {
      server, baseUrl,
      async close() {
        await server.close();
        await removeWorkDir();
      },
    };
  } catch (error) {
    await removeWorkDir();
    throw error;
  }
}
