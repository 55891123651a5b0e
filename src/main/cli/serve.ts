import { openDatabase } from '../core/db/open';
import type { Db } from '../core/db/sql';
import { startHttpServer } from '../core/http/server';
import { CupsPrinter } from '../core/printing/cups';
import type { Services } from '../core/services';
import { createServices } from '../core/services';
import { ProcessSyncHost } from '../core/sync/runner';

/**
 * `lanyard serve --sync`: a station over HTTP that also runs its sync in this process, as the app does, so its screens
 * can make this laptop the hub or join one. Joining swaps the database under the server: the old services close, the
 * joined file takes the old one's place, and new services open on it (every session ends; the hub's operators sign in).
 */
export async function serveWithSync({ dbFile, port, staticDir, server: cups }: { dbFile: string; port: number; staticDir?: string | undefined; server?: string | undefined }): Promise<void> {
  const log = (text: string) => process.stderr.write(`lanyard serve: ${text}\n`);
  let db: Db = openDatabase(dbFile);
  let current: Services;
  const host: ProcessSyncHost = new ProcessSyncHost({
    dbFile,
    open: (file) => openDatabase(file),
    log,
    thread: {},
    switchTo: async (swap) => {
      await current.close();
      db.close();
      swap();
      db = openDatabase(dbFile);
      current = make();
      await host.restart().catch((e: unknown) => log((e as Error).message));
    },
  });
  const make = () => createServices({ db, printer: new CupsPrinter(cups ? { server: cups } : {}), syncHost: host });
  current = make();
  // The server keeps one object; each request reaches the services of the file open now.
  const services = new Proxy({} as Services, { get: (_target, key) => current[key as keyof Services] });
  const http = await startHttpServer({ services, port, ...(staticDir ? { staticDir } : {}) });
  await host.restart().catch((e: unknown) => log((e as Error).message));
  process.stdout.write(`${JSON.stringify({ url: http.url, pid: process.pid, sync: host.running() }, null, 2)}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await host.stop();
  await http.close();
  await current.close();
  db.close();
}
