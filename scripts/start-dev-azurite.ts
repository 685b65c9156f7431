import { join } from 'node:path';
import { startAzurite, type AzuriteInstance } from './azurite';
import { assertPortFree, portSetting } from './ports';

/** The settings that move the development Azurite off its usual ports. */
export const AZURITE_PORT_SETTINGS = [
  { setting: 'ROSTER_AZURITE_BLOB_PORT', fallback: 10000 },
  { setting: 'ROSTER_AZURITE_QUEUE_PORT', fallback: 10001 },
  { setting: 'ROSTER_AZURITE_TABLE_PORT', fallback: 10002 },
] as const;

export interface DevAzuritePorts {
  blobPort: number;
  queuePort: number;
  tablePort: number;
}

/** Reads the port settings and checks each port is free; throws one-line errors. */
export async function checkDevAzuritePorts(env: NodeJS.ProcessEnv = process.env): Promise<DevAzuritePorts> {
  const ports = AZURITE_PORT_SETTINGS.map(({ setting, fallback }) => ({ setting, port: portSetting(setting, fallback, env) }));
  for (const { setting, port } of ports) await assertPortFree(port, setting);
  const [blobPort, queuePort, tablePort] = ports.map((p) => p.port);
  return { blobPort, queuePort, tablePort };
}

/**
 * The development Azurite of `npm start` and `npm run start:func`: blob, queue and table on
 * fixed ports, data under `<repo>/.azurite/` so a restart keeps the directory.
 */
export function startDevAzurite(repoRoot: string, ports: DevAzuritePorts): Promise<AzuriteInstance> {
  return startAzurite({ ...ports, location: join(repoRoot, '.azurite'), silent: true });
}
