// The warehouse, the metadata store and uploaded extracts hold patient rows: their folders are
// 0700 and their files 0600, readable by the server's own account only, whatever the umask.
import { chmod, mkdir } from 'node:fs/promises';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Creates `dir` (and missing parents) as 0700, and makes it 0700 if it existed. */
export async function privateDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: privateDirMode });
  await chmod(dir, privateDirMode);
}

/** Makes each existing file 0600; missing ones (a WAL not written yet) are skipped. */
export async function privateFiles(...files: string[]): Promise<void> {
  for (const file of files) {
    await chmod(file, privateFileMode).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
