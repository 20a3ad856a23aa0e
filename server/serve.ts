// Runs the app on a port until SIGINT/SIGTERM, then closes it cleanly.
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';

export const builtWebRoot = fileURLToPath(new URL('../dist/web', import.meta.url));

export async function serve(options: { extractsDir: string; port: number; host: string; out: NodeJS.WritableStream }): Promise<void> {
  const app = await buildApp({ extractsDir: options.extractsDir, webRoot: builtWebRoot });
  const address = await app.listen({ port: options.port, host: options.host });
  options.out.write(`HBI is serving ${address.replace('127.0.0.1', 'localhost')} (extracts: ${options.extractsDir}); Ctrl-C stops it\n`);
  await new Promise<void>((resolveStopped) => {
    const stop = (signal: NodeJS.Signals) => {
      options.out.write(`\n${signal}: stopping …\n`);
      app.close().then(() => resolveStopped(), () => resolveStopped());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
